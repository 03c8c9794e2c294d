"""The append-only, hash-chained audit log."""

from __future__ import annotations

import hashlib

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


def verify_chain(db: Database) -> int | None:
    """The seq of the first row whose hash does not follow, or None if intact."""
    prev = GENESIS
    for seq, at, actor, action, kind, record_id, detail, prev_hash, digest in db.execute(
        "SELECT seq, at, actor, action, kind, record_id, detail, prev_hash, hash"
        " FROM audit_log ORDER BY seq"
    ):
        if prev_hash != prev or chain_hash(prev, at, actor, action, kind, record_id,
                                           detail) != digest:
            return seq
        prev = digest
    return None


def recent(db: Database, limit: int = 100) -> list[dict]:
    return list(db.query("SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?", [limit]))
