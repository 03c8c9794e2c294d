"""Rubrics: shipped defaults, copies, editions, assignments."""

from __future__ import annotations

import json

import pytest

from app.context import AppContext
from app.domain.rubrics import (
    SUGGESTED_NOTE,
    ItemInput,
    RubricInput,
    rubric_from_data,
    rubric_to_data,
    validate,
)
from app.errors import DvkError, ValidationError
from app.paths import resource
from tests.scoring.helpers import GOOD_SELF, new_sheet, type_self


def test_the_two_defaults_ship_as_data_with_the_documented_points(ctx):
    collective = ctx.rubrics.resolve("tap-the-2021")
    individual = ctx.rubrics.resolve("ca-nhan-2021")
    assert [c.max_tenths for c in collective.criteria] == [150, 150, 150, 200, 200, 150]
    assert [c.max_tenths for c in individual.criteria] == [150, 200, 200, 200, 250]
    for rubric in (collective, individual):
        assert rubric.total_max == 1000 and rubric.suggested
        assert rubric.note == SUGGESTED_NOTE == "Mẫu gợi ý - chỉnh theo hướng dẫn của địa phương"
        assert [p.code for p in rubric.prerequisites] == ["ĐK1", "ĐK2", "ĐK3"]
        assert (rubric.thresholds.top, rubric.thresholds.passing) == (900, 700)
        assert all(c.guidance and c.evidence for c in rubric.criteria)
    assert collective.subject == "tap_the" and individual.subject == "ca_nhan"
    files = sorted(p.name for p in resource("rubrics").glob("*.json"))
    assert files == ["ca-nhan-2021.json", "tap-the-2021.json"]


def test_default_ids_are_the_same_in_every_office(tmp_path):
    ids = []
    for name in ("a.sqlite", "b.sqlite"):
        with AppContext.open(tmp_path / name) as context:
            ids.append(sorted((r.id, tuple(i.id for i in r.items))
                              for r in context.rubrics.listing()))
            rev = context.db.execute("SELECT max(rev) FROM rubrics").fetchone()[0]
            assert rev == 0  # reference data does not travel
    assert ids[0] == ids[1]


def test_defaults_are_loaded_once(ctx, db_path):
    ctx.close()
    with AppContext.open(db_path) as again:
        assert len(again.rubrics.listing()) == 2


def test_an_unused_rubric_is_edited_in_place(ctx):
    copy_id = ctx.rubrics.copy(ctx.rubrics.resolve("tap-the-2021").id)
    copy = ctx.rubrics.get(copy_id)
    assert copy.family == "tap-the-2021-ban-sao" and copy.edition == 1
    assert copy.name.startswith("Bản sao - ") and not copy.suggested and copy.note == ""
    edited = copy.to_input()
    edited.criteria[3].max_tenths = 250
    edited.criteria[5].max_tenths = 100
    edited.threshold_top = 850
    outcome = ctx.rubrics.save(copy_id, edited)
    assert outcome.rubric_id == copy_id and not outcome.new_edition
    saved = ctx.rubrics.get(copy_id)
    assert saved.criteria[3].max_tenths == 250 and saved.thresholds.top == 850
    again = ctx.rubrics.get(ctx.rubrics.copy(ctx.rubrics.resolve("tap-the-2021").id))
    assert again.family == "tap-the-2021-ban-sao-2"
    named = ctx.rubrics.get(ctx.rubrics.copy(copy_id, name="Bộ tiêu chí xã", family="Xã 2026"))
    assert (named.family, named.name) == ("xa-2026", "Bộ tiêu chí xã")
    assert named.criteria[3].max_tenths == 250


def test_a_used_rubric_gets_a_new_edition_and_old_sheets_keep_theirs(ctx):
    sheet_id = new_sheet(ctx)
    type_self(ctx, sheet_id, GOOD_SELF)
    old = ctx.rubrics.resolve("tap-the-2021")
    assert ctx.rubrics.is_locked(old) and ctx.rubrics.usage(old.id) == 1
    edited = old.to_input()
    edited.criteria[0].max_tenths = 100  # lower than the 15 already given
    edited.criteria[3].max_tenths = 250
    outcome = ctx.rubrics.save(old.id, edited)
    assert outcome.new_edition and outcome.rubric_id != old.id
    new = ctx.rubrics.get(outcome.rubric_id)
    assert (new.family, new.edition, new.supersedes_id) == ("tap-the-2021", 2, old.id)
    assert ctx.rubrics.get(old.id).criteria[0].max_tenths == 150  # unchanged
    sheet = ctx.scoring.sheet(sheet_id)
    assert sheet.rubric.id == old.id and sheet.newer_rubric_id == new.id
    assert sheet.result().total_self == 920  # nothing saved is lost
    assert ctx.rubrics.resolve("tap-the-2021").id == new.id
    assert ctx.rubrics.resolve("tap-the-2021", edition=1).id == old.id
    changed = old.to_input()
    changed.subject = "ca_nhan"
    with pytest.raises(ValidationError, match="sao chép"):
        ctx.rubrics.save(old.id, changed)


def test_rubric_validation_names_the_field():
    rubric = RubricInput(name="", criteria=[ItemInput("1", "Tiêu chí", 0),
                                            ItemInput("1", "Trùng mã", 50)],
                         threshold_top=600, threshold_pass=700)
    errors = validate(rubric.cleaned())
    assert errors["name"] == "Hãy nhập tên bộ tiêu chí."
    assert errors["criteria"].endswith("1: điểm tối đa phải lớn hơn 0.")
    assert "Tiêu biểu" in errors["thresholds"]
    too_high = RubricInput(name="A", criteria=[ItemInput("1", "Tiêu chí", 500)],
                           threshold_top=900, threshold_pass=700)
    assert "cao hơn tổng điểm" in validate(too_high)["thresholds"]
    assert validate(RubricInput(name="A"))["criteria"] == "Bộ tiêu chí cần ít nhất một tiêu chí."


def test_invalid_edits_are_refused_and_nothing_changes(ctx):
    rubric = ctx.rubrics.resolve("tap-the-2021")
    broken = rubric.to_input()
    broken.criteria[0].text = " "
    with pytest.raises(ValidationError, match="1: hãy nhập nội dung"):
        ctx.rubrics.save(rubric.id, broken)
    assert ctx.rubrics.get(rubric.id) == rubric


def test_json_round_trip():
    data = json.loads(resource("rubrics", "tap-the-2021.json").read_text(encoding="utf-8"))
    rubric = rubric_from_data(data)
    assert rubric.criteria[0].max_tenths == 150 and rubric.threshold_top == 900
    with pytest.raises(ValueError, match="không hợp lệ"):
        rubric_from_data({"name": "x", "criteria": [{"code": "1", "text": "t", "max": "nhiều"}]})


def test_round_trip_through_the_database(ctx):
    rubric = ctx.rubrics.resolve("ca-nhan-2021")
    again = rubric_from_data(json.loads(json.dumps(rubric_to_data(rubric))))
    assert again == rubric.to_input()


def test_assignments_choose_the_rubric_of_new_sheets(ctx):
    copy_id = ctx.rubrics.copy(ctx.rubrics.resolve("tap-the-2021").id, name="Bộ tiêu chí tỉnh")
    year = ctx.registrations.blank().year
    ctx.rubrics.assign(year, "coso", "tap_the", copy_id)
    sheet_id = new_sheet(ctx)
    assert ctx.scoring.sheet(sheet_id).rubric.id == copy_id
    with pytest.raises(ValidationError) as caught:
        ctx.rubrics.assign(1990, "thon", "tap_the", ctx.rubrics.resolve("ca-nhan-2021").id)
    assert set(caught.value.fields) == {"year", "level", "subject"}
    with pytest.raises(DvkError):
        ctx.rubrics.resolve("khong-co")
