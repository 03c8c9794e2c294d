import shutil
import sqlite3
from pathlib import Path

import pytest

from app.context import AppContext
from app.errors import DvkError
from db.connection import connect, migrate, schema_version
from db.migrations import SCHEMA_NAMES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "schema"
SYNC_COLUMNS = {"id", "origin", "version", "created_at", "updated_at", "updated_by", "rev"}


def test_every_record_that_travels_carries_the_sync_columns(ctx):
    from app.sync.kinds import all_kinds

    travelling = {kind.table for kind in all_kinds()}
    for table in travelling:
        assert SYNC_COLUMNS <= {c.name for c in ctx.db[table].columns}, table
    # Every table shaped for travel is either registered as a kind of bundle record or
    # waits for the downward bundles of issue 7 (calendar data).
    shaped = {t for t in ctx.db.table_names()
              if SYNC_COLUMNS <= {c.name for c in ctx.db[t].columns}}
    assert shaped - travelling <= {"periods", "campaign_years"}


def test_reference_data_is_loaded_once(ctx):
    db = ctx.db
    assert db.execute("SELECT count(*) FROM units WHERE official = 1").fetchone()[0] == 3355
    assert db.execute("SELECT count(*) FROM units WHERE level = 'tinh'").fetchone()[0] == 34
    assert db.execute("SELECT count(*) FROM units WHERE official = 1 AND level = 'xa'"
                      ).fetchone()[0] == 3321
    assert db.execute("SELECT count(*) FROM units WHERE parent_code = '37' AND official = 1"
                      ).fetchone()[0] == 129
    assert db.execute("SELECT count(*) FROM fields").fetchone()[0] == 4
    assert db.execute("SELECT registration_deadline FROM campaign_years WHERE year = 2021"
                      ).fetchone()[0] == "2021-05-01"
    assert db.execute("SELECT registration_deadline FROM campaign_years WHERE year = 2027"
                      ).fetchone()[0] == "2027-03-30"


def test_the_audit_log_cannot_be_rewritten(ctx):
    ctx.units.add_subunit("Thôn Mới", "thon")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ctx.db.execute("UPDATE audit_log SET actor = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        ctx.db.execute("DELETE FROM audit_log")
    assert ctx.maintenance.check().ok


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("v*.sqlite")), ids=lambda p: p.name)
def test_databases_saved_by_earlier_releases_upgrade_without_loss(fixture, tmp_path):
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    before = sqlite3.connect(copy)
    tables = [t for (t,) in before.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE '%_fts%' AND name <> '_sqlite_migrations'")]
    counts = {t: before.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}
    before.close()
    assert counts["registrations"] > 0
    with AppContext.open(copy) as ctx:
        assert schema_version(ctx.db) == len(SCHEMA_NAMES)
        for table, count in counts.items():
            now = ctx.db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
            # Nothing is lost; opening may add reference data and audit lines.
            assert now >= count, table
            if table in ("registrations", "persons", "targets", "milestones", "evidence",
                         "score_sheets", "sheet_lines", "outbox", "inbox"):
                assert now == count, table
        assert ctx.maintenance.check().ok
        assert ctx.registrations.list_json(ctx_query("dan van")) is not None


def ctx_query(text):
    from app.domain.listing import ListQuery

    return ListQuery(search=text)


def test_a_database_from_a_newer_release_is_refused_untouched(tmp_path):
    path = tmp_path / "future.sqlite"
    db = connect(path)
    migrate(db)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
               " VALUES ('dvk', '9999_future', 'x')")
    db.conn.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(DvkError, match="phiên bản DVK mới hơn"):
        AppContext.open(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_explained(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"Day la ghi chu, khong phai co so du lieu." * 100)
    with pytest.raises(DvkError, match="hỏng"):
        AppContext.open(path)
