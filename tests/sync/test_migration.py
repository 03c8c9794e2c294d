"""Schema 2 (0002_sync) upgrades a database saved by schema 1 and keeps its data."""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

from app.context import AppContext
from db.connection import applied_migrations, connect
from db.migrations import SCHEMA_NAMES, m001_foundation
from tests.helpers import collective


def test_a_schema_1_database_upgrades_to_sync(tmp_path):
    path = tmp_path / "old.sqlite"
    db = connect(path)
    old = Migrations("dvk")
    old(name="0001_foundation")(m001_foundation.foundation)
    old.apply(db)
    db.execute("INSERT INTO settings (key, value) VALUES ('place_name', '\"Yên Thắng\"')")
    db.conn.commit()
    db.close()
    with AppContext.open(path, actor="t") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code="14725", place_name="Yên Thắng")
        ctx.units.add_subunit("Tổ dân phố số 1", "to_dan_pho")
        ctx.registrations.save(collective(ctx, "Mô hình trước khi nâng cấp"))
        assert applied_migrations(ctx.db) == SCHEMA_NAMES
        assert SCHEMA_NAMES[:2] == ["0001_foundation", "0002_sync"]
        for table in ("office_keys", "trusted_keys", "sync_lines", "outbox", "inbox",
                      "sync_conflicts"):
            assert ctx.db[table].exists()
        assert ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 1
        assert ctx.setting("place_name") == "Yên Thắng"
