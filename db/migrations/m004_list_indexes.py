"""Schema 0004: indexes that keep the registrations list fast at national size
(1,000,000 rows; see bench/).

- `registrations_list (registered_on, seq, year, field, kind, status, search_words)`
  replaces `registrations_registered`. It is the list's default order (newest
  registration first, `seq` breaking ties) and carries the filter columns and the
  folded words, so a page of the list - filtered, searched or both - is found by
  walking this index alone and reading only the 200 rows shown.
- `registrations_year_list` is the same led by `year`: the year filter is the one a
  clerk uses most, and its rows sit together at one place of the default order.
- Single-column indexes on `year`, `subject`, `mode` and `origin` give every column the
  list can be sorted by an index in (column, seq) order, so a click on its header reads
  one page instead of sorting a million rows (`registrations_year` starts with year but
  its other columns come before seq).
- The full-text index keeps prefixes of 1 to 4 letters (`prefix = '1 2 3 4'`, was
  '2 3'): without them the first letter typed in the search box made FTS5 merge the
  lists of every word starting with that letter, about 0.4 s per keystroke at a million
  rows, and a 4-letter start of a common name ("tran", "nguy") about 10 ms. The table
  is rebuilt from the registrations it indexes (external content); its triggers stay.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

SCHEMA = """
DROP INDEX IF EXISTS registrations_registered;
CREATE INDEX registrations_list
    ON registrations (registered_on, seq, year, field, kind, status, search_words);
CREATE INDEX registrations_year_list
    ON registrations (year, registered_on, seq, field, kind, status, search_words);
CREATE INDEX registrations_sort_year ON registrations (year);
CREATE INDEX registrations_subject ON registrations (subject);
CREATE INDEX registrations_mode ON registrations (mode);
CREATE INDEX registrations_origin ON registrations (origin);

DROP TABLE registrations_fts;
CREATE VIRTUAL TABLE registrations_fts USING fts5 (
    search_words, content = 'registrations', content_rowid = 'seq',
    tokenize = 'unicode61', prefix = '1 2 3 4'
);
INSERT INTO registrations_fts (registrations_fts) VALUES ('rebuild');
"""


def list_indexes(db: Database) -> None:
    run_script(db, SCHEMA)
