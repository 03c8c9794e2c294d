"""The three-tier demo network lives through a few years of trust along the tree
(issue 7), through the real services, after the first bundles went up:

1. the province appraises a model of the first commune (a province score sheet) and
   moves a deadline of the next campaign year; the decision goes down through the
   districts to the communes (the districts also pass the province's key down);
2. the first district rotates its key; the province and the communes accept the new
   one with the next bundles;
3. the first district records that its second commune was merged into its first one
   (sáp nhập) from the next day; the new commune's office takes over the old one's
   records, and the old commune's bundle still on the stick stays valid;
4. the commune of the second district loses its computer: the district revokes the
   old key and enrols the new one (its fingerprint read over the phone), and the
   commune's next bundle goes up through the district to the province;
5. the first commune sends an encrypted bundle; the districts forward everything to
   the province, their communes' bundles verbatim.

The clock moves an hour between the steps, so every time in the story is distinct.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app import clock
from app.context import AppContext
from app.demo.sync import BUNDLES, DEMO_PASSPHRASE

ACTOR = "demo"


class _Story:
    def __init__(self, out: Path, offices: list, start: dt.datetime):
        self.out = out
        self.folder = out / BUNDLES
        self.by_code = {office.code: office for office in offices}
        self.time = start

    def tick(self) -> None:
        self.time += dt.timedelta(hours=1)
        clock.set_fixed(self.time)

    def open(self, code: str) -> AppContext:
        return AppContext.open(self.out / self.by_code[code].db, actor=ACTOR)

    def hop(self, sender: str, recipient: str, *, encrypt: bool = False) -> Path:
        with self.open(sender) as ctx:
            path = ctx.sync.export(recipient, self.folder, passphrase=DEMO_PASSPHRASE,
                                   encrypt=encrypt).path
        with self.open(recipient) as ctx:
            ctx.sync.import_bundle(path, passphrase=DEMO_PASSPHRASE if encrypt else None)
        return path


def tell(out: Path, offices: list, today: dt.date) -> dict:
    """Run the story on a three-tier network; return what happened (for network.json)."""
    districts = [o for o in offices if o.level == "huyen"]
    communes = [o for o in offices if o.level == "xa"]
    province = next(o for o in offices if o.level == "tinh")
    if not districts or not communes:
        return {}
    story = _Story(out, offices, dt.datetime.combine(today, dt.time(9, 0), tzinfo=dt.UTC))
    first = districts[0]
    mine = [c for c in communes if c.parent == first.code]
    told: dict = {}
    told["decision"] = _decide(story, province.code, mine[0].code)
    for district in districts:
        story.tick()
        story.hop(province.code, district.code)
        for commune in [c for c in communes if c.parent == district.code]:
            story.hop(district.code, commune.code)
    story.tick()
    with story.open(first.code) as ctx:
        rotated = ctx.trust.rotate(DEMO_PASSPHRASE, demo=True)
    told["rotated"] = {"unit": first.code, "old_key_id": rotated.old_key_id,
                       "key_id": rotated.key_id}
    story.hop(first.code, province.code)
    for commune in mine:
        story.hop(first.code, commune.code)
    if len(mine) >= 2:
        told["merged"] = _merge(story, first.code, old=mine[1].code, new=mine[0].code,
                                on=today + dt.timedelta(days=1))
    others = [c for c in communes if c.parent != first.code]
    if others:
        told["replaced"] = _replace(story, others[0])
    story.tick()
    with story.open(mine[0].code) as ctx:
        _touch(ctx, "Đã nhân rộng ra 2 thôn mới sau sáp nhập.")
    story.tick()
    told["encrypted"] = story.hop(mine[0].code, first.code, encrypt=True).name
    for district in districts:
        story.tick()
        story.hop(district.code, province.code)
    return told


def _decide(story: _Story, province: str, commune: str) -> dict:
    story.tick()
    with story.open(province) as ctx:
        row = ctx.db.execute(
            "SELECT r.id FROM registrations r WHERE r.origin = ? AND r.status = 'da_dang_ky'"
            " AND r.year = (SELECT max(year) FROM registrations WHERE origin = ?)"
            " ORDER BY r.registered_on, r.id LIMIT 1", [commune, commune]).fetchone()
        sheet = ctx.scoring.create(row[0], "tinh") if row else None
        year = clock.today().year + 1
        ctx.calendar.set_deadlines(year, registration=dt.date(year, 4, 15))
    return {"registration": row[0] if row else None, "sheet": sheet, "deadline_year": year}


def _merge(story: _Story, district: str, *, old: str, new: str, on: dt.date) -> dict:
    story.tick()
    with story.open(district) as ctx:
        ctx.units.merge(old, new, on.isoformat(),
                        note="Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành "
                             "chính cấp xã")
    story.hop(district, new)
    return {"unit": old, "into": new, "on": on.isoformat()}


def _replace(story: _Story, commune) -> dict:
    district = commune.parent
    story.tick()
    with story.open(district) as ctx:
        old = ctx.trust.revoke(commune.code, reason="Máy tính hỏng ổ cứng, phải thay máy mới",
                               passphrase=DEMO_PASSPHRASE)
    story.tick()
    card = story.folder / f"the-khoa-{commune.code}.dvkkey"
    with story.open(commune.code) as ctx:
        ctx.keys.create(DEMO_PASSPHRASE, demo=True, replace=True)
        written = ctx.keys.write_card(card, DEMO_PASSPHRASE)
        _touch(ctx, "Đã bổ sung hồ sơ sau khi thay máy tính.")
    with story.open(district) as ctx:
        ctx.trust.replace(commune.code, card, written.fingerprint, passphrase=DEMO_PASSPHRASE)
    story.tick()
    story.hop(commune.code, district)
    story.hop(district, commune.code)
    return {"unit": commune.code, "revoked": old, "key_id": written.key_id}


def _touch(ctx: AppContext, line: str) -> None:
    """A small change to one of the office's models, so its next bundle carries it."""
    row = ctx.db.execute("SELECT id FROM registrations WHERE origin = ? AND status ="
                         " 'da_dang_ky' ORDER BY id LIMIT 1", [ctx.office_code]).fetchone()
    if row:
        reg = ctx.registrations.to_input(row[0])
        reg.outputs = (reg.outputs + "\n" + line).strip()
        ctx.registrations.save(reg, row[0])
