"""Demo certificates with real signed codes, in every state a clerk can meet.

The first commune recognises last year's three best-scored models (a made-up
decision until recognition ships its own), signs their codes with its key and
prints them into `certificates/` beside the offices' data files:

    <code>-giay-cong-nhan.pdf     the three certificates, one PDF (genuine)
    giay-cong-nhan-that.png       page 1 as a 150 dpi scan: genuine at the commune
                                  (its own key) and at its parent (a trusted child key)
    giay-cong-nhan-bi-sua.png     the same code with the recipient changed: NOT genuine
    giay-cong-nhan-don-vi-la.png  signed by an office nobody here trusts: cannot confirm
    ma-kiem-tra.txt               the codes as text, to paste into the window or the CLI

`signed_entries` is what recognition can call to print certificates with codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import nacl.signing

from app.certificates import codec
from app.certificates.signer import CertificateSigner
from app.context import AppContext
from app.demo.sync import DEMO_PASSPHRASE
from app.domain.recognition import office_recognition_level
from app.domain.scoring import LOCKED
from app.domain.sheets import SheetFilter
from app.printing.inputs import DecisionData, RecognisedEntry

FOLDER = "certificates"
GENUINE_PNG = "giay-cong-nhan-that.png"
ALTERED_PNG = "giay-cong-nhan-bi-sua.png"
FOREIGN_PNG = "giay-cong-nhan-don-vi-la.png"
CODES_TXT = "ma-kiem-tra.txt"
SCAN_DPI = 150
FORGED_RECIPIENT = "Chi hội Nông dân thôn Tiền Phong"
FOREIGN_UNIT = ("00004", "Phường Ba Đình")  # a real ward far outside the demo network


def signed_entries(ctx: AppContext, decision: DecisionData, recognised: list[tuple[str, str]],
                   signer: CertificateSigner | None, level: str) -> list[RecognisedEntry]:
    """Certificate entries for registrations [(id, certificate number)], each with its
    signed code (none when `signer` is None: an office without a key)."""
    entries = []
    for registration_id, number in recognised:
        record = ctx.registrations.get(registration_id)
        summary = ctx.certificate_codes.summary_for_registration(
            registration_id, level=level, year=decision.year,
            decision_number=decision.number, decision_date=decision.date,
            certificate_number=number)
        entries.append(RecognisedEntry(
            record.name, record.registrant, record.field, subject=record.subject,
            certificate_number=number,
            detail=(record.person.position if record.person else "") or "",
            qr_payload=ctx.certificate_codes.payload(summary, signer) if signer else None))
    return entries


def _best_of_year(ctx: AppContext, year: int, count: int) -> list[str]:
    standings = [s for s in ctx.scoring.standings(SheetFilter(year=year, state=LOCKED))
                 if not s.result.prerequisites_failed and s.result.total is not None]
    standings.sort(key=lambda s: (-(s.result.total or 0), s.registration_id))
    return [s.registration_id for s in standings[:count]]


def _png(ctx: AppContext, pdf: bytes, path: Path) -> None:
    with ctx.printing.pages(pdf) as pages:
        path.write_bytes(pages.png(0, SCAN_DPI))


def write_demo_certificates(out: Path, office_db: Path, today: dt.date) -> Path | None:
    """The demo certificates of the commune in `office_db`; returns their folder."""
    folder = out / FOLDER
    with AppContext.open(office_db, actor="demo") as ctx:
        year = today.year - 1
        best = _best_of_year(ctx, year, 3)
        if not best:
            return None
        folder.mkdir(exist_ok=True)
        from app.repositories import calendar as calendar_repo

        period = calendar_repo.period_for_year(ctx.db, year) or {}
        decision = DecisionData(number="12-QĐ/BCĐ", date=dt.date(year, 10, 8), year=year,
                                period=period.get("name", "").replace("Giai đoạn", "").strip(),
                                entries=[], guideline=period.get("guideline", ""))
        signer = ctx.certificate_codes.signer(DEMO_PASSPHRASE)
        decision.entries = signed_entries(
            ctx, decision, [(rid, f"{n:02d}/GCN") for n, rid in enumerate(best, start=1)],
            signer, office_recognition_level(ctx.units.profile, ctx.units.office().level)
            or ctx.units.office().level)
        docs = ctx.printing.certificate_documents(decision)
        office = ctx.office_code
        pdf = ctx.printing.renderer().render_certificates(docs)
        ctx.printing.save_bytes(pdf, folder / f"{office}-giay-cong-nhan.pdf")
        _png(ctx, pdf, folder / GENUINE_PNG)

        genuine = decision.entries[0]
        decoded = codec.decode(genuine.qr_payload or "")
        # A forger keeps the code within the length a genuine code has (a longer one is
        # refused as damaged before its signature is looked at).
        forged = codec.encode(codec.fit(replace(decoded.summary, registrant=FORGED_RECIPIENT)),
                              lambda _message: decoded.signature)
        altered = replace(genuine, registrant=FORGED_RECIPIENT, qr_payload=forged)
        _png(ctx, ctx.printing.render(ctx.printing.certificate_documents(
            replace(decision, entries=[altered]))[0]), folder / ALTERED_PNG)

        stranger = CertificateSigner(*FOREIGN_UNIT, nacl.signing.SigningKey.generate())
        foreign_summary = replace(decoded.summary, issuer_unit_code=stranger.unit_code,
                                  issuer_key_id=stranger.key_id,
                                  certificate_number="07/GCN")
        foreign = codec.encode(codec.fit(foreign_summary), stranger.sign)
        _png(ctx, ctx.printing.render(ctx.printing.certificate_documents(
            replace(decision, entries=[replace(genuine, certificate_number="07/GCN",
                                               qr_payload=foreign)]))[0]),
             folder / FOREIGN_PNG)
    lines = ["# Mã kiểm tra của các giấy công nhận mẫu (dvk verify-certificate MÃ)"]
    for entry in decision.entries:
        lines.append(f"# {entry.certificate_number} {entry.registrant}: thật")
        lines.append(entry.qr_payload or "")
    lines += ["# Mã bị sửa tên người nhận: không phải thật", forged,
              "# Mã của đơn vị lạ: chưa xác nhận được", foreign]
    (folder / CODES_TXT).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
