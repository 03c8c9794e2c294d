"""Issue 18, point 10: guidance for a clerk's first week. F1 on every screen and window
shows its help; the menus show their shortcuts and the keys work; Help opens the user
guide the program prints (the first week, the year with the office's own deadlines,
every screen); home lines look and act like links; every empty list says what to do;
grey (withdrawn) lines are explained; the restore list is grouped by office."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTabWidget

from app.context import AppContext
from app.services import help_topics
from tests.conftest import OFFICE_CODE
from tests.gui.helpers import close_quietly, type_text
from tests.helpers import collective
from tests.printing import pdfcheck
from ui.help import HelpDialog, ShortcutsDialog
from ui.main_window import MainWindow
from ui.widgets.empty_state import EmptyState

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, ctx):
    win = MainWindow(ctx)
    win.show()
    qtbot.waitExposed(win)
    yield win
    close_quietly(win)


@pytest.fixture
def bare(db_path):
    """A commune just set up: no sub-unit, no registration, nothing exchanged."""
    context = AppContext.open(db_path, actor="test")
    context.setup.configure(profile="hai_cap", unit_code=OFFICE_CODE)
    yield context
    context.close()


def _help_of(widget) -> HelpDialog:
    dialog = getattr(widget, "_help_dialog", None)
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    return dialog


def _activate(qtbot, window, focus=None) -> None:
    """Give `window` the keyboard, as a click on it would (the offscreen platform does
    not hand activation back after another window closes)."""
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    if focus is not None:
        focus.setFocus()
        qtbot.waitUntil(focus.hasFocus, timeout=2000)


def _key(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key where the keyboard is now."""
    QApplication.processEvents()
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)
    QApplication.processEvents()


def _press_f1(qtbot, window) -> None:
    _key(qtbot, window, Qt.Key.Key_F1)


# -- F1 --------------------------------------------------------------------------------
def test_f1_on_every_screen_shows_that_screens_help(qtbot, window):
    assert window.help_action.shortcut().toString() == "F1"
    for row, (title, name) in enumerate(window.pages):
        window.nav.setCurrentRow(row)  # the clerk clicks the screen in the list
        _activate(qtbot, window, window.nav)
        _press_f1(qtbot, window)
        dialog = _help_of(window)
        topic = help_topics.topic(name)
        assert dialog.key == name and topic.title == title
        assert dialog.windowTitle() == f"Trợ giúp: {title}"
        text = dialog.plain_text()
        assert topic.intro[0] in text and (not topic.steps or topic.steps[0] in text)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc closes it
        assert not dialog.isVisible()


def test_the_help_is_vietnamese_and_names_the_buttons_as_the_window_does(window):
    window.open_screen("registrations")
    dialog = window.help_on_screen()
    text = dialog.plain_text()
    assert "Đăng ký mới" in text and "Ctrl+N" in text and "Press" not in text
    assert window.registrations.new_button.text() in text
    dialog.close()


def test_f1_in_the_windows_a_clerk_opens(qtbot, window, ctx):
    from ui.screens.restore_dialog import RestoreDialog
    from ui.screens.users_dialog import UsersDialog

    _activate(qtbot, window, window.nav)
    _key(qtbot, window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # a new form
    form = window.registrations._dialogs[-1]
    qtbot.waitExposed(form)
    _activate(qtbot, form)
    _press_f1(qtbot, form)
    assert _help_of(form).windowTitle() == "Trợ giúp: Bản đăng ký"
    _help_of(form).close()
    form.dirty = False
    form.close()
    for dialog, title in ((RestoreDialog(window, ctx=ctx, db_path=ctx.path),
                           "Khôi phục bản sao lưu"),
                          (UsersDialog(ctx, window), "Tài khoản")):
        dialog.show()
        _activate(qtbot, dialog)
        _press_f1(qtbot, dialog)
        assert _help_of(dialog).windowTitle() == f"Trợ giúp: {title}"
        _help_of(dialog).close()
        dialog.close()


def test_every_screen_and_window_has_help_in_the_guide():
    keys = [key for key, _title in help_topics.SCREENS] + help_topics.DIALOGS
    from ui.main_window import LAZY

    assert set(LAZY) | {"home", "registrations"} == {key for key, _t in help_topics.SCREENS}
    for key in keys:
        topic = help_topics.topic(key)
        assert topic.title and topic.intro and topic.steps, key


# -- shortcuts -------------------------------------------------------------------------
def test_the_menus_show_their_keys_and_the_keys_work(qtbot, window):
    menus = {action.text().replace("&", ""): action.menu()
             for action in window.menuBar().actions()}
    assert set(menus) >= {"Tệp", "Màn hình", "Công cụ", "Trợ giúp"}
    shown = {action.text(): action.shortcut().toString()
             for menu in menus.values() for action in menu.actions() if action.text()}
    assert shown["Đăng ký mới"] == "Ctrl+N" and shown["Tìm bản đăng ký"] == "Ctrl+F"
    assert shown["Nhập đăng ký từ Excel..."] == "Ctrl+I"
    assert shown["Sao lưu ngay..."] == "Ctrl+B" and shown["Trợ giúp cho màn hình này"] == "F1"
    screens = [a for a in menus["Màn hình"].actions()]
    assert [a.text() for a in screens] == [title for title, _name in window.pages]
    assert [a.shortcut().toString() for a in screens[:9]] == [f"Ctrl+{n}" for n in range(1, 10)]

    ctrl = Qt.KeyboardModifier.ControlModifier
    _activate(qtbot, window, window.nav)
    _key(qtbot, window, Qt.Key.Key_2, ctrl)
    assert window.stack.currentWidget() is window.registrations
    _key(qtbot, window, Qt.Key.Key_3, ctrl)
    assert window.current_page() == "stats"
    _key(qtbot, window, Qt.Key.Key_F, ctrl)
    assert window.current_page() == "registrations"
    assert window.registrations.search.hasFocus()
    type_text(qtbot, window.registrations.search, "hoa")
    _key(qtbot, window, Qt.Key.Key_4, ctrl)
    assert window.new_action.text() == "Lập phiếu chấm..."  # Ctrl+N on the scoring screen
    _key(qtbot, window, Qt.Key.Key_1, ctrl)
    assert window.new_action.text() == "Đăng ký mới"
    _key(qtbot, window, Qt.Key.Key_N, ctrl)
    assert window.current_page() == "registrations" and window.registrations._dialogs


def test_the_shortcuts_window_lists_every_key(qtbot, window):
    dialog = window.show_shortcuts()
    assert isinstance(dialog, ShortcutsDialog)
    keys = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    texts = [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]
    for shortcut in help_topics.SHORTCUTS:
        assert shortcut.keys in keys
        assert QKeySequence(shortcut.keys).toString() == shortcut.keys  # Qt reads them
    assert "Đi tới màn hình “Đăng ký mô hình”" in texts
    dialog.close()


# -- the user guide ----------------------------------------------------------------------
def test_the_user_guide_opens_from_help_as_the_program_prints_it(qtbot, frozen_today, window,
                                                                 ctx):
    ctx.registrations.save(collective(ctx))
    action = next(a for m in window.menuBar().actions() for a in m.menu().actions()
                  if a.objectName() == "guideAction")
    assert action.text() == "Hướng dẫn sử dụng (PDF)..."
    action.trigger()
    dialogs = [w for w in QApplication.topLevelWidgets()
               if w.objectName() == "guidePreview" and w.isVisible()]
    assert len(dialogs) == 1
    preview = dialogs[0]
    assert len(preview.page_labels) >= 6
    assert preview.file_name == "Huong-dan-su-dung-DVK.pdf"
    text = pdfcheck.text(preview.pdf)
    flat = " ".join(text.split())
    year = ctx.registrations.default_year()
    row = ctx.db.execute("SELECT registration_deadline, proposal_deadline FROM campaign_years"
                         " WHERE year = ?", [year]).fetchone()
    deadline = dt.date.fromisoformat(row[0]).strftime("%d/%m/%Y")
    for wanted in ("HƯỚNG DẪN SỬ DỤNG DVK", "Phường Yên Thắng", "Tuần đầu tiên",
                   "Ngày 1", "Ngày 5", "Kết nối với cấp trên", f"trước ngày {deadline}",
                   "Ctrl+N", "Phím tắt", "Khi có sự cố"):
        assert wanted in flat, wanted
    for key, _title in help_topics.SCREENS:
        assert help_topics.topic(key).title in flat, key
    assert "Day 1" not in flat and "Press" not in flat
    preview.close()


def test_dvk_guide_writes_the_same_guide(ctx, tmp_path, capsys):
    from app.cli.main import main

    target = tmp_path / "huong-dan.pdf"
    assert main(["--db", str(ctx.path), "guide", "--out", str(target)]) == 0
    data = target.read_bytes()
    assert pdfcheck.page_count(data) >= 6
    assert "Tuần đầu tiên" in " ".join(pdfcheck.text(data).split())


# -- the home screen's lines --------------------------------------------------------------
def test_home_lines_look_like_links_and_open_with_the_keyboard(qtbot, frozen_today, window):
    window.home.refresh()
    assert window.home.buttons
    for key, button in window.home.buttons.items():
        assert button.cursor().shape() == Qt.CursorShape.PointingHandCursor, key
        assert "underline" in button.styleSheet() and button.text().endswith("\u203a")
        assert button.toolTip().startswith("Mở màn hình"), key
        assert button.focusPolicy() != Qt.FocusPolicy.NoFocus
    line = window.home.buttons["registered"]
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert window.current_page() == "registrations"
    window.open_screen("home")
    line = window.home.buttons["deadline_proposal"]
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Space)
    assert window.current_page() == "proposals"


# -- empty lists ------------------------------------------------------------------------------
def _empty_views_without_words(root) -> list[str]:
    """Every list in sight that is empty and says nothing about it."""
    missing = []
    for view in root.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or not view.isVisible() or view.model() is None \
                or view.model().rowCount():
            continue
        if view.parent() is not None and "QComboBox" in type(view.parent()).__name__:
            continue
        states = [s for s in view.viewport().findChildren(EmptyState)]
        if not states or not states[0].isVisible() or not states[0].label.text().strip():
            missing.append(view.objectName() or type(view).__name__)
    return missing


def _every_tab(root):
    """Walk every tab of every tab widget under `root` (a tab's lists are in sight only
    when it is the current one)."""
    yield
    for tabs in root.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            yield


def test_every_empty_list_says_what_to_do(qtbot, bare):
    from ui.screens.registration_dialog import RegistrationDialog
    from ui.screens.restore_dialog import RestoreDialog
    from ui.screens.users_dialog import UsersDialog

    window = MainWindow(bare)
    window.show()
    seen = []
    for row, (_title, name) in enumerate(window.pages):
        window.nav.setCurrentRow(row)
        screen = window.screen(name)
        for _step in _every_tab(screen):
            QApplication.processEvents()
            assert _empty_views_without_words(window) == [], name
        seen.append(name)
    assert len(seen) == len(help_topics.SCREENS)
    units = window.units.empty.label.text()
    assert units.startswith("Chưa có đơn vị trực thuộc - bấm “Thêm đơn vị trực thuộc”")
    window.open_screen("registrations")
    assert "Đăng ký mới" in window.registrations.empty.label.text()
    for dialog in (RegistrationDialog(bare, window), RestoreDialog(window, ctx=bare,
                                                                   db_path=bare.path),
                   UsersDialog(bare, window)):
        dialog.show()
        for _step in _every_tab(dialog):
            QApplication.processEvents()
            assert _empty_views_without_words(dialog) == [], type(dialog).__name__
        if isinstance(dialog, RegistrationDialog):
            dialog.dirty = False
        dialog.close()
    close_quietly(window)


def test_a_search_that_finds_nothing_says_so_and_shows_all_again(qtbot, window, ctx):
    ctx.registrations.save(collective(ctx, "Phân loại rác tại nguồn"))
    window.open_screen("registrations")
    screen = window.registrations
    screen.refresh()
    assert screen.model.rowCount() == 1 and not screen.empty.isVisible()
    type_text(qtbot, screen.search, "khong co dau")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 0)
    assert screen.empty.isVisible()
    assert screen.empty.label.text().startswith("Không có bản đăng ký nào khớp")
    assert screen.empty.button.isVisible()
    qtbot.mouseClick(screen.empty.button, Qt.MouseButton.LeftButton)
    assert screen.search.text() == "" and screen.model.rowCount() == 1
    assert not screen.empty.isVisible()


# -- the legend of grey lines ------------------------------------------------------------------
def test_grey_lines_are_explained_under_the_list(qtbot, window, ctx):
    kept = ctx.registrations.save(collective(ctx, "Đường hoa"))
    ctx.registrations.withdraw(kept, "Không thực hiện được.")
    window.open_screen("registrations")
    screen = window.registrations
    screen.refresh()
    assert screen.legend.isVisible()
    assert screen.legend.text() == "Dòng chữ xám: bản đăng ký đã rút (vẫn được giữ, không bao " \
                                   "giờ bị xóa)"
    grey = screen.model.data(screen.model.index(0, 0), Qt.ItemDataRole.ForegroundRole)
    assert grey.color().name() in screen.legend.samples[0].styleSheet()
    for name in ("recognition", "proposals", "decisions", "council", "scoring"):
        legend = window.screen(name).legend
        assert legend.text(), name


# -- restoring: the backups grouped by office ---------------------------------------------------
def test_the_backups_of_several_offices_are_grouped_by_office(qtbot, demo_network,
                                                              monkeypatch):
    import app.datafile.known as known
    from app.demo.network import load_network
    from ui.screens.restore_dialog import RestoreDialog

    communes = [o for o in load_network(demo_network)["offices"] if o["level"] == "xa"]
    path = Path(demo_network / communes[0]["db"])
    with open(path, "r+b") as fp:  # damaged, and this PC knows not whose it is
        fp.write(b"\x00hong" * 2000)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    monkeypatch.setattr(known, "lookup", lambda _p: (None, None))
    dialog = RestoreDialog(None, ctx=None, db_path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    groups = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    codes = [o["code"] for o in communes]
    titled = {code for code in codes for g in groups if f"({code})" in g.text(0)}
    assert len(groups) >= 2 and titled >= set(codes[:2])
    for group in groups:
        assert not group.flags() & Qt.ItemFlag.ItemIsSelectable  # a heading
        assert group.isExpanded() and group.childCount() >= 1
        assert f"{group.childCount()} bản sao lưu" in group.text(0)
    assert dialog.whose.isVisible() and dialog.chosen is None
    # The clerk goes down the list with the keyboard: headings are passed over.
    dialog.list.setFocus()
    dialog.list.setCurrentItem(groups[0].child(0))
    assert dialog.chosen == dialog.backups()[0]
    assert "Cơ quan:" in dialog.preview.text()
