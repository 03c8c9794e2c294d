"""Relaying (issue 7, point 1): a district forwards its communes' bundles verbatim, so
the province checks each record against the signature of the commune that made it."""

from __future__ import annotations

from tests.sync.builders import manifest_of, register, rename_model
from tests.sync.tree_net import C1, D1, PROVINCE


def test_a_commune_record_reaches_the_province_signed_by_the_commune(tree, tmp_path):
    out = tmp_path / "out"
    with tree.open(C1) as commune:
        model = register(commune, "Mô hình Dân vận khéo xã Yên Mô")
    tree.hop(C1, D1, out)
    bundle, result = tree.hop(D1, PROVINCE, out)
    manifest = manifest_of(bundle)
    relayed = [f["name"] for f in manifest["files"] if f["name"].startswith("relayed/")]
    assert len(relayed) == 1
    # the district did not sign the commune's records again
    assert "registrations" not in manifest["counts"]
    preview = result.preview
    assert [p.bundle.sender for p in preview.relayed] == [C1]
    assert preview.relayed[0].summary["registrations"].new == 1
    with tree.open(PROVINCE) as province:
        row = province.db.execute("SELECT origin, name FROM registrations WHERE id = ?",
                                  [model]).fetchone()
        assert row == (C1, "Mô hình Dân vận khéo xã Yên Mô")
        inbox = {(r.sender, r.recipient, r.relayed_by) for r in province.sync.inbox()}
        assert inbox == {(C1, D1, D1), (D1, PROVINCE, "")}


def test_a_district_edit_travels_signed_by_the_district(tree, tmp_path):
    out = tmp_path / "out"
    with tree.open(C1) as commune:
        model = register(commune, "Mô hình A")
    tree.hop(C1, D1, out)
    with tree.open(D1) as district:
        rename_model(district, model, "Mô hình A (huyện sửa)")
    bundle, result = tree.hop(D1, PROVINCE, out)
    assert manifest_of(bundle)["counts"]["registrations"] == 1
    with tree.open(PROVINCE) as province:
        assert province.db.execute("SELECT name, version FROM registrations").fetchall() == [
            ("Mô hình A (huyện sửa)", 2)]


def test_district_bundles_in_any_order_give_the_same_province(tree, tmp_path):
    """The second district bundle overtakes the first: what the commune's second bundle
    points at comes with it (as the district's own record), and the first one, when it
    arrives, fills the gap. Same final state either way."""
    from app.sync import importer
    from tests.sync.builders import content

    out = tmp_path / "out"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with tree.open(C1) as commune:
        first = register(commune, "Mô hình A", person=True, evidence=png)
    tree.hop(C1, D1, out)
    one = tree.send(D1, PROVINCE, out / "d1-1.dvk")
    with tree.open(C1) as commune:
        rename_model(commune, first, "Mô hình A (sửa)")
        register(commune, "Mô hình B")
    tree.hop(C1, D1, out)
    with tree.open(D1) as district:
        sheet = district.scoring.create(first, "huyen")
    two = tree.send(D1, PROVINCE, out / "d1-2.dvk")
    results = []
    for order in ([one, two], [two, one]):
        with tree.open(PROVINCE) as province:
            province.db.execute("SAVEPOINT test_order")
            for bundle in order:
                preview = province.sync.prepare(bundle)
                assert not preview.all_rejections(), [r.reason for r in preview.all_rejections()]
                importer.apply(province.db, preview, actor="test")
            results.append(content(province))
            assert province.db.execute("SELECT count(*) FROM score_sheets WHERE id = ?",
                                       [sheet]).fetchone()[0] == 1
            province.db.execute("ROLLBACK TO test_order")
            province.db.execute("RELEASE test_order")
    assert results[0] == results[1]
    names = sorted(dict(r)["name"] for r in results[0]["registrations"])
    assert names == ["Mô hình A (sửa)", "Mô hình B"]
