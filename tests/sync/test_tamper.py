"""Hostile files (point 9): every kind of damage is refused with a clear Vietnamese
message, exit code 4, and the province's data file byte-for-byte unchanged."""

from __future__ import annotations

import io
import secrets
import zipfile
from pathlib import Path

import pytest

from app.cli.main import main
from app.context import AppContext
from app.signing import canonical, crypto
from app.sync import manifest as mf
from app.sync.errors import BundleRefused
from tests.sync.builders import export, forge, members, register, signing_key, zip_raw
from tests.sync.conftest import COMMUNE, OTHER, PROVINCE, STRANGER


@pytest.fixture
def good(net, tmp_path) -> Path:
    with net.open(COMMUNE) as commune:
        register(commune, "Mô hình gốc")
        register(commune, "Điển hình gốc", person=True, evidence=b"\x89PNG" + b"x" * 500)
        return export(commune, PROVINCE, tmp_path / "good.dvk")


def _signed(net, code: str = COMMUNE):
    with net.open(code) as ctx:
        return signing_key(ctx)


def _records(good: Path) -> dict[str, bytes]:
    return {n: d for n, d in members(good).items() if n not in (mf.MANIFEST, mf.SIGNATURE)}


def _manifest(good: Path) -> dict:
    return canonical.loads(members(good)[mf.MANIFEST], limit=1 << 24)


def truncated(net, good, out):
    data = good.read_bytes()
    out.write_bytes(data[: len(data) // 2])


def truncated_end(net, good, out):
    out.write_bytes(good.read_bytes()[:-30])


def empty(net, good, out):
    out.write_bytes(b"")


def not_a_zip(net, good, out):
    out.write_bytes(b"PK\x03\x04" + b"\x00" * 100)


def bit_flipped(net, good, out):
    entries = members(good)
    data = bytearray(entries["records/registrations.jsonl"])
    data[len(data) // 2] ^= 0x01
    entries["records/registrations.jsonl"] = bytes(data)
    zip_raw(out, list(entries.items()))


def bit_flipped_raw(net, good, out):
    data = bytearray(good.read_bytes())
    data[len(data) // 3] ^= 0x20
    out.write_bytes(bytes(data))


def wrong_signature(net, good, out):
    entries = members(good)
    entries[mf.SIGNATURE] = bytes(64)
    zip_raw(out, list(entries.items()))


def short_signature(net, good, out):
    entries = members(good)
    entries[mf.SIGNATURE] = entries[mf.SIGNATURE][:40]
    zip_raw(out, list(entries.items()))


def manifest_edited(net, good, out):
    entries = members(good)
    manifest = canonical.loads(entries[mf.MANIFEST], limit=1 << 24)
    manifest["seq"] = 7
    manifest["prev_sha256"] = "0" * 64
    entries[mf.MANIFEST] = canonical.dumps(manifest)
    zip_raw(out, list(entries.items()))


def record_edited_and_rehashed(net, good, out):
    """The records and the hash in the manifest changed, the signature kept."""
    entries = members(good)
    data = entries["records/registrations.jsonl"].replace("Mô hình gốc".encode(),
                                                          "Mô hình giả".encode())
    entries["records/registrations.jsonl"] = data
    manifest = canonical.loads(entries[mf.MANIFEST], limit=1 << 24)
    for entry in manifest["files"]:
        if entry["name"] == "records/registrations.jsonl":
            entry["sha256"], entry["size"] = canonical.sha256(data), len(data)
    entries[mf.MANIFEST] = canonical.dumps(manifest)
    zip_raw(out, list(entries.items()))


def unknown_key(net, good, out):
    stranger, _locked = crypto.generate("x", opslimit=crypto.DEMO_OPSLIMIT,
                                        memlimit=crypto.DEMO_MEMLIMIT)[::-1]
    forge(out, _records(good), stranger, base=_manifest(good))


def key_of_another_office(net, good, out):
    forge(out, _records(good), _signed(net, OTHER), base=_manifest(good))


def revoked_key(net, good, out):
    with AppContext.open(net.path(PROVINCE)) as province:
        province.db.execute("UPDATE trusted_keys SET revoked_at = '2026-01-01T00:00:00Z'"
                            " WHERE unit_code = ?", [COMMUNE])
    out.write_bytes(good.read_bytes())


def addressed_elsewhere(net, good, out):
    forge(out, _records(good), _signed(net), base=_manifest(good), recipient=OTHER)


def sender_not_child(net, good, out):
    signing = _signed(net, STRANGER)
    with AppContext.open(net.path(PROVINCE)) as province:
        province.keys.trust_public_key(STRANGER, "Phường Ba Đình",
                                       signing.verify_key.encode())
    forge(out, _records(good), signing, base=_manifest(good), sender=STRANGER)


def zip_slip(net, good, out):
    zip_raw(out, [*members(good).items(), ("../../evil.txt", b"boom")])


def zip_slip_inside(net, good, out):
    zip_raw(out, [*members(good).items(), ("records/../../evil.jsonl", b"boom")])


def absolute_path(net, good, out):
    zip_raw(out, [*members(good).items(), ("/etc/cron.d/evil", b"boom")])


def windows_path(net, good, out):
    zip_raw(out, [*members(good).items(), ("C:\\Windows\\evil.dll", b"boom")])


def duplicate_name(net, good, out):
    entries = list(members(good).items())
    name, data = next((n, d) for n, d in entries if n.startswith("records/"))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        zip_raw(out, [*entries, (name, data.replace(b"g", b"G"))])


def zip_bomb(net, good, out):
    zip_raw(out, [*members(good).items(), ("records/bomb.jsonl", b"\x00" * (40 * 1024**2))])


def zip_bomb_listed(net, good, out):
    """A signed bundle whose listed records file inflates 1000-fold."""
    files = {**_records(good), "records/registrations.jsonl": b" " * (40 * 1024**2)}
    forge(out, files, _signed(net), base=_manifest(good))


def unlisted_file(net, good, out):
    zip_raw(out, [*members(good).items(), ("blobs/" + "a" * 64, b"extra")])


def listed_file_missing(net, good, out):
    entries = members(good)
    del entries["records/targets.jsonl"]
    zip_raw(out, list(entries.items()))


def manifest_missing(net, good, out):
    entries = members(good)
    del entries[mf.MANIFEST]
    zip_raw(out, list(entries.items()))


def manifest_not_canonical(net, good, out):
    entries = members(good)
    manifest = canonical.loads(entries[mf.MANIFEST], limit=1 << 24)
    data = canonical.dumps(manifest).replace(b",", b", ", 1)
    signing = _signed(net)
    entries[mf.MANIFEST] = data
    entries[mf.SIGNATURE] = crypto.sign(signing, data)
    zip_raw(out, list(entries.items()))


def manifest_not_utf8(net, good, out):
    entries = members(good)
    data = entries[mf.MANIFEST].replace("Phường".encode(), b"Ph\xff\xfeng")
    entries[mf.MANIFEST] = data
    entries[mf.SIGNATURE] = crypto.sign(_signed(net), data)
    zip_raw(out, list(entries.items()))


def manifest_duplicate_key(net, good, out):
    entries = members(good)
    data = entries[mf.MANIFEST][:-1] + b',"seq":1}'
    entries[mf.MANIFEST] = data
    entries[mf.SIGNATURE] = crypto.sign(_signed(net), data)
    zip_raw(out, list(entries.items()))


def malformed_json(net, good, out):
    files = _records(good)
    files["records/registrations.jsonl"] = b'{"id": "x", "name": \n'
    forge(out, files, _signed(net), base=_manifest(good))


def truncated_jsonl(net, good, out):
    files = _records(good)
    files["records/registrations.jsonl"] = files["records/registrations.jsonl"][:-40]
    forge(out, files, _signed(net), base=_manifest(good))


def json_not_object(net, good, out):
    files = _records(good)
    files["records/persons.jsonl"] = b"[1, 2, 3]\n"
    forge(out, files, _signed(net), base=_manifest(good))


def oversized_json(net, good, out):
    files = _records(good)
    line = canonical.dumps({"id": "x", "origin": COMMUNE, "version": 1,
                            "created_at": "2026-01-01T00:00:00.000Z",
                            "updated_at": "2026-01-01T00:00:00.000Z",
                            "full_name": secrets.token_hex(3 * 1024**2 // 2)}) + b"\n"
    files["records/persons.jsonl"] = line
    forge(out, files, _signed(net), base=_manifest(good))


def non_utf8_records(net, good, out):
    files = _records(good)
    files["records/registrations.jsonl"] = files["records/registrations.jsonl"].replace(
        "Mô hình".encode(), "Mô hình".encode("utf-16-le"), 1).replace(b"g", b"\xc3", 1)
    forge(out, files, _signed(net), base=_manifest(good))


def wrong_types(net, good, out):
    files = _records(good)
    files["records/registrations.jsonl"] = files["records/registrations.jsonl"].replace(
        b'"version":1', b'"version":"1"', 1)
    forge(out, files, _signed(net), base=_manifest(good))


def unknown_column(net, good, out):
    files = _records(good)
    files["records/persons.jsonl"] = files["records/persons.jsonl"].replace(
        b'{"', b'{"secret_column":1,"', 1)
    forge(out, files, _signed(net), base=_manifest(good))


def unknown_kind(net, good, out):
    files = {**_records(good), "records/spells.jsonl": b"{}\n"}
    forge(out, files, _signed(net), base=_manifest(good))


def count_differs(net, good, out):
    manifest = _manifest(good)
    manifest["counts"]["registrations"] += 1
    forge(out, _records(good), _signed(net), base=manifest)


def nan_number(net, good, out):
    files = _records(good)
    files["records/targets.jsonl"] = files["records/targets.jsonl"].replace(
        b'"target":40.0', b'"target":NaN', 1)
    forge(out, files, _signed(net), base=_manifest(good))


CASES = [
    (truncated, "damaged"), (truncated_end, "damaged"), (empty, "damaged"),
    (not_a_zip, "damaged"), (bit_flipped, "damaged"), (bit_flipped_raw, "damaged"),
    (wrong_signature, "signature"), (short_signature, "signature"),
    (manifest_edited, "signature"), (record_edited_and_rehashed, "signature"),
    (unknown_key, "unknown_key"), (key_of_another_office, "wrong_key"),
    (revoked_key, "revoked_key"), (addressed_elsewhere, "recipient"),
    (sender_not_child, "sender"), (zip_slip, "bad_name"), (zip_slip_inside, "bad_name"),
    (absolute_path, "bad_name"), (windows_path, "bad_name"), (duplicate_name, "duplicate"),
    (zip_bomb, "bomb"), (zip_bomb_listed, "bomb"), (unlisted_file, "unlisted"),
    (listed_file_missing, "damaged"), (manifest_missing, "manifest"),
    (manifest_not_canonical, "manifest"), (manifest_not_utf8, "manifest"),
    (manifest_duplicate_key, "manifest"), (malformed_json, "json"),
    (truncated_jsonl, "json"), (json_not_object, "json"), (oversized_json, "too_large"),
    (non_utf8_records, "utf8"), (wrong_types, "json"), (unknown_column, "newer"),
    (unknown_kind, "newer"), (count_differs, "json"), (nan_number, "json"),
]


@pytest.mark.parametrize(("damage", "reason"), CASES, ids=[case.__name__ for case, _r in CASES])
def test_hostile_bundle_is_refused_and_changes_nothing(damage, reason, net, good, tmp_path,
                                                       capsys):
    out = tmp_path / f"{damage.__name__}.dvk"
    damage(net, good, out)
    before = net.file_hash(PROVINCE)
    for command in (["verify"], ["import"]):
        code = main(["--db", str(net.path(PROVINCE)), *command, str(out)])
        assert code == 4, (command, capsys.readouterr())
        error = capsys.readouterr().err
        assert "thay đổi" in error and "nothing was changed" not in error, error
        assert net.file_hash(PROVINCE) == before
    with AppContext.open(net.path(PROVINCE)) as province:
        with pytest.raises(BundleRefused) as refused:
            province.sync.import_bundle(out)
        assert refused.value.reason == reason, refused.value.message
        assert province.db.execute("SELECT count(*) FROM registrations").fetchone()[0] == 0
        assert province.db.execute("SELECT count(*) FROM inbox").fetchone()[0] == 0
    assert net.file_hash(PROVINCE) == before


def test_the_good_bundle_itself_is_accepted(net, good):
    assert main(["--db", str(net.path(PROVINCE)), "import", str(good)]) == 0


def test_matrix_is_large():
    assert len(CASES) >= 35


def test_any_single_flipped_byte_anywhere_is_refused(net, good, tmp_path):
    """Headers are checked byte for byte, data by CRC and signed hash: no position in
    the file can be changed unnoticed."""
    data = good.read_bytes()
    out = tmp_path / "flip.dvk"
    step = max(1, len(data) // 300)
    with AppContext.open(net.path(PROVINCE)) as province:
        for position in [*range(0, len(data), step), len(data) - 1]:
            damaged = bytearray(data)
            damaged[position] ^= 0x10
            out.write_bytes(bytes(damaged))
            with pytest.raises(BundleRefused):
                province.sync.verify(out)
                pytest.fail(f"byte {position} of {len(data)} flipped unnoticed")


def test_a_bundle_repacked_by_another_zip_tool_is_refused(net, good, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members(good).items():
            archive.writestr(name, data)
    out = tmp_path / "repacked.dvk"
    out.write_bytes(buffer.getvalue())
    with AppContext.open(net.path(PROVINCE)) as province:
        with pytest.raises(BundleRefused) as refused:
            province.sync.verify(out)
    assert refused.value.reason == "damaged"


def _with_bad_field(net, good, out):
    files = _records(good)
    files["records/registrations.jsonl"] = files["records/registrations.jsonl"].replace(
        b'"field":2', b'"field":9', 1)
    forge(out, files, _signed(net), base=_manifest(good))


def test_a_record_the_schema_refuses_is_rejected_and_counted(net, good, tmp_path):
    out = tmp_path / "field9.dvk"
    _with_bad_field(net, good, out)
    with AppContext.open(net.path(PROVINCE)) as province:
        result = province.sync.import_bundle(out)
        registrations = result.preview.summary["registrations"]
        assert (registrations.new, registrations.rejected) == (1, 1)
        # its targets and milestones point at a record that never came: rejected too
        assert result.preview.summary["targets"].rejected == 1
        reasons = [r.reason for r in result.preview.rejections]
        assert any("field" in reason for reason in reasons)


def test_a_failure_inside_the_transaction_refuses_and_rolls_back(net, good, tmp_path,
                                                                 monkeypatch):
    from app.sync import kinds

    out = tmp_path / "field9.dvk"
    _with_bad_field(net, good, out)
    registrations = kinds.get("registrations")
    monkeypatch.setitem(kinds._REGISTRY, "registrations", registrations.__class__(
        **{**registrations.__dict__, "validate": lambda record: None}))
    before = net.file_hash(PROVINCE)
    assert main(["--db", str(net.path(PROVINCE)), "import", str(out)]) == 4
    assert net.file_hash(PROVINCE) == before
