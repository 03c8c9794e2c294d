"""Schema 0012: what a shared office PC needs to lose nothing (issue 23).

- Drafts belong to one window and one base version: `owner` is the window's session
  (app/datafile/presence.py), `base_version` and `base` the record as the window
  loaded it, so a draft restored over a newer record is compared field by field
  instead of overwriting it. Older drafts have neither and are compared with the
  record as it is.
- `audit_log (at)`: the newest entry written on this PC is found at once; the clock is
  checked against it at every start (a PC whose clock went back to 2020 is told).
- `outbox.written_to`: where a bundle was written. The outbox row commits before the
  finished file is renamed into place; an export cut off between the two is finished
  from the half-way file on the stick instead of being numbered again (which would
  give two different bundles one number: a fork).
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
ALTER TABLE drafts ADD COLUMN owner TEXT;
ALTER TABLE drafts ADD COLUMN base_version INTEGER;
ALTER TABLE drafts ADD COLUMN base TEXT;
CREATE INDEX drafts_record ON drafts (kind, record_id);
CREATE INDEX audit_log_at ON audit_log (at);
ALTER TABLE outbox ADD COLUMN written_to TEXT;
"""


def shared_pc(db: Database) -> None:
    run_script(db, SCHEMA)
