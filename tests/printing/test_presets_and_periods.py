"""Issue 17, points 13 and 14: the bodies after the 2025 reorganisation, picked at setup
and changed later (command line and window); the 2026-2030 period: Party numbers per
term, the review of any period (sơ kết, tổng kết), the period's guideline and new
periods as data, and a demo that shows them."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from app.cli.main import main
from app.context import AppContext
from app.errors import ValidationError
from app.printing import presets
from tests.printing import pdfcheck

EXPECTED = {  # preset -> (heading lines, number of the first decision, signer)
    "dang_uy": (["ĐẢNGBỘTỈNHNINHBÌNH", "ĐẢNGỦYPHƯỜNGYÊNTHẮNG", "*"], "Số 01-QĐ/ĐU",
                "T/M BAN THƯỜNG VỤ BÍ THƯ"),
    "mttq": (["ỦYBANMTTQVIỆTNAM", "PHƯỜNGYÊNTHẮNG", "BANTHƯỜNGTRỰC"], "Số: 01/QĐ-MTTQ-BTT",
             "TM. BAN THƯỜNG TRỰC CHỦ TỊCH"),
    "ubnd": (["ỦYBANNHÂNDÂN", "PHƯỜNGYÊNTHẮNG"], "Số: 01/QĐ-UBND",
             "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH"),
    "bcd": (["ĐẢNGỦYPHƯỜNGYÊNTHẮNG", "BANCHỈĐẠOPHONGTRÀOTHIĐUA", "“DÂNVẬNKHÉO”", "*"],
            "Số 01-QĐ/BCĐ", "T/M BAN CHỈ ĐẠO TRƯỞNG BAN"),
}


@pytest.mark.parametrize("code", list(EXPECTED))
def test_each_commune_preset_heads_numbers_and_signs_its_papers(ctx, code):
    from tests.recognition.helpers import recognised_model

    ctx.printing.set_preset(code)
    model = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    decision = ctx.decisions.draft(ctx.registrations.get(model).year)
    ctx.decisions.issue(decision)
    data = ctx.printing.render(ctx.recognition_papers.decision_document(decision))
    heading, number, signer = EXPECTED[code]
    lines = pdfcheck.lines(data)
    assert lines[:len(heading)] == heading, lines[:5]
    text = pdfcheck.text(data)
    assert number in text and signer in text


def test_the_province_and_a_special_zone(tmp_path):
    with AppContext.open(tmp_path / "tinh.sqlite") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code="37")
        assert ctx.printing.suggested_preset() == "btgdv_tinh"
        ctx.printing.set_preset("btgdv_tinh")
        office = ctx.printing.office()
        assert (office.superior, office.body) == ("Tỉnh ủy Ninh Bình",
                                                   "Ban Tuyên giáo và Dân vận")
        assert office.authority == "Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình"
        assert (office.signer.on_behalf, office.signer.title) == ("", "TRƯỞNG BAN")
        assert ctx.numbering.next_preview("decision") == "01-QĐ/BTGDVTU"
        assert office.report_to == "Ban Tuyên giáo và Dân vận Trung ương"
        with pytest.raises(ValidationError):
            ctx.printing.set_preset("dang_uy")  # a commune's body
    special = next(u for u in json.loads(
        __import__("app.paths", fromlist=["resource"]).resource("units-2025.json")
        .read_text(encoding="utf-8")) if u.get("type") == "dac_khu")
    with AppContext.open(tmp_path / "dk.sqlite") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=special["code"])
        assert ctx.printing.suggested_preset() == "btgdv_dac_khu"
        ctx.printing.set_preset("btgdv_dac_khu")
        assert ctx.printing.office().body == "Ban Tuyên giáo và Dân vận"
        assert ctx.printing.office().superior.startswith("Đảng ủy đặc khu")


def test_changing_the_preset_starts_new_books_and_keeps_the_old_numbers(ctx):
    from tests.recognition.helpers import recognised_model

    model = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    decision = ctx.decisions.draft(ctx.registrations.get(model).year)
    assert ctx.decisions.issue(decision) == "01-QĐ/BCĐ"
    ctx.printing.set_preset("dang_uy")
    assert ctx.numbering.next_preview("decision") == "01-QĐ/ĐU"  # a new body, from 01
    old = [b for b in ctx.numbering.books() if b.kind == "decision" and not b.active]
    assert old and old[0].last == 1


def test_setup_and_print_set_choose_the_preset(db_path):
    db = ["--db", str(db_path)]
    assert main([*db, "setup", "--unit", "14725", "--profile", "hai-cap", "--preset",
                 "suggested"]) == 0
    with AppContext.open(db_path) as ctx:
        assert ctx.printing.preset().code == "dang_uy"
    assert main([*db, "print", "set", "print.preset", "ubnd"]) == 0
    assert main([*db, "print", "presets", "--json"]) == 0
    with AppContext.open(db_path) as ctx:
        assert ctx.printing.preset().code == "ubnd" and ctx.printing.system() == "state"
    assert main([*db, "print", "set", "print.preset", "btgdv_tinh"]) == 1


def test_the_setup_window_picks_the_suggested_preset(qtbot, db_path):
    from ui.screens.setup_dialog import SetupDialog

    with AppContext.open(db_path) as ctx:
        dialog = SetupDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.province.set_value("37")
        dialog.commune.set_value("14725")
        assert dialog.preset.currentData() == "dang_uy"
        codes = [dialog.preset.itemData(i) for i in range(dialog.preset.count())]
        assert "btgdv_tinh" not in codes and "ubnd" in codes and "mttq" in codes
        dialog.preset.setCurrentIndex(dialog.preset.findData("mttq"))
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert ctx.printing.preset().code == "mttq"


def test_the_print_settings_window_changes_the_preset(qtbot, ctx):
    from ui.screens.print_settings_dialog import PrintSettingsDialog

    dialog = PrintSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.preset.setCurrentIndex(dialog.preset.findData("ubnd"))
    assert dialog.system.currentData() == "state"
    assert dialog.fields["print.body"].placeholderText() == "Ủy ban nhân dân\nphường Yên Thắng"
    assert dialog.fields["print.superior"].placeholderText() == "(không có)"
    assert dialog.save()
    assert ctx.printing.preset().code == "ubnd" and ctx.printing.office().superior == ""
    dialog.preset.setCurrentIndex(dialog.preset.findData("bcd"))
    dialog.no_superior.setChecked(True)
    assert dialog.save()
    assert ctx.printing.office().superior == "" and ctx.printing.system() == "party"
    assert ctx.printing.settings()["print.superior"] == ""
    dialog.no_superior.setChecked(False)
    assert dialog.save()
    assert ctx.printing.office().superior == "Đảng ủy phường Yên Thắng"


# -- point 14 ---------------------------------------------------------------------------------
def test_party_numbers_run_per_term_2025_2030(ctx):
    ctx.numbering.ensure_books()
    book = ctx.numbering.book("decision")
    assert (book.scope, book.term) == ("term", "2025-2030")


def test_a_period_after_2030_and_its_guideline(ctx, db_path):
    db = ["--db", str(db_path)]
    assert main([*db, "calendar", "period-add", "--from", "2031", "--to", "2035",
                 "--registration", "31/10", "--proposal", "1/10", "--recognition",
                 "15/10"]) == 1  # registration after the proposals
    assert main([*db, "calendar", "period-add", "--from", "2031", "--to", "2035",
                 "--registration", "30/3", "--proposal", "1/10", "--recognition",
                 "15/10"]) == 0
    assert main([*db, "calendar", "period-add", "--from", "2030", "--to", "2032",
                 "--registration", "30/3", "--proposal", "1/10", "--recognition",
                 "15/10"]) == 1  # overlaps
    assert [y.year for y in ctx.calendar.years()][-1] == 2035
    assert main([*db, "calendar", "guideline", "2033", "Hướng dẫn số 09-HD/BTGDVTU ngày "
                 "05/11/2030 của Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình"]) == 0
    period = {p.code: p for p in ctx.calendar.periods()}["2031-2035"]
    assert period.guideline.startswith("Hướng dẫn số 09-HD/BTGDVTU")
    assert ctx.recognition.period_years(2033) == list(range(2031, 2036))


def test_the_review_of_a_period_prints_as_so_ket_or_tong_ket(ctx, db_path, tmp_path):
    from tests.recognition.helpers import recognised_model

    model = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    year = ctx.registrations.get(model).year
    out = tmp_path / "so-ket.pdf"
    assert main(["--db", str(db_path), "print", "report", "--year", str(year), "--period",
                 "--out", str(out)]) == 0
    text = pdfcheck.text(out.read_bytes())
    assert "Sơ kết phong trào thi đua “Dân vận khéo” giai đoạn 2026 - 2030" in text
    assert f"Từ năm 2026 đến năm {year}" in text and "KẾT QUẢ TỪNG NĂM" in text
    doc = ctx.recognition_papers.report_document(2025, period=True)
    assert doc.subject.startswith("Tổng kết") and "2021 - 2025" in doc.subject
    first = ctx.recognition_papers.report_data([2026], period=True)  # its first year
    assert first.period == "2026 - 2030" and not first.final and first.per_year[0][0] == 2026
    doc = ctx.recognition_papers.report_document(2026, period=True)
    assert doc.subject.startswith("Sơ kết")
    overview = doc.sections[0].paragraphs[0]
    assert overview.startswith("Năm 2026, toàn") and "đến năm 2026" not in overview


def test_the_review_window_prints_the_period_with_its_number(qtbot, ctx, monkeypatch):
    from tests.recognition.helpers import recognised_model
    from ui.screens import print_preview
    from ui.screens.review_screen import ReviewScreen

    recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    shown = []
    monkeypatch.setattr(print_preview.PrintPreviewDialog, "show",
                        lambda dialog: shown.append(dialog))
    monkeypatch.setattr("ui.messages.confirm", lambda *args: True)
    screen = ReviewScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.period.setChecked(True)
    qtbot.mouseClick(screen.take_button, Qt.MouseButton.LeftButton)
    assert screen.number.text() == "01-BC/BCĐ"
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    text = pdfcheck.text(shown[-1].pdf)
    assert "Số 01-BC/BCĐ" in text and "Sơ kết phong trào" in text
    assert "Kính gửi: Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình" in text
    shown[-1].close()


def test_the_demo_shows_the_new_period_and_the_bodies_of_2026(demo_network):
    network = json.loads((demo_network / "network.json").read_text(encoding="utf-8"))
    seen = {}
    for office in network["offices"]:
        with AppContext.open(demo_network / office["db"]) as ctx:
            seen[office["code"]] = ctx.printing.preset().code
            periods = {p.code: p.guideline for p in ctx.calendar.periods()}
            assert periods["2026-2030"] and periods["2021-2025"]
            own = [d for d in ctx.decisions.listing(state="ban_hanh", year=2026)
                   if d.origin == ctx.office_code]
            if own:
                doc = ctx.recognition_papers.decision_document(own[0].id)
                assert any("giai đoạn 2026 - 2030" in b for b in doc.bases)
    assert seen["37"] == "btgdv_tinh"
    assert {"dang_uy", "ubnd"} <= set(seen.values())
    assert set(seen.values()) <= set(presets.presets())
