"""Is this certificate genuine? A verdict from the code's text, offline, and why.

Three outcomes:
- GENUINE: the signature matches a key this office knows (its own, current or
  replaced, or a trusted parent's or child's key) and that key belongs to the office
  the code names as issuer. The content is shown so the clerk compares it with the
  paper: a genuine code glued onto a doctored paper is caught there.
- NOT_GENUINE: the code is not a certificate code, is damaged, does not match its
  signature (altered), or names an issuer other than the owner of the key.
- CANNOT_CONFIRM: the signing key is unknown here (another office's key: the issuer
  or its parent can confirm), the key was revoked (a certificate signed before the
  revocation may be genuine, but a revoked key may be in the wrong hands, so only the
  issuer can tell: amber, not red), the code is from a newer DVK, or nothing to check.

Nothing here writes to the database; verify_payload never raises for any text (the
fuzz tests hold it to that), only StorageError when the data file itself fails.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from app.certificates import codec
from app.certificates.model import CertificateSummary
from app.errors import DvkError
from app.i18n import _, format_date, format_timestamp, pgettext
from app.printing import templates
from app.repositories import certificate_keys
from app.repositories.certificate_keys import KnownKey
from app.repositories.storage import storage_errors
from app.sync import crypto

if TYPE_CHECKING:
    from app.context import AppContext

GENUINE = "genuine"
NOT_GENUINE = "not_genuine"
CANNOT_CONFIRM = "cannot_confirm"

# Reasons (stable codes for scripts and tests; the words are in `explanation`).
SIGNED_HERE = "signed_here"
SIGNED_HERE_EARLIER_KEY = "signed_here_earlier_key"
SIGNED_BY_TRUSTED = "signed_by_trusted"
ALTERED = "altered"
WRONG_ISSUER = "wrong_issuer"
UNKNOWN_KEY = "unknown_key"
REVOKED_KEY = "revoked_key"
NO_CODE = "no_code"
UNREADABLE_FILE = "unreadable_file"


@dataclass(frozen=True)
class Verdict:
    outcome: str  # GENUINE | NOT_GENUINE | CANNOT_CONFIRM
    reason: str  # one of the reason codes above or codec's (empty, not_dvk, ...)
    explanation: str  # why, in a few sentences a clerk understands
    summary: CertificateSummary | None = None
    confirmed: bool = False  # the summary is vouched for by a valid signature
    advice: list[str] = field(default_factory=list)  # what to do next
    source: str = ""  # where the code came from: a file name, or "" for typed text
    issuer: str = ""  # the issuing office as this office's unit list names it

    @property
    def genuine(self) -> bool:
        return self.outcome == GENUINE

    @property
    def headline(self) -> str:
        return headline(self.outcome)

    def content(self) -> list[tuple[str, str]]:
        """The summary as (label, value) lines, in the order of the paper."""
        return content_lines(self.summary, self.issuer) if self.summary else []

    def as_dict(self) -> dict[str, Any]:
        summary = None
        if self.summary is not None:
            summary = asdict(self.summary)
            summary["decision_date"] = self.summary.decision_date.isoformat() \
                if self.summary.decision_date else None
        return {"outcome": self.outcome, "genuine": self.genuine, "reason": self.reason,
                "headline": self.headline, "explanation": self.explanation,
                "advice": list(self.advice), "confirmed": self.confirmed,
                "summary": summary, "source": self.source, "issuer": self.issuer}


def headline(outcome: str) -> str:
    if outcome == GENUINE:
        return _("Genuine certificate")
    if outcome == NOT_GENUINE:
        return _("NOT a genuine certificate")
    return _("Cannot confirm yet")


def _level(level: str) -> str:
    return templates.defaults("official").get("levels", {}).get(level, level)


def content_lines(summary: CertificateSummary, issuer: str = "") -> list[tuple[str, str]]:
    decision = summary.decision_number
    if summary.decision_date:
        decision = _("{number} of {date}").format(number=decision,
                                                   date=format_date(summary.decision_date))
    unit = f"{summary.unit_name} ({summary.unit_code})" if summary.unit_name \
        else summary.unit_code
    return [
        (pgettext("certificate code", "Recipient"), summary.registrant),
        (pgettext("certificate code", "Model or exemplar"), summary.model_name),
        (pgettext("certificate code", "Unit"), unit),
        (pgettext("certificate code", "Recognised at"), _("{level}, year {year}").format(
            level=_level(summary.level), year=summary.year)),
        (pgettext("certificate code", "Decision"), decision),
        (pgettext("certificate code", "Number in the register"), summary.certificate_number),
        (pgettext("certificate code", "Issued by"), issuer or summary.issuer_unit_code),
        (pgettext("certificate code", "Signing key"), summary.issuer_key_id),
        (pgettext("certificate code", "Registration id"), summary.model_id),
    ]


# -- the checks ------------------------------------------------------------------------

def _unit_label(ctx: AppContext, code: str) -> str:
    """"Phường Yên Thắng (14725)" when this office's unit list knows the code."""
    try:
        unit = ctx.units.get(code)
    except DvkError:
        unit = None
    return f"{unit.name} ({code})" if unit is not None else code


def _day(stamp: str | None) -> str:
    return format_timestamp(stamp).split(" ")[0] if stamp else ""


def _compare_advice() -> str:
    return _("Compare the content of the code with the paper: the recipient, the model, "
             "the decision and the number must be exactly the same. Names ending in \"…\" "
             "were shortened to fit the code.")


def _unreadable(error: codec.CodeError, text: str) -> Verdict:
    if error.reason == codec.EMPTY:
        return Verdict(CANNOT_CONFIRM, error.reason, _(
            "There is nothing to check: paste the certificate's code, or choose a photo "
            "or scan of the certificate."))
    if error.reason == codec.NEWER_VERSION:
        return Verdict(CANNOT_CONFIRM, error.reason, _(
            "The code was made by a newer version of DVK (code format {version}); this "
            "version cannot read it.").format(version=error.version),
            advice=[_("Update DVK on this computer, then check again.")])
    if error.reason == codec.NOT_DVK:
        advice = [_("Check that you scanned the QR code in the bottom left corner of the "
                    "certificate (it starts with {prefix}).").format(prefix=codec.MAGIC)]
        stripped = text.strip()
        if len(stripped) < 300 and (os.sep in stripped or "/" in stripped or
                                    stripped.lower().endswith((".png", ".jpg", ".jpeg",
                                                               ".pdf"))):
            advice.append(_("If you meant a file: no file named {name} exists.").format(
                name=stripped))
        return Verdict(NOT_GENUINE, error.reason, _(
            "This is not a DVK certificate code."), advice=advice)
    return Verdict(NOT_GENUINE, codec.MALFORMED, _(
        "The code is damaged or incomplete: it is not a whole certificate code as DVK "
        "prints them."), advice=[
        _("If you pasted or typed it, copy the whole code again and check once more."),
        _("If it was read from the certificate's QR code, the code was altered: the "
          "certificate is not genuine.")])


def _known_key_verdict(ctx: AppContext, key: KnownKey, claimed: CertificateSummary,
                       signature_ok: bool) -> Verdict:
    owner = _unit_label(ctx, key.unit_code)
    if not signature_ok:
        return Verdict(NOT_GENUINE, ALTERED, _(
            "The code does not match its signature: its content was changed after "
            "{unit} signed it, or the code was made by someone else.").format(unit=owner),
            advice=[_("Do not accept this certificate. Keep it and tell {unit}.").format(
                unit=owner)])
    if key.unit_code != claimed.issuer_unit_code:
        return Verdict(NOT_GENUINE, WRONG_ISSUER, _(
            "The code says the certificate was issued by {claimed}, but it is signed with "
            "the key of {owner}. An office can only sign its own certificates.").format(
            claimed=_unit_label(ctx, claimed.issuer_unit_code), owner=owner),
            advice=[_("Do not accept this certificate. Keep it and tell {unit}.").format(
                unit=owner)])
    if key.revoked_at:
        return Verdict(CANNOT_CONFIRM, REVOKED_KEY, _(
            "The code was signed by {unit} with its key {key_id}, but that key was revoked "
            "on {date}. A certificate signed before then may well be genuine, but a "
            "revoked key may be in the wrong hands, so this office cannot tell.").format(
            unit=owner, key_id=key.key_id, date=_day(key.revoked_at)),
            summary=claimed, issuer=owner, advice=[_(
                "Ask {unit}, or the office above it, to confirm this certificate.").format(
                unit=owner)])
    if key.own:
        if key.retired_at:
            reason, text = SIGNED_HERE_EARLIER_KEY, _(
                "The code was signed by this office, {unit}, with its earlier key {key_id} "
                "(replaced on {date}), and nothing in it was changed. Certificates signed "
                "before the key was replaced stay valid.").format(
                unit=owner, key_id=key.key_id, date=_day(key.retired_at))
        else:
            reason, text = SIGNED_HERE, _(
                "The code was signed by this office, {unit}, with its key {key_id}, and "
                "nothing in it was changed.").format(unit=owner, key_id=key.key_id)
    else:
        reason, text = SIGNED_BY_TRUSTED, _(
            "The code was signed by {unit} with its key {key_id}, which this office "
            "trusts (enrolled on {date}), and nothing in it was changed.").format(
            unit=owner, key_id=key.key_id, date=_day(key.since))
    return Verdict(GENUINE, reason, text, summary=claimed, confirmed=True, issuer=owner,
                   advice=[_compare_advice()])


def verify_payload(ctx: AppContext, text: str) -> Verdict:
    """The verdict on one code's text (as read from the QR code, or pasted)."""
    try:
        decoded = codec.decode(text)
    except codec.CodeError as error:
        return _unreadable(error, text if isinstance(text, str) else "")
    claimed = decoded.summary
    with storage_errors():
        office_code = ctx.setting("office_code")
        key = certificate_keys.find(ctx.db, claimed.issuer_key_id, office_code)
    if key is None:
        issuer = _unit_label(ctx, claimed.issuer_unit_code)
        return Verdict(CANNOT_CONFIRM, UNKNOWN_KEY, _(
            "This office does not know the key {key_id} with which the code claims to be "
            "signed by {unit}, so it cannot tell whether the certificate is genuine."
        ).format(key_id=claimed.issuer_key_id, unit=issuer), summary=claimed, issuer=issuer,
            advice=[
            _("The office that issued it, {unit}, or the office above it can confirm it: "
              "ask them.").format(unit=issuer),
            _("If {unit} is the office above this one or an office under it, enrol its key "
              "card (Data exchange > Keys) and check again.").format(unit=issuer)])
    ok = len(decoded.signature) == codec.SIGNATURE_BYTES and crypto.verify(
        key.public_key, decoded.message, decoded.signature)
    return _known_key_verdict(ctx, key, claimed, ok)


def file_verdict(reason: str, name: str, detail: str = "") -> Verdict:
    """A picture or PDF from which no code could be taken."""
    if reason == UNREADABLE_FILE:
        return Verdict(CANNOT_CONFIRM, reason, _(
            "{name} cannot be read as a picture or a PDF ({detail}).").format(
            name=name, detail=detail), advice=[_(
                "Use a photo (JPG or PNG) or a scan (PDF, PNG) of the certificate.")],
            source=name)
    return Verdict(CANNOT_CONFIRM, NO_CODE, _(
        "No certificate code was found in {name}.").format(name=name), advice=[_(
            "Take a sharp, well-lit photo in which the QR code in the bottom left corner "
            "of the certificate is clearly visible, or scan the certificate at 200 dpi or "
            "more, and check again. You can also type the code if someone read it out.")],
        source=name)
