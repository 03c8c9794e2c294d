"""Schema 2: signed sync bundles.

- `office_keys`: this office's Ed25519 signing keys; the private half is encrypted with
  a key derived from the passphrase (Argon2id, parameters stored with the key). A
  retired key keeps its row so old bundles can still be explained.
- `trusted_keys`: public keys of other offices, enrolled from a key card after the
  fingerprint was compared over the phone. `revoked_at`, `scope` and `expires_at` are
  there for key rotation and revocation (a later issue); nothing sets them yet.
- `sync_lines`: the office's sequence lines. Bundles to one recipient are numbered on a
  line; a restored backup starts a new line so it can never reuse a number (a fork).
- `outbox`: bundles written, per recipient: the highest local change number (`rev`)
  they carry, so the next bundle holds only what the recipient has not received.
- `inbox`: bundles applied, per sender and line, with the hash chain, and the range
  of local change numbers the import handed out (`rev_from`..`rev_to`): a row whose
  rev lies in such a range was last written by an import, not edited here.
- `sync_conflicts`: the review queue: every version that lost a merge is kept here,
  as the canonical JSON the bundle carried or the row this office had.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
CREATE TABLE office_keys (
    key_id TEXT PRIMARY KEY,
    public_key TEXT NOT NULL UNIQUE,
    encrypted_private BLOB NOT NULL,
    salt BLOB NOT NULL,
    kdf TEXT NOT NULL,
    opslimit INTEGER NOT NULL,
    memlimit INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
);

CREATE TABLE trusted_keys (
    key_id TEXT PRIMARY KEY,
    unit_code TEXT NOT NULL,
    unit_name TEXT NOT NULL DEFAULT '',
    public_key TEXT NOT NULL UNIQUE,
    fingerprint TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    enrolled_by TEXT NOT NULL DEFAULT '',
    scope TEXT NOT NULL DEFAULT 'unit',
    expires_at TEXT,
    revoked_at TEXT
);
CREATE INDEX trusted_keys_unit ON trusted_keys (unit_code);

CREATE TABLE sync_lines (
    line TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    ended_at TEXT
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    line TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    sha256 TEXT NOT NULL,
    max_rev INTEGER NOT NULL,
    full INTEGER NOT NULL DEFAULT 0,
    records INTEGER NOT NULL DEFAULT 0,
    file_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (recipient, line, seq)
);

CREATE TABLE inbox (
    id INTEGER PRIMARY KEY,
    sender TEXT NOT NULL,
    line TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    sha256 TEXT NOT NULL,
    prev_sha256 TEXT NOT NULL,
    key_id TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'applied',
    summary TEXT NOT NULL DEFAULT '{}',
    rev_from INTEGER NOT NULL DEFAULT 0,
    rev_to INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    UNIQUE (sender, line, seq)
);

CREATE TABLE sync_conflicts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    record_key TEXT NOT NULL,
    sender TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL,
    loser_side TEXT NOT NULL CHECK (loser_side IN ('local', 'incoming')),
    loser_sha256 TEXT NOT NULL,
    loser_version INTEGER NOT NULL,
    loser_json TEXT NOT NULL,
    winner_sha256 TEXT NOT NULL,
    winner_version INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    reviewed_at TEXT,
    reviewed_by TEXT,
    UNIQUE (kind, record_key, loser_sha256)
);
CREATE INDEX sync_conflicts_open ON sync_conflicts (reviewed_at, created_at);
"""


def sync(db: Database) -> None:
    run_script(db, SCHEMA)
