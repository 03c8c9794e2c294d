"""Reading a bundle someone handed us: every check that needs no database, then the
signature. Nothing is trusted before it is checked, and nothing is parsed before its
size is known to be sane (bounded reads; the sizes a zip declares are not believed).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.i18n import _
from app.signing import canonical, crypto
from app.sync import manifest as mf
from app.sync import sealed, zipformat
from app.sync.errors import BundleRefused
from app.sync.trust import Trust
from app.sync.trust_statements import Statement, StatementError, parse_lines


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
    max_trust: int = 4 * 1024**2  # trust statements: a few hundred bytes each


LIMITS = Limits()


@dataclass
class Bundle:
    """A bundle whose structure, hashes and signature have been checked."""

    path: Path
    manifest: dict[str, Any]
    manifest_bytes: bytes
    members: dict[str, bytes]
    public_key: bytes
    raw: bytes = b""  # the zip file exactly as received (kept to forward it)
    statements: list[Statement] = field(default_factory=list)  # new, verified
    # Bundles forwarded inside this one: (member name, bytes) as read, then checked
    # (`open_relayed`) once the direction is known to allow them.
    relayed_members: list[tuple[str, bytes]] = field(default_factory=list)
    relayed: list[Bundle] = field(default_factory=list)

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

    def all_statements(self) -> list[Statement]:
        """The statements of this bundle and of those it forwards."""
        result = {s.id: s for s in self.statements}
        for inner in self.relayed:
            result.update((s.id, s) for s in inner.statements)
        return list(result.values())


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
    if mf.is_relayed(name):
        return limits.max_bundle
    if name == mf.TRUST:
        return limits.max_trust
    return limits.max_records_file


def read_bundle(path: str | Path, trust: Trust, limits: Limits = LIMITS,
                own_key_ids: frozenset[str] = frozenset()) -> Bundle:
    """Open, check and verify a bundle; raise BundleRefused with a clear message."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _unreadable(path, error) from error
    if size > limits.max_bundle:
        raise BundleRefused("too_large", _(
            "The file is too large to be a bundle; it was refused and nothing was changed."))
    try:
        with open(path, "rb") as fp:
            data = fp.read(limits.max_bundle + 1)
    except OSError as error:
        raise _unreadable(path, error) from error
    if sealed.is_sealed(data):
        raise BundleRefused("sealed", _(
            "The bundle is encrypted: it can only be read with the key of the office it is "
            "for. Import it there, with that office's passphrase; nothing was changed."))
    return read_bytes(data, path=path, trust=trust, limits=limits, own_key_ids=own_key_ids)


def own_bundle_message(recipient: str) -> str:
    """What a clerk reads about a bundle this office wrote for another (a stick carries
    both ways); `recipient` is that office's name where the caller knows it, else its
    code (the reader has no data file to look the name up in)."""
    return _("This bundle was written by this office itself, for {recipient}. Take it to "
             "that office and import it there; nothing was changed.").format(
        recipient=recipient)


def _unreadable(path: Path, error: OSError) -> BundleRefused:
    return BundleRefused("unreadable", _(
        "The file {name} cannot be read ({detail}). Check the USB stick and try "
        "again.").format(name=path.name, detail=error.strerror or error))


def read_bytes(data: bytes, *, path: Path, trust: Trust, limits: Limits = LIMITS,
               own_key_ids: frozenset[str] = frozenset(),
               relay: str | None = None) -> Bundle:
    """Check and verify the bytes of a bundle (`relay`: the office that forwarded it
    inside its own bundle; such a bundle may not forward others)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        # NotImplementedError: a central directory that claims a zip version Python
        # does not read (a flipped bit is enough).
        raise _damaged(str(error) or type(error).__name__) from error
    with archive:
        infos = archive.infolist()
        _check_entries(infos, limits)
        try:
            stored = zipformat.check(io.BytesIO(data), len(data), infos)
        except zipformat.LayoutError as error:
            raise _damaged(str(error)) from error
        by_name = {info.filename: info for info in infos}
        if mf.MANIFEST not in by_name or mf.SIGNATURE not in by_name:
            raise _forged("manifest", _("the manifest or its signature is missing"))
        manifest_bytes = _bounded(archive, by_name[mf.MANIFEST], limits.max_manifest)
        try:
            manifest = canonical.loads(manifest_bytes, limit=limits.max_manifest)
        except canonical.CanonicalError as error:
            raise _forged("manifest", _("the manifest is not valid: {detail}").format(
                detail=error)) from error
        _refuse_newer(manifest)
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
            raise BundleRefused("own", own_bundle_message(manifest["recipient"]))
        listed = {entry["name"]: entry for entry in manifest["files"]}
        statements = _statements(archive, by_name, listed, stored, trust, limits)
        trust = trust.extended(statements)
        public_key = _check_signature(manifest, manifest_bytes, signature, trust)
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
            members[name] = _member(archive, by_name[name], entry, stored[name])
    forwarded = [(n, members.pop(n)) for n in list(members) if mf.is_relayed(n)]
    if forwarded and relay is not None:
        raise _forged("relay_nested", _("a forwarded bundle forwards others in turn"))
    return Bundle(path=path, manifest=manifest, manifest_bytes=manifest_bytes,
                  members=members, public_key=public_key, raw=data, statements=statements,
                  relayed_members=forwarded)


def peek_manifest(data: bytes, limit: int = LIMITS.max_manifest) -> dict[str, Any] | None:
    """The manifest of a bundle's bytes, unchecked (who sent it to whom, to refuse a
    forwarded bundle that has no business in the file before checking signatures);
    None when it cannot be read, which the full check then explains."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo(mf.MANIFEST)
            if info.file_size > limit:
                return None
            value = canonical.loads(archive.read(info), limit=limit)
    except Exception:  # anything damaged: read_bytes says what
        return None
    return value if isinstance(value, dict) else None


def open_relayed(bundle: Bundle, trust: Trust, limits: Limits = LIMITS,
                 own_key_ids: frozenset[str] = frozenset()) -> None:
    """Check the bundles forwarded inside `bundle` (in the manifest's order, the order
    the forwarding office applied them), each as a bundle of the office that made it."""
    trust = trust.extended(bundle.statements)
    bundle.relayed = [_relayed(name, data, path=bundle.path, sender=bundle.sender, trust=trust,
                               limits=limits, own_key_ids=own_key_ids)
                      for name, data in bundle.relayed_members]


def _refuse_newer(manifest: Any) -> None:
    if isinstance(manifest, dict) and manifest.get("format") == mf.FORMAT:
        version = manifest.get("format_version")
        if isinstance(version, int) and not isinstance(version, bool) and \
                version > mf.FORMAT_VERSION:
            raise BundleRefused("newer", _(
                "The bundle was written by a newer version of DVK (format {version}). "
                "Install the newer version and import it again; nothing was changed."
            ).format(version=version))


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, entry: dict[str, Any],
            stored_sha256: str) -> bytes:
    name = info.filename
    if info.file_size != entry["size"] or stored_sha256 != entry["stored_sha256"]:
        raise _damaged(_("{name} has the wrong size").format(name=name))
    data = _bounded(archive, info, entry["size"])
    if len(data) != entry["size"] or canonical.sha256(data) != entry["sha256"]:
        raise _damaged(_("{name} does not match its signed hash").format(name=name))
    return data


def _statements(archive: zipfile.ZipFile, by_name: dict[str, zipfile.ZipInfo],
                listed: dict[str, dict[str, Any]], stored: dict[str, str], trust: Trust,
                limits: Limits) -> list[Statement]:
    """The trust statements the bundle brings, read before the signature is checked
    (the key that signed may be made known by them) but only if they are exactly what
    the manifest lists; each one is checked against its own signer's signature."""
    entry = listed.get(mf.TRUST)
    if entry is None or mf.TRUST not in by_name:
        return []  # an unlisted or missing member is refused below
    if entry["size"] > limits.max_trust:
        raise BundleRefused("too_large", _(
            "{name} in the bundle is larger than allowed; the file was refused and nothing "
            "was changed.").format(name=mf.TRUST))
    data = _member(archive, by_name[mf.TRUST], entry, stored[mf.TRUST])
    try:
        return trust.verify(parse_lines(data))
    except StatementError as error:
        raise BundleRefused("trust", _(
            "A statement about keys in the bundle is not genuine ({detail}): it may have "
            "been altered. The file was refused and nothing was changed.").format(
            detail=error)) from error


# Refusals of a forwarded bundle that mean its bytes are not what its maker signed.
_ALTERED = {"damaged", "signature", "manifest", "unlisted", "bad_name", "duplicate", "trust",
            "relay_nested"}


def _relayed(name: str, data: bytes, *, path: Path, sender: str, trust: Trust,
             limits: Limits, own_key_ids: frozenset[str]) -> Bundle:
    try:
        inner = read_bytes(data, path=path, trust=trust, limits=limits,
                           own_key_ids=own_key_ids, relay=sender)
    except BundleRefused as error:
        if error.reason in _ALTERED:
            raise BundleRefused("relay_altered", _(
                "A bundle that {relay} forwarded is not exactly the one its maker signed "
                "({detail}): it was changed on the way. The whole file was refused and "
                "nothing was changed.").format(relay=sender, detail=error.message)) from error
        raise BundleRefused(error.reason, _("In a bundle forwarded by {relay}: {message}"
                                            ).format(relay=sender, message=error.message)
                            ) from error
    if mf.relayed_name(inner.sha256) != name:
        raise BundleRefused("relay_altered", _(
            "A bundle that {relay} forwarded is not filed under its own identity: it was "
            "changed on the way. The whole file was refused and nothing was changed."
        ).format(relay=sender))
    return inner


def _check_signature(manifest: dict[str, Any], manifest_bytes: bytes, signature: bytes,
                     trust: Trust) -> bytes:
    public_key = trust.resolve(manifest["key_id"], manifest["sender"], manifest["created_at"])
    if len(signature) != 64 or not crypto.verify(public_key, manifest_bytes, signature):
        raise BundleRefused("signature", _(
            "The signature of the bundle is not valid: the file was altered after it was "
            "signed, or it was not made by {sender}. It was refused and nothing was "
            "changed.").format(sender=manifest["sender"]))
    return public_key
