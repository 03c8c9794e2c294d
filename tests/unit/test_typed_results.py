"""The service results the window reads are typed records, not rows of column names
(issue 21, point 3): each method below says so in its return annotation and returns
frozen dataclasses on a demo office, so a screen names a field (`bundle.seq`) and a
method that handed back a dict again would fail here."""

from __future__ import annotations

import dataclasses
import inspect
import json

import pytest

from app.cli.main import main
from app.context import AppContext
from app.demo.network import load_network
from app.demo.sync import DEMO_PASSPHRASE
from app.domain.accounts import ADMIN, Account
from app.domain.bundles import (
    InboxEntry,
    LastBundle,
    OutboxEntry,
    ReceivedBundle,
    SentBundle,
)
from app.domain.conflicts import KeptVersion
from app.domain.keys import (
    CertifiedKey,
    KnownKey,
    OwnKey,
    ReplacedKey,
    RotatedKey,
    TrustedKey,
)
from app.domain.privacy import ERASED
from app.domain.registration_record import (
    Evidence,
    Milestone,
    RegisteredPerson,
    Registration,
    Replication,
    Target,
)
from app.domain.rubrics import RubricAssignment
from app.domain.units import UnitMerger
from app.repositories import privacy as privacy_repo
from app.services.accounts import AccountService
from app.services.audit import AuditEntry, AuditService
from app.services.calendar import CalendarService, CampaignPeriod, CampaignYear
from app.services.decisions import (
    Decision,
    DecisionItem,
    DecisionService,
    Issued,
    ListedDecision,
)
from app.services.numbering import IssuedNumber, ListedBook, NumberingBook, NumberingService
from app.services.pdfsign import PdfSettings, PdfSignService, SignedCopy
from app.services.privacy import (
    CouncilSeat,
    Erasure,
    Holdings,
    OpenRequest,
    PrivacyService,
)
from app.services.proposals import ListedProposal, Proposal, ProposalService
from app.services.recognition import (
    Chain,
    HistoryStep,
    RecognitionService,
    Review,
    UnitFigures,
)
from app.services.registrations import RegistrationService
from app.services.rubrics import RubricService
from app.services.scoring import Edition, ScoringService, SelfSource
from app.services.units import UnitService
from app.sync.batch import StickService
from app.sync.send_down import SendDownService
from app.sync.service import KeyService, SyncService
from app.sync.trust_service import TrustService

# (class, method, the record it returns, how it wraps them)
TYPED = [
    (SendDownService, "sent_list", SentBundle, "list[{}]"),
    (StickService, "received", ReceivedBundle, "list[{}]"),
    (StickService, "last_bundles", LastBundle, "dict[str, {}]"),
    (KeyService, "own", OwnKey, "{} | None"),
    (KeyService, "create", OwnKey, "{}"),
    (TrustService, "rotate", RotatedKey, "{}"),
    (TrustService, "keys", KnownKey, "list[{}]"),
    (KeyService, "trusted", TrustedKey, "list[{}]"),
    (SyncService, "inbox", InboxEntry, "list[{}]"),
    (SyncService, "outbox", OutboxEntry, "list[{}]"),
    (SyncService, "current_version", KeptVersion, "{} | None"),
    (ProposalService, "get", Proposal, "{}"),
    (ProposalService, "listing", ListedProposal, "list[{}]"),
    (DecisionService, "listing", ListedDecision, "list[{}]"),
    (DecisionService, "items", DecisionItem, "list[{}]"),
    (PrivacyService, "show", Holdings, "{}"),
    (PrivacyService, "council", CouncilSeat, "list[{}]"),
    (PrivacyService, "open_requests", OpenRequest, "list[{}]"),
    (PrivacyService, "erasures", Erasure, "list[{}]"),
    (RecognitionService, "history", HistoryStep, "list[{}]"),
    (RecognitionService, "chain", Chain, "{}"),
    (RecognitionService, "review", Review, "{}"),
    (RecognitionService, "registered_per_unit", UnitFigures, "list[{}]"),
    (ScoringService, "editions", Edition, "list[{}]"),
    (ScoringService, "self_source", SelfSource, "{} | None"),
    (RegistrationService, "get", Registration, "{}"),
    (RegistrationService, "replications", Replication, "list[{}]"),
    (NumberingService, "book", NumberingBook, "{}"),
    (NumberingService, "books", ListedBook, "list[{}]"),
    (NumberingService, "entries", IssuedNumber, "list[{}]"),
    (NumberingService, "configure", NumberingBook, "{}"),
    (CalendarService, "years", CampaignYear, "list[{}]"),
    (CalendarService, "set_deadlines", CampaignYear, "{}"),
    (CalendarService, "periods", CampaignPeriod, "list[{}]"),
    (CalendarService, "set_guideline", CampaignPeriod, "{}"),
    (CalendarService, "add_period", CampaignPeriod, "{}"),
    (UnitService, "mergers", UnitMerger, "list[{}]"),
    (RubricService, "assignments", RubricAssignment, "list[{}]"),
    (PdfSignService, "signed_copies", SignedCopy, "list[{}]"),
    (PdfSignService, "settings", PdfSettings, "{}"),
    (DecisionService, "get", Decision, "{}"),
    (DecisionService, "issue_form", Issued, "{} | ToConfirm | BlanksLeft"),
    (AccountService, "add", Account, "{}"),
    (AuditService, "entries", AuditEntry, "list[{}]"),
    (TrustService, "certify", CertifiedKey, "{}"),
    (TrustService, "replace", ReplacedKey, "{}"),
]


@pytest.mark.parametrize(("owner", "method", "record", "shape"), TYPED,
                         ids=[f"{o.__name__}.{m}" for o, m, _r, _s in TYPED])
def test_the_method_says_it_returns_the_record(owner, method, record, shape):
    annotation = inspect.signature(getattr(owner, method)).return_annotation
    assert annotation == shape.format(record.__name__)
    assert dataclasses.is_dataclass(record)
    assert record.__dataclass_params__.frozen


def _records(value):
    if value is None:
        return []
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list):
        return value
    return [value]


def test_a_demo_province_gets_records_not_rows(demo_network):
    offices = load_network(demo_network)["offices"]
    province = next(o for o in offices if o["level"] == "tinh")
    with AppContext.open(demo_network / province["db"]) as ctx:
        replicated = ctx.db.execute("SELECT replicates_id FROM registrations"
                                    " WHERE replicates_id IS NOT NULL").fetchone()[0]
        results = {
            "sent_list": (ctx.send_down.sent_list(), SentBundle),
            "received": (ctx.stick.received(), ReceivedBundle),
            "last_bundles": (ctx.stick.last_bundles(), LastBundle),
            "own": (ctx.keys.own(), OwnKey),
            "trusted": (ctx.keys.trusted(), TrustedKey),
            "keys": (ctx.trust.keys(), KnownKey),
            "inbox": (ctx.sync.inbox(), InboxEntry),
            "outbox": (ctx.sync.outbox(), OutboxEntry),
            "current_version": (ctx.sync.current_version("units", province["code"]),
                                KeptVersion),
            "listing": (ctx.proposals.listing(received=True), ListedProposal),
            "decisions": (ctx.decisions.listing(), ListedDecision),
            "items": (ctx.decisions.items(ctx.decisions.listing()[-1].id), DecisionItem),
            "get": (ctx.proposals.get(ctx.proposals.listing(received=True)[0].id), Proposal),
            "registration": (ctx.registrations.get(replicated), Registration),
            "replications": (ctx.registrations.replications(replicated), Replication),
            "book": (ctx.numbering.book("decision"), NumberingBook),
            "books": (ctx.numbering.books(), ListedBook),
            "entries": (ctx.numbering.entries("decision"), IssuedNumber),
            "years": (ctx.calendar.years(), CampaignYear),
            "periods": (ctx.calendar.periods(), CampaignPeriod),
            "assignments": (ctx.rubrics.assignments(), RubricAssignment),
            "settings": (ctx.pdf_signatures.settings(), PdfSettings),
            "signed_copies": (ctx.pdf_signatures.signed_copies(ctx.db.execute(
                "SELECT decision_id FROM decision_signatures").fetchone()[0]), SignedCopy),
            "decision": (ctx.decisions.get(ctx.decisions.listing()[-1].id), Decision),
            "audit": (ctx.audit.entries(), AuditEntry),
        }
    for name, (value, record) in results.items():
        found = _records(value)
        assert found, name  # the demo province has sent, received and keys
        assert all(type(item) is record for item in found), name


def _same_json(record_json, row) -> None:
    """The record's JSON is the row the command line printed before: the same keys in
    the same order, each with the same value."""
    assert list(record_json) == list(row)
    for key, value in row.items():
        assert record_json[key] == value, key


def _office(demo_network, level: str):
    offices = load_network(demo_network)["offices"]
    office = next(o for o in offices if o["level"] == level)
    return AppContext.open(demo_network / office["db"], actor="test")


def test_the_privacy_records_give_the_json_the_rows_gave(demo_network):
    """`dvk privacy show|requests|erasures --json` print the records' `as_json`: the
    rows app/repositories/privacy.py reads, key for key (and `show` the three keys the
    service added: the owner, whether it is this office, the offices that received it)."""
    with _office(demo_network, "xa") as ctx:
        db, office = ctx.db, ctx.file.office_code
        person_id = db.execute("SELECT person_id FROM registrations WHERE origin = ?"
                               " AND person_id IS NOT NULL ORDER BY id", [office]
                               ).fetchone()[0]
        member = db.execute("SELECT name FROM council_members WHERE origin = ?"
                            " ORDER BY id", [office]).fetchone()[0]
        ctx.privacy.request(person_id, "correct", "Đơn ngày 01/12/2026")
        held = ctx.privacy.show(person_id)
        assert type(held) is Holdings and type(held.person) is RegisteredPerson
        row = privacy_repo.holdings(db, person_id)
        row |= {"owner": office, "owned_here": True,
                "sent_to": privacy_repo.recipients(db)}
        assert row["registrations"] and row["score_sheets"] and row["requests"]
        assert row["sent_to"]
        _same_json(held.as_json(), row)
        for name in ("person", *(key for key, value in row.items()
                                 if isinstance(value, list) and value)):
            rows = row[name] if isinstance(row[name], list) else [row[name]]
            shown = held.as_json()[name]
            for got, want in zip(shown if isinstance(shown, list) else [shown], rows,
                                 strict=True):
                _same_json(got, want)

        seats = ctx.privacy.council(member)
        rows = privacy_repo.council_rows(db, member)
        assert rows and [type(s) for s in seats] == [CouncilSeat] * len(rows)
        for seat, want in zip(seats, rows, strict=True):
            _same_json(seat.as_json(), want)

        waiting = ctx.privacy.open_requests()
        rows = privacy_repo.requests_open(db, office)
        assert rows and [type(r) for r in waiting] == [OpenRequest] * len(rows)
        for request, want in zip(waiting, rows, strict=True):
            _same_json(request.as_json(), want)

        ctx.privacy.erase(person_id)
        ctx.privacy.erase_council_member(member)
        erasures = ctx.privacy.erasures()
        rows = privacy_repo.erasures(db)
        assert len(rows) >= 2 and [type(e) for e in erasures] == [Erasure] * len(rows)
        for erasure, want in zip(erasures, rows, strict=True):
            _same_json(erasure.as_json(), want)
            assert erasure.as_row() == want  # what a restore writes back


def test_the_person_and_erasure_records_follow_their_tables():
    """`RegisteredPerson` is `SELECT * FROM persons` and `Erasure` every column of `erasures` but
    the local change number: a migration that adds a column must add the field, in
    place, or the JSON would lose it."""
    from db.connection import connect, migrate

    db = connect(":memory:")
    migrate(db)
    columns = {table: [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
               for table in ("persons", "erasures")}
    assert list(RegisteredPerson.__dataclass_fields__) == columns["persons"]
    assert list(Erasure.__dataclass_fields__) == [c for c in columns["erasures"]
                                                  if c != "rev"]


def test_the_recognition_records_give_the_json_the_dicts_gave(demo_network):
    """`dvk recognition history|chain|review --json` print the records' `as_json`, with
    the keys (in their order) and values the service's dicts had."""
    from app.repositories import recognition as recognition_repo

    with _office(demo_network, "tinh") as ctx:
        model = ctx.db.execute("SELECT replicates_id FROM registrations WHERE replicates_id"
                               " IN (SELECT registration_id FROM recognition_steps)"
                               " ORDER BY id").fetchone()[0]
        steps = ctx.recognition.history(model)
        rows = recognition_repo.step_rows(ctx.db, model)
        assert rows and [type(s) for s in steps] == [HistoryStep] * len(rows)
        for step, row in zip(steps, rows, strict=True):
            _same_json(step.as_json(), {**row, "label": step.label})
            assert list(row) == list(recognition_repo.STEP_COLUMNS)

        chain = ctx.recognition.chain(model)
        shown = chain.as_json()
        assert list(shown) == ["root", "ancestors", "models"]
        assert shown["root"] == model and shown["ancestors"] == []
        assert len(shown["models"]) >= 2 and any(m["recognised"] for m in shown["models"])
        for node, record in zip(shown["models"], chain.models, strict=True):
            assert list(node) == ["id", "name", "registrant", "year", "depth", "unit_code",
                                  "replicates_id", "recognised", "this"]
            stored = ctx.registrations.get(node["id"])
            assert [node[k] for k in ("name", "registrant", "year", "unit_code",
                                      "replicates_id")] == [
                getattr(stored, k) for k in ("name", "registrant", "year", "unit_code",
                                             "replicates_id")]
            assert node["this"] is (node["id"] == model) and node["depth"] == record.depth
            assert all(list(mark) == ["level", "number"] for mark in node["recognised"])

        year = ctx.recognition.current_year()
        review = ctx.recognition.review([year - 1, year])
        shown = review.as_json()
        assert list(shown) == ["years", "levels", "grouped", "totals"]
        assert shown["levels"] == ctx.recognition.levels() and shown["grouped"] is True
        fields = ["1", "2", "3", "4"]
        assert shown["years"]
        for entry in shown["years"]:
            assert list(entry) == ["year", "registered", "replicated", "recognised",
                                   "recognised_any", "units"]
            assert list(entry["registered"]) == list(entry["replicated"]) == fields
            assert list(entry["recognised"]) == shown["levels"]
            assert entry["units"] and entry["units"][0]["depth"] == 0
            for unit in entry["units"]:
                assert list(unit)[:6] == ["unit", "code", "office", "depth", "registered",
                                          "replicated"]
                assert all(type(v) is int for v in list(unit.values())[3:])
        totals = shown["totals"]
        assert list(totals) == ["registered", "replicated", "recognised",
                                "recognised_levels"]
        assert totals["registered"] == sum(sum(e["registered"].values())
                                           for e in shown["years"]) > 0

        per_unit = ctx.recognition.registered_per_unit([year - 1, year])
        assert per_unit and all(type(row) is UnitFigures for row in per_unit)
        for row in per_unit:
            assert list(row.as_json()) == ["unit", "code", "office", "depth", *fields]
        assert sum(row.count(f) for row in per_unit if row.depth == 0
                   for f in fields) == totals["registered"]


def test_the_scoring_records_give_the_json_the_dicts_gave(demo_network):
    """`dvk scores show --json` writes `self_from` as it did: the source sheet's id,
    level, office, approval and office name (the office name before the approval when
    the source sheet is not in the file); the editions are the rows as read."""
    from app.repositories import scoring as scoring_repo

    with _office(demo_network, "tinh") as ctx:
        sheet_id, source_id, level, origin, approved, name = ctx.db.execute(
            "SELECT s.id, s.self_from, f.level, f.origin, coalesce(f.approved_on,"
            " f.locked_on), coalesce(u.name, f.origin) FROM score_sheets s"
            " JOIN score_sheets f ON f.id = s.self_from LEFT JOIN units u"
            " ON u.code = f.origin ORDER BY s.id").fetchone()
        sheet = ctx.scoring.sheet(sheet_id)
        source = ctx.scoring.self_source(sheet)
        assert type(source) is SelfSource
        _same_json(source.as_json(), {"sheet_id": source_id, "level": level,
                                      "office": origin, "approved_on": approved,
                                      "office_name": name})
        _same_json(ctx.scoring.sheet_json(sheet_id)["self_from"], source.as_json())
        elsewhere = dataclasses.replace(sheet, self_from="khong-co")
        _same_json(ctx.scoring.self_source(elsewhere).as_json(), {
            "sheet_id": "khong-co", "level": "", "office": "", "office_name": "",
            "approved_on": None})
        assert ctx.scoring.self_source(dataclasses.replace(sheet, self_from=None)) is None

        editions = ctx.scoring.editions(sheet_id)
        rows = scoring_repo.editions(ctx.db, sheet.registration_id, sheet.level)
        assert rows and [type(e) for e in editions] == [Edition] * len(rows)
        for edition, row in zip(editions, rows, strict=True):
            _same_json(edition.as_json(), row)
def _stored(db, registration_id: str) -> dict:
    """What `dvk models show --json` wrote before the record was typed: the row of
    registrations with its live targets, milestones and evidence, its person and the
    registrations that replicate it, read here straight from the tables."""
    def rows(sql: str, *args) -> list[dict]:
        cursor = db.execute(sql, list(args))
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    record = rows("SELECT * FROM registrations WHERE id = ?", registration_id)[0]
    for table, order in (("targets", "position"), ("milestones", "position"),
                         ("evidence", "created_at")):
        record[table] = rows(f"SELECT * FROM {table} WHERE registration_id = ?"
                             f" AND removed = 0 ORDER BY {order}", registration_id)
    person = rows("SELECT * FROM persons WHERE id = ?", record["person_id"])
    record["person"] = person[0] if person else None
    record["replications"] = rows(
        "SELECT id, name, registrant, year, origin FROM registrations WHERE replicates_id = ?"
        " ORDER BY year, registered_on", registration_id)
    return record


def _pairs(text: str) -> list:
    """JSON with every object as its (key, value) pairs in order: equal only when the
    keys, their order and the values are."""
    return json.loads(text, object_pairs_hook=list)


def test_dvk_models_show_json_writes_every_column_as_before(demo_network, capsys):
    """The typed record changed nothing in `dvk models show --json`: on every
    registration of a demo commune (an individual's among them with the person erased,
    others with evidence, milestones, replications, withdrawn), the same keys in the same
    order with the same values as the tables hold."""
    offices = load_network(demo_network)["offices"]
    commune = next(o for o in offices if o["level"] == "xa")
    path = demo_network / commune["db"]
    with AppContext.open(path, actor="test") as ctx:
        person_id = ctx.db.execute(
            "SELECT person_id FROM registrations WHERE person_id IS NOT NULL AND origin = ?"
            " ORDER BY seq", [ctx.office_code]).fetchone()[0]
        ctx.privacy.erase(person_id)
        ids = [row[0] for row in ctx.db.execute("SELECT id FROM registrations ORDER BY seq")]
        expected = {i: _stored(ctx.db, i) for i in ids}
        records = [ctx.registrations.get(i) for i in ids]
    parts = [part for r in records for part in (*r.targets, *r.milestones, *r.evidence,
                                                 r.person) if part is not None]
    assert {type(part) for part in parts} == {Target, Milestone, Evidence, RegisteredPerson}
    capsys.readouterr()
    for registration_id in ids:
        assert main(["--db", str(path), "models", "show", registration_id, "--json"]) == 0
        shown = capsys.readouterr().out
        wanted = json.dumps(expected[registration_id], ensure_ascii=False, default=str)
        assert _pairs(shown) == _pairs(wanted), registration_id
    stored = expected.values()
    assert any(r["person"] and r["person"]["full_name"] == ERASED for r in stored)
    assert any(r["person"] and r["person"]["full_name"] != ERASED for r in stored)
    assert all(any(r[table] for r in stored)
               for table in ("targets", "milestones", "evidence", "replications"))
    assert any(r["status"] == "rut" for r in stored)
def test_a_decisions_json_is_its_stored_row_as_before(demo_network):
    """`dvk decisions show --json` writes the keys it always wrote, in the same order,
    with the values stored, now that `DecisionService.get` is a `Decision`: every
    decision of the demo province, the corrected and the correcting ones among them."""
    offices = load_network(demo_network)["offices"]
    province = next(o for o in offices if o["level"] == "tinh")
    with AppContext.open(demo_network / province["db"]) as ctx:
        cursor = ctx.db.execute("SELECT * FROM decisions")
        names = [column[0] for column in cursor.description]
        rows = {row["id"]: row for row in (dict(zip(names, values, strict=True))
                                           for values in cursor.fetchall())}
        assert any(row["amends_id"] for row in rows.values())
        for decision_id, row in rows.items():
            shown = ctx.decisions.as_json(decision_id)
            assert list(shown) == ["id", "number", "date", "issuer", "issuer_code", "level",
                                   "level_label", "year", "state", "state_label", "system",
                                   "period", "amends", "amend_reason", "amended_by", "signer",
                                   "models", "entries"]
            amends = rows.get(row["amends_id"], {}).get("number")
            amended_by = [r["number"] for r in rows.values()
                          if r["amends_id"] == decision_id and r["state"] == "ban_hanh"]
            assert json.dumps({k: v for k, v in shown.items() if k not in (
                "level_label", "state_label", "models", "entries")}, ensure_ascii=False) == \
                json.dumps({
                    "id": row["id"], "number": row["number"], "date": row["decided_on"],
                    "issuer": row["issuer"], "issuer_code": row["issuer_code"],
                    "level": row["level"], "year": row["year"], "state": row["state"],
                    "system": row["system"], "period": row["period"], "amends": amends,
                    "amend_reason": row["amend_reason"],
                    "amended_by": amended_by[0] if amended_by else None,
                    "signer": {"on_behalf": row["signer_on_behalf"],
                               "title": row["signer_title"], "name": row["signer_name"]},
                }, ensure_ascii=False)
            assert shown["models"] == [e["id"] for e in shown["entries"]]
            assert all(list(e) == ["id", "name", "registrant", "unit", "unit_code", "commune",
                                   "commune_code", "field", "subject", "rating",
                                   "rating_label", "total", "certificate_number"]
                       for e in shown["entries"])


def test_accounts_and_keys_jobs_give_records(demo_network, tmp_path):
    """`AccountService.add` gives the account as the list shows it, `TrustService.certify`
    and `replace` what they did, on a demo province and one of its communes."""
    offices = load_network(demo_network)["offices"]
    province = next(o for o in offices if o["level"] == "tinh")
    commune = next(o for o in offices if o["parent"] == province["code"])
    card = tmp_path / "the-khoa.dvkkey"
    with AppContext.open(demo_network / commune["db"]) as ctx:
        ctx.keys.create(DEMO_PASSPHRASE, demo=True, replace=True)
        written = ctx.keys.write_card(card, DEMO_PASSPHRASE)
    with AppContext.open(demo_network / province["db"]) as ctx:
        added = ctx.accounts.add("quantri", "mat-khau-1", ADMIN, "Nguyễn Văn Quản", demo=True)
        assert type(added) is Account and added == ctx.accounts.users()[0]
        assert (added.name, added.full_name, added.role, added.active) == (
            "quantri", "Nguyễn Văn Quản", ADMIN, True)
        certified = ctx.trust.certify(commune["code"], years=2, passphrase=DEMO_PASSPHRASE)
        assert type(certified) is CertifiedKey and certified.unit_code == commune["code"]
        assert certified.key_id in {k.key_id for k in ctx.keys.trusted()}
        assert certified.expires_at > "2027"
        replaced = ctx.trust.replace(commune["code"], card, written.fingerprint,
                                     passphrase=DEMO_PASSPHRASE)
        assert type(replaced) is ReplacedKey and replaced.key_id == written.key_id
        assert replaced.unit_code == commune["code"]
        assert replaced.revoked == (certified.key_id,)
        revoked = {k.key_id: k for k in ctx.trust.keys()}[certified.key_id]
        assert not revoked.valid and revoked.revoked_at


def test_dvk_audit_json_writes_the_rows_as_before(demo_network, capsys):
    """`dvk audit --json` writes each entry as the row it read before the entries were
    records: the same keys, in the same order, with the same values."""
    offices = load_network(demo_network)["offices"]
    commune = next(o for o in offices if o["level"] == "xa")
    path = demo_network / commune["db"]
    with AppContext.open(path) as ctx:
        cursor = ctx.db.execute("SELECT seq, at, actor, action, kind, record_id, detail"
                                " FROM audit_log ORDER BY seq DESC LIMIT 200")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    assert len(rows) > 20 and any(r["record_id"] for r in rows)
    assert any(r["detail"] for r in rows)
    capsys.readouterr()
    main(["--db", str(path), "audit", "--json", "--limit", "200"])
    shown = json.loads(capsys.readouterr().out, object_pairs_hook=list)
    entries = dict(shown)["entries"]
    wanted = json.loads(json.dumps(rows, ensure_ascii=False), object_pairs_hook=list)
    assert entries == wanted
