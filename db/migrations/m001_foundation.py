"""Schema 1: units, campaign calendar, fields, registrations, persons, targets,
milestones, evidence, audit log, settings, drafts.

Every record that can travel between offices ("synced" tables) carries the same
columns: `id` (UUID text), `origin` (code of the unit whose office created it),
`version` (bumped on every change), `created_at`/`updated_at` (UTC ISO-8601) and `rev`,
this office's local change counter used to find what a recipient has not received yet.
Rows are never deleted; child rows that a user removes get `removed = 1`, so the
removal travels like any other change.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SYNC_COLUMNS = """
    origin TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    rev INTEGER NOT NULL DEFAULT 0
"""

SCHEMA = f"""
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row: the last local change number handed out (see `rev`).
CREATE TABLE sync_clock (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    rev INTEGER NOT NULL
);
INSERT INTO sync_clock (id, rev) VALUES (1, 0);

CREATE TABLE fields (
    code INTEGER PRIMARY KEY CHECK (code BETWEEN 1 AND 4),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);

-- The unit tree: provinces, (districts), communes and the sub-units of an office.
-- `level`: tinh / huyen / xa / coso. Official units keep their administrative code;
-- sub-units get "<parent code>-<number>". A merged unit stays, pointing at its heir.
CREATE TABLE units (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('tinh', 'huyen', 'xa', 'coso')),
    parent_code TEXT REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
    official INTEGER NOT NULL DEFAULT 0 CHECK (official IN (0, 1)),
    valid_from TEXT,
    valid_to TEXT,
    merged_into TEXT REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
    merged_on TEXT,
    name_fold TEXT NOT NULL,
    {SYNC_COLUMNS}
);
CREATE INDEX units_parent ON units (parent_code, level);
CREATE INDEX units_rev ON units (rev);

CREATE TABLE periods (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    start_year INTEGER NOT NULL,
    end_year INTEGER NOT NULL CHECK (end_year >= start_year),
    {SYNC_COLUMNS}
);

-- Deadlines of one campaign year: data, never code.
CREATE TABLE campaign_years (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL UNIQUE,
    period_id TEXT NOT NULL REFERENCES periods (id) DEFERRABLE INITIALLY DEFERRED,
    registration_deadline TEXT NOT NULL,
    proposal_deadline TEXT NOT NULL,
    recognition_deadline TEXT NOT NULL,
    {SYNC_COLUMNS}
);
CREATE INDEX campaign_years_rev ON campaign_years (rev);

CREATE TABLE persons (
    id TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100),
    gender TEXT CHECK (gender IS NULL OR gender IN ('nam', 'nu')),
    position TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
CREATE INDEX persons_rev ON persons (rev);

-- `seq` gives a stable rowid for the full-text index (a TEXT primary key would let
-- VACUUM renumber rows under it).
CREATE TABLE registrations (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    kind TEXT NOT NULL CHECK (kind IN ('mo_hinh', 'dien_hinh')),
    subject TEXT NOT NULL CHECK (subject IN ('tap_the', 'ca_nhan')),
    unit_code TEXT NOT NULL REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
    subunit_code TEXT REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
    person_id TEXT REFERENCES persons (id) DEFERRABLE INITIALLY DEFERRED,
    registrant TEXT NOT NULL,
    name TEXT NOT NULL,
    field INTEGER NOT NULL CHECK (field BETWEEN 1 AND 4),
    mode TEXT NOT NULL CHECK (mode IN ('moi', 'nhan_rong')),
    replicates_id TEXT REFERENCES registrations (id) DEFERRABLE INITIALLY DEFERRED,
    situation TEXT NOT NULL DEFAULT '',
    goals TEXT NOT NULL DEFAULT '',
    content_methods TEXT NOT NULL DEFAULT '',
    area TEXT NOT NULL DEFAULT '',
    target_group TEXT NOT NULL DEFAULT '',
    force_lead TEXT NOT NULL DEFAULT '',
    force_coordinating TEXT NOT NULL DEFAULT '',
    force_participating TEXT NOT NULL DEFAULT '',
    resources TEXT NOT NULL DEFAULT '',
    start_date TEXT,
    end_date TEXT,
    outputs TEXT NOT NULL DEFAULT '',
    sustainability TEXT NOT NULL DEFAULT '',
    registered_on TEXT NOT NULL,
    receiving_body TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'da_dang_ky' CHECK (status IN ('da_dang_ky', 'rut')),
    withdraw_reason TEXT NOT NULL DEFAULT '',
    withdrawn_on TEXT,
    name_fold TEXT NOT NULL,
    registrant_fold TEXT NOT NULL,
    search_words TEXT NOT NULL,
    {SYNC_COLUMNS},
    CHECK (status = 'da_dang_ky' OR withdraw_reason <> ''),
    CHECK (subject = 'tap_the' OR person_id IS NOT NULL)
);
CREATE INDEX registrations_year ON registrations (year, field, kind, status);
CREATE INDEX registrations_registered ON registrations (registered_on);
CREATE INDEX registrations_name ON registrations (name_fold);
CREATE INDEX registrations_registrant ON registrations (registrant_fold);
CREATE INDEX registrations_field ON registrations (field);
CREATE INDEX registrations_kind ON registrations (kind);
CREATE INDEX registrations_status ON registrations (status);
CREATE INDEX registrations_subunit ON registrations (subunit_code);
CREATE INDEX registrations_replicates ON registrations (replicates_id);
CREATE INDEX registrations_rev ON registrations (rev);

-- Diacritic-free words of name, registrant and sub-unit (`search_words`, folded by
-- the application): search-as-you-type by word prefixes.
CREATE VIRTUAL TABLE registrations_fts USING fts5 (
    search_words, content = 'registrations', content_rowid = 'seq',
    tokenize = 'unicode61', prefix = '2 3'
);
CREATE TRIGGER registrations_fts_insert AFTER INSERT ON registrations
BEGIN
    INSERT INTO registrations_fts (rowid, search_words) VALUES (NEW.seq, NEW.search_words);
END;
CREATE TRIGGER registrations_fts_delete AFTER DELETE ON registrations
BEGIN
    INSERT INTO registrations_fts (registrations_fts, rowid, search_words)
    VALUES ('delete', OLD.seq, OLD.search_words);
END;
CREATE TRIGGER registrations_fts_update AFTER UPDATE OF search_words ON registrations
BEGIN
    INSERT INTO registrations_fts (registrations_fts, rowid, search_words)
    VALUES ('delete', OLD.seq, OLD.search_words);
    INSERT INTO registrations_fts (rowid, search_words) VALUES (NEW.seq, NEW.search_words);
END;

CREATE TABLE targets (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations (id) DEFERRABLE INITIALLY DEFERRED,
    position INTEGER NOT NULL,
    indicator TEXT NOT NULL,
    target REAL CHECK (target IS NULL OR target >= 0),
    unit_of_measure TEXT NOT NULL DEFAULT '',
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    {SYNC_COLUMNS}
);
CREATE INDEX targets_registration ON targets (registration_id, position);
CREATE INDEX targets_rev ON targets (rev);

CREATE TABLE milestones (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations (id) DEFERRABLE INITIALLY DEFERRED,
    position INTEGER NOT NULL,
    due_on TEXT,
    description TEXT NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    {SYNC_COLUMNS}
);
CREATE INDEX milestones_registration ON milestones (registration_id, position);
CREATE INDEX milestones_rev ON milestones (rev);

-- File contents, addressed by SHA-256; evidence rows point at them.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size INTEGER NOT NULL,
    data BLOB NOT NULL
);

CREATE TABLE evidence (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations (id) DEFERRABLE INITIALLY DEFERRED,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL CHECK (size >= 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    caption TEXT NOT NULL DEFAULT '',
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    {SYNC_COLUMNS}
);
CREATE INDEX evidence_registration ON evidence (registration_id);
CREATE INDEX evidence_rev ON evidence (rev);

-- Unsaved form contents, kept every few seconds: a closed window or a killed
-- program loses nothing typed. Local to this office; never travels.
CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    record_id TEXT,
    title TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Append-only, hash-chained: hash = SHA-256(prev_hash | at | actor | action | kind |
-- record_id | detail). Triggers refuse any change to a written row.
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
"""


def foundation(db: Database) -> None:
    run_script(db, SCHEMA)
