"""The campaign calendar: each year's deadlines (registration, proposals,
recognition). The shipped defaults are in every office; an office that changes a year
becomes the origin of that record, so the change goes down to the offices below it
with the next bundles (kinds `periods` and `campaign_years`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.events import SETTINGS_CHANGED
from app.domain import limits
from app.domain.accounts import APPROVER
from app.domain.rows import RowRecord
from app.errors import NotFoundError, ValidationError
from app.i18n import _
from app.repositories import calendar as calendar_repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService

DEADLINES = ("registration_deadline", "proposal_deadline", "recognition_deadline")


@dataclass(frozen=True)
class CampaignYear(RowRecord):
    """A campaign year (`campaign_years`, a synced record): its period and the three
    deadlines (ISO dates), with the record's sync columns: which office set it (`origin`,
    VN for the shipped default), its version, when it was made and changed and by whom,
    and its local change number."""

    id: str
    year: int
    period_id: str
    registration_deadline: str
    proposal_deadline: str
    recognition_deadline: str
    origin: str
    version: int
    created_at: str
    updated_at: str
    updated_by: str
    rev: int


@dataclass(frozen=True)
class CampaignPeriod(RowRecord):
    """A campaign period (`periods`, a synced record): its code (2026-2030), name, first
    and last year, with the record's sync columns, and the guideline its decisions cite
    ('' until set; migration 0017)."""

    id: str
    code: str
    name: str
    start_year: int
    end_year: int
    origin: str
    version: int
    created_at: str
    updated_at: str
    updated_by: str
    rev: int
    guideline: str


class CalendarService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService):
        self.file = file
        self.accounts = accounts

    def years(self) -> list[CampaignYear]:
        """Every campaign year of the calendar, the earliest first."""
        with storage_errors():
            return [CampaignYear.from_row(row) for row in calendar_repo.years(self.file.db)]

    def set_deadlines(self, year: int, **dates: dt.date | None) -> CampaignYear:
        """Change some deadlines of `year` (registration, proposal, recognition)."""
        self.accounts.require(APPROVER)
        with storage_errors():
            row = calendar_repo.campaign_year(self.file.db, year)
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
            with self.file.transaction():
                self.file.writer().update(
                    "campaign_years", row["id"], {**changes, "origin": self.file.office_code},
                    audit_detail=", ".join(f"{k}={v}" for k, v in sorted(changes.items())))
            self.file.events.emit(SETTINGS_CHANGED)
        with storage_errors():
            return CampaignYear.from_row(calendar_repo.campaign_year(self.file.db, year))

    # -- periods ------------------------------------------------------------------------
    def periods(self) -> list[CampaignPeriod]:
        """Every campaign period, the earliest first."""
        with storage_errors():
            return [CampaignPeriod.from_row(row) for row in
                    self.file.db.query("SELECT * FROM periods ORDER BY start_year")]

    def set_guideline(self, year: int, text: str) -> CampaignPeriod:
        """The guideline of the campaign period `year` falls in ("Hướng dẫn số 05-HD/...
        ngày ... của ... về ..."), the basis its decisions cite; it goes down to the
        offices below with the next bundles."""
        from app.domain.text import clean

        self.accounts.require(APPROVER)
        text = clean(text)
        if len(text) > limits.GUIDELINE:
            raise ValidationError({"guideline": limits.too_long(limits.GUIDELINE)})
        with storage_errors():
            period = calendar_repo.period_for_year(self.file.db, year)
        if period is None:
            raise NotFoundError(_("The calendar has no campaign period with the year {year}; "
                                  "add the period first (dvk calendar period-add).").format(
                year=year))
        with self.file.transaction():
            self.file.writer().update("periods", period["id"],
                                     {"guideline": text, "origin": self.file.office_code},
                                     audit_detail=f"guideline {period['code']}")
        self.file.events.emit(SETTINGS_CHANGED)
        with storage_errors():
            return CampaignPeriod.from_row(calendar_repo.period_for_year(self.file.db, year))

    def add_period(self, start: int, end: int, *, name: str = "",
                   deadlines: dict[str, tuple[int, int]]) -> CampaignPeriod:
        """A new campaign period (after 2030, say) with the same deadlines each year
        (`deadlines`: registration, proposal, recognition -> (day, month)); its years
        join the calendar and go down to the offices below."""
        import uuid

        from app.domain.text import clean
        from app.services.setup import CALENDAR_NAMESPACE

        self.accounts.require(APPROVER)
        errors = {}
        if not (2000 <= start <= end <= 2100) or end - start > 10:
            errors["years"] = _("A period runs from one year to a later one, at most ten "
                                "years, between 2000 and 2100.")
        with storage_errors():
            taken = list(self.file.db.query(
                "SELECT code FROM periods WHERE start_year <= ? AND end_year >= ?",
                [end, start]))
        if taken:
            errors["years"] = _("The years overlap the period {code} already in the "
                                "calendar.").format(code=taken[0]["code"])
        dates: dict[str, dt.date] = {}
        for key in ("registration", "proposal", "recognition"):
            day, month = deadlines[key]
            try:
                dates[key] = dt.date(start, month, day)
            except ValueError:
                errors[key] = _("{day}/{month} is not a day of the year.").format(
                    day=day, month=month)
        if not errors and not dates["registration"] <= dates["proposal"] \
                <= dates["recognition"]:
            errors["dates"] = _("The deadlines must follow each other: registration, then "
                                "proposals, then recognition.")
        if errors:
            raise ValidationError(errors)
        code = f"{start}-{end}"
        name = clean(name) or f"Giai đoạn {start} - {end}"
        with self.file.transaction():
            writer = self.file.writer()
            period = writer.insert("periods", {
                "id": str(uuid.uuid5(CALENDAR_NAMESPACE, "period:" + code)), "code": code,
                "name": name, "start_year": start, "end_year": end},
                audit_detail=f"period {code}")
            for year in range(start, end + 1):
                writer.insert("campaign_years", {
                    "id": str(uuid.uuid5(CALENDAR_NAMESPACE, f"year:{year}")), "year": year,
                    "period_id": period["id"],
                    **{f"{key}_deadline": dt.date(year, value.month, value.day).isoformat()
                       for key, value in dates.items()}}, audit_detail=f"year {year}")
        self.file.events.emit(SETTINGS_CHANGED)
        with storage_errors():
            return CampaignPeriod.from_row(calendar_repo.period_for_year(self.file.db, start))
