"""First run, the table model's contract, and Vietnamese everywhere."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QTabWidget,
)

from app.context import AppContext
from app.i18n import set_language
from app.paths import catalogs_dir
from tests.gui.helpers import type_text
from ui.main_window import MainWindow
from ui.models.registrations_model import RegistrationsModel
from ui.screens.registration_dialog import RegistrationDialog
from ui.screens.setup_dialog import SetupDialog


def test_first_run_chooses_the_office_by_typing_without_diacritics(qtbot, db_path):
    with AppContext.open(db_path) as ctx:
        dialog = SetupDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        type_text(qtbot, dialog.province.lineEdit(), "ninh binh")
        qtbot.keyClick(dialog.province._completer.popup(), Qt.Key.Key_Return)
        assert dialog.province.value() == "37"
        type_text(qtbot, dialog.commune.lineEdit(), "yen thang")
        qtbot.keyClick(dialog.commune._completer.popup(), Qt.Key.Key_Return)
        assert dialog.commune.value() == "14725"
        assert dialog.place.text() == "Yên Thắng"
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert not ctx.setup.needs_setup()
        assert ctx.units.office().name == "Phường Yên Thắng"
        assert ctx.setting("profile") == "hai_cap"


def test_three_tier_setup_with_a_typed_district(qtbot, db_path):
    with AppContext.open(db_path) as ctx:
        dialog = SetupDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.profile_group.button(1).click()
        dialog.province.set_value("37")
        dialog.commune.set_value("14701")
        assert dialog.district.isEnabled()
        type_text(qtbot, dialog.district, "Yên Mô")
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert ctx.units.parent_office().name == "Huyện Yên Mô"


def test_setup_without_a_choice_explains(qtbot, db_path):
    with AppContext.open(db_path) as ctx:
        dialog = SetupDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and "Hãy chọn tỉnh" in dialog.error.text()
        assert ctx.setup.needs_setup()


def test_registrations_model_keeps_the_qt_contract(qtmodeltester, demo_network):
    commune = next(demo_network.glob("xa-*.sqlite"))
    with AppContext.open(commune) as ctx:
        model = RegistrationsModel(ctx)
        model.reload()
        assert model.rowCount() == 24
        qtmodeltester.check(model)
        model.sort(0, Qt.SortOrder.AscendingOrder)
        names = [model.index(r, 0).data() for r in range(model.rowCount())]
        assert names == sorted(names, key=lambda n: __import__("app.domain.text",
                                                                  fromlist=["fold"]).fold(n))


def test_the_list_pages_rows_on_demand(qtbot, tmp_path):
    """450 registrations from the benchmarks' bulk builder (4 s of CPU; a demo network
    of 450 models, its scoring, papers and bundles included, took 16 s)."""
    from bench import datasets

    datasets._build(tmp_path / "xa.sqlite", 450, seed=2, quiet=True)
    with AppContext.open(tmp_path / "xa.sqlite") as ctx:
        model = RegistrationsModel(ctx)
        model.reload()
        assert model.rowCount() == 200 and model.canFetchMore(model.index(-1, -1))
        model.fetchMore(model.index(-1, -1))
        model.fetchMore(model.index(-1, -1))
        assert model.rowCount() == 450 and not model.canFetchMore(model.index(-1, -1))


def _english_msgids() -> set[str]:
    """Every English message that has a different Vietnamese translation."""
    ids: set[str] = set()
    for po in (catalogs_dir() / "vi" / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as fp:
            for message in read_po(fp, locale="vi"):
                if message.id and isinstance(message.id, str) and message.string \
                        and message.string != message.id:
                    ids.add(message.id.replace("&", ""))
    return ids


def _visible_texts(root) -> list[str]:
    texts = [root.windowTitle()]
    for widget in root.findChildren(QLabel):
        texts.append(widget.text())
    for widget in root.findChildren(QAbstractButton):
        texts.append(widget.text().replace("&", ""))
    for widget in root.findChildren(QGroupBox):
        texts.append(widget.title())
    for widget in root.findChildren(QLineEdit):
        texts.append(widget.placeholderText())
    for widget in root.findChildren(QTabWidget):
        texts += [widget.tabText(i).removeprefix("⚠ ") for i in range(widget.count())]
    for widget in root.findChildren(QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    for widget in root.findChildren(QListWidget):
        texts += [widget.item(i).text() for i in range(widget.count())]
    for widget in root.findChildren(QTableView):
        model = widget.model()
        if model is not None:
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal))
                      for c in range(model.columnCount())]
    return [t for t in texts if t]


def test_no_english_leaks_into_the_vietnamese_window(qtbot, ctx):
    english = _english_msgids()
    window = MainWindow(ctx)
    window.show()
    dialog = RegistrationDialog(ctx, window)
    setup = SetupDialog(ctx)
    try:
        texts = _visible_texts(window) + _visible_texts(dialog) + _visible_texts(setup)
        texts += [a.text().replace("&", "") for m in window.menuBar().findChildren(
            type(window.menuBar().actions()[0].menu())) for a in m.actions()]
        leaks = sorted({t for t in texts if t in english})
        assert leaks == []
        assert "Đăng ký mô hình" in texts and "Lưu và đóng" in texts
        # Qt's own context menu of a text box is Vietnamese too.
        menu = dialog.form.name.createStandardContextMenu()
        actions = [a.text().split("\t")[0].replace("&", "") for a in menu.actions()
                   if a.text()]
        assert "Dán" in actions and "Sao chép" in actions
        assert not any(re.fullmatch(r"(Undo|Redo|Cut|Copy|Paste|Delete|Select All)", a)
                       for a in actions)
    finally:
        dialog.dirty = False
        dialog.close()
        setup.close()
        window.close()
        window.jobs.wait(3000)


def test_lang_en_switches_the_window(qtbot, ctx):
    set_language("en")
    window = MainWindow(ctx)
    try:
        assert window.nav.item(0).text() == "What to do"  # the home screen comes first
        assert window.nav.item(window.stack.indexOf(window.registrations)).text() == \
            "Registrations"
        assert window.registrations.new_button.text() == "New registration"
    finally:
        window.close()
        window.jobs.wait(3000)
        set_language("vi")
    assert QApplication.instance() is not None


def test_screenshots_command_renders_every_main_screen(qtbot, demo_network, tmp_path):
    from app.cli import main

    commune = next(demo_network.glob("xa-*.sqlite"))
    assert main(["--db", str(commune), "screenshots", "--out", str(tmp_path / "shots")]) == 0
    names = sorted(p.name for p in (tmp_path / "shots").glob("*.png"))
    assert {"01-setup.png", "02-registrations.png", "04-form-tab1.png",
            "06-form-errors.png", "07-units.png"} <= set(names)
    assert all((tmp_path / "shots" / n).stat().st_size > 5000 for n in names)
