"""Schema 0010: what an office above the communes reads by unit, at national size.

`registrations_unit (unit_code, year, status)`: the home screen counts this office's own
registrations of the year, and the recognition screens of a district, province or
national office start from the models registered at the office itself (besides those
proposed to it). Without the index both read every registration of the year - 100,000
rows a year in a national file - to find the office's few; with it they read only those.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
CREATE INDEX registrations_unit ON registrations (unit_code, year, status);
"""


def scale(db: Database) -> None:
    run_script(db, SCHEMA)
