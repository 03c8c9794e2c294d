"""Schema 3: rubrics (bộ tiêu chí) and score sheets (bản tự đánh giá, chấm điểm).

Every table here is synced (SYNC_COLUMNS, a `rev` index, keyed by a UUID `id`, foreign
keys DEFERRABLE INITIALLY DEFERRED) because score sheets travel upward in bundles and
rubrics travel downward.

Scores are stored as INTEGER tenths of a point (85 = 8.5 points): a score has at most
one decimal, so integers hold it exactly, and sums, means and ranks never see float
noise. The same holds for a criterion's maximum and a rubric's rating thresholds.

Nothing derived is stored: totals, council means, ratings and ranks are recomputed
from these rows every time (app/domain/scoring.py holds the rules). Which sheet is the
current edition is also derived: the one no other sheet `supersedes_id`.

- rubrics: one edition of a rubric; a rubric family (`family`) has editions 1, 2...
  `locked` = a score sheet uses it, so it never changes again (an edit makes a new
  edition that `supersedes_id` it).
- rubric_items: prerequisites (kind 'dieu_kien', pass/fail) and criteria (kind
  'tieu_chi', 0..max_tenths points) of one rubric edition.
- rubric_assignments: which rubric applies to a campaign year, sheet level and
  subject (collective / individual); its id is derived from those three, so two
  offices that assign the same slot write the same record.
- score_sheets: one sheet per model, year and level. `edition` > 1 is a correction of
  the locked sheet it `supersedes_id`; `check_of` marks a second keying of a paper
  sheet (double entry), compared with the sheet it checks and never counted itself.
- sheet_lines: per sheet and rubric item: the self score, the prerequisite verdict,
  remarks and evidence references (the id is derived from sheet and item, so two
  offices never make two lines for one cell).
- council_members: the members who scored a sheet (each member's sheet is kept).
- council_scores: one member's score of one criterion (ids derived from member and
  item); `sheet_id` repeats the member's sheet so totals need no join.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.m001_foundation import SYNC_COLUMNS
from db.sqlscript import run_script

SYNCED_TABLES = (
    "rubrics", "rubric_items", "rubric_assignments", "score_sheets", "sheet_lines",
    "council_members", "council_scores",
)

SCHEMA = f"""
CREATE TABLE rubrics (
    id TEXT PRIMARY KEY,
    family TEXT NOT NULL,
    edition INTEGER NOT NULL DEFAULT 1 CHECK (edition >= 1),
    name TEXT NOT NULL,
    subject TEXT NOT NULL CHECK (subject IN ('tap_the', 'ca_nhan')),
    note TEXT NOT NULL DEFAULT '',
    suggested INTEGER NOT NULL DEFAULT 0 CHECK (suggested IN (0, 1)),
    threshold_top INTEGER NOT NULL CHECK (threshold_top >= 0),
    threshold_pass INTEGER NOT NULL CHECK (threshold_pass >= 0),
    locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
    supersedes_id TEXT REFERENCES rubrics (id) DEFERRABLE INITIALLY DEFERRED,
    {SYNC_COLUMNS},
    CHECK (threshold_top >= threshold_pass)
);
CREATE INDEX rubrics_family ON rubrics (family, edition);
CREATE INDEX rubrics_supersedes ON rubrics (supersedes_id);
CREATE INDEX rubrics_rev ON rubrics (rev);

CREATE TABLE rubric_items (
    id TEXT PRIMARY KEY,
    rubric_id TEXT NOT NULL REFERENCES rubrics (id) DEFERRABLE INITIALLY DEFERRED,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('dieu_kien', 'tieu_chi')),
    code TEXT NOT NULL,
    text TEXT NOT NULL,
    max_tenths INTEGER NOT NULL DEFAULT 0 CHECK (max_tenths >= 0),
    guidance TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    {SYNC_COLUMNS}
);
CREATE INDEX rubric_items_rubric ON rubric_items (rubric_id, position);
CREATE INDEX rubric_items_rev ON rubric_items (rev);

CREATE TABLE rubric_assignments (
    id TEXT PRIMARY KEY,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level TEXT NOT NULL CHECK (level IN ('tinh', 'huyen', 'xa', 'coso')),
    subject TEXT NOT NULL CHECK (subject IN ('tap_the', 'ca_nhan')),
    rubric_id TEXT NOT NULL REFERENCES rubrics (id) DEFERRABLE INITIALLY DEFERRED,
    {SYNC_COLUMNS}
);
CREATE UNIQUE INDEX rubric_assignments_slot ON rubric_assignments (year, level, subject);
CREATE INDEX rubric_assignments_rev ON rubric_assignments (rev);

CREATE TABLE score_sheets (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations (id) DEFERRABLE INITIALLY DEFERRED,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    level TEXT NOT NULL CHECK (level IN ('tinh', 'huyen', 'xa', 'coso')),
    rubric_id TEXT NOT NULL REFERENCES rubrics (id) DEFERRABLE INITIALLY DEFERRED,
    state TEXT NOT NULL DEFAULT 'nhap'
        CHECK (state IN ('nhap', 'da_nop', 'tra_lai', 'da_duyet', 'khoa')),
    return_reason TEXT NOT NULL DEFAULT '',
    edition INTEGER NOT NULL DEFAULT 1 CHECK (edition >= 1),
    supersedes_id TEXT REFERENCES score_sheets (id) DEFERRABLE INITIALLY DEFERRED,
    correction_reason TEXT NOT NULL DEFAULT '',
    check_of TEXT REFERENCES score_sheets (id) DEFERRABLE INITIALLY DEFERRED,
    keyed_by TEXT NOT NULL DEFAULT '',
    remarks TEXT NOT NULL DEFAULT '',
    submitted_on TEXT,
    approved_on TEXT,
    locked_on TEXT,
    {SYNC_COLUMNS},
    CHECK (state <> 'tra_lai' OR return_reason <> ''),
    CHECK (edition = 1 OR supersedes_id IS NOT NULL)
);
CREATE INDEX score_sheets_year ON score_sheets (year, level, state);
CREATE INDEX score_sheets_registration ON score_sheets (registration_id, level);
CREATE INDEX score_sheets_supersedes ON score_sheets (supersedes_id);
CREATE INDEX score_sheets_check ON score_sheets (check_of);
CREATE INDEX score_sheets_rubric ON score_sheets (rubric_id);
CREATE INDEX score_sheets_rev ON score_sheets (rev);

CREATE TABLE sheet_lines (
    id TEXT PRIMARY KEY,
    sheet_id TEXT NOT NULL REFERENCES score_sheets (id) DEFERRABLE INITIALLY DEFERRED,
    item_id TEXT NOT NULL REFERENCES rubric_items (id) DEFERRABLE INITIALLY DEFERRED,
    self_tenths INTEGER CHECK (self_tenths IS NULL OR self_tenths >= 0),
    passed INTEGER CHECK (passed IS NULL OR passed IN (0, 1)),
    remarks TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
-- Covering: totals of a whole year read this index alone. One line per sheet and item
-- holds because the id is derived from both (app/repositories/scoring.py).
CREATE INDEX sheet_lines_sheet ON sheet_lines (sheet_id, item_id, self_tenths, passed);
CREATE INDEX sheet_lines_rev ON sheet_lines (rev);

CREATE TABLE council_members (
    id TEXT PRIMARY KEY,
    sheet_id TEXT NOT NULL REFERENCES score_sheets (id) DEFERRABLE INITIALLY DEFERRED,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    removed INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    {SYNC_COLUMNS}
);
CREATE INDEX council_members_sheet ON council_members (sheet_id, position);
CREATE INDEX council_members_rev ON council_members (rev);

CREATE TABLE council_scores (
    id TEXT PRIMARY KEY,
    sheet_id TEXT NOT NULL REFERENCES score_sheets (id) DEFERRABLE INITIALLY DEFERRED,
    member_id TEXT NOT NULL REFERENCES council_members (id) DEFERRABLE INITIALLY DEFERRED,
    item_id TEXT NOT NULL REFERENCES rubric_items (id) DEFERRABLE INITIALLY DEFERRED,
    tenths INTEGER CHECK (tenths IS NULL OR tenths >= 0),
    remark TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
-- Covering, as for sheet_lines; one score per member and item by the derived id.
CREATE INDEX council_scores_sheet ON council_scores (sheet_id, item_id, member_id, tenths);
CREATE INDEX council_scores_rev ON council_scores (rev);
"""


def scoring(db: Database) -> None:
    run_script(db, SCHEMA)
