"""The kinds of records that travel in bundles: a registry, so a new kind (score
sheets, proposals, decisions...) plugs in with one `register()` call.

A kind names its table, the column that identifies a record across offices (`key`),
the local-only columns that never travel (`local`), the derived columns the importer
recomputes with the same code the services use (`derive`), the columns that point at
other kinds (`refs`, checked before anything is written) and the values its table
accepts (`validate`). Every other column of the table travels, so a column added by a
later migration travels without touching this file. Who may write a kind, in which
direction it travels and what never changes is its rule in `app.sync.authority`
(every kind must have one).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.domain.bundles import Way
from app.domain.limits import limit
from app.domain.privacy import CONSENT_METHODS, ERASED, ERASURE_REASONS, REQUEST_ACTIONS
from app.domain.recognition import DecisionState, ProposalState
from app.domain.record_kinds import SYNCED
from app.domain.registration import GENDERS, KINDS, MODES, STATUSES, SUBJECTS, Status, Subject
from app.domain.scoring import COUNCIL_TOTALS
from app.domain.scoring import STATES as SHEET_STATES
from app.domain.text import fold, hidden_characters
from app.domain.units import LEVELS
from app.i18n import _
from app.repositories import decision_signatures as signatures_repo
from app.repositories import privacy as privacy_repo
from app.repositories.registrations import search_words

UP = Way.UP
DOWN = Way.DOWN

# A lookup the importer gives `derive`: unit code -> unit name (local or in the bundle).
UnitNames = Callable[[str | None], str | None]
# (database, records written) -> None: what else the import must change with them.
Applied = Callable[[Any, list[dict[str, Any]]], None]


def _always_valid(_record: dict[str, Any]) -> str | None:
    return None


@dataclass(frozen=True)
class SyncKind:
    name: str
    table: str
    label: str
    key: str = "id"
    local: tuple[str, ...] = ("rev",)
    derived: tuple[str, ...] = ()
    derive: Callable[[dict[str, Any], UnitNames], dict[str, Any]] | None = None
    refs: dict[str, str] = field(default_factory=dict)
    # What the table's CHECK constraints would refuse, as a reason (None: fine); such a
    # record is rejected and counted instead of failing the whole import.
    validate: Callable[[dict[str, Any]], str | None] = _always_valid
    # Extra SQL condition on rows that may travel, per direction (None: never).
    export_where: dict[str, str | None] = field(
        default_factory=lambda: {UP: "1", DOWN: "1"})
    # Run in the import's transaction with the records of this kind it wrote.
    applied: Applied | None = None
    # The files (blobs, by SHA-256) a record needs, which travel with it as blobs/<sha>:
    # an evidence photo, the emblem of an issued decision's certificates.
    blobs: Callable[[dict[str, Any]], list[str]] | None = None
    # Whether a record may arrive without its files because they were withdrawn (db,
    # the records the import plans to write by kind and key, the record): a signed copy
    # of a decision a person's erasure reached (None: a file is always needed).
    blobs_withdrawn: Callable[[Any, dict[str, dict], dict[str, Any]], bool] | None = None

    def skipped(self) -> set[str]:
        return set(self.local) | set(self.derived)


_REGISTRY: dict[str, SyncKind] = {}


def register(kind: SyncKind) -> SyncKind:
    if kind.name in _REGISTRY:
        raise ValueError(f"kind {kind.name} registered twice")
    _REGISTRY[kind.name] = kind
    return kind


def all_kinds() -> list[SyncKind]:
    """In registration order: referenced kinds before the kinds that refer to them
    (not needed for correctness, foreign keys being deferred, but tidy)."""
    return list(_REGISTRY.values())


def get(name: str) -> SyncKind | None:
    return _REGISTRY.get(name)


def _unit_derived(record: dict[str, Any], _names: UnitNames) -> dict[str, Any]:
    return {"name_fold": fold(record.get("name"))}


def _registration_derived(record: dict[str, Any], names: UnitNames) -> dict[str, Any]:
    name, registrant = record.get("name") or "", record.get("registrant") or ""
    subunit = names(record.get("subunit_code"))
    return {
        "name_fold": fold(name),
        "registrant_fold": fold(registrant),
        "search_words": search_words(name, registrant, subunit),
        # The list's order by sub-unit (migration list_subunit_order; its triggers correct it anyway).
        "subunit_name": None if subunit is None else fold(subunit),
    }


def _bad(column: str, value: Any) -> str:
    return _("the value {value!r} of {column} is not allowed").format(
        value=value, column=column)


def _check(record: dict[str, Any], rules: dict[str, Callable[[Any], bool]]) -> str | None:
    for column, ok in rules.items():
        if column in record and not ok(record[column]):
            return _bad(column, record[column])
    return None


def text_problem(table: str, record: dict[str, Any]) -> str | None:
    """Text DVK itself never stores: longer than its field allows (app.domain.limits:
    a name of 480,000 characters made printing run for minutes), or with control
    characters or marks that reorder text on screen (app.domain.text.clean removes
    them)."""
    for column, value in record.items():
        if type(value) is not str:
            continue
        most = limit(table, column)
        if len(value) > most:
            return _("{column} is {count} characters long; this field holds at most "
                     "{limit}").format(column=column, count=len(value), limit=most)
        if hidden_characters(value):
            return _("{column} holds invisible control characters; open the record at the "
                     "office that made it, save it again, and send it again").format(
                column=column)
    return None


def _flag(value: Any) -> bool:
    return value in (0, 1)


def _unit_valid(record: dict[str, Any]) -> str | None:
    return _check(record, {"level": lambda v: v in LEVELS, "official": _flag})


def _person_valid(record: dict[str, Any]) -> str | None:
    return _check(record, {"birth_year": lambda v: v is None or 1900 <= v <= 2100,
                           "gender": lambda v: v is None or v in GENDERS,
                           "consent_how": lambda v: v == "" or v in CONSENT_METHODS,
                           "consent_on": lambda v: v is None or _iso_day(v),
                           "erased_on": lambda v: v is None or _iso_day(v)})


def _registration_valid(record: dict[str, Any]) -> str | None:
    problem = _check(record, {
        "year": lambda v: 2000 <= v <= 2100, "kind": lambda v: v in KINDS,
        "subject": lambda v: v in SUBJECTS, "field": lambda v: v in (1, 2, 3, 4),
        "mode": lambda v: v in MODES, "status": lambda v: v in STATUSES})
    if problem:
        return problem
    if record.get("status") == Status.WITHDRAWN and not record.get("withdraw_reason"):
        return _bad("withdraw_reason", "")
    if record.get("subject") == Subject.INDIVIDUAL and not record.get("person_id"):
        return _bad("person_id", None)
    return None


def _target_valid(record: dict[str, Any]) -> str | None:
    return _check(record, {"target": lambda v: v is None or v >= 0, "removed": _flag})


def _milestone_valid(record: dict[str, Any]) -> str | None:
    return _check(record, {"removed": _flag})


def _evidence_valid(record: dict[str, Any]) -> str | None:
    return _check(record, {"size": lambda v: v >= 0, "removed": _flag,
                           "sha256": lambda v: len(v) == 64 and all(
                               c in "0123456789abcdef" for c in v)})


register(SyncKind(
    name="units", table="units", label=SYNCED["units"], key="code",
    derived=("name_fold",), derive=_unit_derived,
    refs={"parent_code": "units", "merged_into": "units"},
    validate=_unit_valid,
    # Official units are shipped to every office and never travel. Upward go the units
    # an office made in its own part of the tree; downward only grassroots units (the
    # office tree itself is set up at each office).
    export_where={UP: "origin <> 'VN'", DOWN: "origin <> 'VN' AND level = 'coso'"},
))
register(SyncKind(name="persons", table="persons", label=SYNCED["persons"],
                  validate=_person_valid))
register(SyncKind(
    name="registrations", table="registrations", label=SYNCED["registrations"],
    local=("rev", "seq"),
    derived=("name_fold", "registrant_fold", "search_words", "subunit_name"),
    derive=_registration_derived, validate=_registration_valid,
    refs={"unit_code": "units", "subunit_code": "units", "person_id": "persons",
          "replicates_id": "registrations"},
))
register(SyncKind(name="targets", table="targets", label=SYNCED["targets"],
                  refs={"registration_id": "registrations"}, validate=_target_valid))
register(SyncKind(name="milestones", table="milestones", label=SYNCED["milestones"],
                  refs={"registration_id": "registrations"}, validate=_milestone_valid))
register(SyncKind(name="evidence", table="evidence", label=SYNCED["evidence"],
                  refs={"registration_id": "registrations"}, validate=_evidence_valid,
                  blobs=lambda r: [] if r.get("removed") else [r.get("sha256")]))


# -- scoring (issue 4): rubrics travel down from the office that set them; score sheets,
# their lines and council scores travel up with the models they score. Shipped default
# rubrics (origin 'VN') are in every office and never travel.
_STATES = tuple(SHEET_STATES)


def _rubric_valid(record: dict[str, Any]) -> str | None:
    problem = _check(record, {"subject": lambda v: v in SUBJECTS, "suggested": _flag,
                              "locked": _flag, "edition": lambda v: v >= 1,
                              "council_total": lambda v: v in COUNCIL_TOTALS,
                              "threshold_top": lambda v: v >= 0,
                              "threshold_pass": lambda v: v >= 0})
    if problem:
        return problem
    if record.get("threshold_top", 0) < record.get("threshold_pass", 0):
        return _bad("threshold_top", record.get("threshold_top"))
    return None


def _sheet_valid(record: dict[str, Any]) -> str | None:
    problem = _check(record, {"year": lambda v: 2000 <= v <= 2100,
                              "level": lambda v: v in LEVELS, "state": lambda v: v in _STATES,
                              "edition": lambda v: v >= 1})
    if problem:
        return problem
    if record.get("state") == "tra_lai" and not record.get("return_reason"):
        return _bad("return_reason", "")
    if record.get("edition", 1) > 1 and not record.get("supersedes_id"):
        return _bad("supersedes_id", None)
    return None


def _tenths(value: Any) -> bool:
    return value is None or value >= 0


register(SyncKind(
    name="rubrics", table="rubrics", label=SYNCED["rubrics"], validate=_rubric_valid,
    refs={"supersedes_id": "rubrics"},
    export_where={UP: "origin <> 'VN'", DOWN: "origin <> 'VN'"},
))
register(SyncKind(
    name="rubric_items", table="rubric_items", label=SYNCED["rubric_items"],
    refs={"rubric_id": "rubrics"},
    validate=lambda r: _check(r, {"kind": lambda v: v in ("dieu_kien", "tieu_chi"),
                                  "max_tenths": lambda v: v >= 0, "removed": _flag}),
    export_where={UP: "origin <> 'VN'", DOWN: "origin <> 'VN'"},
))
register(SyncKind(
    # Which rubric an office uses is its own setting (the same slot has the same id in
    # every office); only a parent's choice travels, downward.
    name="rubric_assignments", table="rubric_assignments", label=SYNCED["rubric_assignments"],
    refs={"rubric_id": "rubrics"}, export_where={UP: None, DOWN: "1"},
    validate=lambda r: _check(r, {"year": lambda v: 2000 <= v <= 2100,
                                  "level": lambda v: v in LEVELS,
                                  "subject": lambda v: v in SUBJECTS}),
))
register(SyncKind(
    name="score_sheets", table="score_sheets", label=SYNCED["score_sheets"],
    refs={"registration_id": "registrations", "rubric_id": "rubrics",
          "supersedes_id": "score_sheets", "check_of": "score_sheets"},
    validate=_sheet_valid,
))
register(SyncKind(
    name="sheet_lines", table="sheet_lines", label=SYNCED["sheet_lines"],
    refs={"sheet_id": "score_sheets", "item_id": "rubric_items"},
    validate=lambda r: _check(r, {"self_tenths": _tenths,
                                  "passed": lambda v: v is None or v in (0, 1)}),
))
register(SyncKind(
    name="council_members", table="council_members", label=SYNCED["council_members"],
    refs={"sheet_id": "score_sheets"}, validate=lambda r: _check(r, {"removed": _flag}),
))
register(SyncKind(
    name="council_scores", table="council_scores", label=SYNCED["council_scores"],
    refs={"sheet_id": "score_sheets", "member_id": "council_members",
          "item_id": "rubric_items"},
    validate=lambda r: _check(r, {"tenths": _tenths}),
))


# -- recognition (issue 5): the workflow steps and proposals of an office travel up with
# the models they are about; decisions travel up (the level above sees what the office
# below recognised) and down (the offices below see what was recognised above). Drafts
# never travel. Steps do not travel down: a step about another commune's model would
# point at a registration the recipient does not hold (a decision's items carry their
# own snapshot of each model instead, so a decision reads the same everywhere).
_STEPS = ("recognise", "refuse", "propose", "return")


def _step_valid(record: dict[str, Any]) -> str | None:
    problem = _check(record, {"year": lambda v: 2000 <= v <= 2100,
                              "level": lambda v: v in LEVELS, "step": lambda v: v in _STEPS,
                              "to_level": lambda v: v is None or v in LEVELS})
    if problem:
        return problem
    if record.get("step") in ("refuse", "return") and not record.get("reason"):
        return _bad("reason", "")
    if record.get("step") == "propose" and not record.get("to_level"):
        return _bad("to_level", None)
    return None


def _proposal_valid(record: dict[str, Any]) -> str | None:
    return _check(record, {"year": lambda v: 2000 <= v <= 2100,
                           "from_level": lambda v: v in LEVELS,
                           "to_level": lambda v: v in LEVELS,
                           "state": lambda v: v == ProposalState.SENT})


def _sha(value: Any) -> bool:
    return value == "" or (isinstance(value, str) and len(value) == 64
                           and all(c in "0123456789abcdef" for c in value))


def paper_number(paper: Any) -> str | None:
    """The number printed in a frozen paper (app/printing/frozen.py); None when the
    paper is not one."""

    try:
        frame = json.loads(paper)
        return str(frame["decision"]["heading"]["number"]) if frame.get("format") == 1 \
            else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _decision_valid(record: dict[str, Any]) -> str | None:
    problem = _check(record, {"year": lambda v: 2000 <= v <= 2100,
                              "level": lambda v: v in LEVELS,
                              "state": lambda v: v == DecisionState.ISSUED,
                              "system": lambda v: v in ("party", "state"),
                              "paper_sha256": _sha, "emblem_sha256": _sha})
    if problem:
        return problem
    if not record.get("number") or not record.get("decided_on"):
        return _bad("number", record.get("number"))
    if record.get("amends_id") and not record.get("amend_reason"):
        return _bad("amend_reason", "")
    return None


register(SyncKind(
    name="proposals", table="proposals", label=SYNCED["proposals"],
    refs={"office_code": "units", "addressee_code": "units"}, validate=_proposal_valid,
    export_where={UP: f"state = '{ProposalState.SENT}'", DOWN: None},
))
register(SyncKind(
    name="proposal_items", table="proposal_items", label=SYNCED["proposal_items"],
    refs={"proposal_id": "proposals", "registration_id": "registrations"},
    validate=lambda r: _check(r, {"removed": _flag}),
    export_where={UP: "removed = 0 AND proposal_id IN (SELECT id FROM proposals"
                      f" WHERE state = '{ProposalState.SENT}')", DOWN: None},
))
register(SyncKind(
    name="recognition_steps", table="recognition_steps", label=SYNCED["recognition_steps"],
    refs={"registration_id": "registrations", "proposal_id": "proposals"},
    validate=_step_valid, export_where={UP: "1", DOWN: None},
))
register(SyncKind(
    name="decisions", table="decisions", label=SYNCED["decisions"],
    refs={"amends_id": "decisions"}, validate=_decision_valid,
    export_where={UP: f"state = '{DecisionState.ISSUED}'",
                  DOWN: f"state = '{DecisionState.ISSUED}'"},
    blobs=lambda r: [r["emblem_sha256"]] if r.get("emblem_sha256") else [],
))
_ISSUED_ITEMS = ("removed = 0 AND decision_id IN (SELECT id FROM decisions"
                 f" WHERE state = '{DecisionState.ISSUED}')")
register(SyncKind(
    name="decision_items", table="decision_items", label=SYNCED["decision_items"],
    refs={"decision_id": "decisions"},
    validate=lambda r: _check(r, {"removed": _flag, "field": lambda v: v in (1, 2, 3, 4),
                                  "subject": lambda v: v in SUBJECTS}),
    export_where={UP: _ISSUED_ITEMS, DOWN: _ISSUED_ITEMS},
    applied=signatures_repo.withdraw_for_decisions,
))


# -- issue 22: a decision's digitally signed copies (PAdES) travel with it, both ways, the
# signed PDF as a blob; who may send one, and of which paper, is its authority rule.
def _signed_copy_valid(record: dict[str, Any]) -> str | None:
    problem = _check(record, {"level": lambda v: v in ("B-B", "B-T")})
    for column in ("paper_sha256", "texts_sha256", "pdf_sha256", "certificate_sha256"):
        if problem is None and (not record.get(column) or not _sha(record[column])):
            problem = _bad(column, record.get(column))
    if problem is None and record.get("previous_sha256") and not _sha(
            record["previous_sha256"]):
        problem = _bad("previous_sha256", record["previous_sha256"])
    return problem


def decision_texts(db: Any, planned: dict[str, dict],
                   decision_id: str) -> signatures_repo.DecisionTexts:
    """The decision's texts as they will be once an import writes what it plans (the
    decision, its lines, registrations erased: app/repositories/decision_signatures.py)."""
    erasing = {str(record.get("id")) for record, *_rest in
               planned.get("registrations", {}).values() if record.get("registrant") == ERASED}
    decision = planned.get("decisions", {}).get(decision_id)
    return signatures_repo.decision_texts(
        db, decision_id, decision=decision[0] if decision else None,
        items=[record for record, *_rest in planned.get("decision_items", {}).values()],
        erasing=erasing)


def _copy_withdrawn(db: Any, planned: dict[str, dict], record: dict[str, Any]) -> bool:
    """A signed copy travels without its PDF once an erasure withdrew it at the sender:
    taken without the bytes only where it is withdrawn too, once this import is written
    (anything else without its PDF is rejected as missing its file)."""
    return decision_texts(db, planned, str(record.get("decision_id"))).withdrawn(record)


register(SyncKind(
    name="decision_signatures", table="decision_signatures",
    label=SYNCED["decision_signatures"], refs={"decision_id": "decisions"},
    validate=_signed_copy_valid,
    blobs=lambda r: [r["pdf_sha256"]] if r.get("pdf_sha256") else [],
    blobs_withdrawn=_copy_withdrawn, applied=signatures_repo.withdraw_for_decisions,
))

# -- issue 7: the campaign calendar travels down; mergers (sáp nhập) both ways --------------
# The shipped calendar has fixed ids and origin 'VN' and never travels; an office that
# changes a period or a year's deadlines becomes its origin (app/services/calendar.py),
# so the change goes down to the offices below it.
def _iso_day(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and bool(
            dt.date.fromisoformat(value))
    except ValueError:
        return False


def _period_valid(record: dict[str, Any]) -> str | None:
    problem = _check(record, {"start_year": lambda v: 2000 <= v <= 2100,
                              "end_year": lambda v: 2000 <= v <= 2100})
    if problem is None and record.get("end_year", 0) < record.get("start_year", 0):
        return _bad("end_year", record.get("end_year"))
    return problem


register(SyncKind(
    name="periods", table="periods", label=SYNCED["periods"], validate=_period_valid,
    export_where={UP: None, DOWN: "1"},
))
register(SyncKind(
    name="campaign_years", table="campaign_years", label=SYNCED["campaign_years"],
    refs={"period_id": "periods"}, export_where={UP: None, DOWN: "1"},
    validate=lambda r: _check(r, {"year": lambda v: 2000 <= v <= 2100,
                                  "registration_deadline": _iso_day,
                                  "proposal_deadline": _iso_day,
                                  "recognition_deadline": _iso_day}),
))


def _merger_valid(record: dict[str, Any]) -> str | None:
    for column in ("unit_code", "into_code", "merged_on"):
        if not isinstance(record.get(column), str):
            return _bad(column, record.get(column))
    problem = _check(record, {"merged_on": _iso_day})
    if problem is None and record.get("unit_code") == record.get("into_code"):
        return _bad("into_code", record.get("into_code"))
    return problem


def _apply_mergers(db: Any, records: list[dict[str, Any]]) -> None:
    """The unit tree follows the mergers (the merged unit stays, pointing at its heir)."""
    for record in records:
        db.execute("UPDATE units SET merged_into = ?, merged_on = ?, valid_to = ?"
                   " WHERE code = ? AND (merged_into IS NOT ? OR merged_on IS NOT ?)",
                   [record["into_code"], record["merged_on"], record["merged_on"],
                    record["unit_code"], record["into_code"], record["merged_on"]])


register(SyncKind(
    name="unit_mergers", table="unit_mergers", label=SYNCED["unit_mergers"],
    refs={"unit_code": "units", "into_code": "units"}, validate=_merger_valid,
    applied=_apply_mergers,
))


# -- issue 26: personal data. That an erasure happened travels both ways (never what was
# erased); an office that imports one erases the person's snapshots in the decisions it
# issued itself (app/services/privacy.py). A request to erase or correct, recorded at an
# office that does not own the person's record, travels to the owner.
def _erasure_valid(record: dict[str, Any]) -> str | None:
    problem = _check(record, {"subject": lambda v: v in ("person", "council_member"),
                              "reason": lambda v: v in ERASURE_REASONS,
                              "erased_on": _iso_day})
    if problem is None and not isinstance(record.get("record_id"), str):
        return _bad("record_id", record.get("record_id"))
    return problem


register(SyncKind(
    name="erasures", table="erasures", label=SYNCED["erasures"],
    validate=_erasure_valid, applied=privacy_repo.erasures_received,
))


def _request_valid(record: dict[str, Any]) -> str | None:
    return _check(record, {"action": lambda v: v in REQUEST_ACTIONS,
                           "received_on": _iso_day})


register(SyncKind(
    name="privacy_requests", table="privacy_requests", label=SYNCED["privacy_requests"],
    refs={"person_id": "persons"}, validate=_request_valid,
))


# -- issue 15, point 11: signed checkpoints of the audit log travel up, so the level above
# holds what each office below signed about its own log (app/sync/checkpoints.py). An
# office sends only its own; those of the offices below go up in their own bundles,
# forwarded whole. Each refers to the one before it, so every bundle carries the
# office's whole chain and the office above can always check that it continues.
# A malformed or forged checkpoint refuses the whole file (its rule's claims), rather
# than being left out: the chain would silently stop at it.
register(SyncKind(
    name="audit_checkpoints", table="audit_checkpoints", label=SYNCED["audit_checkpoints"],
    refs={"follows": "audit_checkpoints"},
    export_where={UP: "origin = (SELECT json_extract(value, '$') FROM settings"
                      " WHERE key = 'office_code')", DOWN: None},
))


# -- issue 25: receipts travel up, so the office above knows which of its bundles each
# office below has imported (app/sync/receipts.py).
def _receipt_valid(record: dict[str, Any]) -> str | None:
    problem = _check(record, {"last_seq": lambda v: v >= 1,
                              "missing": lambda v: all(p.isdigit() for p in v.split(",") if p)})
    if problem is None:
        for column in ("sender", "recipient", "line"):
            if not record.get(column):
                return _bad(column, record.get(column))
    return problem


register(SyncKind(
    name="receipts", table="sync_receipts", label=SYNCED["receipts"],
    validate=_receipt_valid, export_where={UP: "1", DOWN: None},
))
