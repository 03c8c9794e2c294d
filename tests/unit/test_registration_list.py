"""The registrations list gives the same rows, in the same order, whichever way it
finds them (matches read and sorted, a walk in the list's order, a bounded walk falling
back to either), and the same rows as the plain SQL of its filters, words and order."""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.context import AppContext
from app.domain.listing import SORT_KEYS, ListQuery
from app.domain.text import search_terms
from app.repositories import registration_list
from app.repositories.registrations import search_words
from tests.conftest import OFFICE_CODE
from tests.unit.list_data import QUERIES, fill

# Settings of registration_list forcing each way of finding rows on a small file.
STRATEGIES = {
    "read and sort": {"COLLECT_LIMIT": 10**9, "UNCOVERED_COLLECT_LIMIT": 10**9,
                      "PROBE_CAP": 10**9, "VALUE_WALK_RATIO": 10**-6},
    "walk": {"COLLECT_LIMIT": 0, "UNCOVERED_COLLECT_LIMIT": 0, "PROBE_CAP": 1},
    "bounded walk": {"COLLECT_LIMIT": 0, "UNCOVERED_COLLECT_LIMIT": 0, "PROBE_CAP": 10**9,
                     "WALK_SLACK": 2},
    "bounded walk, then sort": {"COLLECT_LIMIT": 0, "UNCOVERED_COLLECT_LIMIT": 0,
                                "PROBE_CAP": 10**9, "WALK_SLACK": 10**-6,
                                "VALUE_WALK_RATIO": 10**-6},
    "a probe shorter than the limits": {"COLLECT_LIMIT": 10**9,
                                        "UNCOVERED_COLLECT_LIMIT": 10**9, "PROBE_CAP": 5},
    "as shipped": {},
}


def use_strategy(monkeypatch, name: str) -> None:
    for setting, value in STRATEGIES[name].items():
        monkeypatch.setattr(registration_list, setting, value)


# The orders as a clerk sees them: the column, for a column of a few values the
# registration date next, for the sub-unit its code next; seq last.
_ORDER = {"year": ("r.year", "r.registered_on"), "name": ("r.name_fold",),
          "registrant": ("r.registrant_fold",), "field": ("r.field", "r.registered_on"),
          "kind": ("r.kind", "r.registered_on"), "subject": ("r.subject", "r.registered_on"),
          "mode": ("r.mode", "r.registered_on"), "status": ("r.status", "r.registered_on"),
          "subunit_name": ("u.name_fold", "r.subunit_code"),
          "registered_on": ("r.registered_on",), "origin": ("r.origin",)}
_SUBTREE = ("r.unit_code IN (WITH RECURSIVE tree(code) AS (SELECT ? UNION SELECT t.code"
            " FROM units t JOIN tree ON t.parent_code = tree.code) SELECT code FROM tree)")


@pytest.fixture(scope="module")
def office_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("list") / "office.sqlite"
    with AppContext.open(path, actor="test") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=OFFICE_CODE)
        fill(ctx)
    return path


@pytest.fixture
def office(office_file):
    with AppContext.open(office_file, actor="test") as ctx:
        yield ctx


@pytest.fixture(params=list(STRATEGIES))
def strategy(request, monkeypatch):
    use_strategy(monkeypatch, request.param)
    return request.param


def reference(ctx: AppContext, query: ListQuery) -> list[str]:
    """What the list must show: every row its filters and words select, in its order,
    by plain SQL."""
    clauses, params = [], []
    for column in ("year", "field", "kind", "status", "subunit_code", "subject", "mode"):
        if getattr(query, column) is not None:
            clauses.append(f"r.{column} = ?")
            params.append(getattr(query, column))
    if query.unit_code:
        clauses.append(_SUBTREE if query.unit_subtree else "r.unit_code = ?")
        params.append(query.unit_code)
    terms = search_terms(query.search)
    if terms:
        clauses.append(
            "r.seq IN (SELECT rowid FROM registrations_fts WHERE registrations_fts MATCH ?)")
        # The words' column only: a filter's tag is no word of the registration.
        params.append("search_words : (" + " AND ".join(f'"{term}"*' for term in terms)
                      + ")")
    direction = "DESC" if query.descending else "ASC"
    sql = ("SELECT r.id FROM registrations r LEFT JOIN units u ON u.code = r.subunit_code"
           + (" WHERE " + " AND ".join(clauses) if clauses else "")
           + " ORDER BY " + ", ".join(f"{column} {direction}"
                                     for column in (*_ORDER[query.sort], "r.seq")))
    return [row[0] for row in ctx.db.execute(sql, params)]


def ids(ctx: AppContext, query: ListQuery, offset: int = 0, limit: int = 10_000) -> list[str]:
    return [row[0] for row in registration_list.page(ctx.db, query, offset, limit)]


def test_reference_is_what_a_clerk_expects(office):
    """The ground truth itself: word starts, no diacritics, no case."""
    rows = office.db.execute("SELECT id, search_words FROM registrations").fetchall()
    for text in QUERIES:
        terms = search_terms(text)
        if not terms:
            continue
        expected = {rid for rid, words in rows
                    if all(any(word.startswith(t) for word in words.split()) for t in terms)}
        assert set(reference(office, ListQuery(search=text))) == expected, text
    assert len(reference(office, ListQuery(search="dan van kheo"))) > 0
    # Letters with no marks to strip are spelled in ASCII, on both sides.
    for text in ("olympic", "ølym", "strasse", "m2", "m²"):
        assert reference(office, ListQuery(search=text)), text
    assert not reference(office, ListQuery(search="lympic"))


def test_every_query_every_strategy_same_rows_and_order(office, strategy):
    for text in QUERIES:
        query = ListQuery(search=text)
        expected = reference(office, query)
        assert ids(office, query) == expected, (strategy, text)
        # Short pages make the bounded walks fall short and take their second way.
        assert ids(office, query, 0, 5) + ids(office, query, 5, 5) == expected[:10], text


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_every_sort_order_with_search(office, strategy, sort):
    for text in ("d", "an", "hoa giai", "nguyen", "2021", "x"):
        for descending in (True, False):
            query = ListQuery(search=text, sort=sort, descending=descending)
            assert ids(office, query) == reference(office, query), (strategy, text, sort)


def filter_sets(ctx: AppContext) -> list[dict]:
    """Every filter of the list alone, and a few together."""
    subunit = ctx.units.subunits()[0].code
    office = ctx.office_code
    return [{"year": 2025}, {"field": 3}, {"kind": "dien_hinh"}, {"status": "rut"},
            {"mode": "nhan_rong"}, {"subject": "ca_nhan"}, {"subunit_code": subunit},
            {"unit_code": office}, {"unit_code": office, "unit_subtree": False},
            {"unit_code": "99999"}, {"year": 2026, "field": 2, "status": "da_dang_ky"},
            {"kind": "mo_hinh", "field": 1}, {"status": "rut", "mode": "moi", "year": 2025}]


def test_filters_with_search(office, strategy):
    for filters in filter_sets(office):
        for text in ("", "d", "an ninh", "nguyen", "zz"):
            query = ListQuery(search=text, **filters)
            assert ids(office, query) == reference(office, query), (strategy, filters, text)


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_every_filter_in_every_order(office, strategy, sort):
    for filters in filter_sets(office):
        for text in ("", "an"):
            for descending in (True, False):
                query = ListQuery(search=text, sort=sort, descending=descending, **filters)
                expected = reference(office, query)
                assert ids(office, query) == expected, (strategy, filters, text, sort)
                assert ids(office, query, 3, 4) == expected[3:7], (strategy, filters, sort)


def test_pages_join_up_to_the_whole_list(office, strategy):
    for text in ("", "d", "dan", "hoa", "nguyen thi", "2025"):
        query = ListQuery(search=text)
        whole = reference(office, query)
        paged: list[str] = []
        for offset in range(0, len(whole) + 7, 7):
            paged += ids(office, query, offset, 7)
        assert paged == whole, (strategy, text)


@pytest.mark.parametrize("sort", ["field", "status", "subunit_name"])
def test_pages_join_up_across_values_and_sub_units(office, strategy, sort):
    """Pages that end where one value's rows (or the rows without a sub-unit) end."""
    for filters in ({}, {"year": 2025, "mode": "moi"}, {"subject": "ca_nhan"}):
        for descending in (True, False):
            query = ListQuery(sort=sort, descending=descending, **filters)
            whole = reference(office, query)
            for size in (5, 7, 15):
                paged: list[str] = []
                for offset in range(0, len(whole) + size, size):
                    paged += ids(office, query, offset, size)
                assert paged == whole, (strategy, sort, filters, descending, size)


def test_filter_values_typed_as_text_still_match(office, strategy):
    for text in ("", "an"):
        typed = ListQuery(search=text, year="2025", field="3")  # a script might send text
        assert ids(office, typed) == reference(office, ListQuery(search=text, year=2025,
                                                                 field=3))


def test_count_matches_the_list(office):
    for text in QUERIES:
        for filters in [{}, *filter_sets(office)]:
            query = ListQuery(search=text, **filters)
            assert registration_list.count(office.db, query) == len(reference(office, query))


def test_common_words_walk_and_rare_words_use_the_index(office, monkeypatch):
    """The shape of the work, not only the result: a common word never reads every
    match, a rare one never walks the list."""
    monkeypatch.setattr(registration_list, "COLLECT_LIMIT", 20)
    common: list = []
    registration_list.page(office.db, ListQuery(search="d"), 0, 5, trace=common)
    assert "GLOB" in common[-1][0] and "MATCH" not in common[-1][0]
    rare: list = []
    assert registration_list.page(office.db, ListQuery(search="olympic"), 0, 5, trace=rare)
    assert len(rare) == 2 and "json_each" in rare[-1][0]


def test_a_filter_and_words_that_rarely_meet_are_one_full_text_query(office):
    """Field 1 and "an ninh" (issue 18, point 12): the full-text index gives their few
    rows at once, which are read and sorted; the list is never walked."""
    steps: list = []
    query = ListQuery(search="an ninh", field=3)
    rows = registration_list.page(office.db, query, 0, 200, trace=steps)
    assert rows and [row[0] for row in rows] == reference(office, query)
    assert len(steps) == 2 and "MATCH" in steps[0][0] and "json_each" in steps[1][0]
    assert "tags : (" in steps[0][1][0] and "GLOB" not in steps[1][0]


@pytest.mark.parametrize("sort", SORT_KEYS)
def test_walks_follow_an_index_in_the_lists_order(office, monkeypatch, sort):
    """Walking never sorts: the order's index gives the rows in order, the filters
    are tested in it (the row is read only for words where the index lacks them)."""
    monkeypatch.setattr(registration_list, "COLLECT_LIMIT", 0)
    monkeypatch.setattr(registration_list, "UNCOVERED_COLLECT_LIMIT", 0)
    for filters in ({"status": "da_dang_ky"}, {"year": 2025, "field": 3},
                    {"mode": "moi", "subject": "tap_the"}):
        for descending in (True, False):
            steps: list = []
            query = ListQuery(sort=sort, descending=descending, **filters)
            registration_list.page(office.db, query, 0, 10, trace=steps)
            walks = [(sql, params) for sql, params in steps
                     if "MATCH" not in sql and "json_each" not in sql
                     and "count(" not in sql and "LIMIT 1 OFFSET" not in sql]
            assert walks, (sort, filters)
            for sql, params in walks:
                inner = sql[sql.index("WHERE r.seq IN (") + len("WHERE r.seq IN ("):
                            sql.rindex(") ORDER BY")]
                plan = " | ".join(row[3] for row in office.db.execute(
                    "EXPLAIN QUERY PLAN " + inner, params[:inner.count("?")]))
                assert "TEMP B-TREE" not in plan, (sort, filters, plan)
                if sort != "origin":
                    assert "COVERING INDEX" in plan, (sort, filters, plan)


def test_the_tags_the_list_asks_for_are_the_ones_the_index_holds(office):
    columns = ("year", "field", "kind", "status", "mode", "subject", "unit_code",
               "subunit_code")
    rows = office.db.execute(f"SELECT s.tags, {', '.join('r.' + c for c in columns)}"
                             " FROM registrations_search s JOIN registrations r"
                             " ON r.seq = s.seq").fetchall()
    assert rows
    for held, *values in rows:
        wanted = [registration_list.tag(column, value)
                  for column, value in zip(columns, values, strict=True) if value is not None]
        assert held.lower().split() == wanted


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet="adhinogtuv 2015ĐđâơưếộÂØß²'-_.,()", max_size=12),
       sort=st.sampled_from(["registered_on", "name", "subunit_name", "status"]))
def test_any_typed_text_gives_the_reference_rows(office_file, text, sort):
    with AppContext.open(office_file, actor="test") as ctx:
        query = ListQuery(search=text, sort=sort)
        expected = reference(ctx, query)
        for name in STRATEGIES:
            with pytest.MonkeyPatch.context() as patch:
                use_strategy(patch, name)
                assert ids(ctx, query) == expected, name
                assert ids(ctx, query, 3, 4) == expected[3:7], name


def test_search_words_are_ascii_words_one_space_apart():
    words = search_words("Diện tích 1.200 m² (VietGAP) 2021-2025", "Câu lạc bộ Ølympic straße",
                         "Thôn_Đông, H'Mông")
    assert re.fullmatch(r"[0-9a-z]+( [0-9a-z]+)*", words)
    assert words == ("dien tich 1 200 m2 vietgap 2021 2025 cau lac bo olympic strasse"
                     " thon dong h mong")
    assert search_words("", "", None) == ""


def test_years_newest_first(office, ctx):
    assert office.registrations.years() == [2026, 2025]
    assert ctx.registrations.years() == []


def test_sorting_by_a_column_keeps_the_query(office):
    query = dataclasses.replace(ListQuery(search="hoa"), sort="mode", descending=False)
    assert ids(office, query) == reference(office, query)
