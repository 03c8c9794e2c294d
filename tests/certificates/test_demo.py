"""Demo networks carry certificates with real signed codes in every state."""

from __future__ import annotations

from app.certificates import verify
from app.context import AppContext
from app.demo import certificates as demo
from app.demo.network import load_network


def _verdicts(network_folder, level_index: int, name: str) -> list[verify.Verdict]:
    offices = load_network(network_folder)["offices"]
    office = [o for o in offices if o["level"] == "xa"][level_index] if level_index >= 0 \
        else next(o for o in offices if o["level"] == "tinh")
    with AppContext.open(network_folder / office["db"]) as ctx:
        return ctx.certificate_codes.verify_file(network_folder / demo.FOLDER / name)


def test_demo_certificates_show_every_verdict(demo_network):
    first_commune, other_commune, province = 0, 1, -1
    genuine, = _verdicts(demo_network, first_commune, demo.GENUINE_PNG)
    assert (genuine.outcome, genuine.reason) == (verify.GENUINE, verify.SIGNED_HERE)
    at_parent, = _verdicts(demo_network, province, demo.GENUINE_PNG)
    assert (at_parent.outcome, at_parent.reason) == (verify.GENUINE, verify.SIGNED_BY_TRUSTED)
    sibling, = _verdicts(demo_network, other_commune, demo.GENUINE_PNG)
    assert (sibling.outcome, sibling.reason) == (verify.CANNOT_CONFIRM, verify.UNKNOWN_KEY)
    altered, = _verdicts(demo_network, first_commune, demo.ALTERED_PNG)
    assert (altered.outcome, altered.reason) == (verify.NOT_GENUINE, verify.ALTERED)
    foreign, = _verdicts(demo_network, province, demo.FOREIGN_PNG)
    assert (foreign.outcome, foreign.reason) == (verify.CANNOT_CONFIRM, verify.UNKNOWN_KEY)
    assert "Phường Ba Đình (00004)" in foreign.explanation


def test_the_demo_pdf_and_the_codes_file(demo_network):
    folder = demo_network / demo.FOLDER
    pdf = next(folder.glob("*-giay-cong-nhan.pdf"))
    verdicts = _verdicts(demo_network, -1, pdf.name)
    assert len(verdicts) == 3 and all(v.genuine for v in verdicts)
    assert [v.summary.certificate_number for v in verdicts] == ["01/GCN", "02/GCN", "03/GCN"]
    codes = [line for line in (folder / demo.CODES_TXT).read_text(encoding="utf-8").splitlines()
             if line.startswith("DVK1:")]
    assert len(codes) == 5
    province = next(o for o in load_network(demo_network)["offices"] if o["level"] == "tinh")
    with AppContext.open(demo_network / province["db"]) as ctx:
        outcomes = [ctx.certificate_codes.verify_text(code).outcome for code in codes]
    assert outcomes == [verify.GENUINE] * 3 + [verify.NOT_GENUINE, verify.CANNOT_CONFIRM]
