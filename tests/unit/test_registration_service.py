import os
import sqlite3
import unicodedata

import pytest

from app.context import AppContext
from app.domain.listing import ListQuery
from app.domain.registration import PersonInput, TargetInput
from app.errors import DvkError, StorageError, ValidationError
from tests.helpers import collective


def test_saving_writes_one_travelling_record_with_its_children(ctx, frozen_today):
    reg = collective(ctx, unicodedata.normalize("NFD", "Tuyến  đường hoa "))
    reg.targets.append(TargetInput("Số cột cờ", 120, "cột"))
    registration_id = ctx.registrations.save(reg)
    row = ctx.db.execute("SELECT name, origin, version, rev, unit_code, status, registered_on,"
                         " receiving_body FROM registrations WHERE id = ?",
                         [registration_id]).fetchone()
    assert row[0] == "Tuyến đường hoa"
    assert row[1:3] == ("14725", 1)
    assert row[3] > 0
    assert row[4:7] == ("14725", "da_dang_ky", "2026-03-15")
    assert row[7] == "Khối Dân vận Đảng ủy phường Yên Thắng"
    targets = ctx.db.execute("SELECT indicator, target, origin FROM targets"
                             " WHERE registration_id = ? ORDER BY position",
                             [registration_id]).fetchall()
    assert targets == [("Chiều dài tuyến đường hoa", 2.5, "14725"), ("Số cột cờ", 120.0, "14725")]
    assert ctx.db.execute("SELECT action, kind FROM audit_log WHERE record_id = ?",
                          [registration_id]).fetchall() == [("create", "registrations")]


def test_editing_bumps_the_version_only_on_real_change(ctx, frozen_today):
    registration_id = ctx.registrations.save(collective(ctx))
    reg = ctx.registrations.to_input(registration_id)
    ctx.registrations.save(reg, registration_id)
    assert ctx.registrations.get(registration_id).version == 1
    reg.goals = "Trồng hoa hai bên đường trục"
    reg.targets = []
    ctx.registrations.save(reg, registration_id, expected_version=1)
    record = ctx.registrations.get(registration_id)
    assert record.version == 2 and record.goals == "Trồng hoa hai bên đường trục"
    assert record.targets == ()
    assert ctx.db.execute("SELECT removed FROM targets WHERE registration_id = ?",
                          [registration_id]).fetchall() == [(1,)]


def test_a_stale_window_cannot_overwrite_a_newer_save(ctx, frozen_today):
    registration_id = ctx.registrations.save(collective(ctx))
    reg = ctx.registrations.to_input(registration_id)
    reg.goals = "Mới"
    ctx.registrations.save(reg, registration_id, expected_version=1)
    reg.goals = "Cũ"
    with pytest.raises(DvkError, match="người khác sửa"):
        ctx.registrations.save(reg, registration_id, expected_version=1)
    assert ctx.registrations.get(registration_id).goals == "Mới"


def test_individual_exemplars_keep_their_person(ctx, frozen_today):
    reg = collective(ctx, "Bà Nguyễn Thị Hoa - khéo vận động xóa bỏ hủ tục")
    reg.kind, reg.subject = "dien_hinh", "ca_nhan"
    reg.person = PersonInput("Nguyễn Thị Hoa", 1972, "nu", "Chi hội trưởng", "Tổ dân phố số 1",
                             "0912 345 678")
    registration_id = ctx.registrations.save(reg)
    record = ctx.registrations.get(registration_id)
    assert record.registrant == "Nguyễn Thị Hoa"
    assert record.person.birth_year == 1972 and record.person.gender == "nu"


def test_invalid_input_writes_nothing(ctx, frozen_today):
    before = ctx.db.execute("SELECT rev FROM sync_clock").fetchone()
    reg = collective(ctx, "")
    reg.targets = [TargetInput("Số hộ", -1, "hộ")]
    with pytest.raises(ValidationError) as error:
        ctx.registrations.save(reg)
    assert set(error.value.fields) == {"name", "targets"}
    assert ctx.db.execute("SELECT rev FROM sync_clock").fetchone() == before
    assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 0


def test_withdrawing_keeps_the_record_with_its_reason(ctx, frozen_today):
    registration_id = ctx.registrations.save(collective(ctx))
    with pytest.raises(ValidationError):
        ctx.registrations.withdraw(registration_id, "  ")
    ctx.registrations.withdraw(registration_id, "Trùng nội dung với mô hình của chi bộ")
    record = ctx.registrations.get(registration_id)
    assert record.status == "rut" and "chi bộ" in record.withdraw_reason
    with pytest.raises(DvkError, match="đã rút"):
        ctx.registrations.save(ctx.registrations.to_input(registration_id), registration_id)
    assert ctx.registrations.count(ListQuery(status="rut")) == 1


def test_replication_links_to_the_original(ctx, frozen_today):
    original = ctx.registrations.save(collective(ctx, year=2025))
    reg = ctx.registrations.replicate(original, 2026)
    reg.subunit_code = ctx.units.subunits()[1].code
    copy = ctx.registrations.save(reg)
    assert ctx.registrations.get(copy).replicates_id == original
    assert [r.id for r in ctx.registrations.replications(original)] == [copy]


def test_search_ignores_case_and_diacritics(ctx, frozen_today):
    ctx.registrations.save(collective(ctx, "Dân vận khéo trong xây dựng nông thôn mới", field=1))
    ctx.registrations.save(collective(ctx, "Đoạn đường tự quản", field=3))
    ctx.registrations.save(collective(ctx, "Camera an ninh", field=3))

    def names(text, **filters):
        return sorted(i["name"] for i in ctx.registrations.list_json(ListQuery(search=text,
                                                                               **filters)))

    assert names("dan van kheo") == ["Dân vận khéo trong xây dựng nông thôn mới"]
    assert names("DÂN VẬN") == ["Dân vận khéo trong xây dựng nông thôn mới"]
    assert names("Do") == ["Đoạn đường tự quản"]  # "D" finds "Đ"
    assert names("doan duong") == ["Đoạn đường tự quản"]
    assert names("to dan pho") == names("")  # the registrant's name is searched too
    assert names("", field=3) == ["Camera an ninh", "Đoạn đường tự quản"]
    assert names("an ninh", field=1) == []


def test_list_sorts_by_any_column(ctx, frozen_today):
    for name in ("Bữa cơm nghĩa tình", "Ánh sáng đường quê", "Camera an ninh"):
        ctx.registrations.save(collective(ctx, name))
    page = ctx.registrations.page(ListQuery(sort="name", descending=False), 0, 10)
    assert [row[2] for row in page] == ["Ánh sáng đường quê", "Bữa cơm nghĩa tình",
                                        "Camera an ninh"]


def test_evidence_is_copied_in_and_survives_the_original_vanishing(ctx, frozen_today, tmp_path):
    photo = tmp_path / "anh.png"
    photo.write_bytes(b"\x89PNG fake photo bytes")
    item = ctx.registrations.add_evidence_file(photo)
    photo.unlink()
    reg = collective(ctx)
    reg.evidence = [item]
    registration_id = ctx.registrations.save(reg)
    stored = ctx.registrations.get(registration_id).evidence[0]
    assert stored.sha256 == item.sha256 and stored.media_type == "image/png"
    assert ctx.registrations.evidence_bytes(item.sha256) == b"\x89PNG fake photo bytes"


def test_evidence_problems_are_explained(ctx, tmp_path):
    with pytest.raises(DvkError, match="không còn ở đó"):
        ctx.registrations.add_evidence_file(tmp_path / "da-xoa.jpg")
    with pytest.raises(DvkError, match="chỉ đính kèm"):
        ctx.registrations.add_evidence_file(tmp_path / "virus.exe")


def test_a_full_disk_is_explained_and_loses_nothing_saved(ctx, frozen_today):
    first = ctx.registrations.save(collective(ctx, "Mô hình đã lưu"))
    pages = ctx.db.execute("PRAGMA page_count").fetchone()[0]
    ctx.db.execute(f"PRAGMA max_page_count = {pages}")
    reg = collective(ctx, "Mô hình lớn")
    reg.situation = "x" * 19_000
    reg.goals = "y" * 19_000
    with pytest.raises(StorageError, match="đầy"):
        for _ in range(20):
            ctx.registrations.save(reg)
    ctx.db.execute("PRAGMA max_page_count = 1073741823")
    assert ctx.registrations.get(first).name == "Mô hình đã lưu"
    assert ctx.maintenance.check().ok


def test_a_read_only_database_is_explained(ctx, db_path, frozen_today):
    ctx.registrations.save(collective(ctx))
    ctx.close()
    readonly = AppContext(__import__("db.connection", fromlist=["connect"]).connect(
        db_path, readonly=True), db_path)
    with pytest.raises(StorageError, match="chỉ đọc"):
        readonly.registrations.save(collective(readonly))
    assert readonly.registrations.count(ListQuery()) == 1
    readonly.close()


def test_a_locked_database_is_explained(ctx, db_path, frozen_today):
    other = sqlite3.connect(db_path, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    ctx.db.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(StorageError, match="đang được"):
            ctx.registrations.save(collective(ctx))
    finally:
        other.rollback()
        other.close()
    assert ctx.registrations.save(collective(ctx))


@pytest.mark.skipif(os.name == "nt", reason="chmod semantics")
def test_opening_in_a_missing_folder_is_explained(tmp_path):
    with pytest.raises(DvkError, match="không tồn tại"):
        AppContext.open(tmp_path / "khong-co" / "dvk.sqlite")


def test_the_forms_save_is_one_call_with_a_typed_outcome(ctx, frozen_today):
    """Save on the form (issue 21, point 3): one call that checks, asks about an
    unusual year, saves, removes the form's draft and reads back what the form needs."""
    from app.services.registrations import Invalid, Saved, YearToConfirm

    ctx.drafts.save("registration:form", kind="registration", record_id="new-id",
                    title="x", content={}, base_version=None, base=None)
    empty = collective(ctx, "")
    outcome = ctx.registrations.save_form(empty, draft_id="registration:form", new_id="new-id")
    assert isinstance(outcome, Invalid) and "name" in outcome.errors and outcome.at_check
    reg = collective(ctx)
    reg.year = 2040
    asked = ctx.registrations.save_form(reg, draft_id="registration:form", new_id="new-id")
    assert isinstance(asked, YearToConfirm) and asked.year == 2040
    assert not ctx.registrations.exists("new-id")
    saved = ctx.registrations.save_form(reg, draft_id="registration:form", new_id="new-id",
                                        year_confirmed=2040)
    assert isinstance(saved, Saved)
    assert (saved.id, saved.version) == ("new-id", 1)
    assert saved.base == ctx.registrations.to_input("new-id")
    assert saved.warnings == tuple(ctx.registrations.warnings(reg.cleaned()))
    assert ctx.drafts.get("registration:form") is None
