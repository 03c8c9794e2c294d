"""Issue 20: the test vectors in docs/vectors/ (key cards, a commune's bundle, a relayed
bundle, downward bundles, an encrypted bundle with its test key, altered bundles,
certificate codes genuine and forged) are what `python tools/openformat.py` makes, and
DVK judges each as vectors.json says. A reader that follows docs/ alone (zip, JSON,
Ed25519, libsodium) gets the same answers on them."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from pathlib import Path

import jsonschema
import nacl.bindings as sodium
import nacl.public
import nacl.signing
import pytest

from app.openformat import vectors

VECTORS = Path(__file__).resolve().parents[2] / "docs" / "vectors"
SCHEMAS = VECTORS.parent / "schema"


def _index() -> dict:
    return json.loads((VECTORS / vectors.INDEX).read_text(encoding="utf-8"))


def test_the_vectors_are_what_the_script_makes(tmp_path):
    """Regenerating gives the same bytes (the encrypted bundle: the same plain bundle
    inside), so the committed vectors are current."""
    fresh = tmp_path / "vectors"
    fresh.mkdir()
    encrypted = "commune-up-encrypted.dvk"
    (fresh / encrypted).write_bytes((VECTORS / encrypted).read_bytes())
    vectors.build(fresh)
    committed = sorted(p.name for p in VECTORS.iterdir() if p.name != "README.md")
    assert sorted(p.name for p in fresh.iterdir()) == committed
    for name in committed:
        assert (fresh / name).read_bytes() == (VECTORS / name).read_bytes(), (
            f"docs/vectors/{name} is stale: run `python tools/openformat.py`")


def test_every_vector_gets_its_verdict(tmp_path):
    index = _index()
    seen = set()
    for entry in index["vectors"]:
        vector = vectors.Vector(**{k: v for k, v in entry.items()
                                   if k not in ("outcome", "reason")})
        got = vectors.judge(VECTORS, vector, tmp_path)
        assert got == (entry["outcome"], entry["reason"]), entry
        seen.add(entry["reason"])
    assert {"accepted", "damaged", "signature", "unknown_key"} <= seen
    codes = vectors.judge_codes(VECTORS, tmp_path)
    assert codes == index["certificate_codes"]["verdicts"]
    reasons = {c["reason"] for c in codes}
    assert {"signed_here", "signed_by_trusted", "altered", "wrong_level", "wrong_unit",
            "wrong_decision", "wrong_issuer", "malformed", "unknown_key", "not_dvk",
            "newer_version"} <= reasons
    print(f"\n{len(index['vectors'])} file vectors, {len(codes)} code verdicts")


def test_the_vector_bundles_follow_the_schemas():
    records = json.loads((SCHEMAS / "records.schema.json").read_text(encoding="utf-8"))
    manifest = json.loads((SCHEMAS / "manifest.schema.json").read_text(encoding="utf-8"))
    card = json.loads((SCHEMAS / "key-card.schema.json").read_text(encoding="utf-8"))
    header = json.loads((SCHEMAS / "sealed-header.schema.json").read_text(encoding="utf-8"))
    for schema in (records, manifest, card, header):
        jsonschema.Draft202012Validator.check_schema(schema)
    # One validator per kind, checked once (jsonschema.validate checks the schema itself
    # again on every call: minutes for a few thousand records).
    by_kind: dict[str, jsonschema.Draft202012Validator] = {}
    manifests = jsonschema.Draft202012Validator(manifest)
    count = 0
    for name in ("commune-up.dvk", "relayed-up.dvk", "province-down.dvk", "downward.dvk"):
        for kind, record, manifest_bytes in _walk((VECTORS / name).read_bytes()):
            if kind is None:
                manifests.validate(json.loads(manifest_bytes))
                continue
            if kind not in by_kind:
                by_kind[kind] = jsonschema.Draft202012Validator(
                    {"$ref": f"#/$defs/{kind}", **records})
            by_kind[kind].validate(record)
            count += 1
    for path in VECTORS.glob("*.dvkkey"):
        jsonschema.validate(json.loads(path.read_bytes()), card)
    jsonschema.validate(json.loads(_index()["encrypted"]["header"]), header)
    assert count > 100


def _walk(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            content = archive.read(name)
            if name == "manifest.json":
                yield None, None, content
            elif name.startswith("records/"):
                for line in content.decode("utf-8").splitlines():
                    yield name[8:-6], json.loads(line), None
            elif name.startswith("relayed/"):
                yield from _walk(content)


# -- a second reader, from the docs alone ---------------------------------------------------
def _card_keys() -> dict[str, bytes]:
    """Key id -> public key, from the key cards (their self-signature checked)."""
    keys = {}
    for path in VECTORS.glob("*.dvkkey"):
        card = json.loads(path.read_bytes())
        body = {k: v for k, v in card.items() if k != "signature"}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"),
                               ensure_ascii=False).encode("utf-8")
        public = bytes.fromhex(card["public_key"])
        nacl.signing.VerifyKey(public).verify(canonical, bytes.fromhex(card["signature"]))
        assert hashlib.sha256(public).hexdigest()[:16] == card["key_id"]
        keys[card["key_id"]] = public
    return keys


def _second_reader(data: bytes, keys: dict[str, bytes]) -> str:
    """What docs/bundle-format.md asks of a reader, in a few lines: the manifest's
    signature by the sender's key, every member's hashes, forwarded bundles alike
    (their keys learnt from the certificates in trust.jsonl). A flipped bit inside a
    compressed member is damage too (zlib.error), wherever the bit falls."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest_bytes = archive.read("manifest.json")
        signature = archive.read("manifest.sig")
    except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, OSError):
        return "damaged"
    manifest = json.loads(manifest_bytes)
    if manifest["key_id"] not in keys:
        return "unknown_key"
    try:
        nacl.signing.VerifyKey(keys[manifest["key_id"]]).verify(manifest_bytes, signature)
    except Exception:
        return "signature"
    for entry in manifest["files"]:
        try:
            content = archive.read(entry["name"])
        except (zipfile.BadZipFile, zlib.error, KeyError, EOFError, OSError):
            return "damaged"
        if hashlib.sha256(content).hexdigest() != entry["sha256"]:
            return "damaged"
    if "trust.jsonl" in archive.namelist():
        for line in archive.read("trust.jsonl").splitlines():
            body = json.loads(line)["body"]
            if body["type"] in ("certificate", "introduction", "rotation"):
                keys.setdefault(body["key_id"], bytes.fromhex(body["public_key"]))
    for name in archive.namelist():
        if name.startswith("relayed/"):
            inner = archive.read(name)
            identity = hashlib.sha256(zipfile.ZipFile(io.BytesIO(inner)).read(
                "manifest.json")).hexdigest()
            assert name == f"relayed/{identity}.dvk"
            result = _second_reader(inner, keys)
            if result != "accepted":
                return result
    return "accepted"


def _open_encrypted(data: bytes, seed: bytes) -> bytes:
    """docs/bundle-format.md, Encrypted bundles, with libsodium's calls only."""
    assert data[:8] == b"DVKSEAL1"
    length = int.from_bytes(data[8:12], "big")
    header_bytes = data[12:12 + length]
    header = json.loads(header_bytes)
    at = 12 + length
    signing = nacl.signing.SigningKey(seed)
    curve = nacl.public.PrivateKey(signing.to_curve25519_private_key().encode())
    key = nacl.public.SealedBox(curve).decrypt(data[at:at + 80])
    at += 80
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, data[at:at + 24], key)
    at += 24
    plain = b""
    size, chunk = header["size"], header["chunk"]
    count = max(1, -(-size // chunk))
    for index in range(count):
        length = min(chunk, size - index * chunk) + 17
        part, _tag = sodium.crypto_secretstream_xchacha20poly1305_pull(
            state, data[at:at + length], ad=header_bytes if index == 0 else None)
        plain += part
        at += length
    assert at == len(data)
    return plain


def test_a_reader_of_the_docs_alone_agrees_on_the_bundles():
    index = _index()
    expected = {}
    for entry in index["vectors"]:
        if entry["kind"] == "bundle" and entry["verifier"] != "37":
            expected[entry["name"]] = entry["reason"] if entry["outcome"] == "refused" \
                else "accepted"
    seed = bytes.fromhex(index["test_keys"]["seeds"][index["encrypted"]["recipient"]])
    for name, want in expected.items():
        data = (VECTORS / name).read_bytes()
        if data.startswith(b"DVKSEAL1"):
            data = _open_encrypted(data, seed)
            assert data == vectors.open_test_bundle((VECTORS / name).read_bytes())
        got = _second_reader(data, _card_keys())
        assert got == want, name


@pytest.mark.parametrize("name", ["commune-up.dvk", "relayed-up.dvk"])
def test_the_bundle_identity_chains(name):
    data = (VECTORS / name).read_bytes()
    manifest = zipfile.ZipFile(io.BytesIO(data)).read("manifest.json")
    body = json.loads(manifest)
    assert body["seq"] >= 1 and len(body["line"]) == 16
    assert json.dumps(body, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode("utf-8") == manifest  # canonical JSON
