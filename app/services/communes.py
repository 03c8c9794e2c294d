"""The communes' status board (issue 25): for an office above the communes, one line
per commune of its area: the last bundle received from it and when, its registrations
of the year, the models it proposed here that wait for a decision (and those late,
past the recognition deadline of their year, whatever the year), the models this
office recognised, and the decisions this office issued for it: not sent yet, sent, or
imported by the commune (its receipt came up in its next bundle). Who has sent nothing
this year stands out. The window's screen, `dvk communes`, the printed board and the
Excel sheet all read `board()`.

Counts of models go through app/repositories/figures.py (registered, recognised) and
the recognition workflow (proposed and not decided), as every other figure does; a
commune merged into another counts for its heir.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app import clock
from app.domain.recognition import PROPOSED, DecisionState
from app.i18n import N_, _
from app.repositories import communes as communes_repo
from app.repositories import figures
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.datafile.office_file import OfficeFile
    from app.services.printing import PrintService
    from app.services.recognition import RecognitionService
    from app.services.units import UnitService

# What became of the decisions this office issued for a commune's models.
NONE, NOT_SENT, SENT, IMPORTED = "none", "not_sent", "sent", "imported"
DECISION_STATES = {
    NONE: N_("no decision"),
    NOT_SENT: N_("not sent yet"),
    SENT: N_("sent, not imported yet"),
    IMPORTED: N_("imported by the commune"),
}


@dataclass
class CommuneStatus:
    code: str
    name: str
    via: str  # the office the bundles go to: the commune, or its district (ba cấp)
    via_name: str = ""
    last_seq: int | None = None  # the last bundle received from it
    last_made: str = ""
    last_received: str = ""
    sent_this_year: bool = False
    registered: int = 0  # registrations of the year (figures.REGISTERED)
    pending: int = 0  # proposed here, not decided (every year)
    late: int = 0  # of those, past the recognition deadline of their year
    late_years: list[int] = field(default_factory=list)
    recognised: int = 0  # recognised at this office's level in the year (in force)
    decisions: int = 0  # this office's issued decisions of the year listing its models
    decision_state: str = NONE
    down_seq: int | None = None  # the bundle that carried them (or the last one sent)
    down_sent: str = ""
    acknowledged_seq: int | None = None  # the last of our bundles it has imported

    @property
    def decision_label(self) -> str:
        label = _(DECISION_STATES[self.decision_state])
        if self.decision_state in (SENT, IMPORTED) and self.down_seq:
            label += " " + _("(bundle {seq})").format(seq=self.down_seq)
        return label

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "via": self.via,
                "via_name": self.via_name, "last_bundle": self.last_seq,
                "last_bundle_made": self.last_made, "last_received": self.last_received,
                "sent_this_year": self.sent_this_year, "registered": self.registered,
                "proposed_pending": self.pending, "late": self.late,
                "late_years": self.late_years, "recognised": self.recognised,
                "decisions": self.decisions, "decisions_state": self.decision_state,
                "decisions_label": self.decision_label, "down_bundle": self.down_seq,
                "down_sent": self.down_sent, "acknowledged_bundle": self.acknowledged_seq}


@dataclass
class Board:
    year: int
    office: str
    office_name: str
    level: str
    rows: list[CommuneStatus]

    @property
    def not_sent(self) -> list[CommuneStatus]:
        return [r for r in self.rows if not r.sent_this_year]

    def totals(self) -> dict[str, int]:
        states = Counter(r.decision_state for r in self.rows)
        return {"communes": len(self.rows), "sent": len(self.rows) - len(self.not_sent),
                "not_sent": len(self.not_sent),
                "registered": sum(r.registered for r in self.rows),
                "pending": sum(r.pending for r in self.rows),
                "late": sum(r.late for r in self.rows),
                "recognised": sum(r.recognised for r in self.rows),
                "decisions_not_sent": states[NOT_SENT], "decisions_sent": states[SENT],
                "decisions_imported": states[IMPORTED]}

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year, "office": self.office, "office_name": self.office_name,
                "level": self.level, "totals": self.totals(),
                "communes": [r.as_json() for r in self.rows]}


def headers() -> list[str]:
    """The columns of the board, on screen, on paper and in Excel."""
    return [_("Commune"), _("Code"), _("Last bundle received"), _("Received on"),
            _("Registrations"), _("Proposed, not decided"), _("Late"), _("Recognised"),
            _("Decisions")]


def cells(row: CommuneStatus) -> list[Any]:
    from app.i18n import format_timestamp

    last = _("no. {seq}, made {made}").format(seq=row.last_seq, made=_day(row.last_made)) \
        if row.last_seq else _("none")
    if row.last_seq and not row.sent_this_year:
        last += " " + _("(nothing this year)")
    return [row.name, row.code, last, format_timestamp(row.last_received),
            row.registered, row.pending, row.late, row.recognised, row.decision_label]


def _day(stamp: str) -> str:
    from app.i18n import format_date

    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return stamp or ""
    return format_date(clock.in_vietnam(moment).date() if moment.tzinfo else moment.date())


class CommuneBoardService:
    def __init__(self, file: OfficeFile, *, units: UnitService,
                 recognition: RecognitionService, printing: Callable[[], PrintService]):
        self.file = file
        self.units = units
        self.recognition = recognition
        self._printing = printing

    def board(self, year: int | None = None) -> Board:
        year = year or clock.today().year
        db = self.file.db
        office = self.units.office()
        level = self.recognition.level()
        with storage_errors():
            below = communes_repo.below(db, office.code)
            heirs = self._heirs(office.code)
            rows = {c.code: CommuneStatus(c.code, c.name, via=self._via(c, office.code))
                    for c in below}
            vias = communes_repo.names(db, {r.via for r in rows.values()})
            for row in rows.values():
                row.via_name = vias.get(row.via, row.via)
            self._received(rows, heirs, year)
            scope = figures.scope(db)
            for (unit,), count in figures.count_by(
                    db, scope, figures.REGISTERED, ["r.unit_code"],
                    condition="r.year = ?", params=[year]).items():
                target = rows.get(heirs.get(unit, unit))
                if target:
                    target.registered += count
            for (unit, at), count in figures.count_by(
                    db, scope, figures.RECOGNISED, ["r.unit_code", figures.LEVEL],
                    condition="r.year = ?", params=[year]).items():
                target = rows.get(heirs.get(unit, unit))
                if target and at == level:
                    target.recognised += count
        self._pending(rows, heirs, level)
        with storage_errors():
            self._decisions(rows, heirs, office.code, year)
        return Board(year=year, office=office.code, office_name=office.name, level=level,
                     rows=list(rows.values()))

    # -- the parts of a line -----------------------------------------------------------
    def _heirs(self, office: str) -> dict[str, str]:
        """unit code -> the commune of the board it counts for (a merged commune, and
        what was merged into that, count for the commune that took it over)."""
        area = figures.area_codes(self.file.db, office)
        merged = dict(self.file.db.execute(
            "SELECT code, merged_into FROM units WHERE merged_into IS NOT NULL"
            " AND code IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(area))]).fetchall())
        result = {}
        for code in merged:
            seen, current = {code}, merged[code]
            while current in merged and current not in seen:
                seen.add(current)
                current = merged[current]
            result[code] = current
        return result

    def _via(self, commune: communes_repo.Commune, office: str) -> str:
        """The office below this one that receives bundles for the commune."""
        from app.repositories import unit_tree

        unit = self.units.get(commune.code)
        if unit is not None and unit_tree.relation(
                self.file.db, self.units.profile, self.units.office(),
                unit.code) == unit_tree.CHILD:
            return commune.code
        return commune.parent_code or commune.code

    def _received(self, rows: dict[str, CommuneStatus], heirs: dict[str, str],
                  year: int) -> None:
        for sender, seq, made, applied in self.file.db.execute(
                "SELECT sender, seq, created_at, applied_at FROM inbox ORDER BY created_at"):
            row = rows.get(heirs.get(sender, sender))
            if row is None:
                continue
            row.last_seq, row.last_made, row.last_received = seq, made, applied
            if _year(made) == year:
                row.sent_this_year = True

    def _pending(self, rows: dict[str, CommuneStatus], heirs: dict[str, str],
                 level: str) -> None:
        """Models proposed to this office and not decided yet, every year; late when
        their year's recognition deadline has passed."""
        recognition = self.recognition
        if recognition.levels().index(level) == 0:
            return
        today = clock.today()
        for year in recognition.years():
            deadline = self._deadline(year)
            for model in recognition.models(year, level=level):
                if model.state.stage != PROPOSED or model.state.level != level:
                    continue
                row = rows.get(heirs.get(model.unit_code, model.unit_code))
                if row is None:
                    continue
                row.pending += 1
                if deadline is not None and deadline < today:
                    row.late += 1
                    if year not in row.late_years:
                        row.late_years.append(year)

    def _deadline(self, year: int) -> dt.date | None:
        from app.repositories import calendar as calendar_repo

        with storage_errors():
            found = calendar_repo.campaign_year(self.file.db, year)
        return dt.date.fromisoformat(found["recognition_deadline"]) if found else None

    def _decisions(self, rows: dict[str, CommuneStatus], heirs: dict[str, str],
                   office: str, year: int) -> None:
        """The decisions of the year this office issued that list a commune's models:
        the bundle down that carried them (the first one written after they were
        issued), and whether the commune's receipt covers it."""
        from app.repositories.sync_tables import receipts_from

        db = self.file.db
        latest: dict[str, tuple[int, int]] = {}  # commune -> (decisions, last rev)
        for unit, count, rev in db.execute(
                "SELECT r.unit_code, count(DISTINCT d.id), max(max(d.rev, i.rev))"
                " FROM decisions d JOIN decision_items i ON i.decision_id = d.id"
                " AND i.removed = 0 JOIN registrations r ON r.id = i.registration_id"
                " WHERE d.origin = ? AND d.state = ? AND d.year = ?"
                " GROUP BY r.unit_code", [office, DecisionState.ISSUED, year]):
            code = heirs.get(unit, unit)
            before = latest.get(code, (0, 0))
            latest[code] = (before[0] + count, max(before[1], rev))
        sent: dict[str, list[tuple[int, str, int, str]]] = {}
        for recipient, seq, line, max_rev, created in db.execute(
                "SELECT recipient, seq, line, max_rev, created_at FROM outbox ORDER BY id"):
            sent.setdefault(recipient, []).append((seq, line, max_rev, created))
        receipts = receipts_from(db, office)
        for code, row in rows.items():
            bundles = sent.get(row.via, [])
            acknowledged = [b for b in bundles if self._covered(receipts, code, row.via, b)]
            if acknowledged:
                row.acknowledged_seq = acknowledged[-1][0]
            if bundles:
                row.down_seq, row.down_sent = bundles[-1][0], bundles[-1][3]
            count, rev = latest.get(code, (0, 0))
            row.decisions = count
            if not count:
                row.decision_state = NONE
                continue
            carrier = next((b for b in bundles if b[2] >= rev), None)
            if carrier is None:
                row.decision_state = NOT_SENT
                row.down_seq = None
                continue
            row.down_seq, row.down_sent = carrier[0], carrier[3]
            row.decision_state = IMPORTED if self._covered(receipts, code, row.via, carrier) \
                else SENT

    @staticmethod
    def _covered(receipts, commune: str, via: str, bundle: tuple[int, str, int, str]) -> bool:
        receipt = receipts.get((commune, via, bundle[1]))
        return receipt is not None and receipt.covers(bundle[0])

    # -- papers --------------------------------------------------------------------------
    def document(self, board: Board):
        """The board as a paper (A4, the office's heading), to print or keep."""
        from app.printing.model import Heading, ReportDoc, Section, Signer, TableBlock

        office = self._printing().office()
        table = TableBlock(
            columns=headers(), rows=[[str(v) for v in cells(r)] for r in board.rows],
            widths=[3.0, 1.3, 2.6, 2.0, 1.3, 1.4, 1.0, 1.3, 2.4],
            align=["left", "center", "left", "center", "center", "center", "center",
                   "center", "left"])
        totals = board.totals()
        summary = _(
            "{communes} communes; {sent} sent a bundle in {year}, {not_sent} have not. "
            "Registrations of the year: {registered}. Proposed here and not decided: "
            "{pending}, of them late: {late}. Recognised here: {recognised}. Decisions not "
            "sent yet: {decisions_not_sent}; sent, not imported yet: {decisions_sent}; "
            "imported: {decisions_imported}.").format(year=board.year, **totals)
        missing = [r.name for r in board.not_sent]
        paragraphs = [summary]
        if missing:
            paragraphs.append(_("Not sent in {year}: {names}.").format(
                year=board.year, names=", ".join(missing)))
        return ReportDoc(
            heading=Heading(system=office.system, superior=office.superior,
                            body=office.body, place=office.place, date=clock.today()),
            title=_("THE COMMUNES' STATUS BOARD"),
            subject=_("Campaign year {year}").format(year=board.year),
            sections=[Section(paragraphs=paragraphs, tables=[table])],
            recipients=[], signer=Signer(on_behalf=_("PREPARED BY")))

    def write_excel(self, board: Board, path) -> Any:
        from app.excel.writer import write_table

        return write_table(path, _("Communes {year}").format(year=board.year), headers(),
                           [cells(r) for r in board.rows])


def _year(stamp: str) -> int | None:
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return clock.in_vietnam(moment).year if moment.tzinfo else moment.year
