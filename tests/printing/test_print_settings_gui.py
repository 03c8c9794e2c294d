"""The print settings window as an office administrator uses it."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.printing import pdfcheck
from ui.main_window import MainWindow
from ui.screens.print_settings_dialog import PrintSettingsDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def messages(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    return shown


def test_defaults_show_in_grey_and_typed_values_are_saved(qtbot, ctx, messages):
    dialog = PrintSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    name = dialog.fields["print.signer_name"]
    assert name.text() == "" and name.placeholderText()
    assert dialog.fields["print.superior"].placeholderText() == "Đảng ủy phường Yên Thắng"
    qtbot.keyClicks(name, "Nguyen Thi Huong")  # QTest types ASCII only
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ctx.printing.office().signer.name == "Nguyen Thi Huong"
    name.setText("Nguyễn Thị Hương")  # as an input method enters it
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ctx.printing.office().signer.name == "Nguyễn Thị Hương"
    assert ctx.printing.settings()["print.superior"] is None  # still following the default
    # Choosing the State layout shows the State defaults.
    dialog.system.setCurrentIndex(dialog.system.findData("state"))
    assert dialog.fields["print.signer_on_behalf"].placeholderText() == "TM. ỦY BAN NHÂN DÂN"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert ctx.printing.office().system == "state"
    assert messages == []


def test_a_value_equal_to_the_default_stays_unset(qtbot, ctx, messages):
    dialog = PrintSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.fields["print.signer_title"].setText("TRƯỞNG BAN")
    assert dialog.save()
    assert ctx.printing.settings()["print.signer_title"] is None


def test_too_long_a_value_is_explained(qtbot, ctx, messages):
    dialog = PrintSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.fields["print.authority"].setText("x" * 400)
    assert not dialog.save()
    assert len(messages) == 1


def test_emblem_choose_and_remove(qtbot, ctx, tmp_path, monkeypatch, messages):
    image = tmp_path / "huy-hieu.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 0, 0)).save(buffer, "PNG")
    image.write_bytes(buffer.getvalue())
    dialog = PrintSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(image), ""))
    qtbot.mouseClick(dialog.choose_emblem, Qt.MouseButton.LeftButton)
    assert ctx.printing.emblem() == image.read_bytes()
    assert not dialog.emblem_view.pixmap().isNull()
    qtbot.mouseClick(dialog.clear_emblem, Qt.MouseButton.LeftButton)
    assert ctx.printing.emblem() is None
    (tmp_path / "bad.png").write_bytes(b"not a picture")
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(tmp_path / "bad.png"), ""))
    qtbot.mouseClick(dialog.choose_emblem, Qt.MouseButton.LeftButton)
    assert len(messages) == 1 and "bad.png" in messages[0]


def test_preview_a_sample_certificate_from_the_menu(qtbot, ctx, messages):
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.jobs.wait(3000)  # the list's count, delivered while the window lives
    QApplication.processEvents()
    dialog = window.open_print_settings()
    dialog.fields["print.signer_name"].setText("Trần Văn Quý")
    preview = dialog.save_and_preview()
    assert preview is not None
    assert "Trần Văn Quý" in pdfcheck.text(preview.pdf)
    preview.close()
    dialog.close()
