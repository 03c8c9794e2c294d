"""What a certificate's code says: the summary of one recognition (summary.py re-exports
it; it lives here so that the codec and the service can both use it without a cycle)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CertificateSummary:
    """The facts a printed certificate states, as they are signed into its QR code.

    `unit_*` is the unit the model or exemplar belongs to (the office where it was
    registered); `issuer_*` the office that recognised it and signs the code. Texts are
    as printed (NFC); `decision_number` as it stands on the decision ("05-QĐ/BCĐ"),
    `certificate_number` as written in the register ("01/GCN"). `issuer_key_id` (16 hex
    digits) names the key that signed; signed_payload fills it, and the issuer unit, from
    the signer.
    """

    unit_code: str
    unit_name: str
    model_id: str  # the registration's UUID
    model_name: str
    registrant: str
    level: str  # "coso" | "xa" | "huyen" | "tinh"
    year: int
    decision_number: str
    decision_date: dt.date | None
    certificate_number: str
    issuer_unit_code: str = ""
    issuer_key_id: str = ""
