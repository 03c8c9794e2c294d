"""Issue 20: every record kind has a JSON Schema generated from kinds.py and the tables
(docs/schema/), with its reference page (docs/records.md); every record of real demo
bundles validates against it; a kind or a field added without regenerating the schema
fails here. (`jsonschema` is a test dependency for this: the reference implementation
of JSON Schema in Python, so the schemas are checked by a validator we did not write.)"""

from __future__ import annotations

import collections
import json
from pathlib import Path

import jsonschema
import pytest

from app.openformat import generate, schema
from app.sync import manifest as mf
from app.sync.kinds import all_kinds
from tests.openformat.bundles import members, plain_bytes, records
from tests.sync.redteam import DemoNet

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _load(name: str) -> dict:
    return json.loads((DOCS / "schema" / name).read_text(encoding="utf-8"))


def _validator(name: str = "records.schema.json", kind: str | None = None):
    document = _load(name)
    jsonschema.Draft202012Validator.check_schema(document)
    if kind is None:
        return jsonschema.Draft202012Validator(document)
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{kind}", **document})


def test_the_committed_schemas_and_reference_are_what_the_code_makes():
    assert generate.stale(DOCS) == [], (
        "docs/schema or docs/records.md is stale: run `python tools/openformat.py`")


def test_every_kind_has_its_schema_and_every_field_a_meaning():
    defs = _load("records.schema.json")["$defs"]
    assert list(defs) == [kind.name for kind in all_kinds()]
    assert schema.undescribed(generate.fresh_database()) == []
    text = (DOCS / "records.md").read_text(encoding="utf-8")
    for code in ("da_dang_ky", "tieu_bieu", "mo_hinh", "ban_hanh", "khoa", "coso"):
        assert f"`{code}`" in text
    assert "tenths of a point" in text


def test_a_column_added_without_regenerating_is_caught():
    db = generate.fresh_database()
    db.execute("ALTER TABLE registrations ADD COLUMN frozen_title TEXT NOT NULL DEFAULT ''")
    assert "schema/records.schema.json" in generate.stale(DOCS, db)
    assert "registrations.frozen_title" in schema.undescribed(db)
    regenerated = schema.records_schema(db)["$defs"]["registrations"]
    assert regenerated["properties"]["frozen_title"]["type"] == "string"
    record = {"id": "x", "origin": "1", "version": 1, "created_at": "2026-01-01T00:00:00Z",
              "updated_at": "2026-01-01T00:00:00Z", "frozen_title": ""}
    problems = [e.message for e in _validator(kind="registrations").iter_errors(record)]
    assert any("frozen_title" in p for p in problems)


def test_a_kind_added_without_regenerating_is_caught(monkeypatch):
    from app.sync import kinds

    fake = kinds.SyncKind(name="settings_shared", table="settings", label="x", key="key")
    assert fake.name not in kinds._REGISTRY
    monkeypatch.setitem(kinds._REGISTRY, fake.name, fake)
    assert "schema/records.schema.json" in generate.stale(DOCS)
    assert fake.name not in _load("records.schema.json")["$defs"]


def _bundle_files(network: Path) -> list[Path]:
    return sorted((network / "bundles").glob("*.dvk"))


def _next_bundles(ba_cap: Path, out: Path) -> list[Path]:
    """The next bundles of the offices where the three-tier demo acted after its
    exchanges (app/demo/privacy.py): the second commune's up (its erasure),
    the province's down (the request it recorded for the first commune)."""
    net = DemoNet(ba_cap)
    communes, province = net.of_level("xa"), net.of_level("tinh")[0]
    eraser, owner = communes[1], communes[0]
    return [net.genuine(eraser, net.parent(eraser), out / "len.dvk", full=False),
            net.genuine(province, net.parent(owner), out / "xuong.dvk", full=False)]


def test_every_record_of_the_demo_bundles_validates(ba_cap_template, demo_network_template,
                                                    ba_cap, tmp_path):
    counts: collections.Counter = collections.Counter()
    validators = {kind.name: _validator(kind=kind.name) for kind in all_kinds()}
    manifests = _validator("manifest.schema.json")
    statements = _validator("trust-statement.schema.json")
    files = 0
    for network, paths in ((ba_cap_template, _bundle_files(ba_cap_template)),
                           (demo_network_template, _bundle_files(demo_network_template)),
                           (ba_cap, _next_bundles(ba_cap, tmp_path))):
        for path in paths:
            data = plain_bytes(path, network)
            files += 1
            for kind, record in records(data):
                errors = [e.message for e in validators[kind].iter_errors(record)]
                assert not errors, (path.name, kind, record.get("id"), errors[:3])
                counts[kind] += 1
            for name, content in members(data):
                if name == mf.MANIFEST:
                    manifests.validate(json.loads(content))
                    counts["manifest.json"] += 1
                elif name == mf.TRUST:
                    for line in content.decode("utf-8").splitlines():
                        statements.validate(json.loads(line))
                        counts["trust statements"] += 1
    # Every kind a demo network sends is there (rubric assignments and periods are
    # settings a parent changes: the demo changes a campaign year only).
    missing = {k.name for k in all_kinds()} - set(counts)
    assert missing <= {"rubric_assignments", "periods", "rubrics", "rubric_items"}, missing
    assert sum(v for k, v in counts.items() if k in validators) > 1000
    print(f"\n{files} bundles, {sum(counts[k] for k in validators)} records validated:",
          dict(counts))


@pytest.mark.parametrize("change", [
    {"kind": "bai_hoc"}, {"field": 5}, {"status": "xoa"}, {"year": 1999},
    {"registered_on": "20/11/2026"}, {"unknown": 1}, {"version": 0}, {"field": "1"},
])
def test_a_record_outside_the_format_does_not_validate(change):
    record = {"id": "6f1c2a4e-8b3d-4c5e-9f70-112233445566", "year": 2026, "kind": "mo_hinh",
              "subject": "tap_the", "unit_code": "14725", "registrant": "Chi hội",
              "name": "Mô hình", "field": 2, "mode": "moi", "registered_on": "2026-03-01",
              "status": "da_dang_ky", "origin": "14725", "version": 1,
              "created_at": "2026-03-01T08:00:00.000Z",
              "updated_at": "2026-03-01T08:00:00.000Z"}
    validator = _validator(kind="registrations")
    validator.validate(record)
    assert list(validator.iter_errors({**record, **change}))
