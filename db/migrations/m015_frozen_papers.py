"""Schema 0015: an issued decision keeps the paper it was issued as.

Until now a decision was printed from the office's settings of the day, so a reprint
after the office changed its superior or place differed from the paper signed, another
office printed it with its own heading, and its certificates printed elsewhere had no
code and no emblem. From 0015 issuing freezes the paper (app/printing/frozen.py):

- decisions.paper: the frozen paper as canonical JSON: heading, wording, signer,
  numbers, the certificates' common text;
- decisions.paper_sha256: the SHA-256 of the decision's PDF as issued, which every
  office regenerates byte for byte from the frozen paper;
- decisions.emblem_sha256: the emblem of its certificates (a blob that travels with
  the decision);
- decision_items.paper: each item's line of the annex and its certificate, with the
  certificate's signed code.

The columns travel with the decision and never change (app/sync/authority.py).
Decisions issued before 0015 keep '' and print as before.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
ALTER TABLE decisions ADD COLUMN paper TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN paper_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE decisions ADD COLUMN emblem_sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE decision_items ADD COLUMN paper TEXT NOT NULL DEFAULT '';
"""


def frozen_papers(db: Database) -> None:
    run_script(db, SCHEMA)
