"""The service results the window reads are typed records, not rows of column names
(issue 21, point 3): each method below says so in its return annotation and returns
frozen dataclasses on a demo office, so a screen names a field (`bundle.seq`) and a
method that handed back a dict again would fail here."""

from __future__ import annotations

import dataclasses
import inspect
import json

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
from app.domain.keys import OwnKey, RotatedKey, TrustedKey
from app.services.decisions import (
    Decision,
    DecisionItem,
    DecisionService,
    Issued,
    ListedDecision,
)
from app.services.proposals import ListedProposal, Proposal, ProposalService
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
    (DecisionService, "get", Decision, "{}"),
    (DecisionService, "issue_form", Issued, "{} | ToConfirm | BlanksLeft"),
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
            "inbox": (ctx.sync.inbox(), InboxEntry),
            "outbox": (ctx.sync.outbox(), OutboxEntry),
            "listing": (ctx.proposals.listing(received=True), ListedProposal),
            "decisions": (ctx.decisions.listing(), ListedDecision),
            "items": (ctx.decisions.items(ctx.decisions.listing()[-1].id), DecisionItem),
            "get": (ctx.proposals.get(ctx.proposals.listing(received=True)[0].id), Proposal),
            "decision": (ctx.decisions.get(ctx.decisions.listing()[-1].id), Decision),
        }
    for name, (value, record) in results.items():
        found = _records(value)
        assert found, name  # the demo province has sent, received and keys
        assert all(type(item) is record for item in found), name


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
