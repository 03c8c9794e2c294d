"""Issue 17, point 12: certificates printed onto pre-printed blanks (in trên phôi): only
the texts, at positions in mm per kind of certificate, on A4 or A3, landscape or
portrait, shifted by the offsets saved for each printer; a calibration page with a
ruler grid; from the command line and from the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.cli.main import main
from app.errors import ValidationError
from app.printing import blanks, samples
from tests.printing import pdfcheck
from tests.printing.pdfcheck import MM

SIZES = {("A4", "landscape"): (841.89, 595.28), ("A4", "portrait"): (595.28, 841.89),
         ("A3", "landscape"): (1190.55, 841.89), ("A3", "portrait"): (841.89, 1190.55)}


def _docs(ctx):
    return ctx.printing.certificate_documents(samples.decision_data())


def _box(layout, name, page_height):
    field = layout.field(name)
    left = (field.x - field.width / 2) * MM
    top = page_height - field.y * MM
    return left, top - field.height * MM, left + field.width * MM, top


@pytest.mark.parametrize(("paper", "orientation"), list(SIZES))
def test_only_the_texts_inside_their_boxes(ctx, paper, orientation):
    docs = _docs(ctx)
    data = ctx.blank_printing.certificates_pdf(docs, paper=paper, orientation=orientation)
    assert pdfcheck.page_sizes(data) == [SIZES[(paper, orientation)]] * len(docs)
    text = pdfcheck.text(data)
    assert "GIẤY CÔNG NHẬN" not in text and "ĐẢNG CỘNG SẢN" not in text  # on the blank
    assert "Tuyến đường hoa, đường cờ Tổ quốc" in text and "Số vào sổ: 01/GCN" in text
    layout = ctx.blank_printing.layout("tap_the", paper, orientation)
    height = SIZES[(paper, orientation)][1]
    left, bottom, right, top = _box(layout, "recipient", height)
    recipient = pdfcheck.find(pdfcheck.chars(data, 0), "Tổ dân phố số 1")
    for c in recipient:
        assert left - 1 <= c.left and c.right <= right + 1
        assert bottom - 1 <= c.bottom and c.top <= top + 1


def test_a_printers_offsets_move_every_text(ctx):
    docs = _docs(ctx)[:1]
    before = pdfcheck.find(pdfcheck.chars(ctx.blank_printing.certificates_pdf(docs), 0),
                           "Tổ dân phố số 1")
    ctx.blank_printing.set_offset("HP LaserJet 1020", 3.5, -2)
    same = pdfcheck.find(pdfcheck.chars(ctx.blank_printing.certificates_pdf(docs), 0),
                         "Tổ dân phố số 1")
    assert same == before  # another printer keeps its own offsets
    moved = pdfcheck.find(pdfcheck.chars(ctx.blank_printing.certificates_pdf(docs, printer="HP LaserJet 1020"), 0), "Tổ dân phố số 1")
    assert moved[0].left - before[0].left == pytest.approx(3.5 * MM, abs=0.2)
    assert moved[0].bottom - before[0].bottom == pytest.approx(2 * MM, abs=0.2)
    with pytest.raises(ValidationError):
        ctx.blank_printing.set_offset("HP LaserJet 1020", 45, 0)


def test_an_office_moves_a_field_and_leaves_one_to_the_blank(ctx):
    ctx.blank_printing.set_field("tap_the", "A4", "landscape", "recipient", y=95, size=24)
    ctx.blank_printing.set_field("tap_the", "A4", "landscape", "authority", print=False)
    layout = ctx.blank_printing.layout("tap_the")
    assert layout.field("recipient").y == 95 and layout.field("recipient").size == 24
    text = pdfcheck.text(ctx.blank_printing.certificates_pdf(_docs(ctx)[:1]))
    assert "BAN CHỈ ĐẠO PHONG TRÀO" not in text
    with pytest.raises(ValidationError):
        ctx.blank_printing.set_field("tap_the", "A4", "landscape", "recipient", y=200)
    ctx.blank_printing.reset("tap_the", "A4", "landscape")
    assert ctx.blank_printing.layout("tap_the").field("recipient").y == 88


def test_a3_grows_with_the_sheet():
    a4 = blanks.layout("ca_nhan", "A4", "portrait").field("recipient")
    a3 = blanks.layout("ca_nhan", "A3", "portrait").field("recipient")
    assert a3.y == pytest.approx(a4.y * blanks.A3_SCALE, abs=0.1)
    assert a3.size == pytest.approx(a4.size * blanks.A3_SCALE, abs=0.1)


def test_the_calibration_page_has_a_ruler_and_the_boxes(ctx):
    ctx.blank_printing.set_offset("", 1.5, 2)
    data = ctx.blank_printing.calibration_pdf("ca_nhan", paper="A4",
                                          orientation="portrait")
    assert pdfcheck.page_sizes(data) == [SIZES[("A4", "portrait")]]
    text = pdfcheck.text(data)
    for part in ("recipient_detail", "signer_name", "qr", "1,5", "150", "280"):
        assert part in text.replace("1.5", "1,5"), part


def test_command_line(ctx, db_path, tmp_path):
    from tests.recognition.helpers import recognised_model

    model = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    decision = ctx.decisions.draft(ctx.registrations.get(model).year)
    number = ctx.decisions.issue(decision)
    db = ["--db", str(db_path)]
    assert main([*db, "print", "offsets", "--printer", "Canon", "--x", "2", "--y",
                 "-1.5"]) == 0
    assert ctx.blank_printing.offset("Canon") == blanks.Offset(2.0, -1.5)
    assert main([*db, "print", "blank-layout", "set", "number_line", "--x", "70",
                 "--paper", "A3"]) == 0
    assert ctx.blank_printing.layout("tap_the", "A3").field("number_line").x == 70
    out = tmp_path / "phoi.pdf"
    assert main([*db, "print", "certificates", "--decision", number, "--blank", "--paper",
                 "A3", "--orientation", "portrait", "--printer", "Canon", "--out",
                 str(out)]) == 0
    assert pdfcheck.page_sizes(out.read_bytes()) == [SIZES[("A3", "portrait")]]
    assert "GIẤY CÔNG NHẬN" not in pdfcheck.text(out.read_bytes())
    # Without --paper and --orientation: the defaults, A4 landscape.
    plain = tmp_path / "phoi-a4.pdf"
    assert main([*db, "print", "certificates", "--decision", number, "--blank", "--out",
                 str(plain)]) == 0
    assert pdfcheck.page_sizes(plain.read_bytes()) == [SIZES[("A4", "landscape")]]
    calibration = tmp_path / "can-chinh.pdf"
    assert main([*db, "print", "calibration", "--printer", "Canon", "--out",
                 str(calibration)]) == 0
    assert "Canon" in pdfcheck.text(calibration.read_bytes())
    assert main([*db, "print", "blank-layout", "set", "recipient", "--y", "500"]) == 1


def test_the_window_saves_offsets_and_prints_a_test_page_and_the_blanks(ctx, qtbot,
                                                                       monkeypatch):
    from tests.recognition.helpers import recognised_model
    from ui.jobs import JobRunner
    from ui.screens import print_preview
    from ui.screens.decisions_screen import DecisionsScreen

    model = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    decision = ctx.decisions.draft(ctx.registrations.get(model).year)
    ctx.decisions.issue(decision)
    shown = []
    monkeypatch.setattr(print_preview.PrintPreviewDialog, "show",
                        lambda dialog: shown.append(dialog))
    screen = DecisionsScreen(ctx, JobRunner())
    qtbot.addWidget(screen)
    screen.select(decision)
    assert screen.blanks_button.isEnabled()
    dialog = screen.print_on_blanks()
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "tap_the"  # the decision's certificates' kind
    assert len(dialog.findChild(QLabel, "blankSteps").text().splitlines()) == 3
    dialog.paper.setCurrentIndex(dialog.paper.findData("A3"))
    dialog.x.setFocus()
    dialog.x.selectAll()
    qtbot.keyClicks(dialog.x, "2,5")
    dialog.y.setValue(-1)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert ctx.blank_printing.offset("") == blanks.Offset(2.5, -1.0)
    assert "2,5 mm" in dialog.status.text() and "-1 mm" in dialog.status.text()
    assert pdfcheck.page_sizes(shown[-1].pdf) == [SIZES[("A3", "landscape")]]
    assert "Giấy công nhận: tập thể" in pdfcheck.text(shown[-1].pdf)
    dialog.kind.setFocus()
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)  # the test page of the individual blank
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "Giấy công nhận: cá nhân" in pdfcheck.text(shown[-1].pdf)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    blank = pdfcheck.text(shown[-1].pdf)
    assert "Tuyến đường hoa" in blank and "GIẤY CÔNG NHẬN" not in blank
    assert shown[-1].make_printer().pageLayout().pageSize().id().name == "A3"
    for preview in shown:
        preview.close()
