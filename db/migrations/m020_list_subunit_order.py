"""Schema 0020: the list sorted by sub-unit, name or registrant reads its page directly,
whatever the filter (issue 18, point 12; bench/README.md "What issue 18's last point
took").

Sorting by sub-unit walked the sub-units by name (`units_name`) and each one's
registrations. A filter whose rows gather under sub-units late in the alphabet made
that walk visit every sub-unit before the first match: exemplars live in villages
("Thôn...", after every "Ban...", "Chi bộ...", "Chi hội..."), 0.37-0.63 s at a million
registrations. Now:

- `registrations.subunit_name`: the folded name of the registration's sub-unit (the
  sub-unit's `units.name_fold`; NULL without a sub-unit, or while the sub-unit is not
  in the file), filled here for every row and kept right by triggers, whoever writes:
  a registration written or moved to another sub-unit takes its name
  (`registrations_subunit_name_insert`, `..._update`; a writer that already sets it
  right costs one look-up), a unit added, renamed or removed passes its name on to its
  registrations (`units_subunit_name_insert`, `..._update`, `..._delete`). It never
  travels in bundles: each office derives it (app/sync/kinds.py).
- `registrations_subunit_order (kind, subject, field, mode, status, subunit_name,
  subunit_code, seq, year, unit_code)`: for each combination of the columns of few
  values, that combination's registrations in the sub-unit's order, carrying the
  other filter columns. The list reads one range of it per combination its filters
  allow (a filter on kind reads only the exemplars' ranges) and SQLite merges the
  ranges in order (a compound SELECT ... UNION ALL ... ORDER BY): the first page is read
  without visiting the rows the filters leave out, and without sorting.
- `registrations_name_order` and `registrations_registrant_order`, the same for the
  name's and the registrant's orders when one of those columns is filtered: exemplars
  are named after a person, and the walk of `registrations_name` from "Z" read the
  models' names first (exemplars by name, descending: 40-60 ms at a million).
  `registrations_name` and `registrations_registrant` stay: the unfiltered orders,
  and the look-ups of a name, walk them.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

_NAME_OF = "(SELECT u.name_fold FROM units u WHERE u.code = {code})"

SCHEMA = f"""
ALTER TABLE registrations ADD COLUMN subunit_name TEXT;
UPDATE registrations SET subunit_name = {_NAME_OF.format(code="registrations.subunit_code")}
WHERE subunit_code IS NOT NULL;
CREATE INDEX registrations_subunit_order ON registrations
    (kind, subject, field, mode, status, subunit_name, subunit_code, seq, year, unit_code);
CREATE INDEX registrations_name_order ON registrations
    (kind, subject, field, mode, status, name_fold, seq, year, unit_code);
CREATE INDEX registrations_registrant_order ON registrations
    (kind, subject, field, mode, status, registrant_fold, seq, year, unit_code);

CREATE TRIGGER registrations_subunit_name_insert AFTER INSERT ON registrations
WHEN NEW.subunit_name IS NOT {_NAME_OF.format(code="NEW.subunit_code")}
BEGIN
    UPDATE registrations SET subunit_name = {_NAME_OF.format(code="NEW.subunit_code")}
    WHERE seq = NEW.seq;
END;
CREATE TRIGGER registrations_subunit_name_update
AFTER UPDATE OF subunit_code, subunit_name ON registrations
WHEN NEW.subunit_name IS NOT {_NAME_OF.format(code="NEW.subunit_code")}
BEGIN
    UPDATE registrations SET subunit_name = {_NAME_OF.format(code="NEW.subunit_code")}
    WHERE seq = NEW.seq;
END;
CREATE TRIGGER units_subunit_name_insert AFTER INSERT ON units
BEGIN
    UPDATE registrations SET subunit_name = NEW.name_fold
    WHERE subunit_code = NEW.code AND subunit_name IS NOT NEW.name_fold;
END;
CREATE TRIGGER units_subunit_name_update AFTER UPDATE OF code, name_fold ON units
BEGIN
    UPDATE registrations SET subunit_name = NULL
    WHERE OLD.code IS NOT NEW.code AND subunit_code = OLD.code;
    UPDATE registrations SET subunit_name = NEW.name_fold
    WHERE subunit_code = NEW.code AND subunit_name IS NOT NEW.name_fold;
END;
CREATE TRIGGER units_subunit_name_delete AFTER DELETE ON units
BEGIN
    UPDATE registrations SET subunit_name = NULL
    WHERE subunit_code = OLD.code AND subunit_name IS NOT NULL;
END;
"""


def list_subunit_order(db: Database) -> None:
    run_script(db, SCHEMA)
