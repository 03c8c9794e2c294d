"""The exports of one send-down, reading the office's records once (issue 25).

Sending down to every commune is one export per commune, and an export down
(`exporter.plan`) reads every record this office owns that changed since the
recipient's last bundle, adds every record of this office they point at
(`_with_references`), then leaves out what points at another commune's records
(`_about_others`). For the demo province that read some 56,000 rows for each of its 129
communes (230 s). A `DownBatch` reads them once for the whole send-down:

- the office's records changed since the oldest last bundle of the recipients
  (`floor`), and, closing over what they point at, every record of the office they
  point at, each with the office's records it points at (`edges`);
- for each, the units outside this office whose records it points at, directly or
  through the office's records it points at (`foreign`): `_about_others` leaves a
  record out for a recipient exactly when one of these units is outside the
  recipient's part of the tree (a record it keeps never points at one it leaves out).

A recipient then gets the records changed since its own last bundle, with the office's
records they point at, whose foreign units all lie in its part of the tree: the same
records, row for row, as its export alone (tests/province/test_send_down_batch.py). A
recipient the batch does not cover (it took over merged units, or its last bundle is
older than the floor) is planned the ordinary way; so is everyone once a record that
travels down was written after the batch read them (then the batch reads again).
"""

from __future__ import annotations

import bisect
import json
from typing import Any

from sqlite_utils import Database

from app.sync import authority as rules
from app.sync import tree
from app.sync.exporter import Row, _rows_of, _select, travelling_columns
from app.sync.kinds import DOWN, SyncKind, all_kinds
from app.sync.kinds import get as get_kind

Node = tuple[str, str]  # (kind name, record key)
CHUNK = 5000  # keys looked up per query


class DownBatch:
    """What the exports down of one send-down share (see the module's doc)."""

    def __init__(self, db: Database, office: str, floor: int):
        self.db = db
        self.office = office
        self.floor = floor
        self.authority = frozenset(tree.authority_codes(db, office, DOWN))
        self._read_at: int | None = None
        self._domains: dict[str, frozenset[str]] = {}

    # -- what plan asks ---------------------------------------------------------------
    def covers(self, since: int, authority: set[str], fresh_takeover: bool) -> bool:
        return since >= self.floor and frozenset(authority) == self.authority \
            and not fresh_takeover

    def chosen(self, recipient: str, since: int) -> dict[str, dict[str, tuple[Row, int]]]:
        """kind -> key -> (row, local change number): what `exporter.plan` chooses for
        `recipient` after `_with_references` and `_about_others`."""
        if self._read_at is None or self._stale():
            self._read()
        allowed = self.authority | self._domain(recipient)
        result: dict[str, dict[str, tuple[Row, int]]] = {}
        if since == self.floor:  # the common case: every record read, by what it is about
            for units, nodes in self._groups.items():
                if units <= allowed:
                    for node in nodes:
                        result.setdefault(node[0], {})[node[1]] = self._rows[node]
            return result
        start = bisect.bisect_right(self._base_revs, since)
        todo = list(self._base[start:])
        seen = set(todo)
        while todo:
            node = todo.pop()
            for target in self._edges.get(node, ()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        for node in seen:
            if self._foreign[node] <= allowed:
                result.setdefault(node[0], {})[node[1]] = self._rows[node]
        return result

    # -- reading --------------------------------------------------------------------
    def _domain(self, recipient: str) -> frozenset[str]:
        if recipient not in self._domains:
            self._domains[recipient] = frozenset(tree.domain(self.db, recipient))
        return self._domains[recipient]

    def _clock(self) -> int:
        return self.db.execute("SELECT rev FROM sync_clock WHERE id = 1").fetchone()[0]

    def _stale(self) -> bool:
        """Whether a record that travels down was written since the batch read (an
        export writes its own bookkeeping, not such records; but never assume it)."""
        if self._clock() == self._read_at:
            return False
        for kind in all_kinds():
            condition = kind.export_where.get(DOWN)
            if condition is not None and self.db.execute(
                    f"SELECT 1 FROM [{kind.table}] WHERE rev > ? AND ({condition}) LIMIT 1",
                    [self._read_at]).fetchone():
                return True
        self._read_at = self._clock()
        return False

    def _read(self) -> None:
        self._read_at = self._clock()
        authority = set(self.authority)
        rows: dict[Node, tuple[Row, int]] = {}
        base: list[Node] = []
        for kind in all_kinds():
            for row, rev in _select(self.db, kind, DOWN,
                                    *_rows_of(kind, DOWN, self.floor, authority)):
                if rules.owner(kind, row) in authority:
                    node = (kind.name, str(row[kind.key]))
                    if node not in rows:
                        base.append(node)
                    rows[node] = (row, rev)
        base.sort(key=lambda node: rows[node][1])
        self._base = base
        self._base_revs = [rows[node][1] for node in base]
        edges: dict[Node, list[Node]] = {}
        direct: dict[Node, set[str | None]] = {}
        looked: dict[Node, tuple[Row, int, Any] | None] = {}
        frontier = list(base)
        while frontier:
            self._look_up(frontier, rows, looked)
            following: list[Node] = []
            for node in frontier:
                row = rows[node][0]
                mine, foreign = edges.setdefault(node, []), direct.setdefault(node, set())
                for column, target_name in get_kind(node[0]).refs.items():
                    if row.get(column) is None:
                        continue
                    target = (target_name, str(row[column]))
                    found = looked.get(target)
                    if found is None:
                        continue  # not a record that travels down: nothing to check
                    target_row, target_rev, origin = found
                    owner = rules.owner(get_kind(target_name), target_row)
                    if owner in authority:
                        mine.append(target)
                        if target not in rows:
                            rows[target] = (target_row, target_rev)
                            following.append(target)
                    elif origin is not None and origin != "VN":
                        foreign.add(owner)
            frontier = following
        self._rows = rows
        self._edges = edges
        # What a record points at through the office's own records counts as its own.
        foreign_of = {node: set(units) for node, units in direct.items()}
        changed = True
        while changed:
            changed = False
            for node, targets in edges.items():
                units = foreign_of[node]
                for target in targets:
                    more = foreign_of[target] - units
                    if more:
                        units |= more
                        changed = True
        self._foreign = {node: frozenset(units) for node, units in foreign_of.items()}
        groups: dict[frozenset[str | None], list[Node]] = {}
        for node, units in self._foreign.items():
            groups.setdefault(units, []).append(node)
        self._groups = groups

    def _look_up(self, nodes: list[Node], rows: dict[Node, tuple[Row, int]],
                 looked: dict[Node, tuple[Row, int, Any] | None]) -> None:
        """Read the records `nodes` point at that were not read yet, as `_select` reads
        them going down (with their origin)."""
        wanted: dict[str, set[str]] = {}
        for node in nodes:
            row = rows[node][0]
            for column, target_name in get_kind(node[0]).refs.items():
                if row.get(column) is not None:
                    target = (target_name, str(row[column]))
                    if target not in looked:
                        wanted.setdefault(target_name, set()).add(target[1])
        for target_name, keys in wanted.items():
            kind = get_kind(target_name)
            ordered = sorted(keys)
            for start in range(0, len(ordered), CHUNK):
                chunk = ordered[start:start + CHUNK]
                for node in ((target_name, key) for key in chunk):
                    looked[node] = None
                for row, rev, origin in _select_with_origin(self.db, kind, chunk):
                    looked[(target_name, str(row[kind.key]))] = (row, rev, origin)


def _select_with_origin(db: Database, kind: SyncKind,
                        keys: list[str]) -> list[tuple[Row, int, Any]]:
    """`_select(db, kind, DOWN, key IN keys AND rev > 0)`, each row with its origin."""
    condition = kind.export_where.get(DOWN)
    if condition is None:
        return []
    columns = travelling_columns(db, kind)
    select = ", ".join(f"[{c}]" for c in [*columns, "rev", "origin"])
    cursor = db.execute(
        f"SELECT {select} FROM [{kind.table}] WHERE ([{kind.key}] IN (SELECT value FROM"
        f" json_each(?)) AND rev > 0) AND ({condition})", [json.dumps(keys)])
    return [(dict(zip(columns, row[:-2], strict=True)), row[-2], row[-1]) for row in cursor]
