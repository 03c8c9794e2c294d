"""The campaign calendar: each year's deadlines (registration, proposals,
recognition). The shipped defaults are in every office; an office that changes a year
becomes the origin of that record, so the change goes down to the offices below it
with the next bundles (kinds `periods` and `campaign_years`)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from app.domain.accounts import APPROVER
from app.errors import NotFoundError, ValidationError
from app.i18n import _
from app.repositories import calendar as calendar_repo
from app.repositories.storage import storage_errors
from app.services.events import SETTINGS_CHANGED

if TYPE_CHECKING:
    from app.context import AppContext

DEADLINES = ("registration_deadline", "proposal_deadline", "recognition_deadline")


class CalendarService:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    def years(self) -> list[dict[str, Any]]:
        with storage_errors():
            return calendar_repo.years(self.ctx.db)

    def set_deadlines(self, year: int, **dates: dt.date | None) -> dict[str, Any]:
        """Change some deadlines of `year` (registration, proposal, recognition)."""
        self.ctx.accounts.require(APPROVER)
        with storage_errors():
            row = calendar_repo.campaign_year(self.ctx.db, year)
        if row is None:
            raise NotFoundError(_("The calendar has no campaign year {year}.").format(year=year))
        changes = {f"{name}_deadline": value.isoformat() for name, value in dates.items()
                   if value is not None}
        unknown = set(changes) - set(DEADLINES)
        if unknown:
            raise ValueError(f"unknown deadlines {sorted(unknown)}")
        merged = {name: changes.get(name, row[name]) for name in DEADLINES}
        if not merged["registration_deadline"] <= merged["proposal_deadline"] \
                <= merged["recognition_deadline"]:
            raise ValidationError({"dates": _(
                "The deadlines must follow each other: registration, then proposals, then "
                "recognition.")})
        if any(not value.startswith(str(year)) for value in changes.values()):
            raise ValidationError({"dates": _("Every deadline of {year} must fall in {year}."
                                              ).format(year=year)})
        if changes:
            with self.ctx.transaction():
                self.ctx.writer().update(
                    "campaign_years", row["id"], {**changes, "origin": self.ctx.office_code},
                    audit_detail=", ".join(f"{k}={v}" for k, v in sorted(changes.items())))
            self.ctx.events.emit(SETTINGS_CHANGED)
        with storage_errors():
            return calendar_repo.campaign_year(self.ctx.db, year)
