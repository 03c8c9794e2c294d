"""The command line of recognition: JSON shape of decisions, steps, proposals,
numbering, printing; bad input gets a Vietnamese message and exit code 1."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from app.cli.main import main
from tests.recognition.helpers import approved_model, recognised_model


@pytest.fixture
def dvk(ctx, db_path, capsys):
    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_from_recognition_to_printed_certificates(dvk, ctx, tmp_path):
    top = approved_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    other = approved_model(ctx, "Camera an ninh khu phố", top=False)
    year = str(ctx.registrations.get(top).year)
    code, _out, err = dvk("recognition", "refuse", other[:8], "--reason", "")
    assert code == 1 and "lý do" in err
    assert dvk("recognition", "recognise", top[:8])[0] == 0
    assert dvk("recognition", "recognise", other[:8], "--note", "Đạt")[0] == 0
    code, out, _err = dvk("recognition", "status", "--year", year, "--json")
    states = {m["id"]: m["stage"] for m in json.loads(out)}
    assert states == {top: "recognised", other: "recognised"}
    assert dvk("decisions", "draft", "--year", year)[0] == 0
    code, out, _err = dvk("decisions", "list", "--json")
    draft = json.loads(out)[0]
    assert draft["state"] == "nhap" and draft["number"] == ""
    code, out, err = dvk("decisions", "issue", draft["id"][:8])
    assert code == 1 and "--allow-blanks" in err  # no signer's name, no guideline yet
    code, out, _err = dvk("decisions", "issue", draft["id"][:8], "--allow-blanks")
    assert code == 0 and "01-QĐ/BCĐ" in out
    code, out, _err = dvk("decisions", "show", "Số 01-QĐ/BCĐ", "--json")
    decision = json.loads(out)
    assert decision["number"] == "01-QĐ/BCĐ" and decision["date"] and decision["level"] == "xa"
    assert decision["issuer"].startswith("Ban Chỉ đạo") and set(decision["models"]) == {top, other}
    code, _out, err = dvk("decisions", "add", "01-QĐ/BCĐ", top[:8])
    assert code == 1 and "không thể thay đổi" in err
    code, out, _err = dvk("proposals", "create", "--year", year, "--model", top[:8],
                          "--model", other[:8])
    assert code == 1
    code, out, _err = dvk("proposals", "create", "--year", year, "--model", top[:8],
                          "--model", other[:8], "--reason", "Sáng tạo")
    assert code == 0
    code, out, _err = dvk("proposals", "list", "--json")
    proposal = json.loads(out)[0]
    # the keys the list has always written, in the same order (the proposal is typed
    # inside, issue 21 point 3)
    assert list(proposal) == ["id", "year", "from_level", "to_level", "office_code",
                              "addressee_code", "addressee", "number", "state", "sent_on",
                              "note", "origin", "version", "created_at", "models",
                              "office_name"]
    assert proposal["state"] == "nhap" and proposal["models"] == 2
    assert dvk("proposals", "send", proposal["id"][:8])[0] == 0
    for kind, key, value in (("decision", "--decision", "01-QĐ/BCĐ"),
                             ("certificates", "--decision", "01-QĐ/BCĐ"),
                             ("proposal", "--proposal", "01-TTr/BCĐ"),
                             ("report", "--year", year)):
        out_file = tmp_path / f"{kind}.pdf"
        code, _out, err = dvk("print", kind, key, value, "--out", str(out_file))
        assert code == 0, err
        text = _text(out_file)
        if kind in ("decision", "certificates"):
            assert "01-QĐ/BCĐ" in text and "Tuyến đường hoa" in text
        if kind == "certificates":
            assert len(PdfReader(str(out_file)).pages) == 2 and "02/GCN" in text
        if kind == "proposal":
            assert "Camera an ninh khu phố" in text
    code, out, _err = dvk("recognition", "due", "--year", year, "--json")
    assert json.loads(out)["counts"]["to_issue"] == 0
    code, out, _err = dvk("numbering", "list", "--json")
    assert {b["kind"]: b["next"] for b in json.loads(out)}["decision"] == "02-QĐ/BCĐ"
    assert dvk("recognition", "history", top[:8])[0] == 0
    code, out, _err = dvk("recognition", "review", "--period", year, "--json")
    assert json.loads(out)["totals"]["recognised"] == 2


def test_bad_input_is_refused_with_clear_messages(dvk, ctx):
    model = approved_model(ctx, "Mô hình A")
    code, _out, err = dvk("decisions", "draft")
    assert code == 1 and "công nhận mô hình trước" in err
    code, _out, err = dvk("decisions", "show", "07-QĐ/BCĐ")
    assert code == 1 and "07-QĐ/BCĐ" in err
    code, _out, err = dvk("numbering", "set", "decision", "--pattern", "QĐ")
    assert code == 1 and "{n" in err
    code, _out, err = dvk("print", "decision", "--decision", "01-QĐ/BCĐ", "--out", "x.pdf")
    assert code == 1
    assert dvk("recognition", "status", "--json")[0] == 0
    code, _out, err = dvk("recognition", "return", model[:8], "--reason", "Xem lại")
    assert code == 1 and "chưa được xét" in err



def test_the_numbering_books_json_keeps_its_keys(dvk, ctx):
    """`dvk numbering list --json` and `entries --json` write what they wrote when the
    service handed out rows (issue 21, point 3): the rows of numbering_books and
    numbering_entries, key by key, with the last number, the labels and the next."""
    from app import clock
    from app.domain.recognition import scope_key
    from app.i18n import _
    from app.repositories import numbering as repo
    from app.services.numbering import KINDS, SCOPES

    model = recognised_model(ctx, "Mô hình A")
    decision = ctx.decisions.draft(ctx.registrations.get(model).year)
    assert ctx.decisions.issue(decision) == "01-QĐ/BCĐ"
    code, out, _err = dvk("numbering", "list", "--json")
    assert code == 0
    listed = json.loads(out)
    rows = repo.books(ctx.db)
    assert len(listed) == len(rows) == len(KINDS)
    assert [b["last"] for b in listed if b["kind"] == "decision"] == [1]
    for book, row in zip(listed, rows, strict=True):
        assert list(book.items()) == [
            ("id", row["id"]), ("kind", row["kind"]), ("name", row["name"]),
            ("pattern", row["pattern"]), ("scope", row["scope"]), ("term", row["term"]),
            ("active", 1), ("created_at", row["created_at"]),
            ("last", repo.last_number(ctx.db, row["id"], scope_key(row["scope"], row["term"],
                                                                     clock.today()))),
            ("kind_label", _(KINDS[row["kind"]])), ("scope_label", _(SCOPES[row["scope"]])),
            ("next", ctx.numbering.next_preview(row["kind"]))]
    code, out, _err = dvk("numbering", "entries", "decision", "--json")
    assert code == 0
    [entry] = json.loads(out)
    assert list(entry.items()) == [
        ("scope_key", "2025-2030"), ("number", 1), ("text", "01-QĐ/BCĐ"),
        ("record_kind", "decision"), ("record_id", decision), ("issued_on", entry["issued_on"]),
        ("actor", entry["actor"])]
    assert entry["issued_on"] == repo.entries(ctx.db, rows[0]["id"])[0]["issued_on"]
