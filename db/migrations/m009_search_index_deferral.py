"""Schema 0009: a block of new registrations can be put into the search index at once.

The full-text index `registrations_fts` is kept up by triggers, one row at a time. For a
block of imported rows (the Excel import writes 500 at a time) that costs about 60 us a
row, more than writing the rows themselves; one INSERT ... SELECT over the block costs a
quarter of it. While the table `search_index_deferred` holds its one row, the insert
trigger leaves new registrations out; the writer that put the row there indexes the
block in one statement and takes the row out again
(app/repositories/registrations.py, `search_index_deferred`). All of it happens inside
the writer's transaction: no other connection ever sees the row, and a crash rolls the
row, the block and its index entries back together.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
CREATE TABLE search_index_deferred (id INTEGER PRIMARY KEY CHECK (id = 1));
DROP TRIGGER registrations_fts_insert;
CREATE TRIGGER registrations_fts_insert AFTER INSERT ON registrations
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred)
BEGIN
    INSERT INTO registrations_fts (rowid, search_words) VALUES (NEW.seq, NEW.search_words);
END;
"""


def search_index_deferral(db: Database) -> None:
    run_script(db, SCHEMA)
