"""A decision's certificates printed for real carry signed codes: the office that
issued them, and its province, check them back from the PDF as genuine. The codes are
signed when the decision is issued (they are part of the paper frozen with it), so
printing asks for no passphrase."""

from __future__ import annotations

import json

from app.cli import main
from app.context import AppContext


def _own_issued_decision(db) -> tuple[str, str]:
    with AppContext.open(db) as ctx:
        for decision in ctx.decisions.listing(state="ban_hanh"):
            if decision.issuer_code == ctx.office_code:
                return decision.number, str(decision.year)
    raise AssertionError("the demo commune has an issued decision of its own")


def test_printed_certificates_verify_at_the_issuer_and_its_province(
        demo_network, tmp_path, monkeypatch, capsys):
    network = json.loads((demo_network / "network.json").read_text(encoding="utf-8"))
    commune = demo_network / next(o["db"] for o in network["offices"] if o["level"] == "xa")
    province = demo_network / "tinh-37.sqlite"
    number, year = _own_issued_decision(commune)
    pdf = tmp_path / "giay-cong-nhan.pdf"

    monkeypatch.delenv("DVK_PASSPHRASE", raising=False)
    assert main(["--db", str(commune), "print", "certificates", "--decision", number,
                 "--year", year, "--out", str(pdf)]) == 0
    capsys.readouterr()
    for office in (commune, province):
        assert main(["--db", str(office), "verify-certificate", str(pdf), "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        verdicts = report["verdicts"]
        assert report["genuine"] and verdicts and all(v["genuine"] for v in verdicts)
        assert {v["summary"]["decision_number"] for v in verdicts} == {number}
