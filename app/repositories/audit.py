"""The append-only, hash-chained audit log."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from app import clock

GENESIS = "0" * 64


def chain_hash(prev_hash: str, at: str, actor: str, action: str, kind: str, record_id: str,
               detail: str) -> str:
    payload = "\x1f".join([prev_hash, at, actor, action, kind, record_id, detail])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(db: Database, *, actor: str, action: str, kind: str, record_id: str = "",
           detail: str = "") -> None:
    row = db.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    at = clock.stamp()
    digest = chain_hash(prev, at, actor, action, kind, record_id, detail)
    db.execute(
        "INSERT INTO audit_log (at, actor, action, kind, record_id, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [at, actor, action, kind, record_id, detail, prev, digest],
    )


def append_many(db: Database, *, actor: str, action: str, kind: str,
                entries: list[tuple[str, str]]) -> None:
    """`append()` for many records at once: (record_id, detail) each, chained in order."""
    row = db.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    prev = row[0] if row else GENESIS
    at = clock.stamp()
    lines = []
    for record_id, detail in entries:
        digest = chain_hash(prev, at, actor, action, kind, record_id, detail)
        lines.append((at, actor, action, kind, record_id, detail, prev, digest))
        prev = digest
    db.conn.executemany(
        "INSERT INTO audit_log (at, actor, action, kind, record_id, detail, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", lines)


@dataclass
class Scan:
    """One pass over the log: how many entries it has, the first whose stored hash does
    not follow (None: intact), and the chain recomputed from the entries themselves
    (ignoring the stored hashes) after the first `n` entries, for each `n` asked."""

    count: int
    broken_at: int | None
    heads: dict[int, str]


def scan(db: Database, positions: Iterable[int] = (), *, after: int = 0,
         head: str = GENESIS, after_seq: int | None = None) -> Scan:
    """Read the log once. With `after`, only the entries after the first `after` ones
    (the `after`-th has `after_seq`, when known), taking `head` as the chain's head
    there (a checkpoint continues from the last)."""
    wanted = set(positions)
    heads = {after: head} if after in wanted else {}
    stored = recomputed = head
    broken = None
    count = after
    where, params = "", []
    if after:
        if after_seq is None:
            found = anchor(db, after)
            if found is None:
                return Scan(count=len_of(db), broken_at=None, heads={})
            after_seq = found[0]
        where, params = " WHERE seq > ?", [after_seq]
    for seq, at, actor, action, kind, record_id, detail, prev_hash, digest in db.execute(
        "SELECT seq, at, actor, action, kind, record_id, detail, prev_hash, hash"
        f" FROM audit_log{where} ORDER BY seq", params
    ):
        count += 1
        recomputed = chain_hash(recomputed, at, actor, action, kind, record_id, detail)
        if broken is None and (prev_hash != stored or recomputed != digest):
            # Until the first break the recomputed chain is the stored one.
            broken = seq
        stored = digest
        if count in wanted:
            heads[count] = recomputed
    return Scan(count=count, broken_at=broken, heads=heads)


def len_of(db: Database) -> int:
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def anchor(db: Database, entries: int) -> tuple[int, str] | None:
    """(seq, stored hash) of the `entries`-th entry ((0, GENESIS) for none; None when
    the log is shorter), without hashing the entries before it."""
    if entries == 0:
        return 0, GENESIS
    row = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq LIMIT 1 OFFSET ?",
                     [entries - 1]).fetchone()
    return (row[0], row[1]) if row else None


def verify_chain(db: Database) -> int | None:
    """The seq of the first row whose hash does not follow, or None if intact."""
    return scan(db).broken_at


def last(db: Database) -> tuple[int, str]:
    """(number of entries, stored hash of the last one), without reading the log."""
    row = db.execute("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (len_of(db), row[0]) if row else (0, GENESIS)


def recent(db: Database, limit: int = 100) -> list[dict]:
    return list(db.query("SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?", [limit]))
