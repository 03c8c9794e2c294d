"""Schema 0019: what a province needs in its busiest weeks (issue 25).

`sync_receipts`: which bundles an office has imported from the office above it (the
highest number of each sender's line, and the numbers below it still missing). A
receipt is a record like any other: the office that imported writes it, and it travels
up in its next bundle, so the office above sees which communes have imported the
decisions it sent down ("acknowledged by the sequence in its next bundle up"). One row
per (office, sender, recipient, line); its version goes up with every import.

`score_sheets.self_from`: the sheet of the level below whose approved self scores a
higher level's sheet started with (the commune's self-assessment travels up; the
sheet says where its self column came from). Empty when the self scores were typed.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
CREATE TABLE sync_receipts (
    id TEXT PRIMARY KEY,
    sender TEXT NOT NULL,
    recipient TEXT NOT NULL,
    line TEXT NOT NULL,
    last_seq INTEGER NOT NULL CHECK (last_seq >= 1),
    missing TEXT NOT NULL DEFAULT '',
    last_sha256 TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    rev INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_receipts_rev ON sync_receipts (rev);
CREATE INDEX sync_receipts_sender ON sync_receipts (sender, recipient, line);
ALTER TABLE score_sheets ADD COLUMN self_from TEXT NOT NULL DEFAULT '';
"""


def province(db: Database) -> None:
    run_script(db, SCHEMA)
