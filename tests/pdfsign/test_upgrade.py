"""The upgrade to 0021_decision_signatures (issue 22) of a commune saved by schema 20
(tests/fixtures/schema/v20-commune.sqlite, `dvk demo` of main with the province's
batches and the list's sub-unit order): the signed copies' table is added empty, and a
decision the commune issued on schema 20 is signed after the upgrade as its frozen
paper, byte for byte, and travels with its hash in the signed record."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from app.context import AppContext
from app.pdfsign.keys import FileKey
from app.repositories import decision_signatures as signatures_repo
from db.connection import schema_version
from db.migrations import SCHEMA_NAMES
from tests.pdfsign.conftest import P12_PASSWORD

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "schema" / "v20-commune.sqlite"


def test_a_schema_20_commune_signs_the_decisions_it_issued_before(tmp_path, key_files):
    copy = tmp_path / FIXTURE.name
    shutil.copy(FIXTURE, copy)
    before = sqlite3.connect(copy)
    applied = [name for (name,) in before.execute(
        "SELECT name FROM _sqlite_migrations ORDER BY name")]
    tables = {name for (name,) in before.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    office = json.loads(before.execute(
        "SELECT value FROM settings WHERE key = 'office_code'").fetchone()[0])
    issued = before.execute(
        "SELECT id, paper_sha256 FROM decisions WHERE issuer_code = ? AND state ="
        " 'ban_hanh' AND paper_sha256 <> '' ORDER BY number", [office]).fetchall()
    before.close()
    assert applied[-1] == "0020_list_subunit_order" and len(applied) == 20
    assert "decision_signatures" not in tables and issued
    assert SCHEMA_NAMES[20] == "0021_decision_signatures"
    with AppContext.open(copy, actor="test") as ctx:
        assert schema_version(ctx.db) == len(SCHEMA_NAMES)
        assert ctx.db.execute("SELECT count(*) FROM decision_signatures").fetchone()[0] == 0
        decision_id, paper_sha256 = issued[0]
        service = ctx.pdf_signatures
        paper = service.issued_paper(decision_id)
        assert hashlib.sha256(paper).hexdigest() == paper_sha256
        signed = service.sign_decision(decision_id, FileKey(str(key_files["signer"])),
                                       P12_PASSWORD)
        assert signed.data.startswith(paper)
        [row] = service.signed_copies(decision_id)
        assert row.paper_sha256 == paper_sha256 and not row.withdrawn
        assert row.texts_sha256 == signatures_repo.texts_sha256(ctx.db, decision_id)
        assert service.signed_copy(decision_id) == signed.data
        assert ctx.maintenance.check().ok
