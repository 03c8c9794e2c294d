"""Demo networks exchange bundles like real offices: every office has a signing key
(passphrase "demo"), parents and children trust each other, the communes' bundles
are imported upward (through the districts in the three-tier profile), one bundle
waits un-imported in `bundles/`, and the province has one conflict to review.

With `decide`, each higher office decides on the models proposed to it once its
children's bundles are in (a district before relaying upward), and the decisions then
travel back down: the province's to its children, a district's (and the province's it
relays) to its communes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.context import AppContext
from app.domain.keys import OwnKey

DEMO_PASSPHRASE = "demo"
BUNDLES = "bundles"


def link_offices(out: Path, offices: list,
                 decide: Callable[[AppContext], None] | None = None) -> None:
    keys: dict[str, bytes] = {}
    for office in offices:
        with AppContext.open(out / office.db, actor="demo") as ctx:
            keys[office.code] = bytes.fromhex(ensure_key(ctx).public_key)
    by_code = {office.code: office for office in offices}
    for office in offices:
        with AppContext.open(out / office.db, actor="demo") as ctx:
            for other in offices:
                if other.code == office.parent or other.parent == office.code:
                    ctx.keys.trust_public_key(other.code, other.name, keys[other.code])
    folder = out / BUNDLES
    folder.mkdir(exist_ok=True)
    for level in ("xa", "huyen"):  # communes first, then the districts relay upward
        for office in [o for o in offices if o.level == level]:
            if decide is not None and level == "huyen":
                _decide(out, office, decide)
            _send(out, office, by_code[office.parent], folder)
    _leave_states(out, offices, by_code, folder)
    if decide is not None:
        for office in [o for o in offices if o.level == "tinh"]:
            _decide(out, office, decide)
        for level in ("tinh", "huyen"):  # decisions travel down, through the districts
            for office in [o for o in offices if o.level == level]:
                for child in [o for o in offices if o.parent == office.code]:
                    _send(out, office, child, folder)


def ensure_key(ctx: AppContext) -> OwnKey:
    """The office's signing key, made when it has none (decisions sign their
    certificates' codes when they are issued, so offices make their keys first)."""
    own = ctx.keys.own()
    if own is not None:
        return own
    return ctx.keys.create(DEMO_PASSPHRASE, demo=True)


def _decide(out: Path, office, decide: Callable[[AppContext], None]) -> None:
    with AppContext.open(out / office.db, actor="demo") as ctx:
        ctx.keys.unlock(DEMO_PASSPHRASE)  # its decisions' certificates carry codes
        decide(ctx)


def _send(out: Path, office, recipient, folder: Path) -> Path:
    """A bundle from `office` to its parent or child `recipient`, imported there."""
    with AppContext.open(out / office.db, actor="demo") as ctx:
        result = ctx.sync.export(recipient.code,
                                 folder / f"{office.code}-to-{recipient.code}.dvk",
                                 passphrase=DEMO_PASSPHRASE)
        path = result.path.rename(folder / f"{office.code}-to-{recipient.code}-"
                                           f"{result.seq:03d}.dvk")
    with AppContext.open(out / recipient.db, actor="demo") as ctx:
        ctx.sync.import_bundle(path)
    return path


def _leave_states(out: Path, offices: list, by_code: dict, folder: Path) -> None:
    """A conflict at the first commune's parent, and a bundle still on the stick."""
    communes = [o for o in offices if o.level == "xa"]
    if not communes:
        return
    first = communes[0]
    parent = by_code[first.parent]
    with AppContext.open(out / first.db, actor="demo") as ctx:
        rows = ctx.db.execute("SELECT id FROM registrations WHERE status = 'da_dang_ky'"
                              " ORDER BY id LIMIT 1").fetchall()
    if not rows:
        return
    chosen = rows[0][0]
    # The parent office withdraws the model while the commune edits it: same version,
    # different content -> a conflict that the rule settles and the queue keeps.
    with AppContext.open(out / parent.db, actor="demo") as ctx:
        ctx.registrations.withdraw(chosen, "Đơn vị đã giải thể, không tiếp tục thực hiện")
    with AppContext.open(out / first.db, actor="demo") as ctx:
        reg = ctx.registrations.to_input(chosen)
        reg.goals = (reg.goals + "\nBổ sung: mở rộng ra toàn xã trong quý IV.").strip()
        ctx.registrations.save(reg, chosen)
    _send(out, first, parent, folder)
    # The last commune has registered more since; its bundle waits on the stick.
    last = communes[-1]
    with AppContext.open(out / last.db, actor="demo") as ctx:
        rows = ctx.db.execute("SELECT id FROM registrations WHERE status = 'da_dang_ky'"
                              " ORDER BY id DESC LIMIT 1").fetchall()
        if rows:
            reg = ctx.registrations.to_input(rows[0][0])
            reg.outputs = (reg.outputs + "\nĐã có thêm 12 hộ tham gia.").strip()
            ctx.registrations.save(reg, rows[0][0])
        result = ctx.sync.export(last.parent, folder / "waiting.dvk",
                                 passphrase=DEMO_PASSPHRASE)
        result.path.rename(folder / f"{last.code}-to-{last.parent}-{result.seq:03d}-"
                                    f"chua-nhap.dvk")
