"""The service results the window reads are typed records, not rows of column names
(issue 21, point 3): each method below says so in its return annotation and returns
frozen dataclasses on a demo office, so a screen names a field (`bundle.seq`) and a
method that handed back a dict again would fail here."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from app.context import AppContext
from app.demo.network import load_network
from app.domain.bundles import (
    InboxEntry,
    LastBundle,
    OutboxEntry,
    ReceivedBundle,
    SentBundle,
)
from app.domain.conflicts import KeptVersion
from app.domain.keys import KnownKey, OwnKey, RotatedKey, TrustedKey
from app.domain.rubrics import RubricAssignment
from app.domain.units import UnitMerger
from app.services.calendar import CalendarService, CampaignPeriod, CampaignYear
from app.services.decisions import DecisionItem, DecisionService, ListedDecision
from app.services.numbering import IssuedNumber, ListedBook, NumberingBook, NumberingService
from app.services.pdfsign import PdfSettings, PdfSignService, SignedCopy
from app.services.proposals import ListedProposal, Proposal, ProposalService
from app.services.rubrics import RubricService
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
            "book": (ctx.numbering.book("decision"), NumberingBook),
            "books": (ctx.numbering.books(), ListedBook),
            "entries": (ctx.numbering.entries("decision"), IssuedNumber),
            "years": (ctx.calendar.years(), CampaignYear),
            "periods": (ctx.calendar.periods(), CampaignPeriod),
            "assignments": (ctx.rubrics.assignments(), RubricAssignment),
            "settings": (ctx.pdf_signatures.settings(), PdfSettings),
            "signed_copies": (ctx.pdf_signatures.signed_copies(ctx.db.execute(
                "SELECT decision_id FROM decision_signatures").fetchone()[0]), SignedCopy),
        }
    for name, (value, record) in results.items():
        found = _records(value)
        assert found, name  # the demo province has sent, received and keys
        assert all(type(item) is record for item in found), name
