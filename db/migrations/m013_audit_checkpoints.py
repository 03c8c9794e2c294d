"""Schema 0013: signed checkpoints of the audit log (issue 15, point 11).

The audit log's hash chain is unkeyed: whoever holds the data file can drop the
triggers, change or delete entries and compute the chain again. A checkpoint is the
office's key signing "the first `entries` entries of our log chain to `head`", so a
change to any of those entries, or a cut below them, shows (app/sync/
checkpoint_service.py, docs/audit-log.md).

- `audit_checkpoints`: a synced record (kind `audit_checkpoints`, travels up only):
  `origin` is the office whose log it covers. `follows` is the checkpoint made before
  it at that office (NULL for the first); `prev_entries` and `prev_head` are that
  checkpoint's length and the hash the log had stored at that length when this one
  was made ('' when the log was shorter), so the office above, which holds the
  earlier checkpoint, sees whether the entries it covered were rewritten since (or the
  log cut). `key_id` and
  `signature` (hex) sign the canonical body (docs/audit-log.md); `id` is the SHA-256 of
  the signed checkpoint, so one checkpoint is one row everywhere. Rows never change.
- `audit_rewrites_accepted`: local to the office above. A checkpoint of an office below
  that shows its log was rewritten refuses the bundle; once the office above has looked
  into it, it may accept that one checkpoint (`dvk audit accept`), with the reason, so
  the office below can send again (else an office without a backup from before the
  change could never send another bundle). The refusal stays in the refusal log.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.m001_foundation import SYNC_COLUMNS
from db.sqlscript import run_script

SCHEMA = f"""
CREATE TABLE audit_checkpoints (
    id TEXT PRIMARY KEY CHECK (length(id) = 64),
    entries INTEGER NOT NULL CHECK (entries >= 0),
    head TEXT NOT NULL,
    follows TEXT REFERENCES audit_checkpoints (id) DEFERRABLE INITIALLY DEFERRED,
    prev_entries INTEGER NOT NULL DEFAULT 0 CHECK (prev_entries >= 0),
    prev_head TEXT NOT NULL DEFAULT '',
    made_at TEXT NOT NULL,
    occasion TEXT NOT NULL DEFAULT '',
    key_id TEXT NOT NULL,
    signature TEXT NOT NULL,
{SYNC_COLUMNS}
);
CREATE INDEX audit_checkpoints_origin ON audit_checkpoints (origin, entries);
CREATE INDEX audit_checkpoints_follows ON audit_checkpoints (follows);
CREATE INDEX audit_checkpoints_rev ON audit_checkpoints (rev);

CREATE TABLE audit_rewrites_accepted (
    checkpoint_id TEXT PRIMARY KEY CHECK (length(checkpoint_id) = 64),
    office TEXT NOT NULL,
    entries INTEGER NOT NULL,
    accepted_at TEXT NOT NULL,
    accepted_by TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL
);
"""


def audit_checkpoints(db: Database) -> None:
    run_script(db, SCHEMA)
