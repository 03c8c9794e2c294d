"""Helpers for sync tests: registrations, bundles, and bundles forged on purpose."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from app.context import AppContext
from app.domain.registration import MilestoneInput, PersonInput, TargetInput
from app.signing import canonical, crypto
from app.sync import manifest as mf
from app.sync import zipformat
from app.sync.reader import read_bundle

PASSPHRASE = "demo"


def register(ctx: AppContext, name: str, *, field: int = 2, person: bool = False,
             evidence: bytes | None = None) -> str:
    reg = ctx.registrations.blank(2026)
    reg.name = name
    reg.field = field
    subunits = ctx.units.subunits()
    reg.subunit_code = subunits[0].code if subunits else None
    if person:
        reg.kind, reg.subject = "dien_hinh", "ca_nhan"
        reg.person = PersonInput(full_name="Nguyễn Thị Hoà", birth_year=1980, gender="nu")
    reg.targets = [TargetInput("Số hộ tham gia", 40, "hộ")]
    reg.milestones = [MilestoneInput(None, "Họp triển khai")]
    if evidence is not None:
        reg.evidence = [ctx.registrations.add_evidence_bytes("anh.png", evidence)]
    return ctx.registrations.save(reg)


def rename_model(ctx: AppContext, registration_id: str, name: str) -> None:
    reg = ctx.registrations.to_input(registration_id)
    reg.name = name
    ctx.registrations.save(reg, registration_id)


def export(ctx: AppContext, to: str, path: Path, **options) -> Path:
    return ctx.sync.export(to, path, passphrase=PASSPHRASE, **options).path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def manifest_of(path: Path) -> dict[str, Any]:
    return canonical.loads(members(path)[mf.MANIFEST], limit=1 << 24)


def compressed(name: str) -> bool:
    """Which members DVK deflates (records and trust statements)."""
    return name.startswith("records/") or name == mf.TRUST


def zip_raw(path: Path, entries: list[tuple[str, bytes]]) -> Path:
    """A zip in DVK's own layout (so damage is caught by the check meant for it, not
    by the layout check)."""
    path.write_bytes(zipformat.build([
        (name, data, compressed(name)) for name, data in entries]))
    return path


def signing_key(ctx: AppContext):
    return ctx.keys.unlock(PASSPHRASE)


def forge(path: Path, files: dict[str, bytes], signing, *, extra: list[tuple[str, bytes]] = (),
          **manifest_changes) -> Path:
    """A bundle with these files, a manifest that lists them correctly, signed with
    `signing`: damage that only a content check (not the signature) can catch."""
    base = manifest_changes.pop("base")
    manifest = {**base, **manifest_changes}
    manifest["files"] = [mf.file_entry(n, d, zipformat.pack(n, d, compressed(n)).body)
                         for n, d in files.items()]
    manifest["key_id"] = crypto.key_id(signing.verify_key.encode())
    data = canonical.dumps(manifest)
    return zip_raw(path, [(mf.MANIFEST, data), (mf.SIGNATURE, crypto.sign(signing, data)),
                          *files.items(), *extra])


def check(ctx: AppContext, path: Path):
    return read_bundle(path, ctx.trust.load())


def content(ctx: AppContext, origins: set[str] | None = None) -> dict[str, list[tuple]]:
    """Every synced row (local columns aside) that travels, for comparing offices."""
    from app.sync.kinds import all_kinds

    result = {}
    for kind in all_kinds():
        columns = [row[1] for row in ctx.db.execute(f"PRAGMA table_info([{kind.table}])")
                   if row[1] not in kind.local]
        rows = [dict(zip(columns, row, strict=True)) for row in ctx.db.execute(
            f"SELECT {', '.join(columns)} FROM [{kind.table}] WHERE origin <> 'VN'"
            f" ORDER BY [{kind.key}]")]
        if kind.name == "units":
            rows = [r for r in rows if r["level"] == "coso"]
        if origins is not None:
            rows = [r for r in rows if (r.get("parent_code") if kind.name == "units"
                                        else r["origin"]) in origins]
        result[kind.name] = [tuple(sorted(r.items())) for r in rows]
    result["blobs"] = sorted(r[0] for r in ctx.db.execute("SELECT sha256 FROM blobs"))
    return result


def signed_by(ctx: AppContext, recipient: str, signing, out: Path, *, way: str | None = None,
              full: bool = True) -> Path:
    """A bundle of `ctx`'s office for `recipient`, signed with `signing` (any key), and
    nothing recorded as sent: for bundles an honest office would not write."""
    from app.repositories import sync_tables, unit_tree
    from app.sync import exporter, tree

    office = ctx.units.office()
    if way is None:
        way = tree.travel(unit_tree.relation(ctx.db, ctx.units.profile, office, recipient))
    plan = exporter.plan(ctx.db, office=office.code, recipient=recipient, way=way,
                         line=sync_tables.current_line(ctx.db), full=full)
    data, _sha = exporter.seal(plan, sender=office.code, sender_name=office.name,
                               signing=signing)
    out.write_bytes(data)
    return out
