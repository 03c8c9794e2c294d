"""Who may write what: the one rule of authority over records that travel in bundles.

A signature proves which office sent a file; this module decides what that office may
write. docs/authority.md says the same in words; every kind of `app.sync.kinds` has its
rule here (a test fails when one is missing).

For every record of a bundle, before anything is written:

1. **Direction.** Each kind travels only in its directions: registrations and what the
   offices below make go up; calendars and a parent's choice of rubric go down;
   decisions, rubrics, score sheets and mergers both ways.
2. **Owner.** The sender may send only records of units in its *authority*, computed
   from the unit tree *as this office knows it*, never as the file claims: going up,
   the sender's domain (the sender, everything under it, what was merged into it);
   going down, the sender and the offices above it (and what the recipient took over
   in a merger). The file may add only new, non-official units under that domain.
   Both the record's owner unit and its `origin` must be in that authority.
3. **Claims.** What a record says about units, levels and issuers must fit its origin:
   a decision's issuer is its origin and its level the one that office decides; a
   proposal goes from its origin's level to the next; a registration's units, a score
   sheet's or a step's model lie inside the origin's domain; a sheet is not scored
   above its origin's level; a merger is recorded by an office above both units.
4. **The stored row.** When this office already holds the record, the stored row must
   be the sender's too: its origin never changes (except that a setting shipped with
   DVK, or this office's own, may be replaced by an office above), nor the columns
   listed as frozen; a row that is *sealed* (an issued decision, a sent proposal, a
   locked score sheet, a recognition step, a unit of the shipped list) never changes;
   and nothing is added to or changed under a sealed parent (the items of an issued
   decision) unless that parent arrives new in the same file.

Any breach refuses the whole file (a bundle that carries such a record is forged, or
made by a program that is not DVK): nothing is written, and the clerk reads why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.domain import privacy
from app.domain.recognition import (
    DecisionState,
    ProposalState,
    next_level,
    office_recognition_level,
)
from app.domain.units import LEVELS, Unit, level_label
from app.i18n import _
from app.sync import checkpoints, tree
from app.sync.errors import BundleRefused
from app.sync.kinds import DOWN, UP, SyncKind, all_kinds, paper_number

Row = dict[str, Any]
SHIPPED = "VN"  # the origin of what ships with DVK (the unit list, default calendars...)
BOTH = frozenset({UP, DOWN})

# Levels from the bottom up: a record may not claim a level above its office's.
_RANK = {level: rank for rank, level in enumerate(reversed(LEVELS))}


class Breach(Exception):
    """A record the sender has no authority to write (the reason in words)."""


@dataclass(frozen=True)
class Rule:
    """The authority rule of one kind of record."""

    # The unit a record belongs to (its *owner*), and the same as SQL over the table.
    owner: Callable[[Row], str | None] = lambda row: row.get("origin")
    owner_sql: str = "origin"
    travels: frozenset[str] = BOTH
    # Columns that never change once a row is stored (besides the key and `origin`).
    frozen: tuple[str, ...] = ()
    # A stored row in this state never changes at all.
    sealed: Callable[[Row], bool] | None = None
    # (column, kind): the row belongs to that row; nothing is added to or changed under
    # a sealed parent, unless the parent arrives new in the same file.
    parent: tuple[str, str] | None = None
    # The row must have the same origin as its parent (items of a decision...); else the
    # parent's owner must lie inside the row's origin's domain.
    same_origin_as_parent: bool = False
    # Shipped defaults an office above may take over (origin may change from 'VN' or the
    # recipient to an office in the sender's authority).
    setting: bool = False
    # What the record claims about units, levels and issuers (None: nothing).
    claims: Callable[[Judge, Row], str | None] | None = None
    # The personal columns an erasure may change in a sealed record, or under a sealed
    # parent (app.domain.privacy.SEALED_ERASABLE): each to its erased value, nothing
    # else but the version stamps; every other change stays refused.
    erasable: tuple[str, ...] = ()
    # Rows added to a parent that is already final: the signed copy of a decision comes
    # after the decision was issued (nothing else is ever added under a final parent).
    added_to_final: bool = False
    # What the row claims about its parent, stored here or arriving with it (None: fine).
    parent_claims: Callable[[Row, Row, Database, dict[str, dict]], str | None] | None = None


# -- claims ---------------------------------------------------------------------------
def _unit_claims(judge: Judge, row: Row) -> str | None:
    if judge.stored_unit(row["code"]) is not None:
        return None  # an existing unit: the stored-row rules apply
    if row.get("official"):
        return _("only the shipped list of units holds official units")
    parent = row.get("parent_code")
    if not parent:
        return _("a unit made by an office needs the unit it belongs to")
    parent_level = judge.level(parent)
    if parent_level is None:
        return None  # a reference to an unknown unit is refused as dangling
    if _RANK.get(row.get("level"), 99) >= _RANK[parent_level]:
        return _("unit {code} would not be below {parent}").format(code=row["code"],
                                                                   parent=parent)
    return None


def _inside(judge: Judge, row: Row, *columns: str) -> str | None:
    for column in columns:
        code = row.get(column)
        if code and judge.level(code) is not None and not judge.contains(row["origin"], code):
            return _("the unit {code} it names is not under {origin}").format(
                code=code, origin=row["origin"])
    return None


def _registration_claims(judge: Judge, row: Row) -> str | None:
    return _inside(judge, row, "unit_code", "subunit_code")


def _model_of_origin(judge: Judge, row: Row) -> str | None:
    """The model a record is about lies inside the record's origin's domain."""
    owner = judge.registration_owner(row.get("registration_id"))
    if owner is not None and not judge.contains(row["origin"], owner):
        return _("it is about a model of {unit}, which is not under {origin}").format(
            unit=owner, origin=row["origin"])
    return None


def _not_above_origin(judge: Judge, row: Row) -> str | None:
    level = judge.level(row["origin"])
    if level is None or _RANK.get(row.get("level"), 99) > _RANK[level]:
        return _("{origin} may not score at {level} level").format(
            origin=row["origin"], level=level_label(str(row.get("level"))).lower())
    return None


def _sheet_claims(judge: Judge, row: Row) -> str | None:
    return _not_above_origin(judge, row) or _model_of_origin(judge, row) or _self_from(
        judge, row)


def _self_from(judge: Judge, row: Row) -> str | None:
    """A sheet's self scores come from the approved sheet of the same model at a level
    below, made by an office inside the sheet's origin's domain (issue 25: the sheet
    prints where its self column came from). Without this a commune could say that its
    own sheet carries another commune's scores (the red team's attack); a commune's
    sheet, at the lowest level, carries none. Above it, a sheet this office does not
    hold (nor the file) cannot be judged and is left to the office that holds it."""
    source_id = row.get("self_from")
    if not source_id:
        return None
    source = judge.sheet(str(source_id))
    if source is None:
        if _RANK.get(str(row.get("level")), 0) > 0:
            return None  # not held here (nor in the file): judged where it is held
        source = {}  # a grassroots sheet: no level below it to carry scores from
    below = _RANK.get(str(source.get("level")), 99) < _RANK.get(str(row.get("level")), -1)
    if (source.get("registration_id") != row.get("registration_id") or not below
            or not judge.contains(row["origin"], str(source.get("origin")))):
        return _("its self scores would come from sheet {source}, which is not a sheet of "
                 "the same model at a level below made under {origin}").format(
            source=source_id, origin=row["origin"])
    return None


def _office_level(judge: Judge, origin: str) -> str | None:
    level = judge.level(origin)
    return office_recognition_level(judge.profile, level) if level else None


def _step_claims(judge: Judge, row: Row) -> str | None:
    if row.get("level") != _office_level(judge, row["origin"]):
        return _("{origin} does not recognise or propose at {level} level").format(
            origin=row["origin"], level=level_label(str(row.get("level"))).lower())
    return _model_of_origin(judge, row)


def _proposal_claims(judge: Judge, row: Row) -> str | None:
    origin = row["origin"]
    if row.get("office_code") != origin:
        return _("a proposal of {origin} names {office} as its sender").format(
            origin=origin, office=row.get("office_code"))
    level = _office_level(judge, origin)
    if row.get("from_level") != level or row.get("to_level") != next_level(judge.profile,
                                                                          level or ""):
        return _("{origin} does not propose from {level} level").format(
            origin=origin, level=level_label(str(row.get("from_level"))).lower())
    return None


def _decision_claims(judge: Judge, row: Row) -> str | None:
    origin = row["origin"]
    if row.get("issuer_code") != origin:
        return _("a decision of {origin} names {issuer} as its issuer").format(
            origin=origin, issuer=row.get("issuer_code"))
    if row.get("level") != _office_level(judge, origin):
        return _("{origin} does not issue decisions at {level} level").format(
            origin=origin, level=level_label(str(row.get("level"))).lower())
    # The paper frozen at issue (app/printing/frozen.py) prints the decision's number.
    if row.get("paper") and paper_number(row["paper"]) != row.get("number"):
        return _("the paper of decision {number} prints another number").format(
            number=row.get("number"))
    return None


def _signed_copy_of(row: Row, decision: Row, db: Database,
                    planned: dict[str, dict]) -> str | None:
    """A signed copy signs the paper of an issued decision as issued; once an erasure
    of a person's data reached the decision (here, or in the same bundle), also the
    paper as it then read, with "[đã xóa]" (app/repositories/decision_signatures.py
    says which copies that erasure withdrew)."""
    from app.sync.kinds import decision_texts

    if decision.get("state") != DecisionState.ISSUED:
        return _("it is a signed copy of a decision that is not issued")
    if not decision.get("paper_sha256") or (
            decision.get("paper_sha256") != row.get("paper_sha256")
            and not decision_texts(db, planned, str(decision.get("id"))).erased):
        return _("it signs another paper than the one decision {number} was issued "
                 "as").format(number=decision.get("number"))
    return None


def _decision_item_claims(judge: Judge, row: Row) -> str | None:
    return _inside(judge, row, "unit_code")


def _merger_claims(judge: Judge, row: Row) -> str | None:
    """The office that recorded a merger must be above both units, and the units must be
    of one level and not merge in a circle."""
    origin, old, new = row["origin"], row["unit_code"], row["into_code"]
    if old == origin or not judge.contains(origin, old) or not judge.contains(origin, new):
        return _("{office} may not record a merger of {unit}: it is not above it").format(
            office=origin, unit=old)
    if judge.level(old) != judge.level(new):
        return _("{unit} and {into} are not of the same level").format(unit=old, into=new)
    chain, current = set(), new
    while current and current not in chain:
        chain.add(current)
        current = judge.merged_into(current)
    if old in chain:
        return _("{unit} and {into} would be merged into each other").format(unit=old,
                                                                          into=new)
    return None


def _receipt_claims(judge: Judge, row: Row) -> str | None:
    """A receipt is about bundles addressed to its origin or to an office above it (a
    bundle of the province that the district forwarded down), under the one id its
    origin, sender, recipient and line give (app/sync/receipts.py). The id can be
    computed by anyone: an office that took another's would make that office's genuine
    receipt look like a record of another origin, and every bundle it sends up refused
    (the red team's attack, issue 25)."""
    from app.sync.receipts import receipt_id

    if row.get("id") != receipt_id(str(row["origin"]), str(row.get("sender")),
                                   str(row.get("recipient")), str(row.get("line"))):
        return _("its id is not the one of a receipt of {origin} for those bundles").format(
            origin=row["origin"])
    recipient = row.get("recipient")
    if judge.level(str(recipient)) is None or not judge.contains(str(recipient),
                                                                  row["origin"]):
        return _("{origin} cannot have imported bundles addressed to {recipient}").format(
            origin=row["origin"], recipient=recipient)
def _erasure_claims(judge: Judge, row: Row) -> str | None:
    """An erasure is made by the office that owns what it erased: the person's (or the
    council member's) record and the registrations it names."""
    table = "persons" if row.get("subject") == "person" else "council_members"
    stored = judge.db.execute(f"SELECT origin FROM [{table}] WHERE id = ?",
                              [row.get("record_id")]).fetchone()
    if stored is not None and stored[0] != row["origin"]:
        return _("it erases a record of {owner}, which only {owner} may erase").format(
            owner=stored[0])
    try:
        registrations = json.loads(row.get("registrations") or "[]")
    except ValueError:
        registrations = None
    if not isinstance(registrations, list):
        return _("its list of registrations is not readable")
    for registration_id in registrations:
        owner = judge.registration_owner(str(registration_id))
        if owner is not None and owner != row["origin"]:
            return _("it erases a registration of {owner}, which only {owner} may "
                     "erase").format(owner=owner)
    return None


def _sheet_child(column: str = "sheet_id") -> dict[str, Any]:
    return {"frozen": (column,), "parent": (column, "score_sheets")}


def _sheet_locked(row: Row) -> bool:
    return row.get("state") == "khoa"


def _decision_issued(row: Row) -> bool:
    return row.get("state") == DecisionState.ISSUED


def _proposal_sent(row: Row) -> bool:
    return row.get("state") == ProposalState.SENT


RULES: dict[str, Rule] = {
    "units": Rule(
        # A sub-unit belongs to the unit it was made under.
        owner=lambda row: row.get("parent_code") or row.get("code"),
        owner_sql="COALESCE(NULLIF(parent_code, ''), code)",
        frozen=("parent_code", "level", "official"),
        sealed=lambda row: row.get("origin") == SHIPPED or bool(row.get("official")),
        claims=_unit_claims),
    "persons": Rule(),
    "registrations": Rule(frozen=("unit_code",), claims=_registration_claims),
    "targets": Rule(frozen=("registration_id",), parent=("registration_id", "registrations")),
    "milestones": Rule(frozen=("registration_id",),
                       parent=("registration_id", "registrations")),
    "evidence": Rule(frozen=("registration_id", "sha256"),
                     parent=("registration_id", "registrations")),
    "rubrics": Rule(frozen=("family", "edition", "supersedes_id", "subject")),
    "rubric_items": Rule(frozen=("rubric_id",), parent=("rubric_id", "rubrics")),
    "rubric_assignments": Rule(travels=frozenset({DOWN}), frozen=("year", "level", "subject"),
                               setting=True),
    "score_sheets": Rule(frozen=("registration_id", "year", "level", "edition",
                                 "supersedes_id", "check_of"),
                         sealed=_sheet_locked, claims=_sheet_claims),
    "sheet_lines": Rule(**_sheet_child()),
    "council_members": Rule(**_sheet_child(), erasable=("name",)),
    "council_scores": Rule(**_sheet_child()),
    "proposals": Rule(travels=frozenset({UP}), frozen=("year", "from_level", "to_level",
                                                        "office_code"),
                      sealed=_proposal_sent, claims=_proposal_claims),
    "proposal_items": Rule(travels=frozenset({UP}), frozen=("proposal_id", "registration_id"),
                           parent=("proposal_id", "proposals"), same_origin_as_parent=True,
                           claims=_model_of_origin),
    "recognition_steps": Rule(travels=frozenset({UP}), sealed=lambda row: True,
                              claims=_step_claims),
    "decisions": Rule(frozen=("year", "level", "issuer_code", "amends_id", "paper",
                              "paper_sha256", "emblem_sha256"),
                      sealed=_decision_issued, claims=_decision_claims),
    "decision_items": Rule(frozen=("decision_id", "registration_id", "paper"),
                           parent=("decision_id", "decisions"), same_origin_as_parent=True,
                           claims=_decision_item_claims,
                           erasable=("registrant", "detail", "model_name", "paper")),
    # The issuer's own signed copies of its issued decision; a copy never changes.
    "decision_signatures": Rule(sealed=lambda row: True, parent=("decision_id", "decisions"),
                                same_origin_as_parent=True, added_to_final=True,
                                parent_claims=_signed_copy_of),
    "periods": Rule(travels=frozenset({DOWN}), setting=True),
    "campaign_years": Rule(travels=frozenset({DOWN}), frozen=("year",), setting=True),
    "unit_mergers": Rule(frozen=("unit_code", "into_code"), claims=_merger_claims),
    # That an erasure happened (no personal data): made by the owner of what it erased,
    # never changed afterwards.
    "erasures": Rule(frozen=("subject", "record_id", "erased_on", "reason"),
                     sealed=lambda row: True, claims=_erasure_claims),
    # A person asked an office that does not own their record: the request goes to the
    # owner (down, or up) and never changes.
    "privacy_requests": Rule(frozen=("person_id", "action", "received_on"),
                             sealed=lambda row: True),
    # Owner: the office whose log it covers; up only; a checkpoint never changes.
    "audit_checkpoints": Rule(travels=frozenset({UP}), sealed=lambda row: True,
                              claims=checkpoints.claims),
    "receipts": Rule(travels=frozenset({UP}), frozen=("sender", "recipient", "line"),
                     claims=_receipt_claims),
}


def rule(kind: SyncKind | str) -> Rule:
    return RULES[kind if isinstance(kind, str) else kind.name]


def owner(kind: SyncKind, row: Row) -> str | None:
    """The unit a record belongs to."""
    return RULES[kind.name].owner(row)


def owner_sql(kind: SyncKind) -> str:
    return RULES[kind.name].owner_sql


def sealed_parents() -> dict[str, tuple[str, str]]:
    """kind -> (column, parent kind), for the kinds whose rows belong to a parent."""
    return {name: r.parent for name, r in RULES.items() if r.parent is not None}


# -- the judge of one bundle ---------------------------------------------------------------
class Judge:
    """The rule applied to the records one sender sends in one direction, against the
    unit tree of this office (grown only by the new units the file may add)."""

    def __init__(self, db: Database, *, profile: str, sender: str, way: str,
                 recipient: str | None, authority: set[str],
                 new_units: dict[str, Row] | None = None):
        self.db = db
        self.profile = profile
        self.sender = sender
        self.way = way
        self.recipient = recipient
        self.authority = authority
        self.new_units = new_units or {}
        self._units: dict[str, Unit | None] = {}
        self._domains: dict[str, set[str]] = {}
        self._owners: dict[str, str | None] = {}
        self.registrations_in_file: dict[str, str] = {}
        self.sheets_in_file: dict[str, Row] = {}
        self._sheets: dict[str, Row | None] = {}

    # -- the tree ------------------------------------------------------------------------
    def stored_unit(self, code: str) -> Unit | None:
        if code not in self._units:
            from app.repositories import units as units_repo

            self._units[code] = units_repo.get(self.db, code)
        return self._units[code]

    def level(self, code: str) -> str | None:
        unit = self.stored_unit(code)
        if unit is not None:
            return unit.level
        row = self.new_units.get(code)
        return row.get("level") if row else None

    def merged_into(self, code: str) -> str | None:
        unit = self.stored_unit(code)
        return unit.merged_into if unit else None

    def domain(self, code: str) -> set[str]:
        if code not in self._domains:
            found = tree.domain(self.db, code)
            grown = True
            while grown:
                before = len(found)
                found.update(c for c, row in self.new_units.items()
                             if row.get("parent_code") in found)
                grown = len(found) > before
            self._domains[code] = found
        return self._domains[code]

    def contains(self, scope: str, code: str) -> bool:
        return code in self.domain(scope)

    def registration_owner(self, registration_id: str | None) -> str | None:
        """The origin of a registration (in the file or stored here), or None."""
        if not registration_id:
            return None
        if registration_id in self.registrations_in_file:
            return self.registrations_in_file[registration_id]
        if registration_id not in self._owners:
            row = self.db.execute("SELECT origin FROM registrations WHERE id = ?",
                                  [registration_id]).fetchone()
            self._owners[registration_id] = row[0] if row else None
        return self._owners[registration_id]

    def sheet(self, sheet_id: str) -> Row | None:
        """A score sheet's model, level and origin (in the file or stored here)."""
        if sheet_id in self.sheets_in_file:
            return self.sheets_in_file[sheet_id]
        if sheet_id not in self._sheets:
            row = self.db.execute("SELECT registration_id, level, origin FROM score_sheets"
                                  " WHERE id = ?", [sheet_id]).fetchone()
            self._sheets[sheet_id] = None if row is None else dict(
                zip(("registration_id", "level", "origin"), row, strict=True))
        return self._sheets[sheet_id]

    # -- the checks ----------------------------------------------------------------------
    def direction(self, kind: SyncKind) -> None:
        if self.way not in RULES[kind.name].travels:
            raise Breach(_("{kind} never travel {way}").format(
                kind=_(kind.label).lower(), way=_("up") if self.way == UP else _("down")))

    def incoming(self, kind: SyncKind, row: Row) -> None:
        """The record as it arrives: its owner and origin."""
        unit = RULES[kind.name].owner(row)
        if unit in self.authority:
            unit = row.get("origin")
        if unit == SHIPPED:
            raise Breach(_("it claims to be data shipped with DVK (the list of units, the "
                           "default calendar and rubrics), which no office sends"))
        if unit not in self.authority:
            raise Breach(_("it belongs to {unit}, whose records {sender} may not "
                           "send").format(unit=unit, sender=self.sender))

    def claims(self, kind: SyncKind, row: Row) -> None:
        """What a record that passed its kind's value checks says about units, levels
        and issuers."""
        check = RULES[kind.name].claims
        problem = check(self, row) if check is not None else None
        if problem:
            raise Breach(problem)

    def stored(self, kind: SyncKind, row: Row, local: Row | None, *, wins: bool) -> None:
        """The record against the row this office holds under the same key (`wins`:
        the incoming version would replace it; an older version of a record, arriving
        late, is simply not written)."""
        if local is None:
            return
        r = RULES[kind.name]
        if local.get("origin") != row.get("origin"):
            replaceable = {SHIPPED, self.recipient, *self.authority}
            if not (r.setting and self.way == DOWN and local.get("origin") in replaceable):
                raise Breach(_("the stored record was made by {origin}, not by {new}").format(
                    origin=local.get("origin"), new=row.get("origin")))
        for column in r.frozen:
            if column in row and local.get(column) != row.get(column) and not (
                    column in r.erasable and erasure(kind, local, row)):
                raise Breach(_("its field {column} would change, and it never does").format(
                    column=column))
        if wins and r.sealed is not None and r.sealed(local) and any(
                local.get(c) != row.get(c) for c in row) and not erasure(kind, local, row):
            raise Breach(_("the stored record is final (issued, sent, locked or shipped "
                           "with DVK) and cannot change"))


def erasure(kind: SyncKind, stored: Row | None, incoming: Row) -> bool:
    """Is `incoming` the erasure of a stored sealed record's personal columns, the one
    change the rule lets through (docs/authority.md, "Erasing personal data")?"""
    if stored is None or not RULES[kind.name].erasable:
        return False
    return privacy.is_erasure(kind.table, stored, incoming)


def refusal(sender: str, kind: SyncKind, key: str, breach: Breach,
            relayed_by: str = "") -> BundleRefused:
    where = _(" (in a bundle forwarded by {relay})").format(relay=relayed_by) \
        if relayed_by else ""
    return BundleRefused("authority", _(
        "The bundle of {sender}{where} holds a record {sender} has no right to write: "
        "{kind} {key}: {reason}. A genuine DVK never writes such a bundle; it may have been "
        "forged with the key of {sender}. The whole file was refused and nothing was "
        "changed. Tell the office above and ask {sender} to check who used its key.").format(
        sender=sender, where=where, kind=_(kind.label).lower(), key=key, reason=breach))


# -- parents --------------------------------------------------------------------------------
def check_parents(db: Database, planned: dict[str, dict[str, tuple[Row, bool, str, Any]]],
                  judge: Judge, on_breach: Callable[[SyncKind, str, Breach], None]) -> None:
    """Nothing is added to or changed under a parent this office holds sealed (a parent
    new at this office arrives with its rows, in the same file); rows keep their
    parent's origin where the rule says so, or belong to a record of their origin's
    domain."""
    for kind in all_kinds():
        r = RULES[kind.name]
        chosen = planned.get(kind.name)
        if r.parent is None or not chosen:
            continue
        column, parent_name = r.parent
        parent_rule = RULES[parent_name]
        keys = {str(record[column]) for record, *_rest in chosen.values()
                if record.get(column) is not None}
        stored = _stored_parents(db, parent_name, keys)
        incoming = {k: v[0] for k, v in planned.get(parent_name, {}).items()}
        for key, (record, _is_new, _outcome, local) in chosen.items():
            parent_key = record.get(column)
            if parent_key is None:
                continue
            parent_key = str(parent_key)
            held = stored.get(parent_key)
            if held is not None and parent_rule.sealed is not None and parent_rule.sealed(
                    held) and not erasure(kind, local, record) and not r.added_to_final:
                on_breach(kind, key, Breach(_(
                    "it would change {parent} {key}, which is final (issued, sent or "
                    "locked)").format(parent=parent_name, key=parent_key)))
            parent = incoming.get(parent_key) or held
            if parent is None:
                continue  # dangling: refused as such
            problem = r.parent_claims(record, parent, db, planned) if r.parent_claims \
                else None
            if problem:
                on_breach(kind, key, Breach(problem))
            if r.same_origin_as_parent:
                if parent.get("origin") != record.get("origin"):
                    on_breach(kind, key, Breach(_(
                        "it was made by {origin}, but belongs to a record of {parent}").format(
                        origin=record.get("origin"), parent=parent.get("origin"))))
            else:
                owner_unit = parent_rule.owner(parent)
                if owner_unit != SHIPPED and not judge.contains(record["origin"], owner_unit):
                    on_breach(kind, key, Breach(_(
                        "it belongs to a record of {unit}, which is not under {origin}").format(
                        unit=owner_unit, origin=record.get("origin"))))


def _stored_parents(db: Database, kind_name: str, keys: set[str]) -> dict[str, Row]:
    if not keys:
        return {}
    from app.sync.kinds import get as get_kind

    kind = get_kind(kind_name)
    cursor = db.execute(
        f"SELECT * FROM [{kind.table}] WHERE [{kind.key}] IN (SELECT value FROM json_each(?))",
        [json.dumps(sorted(keys))])
    columns = [d[0] for d in cursor.description]
    return {str(row[columns.index(kind.key)]): dict(zip(columns, row, strict=True))
            for row in cursor}
