"""Disk full, a read-only or vanished medium, a damaged file: a clear Vietnamese
message, and nothing that was saved before is lost."""

from __future__ import annotations

import pytest

from app.context import AppContext
from app.errors import StorageError
from tests.helpers import collective
from tests.reliability.crash import Plan, open_context, snapshot


@pytest.mark.parametrize(("error", "reason", "words"), [
    ("database or disk is full", "full", "đầy"),
    ("attempt to write a readonly database", "readonly", "chỉ đọc"),
    ("database is locked", "busy", "đang được"),
    ("database disk image is malformed", "damaged", "hỏng"),
])
def test_a_failing_disk_during_a_save_is_explained_and_loses_nothing(ctx, db_path, error,
                                                                     reason, words):
    first = ctx.registrations.save(collective(ctx, "Đã lưu từ trước"))
    ctx.close()
    before = snapshot(db_path)
    plan = Plan(at=3, error=error)
    failing = open_context(db_path, plan)
    plan.armed = True
    with pytest.raises(StorageError) as raised:
        failing.registrations.save(collective(failing, "Đang lưu khi đĩa hỏng"))
    plan.armed = False
    failing.close()
    assert raised.value.reason == reason and words in raised.value.message
    assert snapshot(db_path) == before
    with AppContext.open(db_path) as again:
        assert again.registrations.get(first).name == "Đã lưu từ trước"
        again.registrations.save(collective(again, "Lưu lại sau khi sửa đĩa"))


def test_a_data_file_on_a_missing_stick_is_explained(tmp_path):
    with pytest.raises(Exception) as raised:
        AppContext.open(tmp_path / "rut-usb" / "dvk.sqlite")
    assert "không tồn tại" in raised.value.message
