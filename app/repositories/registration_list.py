"""The registrations list: one page of rows for a ListQuery (filters, search words,
order), and how many rows it holds, fast at the national size (a million rows: a
first page in 4 ms, the 441 filters and orders of bench_search's matrix under 50 ms;
bench/README.md).

**Orders.** Every order ends in `seq`, so that a page always holds the same rows:

- the registration date (the default, newest first), the model's name, the registrant,
  the office of origin: that column, then seq;
- a column of a few values (year, field, kind, collective or individual, form,
  status): that column, then the registration date, then seq (within a field the
  newest registrations first when the order is descending);
- the sub-unit: its name (`subunit_name`, the sub-unit's folded name kept on each
  registration), then its code (two villages of one name in two communes stay
  apart), then seq; registrations without a sub-unit come first (last when the
  order is descending).

**Which rows match** is asked of the full-text index `registrations_fts` (schema
0018). Its column `search_words` holds the folded words of the name, the registrant
and the sub-unit, matched as word prefixes ("dan van kh" finds every row with a word
starting "dan", one with "van" and one with "kh"); its column `tags` holds one word per
filter value of the row (`tag`). Any mix of words and filters is one full-text query,
whose lists FTS5 intersects in milliseconds even when each part is common and they
rarely meet (field 1 and "an ninh": 86 rows of a million).

**A page** is found in one of two ways, both exact, chosen by how many rows match
(the full-text index read up to PROBE_CAP rows, a few milliseconds):

1. Few matches (fewer than COLLECT_LIMIT): they are read and sorted.
2. More: the list is walked in its order on an index that carries every filter column
   (`registrations_list` and `registrations_year_list` for the registration date,
   with the words too; `registrations_name`, `registrations_registrant`,
   `registrations_subunit_order`), each entry tested, until the page is full. With a few
   thousand matches the walk is bounded (WALK_SLACK times as far as their share of the
   rows says it needs to go) and, falling short (the matches gather at the other end
   of the order), the matches are read and sorted after all; with more, the walk
   fills the page soon. Where the order's index lacks the words (name, registrant,
   sub-unit, origin), a word is tested in the row, which costs twenty index entries:
   up to UNCOVERED_COLLECT_LIMIT matches are read and sorted instead.

A column of a few values is walked one value at a time, each value a filter of the
registration date's order (walked first, at most VALUE_WALK_RATIO entries per row
wanted, then as above). The sub-unit's order, and the name's and the registrant's
when one of those columns is filtered (exemplars gather at one end of all three: they
live in villages and are named after a person), read one range of their index led by
those columns per combination of their values that the filters allow, merged by
SQLite (`_by_ranges`; the sub-unit's name is kept on each registration,
`subunit_name`, migration list_subunit_order). Only the 200 rows shown are read in full,
once the walk or the sort has picked them (the inner `SELECT r.seq ...`).

The walk's word test is the exact counterpart of the full-text match: FTS5's unicode61
tokenizer splits ASCII text into runs of [0-9a-z], and a query word is a prefix of one
of those runs exactly when it follows a character outside [0-9a-z] (or the start) in
the row's words: `(' ' || search_words) GLOB '*[^0-9a-z]word*'`. `instr` goes first
only because it is ten times cheaper and rejects most rows. This needs `search_words`
in ASCII, which `registrations.search_words()` guarantees (and
`registrations.ensure_ascii_words` for rows written before it did).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from app.domain.fields import FIELDS
from app.domain.listing import ListQuery
from app.domain.registration import KINDS, MODES, STATUSES, SUBJECTS
from app.domain.text import search_terms
from app.repositories import statistics

# Rows read from the full-text index to learn how many match (a few milliseconds).
PROBE_CAP = 6_000
# Fewer matches than this are read and sorted; more are found by walking the order.
COLLECT_LIMIT = 3_000
# The same where the walk would test words (or a statistics figure) in the row.
UNCOVERED_COLLECT_LIMIT = 10_000
# A walk among a known number of matches goes at most this many times as far as their
# share of the rows says it needs to, then reads and sorts them.
WALK_SLACK = 4
# One value of a column of few values (the list sorted by field, status...) is walked
# first, this many entries per row wanted, then as far as the matches met say, at most
# VALUE_WALK_RATIO entries per row wanted.
VALUE_WALK_FIRST = 40
VALUE_WALK_RATIO = 400
# A unit filter names at most this many offices in the full-text query (a district
# or province and the offices under it); a bigger tree is filtered in SQL.
UNIT_TAGS_MAX = 300

DEFAULT_SORT = "registered_on"
_ORDERS: dict[str, tuple[str, ...]] = {
    "registered_on": ("r.registered_on",),
    "name": ("r.name_fold",),
    "registrant": ("r.registrant_fold",),
    "origin": ("r.origin",),
    "year": ("r.year", "r.registered_on"),
    "field": ("r.field", "r.registered_on"),
    "kind": ("r.kind", "r.registered_on"),
    "subject": ("r.subject", "r.registered_on"),
    "mode": ("r.mode", "r.registered_on"),
    "status": ("r.status", "r.registered_on"),
    "subunit_name": ("r.subunit_name", "r.subunit_code"),
}
# Columns of a few values, in SQLite's order: walked one value at a time.
_SEGMENTS: dict[str, tuple[Any, ...]] = {
    "field": tuple(sorted(FIELDS)), "kind": tuple(sorted(KINDS)),
    "subject": tuple(sorted(SUBJECTS)), "mode": tuple(sorted(MODES)),
    "status": tuple(sorted(STATUSES)),
}
# Orders walked on an index that holds the words, and the filter columns.
_WORDS_INDEXED = frozenset({"registered_on", "year", *_SEGMENTS})
_FILTERS_INDEXED = frozenset({"registered_on", "year", "name", "registrant", "subunit_name",
                              *_SEGMENTS})
# Orders whose index starts with the year or is the registration date's: a year filter
# keeps its index (`registrations_year_list`: the year's rows, in the order).
_YEAR_LED = frozenset({"registered_on", "year"})
# The columns of few values leading the indexes of the orders walked by ranges
# (`_by_ranges`, migration list_subunit_order), in the indexes' order; those orders.
_RANGE_LEAD = ("kind", "subject", "field", "mode", "status")
_RANGED = frozenset({"subunit_name", "name", "registrant"})

_EQUALITY = ("year", "field", "kind", "status", "mode", "subject", "subunit_code")
_INTEGER_FILTERS = frozenset({"year", "field"})
_TAG_LETTERS = {"year": "y", "field": "f", "kind": "k", "status": "s", "mode": "m",
                "subject": "j", "unit_code": "u", "subunit_code": "v"}

_LIST_SQL = (
    "SELECT r.id, r.year, r.name, r.registrant, r.field, r.kind, r.subject, r.mode, r.status,"
    " u.name, r.registered_on, r.origin FROM registrations r"
    " LEFT JOIN units u ON u.code = r.subunit_code"
)
_FTS_SQL = "SELECT rowid FROM registrations_fts WHERE registrations_fts MATCH ?"
_WORD_TEST = "instr(r.search_words, ?) AND (' ' || r.search_words) GLOB ?"
_IN_FOUND = "r.seq IN (SELECT value FROM json_each(?))"
_IN_OFFICES = "r.unit_code IN (SELECT value FROM json_each(?))"
_SUBTREE = ("WITH RECURSIVE tree(code) AS (SELECT ? UNION SELECT t.code FROM units t"
            " JOIN tree ON t.parent_code = tree.code) SELECT code FROM tree")

Statements = list[tuple[str, list[Any]]]


def tag(column: str, value: Any) -> str:
    """The word of the full-text column `tags` for a filter value: a letter naming the
    column, then the value's UTF-8 bytes in hexadecimal (as schema 0018's view
    `registrations_search` writes them with SQLite's hex())."""
    text = str(int(value)) if column in _INTEGER_FILTERS else str(value)
    return _TAG_LETTERS[column] + text.encode("utf-8").hex()


def fts_expression(text: str) -> str:
    """'Dân vận khé' -> 'search_words : ("dan"* AND "van"* AND "khe"*)' (word prefixes,
    folded; never a tag)."""
    terms = search_terms(text)
    if not terms:
        return ""
    return "search_words : (" + " AND ".join(f'"{term}"*' for term in terms) + ")"


@dataclass
class _Filters:
    """A query's filters, as a full-text expression (words and tags) and as SQL."""

    terms: list[str]
    match: str  # the full-text expression, "" for none
    equality: list[tuple[str, Any]]  # (column, value as stored)
    unit: tuple[str, list[Any]] | None = None  # SQL of the unit filter
    unit_in_match: bool = False
    measure: tuple[str, list[Any]] | None = None

    @classmethod
    def of(cls, db: Database, query: ListQuery) -> _Filters:
        equality = []
        for column in _EQUALITY:
            value = getattr(query, column)
            if value is None or value == "":
                continue
            equality.append((column, int(value) if column in _INTEGER_FILTERS
                             else str(value)))
        tags = [tag(column, value) for column, value in equality]
        unit, unit_in_match = None, False
        if query.unit_code:
            if query.unit_subtree:
                unit = (f"r.unit_code IN ({_SUBTREE})", [query.unit_code])
                offices = _offices_under(db, query.unit_code)
                if len(offices) <= UNIT_TAGS_MAX:
                    tags.append("(" + " OR ".join(tag("unit_code", code)
                                                  for code in offices) + ")")
                    unit, unit_in_match = (_IN_OFFICES, [json.dumps(offices)]), True
            else:
                unit = ("r.unit_code = ?", [query.unit_code])
                tags.append(tag("unit_code", query.unit_code))
                unit_in_match = True
        measure = statistics.measure_clause(db, query) if query.measure or query.level \
            else None
        words = fts_expression(query.search)
        parts = [words] if words else []
        if tags:
            parts.append("tags : (" + " AND ".join(tags) + ")")
        return cls(search_terms(query.search), " AND ".join(parts), equality, unit,
                   unit_in_match, measure)

    @property
    def ranged(self) -> bool:
        """Whether a column leading the ranges' indexes is filtered (its rows may
        gather at one end of the name's or the registrant's order)."""
        return any(column in _RANGE_LEAD for column, _value in self.equality)

    @property
    def nothing(self) -> bool:
        return not self.match and self.unit is None and self.measure is None

    def extra(self) -> tuple[list[str], list[Any]]:
        """What the full-text expression does not hold, as SQL."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.unit is not None and not self.unit_in_match:
            clauses.append(self.unit[0])
            params += self.unit[1]
        if self.measure is not None:
            clauses.append(self.measure[0])
            params += self.measure[1]
        return clauses, params

    def seek(self, key: str) -> tuple[list[str], list[Any]]:
        """The filter that chooses the range of the order's index a walk reads: the
        year, for the registration date's order and the year's
        (`registrations_year_list`); none for the others."""
        years = [value for column, value in self.equality if column == "year"]
        return (["r.year = ?"], years) if years and key in _YEAR_LED else ([], [])

    def sql(self, *, walk: bool = False, keep_year: bool = False, words: bool = False,
            no_year: bool = False, without: tuple[str, ...] = ()
            ) -> tuple[list[str], list[Any]]:
        """Every filter as SQL over `r`. `walk`: hidden from the planner with a unary
        "+" (tested in the order's index instead of picking rows by their own index),
        but for the year when `keep_year`; `words`: with the word tests; `no_year`:
        without the year (the walk's `seek`); `without`: nor these columns (those
        leading the ranges `_by_ranges` reads)."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in self.equality:
            if (no_year and column == "year") or column in without:
                continue
            hide = "+" if walk and not (keep_year and column == "year") else ""
            clauses.append(f"{hide}r.{column} = ?")
            params.append(value)
        if self.unit is not None:
            clauses.append(("+" if walk else "") + self.unit[0])
            params += self.unit[1]
        if self.measure is not None:
            clauses.append(self.measure[0])
            params += self.measure[1]
        if words:
            for term in self.terms:
                clauses.append(_WORD_TEST)
                params += [term, f"*[^0-9a-z]{term}*"]
        return clauses, params


def _offices_under(db: Database, code: str) -> list[str]:
    """The unit and the offices under it (a registration belongs to an office, never
    to a sub-unit: the tree is not walked into the thousands of villages and branches
    under a province's communes)."""
    return [row[0] for row in db.execute(
        "WITH RECURSIVE tree(code) AS (SELECT ? UNION SELECT t.code FROM units t"
        " JOIN tree ON t.parent_code = tree.code WHERE t.level <> 'coso')"
        " SELECT code FROM tree", [code])]


def _where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def _sort(query: ListQuery) -> tuple[str, str]:
    key = query.sort if query.sort in _ORDERS else DEFAULT_SORT
    return key, "DESC" if query.descending else "ASC"


def _order_by(columns: tuple[str, ...], direction: str) -> str:
    return " ORDER BY " + ", ".join(f"{column} {direction}" for column in columns)


def selection(db: Database, query: ListQuery) -> tuple[str, list[Any], str]:
    """WHERE, its parameters and ORDER BY of every row the list shows (not one page:
    exports stream them all). The caller's SQL joins `units u` on the sub-unit."""
    filters = _Filters.of(db, query)
    clauses, params = filters.extra()
    if filters.match:
        clauses = [f"r.seq IN ({_FTS_SQL})", *clauses]
        params = [filters.match, *params]
    key, direction = _sort(query)
    return _where(clauses), params, _order_by((*_ORDERS[key], "r.seq"), direction)


@dataclass
class _Page:
    """One page of one order: runs statements, noting them when asked (benchmarks
    replay them bare)."""

    db: Database
    key: str
    direction: str
    offset: int
    limit: int
    trace: Statements | None
    columns: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.columns = (*_ORDERS[self.key], "r.seq")

    @property
    def order(self) -> str:
        return _order_by(self.columns, self.direction)

    def run(self, sql: str, params: list[Any]) -> list[tuple]:
        if self.trace is not None:
            self.trace.append((sql, params))
        return self.db.execute(sql, params).fetchall()

    def rows(self, clauses: list[str], params: list[Any]) -> list[tuple]:
        """The page among the rows meeting `clauses`: the inner query picks their seq
        (on indexes, mostly), then only those rows are read."""
        inner = f"SELECT r.seq FROM registrations r{_where(clauses)}{self.order} LIMIT ? OFFSET ?"
        return self.run(f"{_LIST_SQL} WHERE r.seq IN ({inner}){self.order}",
                        [*params, self.limit, self.offset])

    def probe(self, filters: _Filters, cap: int) -> list[int]:
        """The first matches (seq), at most `cap`."""
        if filters.match:
            return [row[0] for row in self.run(_FTS_SQL + " LIMIT ?", [filters.match, cap])]
        clauses, params = filters.sql()
        return [row[0] for row in self.run(
            f"SELECT r.seq FROM registrations r{_where(clauses)} LIMIT ?", [*params, cap])]

    def collect(self, found: list[int], filters: _Filters) -> list[tuple]:
        """The page among `found` (every match of the full-text expression), sorted."""
        clauses, params = filters.extra()
        return self.rows([_IN_FOUND, *clauses], [json.dumps(found), *params])

    def bounded(self, seek: tuple[list[str], list[Any]], tests: tuple[list[str], list[Any]],
                walked: int) -> list[tuple]:
        """The page among the first `walked` entries of the order (in the range `seek`
        chooses) that pass `tests`: the walk stops at the page's last row or there."""
        (where, where_params), (test, test_params) = seek, tests
        entries = (f"SELECT r.seq AS seq, ({' AND '.join(test) or '1'}) AS hit"
                   f" FROM registrations r{_where(where)}{self.order} LIMIT ?")
        inner = f"SELECT seq FROM ({entries}) WHERE hit LIMIT ? OFFSET ?"
        return self.run(f"{_LIST_SQL} WHERE r.seq IN ({inner}){self.order}",
                        [*test_params, *where_params, walked, self.limit, self.offset])


def _total(db: Database) -> int:
    """About how many registrations there are (they are never deleted)."""
    return db.execute("SELECT coalesce(max(seq), 0) FROM registrations").fetchone()[0]


def page(db: Database, query: ListQuery, offset: int, limit: int, *,
         trace: Statements | None = None, part: bool = False) -> list[tuple]:
    """Rows `offset` to `offset + limit` of the list (columns of LIST_COLUMNS).

    `trace`, when given, receives every (sql, params) run, in order. `part`: the
    rows of one value of a column of few values (`_by_values`).
    """
    key, direction = _sort(query)
    if key in _SEGMENTS and getattr(query, key) not in (None, ""):
        key = DEFAULT_SORT  # filtered on its own column: one value, the date's order
    work = _Page(db, key, direction, offset, limit, trace)
    filters = _Filters.of(db, query)
    if filters.nothing:
        if key == "subunit_name":
            return _by_ranges(work, filters)
        return _by_values(db, query, key, work) if key in _SEGMENTS else work.rows([], [])
    if part:
        # One value of a column of few values, among many matching rows: the walk
        # comes first, bounded, in two steps. The first, short, fills the page of a
        # common value; the matches it meets say how far the page lies, and the second
        # goes that far (twice), if no farther than VALUE_WALK_RATIO entries per row
        # wanted. Falling short, or too far (withdrawn rows of a province), the
        # value's matches are few after all: the full-text index finds them.
        wanted = offset + limit
        total = _total(db)
        seek = filters.seek(key)
        tests = filters.sql(walk=True, words=True, no_year=bool(seek[0]))
        walked = math.ceil(wanted * min(VALUE_WALK_FIRST, VALUE_WALK_RATIO))
        rows = work.bounded(seek, tests, walked)
        if len(rows) == limit or walked >= total:
            return rows
        met = offset + len(rows) if rows else 0
        farther = math.ceil(walked * wanted / met * 2) if met else total + 1
        if farther <= wanted * VALUE_WALK_RATIO:
            rows = work.bounded(seek, tests, farther)
            if len(rows) == limit or farther >= total:
                return rows
    covered = key in _FILTERS_INDEXED and filters.measure is None and \
        (key in _WORDS_INDEXED or not filters.terms)
    collect_limit = COLLECT_LIMIT if covered else UNCOVERED_COLLECT_LIMIT
    if key in _SEGMENTS:  # each value's rows are walked on their own: no bound to plan
        cap = max(min(collect_limit, PROBE_CAP), 1)
    else:  # up to the collect limit at least: matches are sorted only when all are known
        cap = max(PROBE_CAP, 1) if covered else max(PROBE_CAP, collect_limit, 1)
    found = work.probe(filters, cap)
    if not found:
        return []
    if len(found) < min(collect_limit, cap):
        return work.collect(found, filters)
    if key in _SEGMENTS:
        return _by_values(db, query, key, work)
    if key == "subunit_name" or (key in _RANGED and filters.ranged):
        return _by_ranges(work, filters)
    walk = filters.sql(walk=True, keep_year=key in _YEAR_LED, words=True)
    if len(found) >= cap:  # many: the walk soon fills the page
        return work.rows(*walk)
    # A few thousand: the walk is bounded, in case they gather at the order's far end.
    total = _total(db)
    walked = math.ceil((offset + limit) * total / len(found) * WALK_SLACK)
    seek = filters.seek(key)
    rows = work.bounded(seek, filters.sql(walk=True, words=True, no_year=bool(seek[0])),
                        walked)
    if len(rows) == limit or walked >= total:
        return rows
    return work.collect(found, filters)


def _by_values(db: Database, query: ListQuery, key: str, work: _Page) -> list[tuple]:
    """A column of a few values: each value's rows in the registration date's order,
    one value after the other."""
    values = _SEGMENTS[key][::-1] if work.direction == "DESC" else _SEGMENTS[key]
    rows: list[tuple] = []
    skip = work.offset
    for value in values:
        part = dataclasses.replace(query, sort=DEFAULT_SORT, **{key: value})
        found = page(db, part, skip, work.limit - len(rows), trace=work.trace, part=True)
        rows += found
        if len(rows) == work.limit:
            break
        skip = 0 if found else skip - count(db, part)
    return rows


def _by_ranges(work: _Page, filters: _Filters) -> list[tuple]:
    """The sub-unit's, the name's or the registrant's order, walked on its index led by
    the columns of few values (migration list_subunit_order: `registrations_subunit_order`,
    `registrations_name_order`, `registrations_registrant_order`): one range of it per
    combination of their values that the filters allow (all 64 combinations without a
    filter, 32 with the kind's, one with all five), each range in the order and tested
    for the other filters, merged in order by SQLite (a compound SELECT with ORDER BY
    merges its parts; no part is sorted). A filter that keeps only rows late in the
    order (exemplars: in villages, "Thôn...", and named after a person) reads only its
    own ranges, from their first match."""
    fixed = dict(filters.equality)
    ranges = itertools.product(*((fixed[column],) if column in fixed else _SEGMENTS[column]
                                 for column in _RANGE_LEAD))
    tests, test_params = filters.sql(walk=True, words=True, without=_RANGE_LEAD)
    lead = " AND ".join(f"r.{column} = ?" for column in _RANGE_LEAD)
    names = [column.removeprefix("r.") for column in work.columns]
    part = (f"SELECT {', '.join(f'r.{name} AS {name}' for name in names)}"
            f" FROM registrations r{_where([lead, *tests])}")
    parts, params = [], []
    for values in ranges:
        parts.append(part)
        params += [*values, *test_params]
    merged = " UNION ALL ".join(parts) + _order_by(tuple(names), work.direction)
    inner = f"SELECT seq FROM ({merged} LIMIT ? OFFSET ?)"
    return work.run(f"{_LIST_SQL} WHERE r.seq IN ({inner}){work.order}",
                    [*params, work.limit, work.offset])


def count(db: Database, query: ListQuery) -> int:
    filters = _Filters.of(db, query)
    if filters.nothing:
        return db.execute("SELECT count(*) FROM registrations").fetchone()[0]
    clauses, params = filters.extra()
    if filters.match and not clauses:
        return db.execute(f"SELECT count(*) FROM ({_FTS_SQL})",
                          [filters.match]).fetchone()[0]
    if filters.match:
        clauses, params = [f"r.seq IN ({_FTS_SQL})", *clauses], [filters.match, *params]
    return db.execute("SELECT count(*) FROM registrations r" + _where(clauses),
                      params).fetchone()[0]
