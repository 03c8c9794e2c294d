"""Issue 15, point 9 (output side) on the command line: text stored before it was
cleaned (or written by another tool) never sends a terminal an escape sequence, a
control character or a mark that reorders the line; --json keeps every character,
escaped."""

from __future__ import annotations

import json

from app.cli.main import main
from tests.helpers import collective

HOSTILE = ("Mô hình\x1b[2J\x1b]0;bi-chiem\x07 của \u202eđảo\u202c\x9b31m"
           "\rĐÈ LÊN DÒNG\x00 cuối")
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u202c", "\x00", "\r")


def _stored(ctx, db_path) -> str:
    registration_id = ctx.registrations.save(collective(ctx, "Tên tạm"))
    # as a data file written before cleaning existed, or by another tool
    ctx.db.execute("UPDATE registrations SET name = ?, withdraw_reason = ? WHERE id = ?",
                   [HOSTILE, HOSTILE, registration_id])
    ctx.db.conn.commit()
    ctx.close()
    return registration_id


def test_models_show_and_list_print_no_escape_sequence(ctx, db_path, capsys):
    registration_id = _stored(ctx, db_path)
    for argv in (["models", "show", registration_id[:8]], ["models", "list"],
                 ["recognition", "history", registration_id[:8]]):
        assert main(["--db", str(db_path), *argv]) == 0
        out = capsys.readouterr()
        text = out.out + out.err
        assert not any(ch in text for ch in RAW), (argv, repr(text))
        if argv[1] != "history":
            assert "Mô hình[2J]0;bi-chiem của đảo31m" in text.replace("\n", "")


def test_json_keeps_every_character_escaped(ctx, db_path, capsys):
    registration_id = _stored(ctx, db_path)
    assert main(["--db", str(db_path), "models", "show", registration_id, "--json"]) == 0
    raw = capsys.readouterr().out
    assert not any(ch in raw for ch in RAW)
    assert json.loads(raw)["name"] == HOSTILE  # a script reads exactly what is stored


def test_an_error_naming_stored_text_is_cleaned_too(ctx, db_path, capsys):
    _stored(ctx, db_path)
    assert main(["--db", str(db_path), "models", "show", "\x1b[2Jkhong-co"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "khong-co" in err
