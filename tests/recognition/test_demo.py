"""Demo networks show recognition in every state, at every level of both profiles:
decisions issued at each level, proposals carried up in bundles, the province's
decisions carried back down, refusals with reasons, a chain of replications."""

from __future__ import annotations

from app.context import AppContext
from app.demo.network import load_network


def _levels_with_decisions(path) -> set[str]:
    with AppContext.open(path) as ctx:
        return {d.level for d in ctx.decisions.listing(state="ban_hanh")}


def test_two_tier_demo_has_decisions_at_every_level_and_they_travel(demo_network):
    offices = load_network(demo_network)["offices"]
    province = next(o for o in offices if o["level"] == "tinh")
    communes = [o for o in offices if o["level"] == "xa"]
    with AppContext.open(demo_network / province["db"]) as ctx:
        own = [d for d in ctx.decisions.listing(state="ban_hanh") if d.origin == "37"]
        assert own and {d.level for d in own} == {"tinh"}
        # The demo province issues as its Ban Tuyên giáo và Dân vận (issue 17).
        assert all(d.number.endswith("-QĐ/BTGDVTU") for d in own)
        received = ctx.proposals.listing(received=True)
        assert {p.office_code for p in received} == {c["code"] for c in communes}
        refused = [r for year in (2025, 2026)
                   for r in ctx.recognition.models(year, everything=True)
                   if r.state.stage == "refused"]
        assert refused and all(r.state.reason for r in refused)
    for commune in communes:
        assert _levels_with_decisions(demo_network / commune["db"]) == {"xa", "tinh"}
        with AppContext.open(demo_network / commune["db"]) as ctx:
            up = [r for r in ctx.recognition.models(2025) if "tinh" in r.state.recognised]
            assert up, "the province's decision came down to the commune"
            chains = [ctx.recognition.chain(r.id) for r in ctx.recognition.models(2025)
                      if r.state.recognised]
            assert any(len(c.models) >= 3 for c in chains)


def test_three_tier_demo_has_decisions_at_every_level(ba_cap):
    folder = ba_cap
    offices = load_network(folder)["offices"]
    province = next(o for o in offices if o["level"] == "tinh")
    assert _levels_with_decisions(folder / province["db"]) == {"coso", "huyen", "tinh"}
    for commune in [o for o in offices if o["level"] == "xa"]:
        assert _levels_with_decisions(folder / commune["db"]) == {"coso", "huyen", "tinh"}
