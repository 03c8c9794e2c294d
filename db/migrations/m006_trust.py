"""Schema 0006: trust along the unit tree (issue 7).

- `key_statements`: signed statements about keys that travel in bundles (format 2,
  member `trust.jsonl`): certificates a parent gives a child's key (scope = the unit's
  part of the tree, expiry), revocations, rotations (a new key signed by the old one)
  and introductions (a parent passes its own parent's key down). `id` is the SHA-256 of
  the statement's canonical body, so the same statement is stored once. Whether a key
  may sign is decided from these rows and `trusted_keys` each time (app/sync/trust.py);
  nothing derived is stored.
- `trusted_keys.revoked_reason`: why an enrolled key was revoked; `key_created_at`: when
  the key was made (from its key card), where a certificate for it starts.
- `relay_bundles`: the bundles child offices sent, kept byte for byte (only at an office
  that has a parent office) so they can be forwarded verbatim: the office above checks
  the signature of the office that made each record. `relay_sent`: which of them went
  to which recipient, in which of our bundles.
- `inbox` is rebuilt: one office now also records bundles that were addressed to its
  child office and forwarded inside that office's bundle, so a bundle is known by
  sender, recipient, line and number (`recipient`), and the row says which office
  forwarded it (`relayed_by`) and in which direction it travelled (`way`).
- `unit_mergers`: sáp nhập: a unit merged into another on a date (synced record,
  travels down to the offices below and up to the office above; the id is derived from
  the merged unit's code, so two offices that record the same merger write one record).
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.m001_foundation import SYNC_COLUMNS
from db.sqlscript import run_script

SCHEMA = f"""
CREATE TABLE key_statements (
    id TEXT PRIMARY KEY CHECK (length(id) = 64),
    type TEXT NOT NULL CHECK (type IN ('certificate', 'revocation', 'rotation',
                                       'introduction')),
    unit TEXT NOT NULL,
    key_id TEXT NOT NULL,
    issuer TEXT NOT NULL,
    issuer_key_id TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    body TEXT NOT NULL,
    signatures TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_from TEXT NOT NULL DEFAULT ''
);
CREATE INDEX key_statements_key ON key_statements (key_id, type);
CREATE INDEX key_statements_unit ON key_statements (unit);

ALTER TABLE trusted_keys ADD COLUMN revoked_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE trusted_keys ADD COLUMN key_created_at TEXT;

CREATE TABLE relay_bundles (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    sender TEXT NOT NULL,
    line TEXT NOT NULL,
    seq INTEGER NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    received_at TEXT NOT NULL
);

CREATE TABLE relay_sent (
    sha256 TEXT NOT NULL REFERENCES relay_bundles (sha256),
    recipient TEXT NOT NULL,
    line TEXT NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (sha256, recipient)
);

CREATE TABLE inbox_0006 (
    id INTEGER PRIMARY KEY,
    sender TEXT NOT NULL,
    recipient TEXT NOT NULL,
    line TEXT NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    sha256 TEXT NOT NULL,
    prev_sha256 TEXT NOT NULL,
    key_id TEXT NOT NULL,
    way TEXT NOT NULL DEFAULT '' CHECK (way IN ('', 'up', 'down')),
    relayed_by TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'applied',
    summary TEXT NOT NULL DEFAULT '{{}}',
    rev_from INTEGER NOT NULL DEFAULT 0,
    rev_to INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    UNIQUE (sender, recipient, line, seq)
);

CREATE TABLE unit_mergers (
    id TEXT PRIMARY KEY,
    unit_code TEXT NOT NULL UNIQUE REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
    into_code TEXT NOT NULL REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
    merged_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS},
    CHECK (unit_code <> into_code)
);
CREATE INDEX unit_mergers_into ON unit_mergers (into_code);
CREATE INDEX unit_mergers_rev ON unit_mergers (rev);
CREATE INDEX units_merged ON units (merged_into);
"""

# Bundles imported before this schema were all addressed to this office; those from
# one of its ancestors came down, the others up.
_COPY_INBOX = """
WITH RECURSIVE office(code) AS (
    SELECT json_extract(value, '$') FROM settings WHERE key = 'office_code'
), above(code) AS (
    SELECT u.parent_code FROM units u JOIN office o ON u.code = o.code
    UNION
    SELECT u.parent_code FROM units u JOIN above a ON u.code = a.code
    WHERE u.parent_code IS NOT NULL
)
INSERT INTO inbox_0006 (id, sender, recipient, line, seq, sha256, prev_sha256, key_id, way,
                        status, summary, rev_from, rev_to, created_at, applied_at)
SELECT i.id, i.sender, coalesce((SELECT code FROM office), ''), i.line, i.seq, i.sha256,
       i.prev_sha256, i.key_id,
       CASE WHEN i.sender IN (SELECT code FROM above) THEN 'down' ELSE 'up' END,
       i.status, i.summary, i.rev_from, i.rev_to, i.created_at, i.applied_at
FROM inbox i
"""


def trust(db: Database) -> None:
    run_script(db, SCHEMA)
    db.execute(_COPY_INBOX)
    db.execute("DROP TABLE inbox")
    db.execute("ALTER TABLE inbox_0006 RENAME TO inbox")
    db.execute("CREATE INDEX inbox_revs ON inbox (rev_from, rev_to)")
