"""Issue 24: every figure of every paper and screen, at every office of demo networks
of both profiles, equals what independent SQL computes from the tables
(tests/figures/oracle.py, checks.py) - as the demo makes them, after withdrawals
(sent up in bundles), after the import of a bundle that waited on the stick, and after
a correcting decision (sent down).

The demo holds the situations the figures got wrong: decisions from above listing
other communes' models, a commune merged into another (three tiers), same-named
villages in different communes, replications of refused models, withdrawn models
with ranked and waiting sheets, draft sheets with council scores, amended decisions,
collectives and individuals on different rubrics, and a rubric whose council total is
the mean of the members' totals.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.context import AppContext
from app.demo.sync import DEMO_PASSPHRASE
from app.domain.sheets import SheetFilter
from tests.figures.checks import Checks, check_office
from tests.figures.conftest import copy_network
from tests.figures.oracle import Office

PROFILES = ("hai_cap", "ba_cap")


@pytest.fixture(params=PROFILES)
def network(request, figure_networks, tmp_path) -> tuple[Path, dict]:
    return copy_network(figure_networks[request.param], tmp_path / "network")


def offices(data: dict, level: str | None = None) -> list[dict]:
    return [o for o in data["offices"] if level is None or o["level"] == level]


def by_code(data: dict, code: str) -> dict:
    return next(o for o in data["offices"] if o["code"] == code)


def check(folder: Path, chosen: list[dict]) -> Checks:
    checks = Checks()
    for office in chosen:
        check_office(folder / office["db"], checks)
    return checks


def send(folder: Path, data: dict, sender: dict, recipient: dict) -> None:
    with AppContext.open(folder / sender["db"], actor="figures-test") as ctx:
        result = ctx.sync.export(recipient["code"], folder / "bundles" / "figures.dvk",
                                 passphrase=DEMO_PASSPHRASE)
    with AppContext.open(folder / recipient["db"], actor="figures-test") as ctx:
        ctx.sync.import_bundle(result.path)
    result.path.unlink()


def chain_up(data: dict, office: dict) -> list[dict]:
    chain = [office]
    while chain[-1]["parent"]:
        chain.append(by_code(data, chain[-1]["parent"]))
    return chain


def test_every_figure_as_the_demo_makes_them(network):
    folder, data = network
    checks = check(folder, offices(data))
    assert not checks.wrong, "\n".join(checks.wrong[:40])
    assert checks.count > 3000


def test_every_figure_after_withdrawals_sent_up(network):
    """A commune withdraws a recognised (decided) model, one whose approved sheet was
    ranked and one whose sheet waits for the council; its bundle goes up."""
    folder, data = network
    commune = offices(data, "xa")[0]
    with AppContext.open(folder / commune["db"], actor="figures-test") as ctx:
        office = Office(ctx.db, ctx.office_code, ctx.units.profile)
        recognised = office.ids("recognised")
        sheets = office.sheets()
        first = sorted(recognised)[0]
        ranked = sorted((s for s in ctx.scoring.standings() if s.rank
                         and s.registration_id != first),
                        key=lambda s: s.registration_id in recognised)
        waiting = [s for s in ctx.scoring.standings(SheetFilter(state="da_nop"))
                   if sheets[s.sheet_id]["status"] == "da_dang_ky"]
        chosen = [first, ranked[0].registration_id, waiting[0].registration_id]
        before = ctx.agenda.counts(ctx.recognition.current_year())
        for model in chosen:
            ctx.registrations.withdraw(model, "Đơn vị xin rút đăng ký (kiểm tra số liệu).")
        after = ctx.agenda.counts(ctx.recognition.current_year())
        assert after["waiting_council"] == before["waiting_council"] - 1
        assert sheets[ranked[0].sheet_id]["rank"]  # it was ranked, and is no longer
        assert all(s.rank is None for s in ctx.scoring.standings()
                   if s.registration_id in chosen)
    chain = chain_up(data, commune)
    for sender, recipient in zip(chain, chain[1:], strict=False):
        send(folder, data, sender, recipient)
    checks = check(folder, chain)
    assert not checks.wrong, "\n".join(checks.wrong[:40])


def test_every_figure_after_the_waiting_bundle_is_imported(network):
    folder, data = network
    waiting = next((folder / "bundles").glob("*-chua-nhap.dvk"))
    sender = by_code(data, waiting.name.split("-to-")[0])
    parent = by_code(data, sender["parent"])
    with AppContext.open(folder / parent["db"], actor="figures-test") as ctx:
        before = ctx.statistics.table("field").totals
        ctx.sync.import_bundle(waiting)
    checks = check(folder, [parent])
    assert not checks.wrong, "\n".join(checks.wrong[:40])
    assert before  # the figures were read before the import, and are right after it


def test_every_figure_after_a_correcting_decision_sent_down(network):
    """The province corrects this year's decision, taking one model off its list, and
    sends it down: no office counts that model as recognised at the province level."""
    folder, data = network
    province = offices(data, "tinh")[0]
    with AppContext.open(folder / province["db"], actor="figures-test") as ctx:
        year = ctx.recognition.current_year()
        decision = next(d for d in ctx.decisions.listing(year=year, state="ban_hanh",
                                                         level="tinh")
                        if d.origin == ctx.office_code and not d.amended_by)
        # A model of a commune that was not merged into another (its bundles go to it).
        merged = {code for code, in ctx.db.execute(
            "SELECT code FROM units WHERE merged_into IS NOT NULL")}
        removed = next(item.registration_id for item in ctx.decisions.items(decision.id)
                       if _unit_of(folder / province["db"], item.registration_id, ctx)
                       not in merged)
        amendment = ctx.decisions.amend(decision.id, "Đính chính danh sách công nhận.")
        ctx.decisions.remove(amendment, removed)
        ctx.decisions.issue(amendment)
        office = Office(ctx.db, ctx.office_code, ctx.units.profile)
        assert removed not in office.ids("recognised", "r.id IN (SELECT i.registration_id"
                                         " FROM decision_items i WHERE i.decision_id = :d"
                                         " AND i.removed = 0)", d=amendment)
    commune = by_code(data, _unit_of(folder / province["db"], removed))
    path = list(reversed(chain_up(data, commune)))
    for sender, recipient in zip(path, path[1:], strict=False):
        send(folder, data, sender, recipient)
    checks = check(folder, path)
    assert not checks.wrong, "\n".join(checks.wrong[:40])


def _unit_of(db_path: Path, registration_id: str, ctx: AppContext | None = None) -> str:
    """The commune a model was registered at."""
    if ctx is None:
        with AppContext.open(db_path) as opened:
            return _unit_of(db_path, registration_id, opened)
    return ctx.db.execute("SELECT unit_code FROM registrations WHERE id = ?",
                          [registration_id]).fetchone()[0]
