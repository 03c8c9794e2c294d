"""The window on a shared office PC (issue 23): a second window on the same file is
told; a file on a network share opens with a rollback journal, one window at a time;
a read-only file says so; a file moved while open refuses the save and keeps the
text; a missing file at start is never replaced silently; a wrong clock is shown;
the rescue list at start offers only this office's backups."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os

import pytest
from PySide6.QtCore import Qt

from app import clock
from app.context import AppContext
from app.errors import DvkError
from tests.gui.helpers import answer_message_box, close_quietly, type_text
from tests.helpers import collective
from ui import launch
from ui.main_window import MainWindow
from ui.screens.restore_dialog import RestoreDialog
from ui.windows import enter_window


def _window(qtbot, ctx) -> MainWindow:
    main = MainWindow(ctx)  # deletes itself on close (close_quietly)
    main.show()
    qtbot.waitExposed(main)
    return main


def test_a_second_window_on_the_same_file_is_told(qtbot, ctx, db_path):
    assert enter_window(ctx) == []
    other = AppContext.open(db_path, actor="thu.ha", create=False)
    try:
        seen = enter_window(other)
        assert [w.user for w in seen] == ["test"]
        window = _window(qtbot, other)
        text = window.notices.texts()["windows"]
        assert "cửa sổ khác" in text and "test" in text and window.notices.isVisible()
        close_quietly(window)
    finally:
        other.close()
    assert ctx.presence.others() == []  # the other window left: its lock file went


@pytest.fixture
def on_network(monkeypatch):
    """The data file seen as on \\\\server\\share (what Windows and Linux report)."""
    import app.context as context_module

    real = context_module.locate
    monkeypatch.setattr(context_module, "locate",
                        lambda path: dataclasses.replace(real(path), network=True))


def test_a_file_on_a_network_share_uses_a_rollback_journal_and_one_window(
        qtbot, ctx, db_path, on_network):
    ctx.close()
    first = AppContext.open(db_path, create=False)
    try:
        assert first.network
        assert first.db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert any("mạng" in note for note in first.open_notes())
        enter_window(first)
        window = _window(qtbot, first)
        assert "mạng" in window.notices.texts()["network"]
        first.registrations.save(collective(first, "Lưu qua mạng"))
        second = AppContext.open(db_path, create=False)
        with pytest.raises(DvkError, match="một cửa sổ"):
            enter_window(second)
        second.close()
        close_quietly(window)
    finally:
        first.close()


def test_a_read_only_file_says_so_and_keeps_what_was_typed(qtbot, ctx, db_path, monkeypatch,
                                                           frozen_today):
    ctx.close()
    import app.datafile.location as location

    real = location.os.access
    monkeypatch.setattr(location.os, "access",
                        lambda p, mode: False if str(p) == str(db_path) else real(p, mode))
    readonly = AppContext.open(db_path, create=False)
    try:
        window = _window(qtbot, readonly)
        assert "chỉ đọc" in window.notices.texts()["read_only"]
        qtbot.mouseClick(window.registrations.new_button, Qt.MouseButton.LeftButton)
        dialog = window.registrations._dialogs[-1]
        type_text(qtbot, dialog.form.name, "Không lưu được vào USB khóa")
        dialog.form.subunit.set_value(readonly.units.subunits()[0].code)
        dialog.form.field.setCurrentIndex(1)
        seen: list[str] = []
        answer_message_box("Đóng", seen)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert seen and "chỉ đọc" in seen[0]
        assert dialog.form.name.text() == "Không lưu được vào USB khóa"
        close_quietly(window)
    finally:
        readonly.close()


def test_a_file_moved_while_the_window_is_open_refuses_the_save(qtbot, ctx, db_path,
                                                                tmp_path, frozen_today):
    window = _window(qtbot, ctx)
    qtbot.mouseClick(window.registrations.new_button, Qt.MouseButton.LeftButton)
    dialog = window.registrations._dialogs[-1]
    type_text(qtbot, dialog.form.name, "Gõ xong thì tệp bị chuyển đi")
    dialog.form.subunit.set_value(ctx.units.subunits()[0].code)
    dialog.form.field.setCurrentIndex(2)
    quarantine = tmp_path / "quarantine"
    quarantine.mkdir()
    os.replace(db_path, quarantine / db_path.name)
    seen: list[str] = []
    answer_message_box("Đóng", seen)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert seen and "chuyển đi" in seen[0]
    assert dialog.form.name.text() == "Gõ xong thì tệp bị chuyển đi" and dialog.dirty
    assert dialog.registration_id is None
    os.replace(quarantine / db_path.name, db_path)  # put back: the same click saves
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Đã lưu.")
    close_quietly(window)


def test_a_missing_file_at_start_is_not_replaced_silently(qtbot, tmp_path):
    missing = tmp_path / "da-bi-xoa.sqlite"
    seen: list[str] = []
    answer_message_box("Thoát", seen)
    assert launch.open_or_rescue(missing) is None
    assert seen and "Không thấy tệp dữ liệu" in seen[0]
    assert not missing.exists()
    answer_message_box("Tạo tệp dữ liệu mới, trống")
    made = launch.open_or_rescue(missing)
    assert made is not None and missing.exists() and made.setup.needs_setup()
    made.close()


def test_a_missing_file_at_start_is_restored_from_its_own_backup(qtbot, ctx, db_path,
                                                                 monkeypatch):
    ctx.registrations.save(collective(ctx, "Có trong bản sao lưu"))
    ctx.backups.daily()
    ctx.close()
    for suffix in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)

    def restore_first(dialog_self):
        assert len(dialog_self.backups()) >= 1 and dialog_self.current_index() == 0
        answer_message_box("Khôi phục")
        dialog_self.restore()
        return dialog_self.result()

    monkeypatch.setattr(RestoreDialog, "exec", restore_first)
    answer_message_box("Khôi phục từ bản sao lưu...")
    restored = launch.open_or_rescue(db_path)
    assert restored is not None
    assert restored.db.execute("SELECT name FROM registrations").fetchone()[0] == \
        "Có trong bản sao lưu"
    restored.close()


def test_the_clock_warning_shows_in_the_window(qtbot, ctx):
    ctx.registrations.save(collective(ctx))
    clock.set_fixed(dt.datetime(2020, 1, 1, 1, 0, tzinfo=dt.UTC))
    window = _window(qtbot, ctx)
    window.check_clock()
    assert "01/01/2020" in window.notices.texts()["clock"]
    close_quietly(window)


def test_the_rescue_list_shows_only_this_offices_backups(qtbot, demo_network):
    from app.demo.network import load_network

    offices = load_network(demo_network)["offices"]
    commune = next(o for o in offices if o["level"] == "xa")
    path = demo_network / commune["db"]
    with AppContext.open(path, create=False) as ctx:
        ctx.backups.daily()
    with open(path, "r+b") as fp:
        fp.write(b"\x00hong" * 2000)
    dialog = RestoreDialog(None, ctx=None, db_path=path)
    qtbot.addWidget(dialog)
    # One group, this office's: its heading names the office, every backup is in it.
    groups = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    assert len(groups) == 1 and f"({commune['code']})" in groups[0].text(0)
    assert groups[0].childCount() == len(dialog.backups()) >= 1
    assert dialog.current_index() == 0 and not dialog.whose.isVisible()


def test_the_window_start_removes_stale_half_written_files(qtbot, ctx, db_path):
    import time

    folder = ctx.backups.folder()
    folder.mkdir(parents=True, exist_ok=True)
    left = [db_path.parent / f".{db_path.name}.0badc0de.part",
            folder / ".dvk-14725-20261201-013000-tu-dong.sqlite.12345678.part"]
    old = time.time() - 2 * 3600
    for path in left:
        path.write_bytes(b"\0" * 1024)
        os.utime(path, (old, old))
    window = _window(qtbot, ctx)
    window.start_daily_backup()
    assert not any(path.exists() for path in left)
    window.jobs.wait(5000)
    close_quietly(window)
