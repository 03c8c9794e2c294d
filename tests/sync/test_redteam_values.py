"""Red team, values (issue 15, points 9 and 10): numbers SQLite cannot hold and text
DVK never stores, in a bundle signed with a genuine key, are refused (exit 4, in the
refusal log), never an internal error, and change nothing."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.signing import canonical, crypto
from app.sync import manifest as mf
from app.sync import refusals
from tests.sync.builders import zip_raw
from tests.sync.redteam import DemoNet, forged, members, newer, put


@pytest.fixture
def net(ba_cap) -> DemoNet:
    return DemoNet(ba_cap)


def _pair(net: DemoNet) -> tuple[str, str]:
    commune = net.of_level("xa")[0]
    return commune, net.parent(commune)


def _cli_import(net: DemoNet, code: str, bundle) -> int:
    before = net.fingerprint(code)
    logged = len(refusals.entries())
    status = main(["--db", str(net.path(code)), "import", str(bundle)])
    assert net.fingerprint(code) == before
    assert len(refusals.entries()) == logged + 1
    return status


@pytest.mark.parametrize("value", [2**63, 2**64 + 5, -(2**63) - 1, 10**40])
def test_a_version_beyond_64_bits_is_a_refusal(net, tmp_path, value):
    commune, district = _pair(net)
    row = net.rows(commune, "registrations", "origin = ?", [commune])[0]
    genuine = net.genuine(commune, district, tmp_path / "g.dvk", full=False)
    bundle = forged(genuine, tmp_path / "f.dvk", net.signing(commune),
                    lambda records: put(records, "registrations", {**row, "version": value}))
    assert _cli_import(net, district, bundle) == 4
    assert refusals.entries()[-1]["reason"] == "json"


def test_a_float_beyond_range_is_a_refusal(net, tmp_path):
    commune, district = _pair(net)
    row = net.rows(commune, "targets", "origin = ? AND target IS NOT NULL", [commune])[0]
    genuine = net.genuine(commune, district, tmp_path / "g.dvk", full=False)

    def edit(records):
        put(records, "targets", newer(row))

    bundle = forged(genuine, tmp_path / "f.dvk", net.signing(commune), edit)
    data = members(bundle)["records/targets.jsonl"]
    assert b'"target":' in data
    entries = members(bundle)
    text = entries["records/targets.jsonl"].decode()
    record = json.loads(text)
    raw = canonical.dumps(record).decode().replace(
        f'"target":{json.dumps(record["target"])}', '"target":1e400')
    entries["records/targets.jsonl"] = (raw + "\n").encode()
    manifest = canonical.loads(entries[mf.MANIFEST], limit=1 << 24)
    files = {n: d for n, d in entries.items() if n not in (mf.MANIFEST, mf.SIGNATURE)}
    manifest["files"] = [mf.file_entry(n, d, _stored(n, d)) for n, d in files.items()]
    data = canonical.dumps(manifest)
    signing = net.signing(commune)
    zip_raw(tmp_path / "inf.dvk", [(mf.MANIFEST, data), (mf.SIGNATURE,
                                                           crypto.sign(signing, data)),
                                   *files.items()])
    assert _cli_import(net, district, tmp_path / "inf.dvk") == 4


def _stored(name: str, data: bytes) -> bytes:
    from app.sync import zipformat
    from tests.sync.builders import compressed

    return zipformat.pack(name, data, compressed(name)).body


@pytest.mark.parametrize("seq", [2**63, 2**63 + 1, 10**30])
def test_a_sequence_number_beyond_64_bits_is_a_refusal(net, tmp_path, seq):
    commune, district = _pair(net)
    genuine = net.genuine(commune, district, tmp_path / "g.dvk", full=False)
    entries = members(genuine)
    manifest = canonical.loads(entries[mf.MANIFEST], limit=1 << 24)
    manifest["seq"] = seq
    data = canonical.dumps(manifest)
    signing = net.signing(commune)
    files = [(n, d) for n, d in entries.items() if n not in (mf.MANIFEST, mf.SIGNATURE)]
    zip_raw(tmp_path / "seq.dvk", [(mf.MANIFEST, data), (mf.SIGNATURE,
                                                           crypto.sign(signing, data)), *files])
    assert _cli_import(net, district, tmp_path / "seq.dvk") == 4


@pytest.mark.parametrize("name", ["Mô hình \u202egnáhT", "Mô hình \x1b[31mđỏ\x1b[0m",
                                  "Mô hình \x85 xuống dòng", "X" * 480_000, "Y" * 301])
def test_text_dvk_never_stores_is_not_imported(net, tmp_path, name):
    """Point 9: control characters, text-reordering marks and a 480,000-character name
    are rejected with their reason; the rest of the bundle goes in."""
    commune, district = _pair(net)
    row = net.rows(commune, "registrations", "origin = ?", [commune])[0]
    genuine = net.genuine(commune, district, tmp_path / "g.dvk", full=False)
    bundle = forged(genuine, tmp_path / "f.dvk", net.signing(commune),
                    lambda records: put(records, "registrations", newer(row, name=name)))
    preview = net.imported(district, bundle).preview
    assert preview.summary["registrations"].rejected == 1
    assert "name" in preview.rejections[0].reason
    with net.open(district) as ctx:
        stored = ctx.db.execute("SELECT name FROM registrations WHERE id = ?",
                                [row["id"]]).fetchone()[0]
    assert stored == row["name"]


def test_a_council_total_rule_dvk_does_not_know_is_rejected_not_a_crash(net, tmp_path):
    """The rubric's council-total rule (issue 24) is checked like every value a table
    constrains: a bundle carrying another rule is counted as rejected, not an
    integrity failure of the whole import."""
    province = net.of_level("tinh")[0]
    district = next(c for c in net.offices if net.offices[c]["parent"] == province)
    with net.open(province) as ctx:
        rubric_id = ctx.rubrics.copy(ctx.db.execute(
            "SELECT id FROM rubrics WHERE origin = 'VN' LIMIT 1").fetchone()[0], "Của tỉnh")
    rubric = net.rows(province, "rubrics", "id = ?", [rubric_id])[0]
    genuine = net.genuine(province, district, tmp_path / "g.dvk", full=False)
    bundle = forged(genuine, tmp_path / "f.dvk", net.signing(province), lambda records: put(
        records, "rubrics", newer(rubric, council_total="trung_binh_cong_bua")))
    preview = net.imported(district, bundle).preview
    assert preview.summary["rubrics"].rejected == 1
    assert "council_total" in preview.rejections[0].reason
