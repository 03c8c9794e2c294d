"""Self-assessment and scoring: score sheets, council members, the sheet's states,
corrections as new editions, double entry. The standings of a whole year (totals,
ratings, ranks) are read in app/services/standings.py; `ScoringService.standings` and
`list_json` hand them on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core.events import SCORES_CHANGED
from app.domain import limits
from app.domain.accounts import CLERK
from app.domain.privacy import log_name
from app.domain.registration import Status
from app.domain.rows import RowRecord
from app.domain.rubrics import TEXT_MAX, Rubric
from app.domain.scoring import (
    APPROVE,
    DRAFT,
    LOCK,
    LOCKED,
    RETURN,
    SUBMIT,
    Difference,
    ScoreError,
    compare_keyings,
    council_editable,
    council_total_label,
    format_score,
    parse_score,
    parse_verdict,
    rating_label,
    refusal,
    self_refusal,
    state_label,
    to_points,
    transition,
)
from app.domain.sheets import (
    EVIDENCE,
    MEMBER_PREFIX,
    REMARKS,
    SELF,
    VERDICT,
    Line,
    Member,
    Sheet,
    SheetFilter,
    cell_key,
    member_column,
)
from app.domain.text import clean, clean_multiline
from app.domain.units import LEVELS
from app.errors import DvkError, NotFoundError, ValidationError
from app.i18n import _
from app.repositories import rubrics as rubrics_repo
from app.repositories import scoring as repo
from app.repositories.storage import storage_errors
from app.services.standings import Standing, read_standings, standing_json

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.registrations import RegistrationService
    from app.services.rubrics import RubricService
    from app.services.units import UnitService

MEMBER_NAME_MAX = limits.PERSON_NAME


@dataclass(frozen=True)
class CellChange:
    """One cell typed on a sheet: `column` is SELF, VERDICT, REMARKS, EVIDENCE or
    `member_column(member_id)`; `text` is exactly what was typed."""

    item_id: str
    column: str
    text: str


@dataclass(frozen=True)
class Edition(RowRecord):
    """One edition of the sheet of a model at a level (`ScoringService.editions`): its
    id, number, state and the reason it corrects the one before ('' for the first)."""
    id: str
    edition: int
    state: str
    correction_reason: str


@dataclass(frozen=True)
class SelfSource:
    """Where a sheet's self column came from (`ScoringService.self_source`): the sheet,
    its level, the office that made it (code and name) and when it was approved or
    locked. `found` False: that sheet is not in this data file (level, office and name
    are empty). `as_json` is `self_from` in `dvk scores show --json`, in its two orders."""
    sheet_id: str
    level: str
    office: str
    office_name: str
    approved_on: str | None
    found: bool = True

    def as_json(self) -> dict[str, Any]:
        if not self.found:
            return {"sheet_id": self.sheet_id, "level": self.level, "office": self.office,
                    "office_name": self.office_name, "approved_on": self.approved_on}
        return {"sheet_id": self.sheet_id, "level": self.level, "office": self.office,
                "approved_on": self.approved_on, "office_name": self.office_name}


class ScoringService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService, units: UnitService,
                 registrations: RegistrationService, rubrics: RubricService):
        self.file = file
        self.accounts = accounts
        self.units = units
        self.registrations = registrations
        self.rubrics = rubrics

    # -- reading --------------------------------------------------------------------
    def default_level(self) -> str:
        """A commune office scores grassroots models; other offices their own level."""
        level = self.units.office().level
        return "coso" if level == "xa" else level

    def resolve(self, key: str) -> str:
        """A sheet id from its first characters, as the list prints them."""
        with storage_errors():
            found = repo.find_ids(self.file.db, key.strip())
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(_("No score sheet has the id {id}.").format(id=key))
        raise DvkError(_("Several score sheets start with {id}; give more characters.")
                       .format(id=key))

    def sheet(self, sheet_id: str) -> Sheet:
        db = self.file.db
        with storage_errors():
            record = repo.get_sheet(db, sheet_id)
            if record is None:
                raise NotFoundError(_("No score sheet has the id {id}.").format(id=sheet_id))
            rubric = rubrics_repo.get(db, record["rubric_id"])
            lines = repo.lines(db, sheet_id)
            member_rows = repo.members(db, sheet_id)
            scores = repo.council_scores(db, sheet_id)
            later = db.execute("SELECT id FROM score_sheets WHERE supersedes_id = ?",
                               [sheet_id]).fetchone()
            newer_rubric = rubrics_repo.newer_edition(db, rubric.id)
        members = {m["id"]: Member(m["id"], m["position"], m["name"], m["role"])
                   for m in member_rows}
        for score in scores:
            member = members.get(score["member_id"])
            if member is not None:
                member.scores[score["item_id"]] = score["tenths"]
        return Sheet(
            id=record["id"], registration_id=record["registration_id"], year=record["year"],
            level=record["level"], state=record["state"], rubric=rubric,
            model_name=record["model_name"], registrant=record["registrant"],
            field=record["field"], subject=record["subject"], edition=record["edition"],
            return_reason=record["return_reason"], supersedes_id=record["supersedes_id"],
            correction_reason=record["correction_reason"], check_of=record["check_of"],
            keyed_by=record["keyed_by"], remarks=record["remarks"],
            submitted_on=record["submitted_on"], approved_on=record["approved_on"],
            locked_on=record["locked_on"], version=record["version"], origin=record["origin"],
            superseded_by=later[0] if later else None, newer_rubric_id=newer_rubric,
            self_from=record.get("self_from") or "",
            lines={row["item_id"]: Line(row["item_id"], row["self_tenths"],
                                        None if row["passed"] is None else bool(row["passed"]),
                                        row["remarks"], row["evidence"]) for row in lines},
            members=sorted(members.values(), key=lambda m: m.position),
        )

    def sheet_for(self, registration_id: str, level: str) -> str | None:
        with storage_errors():
            return repo.current_sheet_id(self.file.db, registration_id, level)

    def editions(self, sheet_id: str) -> list[Edition]:
        sheet = self.sheet(sheet_id)
        with storage_errors():
            return [Edition.from_row(row) for row in
                    repo.editions(self.file.db, sheet.registration_id, sheet.level)]

    def check_sheet(self, sheet_id: str) -> str | None:
        with storage_errors():
            return repo.check_sheet_id(self.file.db, sheet_id)

    def years(self) -> list[int]:
        with storage_errors():
            return repo.years(self.file.db)

    # -- a new sheet ----------------------------------------------------------------
    def create(self, registration_id: str, level: str | None = None) -> str:
        """A draft sheet for a model at a level, on the rubric that applies to its year,
        level and subject; it starts with the council members of the office's latest
        sheet of the same year and level."""
        self.accounts.require(CLERK)
        registration = self.registrations.get(registration_id)
        level = level or self.default_level()
        if level not in LEVELS:
            raise ValidationError({"level": _("Choose a level: coso, xa, huyen or tinh.")})
        if registration.status == Status.WITHDRAWN:
            raise DvkError(_("This registration was withdrawn; it cannot be scored."))
        existing = self.sheet_for(registration_id, level)
        if existing:
            raise DvkError(_("This model already has a score sheet at this level ({id}); "
                             "open that one.").format(id=existing[:8]))
        year, subject = registration.year, registration.subject
        rubric = self.rubrics.applicable(year, level, subject)
        if rubric is None:
            raise DvkError(_("No rubric applies to {year}; choose one under Rubrics.").format(
                year=year))
        with self.file.transaction():
            self.rubrics.pin(year, level, subject, rubric)
            sheet_id = repo.insert_sheet(self.file.writer(), {
                "registration_id": registration_id, "year": year, "level": level,
                "rubric_id": rubric.id, "state": DRAFT,
            }, [item.id for item in rubric.items], detail=log_name(
                registration.name, registration.subject, registration.registrant))
            self._copy_recent_members(sheet_id, year, level)
            self._carry_self(sheet_id, registration_id, level, rubric)
        self.file.events.emit(SCORES_CHANGED, id=sheet_id)
        return sheet_id

    def _carry_self(self, sheet_id: str, registration_id: str, level: str,
                    rubric: Rubric) -> int:
        """The self-assessment travels: a sheet above the commune starts with the self
        scores (and the prerequisites' verdicts) of the model's approved sheet of the
        level below, criterion by criterion (the same criterion of the same rubric, or
        one with the same code and maximum on another rubric); the sheet records where
        they came from. The council changes them like any typed score until it approves.
        Returns how many cells were carried."""
        db = self.file.db
        source = repo.approved_below(db, registration_id, level)
        if source is None:
            return 0
        theirs = rubrics_repo.get(db, source["rubric_id"])
        lines = {row["item_id"]: row for row in repo.lines(db, source["id"])}
        by_code = {(item.kind, item.code): item for item in theirs.items}
        writer = self.file.writer()
        carried = 0
        for item in rubric.items:
            match = theirs.item(item.id) or by_code.get((item.kind, item.code))
            if match is None or match.kind != item.kind or (
                    item.kind == "tieu_chi" and match.max_tenths != item.max_tenths):
                continue
            line = lines.get(match.id)
            if line is None:
                continue
            if item.kind == "tieu_chi" and line["self_tenths"] is not None:
                repo.update_line(writer, sheet_id, item.id,
                                 {"self_tenths": line["self_tenths"]})
                carried += 1
            elif item.kind != "tieu_chi" and line["passed"] is not None:
                repo.update_line(writer, sheet_id, item.id, {"passed": line["passed"]})
                carried += 1
        if carried:
            repo.update_sheet(writer, sheet_id, {"self_from": source["id"]},
                              detail=f"self scores from {source['id']} ({carried} cells)")
        return carried

    def self_source(self, sheet: Sheet) -> SelfSource | None:
        """Where a sheet's self column came from: the office and level of that sheet and
        when it was approved (None: typed here)."""
        if not sheet.self_from:
            return None
        with storage_errors():
            row = self.file.db.execute(
                "SELECT s.level, s.origin, coalesce(s.approved_on, s.locked_on),"
                " coalesce(u.name, s.origin) FROM score_sheets s LEFT JOIN units u"
                " ON u.code = s.origin WHERE s.id = ?", [sheet.self_from]).fetchone()
        if row is None:
            return SelfSource(sheet.self_from, level="", office="", office_name="",
                              approved_on=None, found=False)
        return SelfSource(sheet.self_from, level=row[0], office=row[1], office_name=row[3],
                          approved_on=row[2])

    def _copy_recent_members(self, sheet_id: str, year: int, level: str) -> None:
        row = self.file.db.execute(
            "SELECT s.id FROM score_sheets s WHERE s.year = ? AND s.level = ? AND s.id <> ?"
            " AND s.check_of IS NULL AND EXISTS (SELECT 1 FROM council_members m"
            " WHERE m.sheet_id = s.id AND m.removed = 0) ORDER BY s.created_at DESC LIMIT 1",
            [year, level, sheet_id]).fetchone()
        if row:
            writer = self.file.writer()
            for member in repo.members(self.file.db, row[0]):
                repo.add_member(writer, sheet_id, member["name"], member["role"])

    # -- typing scores --------------------------------------------------------------
    def check_changes(self, sheet: Sheet, changes: Iterable[CellChange]
                      ) -> tuple[list[tuple[CellChange, Any]], dict[str, str]]:
        """Every change parsed (tenths, verdict or text) and every problem, keyed by
        cell (see `cell_key`); nothing is written."""
        parsed: list[tuple[CellChange, Any]] = []
        errors: dict[str, str] = {}
        members = {m.id for m in sheet.members}
        not_current = None if sheet.is_current else _(
            "This is an old edition of the sheet; it stays as it was. Open the current "
            "edition to make changes.")
        for change in changes:
            key = cell_key(change.column, change.item_id)
            item = sheet.rubric.item(change.item_id)
            try:
                if item is None:
                    raise ScoreError(_(
                        "This criterion is not part of the sheet's rubric (the rubric was "
                        "changed after this sheet was made); reopen the sheet."))
                problem = not_current or (self_refusal(sheet.state) if change.column == SELF
                                          else None if council_editable(sheet.state)
                                          else refusal(sheet.state))
                if problem:
                    raise ScoreError(problem)
                parsed.append((change, self._parse(item, change, members)))
            except ScoreError as error:
                errors[key] = _("{cell}: {problem}").format(
                    cell=self._cell_label(sheet, item, change.column), problem=error)
        return parsed, errors

    @staticmethod
    def _cell_label(sheet: Sheet, item, column: str) -> str:
        code = item.code if item is not None else "?"
        if item is not None and item.kind == "dieu_kien":
            return _("Prerequisite {code}").format(code=code)
        if column.startswith(MEMBER_PREFIX):
            member = next((m for m in sheet.members
                           if m.id == column[len(MEMBER_PREFIX):]), None)
            who = member.label() if member else _("council")
        else:
            who = {SELF: _("self score"), REMARKS: _("remarks"),
                   EVIDENCE: _("evidence")}.get(column, column)
        return _("Criterion {code} ({column})").format(code=code, column=who)

    @staticmethod
    def _parse(item, change: CellChange, members: set[str]) -> Any:
        column = change.column
        if column == SELF or column.startswith(MEMBER_PREFIX):
            if column.startswith(MEMBER_PREFIX) and column[len(MEMBER_PREFIX):] not in members:
                raise ScoreError(_("This council member is no longer on the sheet."))
            if item.kind != "tieu_chi":
                raise ScoreError(_("A prerequisite is passed or not passed, not scored."))
            return parse_score(change.text, item.max_tenths)
        if column == VERDICT:
            if item.kind != "dieu_kien":
                raise ScoreError(_("Only prerequisites are passed or not passed."))
            return parse_verdict(change.text)
        if column in (REMARKS, EVIDENCE):
            text = clean_multiline(change.text)
            if len(text) > TEXT_MAX:
                raise ScoreError(_("Too long: at most {limit} characters.").format(
                    limit=TEXT_MAX))
            return text
        raise ScoreError(_("Unknown column {column}.").format(column=column))

    def save(self, sheet_id: str, changes: Iterable[CellChange], *,
             remarks: str | None = None, expected_version: int | None = None) -> None:
        """Validate every change and write them all in one transaction, or nothing."""
        self.accounts.require(CLERK)
        sheet = self.sheet(sheet_id)
        parsed, errors = self.check_changes(sheet, list(changes))
        if remarks is not None:
            if not council_editable(sheet.state) or not sheet.is_current:
                errors["remarks"] = refusal(sheet.state) or _("This sheet cannot change.")
            elif len(clean_multiline(remarks)) > TEXT_MAX:
                errors["remarks"] = _("Too long: at most {limit} characters.").format(
                    limit=TEXT_MAX)
        if errors:
            raise ValidationError(errors, _("Not saved: {problems}").format(
                problems="; ".join(dict.fromkeys(errors.values()))))
        if expected_version is not None and sheet.version != expected_version:
            raise DvkError(_("Someone changed this sheet after you opened it. Your typing "
                             "is still on the screen: reopen the sheet and type it again."))
        with self.file.transaction():
            writer = self.file.writer()
            lines: dict[str, dict[str, Any]] = defaultdict(dict)
            for change, value in parsed:
                if change.column.startswith(MEMBER_PREFIX):
                    repo.set_council_score(writer, sheet_id, change.column[len(MEMBER_PREFIX):],
                                           change.item_id, {"tenths": value})
                else:
                    column = "self_tenths" if change.column == SELF else change.column
                    if column == VERDICT and value is not None:
                        value = int(value)
                    lines[change.item_id][column] = value
            for item_id, values in lines.items():
                repo.update_line(writer, sheet_id, item_id, values)
            if remarks is not None:
                repo.update_sheet(writer, sheet_id, {"remarks": clean_multiline(remarks)})
            if parsed or remarks is not None:
                repo.touch_sheet(writer, sheet_id, self._describe(sheet, parsed, remarks))
        self.file.events.emit(SCORES_CHANGED, id=sheet_id)

    @staticmethod
    def _describe(sheet: Sheet, parsed: list[tuple[CellChange, Any]],
                  remarks: str | None) -> str:
        """What a save changed, for the audit log: "1 self=8,5; 2 Nguyễn Văn An=9"."""
        names = {member_column(m.id): m.label() for m in sheet.members}
        parts = []
        for change, value in parsed:
            item = sheet.rubric.item(change.item_id)
            shown = format_score(value) if isinstance(value, int) and not isinstance(
                value, bool) else value
            parts.append(f"{item.code} {names.get(change.column, change.column)}={shown}")
        if remarks is not None:
            parts.append("remarks")
        return "; ".join(parts)[:2000]

    # -- council members ------------------------------------------------------------
    def _editable_for_council(self, sheet: Sheet) -> None:
        if not sheet.is_current:
            raise DvkError(_("This is an old edition of the sheet; it stays as it was."))
        problem = refusal(sheet.state)
        if problem:
            raise DvkError(problem)

    def add_member(self, sheet_id: str, name: str, role: str = "") -> str:
        self.accounts.require(CLERK)
        sheet = self.sheet(sheet_id)
        self._editable_for_council(sheet)
        name, role = clean(name), clean(role)
        if not name:
            raise ValidationError({"member": _("Enter the member's name.")})
        if len(name) > MEMBER_NAME_MAX or len(role) > MEMBER_NAME_MAX:
            raise ValidationError({"member": _("Too long: at most {limit} characters.").format(
                limit=MEMBER_NAME_MAX)})
        with self.file.transaction():
            writer = self.file.writer()
            member_id = repo.add_member(writer, sheet_id, name, role)
            repo.touch_sheet(writer, sheet_id, f"+ {name}")
        self.file.events.emit(SCORES_CHANGED, id=sheet_id)
        return member_id

    def member_by_name(self, sheet_id: str, name: str) -> str | None:
        from app.domain.text import same_name

        sheet = self.sheet(sheet_id)
        return next((m.id for m in sheet.members if same_name(m.name, name)), None)

    def remove_member(self, sheet_id: str, member_id: str) -> None:
        """The member's column leaves the sheet; the rows are kept, marked removed."""
        self.accounts.require(CLERK)
        sheet = self.sheet(sheet_id)
        self._editable_for_council(sheet)
        if member_id not in {m.id for m in sheet.members}:
            raise NotFoundError(_("This council member is no longer on the sheet."))
        with self.file.transaction():
            writer = self.file.writer()
            repo.update_member(writer, member_id, {"removed": 1})
            repo.touch_sheet(writer, sheet_id, f"- {member_id}")
        self.file.events.emit(SCORES_CHANGED, id=sheet_id)

    # -- states ---------------------------------------------------------------------
    def _primary(self, sheet_id: str) -> Sheet:
        sheet = self.sheet(sheet_id)
        if sheet.check_of:
            raise DvkError(_("This is the second keying of a paper sheet; it is only "
                             "compared, never submitted or approved on its own."))
        if not sheet.is_current:
            raise DvkError(_("This is an old edition of the sheet; it stays as it was."))
        return sheet

    def _move(self, sheet: Sheet, action: str) -> str:
        try:
            return transition(sheet.state, action)
        except ScoreError as error:
            raise DvkError(str(error)) from None

    def _set_state(self, sheet: Sheet, changes: dict[str, Any], action: str,
                   detail: str = "") -> None:
        with self.file.transaction():
            repo.update_sheet(self.file.writer(), sheet.id, changes, action=action,
                              detail=detail or changes.get("state", ""))
        self.file.events.emit(SCORES_CHANGED, id=sheet.id)

    def submit(self, sheet_id: str) -> None:
        """The registrant's self-assessment goes to the appraisal council."""
        self.accounts.require(CLERK)
        sheet = self._primary(sheet_id)
        state = self._move(sheet, SUBMIT)
        missing = sheet.missing_self()
        if missing:
            raise ValidationError(missing, _("Not submitted: {problems}").format(
                problems="; ".join(missing.values())))
        self._set_state(sheet, {"state": state, "submitted_on": repo.today()}, SUBMIT)

    def send_back(self, sheet_id: str, reason: str) -> None:
        """Return a submitted (or approved) sheet, with the reason, for changes."""
        self.accounts.require(CLERK)
        reason = clean_multiline(reason)
        if not reason:
            raise ValidationError({"reason": _("Give the reason for returning the sheet.")})
        if len(reason) > TEXT_MAX:
            raise ValidationError({"reason": _("Too long: at most {limit} characters.").format(
                limit=TEXT_MAX)})
        sheet = self._primary(sheet_id)
        state = self._move(sheet, RETURN)
        self._set_state(sheet, {"state": state, "return_reason": reason,
                                "approved_on": None}, RETURN, reason)

    def approve(self, sheet_id: str) -> None:
        """The council's scores are complete (and, with double entry, both keyings
        agree): the sheet is approved and its rating counts."""
        self.accounts.require(CLERK)
        sheet = self._primary(sheet_id)
        state = self._move(sheet, APPROVE)
        missing = sheet.missing_council()
        if missing:
            raise ValidationError(missing, _("Not approved: {problems}").format(
                problems="; ".join(list(missing.values())[:5])))
        check_id = self.check_sheet(sheet_id)
        if check_id:
            differences = self.differences(sheet_id)
            if differences:
                raise DvkError(_(
                    "Not approved: the second keying differs from the first in {count} "
                    "cell(s), for example criterion {code} ({column}): {first} / {second}. "
                    "Check the paper sheet and correct the wrong keying.").format(
                    count=len(differences), code=differences[0].item_code,
                    column=differences[0].column_label, first=differences[0].first or "-",
                    second=differences[0].second or "-"))
        with self.file.transaction():
            writer = self.file.writer()
            repo.update_sheet(writer, sheet_id, {"state": state, "approved_on": repo.today()},
                              action=APPROVE, detail=state)
            if check_id:
                repo.update_sheet(writer, check_id, {"state": LOCKED,
                                                     "locked_on": repo.today()},
                                  action=LOCK, detail="double entry accepted")
        self.file.events.emit(SCORES_CHANGED, id=sheet_id)

    def lock(self, sheet_id: str) -> None:
        self.accounts.require(CLERK)
        sheet = self._primary(sheet_id)
        state = self._move(sheet, LOCK)
        self._set_state(sheet, {"state": state, "locked_on": repo.today()}, LOCK)

    def correct(self, sheet_id: str, reason: str) -> str:
        """A corrected edition of a locked sheet: a new draft with the same scores; the
        locked edition stays as it was, visible."""
        self.accounts.require(CLERK)
        reason = clean_multiline(reason)
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the correction.")})
        if len(reason) > TEXT_MAX:
            raise ValidationError({"reason": limits.too_long(TEXT_MAX)})
        sheet = self._primary(sheet_id)
        if sheet.state != LOCKED:
            raise DvkError(_("Only a locked sheet is corrected with a new edition; this one "
                             "is {state} and can still be changed (or returned).").format(
                state=state_label(sheet.state).lower()))
        with self.file.transaction():
            new_id = self._copy(sheet, {
                "state": DRAFT, "edition": sheet.edition + 1, "supersedes_id": sheet.id,
                "correction_reason": reason, "remarks": sheet.remarks,
            }, with_scores=True, detail=reason)
        self.file.events.emit(SCORES_CHANGED, id=new_id)
        return new_id

    def _copy(self, sheet: Sheet, values: dict[str, Any], *, with_scores: bool,
              detail: str) -> str:
        writer = self.file.writer()
        new_id = repo.insert_sheet(writer, {
            "registration_id": sheet.registration_id, "year": sheet.year, "level": sheet.level,
            "rubric_id": sheet.rubric.id, **values,
        }, [item.id for item in sheet.rubric.items], detail=detail)
        for member in sheet.members:
            member_id = repo.add_member(writer, new_id, member.name, member.role)
            for item_id, tenths in member.scores.items() if with_scores else ():
                repo.set_council_score(writer, new_id, member_id, item_id, {"tenths": tenths})
        if with_scores:
            for line in sheet.lines.values():
                repo.update_line(writer, new_id, line.item_id, {
                    "self_tenths": line.self_tenths,
                    "passed": None if line.passed is None else int(line.passed),
                    "remarks": line.remarks, "evidence": line.evidence})
        return new_id

    # -- double entry ---------------------------------------------------------------
    def start_check(self, sheet_id: str) -> str:
        """A blank second keying of the same paper sheet (same members), typed by
        another clerk; the sheet cannot be approved until both keyings agree."""
        self.accounts.require(CLERK)
        sheet = self._primary(sheet_id)
        problem = refusal(sheet.state)
        if problem:
            raise DvkError(problem)
        existing = self.check_sheet(sheet_id)
        if existing:
            return existing
        with self.file.transaction():
            check_id = self._copy(sheet, {"state": DRAFT, "check_of": sheet.id,
                                          "keyed_by": self.file.actor},
                                  with_scores=False, detail="double entry")
        self.file.events.emit(SCORES_CHANGED, id=sheet_id)
        return check_id

    def differences(self, sheet_id: str) -> list[Difference]:
        """Every cell where the second keying differs from the sheet."""
        first = self.sheet(sheet_id)
        check_id = self.check_sheet(sheet_id)
        if check_id is None:
            raise DvkError(_("This sheet has no second keying yet."))
        second = self.sheet(check_id)
        cells, first_values = first.keyed_cells()
        more, second_values = second.keyed_cells()
        cells += [cell for cell in more if cell not in first_values]
        labels = {SELF: _("self score"), VERDICT: _("prerequisite")}
        for member in first.members + second.members:
            labels.setdefault(str(member.position), _("member {number}").format(
                number=member.position))
        return compare_keyings(cells, first_values, second_values, labels)

    # -- a whole year ---------------------------------------------------------------
    def standings(self, where: SheetFilter | None = None) -> list[Standing]:
        """Totals, ratings and ranks of every sheet the filter selects
        (app/services/standings.py)."""
        return read_standings(self.file.db, where)

    # -- JSON for the command line ---------------------------------------------------
    def list_json(self, where: SheetFilter | None = None) -> list[dict[str, Any]]:
        return [standing_json(s) for s in self.standings(where)]

    def sheet_json(self, sheet_id: str) -> dict[str, Any]:
        sheet = self.sheet(sheet_id)
        result = sheet.result()
        rubric = sheet.rubric
        source = self.self_source(sheet)
        return {
            "id": sheet.id, "model_id": sheet.registration_id, "model_name": sheet.model_name,
            "registrant": sheet.registrant, "year": sheet.year, "level": sheet.level,
            "field": sheet.field, "state": sheet.state, "state_label": state_label(sheet.state),
            "edition": sheet.edition, "current": sheet.is_current,
            "superseded_by": sheet.superseded_by, "supersedes_id": sheet.supersedes_id,
            "correction_reason": sheet.correction_reason, "check_of": sheet.check_of,
            "return_reason": sheet.return_reason, "remarks": sheet.remarks,
            "submitted_on": sheet.submitted_on, "approved_on": sheet.approved_on,
            "locked_on": sheet.locked_on, "version": sheet.version,
            "self_from": source.as_json() if source else None,
            "rubric": {"id": rubric.id, "family": rubric.family, "edition": rubric.edition,
                       "name": rubric.name, "newer_edition_id": sheet.newer_rubric_id,
                       "council_total": rubric.council_total},
            "council_total_rule": council_total_label(rubric.council_total),
            "total": to_points(result.total), "total_self": to_points(result.total_self),
            "total_council": to_points(result.total_council), "rating": result.rating,
            "rating_label": rating_label(result.rating),
            "prerequisites_failed": result.prerequisites_failed,
            "members": [{"id": m.id, "position": m.position, "name": m.name, "role": m.role}
                        for m in sheet.members],
            "prerequisites": [{"id": p.id, "code": p.code, "text": p.text,
                               "passed": sheet.line(p.id).passed}
                              for p in rubric.prerequisites],
            "criteria": [{
                "id": c.id, "code": c.code, "text": c.text, "max": to_points(c.max_tenths),
                "self": to_points(result.self_scores[c.id]),
                "council": to_points(result.council_scores[c.id]),
                "members": [to_points(m.scores.get(c.id)) for m in sheet.members],
                "remarks": sheet.line(c.id).remarks, "evidence": sheet.line(c.id).evidence,
            } for c in rubric.criteria],
        }
