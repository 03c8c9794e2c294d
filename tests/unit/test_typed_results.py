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
from app.domain.bundles import (
    InboxEntry,
    LastBundle,
    OutboxEntry,
    ReceivedBundle,
    SentBundle,
)
from app.domain.keys import OwnKey, RotatedKey, TrustedKey
from app.domain.privacy import ERASED
from app.domain.registration_record import (
    Evidence,
    Milestone,
    RegisteredPerson,
    Registration,
    Replication,
    Target,
)
from app.services.decisions import DecisionItem, DecisionService, ListedDecision
from app.services.proposals import ListedProposal, Proposal, ProposalService
from app.services.registrations import RegistrationService
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
    (KeyService, "trusted", TrustedKey, "list[{}]"),
    (SyncService, "inbox", InboxEntry, "list[{}]"),
    (SyncService, "outbox", OutboxEntry, "list[{}]"),
    (ProposalService, "get", Proposal, "{}"),
    (ProposalService, "listing", ListedProposal, "list[{}]"),
    (DecisionService, "listing", ListedDecision, "list[{}]"),
    (DecisionService, "items", DecisionItem, "list[{}]"),
    (RegistrationService, "get", Registration, "{}"),
    (RegistrationService, "replications", Replication, "list[{}]"),
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
            "inbox": (ctx.sync.inbox(), InboxEntry),
            "outbox": (ctx.sync.outbox(), OutboxEntry),
            "listing": (ctx.proposals.listing(received=True), ListedProposal),
            "decisions": (ctx.decisions.listing(), ListedDecision),
            "items": (ctx.decisions.items(ctx.decisions.listing()[-1].id), DecisionItem),
            "get": (ctx.proposals.get(ctx.proposals.listing(received=True)[0].id), Proposal),
            "registration": (ctx.registrations.get(replicated), Registration),
            "replications": (ctx.registrations.replications(replicated), Replication),
        }
    for name, (value, record) in results.items():
        found = _records(value)
        assert found, name  # the demo province has sent, received and keys
        assert all(type(item) is record for item in found), name


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
