"""The registrations list: one page of rows for a ListQuery (filters, search words,
order), and how many rows it holds, fast at the national size (a million rows).

Search words are matched as word prefixes: "dan van kh" finds every registration with
a word starting with "dan", one with "van" and one with "kh" in its `search_words`
(folded name, registrant and sub-unit), as the full-text index `registrations_fts`
defines it. Which rows those are is never in doubt; the work is in finding the first
page of them in the list's order without reading every match. A page is found in one
of three ways, all exact, chosen by how many rows match:

1. Few matches (fewer than PROBE_LIMIT, counted on the full-text index in a fraction of
   a millisecond): the matches are read and sorted; 2,000 rows take ~5 ms.
2. Many matches: the list is walked in its order on an index that carries the words
   (`registrations_list`, migration 0004) and each row's words are tested until the
   page is full; "d" matches 90% of rows and needs ~220 of them, not 900,000. The walk
   is bounded to SCAN_RATIO rows per row wanted, so words that are common overall but
   rare at this end of the list (a year, "2023", in a list sorted newest first) stop
   early and go on to 3; so do words the probe shows to be rarer than that.
3. The walk fell short: all the matches are read from the full-text index; fewer than
   SORT_LIMIT are sorted as in 1, more are found by walking the list in its order and
   testing each row's membership of them.

Every page reads its 200 rows in full only once the walk or the sort has picked them
(the inner `SELECT r.seq ...`).

The row test of 2 is the exact counterpart of the full-text match: FTS5's unicode61
tokenizer splits ASCII text into runs of [0-9a-z], and a query word is a prefix of one
of those runs exactly when it follows a character outside [0-9a-z] (or the start) in
the row's words: `(' ' || search_words) GLOB '*[^0-9a-z]word*'`. `instr` goes first
only because it is ten times cheaper and rejects most rows. This needs `search_words`
in ASCII, which `registrations.search_words()` guarantees (and
`registrations.ensure_ascii_words` for rows written before it did).
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from app.domain.listing import ListQuery
from app.domain.text import search_terms
from app.repositories import statistics

# Fewer full-text matches than this: read and sort them all.
PROBE_LIMIT = 2_000
# After a walk that fell short: fewer matches than this are sorted, more are found by
# walking the list in order and testing membership (2.5 us a match against 0.15 us a
# row walked; they cross near 4,000 matches at a million rows).
SORT_LIMIT = 4_000
# Walking the list testing words: at most this many rows per row of the page wanted
# (the walk pays off while at least one row in SCAN_RATIO matches).
SCAN_RATIO = 100

_SORT_EXPRESSIONS = {
    "year": "r.year",
    "name": "r.name_fold",
    "registrant": "r.registrant_fold",
    "field": "r.field",
    "kind": "r.kind",
    "subject": "r.subject",
    "mode": "r.mode",
    "status": "r.status",
    "subunit_name": "u.name_fold",
    "registered_on": "r.registered_on",
    "origin": "r.origin",
}
DEFAULT_SORT = "registered_on"
# The sub-unit's name lives in another table: no index gives the list in its order,
# so a walk in that order cannot be bounded.
_UNINDEXED_SORTS = frozenset({"subunit_name"})
# Filters with a handful of values: their own indexes would make SQLite read every
# row with the value and sort them; walking the list index (which carries them) and
# skipping the others is faster, so the list query hides those indexes with a unary +.
_SPARSE_FILTERS = frozenset({"field", "kind", "status"})
_INTEGER_FILTERS = frozenset({"year", "field"})

_LIST_SQL = (
    "SELECT r.id, r.year, r.name, r.registrant, r.field, r.kind, r.subject, r.mode, r.status,"
    " u.name, r.registered_on, r.origin FROM registrations r"
    " LEFT JOIN units u ON u.code = r.subunit_code"
)
_UNITS_JOIN = " LEFT JOIN units u ON u.code = r.subunit_code"
_FTS_SQL = "SELECT rowid FROM registrations_fts WHERE registrations_fts MATCH ?"
_WORD_TEST = "instr(r.search_words, ?) AND (' ' || r.search_words) GLOB ?"

Statements = list[tuple[str, list[Any]]]


def fts_expression(text: str) -> str:
    """'Dân vận khé' -> '"dan"* AND "van"* AND "khe"*' (word prefixes, folded)."""
    return " AND ".join(f'"{term}"*' for term in search_terms(text))


def _filters(db: Database, query: ListQuery, *, walk: bool) -> tuple[list[str], list[Any]]:
    """WHERE clauses of the filters; with `walk`, sparse filters hide their index."""
    clauses: list[str] = []
    params: list[Any] = []
    for column in ("year", "field", "kind", "status", "subunit_code", "subject", "mode"):
        value = getattr(query, column)
        if value is None or value == "":
            continue
        hide = "+" if walk and column in _SPARSE_FILTERS else ""
        clauses.append(f"{hide}r.{column} = ?")
        # "+" also drops the column's affinity: give the value its stored type.
        params.append(int(value) if column in _INTEGER_FILTERS else str(value))
    if query.unit_code:
        if query.unit_subtree:
            clauses.append("r.unit_code IN (WITH RECURSIVE tree(code) AS (SELECT ? UNION"
                           " SELECT t.code FROM units t JOIN tree ON t.parent_code = tree.code)"
                           " SELECT code FROM tree)")
        else:
            clauses.append("r.unit_code = ?")
        params.append(query.unit_code)
    if query.measure or query.level:
        clause, extra = statistics.measure_clause(db, query)
        clauses.append(clause)
        params.extend(extra)
    return clauses, params


def selection(db: Database, query: ListQuery) -> tuple[str, list[Any], str]:
    """WHERE, its parameters and ORDER BY of every row the list shows (not one page:
    exports stream them all)."""
    clauses, params = _filters(db, query, walk=False)
    match = fts_expression(query.search)
    if match:
        clauses.append(f"r.seq IN ({_FTS_SQL})")
        params.append(match)
    _key, expression, direction = _sort(query)
    return _where(clauses), params, f" ORDER BY {expression} {direction}, r.seq {direction}"


def _word_tests(terms: list[str]) -> tuple[list[str], list[Any]]:
    params: list[Any] = []
    for term in terms:
        params.extend([term, f"*[^0-9a-z]{term}*"])
    return [_WORD_TEST] * len(terms), params


def _where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


def _sort(query: ListQuery) -> tuple[str, str, str]:
    key = query.sort if query.sort in _SORT_EXPRESSIONS else DEFAULT_SORT
    return key, _SORT_EXPRESSIONS[key], "DESC" if query.descending else "ASC"


class _Page:
    """One page of one query: runs statements, noting them when asked (benchmarks
    replay them bare)."""

    def __init__(self, db: Database, query: ListQuery, offset: int, limit: int,
                 trace: Statements | None):
        self.db = db
        self.offset = offset
        self.limit = limit
        self.trace = trace
        self.key, self.expression, self.direction = _sort(query)
        self.order = f" ORDER BY {self.expression} {self.direction}, r.seq {self.direction}"
        self.join = _UNITS_JOIN if self.key in _UNINDEXED_SORTS else ""

    def run(self, sql: str, params: list[Any]) -> list[tuple]:
        if self.trace is not None:
            self.trace.append((sql, params))
        return self.db.execute(sql, params).fetchall()

    def rows(self, clauses: list[str], params: list[Any]) -> list[tuple]:
        """The page among the rows meeting `clauses`: the inner query picks their seq
        (on indexes, mostly), then only those rows are read."""
        inner = (f"SELECT r.seq FROM registrations r{self.join}{_where(clauses)}{self.order}"
                 " LIMIT ? OFFSET ?")
        return self.run(f"{_LIST_SQL} WHERE r.seq IN ({inner}){self.order}",
                        [*params, self.limit, self.offset])

    def walk_bound(self, clauses: list[str], params: list[Any]) -> tuple[list[str], list[Any]]:
        """A clause keeping a walk to the first (offset + limit) * SCAN_RATIO rows of
        the list, and its parameters; none when the list is no longer than that."""
        if self.key in _UNINDEXED_SORTS:
            return [], []
        edge = self.run(
            f"SELECT {self.expression}, r.seq FROM registrations r{_where(clauses)}"
            f"{self.order} LIMIT 1 OFFSET ?",
            [*params, (self.offset + self.limit) * SCAN_RATIO - 1])
        if not edge:
            return [], []
        operator = ">=" if self.direction == "DESC" else "<="
        return [f"({self.expression}, r.seq) {operator} (?, ?)"], list(edge[0])


def page(db: Database, query: ListQuery, offset: int, limit: int, *,
         trace: Statements | None = None) -> list[tuple]:
    """Rows `offset` to `offset + limit` of the list (columns of LIST_COLUMNS).

    `trace`, when given, receives every (sql, params) run, in order.
    """
    work = _Page(db, query, offset, limit, trace)
    filters, params = _filters(db, query, walk=True)
    terms = search_terms(query.search)
    if not terms:
        return work.rows(filters, params)
    match = fts_expression(query.search)
    found = [row[0] for row in work.run(_FTS_SQL + " LIMIT ?", [match, PROBE_LIMIT])]
    if len(found) < PROBE_LIMIT:
        return work.rows([*filters, "r.seq IN (SELECT value FROM json_each(?))"],
                         [*params, json.dumps(found)])
    # The probe read the first matches in seq order, and seq numbers the rows (they
    # are never deleted): PROBE_LIMIT / found[-1] is about the share of rows that
    # match. Below one in SCAN_RATIO a bounded walk would fall short: skip it.
    if not found or found[-1] <= PROBE_LIMIT * SCAN_RATIO:
        words, word_params = _word_tests(terms)
        bound, edge = work.walk_bound(filters, params)
        rows = work.rows([*filters, *words, *bound], [*params, *word_params, *edge])
        if len(rows) == work.limit or not bound:
            return rows
    found = [row[0] for row in work.run(_FTS_SQL, [match])]
    if len(found) < SORT_LIMIT:
        return work.rows([*filters, "r.seq IN (SELECT value FROM json_each(?))"],
                         [*params, json.dumps(found)])
    # "+" keeps SQLite walking the list in order, testing membership, instead of
    # reading and sorting every match.
    return work.rows([*filters, "+r.seq IN (SELECT value FROM json_each(?))"],
                     [*params, json.dumps(found)])


def count(db: Database, query: ListQuery) -> int:
    terms = search_terms(query.search)
    if not terms:
        filters, params = _filters(db, query, walk=False)
        return db.execute("SELECT count(*) FROM registrations r" + _where(filters),
                          params).fetchone()[0]
    filters, params = _filters(db, query, walk=True)
    if not filters:
        # The full-text index holds one entry per registration: count there.
        return db.execute(f"SELECT count(*) FROM ({_FTS_SQL})",
                          [fts_expression(query.search)]).fetchone()[0]
    # Filters and words: one pass over the list index, which carries both.
    words, word_params = _word_tests(terms)
    return db.execute("SELECT count(*) FROM registrations r" + _where([*filters, *words]),
                      [*params, *word_params]).fetchone()[0]
