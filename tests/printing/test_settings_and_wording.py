"""Office print settings and the wording templates: data an administrator changes
without code, checked before they are stored."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.cli.main import main
from app.errors import DvkError, ValidationError
from app.printing import templates
from app.printing.model import STATE
from tests.printing import pdfcheck


def test_defaults_come_from_the_unit_tree(ctx):
    office = ctx.printing.office()
    assert office.system == "party"
    assert office.superior == "Đảng ủy phường Yên Thắng"
    assert "Ban Chỉ đạo phong trào thi đua" in office.body
    assert office.authority == "Ban Chỉ đạo phong trào thi đua “Dân vận khéo” phường Yên Thắng"
    assert office.place == "Yên Thắng"
    assert (office.signer.on_behalf, office.signer.title, office.signer.name) == \
        ("T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN", "")
    assert office.emblem is None and office.level == "xa"


def test_state_defaults_and_overrides(ctx):
    ctx.printing.set_setting("print.system", STATE)
    office = ctx.printing.office()
    # A People's Committee is headed by its own name only (Decree 30/2020): no body
    # above it, so the province's committee is not printed over the commune's.
    assert office.superior == ""
    assert office.body == "Ủy ban nhân dân\nphường Yên Thắng"
    assert office.signer.on_behalf == "TM. ỦY BAN NHÂN DÂN"
    ctx.printing.set_setting("print.signer_name", "  Phạm   Văn Đức ")
    ctx.printing.set_setting("print.body", "Ủy ban nhân dân\nphường Yên Thắng mới")
    office = ctx.printing.office()
    assert office.signer.name == "Phạm Văn Đức"
    assert office.body.endswith("mới")
    ctx.printing.set_setting("print.signer_name", "")
    assert ctx.printing.office().signer.name == ""


def test_bad_settings_are_refused(ctx):
    with pytest.raises(ValidationError):
        ctx.printing.set_setting("print.system", "monarchy")
    with pytest.raises(ValidationError):
        ctx.printing.set_setting("print.colour", "red")
    with pytest.raises(ValidationError):
        ctx.printing.set_setting("print.signer_name", "x" * 400)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (180, 0, 0)).save(out, "PNG")
    return out.getvalue()


def test_emblem_is_copied_into_the_data_file(ctx, tmp_path):
    path = tmp_path / "huy-hieu.png"
    path.write_bytes(_png())
    ctx.printing.set_emblem(path)
    path.unlink()  # the original may vanish: the copy is in the data file
    assert ctx.printing.office().emblem == _png()
    assert ctx.printing.settings()["print.emblem"].startswith("blob:")


def test_emblem_problems_are_explained(ctx, tmp_path):
    with pytest.raises(DvkError, match="không tồn tại|does not exist"):
        ctx.printing.set_emblem(tmp_path / "missing.png")
    (tmp_path / "fake.png").write_bytes(b"no image")
    with pytest.raises(DvkError, match="fake.png"):
        ctx.printing.set_emblem(tmp_path / "fake.png")
    with pytest.raises(DvkError):
        ctx.printing.set_emblem(tmp_path / "logo.gif")
    # A path setting (as an older office may hold) whose file is gone: a clear error.
    with ctx.transaction():
        from app.repositories import settings as settings_repo

        settings_repo.put(ctx.db, "print.emblem", str(tmp_path / "gone.png"))
    with pytest.raises(DvkError, match="gone.png"):
        ctx.printing.office()


def test_wording_overrides_change_the_paper(ctx, frozen_today):
    from tests.helpers import collective

    registration_id = ctx.registrations.save(collective(ctx))
    ctx.printing.set_wording("registration", "title_mo_hinh",
                             "PHIẾU ĐĂNG KÝ MÔ HÌNH DÂN VẬN KHÉO")
    ctx.printing.set_wording("registration", "subtitle", "Năm thi đua {year}")
    text = pdfcheck.text(ctx.printing.render(ctx.printing.registration_document(
        registration_id)))
    assert "PHIẾU ĐĂNG KÝ MÔ HÌNH DÂN VẬN KHÉO" in text
    assert "Năm thi đua 2026" in text
    ctx.printing.reset_wording("registration", "subtitle")
    assert ctx.printing.wording("registration")["subtitle"] == "Năm {year}"
    ctx.printing.reset_wording("registration")
    assert ctx.printing.wording("registration") == templates.defaults("registration")


def test_official_wording_reaches_the_renderer(ctx):
    ctx.printing.set_wording("official", "recipients_label", "Nơi gửi:")
    data = ctx.printing.render(ctx.printing.sample_document("decision"))
    assert "Nơi gửi:" in pdfcheck.text(data)


def test_bad_wording_is_refused_before_it_is_stored(ctx):
    with pytest.raises(ValidationError, match="{colour}"):
        ctx.printing.set_wording("certificate", "title", "GIẤY {colour}")
    with pytest.raises(ValidationError):
        ctx.printing.set_wording("certificate", "title", "GIẤY {")
    with pytest.raises(ValidationError):
        ctx.printing.set_wording("certificate", "no_such_key", "x")
    with pytest.raises(ValidationError):
        ctx.printing.set_wording("decision", "articles", "not a list")
    with pytest.raises(DvkError):
        ctx.printing.wording("poster")
    assert ctx.printing.wording("certificate") == templates.defaults("certificate")


def test_stale_overrides_are_ignored():
    merged = templates.merged("certificate", {"title": "GIẤY KHEN", "gone": "x",
                                              "reference": ["wrong", "shape"]})
    assert merged["title"] == "GIẤY KHEN" and "gone" not in merged
    assert merged["reference"] == templates.defaults("certificate")["reference"]
    assert templates.fill("{a} và {b}", a="A") == "A và {b}"


def test_every_shipped_wording_uses_only_offered_placeholders():
    for kind in templates.KINDS:
        for key, value in templates.defaults(kind).items():
            templates.check_value(kind, key, value)


def test_command_line_settings_and_wording(ctx, db_path, tmp_path, capsys):
    db = ["--db", str(db_path)]
    assert main([*db, "print", "set", "print.signer_name", "Nguyễn Thị Hương"]) == 0
    assert main([*db, "print", "settings"]) == 0
    out = capsys.readouterr().out
    assert "Nguyễn Thị Hương" in out and "Đảng ủy phường Yên Thắng" in out
    assert main([*db, "print", "set", "print.system", "kingdom"]) == 1
    assert main([*db, "print", "wording", "set", "certificate", "title", "GIẤY KHEN"]) == 0
    assert main([*db, "print", "wording", "set", "decision", "recipients", "--lines",
                 '["Như Điều 3;", "Lưu VT."]']) == 0
    assert main([*db, "print", "wording", "show", "decision", "--json"]) == 0
    assert '"Lưu VT."' in capsys.readouterr().out
    assert main([*db, "print", "wording", "reset", "certificate"]) == 0
    png = tmp_path / "e.png"
    png.write_bytes(_png())
    assert main([*db, "print", "emblem", str(png)]) == 0
    assert main([*db, "print", "emblem", "--clear"]) == 0
    out = tmp_path / "sample.pdf"
    assert main([*db, "print", "sample", "certificate", "--out", str(out)]) == 0
    assert "GIẤY CÔNG NHẬN" in pdfcheck.text(out.read_bytes())
