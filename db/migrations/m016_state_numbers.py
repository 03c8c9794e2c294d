"""Schema 0016: State numbers from 01, and a book of report numbers.

Decree 30/2020/NĐ-CP numbers a State paper from 01 each year and writes 01 to 09 with
the zero ("Số: 01/QĐ-UBND"); the first State books printed "1/QĐ-UBND". The active
books still in those shipped patterns go on in two digits (the numbers handed out keep
the text they were printed with).

Reports carry a number too ("Số: 05/BC-UBND", "Số 05-BC/BCĐ"): numbering_books takes
the kind 'report' (the table is rebuilt for its CHECK; migrations run with foreign keys
off and checked after, db/connection.py).
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
CREATE TABLE numbering_books_0016 (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('decision', 'certificate', 'proposal', 'report')),
    name TEXT NOT NULL,
    pattern TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('term', 'year')),
    term TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL,
    CHECK (scope = 'year' OR term <> '')
);
INSERT INTO numbering_books_0016 (id, kind, name, pattern, scope, term, active, created_at)
    SELECT id, kind, name, pattern, scope, term, active, created_at FROM numbering_books;
DROP TABLE numbering_books;
ALTER TABLE numbering_books_0016 RENAME TO numbering_books;
CREATE UNIQUE INDEX numbering_books_active ON numbering_books (kind) WHERE active = 1;

UPDATE numbering_books SET pattern = '{n:02d}/QĐ-UBND'
    WHERE active = 1 AND pattern = '{n}/QĐ-UBND';
UPDATE numbering_books SET pattern = '{n:02d}/TTr-UBND'
    WHERE active = 1 AND pattern = '{n}/TTr-UBND';
"""


def state_numbers(db: Database) -> None:
    run_script(db, SCHEMA)
