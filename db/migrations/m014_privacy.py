"""Schema 0014: personal data as the 2026 law requires (Luật Bảo vệ dữ liệu cá nhân
91/2025/QH15; docs/privacy.md).

- `persons.consent_on`, `persons.consent_how`: the day the person consented to DVK
  holding their data and how ('phieu_dang_ky': the signed paper registration form,
  'van_ban': a separate signed statement; '' not recorded). `persons.erased_on`: the
  day the person's personal fields were erased (the row stays, so the model's record,
  its scores and the decisions' numbering stay whole).
- `erasures` (synced, up and down): that an erasure happened, never what was erased:
  which record (`subject` 'person': a persons row, `registrations` the ids of its
  registrations whose snapshots other offices erase; 'council_member': one council
  member's row), when, why ('yeu_cau' the person asked, 'het_han' the retention
  period ended) and the request it answers. An office that imports one erases the
  snapshots of that person in the decisions it issued itself; a restored backup older
  than an erasure re-applies it.
- `privacy_requests` (synced, down): a person asked an office that does not own
  their record (the province, for a commune's exemplar) to erase or correct it; the
  request travels down to the owner, which acts on it.
- The trigger that keeps an issued decision's items unchanged lets exactly one change
  through: the erasure of the registrant's personal fields (registrant and detail
  emptied to the marker, the name inside the model's name replaced by it), nothing
  else. app/sync/authority.py checks the same, more precisely, for bundles.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.m001_foundation import SYNC_COLUMNS
from db.sqlscript import run_script

# The text an erased name becomes (app/domain/privacy.py ERASED says the same).
ERASED = "[đã xóa]"

SCHEMA = f"""
ALTER TABLE persons ADD COLUMN consent_on TEXT;
ALTER TABLE persons ADD COLUMN consent_how TEXT NOT NULL DEFAULT ''
    CHECK (consent_how IN ('', 'phieu_dang_ky', 'van_ban'));
ALTER TABLE persons ADD COLUMN erased_on TEXT;

CREATE TABLE erasures (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL CHECK (subject IN ('person', 'council_member')),
    record_id TEXT NOT NULL,
    registrations TEXT NOT NULL DEFAULT '[]',
    erased_on TEXT NOT NULL,
    reason TEXT NOT NULL CHECK (reason IN ('yeu_cau', 'het_han')),
    request_id TEXT,
    {SYNC_COLUMNS}
);
CREATE INDEX erasures_record ON erasures (record_id);
CREATE INDEX erasures_rev ON erasures (rev);

CREATE TABLE privacy_requests (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons (id) DEFERRABLE INITIALLY DEFERRED,
    action TEXT NOT NULL CHECK (action IN ('erase', 'correct')),
    received_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    {SYNC_COLUMNS}
);
CREATE INDEX privacy_requests_person ON privacy_requests (person_id);
CREATE INDEX privacy_requests_rev ON privacy_requests (rev);

DROP TRIGGER decision_items_issued_immutable;
CREATE TRIGGER decision_items_issued_immutable BEFORE UPDATE ON decision_items
WHEN (SELECT state FROM decisions WHERE id = OLD.decision_id) = 'ban_hanh'
    AND NOT (
        NEW.id IS OLD.id AND NEW.decision_id IS OLD.decision_id
        AND NEW.registration_id IS OLD.registration_id AND NEW.position IS OLD.position
        AND NEW.unit_code IS OLD.unit_code AND NEW.unit_name IS OLD.unit_name
        AND NEW.field IS OLD.field AND NEW.subject IS OLD.subject
        AND NEW.rating IS OLD.rating AND NEW.total_tenths IS OLD.total_tenths
        AND NEW.certificate_number IS OLD.certificate_number
        AND NEW.certificate_seq IS OLD.certificate_seq AND NEW.removed IS OLD.removed
        AND NEW.origin IS OLD.origin AND NEW.created_at IS OLD.created_at
        AND NEW.version > OLD.version
        AND NEW.registrant = '{ERASED}' AND NEW.detail = ''
        AND (NEW.model_name IS OLD.model_name OR instr(NEW.model_name, '{ERASED}') > 0)
    )
BEGIN
    SELECT RAISE(ABORT, 'an issued decision cannot change');
END;
"""


def privacy(db: Database) -> None:
    run_script(db, SCHEMA)
