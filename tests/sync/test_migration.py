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


def test_a_schema_3_district_upgrades_to_trust(tmp_path):
    """0006_trust on a three-tier district saved by schema 3 (tests/fixtures/schema):
    its inbox learns recipient and direction, and its first bundle up carries the
    communes' records it imported before (they were not kept to forward) and the
    certificates of its communes' keys."""
    import shutil
    from pathlib import Path

    from tests.sync.builders import manifest_of

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "schema" / \
        "v3-district-ba-cap.sqlite"
    copy = tmp_path / "district.sqlite"
    shutil.copy(fixture, copy)
    with AppContext.open(copy, actor="t") as ctx:
        assert applied_migrations(ctx.db) == SCHEMA_NAMES
        office = ctx.office_code
        rows = ctx.db.execute("SELECT sender, recipient, way FROM inbox").fetchall()
        assert rows and all(r[1] == office and r[2] == "up" for r in rows)
        assert ctx.db.execute("SELECT count(*) FROM relay_bundles").fetchone()[0] == 0
        bundle = ctx.sync.export("37", tmp_path / "up.dvk", passphrase="demo",
                                 full=True).path
        statements = ctx.db.execute("SELECT type, unit FROM key_statements").fetchall()
    manifest = manifest_of(bundle)
    assert manifest["format_version"] == 2 and manifest["counts"]["registrations"] > 0
    names = [f["name"] for f in manifest["files"]]
    assert "trust.jsonl" in names and not any(n.startswith("relayed/") for n in names)
    assert {unit for kind, unit in statements if kind == "certificate"} == {
        sender for sender, _r, _w in rows}
