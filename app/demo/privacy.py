"""Demo networks of three tiers show issue 26 in its states: in the second commune a
person asked for their personal data to be erased (the model's record stays, named
"[đã xóa]"), and at the province a person of a commune asked for a correction, a
request the province records for the commune that owns the record. Both travel in the
next bundles, like any record (the red-team tests forge them too)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app import clock
from app.context import AppContext
from app.domain.privacy import ERASED


def add_privacy_requests(out: Path, offices: list, today: dt.date) -> None:
    communes = [o for o in offices if o.level == "xa"]
    province = next((o for o in offices if o.level == "tinh"), None)
    if len(communes) < 2 or province is None:
        return
    previous = clock.now()
    try:
        clock.set_fixed(dt.datetime.combine(today, dt.time(8, 15), tzinfo=dt.UTC))
        erased = communes[1]
        with AppContext.open(out / erased.db, actor="demo") as ctx:
            person = _last_individual(ctx, erased.code)
            if person:
                ctx.privacy.erase(person, reason="yeu_cau")
        with AppContext.open(out / province.db, actor="demo") as ctx:
            person = _last_individual(ctx, communes[0].code)
            if person:
                ctx.privacy.request(person, "correct",
                                    "Ông/bà đề nghị sửa năm sinh, gọi điện đến Ban ngày "
                                    f"{today:%d/%m/%Y}.")
    finally:
        clock.set_fixed(previous)


def _last_individual(ctx: AppContext, origin: str) -> str | None:
    """The newest individual the office `origin` registered, as this office holds it."""
    row = ctx.db.execute(
        "SELECT p.id FROM persons p JOIN registrations r ON r.person_id = p.id"
        " WHERE p.origin = ? AND r.subject = 'ca_nhan' AND p.full_name <> ?"
        " ORDER BY r.registered_on DESC, p.id DESC LIMIT 1", [origin, ERASED]).fetchone()
    return row[0] if row else None
