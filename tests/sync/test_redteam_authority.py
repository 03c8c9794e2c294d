"""Red team, authority (issue 15, points 1 and 2): an attacker holding one genuine
commune key edits a bundle that commune really wrote and signs it again. Each attack
the issue reproduced, on a real three-tier demo network, is refused whole: the refusal
named in Vietnamese, the data file byte for byte unchanged, at the district and, when
a district forwards it, at the province."""

from __future__ import annotations

import uuid

import pytest

from app.sync.errors import BundleRefused
from tests.sync.redteam import DemoNet, forged, newer, put


@pytest.fixture
def net(ba_cap) -> DemoNet:
    return DemoNet(ba_cap)


def _cast(net: DemoNet):
    """(commune, its district, the province, a commune of another district, that
    district): the commune is one that was not merged away."""
    province = net.of_level("tinh")[0]
    with net.open(province) as ctx:
        merged = {r[0] for r in ctx.db.execute(
            "SELECT code FROM units WHERE merged_into IS NOT NULL")}
    communes = [c for c in net.of_level("xa") if c not in merged]
    commune = communes[0]
    district = net.parent(commune)
    other = next(c for c in communes if net.parent(c) != district)
    return commune, district, province, other, net.parent(other)


def _vietnamese(error: BundleRefused) -> None:
    assert error.reason == "authority"
    assert "không có quyền" in error.message, error.message
    assert "Toàn bộ tệp bị từ chối" in error.message, error.message


def test_a_commune_cannot_reparent_another_commune_and_speak_for_it(net, tmp_path):
    """1a: a `units` record moving another district's commune under the attacker, then
    records claiming to come from that commune."""
    commune, district, province, other, _other_district = _cast(net)
    unit = net.rows(district, "units", "code = ?", [other])[0]
    registration = net.rows(province, "registrations", "origin = ?", [other])[0]
    genuine = net.genuine(commune, district, tmp_path / "genuine.dvk", full=False)

    def edit(records):
        put(records, "units", newer(unit, parent_code=commune))
        put(records, "registrations", {**registration, "id": str(uuid.uuid4()),
                                       "name": "Mô hình giả mạo"})

    bundle = forged(genuine, tmp_path / "forged.dvk", net.signing(commune), edit)
    _vietnamese(net.refused(district, bundle))
    _vietnamese(net.refused(province, net.forwarded_anyway(district, bundle, tmp_path / "relay.dvk")))


def test_a_new_unit_of_the_file_cannot_be_a_unit_this_office_has(net, tmp_path):
    """1a, the growth: a file may add sub-units under the sender, never move an
    existing unit there, even an unofficial one."""
    commune, district, _province, other, _od = _cast(net)
    village = net.rows(district, "units", "origin <> 'VN' AND parent_code <> ?",
                       [commune])
    genuine = net.genuine(commune, district, tmp_path / "genuine.dvk", full=False)
    target = village[0] if village else net.rows(district, "units", "code = ?", [other])[0]

    def edit(records):
        put(records, "units", newer(target, parent_code=commune, origin=commune))

    _vietnamese(net.refused(district, forged(genuine, tmp_path / "f.dvk",
                                             net.signing(commune), edit)))


def test_no_item_can_be_added_to_an_issued_decision(net, tmp_path):
    """1b: a `decision_items` row appended to the province's issued decision, as the
    province's and as the commune's own."""
    commune, district, province, _other, _od = _cast(net)
    decision = net.rows(district, "decisions", "origin = ? AND state = 'ban_hanh'",
                        [province])[0]
    item = net.rows(district, "decision_items", "decision_id = ?", [decision["id"]])[0]
    registration = net.rows(commune, "registrations", "origin = ?", [commune])[-1]
    genuine = net.genuine(commune, district, tmp_path / "genuine.dvk", full=False)
    for origin in (province, commune):
        def edit(records, origin=origin):
            put(records, "decision_items", {
                **item, "id": str(uuid.uuid4()), "origin": origin, "position": 99,
                "registration_id": registration["id"], "model_name": registration["name"]})
        bundle = forged(genuine, tmp_path / f"f-{origin}.dvk", net.signing(commune), edit)
        _vietnamese(net.refused(district, bundle))
        _vietnamese(net.refused(province, net.forwarded_anyway(district, bundle, tmp_path / "relay.dvk")))


def test_a_commune_cannot_issue_a_province_decision(net, tmp_path):
    """1c: a whole new decision at province level, issuer the province: whether it
    claims the province's origin or the commune's, with its items."""
    commune, district, province, _other, _od = _cast(net)
    decision = net.rows(district, "decisions", "origin = ? AND state = 'ban_hanh'",
                        [province])[0]
    item = net.rows(district, "decision_items", "decision_id = ?", [decision["id"]])[0]
    genuine = net.genuine(commune, district, tmp_path / "genuine.dvk", full=False)
    for origin in (province, commune):
        def edit(records, origin=origin):
            new_id = str(uuid.uuid4())
            put(records, "decisions", {**decision, "id": new_id, "origin": origin,
                                       "number": "99-QĐ/BCĐ"})
            put(records, "decision_items", {**item, "id": str(uuid.uuid4()),
                                            "decision_id": new_id, "origin": origin})
        bundle = forged(genuine, tmp_path / f"f-{origin}.dvk", net.signing(commune), edit)
        _vietnamese(net.refused(district, bundle))
        _vietnamese(net.refused(province, net.forwarded_anyway(district, bundle, tmp_path / "relay.dvk")))


def test_a_record_cannot_take_over_another_offices_record_by_its_id(net, tmp_path):
    """2: a record from the commune carrying the id of another commune's registration
    (ids travel down in decision items), and of the district's own score sheet."""
    commune, district, province, other, _od = _cast(net)
    theirs = net.rows(province, "registrations", "origin = ?", [other])[0]
    sheet = net.rows(district, "score_sheets", "origin = ?", [district])[0]
    genuine = net.genuine(commune, district, tmp_path / "genuine.dvk", full=False)

    def take_registration(records):
        put(records, "registrations", newer(theirs, origin=commune, unit_code=commune,
                                            subunit_code=None, name="Đã chiếm"))

    bundle = forged(genuine, tmp_path / "reg.dvk", net.signing(commune), take_registration)
    _vietnamese(net.refused(province, net.forwarded_anyway(district, bundle, tmp_path / "relay.dvk")))

    def take_sheet(records):
        put(records, "score_sheets", newer(sheet, origin=commune))

    _vietnamese(net.refused(district, forged(genuine, tmp_path / "sheet.dvk",
                                             net.signing(commune), take_sheet)))


def test_a_commune_cannot_replace_the_provinces_rubric_or_calendar(net, tmp_path):
    """2: a province rubric with pass mark 0, and the year's calendar (a kind that only
    travels down), sent up by the commune."""
    commune, district, province, _other, _od = _cast(net)
    with net.open(province) as ctx:
        shipped = ctx.rubrics.listing()[0] if hasattr(ctx.rubrics, "listing") else None
        rubric_id = ctx.rubrics.copy(ctx.db.execute(
            "SELECT id FROM rubrics WHERE origin = 'VN' LIMIT 1").fetchone()[0],
            "Bảng điểm của tỉnh")
    assert shipped is None or shipped
    net.imported(district, net.genuine(province, district, tmp_path / "down.dvk"))
    rubric = net.rows(district, "rubrics", "id = ?", [rubric_id])[0]
    calendar = net.rows(district, "campaign_years", "year = 2026")[0]
    genuine = net.genuine(commune, district, tmp_path / "genuine.dvk", full=False)
    for name, row in (("rubrics", newer(rubric, threshold_pass=0)),
                      ("rubrics", newer(rubric, threshold_pass=0, origin=commune)),
                      ("campaign_years", newer(calendar, registration_deadline="2026-12-31")),
                      ("campaign_years", newer(calendar, origin=commune,
                                               registration_deadline="2026-12-31"))):
        def edit(records, name=name, row=row):
            put(records, name, row)
        _vietnamese(net.refused(district, forged(genuine, tmp_path / f"{name}.dvk",
                                                 net.signing(commune), edit)))


def test_the_genuine_bundles_of_the_attackers_still_go_in(net, tmp_path):
    """The forging tool changes only what it is told: the same files unedited are
    imported (so the refusals above are the authority rule's, not the tool's)."""
    commune, district, _province, _other, _od = _cast(net)
    genuine = net.genuine(commune, district, tmp_path / "genuine.dvk")
    same = forged(genuine, tmp_path / "same.dvk", net.signing(commune), lambda records: None)
    assert net.imported(district, same).applied
