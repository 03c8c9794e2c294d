"""Schema 0008: what an office above the communes reads by unit, at national size.

`registrations_unit (unit_code, year, status)`: the home screen counts this office's own
registrations of the year, and the recognition screens of a district, province or
national office start from the models registered at the office itself (besides those
proposed to it). Without the index both read every registration of the year - 100,000
rows a year in a national file - to find the office's few; with it they read only those.

`registrations_stats (year, status, field, kind, mode, unit_code, subunit_code)`: counts
of a year or a period by field, kind, mode and unit (the review of a period, statistics)
read this index alone. Without it SQLite walked the status index - every registered row
of every year - to count one year: 0.3 s at 100,000 registrations, 2.5 s at 1,000,000;
with it 0.04 s at 100,000.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
CREATE INDEX registrations_unit ON registrations (unit_code, year, status);
CREATE INDEX registrations_stats
    ON registrations (year, status, field, kind, mode, unit_code, subunit_code);
"""


def scale(db: Database) -> None:
    run_script(db, SCHEMA)
