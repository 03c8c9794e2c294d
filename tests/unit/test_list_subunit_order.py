"""The list sorted by sub-unit (issue 18, point 12; schema 0020_list_subunit_order): each
registration keeps its sub-unit's folded name (`subunit_name`), right whoever writes
(the upgrade, a registration saved or moved, a sub-unit added, renamed or removed), so
the order stays the sub-units' names as the units table has them, and the page is read
from the ranges of `registrations_subunit_order` its filters allow, never sorted."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from app.context import AppContext
from app.domain.listing import ListQuery
from app.domain.text import fold
from app.repositories import registration_list
from app.repositories import units as units_repo
from app.sync import kinds
from app.sync.exporter import travelling_columns
from tests.conftest import OFFICE_CODE
from tests.unit.list_data import fill
from tests.unit.test_registration_list import STRATEGIES, ids, reference, use_strategy

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "schema" / "v18-commune.sqlite"
FILTERS = ({}, {"kind": "dien_hinh"}, {"field": 2}, {"status": "rut"}, {"year": 2025},
           {"kind": "mo_hinh", "mode": "nhan_rong"}, {"unit_code": OFFICE_CODE})


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    path = tmp_path_factory.mktemp("subunit-order") / "office.sqlite"
    with AppContext.open(path, actor="test") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=OFFICE_CODE)
        fill(ctx, 80)
    return path


@pytest.fixture
def office(filled, tmp_path):
    """A copy of the filled office each test may change."""
    path = tmp_path / "office.sqlite"
    shutil.copy(filled, path)
    with AppContext.open(path, actor="test") as ctx:
        yield ctx


def names_kept_right(ctx: AppContext) -> bool:
    wrong = ctx.db.execute(
        "SELECT count(*) FROM registrations r LEFT JOIN units u ON u.code = r.subunit_code"
        " WHERE r.subunit_name IS NOT u.name_fold").fetchone()[0]
    return wrong == 0


def assert_sorted_by_subunit(ctx: AppContext, filters: tuple[dict, ...] = FILTERS) -> None:
    """Every way of finding the page gives the reference (the units table's names)."""
    for name in STRATEGIES:
        with pytest.MonkeyPatch.context() as patch:
            use_strategy(patch, name)
            for chosen in filters:
                for descending in (False, True):
                    query = ListQuery(sort="subunit_name", descending=descending, **chosen)
                    expected = reference(ctx, query)
                    assert ids(ctx, query) == expected, (name, chosen, descending)
                    assert ids(ctx, query, 3, 4) == expected[3:7], (name, chosen)


def first_rows_subunit(ctx: AppContext, query: ListQuery) -> list[str]:
    return [row[9] for row in registration_list.page(ctx.db, query, 0, 10_000)]


def test_the_upgrade_fills_the_sub_unit_name_of_every_registration(tmp_path):
    copy = tmp_path / FIXTURE.name
    shutil.copy(FIXTURE, copy)
    before = sqlite3.connect(copy)
    columns = {row[1] for row in before.execute("PRAGMA table_info(registrations)")}
    before.close()
    assert "subunit_name" not in columns
    with AppContext.open(copy) as ctx:
        applied = [row[0] for row in ctx.db.execute("SELECT name FROM _sqlite_migrations")]
        assert "0020_list_subunit_order" in applied
        with_subunit = ctx.db.execute("SELECT count(*) FROM registrations"
                                      " WHERE subunit_name IS NOT NULL").fetchone()[0]
        assert with_subunit > 0 and names_kept_right(ctx)
        assert_sorted_by_subunit(ctx, ({}, {"kind": "mo_hinh"}, {"field": 1}))


def test_every_filter_sorted_by_sub_unit_gives_the_reference(office):
    assert names_kept_right(office)
    assert_sorted_by_subunit(office)


def test_renaming_a_sub_unit_re_sorts_the_list(office):
    """Units are renamed by bundles from the office that made them (the importer
    writes the name and its folded form, as here)."""
    first = office.db.execute("SELECT u.code, u.name FROM units u WHERE u.code IN"
                              " (SELECT subunit_code FROM registrations)"
                              " ORDER BY u.name_fold LIMIT 1").fetchone()
    query = ListQuery(sort="subunit_name", descending=False)
    assert first_rows_subunit(office, query)[0] != first[1]  # the rows without come first
    renamed = "Xóm " + first[1]
    with office.transaction():
        office.db.execute("UPDATE units SET name = ?, name_fold = ? WHERE code = ?",
                          [renamed, fold(renamed), first[0]])
    assert names_kept_right(office)
    shown = first_rows_subunit(office, query)
    assert first[1] not in shown and shown[-1] == renamed
    assert_sorted_by_subunit(office)


def test_a_registration_moved_to_another_sub_unit_moves_in_the_list(office):
    last = office.db.execute("SELECT u.code, u.name_fold FROM units u WHERE u.code IN"
                             " (SELECT subunit_code FROM registrations)"
                             " ORDER BY u.name_fold DESC LIMIT 1").fetchone()
    moved = office.db.execute("SELECT id FROM registrations WHERE subunit_code IS NOT NULL"
                              " AND subunit_code <> ? AND subject = 'ca_nhan'"
                              " ORDER BY seq LIMIT 1", [last[0]]).fetchone()[0]
    reg = office.registrations.to_input(moved)
    reg.subunit_code = last[0]
    office.registrations.save(reg, moved)
    assert office.db.execute("SELECT subunit_name FROM registrations WHERE id = ?",
                             [moved]).fetchone()[0] == last[1]
    # An individual without a sub-unit goes to the top.
    reg = office.registrations.to_input(moved)
    reg.subunit_code = None
    office.registrations.save(reg, moved)
    assert office.db.execute("SELECT subunit_name FROM registrations WHERE id = ?",
                             [moved]).fetchone()[0] is None
    without = office.db.execute("SELECT count(*) FROM registrations"
                                " WHERE subunit_code IS NULL").fetchone()[0]
    assert moved in ids(office, ListQuery(sort="subunit_name", descending=False))[:without]
    assert names_kept_right(office)
    assert_sorted_by_subunit(office, ({}, {"kind": "mo_hinh"}))


def test_a_sub_unit_added_after_its_registrations_or_removed(office):
    """A bundle may carry registrations before the unit they name (foreign keys are
    checked at the end of the import); a unit may be removed from a file."""
    moved = office.db.execute("SELECT id FROM registrations WHERE subunit_code IS NOT NULL"
                              " ORDER BY seq LIMIT 2").fetchall()
    code = units_repo.next_child_code(office.db, OFFICE_CODE)
    with office.transaction():
        office.db.execute("UPDATE registrations SET subunit_code = ? WHERE id IN (?, ?)",
                          [code, moved[0][0], moved[1][0]])
        assert office.db.execute("SELECT count(*) FROM registrations WHERE subunit_code = ?"
                                 " AND subunit_name IS NULL", [code]).fetchone()[0] == 2
        units_repo.add(office.writer(), code=code, name="Ấp Mới", unit_type="thon",
                       parent_code=OFFICE_CODE)
    assert {row[0] for row in office.db.execute(
        "SELECT subunit_name FROM registrations WHERE subunit_code = ?", [code])} == {"ap moi"}
    assert names_kept_right(office)
    assert_sorted_by_subunit(office, ({}, {"field": 2}))
    office.db.execute("PRAGMA foreign_keys = OFF")
    office.db.execute("DELETE FROM units WHERE code = ?", [code])
    assert names_kept_right(office)
    office.db.execute("PRAGMA foreign_keys = ON")


def test_a_writer_that_sets_the_name_wrong_is_corrected(office):
    office.db.execute("UPDATE registrations SET subunit_name = 'zzz'"
                      " WHERE seq IN (SELECT seq FROM registrations LIMIT 5)")
    assert names_kept_right(office)


@pytest.mark.parametrize(("sort", "index"), [
    ("subunit_name", "registrations_subunit_order"), ("name", "registrations_name_order"),
    ("registrant", "registrations_registrant_order")])
def test_the_sort_reads_only_the_ranges_its_filters_allow_in_order(office, monkeypatch,
                                                                   sort, index):
    """Exemplars gather at one end of the sub-unit's order (villages), the name's and
    the registrant's (a person's name): their ranges alone are read."""
    monkeypatch.setattr(registration_list, "COLLECT_LIMIT", 0)
    monkeypatch.setattr(registration_list, "UNCOVERED_COLLECT_LIMIT", 0)
    every = [({}, 64)] if sort == "subunit_name" else []  # else the plain index, in order
    for filters, parts in (*every, ({"kind": "dien_hinh"}, 32), ({"field": 1}, 16),
                           ({"kind": "mo_hinh", "subject": "tap_the", "field": 3,
                             "mode": "moi", "status": "rut", "year": 2025}, 1)):
        for descending in (False, True):
            steps: list = []
            query = ListQuery(sort=sort, descending=descending, **filters)
            registration_list.page(office.db, query, 0, 10, trace=steps)
            sql, params = steps[-1]
            assert sql.count("UNION ALL") == parts - 1, filters
            inner = sql[sql.index("WHERE r.seq IN (") + len("WHERE r.seq IN ("):
                        sql.rindex(") ORDER BY")]
            plan = " | ".join(row[3] for row in office.db.execute(
                "EXPLAIN QUERY PLAN " + inner, params[:inner.count("?")]))
            assert "TEMP B-TREE" not in plan, plan
            assert f"COVERING INDEX {index} " in plan, plan
            assert ids(office, query, 0, 10) == reference(office, query)[:10]


def test_the_sub_unit_name_never_travels_and_is_derived_on_import(office):
    registrations = kinds.get("registrations")
    assert "subunit_name" not in travelling_columns(office.db, registrations)
    names = {"37-001": "Thôn Đông"}.get
    derived = registrations.derive({"name": "A", "registrant": "B", "subunit_code": "37-001"},
                                   names)
    assert derived["subunit_name"] == "thon dong"
    assert registrations.derive({"name": "A", "registrant": "B"}, names)["subunit_name"] is None


def test_a_value_rare_among_the_matches_is_read_and_sorted_without_walking(office,
                                                                           monkeypatch):
    """Sorted by status, descending, the withdrawn rows come first: few among the
    matches (a province's at a national office: 0.15% of the rows), they are found in
    the full-text index and sorted, not looked for by walking the date's order."""
    monkeypatch.setattr(registration_list, "COLLECT_LIMIT", 10)  # fewer are sorted
    # The walks' bounds as a million rows make them: a short first step, a page far
    # away (a first page here is 200 rows of 80).
    monkeypatch.setattr(registration_list, "VALUE_WALK_FIRST", 0.05)
    monkeypatch.setattr(registration_list, "VALUE_WALK_RATIO", 0.2)
    for filters in ({"year": 2025}, {"unit_code": OFFICE_CODE}):
        query = ListQuery(sort="status", descending=True, **filters)
        steps: list = []
        rows = registration_list.page(office.db, query, 0, 200, trace=steps)
        assert [row[0] for row in rows] == reference(office, query)
        withdrawn = [index for index, (sql, params) in enumerate(steps)
                     if "MATCH" in sql and any("s727574" in str(p) for p in params)]
        assert withdrawn, steps
        # One short walk, then the full-text index: the page is not walked for.
        walks = [params for sql, params in steps[:withdrawn[0]] if "hit" in sql]
        assert len(walks) == 1 and walks[0][-3] == 10, steps  # 200 x 0.05 entries
        after = steps[withdrawn[0] + 1][0]
        assert "json_each" in after and "hit" not in after, after
