"""Schema 0011: the rule of the council's total, and the walk of an office's area.

`rubrics.council_total`: how a rubric makes the council's total of a sheet (issue 24,
point 8): 'sum_of_means', the sum of the criteria's council scores, each the mean of
the members' scores rounded to one decimal (the guideline's usual reading, the default,
and what every sheet scored before this schema used); or 'mean_of_totals', the mean of
the members' own totals rounded to one decimal. It is part of the rubric's edition, so
it is locked with it and travels with it in bundles like every other column.

`units_merged_into`: every figure counts the office's area - the office, the offices
below it and the units merged into any of them (app/repositories/figures.py). The walk
looks units up by `merged_into`; without the index each step would read every unit.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
ALTER TABLE rubrics ADD COLUMN council_total TEXT NOT NULL DEFAULT 'sum_of_means'
    CHECK (council_total IN ('sum_of_means', 'mean_of_totals'));
CREATE INDEX units_merged_into ON units (merged_into) WHERE merged_into IS NOT NULL;
"""


def figures(db: Database) -> None:
    run_script(db, SCHEMA)
