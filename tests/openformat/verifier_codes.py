"""Certificate codes for every verdict, made on the three-tier demo network, and the
verdicts `dvk verify-certificate` gives them at an office."""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

from app.certificates import codec, verify
from app.certificates.signer import CertificateSigner
from app.demo.certificates import CODES_TXT, FOLDER
from app.demo.reliability import DEMO_PASSWORD, USERS
from app.domain.accounts import APPROVER
from tests.sync.redteam import PASSPHRASE, DemoNet

APPROVER_NAME = next(name for name, _full, role in USERS if role == APPROVER)


def issued(net: DemoNet, signer: str):
    with net.open(signer) as ctx:
        return ctx.certificate_codes.summary_for_issued_item(signer)


def code_of(net: DemoNet, signer: str, key_id: str | None = None, **claims) -> str:
    """A code of a model `signer` recognised, signed by its key (or an older one),
    with some claims changed."""
    with net.open(signer) as ctx:
        if ctx.accounts.enabled():  # the demo commune with accounts: its approver signs
            ctx.accounts.login(APPROVER_NAME, DEMO_PASSWORD)
        codes = ctx.certificate_codes
        summary = dataclasses.replace(codes.summary_for_issued_item(signer), **claims)
        if key_id is None:
            return ctx.certificate_codes.payload(summary, ctx.certificate_codes.signer(PASSPHRASE))
        office = ctx.units.office()
        old = CertificateSigner(office.code, office.name,
                                ctx.keys.unlock_key(key_id, PASSPHRASE))
        return ctx.certificate_codes.payload(summary, old)


def every_verdict(net: DemoNet, network: Path) -> list[str]:
    province = net.of_level("tinh")[0]
    districts = net.of_level("huyen")
    communes = [c for c in net.of_level("xa") if issued(net, c)]
    story = net.story
    printed = [line for line in (network / FOLDER / CODES_TXT).read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")]
    codes = list(printed)
    for signer in [province, *districts, *communes]:
        if issued(net, signer) is None:
            continue
        genuine = code_of(net, signer)
        codes += [genuine, "https://dvk.ninhbinh.gov.vn/xac-minh.html#" + genuine,
                  genuine[:60] + "\n" + genuine[60:] + " "]
        codes.append(code_of(net, signer, level="tinh" if signer != province else "xa"))
        codes.append(code_of(net, signer, decision_number="99-QĐ/BCĐ"))
        other = next(c for c in net.of_level("xa") if c != signer and not net.parent(c)
                     == signer)
        codes.append(code_of(net, signer, unit_code=other))
        codes.append(code_of(net, signer, model_id="6f1c2a4e-8b3d-4c5e-9f70-112233445566"))
        decoded = codec.decode(genuine)
        forged = codec.encode(dataclasses.replace(decoded.summary, registrant="Ông Giả Mạo"),
                              lambda _m, sig=decoded.signature: sig)
        codes.append(forged)
        claims_other = codec.encode(dataclasses.replace(decoded.summary,
                                                        issuer_unit_code=province),
                                    lambda _m, sig=decoded.signature: sig)
        codes.append(claims_other)
    for signer in [province, *districts, *communes][:3]:  # a key signing for another office
        if issued(net, signer) is None:
            continue
        with net.open(signer) as ctx:
            own = ctx.certificate_codes.signer(PASSPHRASE)
            decoded = codec.decode(code_of(net, signer))
            other = next(o for o in [province, *districts] if o != signer)
            codes.append(codec.encode(dataclasses.replace(
                decoded.summary, issuer_unit_code=other), own.sign))
    rotated = story.get("rotated")
    if rotated and issued(net, rotated["unit"]):  # signed before the district's rotation
        codes.append(code_of(net, rotated["unit"], key_id=rotated["old_key_id"]))
    replaced = story.get("replaced")
    if replaced:  # a key revoked after the commune lost its computer
        for key_id in replaced["revoked"]:
            try:
                codes.append(code_of(net, replaced["unit"], key_id=key_id))
            except Exception:  # no decision of its own to sign for
                break
    codes += ["", "   ", "hello", "DVK2:AAAA", "DVK1:AAAA", "dvk1:AAAA",
              "DVK1:" + "A" * 400, "https://example.org/#hello", printed[0][:-3]]
    with net.open(communes[0]) as ctx:
        signer = ctx.certificate_codes.signer(PASSPHRASE)
        nfd = verify.CertificateSummary(
            unit_code=communes[0], unit_name=unicodedata.normalize("NFD", "Phường Á"),
            model_id="6f1c2a4e-8b3d-4c5e-9f70-112233445566", model_name="Mô hình",
            registrant="Chi hội", level="coso", year=2026, decision_number="1",
            decision_date=None, certificate_number="1", issuer_unit_code=signer.unit_code,
            issuer_key_id=signer.key_id)
        codes.append(codec.encode(nfd, signer.sign))
    return codes


def python_verdicts(net: DemoNet, office: str, codes: list[str]) -> list[list[str]]:
    with net.open(office) as ctx:
        return [[v.outcome, v.reason, v.explanation]
                for v in (ctx.certificate_codes.verify_text(code) for code in codes)]
