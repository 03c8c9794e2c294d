"""Demo networks show issue 10 in its states: every office keeps its automatic backups
beside the network (`backups/<code>/`, two days of them; the first commune also a copy
made by hand);
the last commune uses accounts (an administrator, an approver, a clerk and a disabled
account; password "demo1234") with sign-ins, a refused password and a clerk's work in
its audit log, and a draft another clerk typed before the registration was saved again
(reopening it compares the two versions, issue 23). The first commune (the one
`dvk gui --demo` opens) keeps accounts off, as a single-clerk office would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app import clock
from app.context import AppContext
from app.domain.accounts import ADMIN, APPROVER, CLERK
from app.domain.registration import to_plain
from app.errors import PermissionDenied
from app.repositories import settings as settings_repo

DEMO_PASSWORD = "demo1234"
BACKUP_DAYS = 2
USERS = [
    ("quantri", "Nguyễn Văn Hùng", ADMIN),
    ("duyet", "Phạm Thị Thu Hà", APPROVER),
    ("nhaplieu", "Lê Thị Mai", CLERK),
    ("cu.nhanvien", "Đỗ Văn Tâm", CLERK),
]


def add_reliability(out: Path, offices: list, today: dt.date) -> None:
    previous = clock.now()
    try:
        first = next((o for o in offices if o.level == "xa"), None)
        for office in offices:
            with AppContext.open(out / office.db, actor="demo") as ctx:
                _backups(ctx, office.code, today, by_hand=office is first)
        communes = [o for o in offices if o.level == "xa"]
        if len(communes) > 1:
            clock.set_fixed(dt.datetime.combine(today, dt.time(10, 0), tzinfo=dt.UTC))
            with AppContext.open(out / communes[-1].db, actor="demo") as ctx:
                _accounts(ctx)
    finally:
        clock.set_fixed(previous)


def _backups(ctx: AppContext, code: str, today: dt.date, *, by_hand: bool) -> None:
    ctx.backups.remember_on_pc = False  # sample offices: nothing noted in the user's folder
    with ctx.transaction():
        settings_repo.put(ctx.db, "backup.folder", f"backups/{code}")
    for back in range(BACKUP_DAYS, 0, -1):
        day = today - dt.timedelta(days=back)
        clock.set_fixed(dt.datetime.combine(day, dt.time(1, 30), tzinfo=dt.UTC))
        ctx.backups.daily()
    if by_hand:
        clock.set_fixed(dt.datetime.combine(today, dt.time(9, 0), tzinfo=dt.UTC))
        ctx.backups.backup_to(ctx.backups.folder())


def _accounts(ctx: AppContext) -> None:
    for name, full_name, role in USERS:
        ctx.accounts.add(name, DEMO_PASSWORD, role, full_name, demo=True)
    ctx.accounts.set_active("cu.nhanvien", False)
    ctx.accounts.mark_demo(DEMO_PASSWORD)  # said on the sign-in screen
    ctx.accounts.logout()
    try:
        ctx.accounts.login("nhaplieu", "sai-mat-khau")
    except PermissionDenied:
        pass
    ctx.accounts.login("nhaplieu", DEMO_PASSWORD)
    row = ctx.db.execute("SELECT id FROM registrations WHERE status = 'da_dang_ky'"
                         " ORDER BY id LIMIT 1").fetchone()
    if row:
        reg = ctx.registrations.to_input(row[0])
        _draft_typed_before(ctx, row[0], reg)
        reg.resources = (reg.resources + "\nBổ sung kinh phí xã hội hóa.").strip()
        ctx.registrations.save(reg, row[0])
    ctx.accounts.logout()


def _draft_typed_before(ctx: AppContext, registration_id: str, reg) -> None:
    """Issue 23 in the demo: another clerk's window typed new goals over this version
    and was closed without saving (its draft kept); the registration is then saved
    again by the clerk above. Reopening it in the window compares the two versions."""
    base = to_plain(reg)
    content = {**base, "goals": (reg.goals + "\nMở rộng ra toàn thôn trong năm tới.").strip()}
    version = ctx.registrations.get(registration_id).version
    ctx.drafts.save(f"registration:{ctx.make_id()}", kind="registration",
                    record_id=registration_id, title=reg.name, content=content,
                    base_version=version, base=base)
