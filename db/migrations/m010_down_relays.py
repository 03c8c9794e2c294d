"""Schema 0010: the office in the middle forwards what comes from above, too.

Until now a district passed the province's records down to its communes as its own, so
a commune could not tell a province decision from one the district made up. From 0010
the district keeps the province's bundles byte for byte, as it already kept its
communes' bundles for the province, and forwards them inside its bundles down: each
commune checks the province's own signature (app/sync/authority.py). `relay_bundles`
gains the direction each kept bundle travels in; the bundles kept before were all
going up.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
ALTER TABLE relay_bundles ADD COLUMN way TEXT NOT NULL DEFAULT 'up'
    CHECK (way IN ('up', 'down'));
"""


def down_relays(db: Database) -> None:
    run_script(db, SCHEMA)
