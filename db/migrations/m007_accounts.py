"""Schema 7: user accounts (optional) for offices where several people share one PC.

- `users`: one row per person who may sign in to this office's data file. Local to
  the office: accounts never travel in bundles. `role` is one of nhap_lieu (data
  entry), duyet_ky (approves and signs: bundles, decisions) and quan_tri
  (administrator: accounts, restore). `password_hash` is an Argon2id string
  (libsodium's crypt format, parameters and salt inside). A person who leaves is
  disabled (`active` = 0), never deleted, so the audit log keeps naming them.
  Accounts are on while at least one active administrator exists.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
CREATE TABLE users (
    name TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 40),
    full_name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('nhap_lieu', 'duyet_ky', 'quan_tri')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    last_login_at TEXT
);
"""


def accounts(db: Database) -> None:
    run_script(db, SCHEMA)
