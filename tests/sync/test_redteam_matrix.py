"""Red team, the classes around the issue's attacks (issue 15): every kind of record x
every direction x a forged origin, a stolen identity (the id of another office's
record), a new record in another office's name, and (where a kind states them) a
forged level or issuer. The attacker holds the sender's genuine key; each forged file
is refused whole with the authority refusal, in Vietnamese, and the recipient's data
file stays byte for byte as it was. Going down, this includes a district forging the
province's records for its communes: what the province made reaches a commune only in
the province's own bundle, forwarded verbatim."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from app.sync import authority, tree
from app.sync.kinds import DOWN, UP, all_kinds
from tests.sync.redteam import DemoNet, forged, newer, put

Row = dict[str, Any]


@pytest.fixture
def net(ba_cap) -> DemoNet:
    return DemoNet(ba_cap)


def _pairs(net: DemoNet) -> list[tuple[str, str, str]]:
    province = net.of_level("tinh")[0]
    with net.open(province) as ctx:
        merged = {r[0] for r in ctx.db.execute(
            "SELECT code FROM units WHERE merged_into IS NOT NULL")}
    commune = next(c for c in net.of_level("xa") if c not in merged)
    district = net.parent(commune)
    return [(commune, district, UP), (district, province, UP),
            (province, district, DOWN), (district, commune, DOWN)]


def _authority(net: DemoNet, sender: str, recipient: str, way: str) -> set[str]:
    with net.open(recipient) as ctx:
        return tree.authority_codes(ctx.db, sender, way,
                                    recipient=recipient if way == DOWN else None)


def _foreign_row(net: DemoNet, kind_name: str, recipient: str, allowed: set[str]
                 ) -> tuple[Row, bool] | None:
    """A row of the kind that the sender has no authority over: at the recipient if it
    holds one (then a stolen identity is possible), else at any office."""
    rule = authority.rule(kind_name)
    for code in [recipient, *net.offices]:
        for row in net.rows(code, kind_name):
            if rule.owner(row) not in allowed and row["origin"] not in allowed \
                    and row["origin"] != authority.SHIPPED:
                return row, code == recipient
    # none in the demo (rubrics and periods only ship with DVK): any row, in the name
    # of an office outside the sender's authority
    stranger = sorted(o for o in net.offices if o not in allowed)[0]
    for code in net.offices:
        for row in net.rows(code, kind_name):
            moved = {**row, "origin": stranger}
            if kind_name == "units":
                moved["parent_code"] = stranger
            return moved, False
    return None


def _new_key(kind_name: str, row: Row) -> Row:
    if kind_name == "units":
        return {**row, "code": f"{row['code']}-X{uuid.uuid4().hex[:4]}", "id": str(uuid.uuid4())}
    return {**row, "id": str(uuid.uuid4())}


def _above(net: DemoNet, sender: str, _others: list[str]) -> dict[str, str] | None:
    """A level above the sender's own (none above a province)."""
    level = net.offices[sender]["level"]
    return None if level == "tinh" else {"level": "tinh"}


_CLAIMS = {  # forged levels and issuers, made in the sender's own name
    "decisions": lambda net, sender, others: {"issuer_code": others[0]},
    "proposals": lambda net, sender, others: {"office_code": others[0]},
    "score_sheets": _above,
    "recognition_steps": _above,
}


def _variants(net: DemoNet, kind_name: str, sender: str, recipient: str,
              allowed: set[str]) -> list[tuple[str, Row]]:
    """The forgeries of one kind for one sender and recipient (label, record)."""
    found = _foreign_row(net, kind_name, recipient, allowed)
    if found is None:
        return []
    row, held = found
    result = [("new record in another office's name", newer(_new_key(kind_name, row)))]
    # a setting the office above chooses may replace the recipient's own (docs/authority.md)
    takes_over = authority.rule(kind_name).setting and row["origin"] == recipient
    if held:
        result.append(("another office's record, changed", newer(row)))
        if kind_name != "units" and not takes_over:
            result.append(("another office's record, claimed as the sender's",
                           newer(row, origin=sender)))
    if kind_name in _CLAIMS:
        others = sorted(o for o in net.offices if o not in allowed)
        claims = _CLAIMS[kind_name](net, sender, others)
        if claims is not None:
            result.append(("forged level or issuer",
                           newer(_new_key(kind_name, row), origin=sender, **claims)))
    return result


def test_every_kind_every_direction_every_forgery_is_refused(net, tmp_path):
    cases = refused = 0
    covered: dict[str, set[str]] = {UP: set(), DOWN: set()}
    for sender, recipient, way in _pairs(net):
        allowed = _authority(net, sender, recipient, way)
        carrier = net.genuine(sender, recipient, tmp_path / f"{sender}-{recipient}.dvk",
                              full=False)
        signing = net.signing(sender)
        for kind in all_kinds():
            for label, row in _variants(net, kind.name, sender, recipient, allowed):
                cases += 1
                bundle = forged(carrier, tmp_path / f"f{cases}.dvk", signing,
                                lambda records, k=kind.name, r=row: put(records, k, r))
                try:
                    error = net.refused(recipient, bundle)
                except BaseException as failure:
                    raise AssertionError((sender, recipient, kind.name, label, row)) \
                        from failure
                assert error.reason == "authority", (sender, recipient, kind.name, label,
                                                     error.reason, error.message)
                assert "Toàn bộ tệp bị từ chối" in error.message, error.message
                refused += 1
                covered[way].add(kind.name)
    assert refused == cases and cases >= 120
    for way in (UP, DOWN):  # every kind was forged in both directions
        assert covered[way] == {k.name for k in all_kinds()}, (way, sorted(
            {k.name for k in all_kinds()} - covered[way]))


def test_a_district_cannot_forge_the_provinces_decision_for_its_communes(net, tmp_path):
    """Going down, the district's own records are its own only: a decision in the
    province's name, sent by the district, is refused by the commune."""
    commune, district, _way = _pairs(net)[0]
    province = net.of_level("tinh")[0]
    decision = net.rows(district, "decisions", "origin = ? AND state = 'ban_hanh'",
                        [province])[0]
    carrier = net.genuine(district, commune, tmp_path / "down.dvk", full=False)

    def edit(records):
        put(records, "decisions", {**decision, "id": str(uuid.uuid4()),
                                   "number": "99-QĐ/BCĐ"})

    error = net.refused(commune, forged(carrier, tmp_path / "f.dvk", net.signing(district),
                                        edit))
    assert error.reason == "authority" and province in error.message


def test_what_the_province_made_reaches_the_commune_in_the_provinces_bundle(net, tmp_path):
    commune, district, _way = _pairs(net)[0]
    province = net.of_level("tinh")[0]
    with net.open(province) as ctx:
        ctx.calendar.set_deadlines(2028, registration=__import__("datetime").date(2028, 4, 1))
    net.imported(district, net.genuine(province, district, tmp_path / "p.dvk", full=False))
    result = net.imported(commune, net.genuine(district, commune, tmp_path / "d.dvk",
                                               full=False))
    assert [(p.bundle.sender, p.relayed_by) for p in result.preview.relayed] == [
        (province, district)]
    with net.open(commune) as ctx:
        assert ctx.db.execute("SELECT origin FROM campaign_years WHERE year = 2028"
                              ).fetchone() == (province,)
