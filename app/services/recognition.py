"""The recognition workflow of a year: each model's derived state at this office's
level, the steps a council takes (recognise, refuse, send back), the chain of
replications, and the review of a whole period (sơ kết / tổng kết)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app import clock
from app.core.events import RECOGNITION_CHANGED
from app.domain import limits
from app.domain.accounts import CLERK
from app.domain.recognition import (
    PROPOSED,
    REASON_REQUIRED,
    RECOGNISE,
    RECOGNISED,
    REFUSE,
    REFUSED,
    RETURN,
    SCORED,
    SHEET_LEVEL,
    ModelState,
    Step,
    derive_state,
    next_level,
    office_recognition_level,
    recognition_levels,
    step_label,
)
from app.domain.registration import Status
from app.domain.rows import RowRecord
from app.domain.scoring import APPROVED, FAIL, INELIGIBLE, LOCKED, TOP, rating_label, to_points
from app.domain.sheets import SheetFilter
from app.domain.text import clean_multiline
from app.domain.units import level_label
from app.errors import DvkError, NotFoundError, ValidationError
from app.i18n import _
from app.repositories import communes as communes_repo
from app.repositories import figures
from app.repositories import recognition as repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.registrations import RegistrationService
    from app.services.scoring import ScoringService
    from app.services.standings import Standing
    from app.services.units import UnitService

REASON_MAX = limits.REASON


# -- the records `history`, `chain`, `review` and `registered_per_unit` return (issue 21,
# point 3); `as_json` is `dvk recognition history|chain|review --json`, key for key.
@dataclass(frozen=True)
class HistoryStep(RowRecord):
    """One step of a model (`recognition_steps`, STEP_COLUMNS of
    app/repositories/recognition.py, in their order) and the step's label."""

    id: str
    registration_id: str
    year: int
    level: str
    step: str
    to_level: str | None
    proposal_id: str | None
    actor: str
    at: str
    reason: str
    step_no: int
    origin: str
    label: str


@dataclass(frozen=True)
class ChainRecognition(RowRecord):
    """A level a model of the chain was recognised at, and the decision's number."""

    level: str
    number: str | None


@dataclass(frozen=True)
class ChainModel(RowRecord):
    """A model in a chain of replications: how deep under the original, the model it
    replicates, where it was recognised, and whether it is the model asked about."""

    id: str
    name: str
    registrant: str
    year: int
    depth: int
    unit_code: str
    replicates_id: str | None
    recognised: tuple[ChainRecognition, ...]
    this: bool


@dataclass(frozen=True)
class Chain(RowRecord):
    """The chain of replications through a model: the original (`root`), the models the
    one asked about replicates (nearest first) and every model from the root down."""

    root: str
    ancestors: tuple[str, ...]
    models: tuple[ChainModel, ...]


@dataclass(frozen=True)
class UnitFigures(RowRecord):
    """A row per unit of the review and of the report's section III: the unit's name
    (or "registered directly at" its office), its code (None: registered at the office),
    the office it is in, how deep (0: an office, or a sub-unit at a commune) and its
    figures by name (the review: registered, replicated, recognised_any and
    recognised_<level>; section III: the fields "1".."4"). A figure not there is 0."""

    unit: str
    code: str | None
    office: str
    depth: int
    counts: dict[str, int]

    def count(self, name: str) -> int:
        return self.counts.get(name, 0)

    def as_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "code": self.code, "office": self.office,
                "depth": self.depth, **self.counts}


@dataclass(frozen=True)
class ReviewYear(RowRecord):
    """One year of a review: per field ("1".."4") the models registered, the
    replications of recognised models, the models recognised at each level and at any
    level; and the rows per unit."""

    year: int
    registered: dict[str, int]
    replicated: dict[str, int]
    recognised: dict[str, dict[str, int]]
    recognised_any: dict[str, int]
    units: tuple[UnitFigures, ...]


@dataclass(frozen=True)
class ReviewTotals(RowRecord):
    """A review's totals: models registered, replications, distinct models recognised
    (at any level) and the models recognised at each level (never added up)."""

    registered: int
    replicated: int
    recognised: int
    recognised_levels: dict[str, int]


@dataclass(frozen=True)
class Review(RowRecord):
    """The period review (sơ kết / tổng kết) of some years: each year, the office's
    recognition levels, whether the units are grouped by office, and the totals."""

    years: tuple[ReviewYear, ...]
    levels: tuple[str, ...]
    grouped: bool
    totals: ReviewTotals


@dataclass
class ModelRow:
    """One model of a year as the recognition screens show it."""

    id: str
    name: str
    registrant: str
    unit_name: str
    field: int
    subject: str
    kind: str
    year: int
    mode: str
    replicates_id: str | None
    origin: str
    state: ModelState
    standing: Standing | None = None
    steps: list[Step] = field(default_factory=list)
    unit_code: str = ""  # the commune (or office) it was registered at
    commune: str = ""  # that commune's name, as lists above the commune show it

    @property
    def rating(self) -> str | None:
        return self.standing.result.rating if self.standing else None

    @property
    def total(self) -> int | None:
        return self.standing.result.total if self.standing else None


class RecognitionService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService, units: UnitService,
                 registrations: RegistrationService, scoring: ScoringService):
        self.file = file
        self.accounts = accounts
        self.units = units
        self.registrations = registrations
        self.scoring = scoring

    # -- levels ---------------------------------------------------------------------
    @property
    def profile(self) -> str:
        return self.units.profile

    def levels(self) -> list[str]:
        return recognition_levels(self.profile)

    def level(self) -> str:
        """The level at which this office recognises models."""
        office = self.units.office()
        level = office_recognition_level(self.profile, office.level)
        if level is None:
            raise DvkError(_("This office ({level}) does not recognise models in this "
                             "hierarchy profile.").format(level=level_label(office.level)))
        return level

    def next_level(self) -> str | None:
        return next_level(self.profile, self.level())

    def current_year(self) -> int:
        return clock.today().year

    # -- reading --------------------------------------------------------------------
    def models(self, year: int, *, level: str | None = None, everything: bool = False,
               ids: list[str] | None = None) -> list[ModelRow]:
        """The models of a year that reached `level` (default: this office's level):
        at the lowest level every registration of the year, above it the models
        proposed to (or decided at) that level and the models registered here.
        `everything`: every model of the year, whatever its state. `ids`: only these."""
        level = level or self.level()
        profile = self.profile
        levels = recognition_levels(profile)
        if level not in levels:
            raise DvkError(_("The hierarchy profile has no recognition level '{level}'; its "
                             "levels are: {levels}.").format(level=level,
                                                              levels=", ".join(levels)))
        office_code = self.file.office_code
        today = clock.today().isoformat()
        db = self.file.db
        rank = levels.index(level)
        # Above the lowest level only models with a step or a decision can have reached
        # the level (derive_state), so the others are not even read.
        beyond_for = (office_code, levels[0]) if rank > 0 and not everything else None
        with storage_errors():
            records = repo.registrations_of_year(db, year, ids=ids, beyond_for=beyond_for)
            only = [r["id"] for r in records] if ids is not None or beyond_for else None
            steps = repo.steps_by_model(db, year, only)
            sheets = repo.sheet_states(db, year, only)
            decided = repo.decided_by_model(db, year, only)
        standings = {s.registration_id: s for s in self.scoring.standings(
            SheetFilter(year=year, level=SHEET_LEVEL[level]))}
        with storage_errors():
            communes = communes_repo.of_units(db, {r["unit_code"] for r in records})
        rows = []
        for record in records:
            state = derive_state(
                profile=profile, withdrawn=record["status"] == Status.WITHDRAWN,
                started=not record["start_date"] or record["start_date"] <= today,
                sheets=sheets.get(record["id"], {}), steps=steps.get(record["id"], []),
                decided=decided.get(record["id"], {}))
            if not everything:
                if state.stage == "withdrawn":
                    continue
                reached = state.level in levels and levels.index(state.level) >= rank
                if rank > 0 and not reached and record["unit_code"] != office_code:
                    continue
            rows.append(ModelRow(
                id=record["id"], name=record["name"], registrant=record["registrant"],
                unit_name=record["unit_name"], field=record["field"],
                subject=record["subject"], kind=record["kind"], year=record["year"],
                mode=record["mode"], replicates_id=record["replicates_id"],
                origin=record["origin"], state=state, standing=standings.get(record["id"]),
                steps=steps.get(record["id"], []), unit_code=record["unit_code"],
                commune=communes[record["unit_code"]].name
                if record["unit_code"] in communes else ""))
        return rows

    def model(self, registration_id: str, level: str | None = None) -> ModelRow:
        record = self.registrations.get(registration_id)
        for row in self.models(record.year, level=level, everything=True,
                               ids=[registration_id]):
            if row.id == registration_id:
                return row
        raise NotFoundError(_("No registration has the id {id}.").format(id=registration_id))

    def years(self) -> list[int]:
        with storage_errors():
            # One index probe per year (a loose index scan), not a walk over every row.
            return [row[0] for row in self.file.db.execute(
                "WITH RECURSIVE y(year) AS (SELECT max(year) FROM registrations UNION ALL"
                " SELECT (SELECT max(year) FROM registrations WHERE year < y.year) FROM y"
                " WHERE y.year IS NOT NULL) SELECT year FROM y WHERE year IS NOT NULL")]

    def history(self, registration_id: str) -> list[HistoryStep]:
        """Every step of a model, oldest first: who, when, at which level and why."""
        self.registrations.get(registration_id)
        with storage_errors():
            rows = repo.step_rows(self.file.db, registration_id)
        return [HistoryStep.from_row({**row, "label": step_label(row["step"])})
                for row in rows]

    # -- steps ----------------------------------------------------------------------
    def _reason(self, reason: str | None, step: str) -> str:
        text = clean_multiline(reason or "")
        if step in REASON_REQUIRED and not text:
            message = _("Give the reason the model is not recognised.") if step == REFUSE \
                else _("Give the reason for sending the model back.")
            raise ValidationError({"reason": message})
        if len(text) > REASON_MAX:
            raise ValidationError({"reason": _("Too long: at most {limit} characters.").format(
                limit=REASON_MAX)})
        return text

    def _own_level(self, level: str | None) -> str:
        own = self.level()
        if level is not None and level != own:
            raise DvkError(_(
                "This office decides at level '{own}', not at '{level}': each level's "
                "council decides on its own models.").format(own=level_label(own),
                                                            level=level_label(level)))
        return own

    def _write(self, row: ModelRow, level: str, step: str, reason: str,
               to_level: str | None = None, proposal_id: str | None = None) -> str:
        with self.file.transaction():
            step_id = repo.add_step(self.file.writer(), {
                "registration_id": row.id, "year": row.year, "level": level, "step": step,
                "to_level": to_level, "proposal_id": proposal_id, "actor": self.file.actor,
                "at": clock.stamp(), "reason": reason,
            }, detail=f"{step} {level}: {reason}"[:500])
        self.file.events.emit(RECOGNITION_CHANGED, id=row.id)
        return step_id

    def recognise(self, registration_id: str, note: str = "", level: str | None = None) -> str:
        """The council recognises the model at this office's level. Needs an approved
        (or locked) score sheet at the level that does not fail."""
        self.accounts.require(CLERK)
        level = self._own_level(level)
        note = self._reason(note, RECOGNISE)
        row = self.model(registration_id, level)
        self._may_recognise(row, level)
        return self._write(row, level, RECOGNISE, note)

    def recognise_many(self, registration_ids: list[str], note: str = "",
                       level: str | None = None) -> tuple[list[str], dict[str, str]]:
        """Recognise several models at once (the council's list of the day): each is
        checked as `recognise` checks it; those that may be recognised are written in
        one transaction, the others are left as they are, each with the reason.
        Returns (ids recognised, {id: why not})."""
        level = self._own_level(level)
        note = self._reason(note, RECOGNISE)
        ids = list(dict.fromkeys(registration_ids))
        with storage_errors():
            years = dict(self.file.db.execute(
                "SELECT id, year FROM registrations WHERE id IN (SELECT value FROM"
                " json_each(?))", [json.dumps(ids)]).fetchall())
        rows: dict[str, ModelRow] = {}
        for year in sorted(set(years.values())):
            for row in self.models(year, level=level, everything=True,
                                   ids=[i for i in ids if years.get(i) == year]):
                rows[row.id] = row
        chosen, refused = [], {}
        for registration_id in ids:
            row = rows.get(registration_id)
            if row is None:
                refused[registration_id] = _("No registration has the id {id}.").format(
                    id=registration_id)
                continue
            try:
                self._may_recognise(row, level)
            except DvkError as error:
                refused[registration_id] = error.message
                continue
            chosen.append(row)
        if chosen:
            with self.file.transaction():
                writer = self.file.writer()
                for row in chosen:
                    repo.add_step(writer, {
                        "registration_id": row.id, "year": row.year, "level": level,
                        "step": RECOGNISE, "to_level": None, "proposal_id": None,
                        "actor": self.file.actor, "at": clock.stamp(), "reason": note,
                    }, detail=f"{RECOGNISE} {level}: {note}"[:500])
            self.file.events.emit(RECOGNITION_CHANGED, ids=[row.id for row in chosen])
        return [row.id for row in chosen], refused

    def _may_recognise(self, row: ModelRow, level: str) -> None:
        """Why the council cannot recognise the model at `level` now (a DvkError)."""
        self._reached(row, level)
        if row.state.stage == "withdrawn":
            raise DvkError(_("This registration was withdrawn; it cannot be recognised."))
        if row.state.level == level and row.state.stage == RECOGNISED:
            raise DvkError(_("This model is already recognised at this level."))
        sheet_level = SHEET_LEVEL[level]
        if row.standing is None or row.standing.state not in (APPROVED, LOCKED):
            raise DvkError(_(
                "This model has no approved score sheet at level '{level}' ({state}). The "
                "council scores it and approves the sheet first (Scoring).").format(
                level=level_label(sheet_level),
                state=row.standing and _("the sheet is not approved yet") or
                _("no sheet yet")))
        if row.rating in (FAIL, INELIGIBLE):
            raise DvkError(_(
                "This model is rated '{rating}' and cannot be recognised; record that it is "
                "not recognised, with the reason.").format(rating=rating_label(row.rating)))

    def refuse(self, registration_id: str, reason: str, level: str | None = None) -> str:
        """Not recognised at this level, with the reason."""
        self.accounts.require(CLERK)
        level = self._own_level(level)
        reason = self._reason(reason, REFUSE)
        row = self.model(registration_id, level)
        self._reached(row, level)
        self._not_decided(row, level)
        if row.state.level == level and row.state.stage == REFUSED:
            raise DvkError(_("This model is already recorded as not recognised at this "
                             "level."))
        return self._write(row, level, REFUSE, reason)

    def send_back(self, registration_id: str, reason: str, level: str | None = None) -> str:
        """Send the model back with the reason: this level's verdict is void, and a
        model proposed from below goes back to the office that proposed it."""
        self.accounts.require(CLERK)
        level = self._own_level(level)
        reason = self._reason(reason, RETURN)
        row = self.model(registration_id, level)
        self._reached(row, level)
        self._not_decided(row, level)
        if row.state.proposed_to and row.state.proposed_to != level and \
                row.state.level == level and row.state.stage in (RECOGNISED, PROPOSED):
            raise DvkError(_("This model has already been proposed to the level above; "
                             "only that level can send it back."))
        has_step = any(s.level == level for s in row.steps) or (
            row.state.stage == PROPOSED and row.state.level == level)
        if not has_step:
            raise DvkError(_("Nothing has been decided on this model at this level yet, so "
                             "there is nothing to send back."))
        return self._write(row, level, RETURN, reason)

    def _reached(self, row: ModelRow, level: str) -> None:
        levels = self.levels()
        if levels.index(level) == 0:
            return
        state = row.state
        if state.level is None or state.level not in levels or \
                levels.index(state.level) < levels.index(level):
            raise DvkError(_(
                "This model has not been proposed to level '{level}'; only the models the "
                "level below proposed (or registered here) are decided here.").format(
                level=level_label(level)))

    def _not_decided(self, row: ModelRow, level: str) -> None:
        decided = row.state.recognised.get(level)
        if decided is not None:
            raise DvkError(_(
                "The model is listed in decision {number}, which was issued and cannot "
                "change. Make a correcting decision instead (Decisions > Correct).").format(
                number=decided.number))

    # -- replication ----------------------------------------------------------------
    def chain(self, registration_id: str) -> Chain:
        """The chain of replications through a model, from either end: the models it
        replicates (back to the original) and every model that replicates it, with the
        levels each was recognised at."""
        db = self.file.db
        self.registrations.get(registration_id)
        with storage_errors():
            up: list[str] = []
            current = registration_id
            while True:
                row = db.execute("SELECT replicates_id FROM registrations WHERE id = ?",
                                 [current]).fetchone()
                if row is None or not row[0] or row[0] in up or row[0] == registration_id:
                    break
                up.append(row[0])
                current = row[0]
            root = up[-1] if up else registration_id
            down = list(db.execute(
                "WITH RECURSIVE tree(id, depth) AS (SELECT ?, 0 UNION SELECT r.id,"
                " tree.depth + 1 FROM registrations r JOIN tree ON r.replicates_id = tree.id"
                " WHERE tree.depth < 50) SELECT id, depth FROM tree", [root]))
            decided = repo.decided_by_model(db)
        nodes = []
        for model_id, depth in down:
            record = self.registrations.get(model_id)
            nodes.append(ChainModel(
                id=model_id, name=record.name, registrant=record.registrant,
                year=record.year, depth=depth, unit_code=record.unit_code,
                replicates_id=record.replicates_id,
                recognised=tuple(ChainRecognition(d.level, d.number)
                                 for d in decided.get(model_id, {}).values()),
                this=model_id == registration_id,
            ))
        return Chain(root=root, ancestors=tuple(up), models=tuple(nodes))

    # -- review of a period -----------------------------------------------------------
    def review(self, years: list[int]) -> Review:
        """The period review (sơ kết / tổng kết) of the office's area, per year: per
        field the models registered, the replications of recognised models, the models
        recognised at each level and at any level; and the same per unit (at a commune
        its sub-units; above it each commune - or office - with its sub-units within
        it). Every figure is defined in app/repositories/figures.py; levels are never
        added together: "recognised" in the totals is distinct models."""
        db = self.file.db
        years = sorted(set(years))
        with storage_errors():
            scope = figures.scope(db)
            condition = "r.year IN (SELECT value FROM json_each(?))"
            params = [json.dumps(years)]

            def count(measure, keys):
                return figures.count_by(db, scope, measure, keys, condition=condition,
                                        params=params)

            per_field = ["r.year", "r.field"]
            per_unit = ["r.year", "r.unit_code", "r.subunit_code"]
            registered = count(figures.REGISTERED, per_field)
            replicated = count(figures.REPLICATED, per_field)
            recognised = count(figures.RECOGNISED, [*per_field, figures.LEVEL])
            recognised_any = count(figures.RECOGNISED, per_field)
            unit_counts = {
                "registered": count(figures.REGISTERED, per_unit),
                "replicated": count(figures.REPLICATED, per_unit),
                "recognised_any": count(figures.RECOGNISED, per_unit),
            }
            for (year, unit, subunit, level), number in count(
                    figures.RECOGNISED, [*per_unit, figures.LEVEL]).items():
                unit_counts.setdefault(f"recognised_{level}", {})[
                    (year, unit, subunit)] = number
            grouped = len(figures.area_codes(db, scope.office)) > 1
            names = self._unit_names({code for counts in unit_counts.values()
                                      for key in counts for code in key[1:] if code})
        levels = self.levels()
        result = []
        for year in sorted({key[0] for key in registered} | {key[0] for key in recognised}
                           | {key[0] for key in replicated}):
            fields = [str(f) for f in range(1, 5)]
            result.append(ReviewYear(
                year=year,
                registered={f: registered.get((year, int(f)), 0) for f in fields},
                replicated={f: replicated.get((year, int(f)), 0) for f in fields},
                recognised={level: {f: recognised.get((year, int(f), level), 0)
                                    for f in fields} for level in levels},
                recognised_any={f: recognised_any.get((year, int(f)), 0) for f in fields},
                units=tuple(self._unit_rows({year}, unit_counts, names, grouped)),
            ))
        totals = ReviewTotals(
            registered=sum(sum(e.registered.values()) for e in result),
            replicated=sum(sum(e.replicated.values()) for e in result),
            recognised=sum(sum(e.recognised_any.values()) for e in result),
            recognised_levels={level: sum(sum(e.recognised[level].values())
                                          for e in result) for level in levels},
        )
        return Review(years=tuple(result), levels=tuple(levels), grouped=grouped,
                      totals=totals)

    def registered_per_unit(self, years: int | list[int]) -> list[UnitFigures]:
        """Section III of the report: the models registered in a year (or in the years
        of a period's review, added up) per unit and field (keys "1".."4"), in the rows
        of the review (`_unit_rows`)."""
        wanted = [years] if isinstance(years, int) else sorted(set(years))
        db = self.file.db
        with storage_errors():
            scope = figures.scope(db)
            counts = {str(code): figures.count_by(
                db, scope, figures.REGISTERED, ["r.year", "r.unit_code", "r.subunit_code"],
                condition="r.year IN (SELECT value FROM json_each(?)) AND r.field = ?",
                params=[json.dumps(wanted), code])
                for code in range(1, 5)}
            grouped = len(figures.area_codes(db, scope.office)) > 1
            names = self._unit_names({code for values in counts.values()
                                      for key in values for code in key[1:] if code})
        return self._unit_rows(set(wanted), counts, names, grouped)

    def _unit_names(self, codes: set[str]) -> dict[str, str]:
        if not codes:
            return {}
        return dict(self.file.db.execute(
            "SELECT code, name FROM units WHERE code IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(codes))]).fetchall())

    @staticmethod
    def _unit_rows(years: set[int], unit_counts: dict[str, dict[tuple, int]],
                   names: dict[str, str], grouped: bool) -> list[UnitFigures]:
        """The review's rows per unit: at a commune its sub-units; above it (or at a
        commune that absorbed another) each office - a commune, or the district or
        province itself - followed by its sub-units (depth 1). Rows are keyed by code,
        never by name: two communes' "Thôn Đông" are two rows."""
        from app.domain.text import fold

        by_subunit: dict[tuple, dict[str, int]] = {}
        by_office: dict[str, dict[str, int]] = {}
        for name, counts in unit_counts.items():
            for (key_year, unit, sub), number in counts.items():
                if key_year not in years:
                    continue
                row = by_subunit.setdefault((unit, sub), {n: 0 for n in unit_counts})
                row[name] += number
                row = by_office.setdefault(unit, {n: 0 for n in unit_counts})
                row[name] += number
        subunits: dict[str, list[str | None]] = {}
        for unit, sub in by_subunit:
            subunits.setdefault(unit, []).append(sub)

        def name_of(code: str | None) -> str:
            return names.get(code, code) if code else ""

        def sub_rows(office: str, depth: int) -> list[UnitFigures]:
            ordered = sorted(subunits[office], key=lambda c: (c is None, fold(name_of(c))))
            return [UnitFigures(unit=name_of(sub) if sub else _(
                "Registered directly at {office}").format(office=name_of(office)),
                code=sub, office=office, depth=depth, counts=by_subunit[(office, sub)])
                for sub in ordered]

        offices = sorted(by_office, key=lambda c: fold(name_of(c)))
        if not grouped:
            return [row for office in offices for row in sub_rows(office, 0)]
        rows = []
        for office in offices:
            rows.append(UnitFigures(unit=name_of(office), code=office, office=office,
                                    depth=0, counts=by_office[office]))
            rows.extend(sub_rows(office, 1))
        return rows

    def _order(self, level: str) -> int:
        levels = self.levels()
        return levels.index(level) if level in levels else len(levels)

    def period_years(self, year: int) -> list[int]:
        """Every year of the campaign period `year` falls in."""
        from app.repositories import calendar

        with storage_errors():
            period = calendar.period_for_year(self.file.db, year)
        if period is None:
            return [year]
        return list(range(period["start_year"], period["end_year"] + 1))

    # -- JSON -----------------------------------------------------------------------
    def row_json(self, row: ModelRow) -> dict[str, Any]:
        state = row.state
        return {
            "id": row.id, "name": row.name, "registrant": row.registrant,
            "unit": row.unit_name, "unit_code": row.unit_code, "commune": row.commune,
            "field": row.field, "year": row.year,
            "subject": row.subject, "mode": row.mode, "replicates_id": row.replicates_id,
            "stage": state.stage, "stage_level": state.level, "state_label": state.label(),
            "reason": state.reason, "proposed_to": state.proposed_to,
            "decision": state.decision.number if state.decision else None,
            "recognised": {level: (d.number if d else None)
                           for level, d in state.recognised.items()},
            "sheet_state": row.standing.state if row.standing else None,
            "total": to_points(row.total), "rating": row.rating,
            "rating_label": rating_label(row.rating),
        }

    def eligible(self, rows: list[ModelRow], level: str) -> list[ModelRow]:
        """Models recognised at `level` and not proposed further yet."""
        return [r for r in rows if r.state.stage == RECOGNISED and r.state.level == level
                and not r.state.proposed_to]

    @staticmethod
    def is_top(row: ModelRow) -> bool:
        return row.rating == TOP

    @staticmethod
    def waiting_verdict(rows: list[ModelRow], level: str) -> list[ModelRow]:
        return [r for r in rows if r.state.stage == SCORED and r.state.level == level]

    @staticmethod
    def today() -> dt.date:
        return clock.today()
