"""The ordered list of schema migrations (sqlite-utils Migrations).

Append new migrations at the end; never edit or reorder one that has shipped. A test
upgrades a database saved by each previous schema (tests/fixtures/schema/).
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

from db.migrations import m001_foundation, m002_sync, m003_scoring, m006_trust

MIGRATIONS = Migrations("dvk")

_ORDERED = [
    ("0001_foundation", m001_foundation.foundation),
    ("0002_sync", m002_sync.sync),
    ("0003_scoring", m003_scoring.scoring),
    ("0006_trust", m006_trust.trust),
]

for _name, _fn in _ORDERED:
    MIGRATIONS(name=_name)(_fn)

SCHEMA_NAMES = [name for name, _ in _ORDERED]
