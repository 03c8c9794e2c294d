"""The jobs the crash harness interrupts, on a small network built once: a commune
(registrations, a score sheet, a signing key) and its province (trusting it), plus
one bundle from the commune waiting to be imported at the province.

Each scenario names the office it works on and a `run(ctx, work)` that does the job
once. `idempotent` jobs are simply run again after a crash (importing a bundle twice
applies it once); the others are retried only when the crash left the state from
before (a registration saved just before the crash is not typed in twice, a bundle
whose sending was recorded is not sent again). A crash that left the state from after
runs `recover` instead: what the program does next by itself (an export cut off
after its commit is finished by the next export).

`decisive` names the write that turns "before" into "after" (the last of its kind):
a COMMIT for most jobs, the rename of a backup, the restored pages put in place.
`files(work)` adds what the job leaves outside the database to the state compared.

Adding a job is one entry in SCENARIOS.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import clock
from app.context import AppContext
from app.domain.registration import MilestoneInput, PersonInput, TargetInput
from app.domain.sheets import SELF
from app.repositories import settings as settings_repo
from app.services.scoring import CellChange
from app.signing import canonical
from app.sync import manifest as mf

PROVINCE = "37"
COMMUNE = "14725"
PASSPHRASE = "demo"
FILES = {PROVINCE: "tinh.sqlite", COMMUNE: "xa.sqlite"}
BUNDLE = "incoming.dvk"
BACKUP = "backup-before.sqlite"
AUTO_FOLDER = "auto"
FORM_DRAFT = "registration:form-of-the-crash-test"
FORM_ID = "00000000-0000-4000-8000-0000000f0a11"
EVIDENCE = b"\x89PNG crash test"
MOMENT = dt.datetime(2026, 3, 16, 3, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Scenario:
    name: str
    office: str
    run: Callable[[AppContext, Path], object]
    idempotent: bool = False
    # Extra check after the retry (files outside the database...).
    verify: Callable[[AppContext, Path], None] | None = None
    decisive: str = "COMMIT"
    recover: Callable[[AppContext, Path], object] | None = None
    files: Callable[[Path], str] | None = None


class _SeededSecrets:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def token_hex(self, size: int = 16) -> str:
        return self.rng.randbytes(size).hex()


_UNSEEDED: list = []


def seeded(ctx: AppContext) -> None:
    """Same ids, times, sequence lines and keys on every run, so 'after' is one exact
    state (`unseeded()` undoes it)."""
    from app.repositories import sync_tables
    from app.signing import crypto

    unseeded()
    rng = random.Random(20260316)
    ctx.make_id = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))
    clock.set_fixed(MOMENT)
    keys = random.Random(7)

    def generate(passphrase, *, opslimit=crypto.OPSLIMIT, memlimit=crypto.MEMLIMIT):
        import nacl.pwhash
        import nacl.secret
        import nacl.signing

        signing = nacl.signing.SigningKey(keys.randbytes(32))
        salt = keys.randbytes(nacl.pwhash.argon2id.SALTBYTES)
        box = nacl.secret.SecretBox(crypto._box_key(passphrase, salt, opslimit, memlimit))
        locked = crypto.LockedKey(
            public_key=signing.verify_key.encode().hex(),
            encrypted_private=bytes(box.encrypt(signing.encode(),
                                                keys.randbytes(box.NONCE_SIZE))),
            salt=salt, opslimit=opslimit, memlimit=memlimit)
        return locked, signing

    _UNSEEDED.extend([(sync_tables, "secrets", sync_tables.secrets), (crypto, "generate", crypto.generate)])
    sync_tables.secrets = _SeededSecrets(random.Random(11))
    crypto.generate = generate


def unseeded() -> None:
    while _UNSEEDED:
        owner, name, real = _UNSEEDED.pop()
        setattr(owner, name, real)
    clock.set_fixed(None)


# -- the jobs ---------------------------------------------------------------------------
def save_registration(ctx: AppContext, _work: Path) -> str:
    reg = ctx.registrations.blank(2026)
    reg.name = "Dân vận khéo trong xây dựng nông thôn mới kiểu mẫu"
    reg.field = 1
    reg.kind, reg.subject = "dien_hinh", "ca_nhan"
    reg.person = PersonInput(full_name="Trần Thị Huệ", birth_year=1975, gender="nu")
    reg.subunit_code = ctx.units.subunits()[0].code
    reg.targets = [TargetInput("Số hộ tham gia", 120, "hộ"), TargetInput("Kinh phí", 50, "triệu")]
    reg.milestones = [MilestoneInput(dt.date(2026, 5, 1), "Ra mắt mô hình")]
    # The photo was attached earlier (its bytes are stored when chosen): attaching it
    # again stores nothing new.
    reg.evidence = [ctx.registrations.add_evidence_bytes("bien-ban.png", EVIDENCE)]
    return ctx.registrations.save(reg)


def edit_registration(ctx: AppContext, _work: Path) -> None:
    registration_id = ctx.db.execute("SELECT id FROM registrations ORDER BY id LIMIT 1"
                                     ).fetchone()[0]
    reg = ctx.registrations.to_input(registration_id)
    reg.name = reg.name + " (mở rộng)"
    reg.targets = reg.targets[:1] + [TargetInput("Số km đường hoa", 3.5, "km")]
    ctx.registrations.save(reg, registration_id)


def score(ctx: AppContext, _work: Path) -> None:
    sheet_id = ctx.db.execute("SELECT id FROM score_sheets WHERE state = 'nhap'"
                              " ORDER BY id LIMIT 1").fetchone()[0]
    sheet = ctx.scoring.sheet(sheet_id)
    values = ["15", "14,5", "13", "18", "19", "12,5"]
    ctx.scoring.save(sheet_id, [CellChange(c.id, SELF, v)
                                for c, v in zip(sheet.rubric.criteria, values, strict=True)],
                     remarks="Chấm lại sau khi mất điện")


def export(ctx: AppContext, work: Path):
    return ctx.sync.export(PROVINCE, work / "out.dvk", passphrase=PASSPHRASE)


def exported_file_matches(ctx: AppContext, work: Path) -> None:
    """The bundle on the stick is the one the outbox says was sent."""
    import zipfile

    last = ctx.db.execute("SELECT sha256 FROM outbox ORDER BY id DESC LIMIT 1").fetchone()[0]
    with zipfile.ZipFile(work / "out.dvk") as archive:
        assert canonical.sha256(archive.read(mf.MANIFEST)) == last


def import_bundle(ctx: AppContext, work: Path):
    return ctx.sync.import_bundle(work / BUNDLE)


def issue_decision(ctx: AppContext, _work: Path) -> str:
    draft = ctx.db.execute("SELECT id FROM decisions WHERE state <> 'ban_hanh'").fetchone()[0]
    return ctx.decisions.issue(draft)


def save_from_the_form(ctx: AppContext, _work: Path) -> str:
    """What the registration form's Save does: the new registration with the id the
    form chose, and the form's draft removed in the same transaction."""
    reg = ctx.registrations.blank(2026)
    reg.name = "Mô hình gõ trong biểu mẫu, lưu khi mất điện"
    reg.field = 3
    reg.subunit_code = ctx.units.subunits()[0].code
    return ctx.registrations.save(reg, None, draft_id=FORM_DRAFT, new_id=FORM_ID)


def only_one_from_the_form(ctx: AppContext, _work: Path) -> None:
    rows = ctx.db.execute("SELECT count(*) FROM registrations WHERE name LIKE"
                          " 'Mô hình gõ trong biểu mẫu%'").fetchone()[0]
    assert rows == 1 and ctx.drafts.get(FORM_DRAFT) is None


def restore(ctx: AppContext, work: Path) -> Path:
    return ctx.backups.restore(work / BACKUP)


def restored_with_a_new_line(ctx: AppContext, work: Path) -> None:
    """Restored, with its new sequence line: the restore is in the audit log right
    after the new line, and no half-prepared copy looks like a backup."""
    actions = [e.action for e in ctx.audit.entries()[:2]]
    assert actions == ["restore", "new_line"], actions
    lines = ctx.db.execute("SELECT count(*) FROM sync_lines WHERE reason = 'restore'"
                           ).fetchone()[0]
    assert lines == 1
    _complete_backups_only(work / AUTO_FOLDER)  # the safety copy went there


def backup_by_hand(ctx: AppContext, work: Path) -> Path:
    folder = work / "copies"
    folder.mkdir(exist_ok=True)
    return ctx.backups.backup_to(folder / "ban-sao.sqlite")


def backup_is_whole(ctx: AppContext, work: Path) -> None:
    _complete_backups_only(work / "copies")
    assert (work / "copies" / "ban-sao.sqlite").exists()


def daily_backup(ctx: AppContext, _work: Path):
    return ctx.backups.daily()


def daily_backups(work: Path) -> str:
    """The automatic backups in the folder, by name and rows (half-written ones are
    hidden files, left out: the next backup removes them once stale)."""
    from tests.reliability.crash import snapshot

    folder = work / AUTO_FOLDER
    return "\n".join(f"{path.name} {snapshot(path)}" for path in
                     (sorted(folder.glob("dvk-*.sqlite")) if folder.is_dir() else []))


def daily_is_whole(ctx: AppContext, work: Path) -> None:
    _complete_backups_only(work / AUTO_FOLDER)
    assert len(ctx.backups.automatic()) == 1


def _complete_backups_only(folder: Path) -> None:
    """Every backup-looking file there is a complete backup whose checksum holds."""
    from app.services.backup import preview_file

    if not folder.is_dir():
        return
    for path in folder.glob("dvk-*.sqlite"):
        preview = preview_file(path)
        assert preview.ok and preview.contents.checksum == "ok", (path, preview.problems)
    for path in folder.iterdir():
        assert path.name.startswith(".") or path.suffix == ".sqlite", path


def rotate_key(ctx: AppContext, _work: Path):
    return ctx.trust.rotate(PASSPHRASE, demo=True)


def finish_export(ctx: AppContext, _work: Path):
    return ctx.sync.finish_pending()


SCENARIOS = [
    Scenario("registration_new", COMMUNE, save_registration),
    Scenario("registration_edit", COMMUNE, edit_registration),
    Scenario("registration_form_save", COMMUNE, save_from_the_form,
             verify=only_one_from_the_form),
    Scenario("scoring", COMMUNE, score),
    Scenario("export", COMMUNE, export, verify=exported_file_matches, recover=finish_export),
    Scenario("import", PROVINCE, import_bundle, idempotent=True),
    Scenario("decision", COMMUNE, issue_decision),
    Scenario("restore", COMMUNE, restore, verify=restored_with_a_new_line,
             decisive="restore_into"),
    Scenario("backup", COMMUNE, backup_by_hand, verify=backup_is_whole),
    Scenario("daily_backup", COMMUNE, daily_backup, verify=daily_is_whole,
             decisive="replace", files=daily_backups),
    Scenario("key_rotation", COMMUNE, rotate_key),
]
BY_NAME = {s.name: s for s in SCENARIOS}


# -- the network ------------------------------------------------------------------------
def build_network(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    clock.set_fixed(MOMENT - dt.timedelta(days=1))
    try:
        _build(folder)
    finally:
        clock.set_fixed(None)
    return folder


def _build(folder: Path) -> None:
    from tests.recognition.helpers import recognised_model
    from tests.scoring.helpers import new_sheet
    from tests.sync.builders import register

    keys = {}
    for code, name in FILES.items():
        with AppContext.open(folder / name, actor="test") as ctx:
            ctx.setup.configure(profile="hai_cap", unit_code=code)
            if code == COMMUNE:
                ctx.units.add_subunit("Tổ dân phố số 1", "to_dan_pho")
                ctx.units.add_subunit("Chi hội Phụ nữ tổ dân phố số 1", "chi_hoi")
            keys[code] = bytes.fromhex(ctx.keys.create(PASSPHRASE, demo=True).public_key)
    with AppContext.open(folder / FILES[PROVINCE], actor="test") as ctx:
        ctx.keys.trust_public_key(COMMUNE, COMMUNE, keys[COMMUNE])
    with AppContext.open(folder / FILES[COMMUNE], actor="test") as ctx:
        ctx.keys.trust_public_key(PROVINCE, PROVINCE, keys[PROVINCE])
        register(ctx, "Tuyến đường hoa, đường cờ Tổ quốc", evidence=b"\x89PNG one")
        register(ctx, "Nguyễn Thị Hoà - hòa giải giỏi", person=True)
        new_sheet(ctx, "Chi hội phụ nữ tiết kiệm")
        model = recognised_model(ctx, "Dân vận khéo trong hiến đất mở đường")
        ctx.decisions.draft(ctx.registrations.get(model).year, [model])
        ctx.registrations.add_evidence_bytes("bien-ban.png", EVIDENCE)
    # The bundle the province imports comes from a copy, so the commune itself has
    # sent nothing yet (its export scenario is its first bundle).
    scratch = folder / "scratch"
    scratch.mkdir()
    shutil.copy(folder / FILES[COMMUNE], scratch / "xa.sqlite")
    with AppContext.open(scratch / "xa.sqlite", actor="test") as ctx:
        ctx.sync.export(PROVINCE, folder / BUNDLE, passphrase=PASSPHRASE)
    shutil.rmtree(scratch)
    # Issue 23's jobs, after the bundle was made (its content stays what other tests
    # count): a backup for the restore scenario, then a model it does not hold; the
    # registration form's draft; automatic backups beside the data file.
    with AppContext.open(folder / FILES[COMMUNE], actor="test") as ctx:
        ctx.backups.backup_to(folder / BACKUP)
        register(ctx, "Sau bản sao lưu: chợ an toàn thực phẩm")
        ctx.drafts.save(FORM_DRAFT, kind="registration", record_id=None,
                        title="Mô hình gõ trong biểu mẫu", content={"name": "Mô hình gõ"})
        with ctx.transaction():
            settings_repo.put(ctx.db, "backup.folder", AUTO_FOLDER)


def fresh_copy(template: Path, work: Path, office: str | None = None) -> Path:
    """The template (or only one office's file and the bundle) in `work`."""
    if work.exists():
        shutil.rmtree(work)
    if office is None:
        shutil.copytree(template, work)
        return work
    work.mkdir(parents=True)
    for name in (FILES[office], BUNDLE, BACKUP):
        if (template / name).exists():
            shutil.copyfile(template / name, work / name)
    return work
