"""What is due and what is late (the home screen and `dvk recognition due`): the
deadlines of the campaign year from the calendar, with days left or days late, and
the counts of work waiting at this office."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app import clock
from app.domain.recognition import (
    PROPOSED,
    SCORED,
    SHEET_LEVEL,
    DecisionState,
    ProposalState,
)
from app.i18n import N_, _
from app.repositories import calendar as calendar_repo
from app.repositories import figures
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.decisions import DecisionService
    from app.services.proposals import ProposalService
    from app.services.recognition import RecognitionService

# Where each line of the home screen leads.
REGISTRATIONS, SCORING, RECOGNITION, PROPOSALS, DECISIONS = (
    "registrations", "scoring", "recognition", "proposals", "decisions")

DEADLINES = {
    "registration": (N_("Registrations"), REGISTRATIONS),
    "proposal": (N_("Proposals to the province"), PROPOSALS),
    "recognition": (N_("Recognition at every level"), DECISIONS),
}


@dataclass
class Deadline:
    key: str
    label: str
    due: dt.date
    days: int  # days left (>= 0) or days late (< 0)
    open_items: int  # work still open for it
    target: str

    @property
    def late(self) -> bool:
        return self.days < 0 and self.open_items > 0

    def status(self) -> str:
        if self.days < 0:
            if self.open_items:
                return _("{days} day(s) late").format(days=-self.days)
            return _("passed {days} day(s) ago").format(days=-self.days)
        if self.days == 0:
            return _("due today")
        return _("{days} day(s) left").format(days=self.days)


@dataclass
class Count:
    key: str
    label: str
    value: int
    target: str


class AgendaService:
    def __init__(self, file: OfficeFile, *, recognition: RecognitionService,
                 proposals: ProposalService, decisions: DecisionService):
        self.file = file
        self.recognition = recognition
        self.proposals = proposals
        self.decisions = decisions

    def year(self) -> int:
        return clock.today().year

    def deadlines(self, year: int, counts: dict[str, int]) -> list[Deadline]:
        with storage_errors():
            row = calendar_repo.campaign_year(self.file.db, year)
        if row is None:
            return []
        today = clock.today()
        # Recognition is open while a model proposed here waits for a decision, a scored
        # model waits for the council's verdict or a recognised one for its decision.
        open_for = {"registration": 0, "proposal": counts.get("eligible", 0) +
                    counts.get("unsent", 0), "recognition": counts.get("received", 0) +
                    counts.get("to_recognise", 0) + counts.get("to_issue", 0)}
        result = []
        for key, (label, target) in DEADLINES.items():
            due = dt.date.fromisoformat(row[f"{key}_deadline"])
            result.append(Deadline(key, _(label), due, (due - today).days, open_for[key],
                                   target))
        return result + self.earlier_years(year)

    def earlier_years(self, year: int) -> list[Deadline]:
        """Recognition work of earlier years still open past their deadline: models
        proposed here and never decided do not stop being late when the year turns."""
        recognition = self.recognition
        level = recognition.level()
        today = clock.today()
        result = []
        for earlier in sorted((y for y in recognition.years() if y < year), reverse=True):
            with storage_errors():
                row = calendar_repo.campaign_year(self.file.db, earlier)
            if row is None:
                continue
            due = dt.date.fromisoformat(row["recognition_deadline"])
            if due >= today:
                continue
            rows = recognition.models(earlier, level=level)
            waiting = sum(1 for r in rows if r.state.level == level
                          and r.state.stage in (PROPOSED, SCORED)) \
                + len(self.decisions.to_decide(earlier, rows))
            if waiting:
                result.append(Deadline(
                    f"recognition_{earlier}",
                    _("Recognition of {year}: {count} model(s) not decided").format(
                        year=earlier, count=waiting),
                    due, (due - today).days, waiting, RECOGNITION))
        return result

    def counts(self, year: int) -> dict[str, int]:
        recognition = self.recognition
        level = recognition.level()
        rows = recognition.models(year, level=level)
        db = self.file.db
        with storage_errors():
            # The office's whole area (a district's or province's communes, a commune
            # merged into this one), as every figure counts (app/repositories/figures.py).
            scope = figures.scope(db)
            registered = figures.total(db, scope, figures.REGISTERED,
                                       condition="r.year = ?", params=[year])
            waiting = figures.waiting_for_council(db, scope, year, SHEET_LEVEL[level])
            unsent = db.execute(
                "SELECT COUNT(*) FROM proposals WHERE year = ? AND origin = ? AND state = ?",
                [year, self.file.office_code, ProposalState.DRAFT]).fetchone()[0]
            drafts = db.execute(
                "SELECT COUNT(*) FROM decisions WHERE year = ? AND origin = ? AND state = ?",
                [year, self.file.office_code, DecisionState.DRAFT]).fetchone()[0]
        # The year's models are read once for every count (a province's office may have
        # a thousand proposed to it).
        eligible = len(self.proposals.candidates(year, rows)) \
            if recognition.next_level() else 0
        return {
            "registered": registered,
            "received": sum(1 for r in rows if r.state.stage == PROPOSED
                            and r.state.level == level),
            "waiting_council": waiting,
            "to_recognise": len(recognition.waiting_verdict(rows, level)),
            "eligible": eligible,
            "unsent": unsent,
            "to_issue": len(self.decisions.to_decide(year, rows)) + drafts,
        }

    def lines(self, year: int, counts: dict[str, int]) -> list[Count]:
        labels = [
            ("registered", N_("Registrations this year"), REGISTRATIONS),
            ("received", N_("Models proposed to this office, not decided yet"), RECOGNITION),
            ("waiting_council", N_("Score sheets waiting for the council"), SCORING),
            ("to_recognise", N_("Scored models waiting for recognition"), RECOGNITION),
            ("eligible", N_("Recognised models that may be proposed"), PROPOSALS),
            ("unsent", N_("Proposals not sent yet"), PROPOSALS),
            ("to_issue", N_("Decisions to issue (recognised models and drafts)"), DECISIONS),
        ]
        return [Count(key, _(label), counts.get(key, 0), target)
                for key, label, target in labels
                if key != "received" or self.recognition.levels().index(
                    self.recognition.level()) > 0]

    def as_json(self, year: int | None = None) -> dict[str, Any]:
        year = year or self.year()
        counts = self.counts(year)
        return {
            "year": year, "today": clock.today().isoformat(),
            "level": self.recognition.level(),
            "deadlines": [{"key": d.key, "label": d.label, "due": d.due.isoformat(),
                           "days": d.days, "open": d.open_items, "late": d.late,
                           "status": d.status(), "target": d.target}
                          for d in self.deadlines(year, counts)],
            "counts": counts,
        }
