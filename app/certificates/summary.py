"""The signed summary a certificate carries, and the code printed from it.

    payload_for(ctx, summary, signer=None) -> "DVK1:..."   (at most 300 characters)

`signer` is the office key unlocked once for a whole batch
(`ctx.certificate_codes.signer(passphrase)`); without one, the key this session has
already unlocked is used, and PassphraseNeeded is raised when there is none, so the
window can ask and try again. `summary_for_registration` fills a summary from a
registration in this office's data, for recognition to call.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace
from typing import TYPE_CHECKING

from app.certificates import codec
from app.certificates.link import linked
from app.certificates.model import CertificateSummary
from app.certificates.signer import CertificateSigner
from app.domain.text import clean
from app.errors import DvkError
from app.i18n import _

if TYPE_CHECKING:
    from app.context import AppContext

__all__ = ["CertificateSummary", "payload_for", "summary_for_registration"]


# Never signed into a code: controls (C0, C1), invisible format characters (the marks
# that reorder text, such as U+202E, zero-width joiners, soft hyphens, tags) and lone
# surrogates. A name shown from a code must say what the certificate says.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def _printable(text: str) -> str:
    """Stored text, with no control or invisible character at all (a tab or a line
    break is a space, as clean() makes it)."""
    text = (text or "").translate(_BREAKS)
    if any(unicodedata.category(ch) in _HIDDEN_CATEGORIES for ch in text):
        text = "".join(ch for ch in text if unicodedata.category(ch) not in _HIDDEN_CATEGORIES)
    return clean(text)


_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def cleaned(summary: CertificateSummary) -> CertificateSummary:
    """The summary's texts as they are signed: NFC, tidy spaces, no control characters."""
    texts = {name: _printable(getattr(summary, name)) for name in codec.TEXT_FIELDS}
    return replace(summary, **texts)


def payload_for(ctx: AppContext, summary: CertificateSummary,
                signer: CertificateSigner | None = None) -> str:
    """The text of the certificate's QR code, through the context's certificate codes
    (for scripts and tests; `CertificateCodeService.payload` signs it)."""
    return ctx.certificate_codes.payload(summary, signer)


def signed_payload(summary: CertificateSummary, signer: CertificateSigner,
                   link_base: str) -> str:
    """The text of the certificate's QR code, signed by this office's key (a link to the
    verifier page carrying it when the office set one, `link_base`:
    app/certificates/link.py).

    The issuer is the signer's office: a summary naming another issuer is refused
    (only the office that recognised a model can vouch for it)."""
    if summary.issuer_unit_code and summary.issuer_unit_code != signer.unit_code:
        raise DvkError(_(
            "This certificate is issued by {issuer}; only that office can sign its code "
            "(this office is {office}).").format(issuer=summary.issuer_unit_code,
                                                 office=signer.unit_code))
    signed = replace(cleaned(summary), issuer_unit_code=signer.unit_code,
                     issuer_key_id=signer.key_id)
    try:
        return linked(link_base, codec.encode(codec.fit(signed), signer.sign))
    except ValueError as error:
        raise DvkError(_(
            "The certificate code cannot be made ({detail}). Check the model's id, the "
            "year and the decision's date and number.").format(detail=error)) from error


def summary_for_registration(ctx: AppContext, registration_id: str, *, level: str,
                             year: int, decision_number: str,
                             decision_date: dt.date | None,
                             certificate_number: str) -> CertificateSummary:
    """The summary of a recognised registration of this office's data: unit, model and
    registrant from the registration; the rest from the decision and the register."""
    record = ctx.registrations.get(registration_id)
    unit = ctx.units.get(record["unit_code"])
    return CertificateSummary(
        unit_code=record["unit_code"], unit_name=unit.name if unit else "",
        model_id=record["id"], model_name=record["name"], registrant=record["registrant"],
        level=level, year=year, decision_number=decision_number,
        decision_date=decision_date, certificate_number=certificate_number)


def summary_for_issued_item(ctx: AppContext, issuer: str,
                            certificate_number: str = "01/GCN") -> CertificateSummary | None:
    """The summary of the first model an issued decision of `issuer` recognises, as this
    office holds it (the decision item's snapshot), or None: for demo files, vectors
    and tests that need a certificate the issuer really made."""
    row = ctx.db.execute(
        "SELECT i.registration_id, i.model_name, i.registrant, i.unit_code, d.number,"
        " d.decided_on, d.level, d.year FROM decision_items i JOIN decisions d"
        " ON d.id = i.decision_id WHERE d.origin = ? AND d.state = 'ban_hanh'"
        " AND i.removed = 0 ORDER BY d.decided_on, i.position, i.id LIMIT 1",
        [issuer]).fetchone()
    if row is None:
        return None
    unit = ctx.units.get(row[3])
    return CertificateSummary(
        unit_code=row[3], unit_name=unit.name if unit else "", model_id=row[0],
        model_name=row[1], registrant=row[2], level=row[6], year=row[7],
        decision_number=row[4],
        decision_date=dt.date.fromisoformat(row[5]) if row[5] else None,
        certificate_number=certificate_number)
