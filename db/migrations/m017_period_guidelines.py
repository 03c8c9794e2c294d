"""Schema 0017: the guideline of a campaign period.

A recognition decision rests on the movement's guideline for its period ("Căn cứ
Hướng dẫn số 01-HD/BCĐ ngày 28/6/2021 của Ban Chỉ đạo ..."). No national guideline
exists for 2026-2030, so it is data the office above sets (`dvk calendar period ...`),
travelling down with the period like its deadlines.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
ALTER TABLE periods ADD COLUMN guideline TEXT NOT NULL DEFAULT '';
"""


def period_guidelines(db: Database) -> None:
    run_script(db, SCHEMA)
