"""The manifest: what a bundle declares about itself. It is canonical JSON, signed as
bytes (manifest.sig); its SHA-256 is the bundle's identity (the hash chain links
bundles by it)."""

from __future__ import annotations

import re
from typing import Any

from app.signing import canonical

FORMAT = "dvk-bundle"
# 2: trust statements (`trust.jsonl`) and child bundles forwarded verbatim
# (`relayed/<identity>.dvk`); a version 1 bundle is read as before.
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
TRUST = "trust.jsonl"
RELAYED_PREFIX = "relayed/"

HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")
_LINE = re.compile(r"^[0-9a-f]{16}$")
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$")
_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")

# Member names: nothing else may be in a bundle (no folders, no "..", no absolute
# paths, no backslashes, no upper-case tricks).
MEMBER_NAME = re.compile(r"^(manifest\.json|manifest\.sig|records/[a-z][a-z0-9_]{0,40}\.jsonl"
                         r"|blobs/[0-9a-f]{64}|trust\.jsonl|relayed/[0-9a-f]{64}\.dvk)$")


def is_relayed(name: str) -> bool:
    return name.startswith(RELAYED_PREFIX)


def relayed_name(identity: str) -> str:
    return f"{RELAYED_PREFIX}{identity}.dvk"

FIELDS = {
    "format": str, "format_version": int, "sender": str, "sender_name": str,
    "recipient": str, "key_id": str, "line": str, "seq": int, "prev_sha256": str,
    "created_at": str, "full": bool, "app_version": str, "counts": dict, "files": list,
}


def build(*, sender: str, sender_name: str, recipient: str, key_id: str, line: str, seq: int,
          prev_sha256: str, created_at: str, full: bool, app_version: str,
          counts: dict[str, int], files: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "sender": sender,
            "sender_name": sender_name, "recipient": recipient, "key_id": key_id,
            "line": line, "seq": seq, "prev_sha256": prev_sha256, "created_at": created_at,
            "full": full, "app_version": app_version, "counts": counts, "files": files}


def file_entry(name: str, data: bytes, stored: bytes) -> dict[str, Any]:
    """A member as the manifest lists it: content hash and size, and the hash of the
    bytes as stored in the zip (compressed or not)."""
    return {"name": name, "sha256": canonical.sha256(data), "size": len(data),
            "stored_sha256": canonical.sha256(stored)}


def problem(manifest: Any) -> str | None:
    """What is wrong with a parsed manifest (English, for logs), or None."""
    if not isinstance(manifest, dict):
        return "manifest is not an object"
    if manifest.get("format") != FORMAT:
        return "not a DVK bundle"
    if manifest.get("format_version") not in READABLE_VERSIONS:
        return "format version"
    if set(manifest) != set(FIELDS):
        return "unexpected or missing fields"
    for name, kind in FIELDS.items():
        value = manifest[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            return f"field {name} has the wrong type"
    if not (_CODE.match(manifest["sender"]) and _CODE.match(manifest["recipient"])):
        return "bad unit code"
    if not _KEY_ID.match(manifest["key_id"]) or not _LINE.match(manifest["line"]):
        return "bad key id or line"
    first = manifest["seq"] == 1
    if manifest["seq"] < 1 or (first and manifest["prev_sha256"]) or (
            not first and not HEX64.match(manifest["prev_sha256"])):
        return "bad sequence"
    if not _STAMP.match(manifest["created_at"]):
        return "bad time"
    for name, count in manifest["counts"].items():
        if not isinstance(name, str) or not isinstance(count, int) or isinstance(count, bool) \
                or count < 0:
            return "bad counts"
    seen: set[str] = set()
    for entry in manifest["files"]:
        if not isinstance(entry, dict) or set(entry) != {"name", "sha256", "size",
                                                         "stored_sha256"}:
            return "bad file entry"
        name, digest, size = entry["name"], entry["sha256"], entry["size"]
        if not isinstance(entry["stored_sha256"], str) or not HEX64.match(
                entry["stored_sha256"]):
            return "bad file hash"
        if not isinstance(name, str) or not MEMBER_NAME.match(name) or name in (
                MANIFEST, SIGNATURE):
            return "bad file name"
        if name in seen:
            return "file listed twice"
        seen.add(name)
        if not isinstance(digest, str) or not HEX64.match(digest):
            return "bad file hash"
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            return "bad file size"
        if name.startswith("blobs/") and name[6:] != digest:
            return "blob name and hash differ"
        if manifest["format_version"] == 1 and (name == TRUST or is_relayed(name)):
            return "member of a later format"
    return None
