"""Reading a bundle someone handed us: every check that needs no database, then the
signature. Nothing is trusted before it is checked, and nothing is parsed before its
size is known to be sane (bounded reads; the sizes a zip declares are not believed).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.i18n import _
from app.sync import canonical, crypto, zipformat
from app.sync import manifest as mf
from app.sync.errors import BundleRefused


@dataclass(frozen=True)
class Limits:
    max_bundle: int = 2 * 1024**3  # the whole file on disk
    max_entries: int = 50_000
    max_total: int = 4 * 1024**3  # all members, uncompressed
    max_manifest: int = 16 * 1024**2
    max_records_file: int = 1024**3
    max_blob: int = 32 * 1024**2  # evidence files are at most 25 MB
    max_line: int = 2 * 1024**2  # one record
    max_ratio: int = 200  # uncompressed / compressed, for members above ratio_floor
    ratio_floor: int = 1024**2


LIMITS = Limits()


@dataclass
class Bundle:
    """A bundle whose structure, hashes and signature have been checked."""

    path: Path
    manifest: dict[str, Any]
    manifest_bytes: bytes
    members: dict[str, bytes]
    public_key: bytes

    @property
    def sha256(self) -> str:
        return canonical.sha256(self.manifest_bytes)

    @property
    def sender(self) -> str:
        return self.manifest["sender"]

    @property
    def recipient(self) -> str:
        return self.manifest["recipient"]

    @property
    def line(self) -> str:
        return self.manifest["line"]

    @property
    def seq(self) -> int:
        return self.manifest["seq"]


# key id -> (public key, unit code, revoked) of a trusted key, or None
KeyLookup = Callable[[str], tuple[bytes, str, bool] | None]


def _damaged(detail: str) -> BundleRefused:
    return BundleRefused("damaged", _(
        "The file is damaged or incomplete ({detail}). Ask the sender to write the bundle "
        "again and copy it once more; nothing was changed.").format(detail=detail))


def _forged(reason: str, detail: str) -> BundleRefused:
    return BundleRefused(reason, _(
        "The file does not follow the bundle format ({detail}): it may have been altered. "
        "It was refused and nothing was changed.").format(detail=detail))


def _bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    try:
        with archive.open(info) as fp:
            data = fp.read(limit + 1)
    except Exception as error:  # BadZipFile, zlib.error, EOFError... from a damaged stream
        raise _damaged(str(error) or type(error).__name__) from error
    if len(data) > limit:
        raise BundleRefused("too_large", _(
            "{name} in the bundle is larger than allowed; the file was refused and nothing "
            "was changed.").format(name=info.filename))
    return data


def _check_entries(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(infos) > limits.max_entries:
        raise BundleRefused("too_many", _(
            "The bundle holds too many files ({count}); it was refused and nothing was "
            "changed.").format(count=len(infos)))
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if not mf.MEMBER_NAME.match(name):
            raise _forged("bad_name", _("forbidden file name {name!r}").format(name=name))
        if name in seen:
            raise _forged("duplicate", _("the name {name} appears twice").format(name=name))
        seen.add(name)
        if info.flag_bits & 0x1:
            raise _forged("bad_name", _("{name} is encrypted").format(name=name))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _forged("bad_name", _("{name} uses an unknown compression").format(name=name))
        limit = _member_limit(name, limits)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limit or total > limits.max_total or (
                info.file_size > limits.ratio_floor and ratio > limits.max_ratio):
            raise BundleRefused("bomb", _(
                "The bundle unpacks to far more data than it should ({name}): it looks like "
                "a 'zip bomb'. It was refused and nothing was changed.").format(name=name))


def _member_limit(name: str, limits: Limits) -> int:
    if name == mf.MANIFEST:
        return limits.max_manifest
    if name == mf.SIGNATURE:
        return 64
    if name.startswith("blobs/"):
        return limits.max_blob
    return limits.max_records_file


def read_bundle(path: str | Path, keys: KeyLookup, limits: Limits = LIMITS,
                own_key_ids: frozenset[str] = frozenset()) -> Bundle:
    """Open, check and verify a bundle; raise BundleRefused with a clear message."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise BundleRefused("unreadable", _(
            "The file {name} cannot be read ({detail}). Check the USB stick and try "
            "again.").format(name=path.name, detail=error.strerror or error)) from error
    if size > limits.max_bundle:
        raise BundleRefused("too_large", _(
            "The file is too large to be a bundle; it was refused and nothing was changed."))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        # NotImplementedError: a central directory that claims a zip version Python
        # does not read (a flipped bit is enough), found by fuzzing.
        raise _damaged(str(error) or type(error).__name__) from error
    with archive:
        infos = archive.infolist()
        _check_entries(infos, limits)
        try:
            with open(path, "rb") as fp:
                stored = zipformat.check(fp, size, infos)
        except zipformat.LayoutError as error:
            raise _damaged(str(error)) from error
        except OSError as error:
            raise _damaged(error.strerror or str(error)) from error
        by_name = {info.filename: info for info in infos}
        if mf.MANIFEST not in by_name or mf.SIGNATURE not in by_name:
            raise _forged("manifest", _("the manifest or its signature is missing"))
        manifest_bytes = _bounded(archive, by_name[mf.MANIFEST], limits.max_manifest)
        try:
            manifest = canonical.loads(manifest_bytes, limit=limits.max_manifest)
        except canonical.CanonicalError as error:
            raise _forged("manifest", _("the manifest is not valid: {detail}").format(
                detail=error)) from error
        problem = mf.problem(manifest)
        if problem is None and canonical.dumps(manifest) != manifest_bytes:
            problem = "manifest is not canonical"
        if problem:
            raise _forged("manifest", _("the manifest is not valid: {detail}").format(
                detail=problem))
        if by_name[mf.MANIFEST].compress_type != zipfile.ZIP_STORED:
            raise _forged("manifest", _("the manifest is compressed"))
        signature = _bounded(archive, by_name[mf.SIGNATURE], 64)
        if manifest["key_id"] in own_key_ids:
            raise BundleRefused("own", _(
                "This bundle was written by this office itself, for {recipient}. Take it to "
                "that office and import it there; nothing was changed.").format(
                recipient=manifest["recipient"]))
        public_key = _check_signature(manifest, manifest_bytes, signature, keys)
        listed = {entry["name"]: entry for entry in manifest["files"]}
        present = set(by_name) - {mf.MANIFEST, mf.SIGNATURE}
        extra = sorted(present - set(listed))
        if extra:
            raise _forged("unlisted", _("{name} is not listed in the signed manifest").format(
                name=extra[0]))
        missing = sorted(set(listed) - present)
        if missing:
            raise _damaged(_("{name} is missing").format(name=missing[0]))
        members: dict[str, bytes] = {}
        for name, entry in listed.items():
            info = by_name[name]
            if info.file_size != entry["size"] or stored[name] != entry["stored_sha256"]:
                raise _damaged(_("{name} has the wrong size").format(name=name))
            data = _bounded(archive, info, entry["size"])
            if len(data) != entry["size"] or canonical.sha256(data) != entry["sha256"]:
                raise _damaged(_("{name} does not match its signed hash").format(name=name))
            members[name] = data
    return Bundle(path=path, manifest=manifest, manifest_bytes=manifest_bytes,
                  members=members, public_key=public_key)


def _check_signature(manifest: dict[str, Any], manifest_bytes: bytes, signature: bytes,
                     keys: KeyLookup) -> bytes:
    found = keys(manifest["key_id"])
    if found is None:
        raise BundleRefused("unknown_key", _(
            "The bundle is signed with a key this office does not trust (key {key_id}, "
            "sender {sender}). Enrol the sender's key card first (Data exchange > Keys) "
            "after checking its fingerprint by phone; nothing was changed.").format(
            key_id=manifest["key_id"], sender=manifest["sender"]))
    public_key, unit_code, revoked = found
    if revoked:
        raise BundleRefused("revoked_key", _(
            "The bundle is signed with a key that was revoked (key {key_id}). It was "
            "refused and nothing was changed.").format(key_id=manifest["key_id"]))
    if unit_code != manifest["sender"]:
        raise BundleRefused("wrong_key", _(
            "The bundle claims to come from {sender} but is signed with the key of "
            "{owner}. It was refused and nothing was changed.").format(
            sender=manifest["sender"], owner=unit_code))
    if len(signature) != 64 or not crypto.verify(public_key, manifest_bytes, signature):
        raise BundleRefused("signature", _(
            "The signature of the bundle is not valid: the file was altered after it was "
            "signed, or it was not made by {sender}. It was refused and nothing was "
            "changed.").format(sender=manifest["sender"]))
    return public_key
