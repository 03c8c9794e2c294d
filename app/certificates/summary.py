"""The signed summary a certificate carries, and the code printed from it.

    signed_payload(summary, signer, link_base) -> "DVK1:..."   (at most 300 characters)

`signer` is the office key unlocked once for a whole batch; the certificate codes'
service (`CertificateCodeService.payload`, app/certificates/service.py) finds it and
the office's link, and fills a summary from a registration or an issued decision.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from app.certificates import codec
from app.certificates.link import linked
from app.certificates.model import CertificateSummary
from app.certificates.signer import CertificateSigner
from app.domain.text import clean
from app.errors import DvkError
from app.i18n import _

__all__ = ["CertificateSummary", "cleaned", "signed_payload"]


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
