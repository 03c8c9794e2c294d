"""Schema 0018: every filter and sort of the registrations list at national size
(issue 18, point 12; bench/README.md "Filters and sorts at 1,000,000").

- The full-text index `registrations_fts` gets a second column, `tags`: one word per
  filter value of the row (a letter for the column, the value in hexadecimal: year
  2026 is "y32303236"), so that any mix of search words and filters is one full-text query
  whose lists FTS5 intersects (a filter and words that are each common but rarely
  meet, field 1 and "an ninh", took 0.25 s of walking the list). Search words are
  matched in the column `search_words` only, so a typed word never meets a tag. The
  index reads its rows from the view `registrations_search` (the row's words and its
  tags, made by `TAGS` below); `detail = column`: the list never asks for a phrase, and
  positions took a fifth of the index. Its triggers now also follow the filter columns.
- The indexes the list walks in its orders carry every filter column the list offers
  (year, field, kind, status, form, collective or individual, the office registered
  at), so a filter is tested in the index instead of in the row (a row read costs
  about as much as 20 index entries): `registrations_list` and `registrations_year_list`
  (registration date, with the words), `registrations_name`, `registrations_registrant`
  and `registrations_subunit` (led by their column, then seq).
- `units_name (name_fold, code)`: the sub-units in the order of their names, so the
  list sorted by sub-unit walks the sub-units and each one's registrations instead of
  sorting a million rows.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.sqlscript import run_script

# One word per filter value, in [0-9a-z] only (the tokenizer's words): a letter naming
# the column, then the value's bytes in hexadecimal (any value spells one way, case
# kept, a code's "-" or "_" no word break). The list's queries make the same words
# (app/repositories/registration_list.py, `tag`); a test compares them.
TAGS = (
    "'y' || hex({r}.year) || ' f' || hex({r}.field) || ' k' || hex({r}.kind)"
    " || ' s' || hex({r}.status) || ' m' || hex({r}.mode) || ' j' || hex({r}.subject)"
    " || ' u' || hex({r}.unit_code)"
    " || CASE WHEN {r}.subunit_code IS NULL THEN '' ELSE ' v' || hex({r}.subunit_code) END"
)
# A change of any of these may change the row's entry in the index (the trigger
# compares the words and tags before and after: a save that changes neither leaves it).
INDEXED_COLUMNS = ("search_words", "year", "field", "kind", "status", "mode", "subject",
                   "unit_code", "subunit_code")
FILTER_COLUMNS = "year, field, kind, status, mode, subject, unit_code"

SCHEMA = f"""
DROP INDEX registrations_list;
CREATE INDEX registrations_list ON registrations
    (registered_on, seq, {FILTER_COLUMNS}, search_words);
DROP INDEX registrations_year_list;
CREATE INDEX registrations_year_list ON registrations
    (year, registered_on, seq, field, kind, status, mode, subject, unit_code, search_words);
DROP INDEX registrations_name;
CREATE INDEX registrations_name ON registrations (name_fold, seq, {FILTER_COLUMNS});
DROP INDEX registrations_registrant;
CREATE INDEX registrations_registrant ON registrations
    (registrant_fold, seq, {FILTER_COLUMNS});
DROP INDEX registrations_subunit;
CREATE INDEX registrations_subunit ON registrations (subunit_code, seq, {FILTER_COLUMNS});
CREATE UNIQUE INDEX units_name ON units (name_fold, code);

DROP TRIGGER registrations_fts_insert;
DROP TRIGGER registrations_fts_delete;
DROP TRIGGER registrations_fts_update;
DROP TABLE registrations_fts;
CREATE VIEW registrations_search AS
    SELECT r.seq, r.search_words, {TAGS.format(r="r")} AS tags FROM registrations r;
CREATE VIRTUAL TABLE registrations_fts USING fts5 (
    search_words, tags, content = 'registrations_search', content_rowid = 'seq',
    tokenize = 'unicode61', prefix = '1 2 3 4', detail = column
);
INSERT INTO registrations_fts (registrations_fts) VALUES ('rebuild');
CREATE TRIGGER registrations_fts_insert AFTER INSERT ON registrations
WHEN NOT EXISTS (SELECT 1 FROM search_index_deferred)
BEGIN
    INSERT INTO registrations_fts (rowid, search_words, tags)
    VALUES (NEW.seq, NEW.search_words, {TAGS.format(r="NEW")});
END;
CREATE TRIGGER registrations_fts_delete AFTER DELETE ON registrations
BEGIN
    INSERT INTO registrations_fts (registrations_fts, rowid, search_words, tags)
    VALUES ('delete', OLD.seq, OLD.search_words, {TAGS.format(r="OLD")});
END;
CREATE TRIGGER registrations_fts_update AFTER UPDATE OF {", ".join(INDEXED_COLUMNS)}
ON registrations
WHEN OLD.search_words IS NOT NEW.search_words
    OR ({TAGS.format(r="OLD")}) IS NOT ({TAGS.format(r="NEW")})
BEGIN
    INSERT INTO registrations_fts (registrations_fts, rowid, search_words, tags)
    VALUES ('delete', OLD.seq, OLD.search_words, {TAGS.format(r="OLD")});
    INSERT INTO registrations_fts (rowid, search_words, tags)
    VALUES (NEW.seq, NEW.search_words, {TAGS.format(r="NEW")});
END;
"""


def list_filters(db: Database) -> None:
    run_script(db, SCHEMA)
