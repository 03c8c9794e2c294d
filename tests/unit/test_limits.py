"""Issue 15, point 9: every text a clerk can type or import from Excel has a longest
length, in one table (app/domain/limits.py), refused with a Vietnamese message; the
demo network's records all fit, so the limits refuse nothing real."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3

import pytest

from app.domain import limits
from app.domain.limits import MAX_LENGTH, OTHER_TEXT, limit, over_limit
from app.domain.registration import (
    EvidenceInput,
    MilestoneInput,
    PersonInput,
    RegistrationInput,
    TargetInput,
    validate,
)
from app.domain.rubrics import ItemInput, RubricInput
from app.errors import DvkError, ValidationError
from app.excel.importer import REFUSED, ImportOptions
from tests.excel.books import write_book
from tests.helpers import collective

TODAY = dt.date(2026, 3, 15)
TOO_LONG = "Quá dài: tối đa"
# codes, checked against their lists
NOT_TEXT = {"id", "replicates_id", "subunit_code", "kind", "subject", "mode", "sha256",
            "media_type", "gender", "council_total", "consent_how"}


def _texts(cls) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)
            if f.type in ("str", "str | None") and f.name not in NOT_TEXT}


@pytest.mark.parametrize(("cls", "table"), [
    (RegistrationInput, "registrations"), (PersonInput, "persons"),
    (TargetInput, "targets"), (MilestoneInput, "milestones"), (EvidenceInput, "evidence"),
    (RubricInput, "rubrics"), (ItemInput, "rubric_items")])
def test_every_typed_text_has_its_limit_in_the_table(cls, table):
    assert _texts(cls) <= set(MAX_LENGTH[table]), _texts(cls) - set(MAX_LENGTH[table])


def _registration(**changes) -> RegistrationInput:
    reg = RegistrationInput(year=2026, name="Tuyến đường hoa", field=2, subunit_code="X-001",
                            registered_on=TODAY)
    for key, value in changes.items():
        setattr(reg, key, value)
    return reg


def test_each_registration_text_one_over_its_limit_is_refused_in_vietnamese():
    table = MAX_LENGTH["registrations"]
    for name in sorted(_texts(RegistrationInput)):
        most = table[name]
        assert validate(_registration(**{name: "x" * most}).cleaned(), today=TODAY) \
            .get(name) in (None, "Hãy nhập số điện thoại bằng chữ số, ví dụ 0912 345 678."), name
        errors = validate(_registration(**{name: "x" * (most + 1)}).cleaned(), today=TODAY)
        assert name in errors, name
        assert TOO_LONG in errors[name] or "số điện thoại" in errors[name], errors[name]
    person = MAX_LENGTH["persons"]
    for name in ("full_name", "position", "address", "phone"):
        typed = PersonInput(full_name="Nguyễn Thị Hoa", birth_year=1970)
        setattr(typed, name, "1" * (person[name] + 1))
        errors = validate(_registration(subject="ca_nhan", subunit_code=None,
                                        person=typed).cleaned(), today=TODAY)
        assert TOO_LONG in errors[f"person.{name}"], name
    long_target = TargetInput("x" * (MAX_LENGTH["targets"]["indicator"] + 1), 1, "hộ")
    assert "quá dài" in validate(_registration(targets=[long_target]).cleaned(),
                                 today=TODAY)["targets"]
    unit = TargetInput("Số hộ", 1, "x" * (MAX_LENGTH["targets"]["unit_of_measure"] + 1))
    assert "targets" in validate(_registration(targets=[unit]).cleaned(), today=TODAY)
    milestone = MilestoneInput(None, "x" * (MAX_LENGTH["milestones"]["description"] + 1))
    assert TOO_LONG in validate(_registration(milestones=[milestone]).cleaned(),
                                today=TODAY)["milestones"]
    photo = EvidenceInput("anh.png", "image/png", 1, "ab" * 32,
                          "x" * (MAX_LENGTH["evidence"]["caption"] + 1))
    assert "quá dài" in validate(_registration(evidence=[photo]).cleaned(),
                                 today=TODAY)["evidence"]


def test_texts_typed_elsewhere_are_refused_before_anything_is_written(ctx):
    from app.domain.accounts import ADMIN

    reg_id = ctx.registrations.save(collective(ctx))
    sheet_id = ctx.scoring.create(reg_id)
    subunits = ctx.units.subunits()
    over = {name: "x" * (most + 1) for name, most in (
        ("reason", limits.REASON), ("unit", limits.UNIT_NAME), ("name", limits.NAME),
        ("person", limits.PERSON_NAME), ("code", limits.CODE),
        ("key", limits.KEY_REASON), ("merger", MAX_LENGTH["unit_mergers"]["note"]))}
    jobs = {
        "withdraw reason": lambda: ctx.registrations.withdraw(reg_id, over["reason"]),
        "sub-unit name": lambda: ctx.units.add_subunit(over["unit"], "thon"),
        "unit name": lambda: ctx.units.add_unit(over["unit"], "huyen", "37"),
        "merger note": lambda: ctx.units.merge(subunits[0].code, subunits[1].code,
                                               "2026-01-01", note=over["merger"]),
        "sheet remarks": lambda: ctx.scoring.save(sheet_id, [], remarks=over["reason"]),
        "council member": lambda: ctx.scoring.add_member(sheet_id, over["person"]),
        "council role": lambda: ctx.scoring.add_member(sheet_id, "Nguyễn Văn A",
                                                       over["person"]),
        "return reason": lambda: ctx.scoring.send_back(sheet_id, over["reason"]),
        "correction reason": lambda: ctx.scoring.correct(sheet_id, over["reason"]),
        "refusal reason": lambda: ctx.recognition.refuse(reg_id, over["reason"]),
        "decision reason": lambda: ctx.decisions.draft(2026, [], reason=over["reason"]),
        "proposal note": lambda: ctx.proposals.create(2026, [], note=over["reason"]),
        "proposal reason": lambda: ctx.proposals.create(2026, [reg_id],
                                                        reasons={reg_id: over["reason"]}),
        "print setting": lambda: ctx.printing.set_setting("print.signer_name", over["name"]),
        "wording": lambda: ctx.printing.set_wording("certificate", "title",
                                                    "x" * (limits.REASON + 1)),
        "numbering term": lambda: ctx.numbering.configure("decision", scope="term",
                                                          term=over["code"]),
        "numbering name": lambda: ctx.numbering.configure("decision", name=over["name"]),
        "setup place": lambda: ctx.setup.configure(profile="hai_cap", unit_code="14725",
                                                   place_name=over["name"]),
        "setup name": lambda: ctx.setup.configure(profile="hai_cap",
                                                  new_unit_name=over["unit"]),
        "rubric note": lambda: ctx.rubrics.save(
            ctx.rubrics.listing()[0].id,
            dataclasses.replace(ctx.rubrics.listing()[0].to_input(), note=over["reason"])),
        "user's full name": lambda: ctx.accounts.add("quantri", "mat-khau-1", ADMIN,
                                                     over["person"]),
        "revocation reason": lambda: ctx.trust.revoke("37", reason=over["key"],
                                                      passphrase="demo"),
    }
    problems = []
    for what, job in jobs.items():
        before = ctx.db.conn.total_changes
        try:
            job()
        except DvkError as error:
            if not isinstance(error, ValidationError) or TOO_LONG not in error.message:
                problems.append(f"{what}: {error.message}")
        else:
            problems.append(f"{what}: accepted")
        if ctx.db.conn.total_changes != before:
            problems.append(f"{what}: something was written")
    assert not problems, "\n".join(problems)


def test_an_excel_row_with_an_over_long_text_is_refused_not_the_whole_file(ctx, tmp_path):
    path = write_book(tmp_path / "so.xlsx", [
        ["Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Năm", "Ngày đăng ký"],
        ["x" * (limits.NAME + 1), "Tổ dân phố số 1", "Kinh tế", 2026, "10/3/2026"],
        ["Mô hình có tên vừa", "T" * (limits.UNIT_NAME + 1), "Kinh tế", 2026, "10/3/2026"],
        ["Mô hình đúng", "Tổ dân phố số 1", "Kinh tế", 2026, "10/3/2026"],
    ])
    report = ctx.excel.run_import(path, ImportOptions(), apply=True)
    refused = [row for row in report.rows if row.outcome == REFUSED]
    assert len(refused) == 2
    assert all(any(TOO_LONG in reason for reason in row.reasons) for row in refused)
    names = {r[0] for r in ctx.db.execute("SELECT name FROM registrations")}
    assert "Mô hình đúng" in names and not any(len(n) > limits.NAME for n in names)
    assert not any(len(u.name) > limits.UNIT_NAME for u in ctx.units.subunits())


def test_other_text_columns_have_a_limit_too():
    assert limit("registrations", "name") == limits.NAME
    assert limit("registrations", "origin") == OTHER_TEXT
    assert over_limit("registrations", {"name": "x" * 301, "origin": "1" * 101,
                                        "year": 2026}) == [("name", 300), ("origin", 100)]


def test_every_record_of_a_demo_network_fits_the_limits(demo_network):
    """The importer refuses records over these limits: nothing real is refused."""
    from app.sync.kinds import all_kinds

    network = json.loads((demo_network / "network.json").read_text(encoding="utf-8"))
    over = []
    for office in network["offices"]:
        with sqlite3.connect(demo_network / office["db"]) as conn:
            conn.row_factory = sqlite3.Row
            for kind in all_kinds():
                for row in conn.execute(f"SELECT * FROM [{kind.table}]"):
                    over += [(office["code"], kind.table, column)
                             for column, _most in over_limit(kind.table, dict(row))]
    assert not over, over[:10]
