"""Demo networks show printing in its states: Party layout with emblem and signer,
State layout with a blank signer and an administrator's wording."""

from __future__ import annotations

from app.context import AppContext
from app.demo.network import load_network
from tests.printing import pdfcheck


def test_demo_offices_print_in_both_layouts(demo_network):
    offices = load_network(demo_network)["offices"]
    seen = set()
    for office in offices:
        with AppContext.open(demo_network / office["db"]) as ctx:
            settings = ctx.printing.office()
            seen.add((settings.system, bool(settings.emblem), bool(settings.signer.name)))
            doc = ctx.printing.sample_document("certificate")
            text = pdfcheck.text(ctx.printing.render(doc))
            if settings.system == "state":
                assert "GIẤY CHỨNG NHẬN" in text and "CỘNG HÒA XÃ HỘI" in text
            else:
                assert "GIẤY CÔNG NHẬN" in text and settings.signer.name in text
    assert ("party", True, True) in seen and ("state", False, False) in seen


def test_a_demo_registration_prints(demo_network, tmp_path):
    office = next(o for o in load_network(demo_network)["offices"] if o["level"] == "xa")
    with AppContext.open(demo_network / office["db"]) as ctx:
        rows = ctx.db.execute("SELECT id FROM registrations LIMIT 3").fetchall()
        for (registration_id,) in rows:
            path = ctx.printing.save(ctx.printing.registration_document(registration_id),
                                     tmp_path / f"{registration_id}.pdf")
            assert "BẢN ĐĂNG KÝ" in pdfcheck.text(path.read_bytes())
