"""What an X.509 certificate says, as a clerk reads it: who holds it, for which
organisation, who issued it, and from when to when it may sign."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from app import clock
from app.errors import DvkError
from app.i18n import _

VALID = "valid"
EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"


def _attribute(name, oid) -> str:
    values = [a.value for a in name.get_attributes_for_oid(oid)]
    return ", ".join(str(v) for v in values if v)


@dataclass(frozen=True)
class CertificateInfo:
    subject: str  # the holder: a person's name, or the organisation's for its own certificate
    organisation: str
    issuer: str
    serial: str
    not_before: dt.datetime
    not_after: dt.datetime
    sha256: str
    der: bytes

    @classmethod
    def from_der(cls, der: bytes) -> CertificateInfo:
        from cryptography import x509
        from cryptography.x509.oid import NameOID

        try:
            cert = x509.load_der_x509_certificate(der)
        except ValueError as error:
            raise DvkError(_("This is not a readable certificate ({detail}).").format(
                detail=error)) from None
        subject = cert.subject
        organisation = _attribute(subject, NameOID.ORGANIZATION_NAME) or \
            _attribute(subject, NameOID.ORGANIZATIONAL_UNIT_NAME)
        holder = _attribute(subject, NameOID.COMMON_NAME) or organisation or \
            subject.rfc4514_string()
        issuer = _attribute(cert.issuer, NameOID.COMMON_NAME) or cert.issuer.rfc4514_string()
        return cls(subject=holder, organisation=organisation, issuer=issuer,
                   serial=format(cert.serial_number, "X"),
                   not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
                   sha256=hashlib.sha256(der).hexdigest(), der=der)

    def state_at(self, moment: dt.datetime | None = None) -> str:
        moment = moment or clock.now()
        if moment < self.not_before:
            return NOT_YET_VALID
        if moment > self.not_after:
            return EXPIRED
        return VALID

    def period(self) -> str:
        return _("from {start} to {end}").format(start=vietnam_time(self.not_before),
                                                 end=vietnam_time(self.not_after))

    def label(self) -> str:
        """One line for a list: holder, organisation, issuer, valid until."""
        parts = [self.subject]
        if self.organisation and self.organisation != self.subject:
            parts.append(self.organisation)
        parts.append(_("issued by {issuer}").format(issuer=self.issuer))
        parts.append(_("valid until {date}").format(date=vietnam_time(self.not_after)[:10]))
        return " - ".join(parts)

    def require_valid(self, moment: dt.datetime | None = None) -> None:
        """Refuse to sign with a certificate outside its validity: the signature would
        be worthless (and a reader would show it as invalid)."""
        state = self.state_at(moment)
        if state == EXPIRED:
            raise DvkError(_(
                "The certificate of {holder} expired on {date}: a signature made with it "
                "is not valid. Ask the certificate's provider to renew it, then sign "
                "again.").format(holder=self.subject, date=vietnam_time(self.not_after)))
        if state == NOT_YET_VALID:
            raise DvkError(_(
                "The certificate of {holder} is valid only from {date}. Check the "
                "computer's date and time; if they are right, sign from that day on."
            ).format(holder=self.subject, date=vietnam_time(self.not_before)))


def vietnam_time(moment: dt.datetime) -> str:
    """dd/mm/yyyy HH:MM:SS in Vietnam's time (UTC+7), whatever the PC's zone."""
    return f"{clock.in_vietnam(moment):%d/%m/%Y %H:%M:%S}"


def iso_vietnam(moment: dt.datetime) -> str:
    """ISO 8601 with Vietnam's offset: 2026-12-07T15:53:22+07:00."""
    return clock.in_vietnam(moment).isoformat(timespec="seconds")
