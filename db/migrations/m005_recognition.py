"""Schema 5: recognition (công nhận) across levels: workflow steps, proposals (tờ trình
đề nghị), decisions (quyết định công nhận) with their certificate numbers, and the
numbering books of the issuing body.

Synced tables (SYNC_COLUMNS, a `rev` index, UUID ids, foreign keys DEFERRABLE):

- recognition_steps: the workflow of a model, append-only: who (`actor`, `origin`),
  when (`at`), at which level, which step (recognise / refuse / propose / return) and
  why (`reason`, required to refuse or return). `step_no` orders steps written in the
  same millisecond. The state of a model is derived from these steps, its score sheets
  and the issued decisions that list it; it is never stored.
- proposals / proposal_items: the list an office proposes to the level above. A
  proposal travels upward once it is sent; its items then hold a snapshot of the
  rating and total the proposal was sent with.
- decisions / decision_items: a numbered decision recognising models at one level,
  with each model's certificate number (số vào sổ). An issued decision never changes
  (triggers refuse it); a correction is a new decision that `amends_id` it.
  decision_items hold a snapshot of each model (name, registrant, unit, field,
  rating, total) and point at the registration WITHOUT a foreign key: a decision
  travels down to every office below the issuer, and its annex lists models of other
  communes that an office does not hold.

Local tables (never travel; see app/repositories/numbering.py for why):

- numbering_books: the issuing body's registers of numbers (decisions, certificates,
  proposals), with the pattern a number is printed in and whether numbers run per
  Party term or per calendar year.
- numbering_entries: every number handed out, once, to one document: numbers are
  never reused or skipped because they are taken in the issuing transaction.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.m001_foundation import SYNC_COLUMNS
from db.sqlscript import run_script

SYNCED_TABLES = ("recognition_steps", "proposals", "proposal_items", "decisions",
                 "decision_items")

_LEVEL = "IN ('tinh', 'huyen', 'xa', 'coso')"

SCHEMA = f"""
CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    from_level TEXT NOT NULL CHECK (from_level {_LEVEL}),
    to_level TEXT NOT NULL CHECK (to_level {_LEVEL}),
    office_code TEXT NOT NULL REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
    addressee_code TEXT REFERENCES units (code) DEFERRABLE INITIALLY DEFERRED,
    addressee TEXT NOT NULL DEFAULT '',
    number TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'nhap' CHECK (state IN ('nhap', 'da_gui')),
    sent_on TEXT,
    note TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS},
    CHECK (state = 'nhap' OR sent_on IS NOT NULL)
);
CREATE INDEX proposals_year ON proposals (year, to_level, state);
CREATE INDEX proposals_rev ON proposals (rev);

CREATE TABLE proposal_items (
    id TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id) DEFERRABLE INITIALLY DEFERRED,
    registration_id TEXT NOT NULL REFERENCES registrations (id) DEFERRABLE INITIALLY DEFERRED,
    position INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    rating TEXT NOT NULL DEFAULT '',
    total_tenths INTEGER,
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    {SYNC_COLUMNS}
);
CREATE INDEX proposal_items_proposal ON proposal_items (proposal_id, position);
CREATE INDEX proposal_items_registration ON proposal_items (registration_id);
CREATE INDEX proposal_items_rev ON proposal_items (rev);

CREATE TABLE recognition_steps (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations (id) DEFERRABLE INITIALLY DEFERRED,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level TEXT NOT NULL CHECK (level {_LEVEL}),
    step TEXT NOT NULL CHECK (step IN ('recognise', 'refuse', 'propose', 'return')),
    to_level TEXT CHECK (to_level IS NULL OR to_level {_LEVEL}),
    proposal_id TEXT REFERENCES proposals (id) DEFERRABLE INITIALLY DEFERRED,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    step_no INTEGER NOT NULL DEFAULT 1,
    {SYNC_COLUMNS},
    CHECK (step NOT IN ('refuse', 'return') OR reason <> ''),
    CHECK (step <> 'propose' OR to_level IS NOT NULL)
);
CREATE INDEX recognition_steps_model ON recognition_steps (registration_id, year, step_no);
CREATE INDEX recognition_steps_level ON recognition_steps (year, level, step);
CREATE INDEX recognition_steps_rev ON recognition_steps (rev);

CREATE TABLE decisions (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level TEXT NOT NULL CHECK (level {_LEVEL}),
    issuer_code TEXT NOT NULL,
    issuer TEXT NOT NULL DEFAULT '',
    system TEXT NOT NULL DEFAULT 'party' CHECK (system IN ('party', 'state')),
    number TEXT NOT NULL DEFAULT '',
    number_seq INTEGER,
    number_scope TEXT NOT NULL DEFAULT '',
    decided_on TEXT,
    state TEXT NOT NULL DEFAULT 'nhap' CHECK (state IN ('nhap', 'ban_hanh')),
    amends_id TEXT REFERENCES decisions (id) DEFERRABLE INITIALLY DEFERRED,
    amend_reason TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL DEFAULT '',
    signer_on_behalf TEXT NOT NULL DEFAULT '',
    signer_title TEXT NOT NULL DEFAULT '',
    signer_name TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS},
    CHECK (state = 'nhap' OR (number <> '' AND decided_on IS NOT NULL)),
    CHECK (amends_id IS NULL OR amend_reason <> '')
);
CREATE INDEX decisions_year ON decisions (year, level, state);
CREATE INDEX decisions_number ON decisions (number);
CREATE INDEX decisions_amends ON decisions (amends_id);
CREATE INDEX decisions_rev ON decisions (rev);

CREATE TABLE decision_items (
    id TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions (id) DEFERRABLE INITIALLY DEFERRED,
    registration_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    model_name TEXT NOT NULL,
    registrant TEXT NOT NULL DEFAULT '',
    unit_code TEXT NOT NULL DEFAULT '',
    unit_name TEXT NOT NULL DEFAULT '',
    field INTEGER NOT NULL CHECK (field BETWEEN 1 AND 4),
    subject TEXT NOT NULL DEFAULT 'tap_the' CHECK (subject IN ('tap_the', 'ca_nhan')),
    detail TEXT NOT NULL DEFAULT '',
    rating TEXT NOT NULL DEFAULT '',
    total_tenths INTEGER,
    certificate_number TEXT NOT NULL DEFAULT '',
    certificate_seq INTEGER,
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    {SYNC_COLUMNS}
);
CREATE INDEX decision_items_decision ON decision_items (decision_id, position);
CREATE INDEX decision_items_registration ON decision_items (registration_id);
CREATE INDEX decision_items_rev ON decision_items (rev);

-- An issued decision is a signed paper: nothing in it changes any more.
CREATE TRIGGER decisions_issued_immutable BEFORE UPDATE ON decisions
WHEN OLD.state = 'ban_hanh'
BEGIN
    SELECT RAISE(ABORT, 'an issued decision cannot change');
END;
CREATE TRIGGER decision_items_issued_immutable BEFORE UPDATE ON decision_items
WHEN (SELECT state FROM decisions WHERE id = OLD.decision_id) = 'ban_hanh'
BEGIN
    SELECT RAISE(ABORT, 'an issued decision cannot change');
END;

CREATE TABLE numbering_books (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('decision', 'certificate', 'proposal')),
    name TEXT NOT NULL,
    pattern TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('term', 'year')),
    term TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    CHECK (scope = 'year' OR term <> '')
);
CREATE UNIQUE INDEX numbering_books_active ON numbering_books (kind) WHERE active = 1;

CREATE TABLE numbering_entries (
    book_id INTEGER NOT NULL REFERENCES numbering_books (id),
    scope_key TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    text TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    actor TEXT NOT NULL,
    PRIMARY KEY (book_id, scope_key, number)
);
CREATE TRIGGER numbering_entries_no_update BEFORE UPDATE ON numbering_entries
BEGIN
    SELECT RAISE(ABORT, 'a number once given is never changed');
END;
CREATE TRIGGER numbering_entries_no_delete BEFORE DELETE ON numbering_entries
BEGIN
    SELECT RAISE(ABORT, 'a number once given is never taken back');
END;
"""


def recognition(db: Database) -> None:
    run_script(db, SCHEMA)
