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
        inbox = {(r["sender"], r["recipient"], r["relayed_by"]) for r in province.sync.inbox()}
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
