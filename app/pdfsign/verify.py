"""What the digital signatures of a PDF say, checked offline (pyHanko).

For each signature: whether the signed bytes are untouched and the signature is
mathematically sound; who signed (the certificate's holder and organisation); when
(the time the signer states, or a timestamp's); whether the certificate leads up to
a trust anchor the office installed (for example the root certificate of the
public-service CA); whether the certificate was valid at that time; whether the
document was changed after signing (a later signature is no change; anything else
is); and what is known about revocation: checked with the revocation data embedded in
the file, or "not checked offline" when the file carries none (DVK never goes online
to check).

A signature is judged at the time it was made (a timestamp's when the file has a
trusted one, else the time the signer states), so a paper signed while its
certificate was valid stays valid after the certificate expires; the report says
which time was used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app.i18n import N_, _
from app.pdfsign.certinfo import EXPIRED, NOT_YET_VALID, CertificateInfo, iso_vietnam, vietnam_time

VALID = "valid"
INVALID = "invalid"
UNTRUSTED = "untrusted"
NO_SIGNATURE = "no_signature"

NOT_CHECKED = "not_checked"
GOOD = "good"
REVOKED = "revoked"

CHANGES_NONE = "none"
CHANGES_SIGNATURES = "signatures"  # later signatures, form fields filled: allowed
CHANGES_OTHER = "other"

REVOCATION_TEXT = {
    NOT_CHECKED: N_("not checked offline (the file carries no revocation data)"),
    GOOD: N_("checked with the data embedded in the file: not revoked"),
    REVOKED: N_("REVOKED according to the data embedded in the file"),
}
CHANGES_TEXT = {
    CHANGES_NONE: N_("no change after signing"),
    CHANGES_SIGNATURES: N_("only signatures were added after this one"),
    CHANGES_OTHER: N_("CHANGED after signing"),
}


@dataclass
class SignatureReport:
    field_name: str
    certificate: CertificateInfo | None
    claimed_time: dt.datetime | None
    timestamp_time: dt.datetime | None
    judged_at: dt.datetime | None
    intact: bool
    sound: bool
    trusted: bool
    anchor: str
    chain: list[str]
    certificate_state: str
    changes: str
    revocation: str
    problems: list[str] = field(default_factory=list)

    @property
    def level(self) -> str:
        return "B-T" if self.timestamp_time else "B-B"

    @property
    def ok(self) -> bool:
        return self.intact and self.sound and self.trusted and \
            self.certificate_state == VALID and self.changes != CHANGES_OTHER and \
            self.revocation != REVOKED

    @property
    def signer(self) -> str:
        return self.certificate.subject if self.certificate else ""

    @property
    def organisation(self) -> str:
        return self.certificate.organisation if self.certificate else ""

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) lines for a person."""
        cert = self.certificate
        rows = [(_("Signed by"), self.signer or "?")]
        if self.organisation:
            rows.append((_("Organisation"), self.organisation))
        if self.timestamp_time:
            rows.append((_("Signing time"), _("{time} (Vietnam time, from a timestamp)")
                         .format(time=vietnam_time(self.timestamp_time))))
        elif self.claimed_time:
            rows.append((_("Signing time"), _("{time} (Vietnam time, as the signer's computer "
                                              "stated it)").format(
                time=vietnam_time(self.claimed_time))))
        if cert:
            rows.append((_("Signing certificate"), _("issued by {issuer}, serial {serial}, {period}")
                         .format(issuer=cert.issuer, serial=cert.serial, period=cert.period())))
        rows.append((_("Chain of trust"), " → ".join(self.chain) if self.chain else
                     _("does not lead to a trust anchor installed in this office")))
        rows.append((_("Document"), _(CHANGES_TEXT[self.changes])))
        rows.append((_("Revocation"), _(REVOCATION_TEXT[self.revocation])))
        rows.append((_("Level"), "PAdES " + self.level))
        return rows

    def as_dict(self) -> dict[str, Any]:
        cert = self.certificate
        return {
            "field": self.field_name, "valid": self.ok, "intact": self.intact,
            "sound": self.sound, "trusted": self.trusted, "trust_anchor": self.anchor,
            "chain": self.chain, "signer": self.signer, "organisation": self.organisation,
            "issuer": cert.issuer if cert else "", "serial": cert.serial if cert else "",
            "certificate_sha256": cert.sha256 if cert else "",
            "not_before": iso_vietnam(cert.not_before) if cert else None,
            "not_after": iso_vietnam(cert.not_after) if cert else None,
            "certificate_at_signing": self.certificate_state,
            "signing_time": iso_vietnam(self.claimed_time) if self.claimed_time else None,
            "timestamp": iso_vietnam(self.timestamp_time) if self.timestamp_time else None,
            "judged_at": iso_vietnam(self.judged_at) if self.judged_at else None,
            "level": "PAdES-" + self.level, "changed_after_signing": self.changes == CHANGES_OTHER,
            "changes": self.changes, "revocation": self.revocation,
            "problems": self.problems,
        }


@dataclass
class PdfReport:
    source: str
    signatures: list[SignatureReport]
    unreadable: str = ""  # why the file could not be read as a PDF

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures)

    @property
    def outcome(self) -> str:
        if self.ok:
            return VALID
        if not self.signatures:
            return NO_SIGNATURE
        if all(s.intact and s.sound and s.changes != CHANGES_OTHER for s in self.signatures) \
                and any(not s.trusted for s in self.signatures):
            return UNTRUSTED
        return INVALID

    @property
    def headline(self) -> str:
        return {
            VALID: _("VALID: the digital signatures of this PDF are genuine"),
            UNTRUSTED: _("NOT CONFIRMED: a signer is not trusted by this office"),
            INVALID: _("NOT VALID: this PDF's signatures do not hold"),
            NO_SIGNATURE: _("NO DIGITAL SIGNATURE in this file"),
        }[self.outcome]

    def explanation(self) -> str:
        if self.unreadable:
            return self.unreadable
        if not self.signatures:
            return _("The file has no digital signature (a scanned stamp or signature "
                     "image is no digital signature).")
        count = len(self.signatures)
        good = sum(1 for s in self.signatures if s.ok)
        return _("{good} of {count} signatures hold.").format(good=good, count=count)

    def advice(self) -> list[str]:
        lines: list[str] = []
        if self.outcome == UNTRUSTED:
            lines.append(_(
                "Install the root certificate of the signer's certificate authority as a "
                "trust anchor (dvk pdf-anchors add FILE, or the button on this screen) if "
                "the office trusts it, then check again."))
        if any(s.changes == CHANGES_OTHER or not s.intact for s in self.signatures):
            lines.append(_("Do not use this file: ask the office that signed it for the "
                           "signed PDF again."))
        if any(s.revocation == NOT_CHECKED for s in self.signatures):
            lines.append(_("Whether a certificate was revoked was not checked (DVK checks "
                           "offline); the signer's CA publishes its revocations."))
        return lines

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "valid": self.ok, "outcome": self.outcome,
                "headline": self.headline, "explanation": self.explanation(),
                "signatures": [s.as_dict() for s in self.signatures]}


def _asn1(info_der: bytes):
    from asn1crypto import x509

    return x509.Certificate.load(info_der)


def _timestamp_time(embedded) -> dt.datetime | None:
    """The time of the signature's timestamp token (PAdES B-T), if it has one."""
    try:
        attributes = embedded.signer_info["unsigned_attrs"]
        for attribute in attributes if attributes.native else []:
            if attribute["type"].native == "signature_time_stamp_token":
                signed = attribute["values"][0]["content"]
                return signed["encap_content_info"]["content"].parsed["gen_time"].native
    except (KeyError, ValueError, AttributeError, IndexError, TypeError):
        return None
    return None


def _embedded_revocation(reader, embedded) -> tuple[list, list]:
    """CRLs and OCSP responses the file carries: in the document security store and
    in the signature itself (Adobe's archival attribute)."""
    from asn1crypto import crl, ocsp
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    crls: list = []
    ocsps: list = []
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        crls.extend(crl.CertificateList.load(ref.get_object().data) for ref in dss.crls)
        ocsps.extend(ocsp.OCSPResponse.load(ref.get_object().data) for ref in dss.ocsps)
    except NoDSSFoundError:
        pass
    try:
        for attribute in embedded.signer_info["signed_attrs"]:
            if attribute["type"].native == "adobe_revocation_info_archival":
                for value in attribute["values"]:
                    crls.extend(value["crl"] or [])
                    ocsps.extend(value["ocsp"] or [])
    except (KeyError, ValueError, TypeError):
        pass
    return crls, ocsps


def _changes(status) -> str:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return CHANGES_NONE
    level = status.modification_level
    if status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and level in (
            ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING):
        return CHANGES_SIGNATURES if level != ModificationLevel.NONE else CHANGES_NONE
    return CHANGES_OTHER


def _name(cert) -> str:
    return cert.subject.native.get("common_name") or cert.subject.human_friendly


def _chain(status) -> tuple[list[str], str]:
    """The names from the signer's certificate up to the trust anchor, and the anchor's."""
    path = status.validation_path
    if path is None:
        return [], ""
    names = [_name(cert) for cert in path.iter_certs(include_root=True)]
    try:
        anchor = _name(path.trust_anchor.authority.certificate)
    except (AttributeError, LookupError):
        anchor = names[0] if names else ""
    return list(reversed(names)), anchor


def _key_usage():
    from pyhanko.sign.validation import KeyUsageConstraints

    # Vietnamese certificates for signing documents carry non-repudiation, digital
    # signature or both: either is enough.
    return KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"},
                               match_all_key_usages=False)


def _context(anchors: list[bytes], moment: dt.datetime | None, crls, ocsps):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=[_asn1(der) for der in anchors], allow_fetching=False,
        revocation_mode="soft-fail", moment=moment, crls=crls, ocsps=ocsps,
        retroactive_revinfo=True)


def check_signature(reader, embedded, anchors: list[bytes]) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature

    problems: list[str] = []
    cert_der = embedded.signer_cert.dump()
    certificate = CertificateInfo.from_der(cert_der)
    claimed = embedded.self_reported_timestamp
    stamped = _timestamp_time(embedded)
    crls, ocsps = _embedded_revocation(reader, embedded)
    judged_at = stamped or claimed
    context = _context(anchors, judged_at, crls, ocsps)
    status = validate_pdf_signature(embedded, signer_validation_context=context,
                                    ts_validation_context=_context(anchors, None, crls, ocsps),
                                    key_usage_settings=_key_usage())
    if stamped and (status.timestamp_validity is None or
                    not status.timestamp_validity.trusted):
        problems.append(_("The timestamp is not from a service this office trusts: the "
                          "time the signer's computer stated was used."))
        judged_at = claimed
        if claimed != stamped:
            context = _context(anchors, claimed, crls, ocsps)
            status = validate_pdf_signature(embedded, signer_validation_context=context,
                                            key_usage_settings=_key_usage())
        stamped = None
    state = certificate.state_at(judged_at) if judged_at else VALID
    if state == EXPIRED:
        problems.append(_("The certificate had expired when the PDF was signed ({date}).")
                        .format(date=vietnam_time(certificate.not_after)))
    elif state == NOT_YET_VALID:
        problems.append(_("The certificate was not yet valid when the PDF was signed (valid "
                          "from {date}).").format(date=vietnam_time(certificate.not_before)))
    if not status.intact:
        problems.append(_("The signed content was changed: the document is not the one "
                          "that was signed."))
    elif not status.valid:
        problems.append(_("The signature does not match the certificate: it is forged or "
                          "damaged."))
    changes = _changes(status)
    if changes == CHANGES_OTHER and status.intact:
        problems.append(_("The document was changed after it was signed (content added "
                          "or replaced in a later update)."))
    chain, anchor = _chain(status)
    trusted = bool(status.validation_path is not None and status.trust_problem_indic is None)
    if status.revoked:
        revocation = REVOKED
        problems.append(_("The certificate was revoked on {date}.").format(
            date=vietnam_time(status.revocation_details.revocation_date)))
    elif ocsps or any(c["tbs_cert_list"]["issuer"] == embedded.signer_cert.issuer
                      for c in crls):
        revocation = GOOD  # data about this certificate's issuer, and it is not listed
    else:
        revocation = NOT_CHECKED
    if not trusted and state == "valid" and status.intact and status.valid and \
            not status.revoked:
        problems.append(_("The certificate does not lead to a trust anchor installed in this "
                          "office."))
        chain = []
    return SignatureReport(
        field_name=embedded.field_name or "", certificate=certificate, claimed_time=claimed,
        timestamp_time=stamped, judged_at=judged_at, intact=bool(status.intact),
        sound=bool(status.valid), trusted=trusted, anchor=anchor, chain=chain,
        certificate_state=state, changes=changes, revocation=revocation, problems=problems)


def verify_pdf(data: bytes, anchors: list[bytes], source: str = "") -> PdfReport:
    """Every signature of the PDF `data`, checked against `anchors` (DER certificates).
    A file that is no readable PDF gives a report with no signature and the reason."""
    from app.errors import DvkError
    from app.pdfsign.signing import read

    try:
        reader = read(data)
    except DvkError as error:
        return PdfReport(source=source, signatures=[], unreadable=error.message)
    reports = []
    for embedded in reader.embedded_regular_signatures:
        try:
            reports.append(check_signature(reader, embedded, anchors))
        except Exception as error:  # a signature pyHanko cannot even parse
            reports.append(SignatureReport(
                field_name=getattr(embedded, "field_name", "") or "", certificate=None,
                claimed_time=None, timestamp_time=None, judged_at=None, intact=False,
                sound=False, trusted=False, anchor="", chain=[], certificate_state=INVALID,
                changes=CHANGES_OTHER, revocation=NOT_CHECKED,
                problems=[_("This signature cannot be read ({detail}).").format(
                    detail=error)]))
    return PdfReport(source=source, signatures=reports)
