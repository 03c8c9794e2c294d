"""The attacker's tool against an office's audit log: plain SQLite on its data file, no
key and no passphrase. Drop the triggers that keep the log append-only, run any edit,
and compute the unkeyed hash chain again over what is left, so that the chain alone
finds nothing wrong."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.repositories.audit import GENESIS, chain_hash


def tamper(path: Path, *statements: str, recompute: bool = True) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = OFF")
    con.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    con.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for statement in statements:
        con.execute(statement)
    if recompute:
        prev = GENESIS
        rows = con.execute("SELECT seq, at, actor, action, kind, record_id, detail"
                           " FROM audit_log ORDER BY seq").fetchall()
        for seq, *fields in rows:
            digest = chain_hash(prev, *fields)
            con.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                        [prev, digest, seq])
            prev = digest
    con.commit()
    con.close()


def nth(n: int) -> str:
    """SQL for the seq of the n-th entry of the log (1-based)."""
    return f"(SELECT seq FROM audit_log ORDER BY seq LIMIT 1 OFFSET {n - 1})"
