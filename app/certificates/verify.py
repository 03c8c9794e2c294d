"""Is this certificate genuine? A verdict from the code's text, offline, and why.

Three outcomes:
- GENUINE: the signature matches a key this office trusts now for the office the code
  names as issuer (its own keys, current or replaced, the keys it enrolled, and every
  key certified, rotated to or introduced along the tree: the same trust rule as for
  bundles, app/sync/trust.py), and what the code claims fits that issuer: the level is
  the one it recognises at, the unit lies in its part of the tree, and a decision this
  office holds lists the model. The content is shown so the clerk compares it with
  the paper: a genuine code glued onto a doctored paper is caught there.
- NOT_GENUINE: the code is not a certificate code, is damaged, does not match its
  signature (altered), names an issuer other than the owner of the key, or claims what
  its issuer cannot (a commune "recognising" at province level, another office's unit,
  a decision that does not list the model).
- CANNOT_CONFIRM: the signing key is unknown here (another office's key: the issuer
  or its parent can confirm), the key was revoked (here, or by a revocation this office
  received in a bundle, including the revocation of a key it was rotated from: a
  certificate signed before the revocation may be genuine, but a revoked key may be in
  the wrong hands, so only the issuer can tell: amber, not red), its certificate
  expired, the code is from a newer DVK, or nothing to check.

Nothing here writes to the database; Verifier.verify_payload never raises for any text (the
fuzz tests hold it to that), only StorageError when the data file itself fails.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from app import clock
from app.certificates import codec
from app.certificates.model import CertificateSummary
from app.domain.recognition import office_recognition_level
from app.errors import DvkError
from app.i18n import N_, _, format_date, format_timestamp, pgettext
from app.printing import templates
from app.repositories import certificate_keys
from app.repositories import recognition as recognition_repo
from app.repositories.certificate_keys import KnownKey
from app.repositories.storage import storage_errors
from app.repositories.unit_tree import TreeView
from app.signing import crypto

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Trust, Units

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
EXPIRED_KEY = "expired_key"
WRONG_LEVEL = "wrong_level"
WRONG_UNIT = "wrong_unit"
WRONG_DECISION = "wrong_decision"
NO_CODE = "no_code"
UNREADABLE_FILE = "unreadable_file"


# Every text a verdict shows, by name: the published verifier page
# (app/openformat/verifier.py) shows the same words.
TEXTS = {
    "headline_genuine": N_("Genuine certificate"),
    "headline_not_genuine": N_("NOT a genuine certificate"),
    "headline_cannot_confirm": N_("Cannot confirm yet"),
    "decision_of": N_("{number} of {date}"),
    "level_year": N_("{level}, year {year}"),
    "advice_compare": N_("Compare the content of the code with the paper: the recipient, the model, the "
        'decision and the number must be exactly the same. Names ending in "…" were '
        "shortened to fit the code."),
    "empty": N_("There is nothing to check: paste the certificate's code, or choose a photo or "
        "scan of the certificate."),
    "newer_version": N_("The code was made by a newer version of DVK (code format {version}); this "
        "version cannot read it."),
    "advice_update": N_("Update DVK on this computer, then check again."),
    "advice_scan": N_("Check that you scanned the QR code in the bottom left corner of the "
        "certificate (it starts with {prefix})."),
    "advice_file": N_("If you meant a file: no file named {name} exists."),
    "not_dvk": N_("This is not a DVK certificate code."),
    "malformed": N_("The code is damaged or incomplete: it is not a whole certificate code as DVK "
        "prints them."),
    "advice_retype": N_("If you pasted or typed it, copy the whole code again and check once more."),
    "advice_altered_qr": N_("If it was read from the certificate's QR code, the code was altered: the "
        "certificate is not genuine."),
    "altered": N_("The code does not match its signature: its content was changed after {unit} "
        "signed it, or the code was made by someone else."),
    "advice_do_not_accept": N_("Do not accept this certificate. Keep it and tell {unit}."),
    "wrong_issuer": N_("The code says the certificate was issued by {claimed}, but it is signed with "
        "the key of {owner}. An office can only sign its own certificates."),
    "revoked_key": N_("The code was signed by {unit} with its key {key_id}, but that key was revoked "
        "on {date}. A certificate signed before then may well be genuine, but a "
        "revoked key may be in the wrong hands, so this office cannot tell."),
    "advice_ask": N_("Ask {unit}, or the office above it, to confirm this certificate."),
    "expired_key": N_("The code was signed by {unit} with its key {key_id}, whose certificate "
        "expired on {date}. A certificate signed before then may well be genuine, but "
        "this office cannot tell when it was signed."),
    "signed_here_earlier_key": N_("The code was signed by this office, {unit}, with its earlier key {key_id} "
        "(replaced on {date}), and nothing in it was changed. Certificates signed "
        "before the key was replaced stay valid."),
    "signed_here": N_("The code was signed by this office, {unit}, with its key {key_id}, and "
        "nothing in it was changed."),
    "signed_by_trusted": N_("The code was signed by {unit} with its key {key_id}, which this office trusts "
        "(enrolled on {date}), and nothing in it was changed."),
    "wrong_level": N_('The code says the model was recognised at "{claimed}", but {unit} recognises '
        'models at "{level}": it cannot issue this certificate.'),
    "wrong_unit": N_("The code names {unit}, which is not under {issuer}: an office recognises only "
        "the models of its own part of the tree."),
    "wrong_decision": N_("This office holds decision {number} of {unit}, and it does not list this "
        "model: the code claims a recognition the decision does not make."),
    "unknown_key": N_("This office does not know the key {key_id} with which the code claims to be "
        "signed by {unit}, so it cannot tell whether the certificate is genuine."),
    "advice_ask_issuer": N_("The office that issued it, {unit}, or the office above it can confirm it: ask "
        "them."),
    "advice_enrol": N_("If {unit} is the office above this one or an office under it, enrol its key "
        "card (Data exchange > Keys) and check again."),
    "unreadable_file": N_("{name} cannot be read as a picture or a PDF ({detail})."),
    "advice_photo": N_("Use a photo (JPG or PNG) or a scan (PDF, PNG) of the certificate."),
    "no_code": N_("No certificate code was found in {name}."),
    "advice_sharp_photo": N_("Take a sharp, well-lit photo in which the QR code in the bottom left corner "
        "of the certificate is clearly visible, or scan the certificate at 200 dpi or "
        "more, and check again. You can also type the code if someone read it out."),
}


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
        return _(TEXTS["headline_genuine"])
    if outcome == NOT_GENUINE:
        return _(TEXTS["headline_not_genuine"])
    return _(TEXTS["headline_cannot_confirm"])


def _level(level: str) -> str:
    return templates.defaults("official").get("levels", {}).get(level, level)


def content_lines(summary: CertificateSummary, issuer: str = "") -> list[tuple[str, str]]:
    decision = summary.decision_number
    if summary.decision_date:
        decision = _(TEXTS["decision_of"]).format(number=decision,
                                                   date=format_date(summary.decision_date))
    unit = f"{summary.unit_name} ({summary.unit_code})" if summary.unit_name \
        else summary.unit_code
    return [
        (pgettext("certificate code", "Recipient"), summary.registrant),
        (pgettext("certificate code", "Model or exemplar"), summary.model_name),
        (pgettext("certificate code", "Unit"), unit),
        (pgettext("certificate code", "Recognised at"), _(TEXTS["level_year"]).format(
            level=_level(summary.level), year=summary.year)),
        (pgettext("certificate code", "Decision"), decision),
        (pgettext("certificate code", "Number in the register"), summary.certificate_number),
        (pgettext("certificate code", "Issued by"), issuer or summary.issuer_unit_code),
        (pgettext("certificate code", "Signing key"), summary.issuer_key_id),
        (pgettext("certificate code", "Registration id"), summary.model_id),
    ]


# -- the checks ------------------------------------------------------------------------

def _day(stamp: str | None) -> str:
    return format_timestamp(stamp).split(" ")[0] if stamp else ""


def _compare_advice() -> str:
    return _(TEXTS["advice_compare"])


def _unreadable(error: codec.CodeError, text: str) -> Verdict:
    if error.reason == codec.EMPTY:
        return Verdict(CANNOT_CONFIRM, error.reason, _(TEXTS["empty"]))
    if error.reason == codec.NEWER_VERSION:
        return Verdict(CANNOT_CONFIRM, error.reason, _(TEXTS["newer_version"]).format(version=error.version),
            advice=[_(TEXTS["advice_update"])])
    if error.reason == codec.NOT_DVK:
        advice = [_(TEXTS["advice_scan"]).format(prefix=codec.MAGIC)]
        stripped = text.strip()
        if len(stripped) < 300 and (os.sep in stripped or "/" in stripped or
                                    stripped.lower().endswith((".png", ".jpg", ".jpeg",
                                                               ".pdf"))):
            advice.append(_(TEXTS["advice_file"]).format(
                name=stripped))
        return Verdict(NOT_GENUINE, error.reason, _(TEXTS["not_dvk"]), advice=advice)
    return Verdict(NOT_GENUINE, codec.MALFORMED, _(TEXTS["malformed"]), advice=[
        _(TEXTS["advice_retype"]),
        _(TEXTS["advice_altered_qr"])])


@dataclass(frozen=True)
class Trusted:
    """What the trust rule says of a key for its unit now."""

    valid: bool
    revoked_at: str | None = None
    expired_at: str | None = None


def _trusted(trust: Any, key_id: str, unit: str) -> Trusted:
    path, problem = trust.check(key_id, unit, clock.stamp())
    if path is not None or problem is None:
        return Trusted(valid=path is not None)
    if problem.reason == "revoked_key":
        return Trusted(False, revoked_at=_stamp(problem.get("when")))
    if problem.reason == "expired_key" and problem.get("until"):
        return Trusted(False, expired_at=_stamp(problem.get("until")))
    # replaced by a newer key, merged away: what it signed before stays as it was
    return Trusted(valid=problem.reason in ("retired_key", "merged"))


def _stamp(value: Any) -> str | None:
    if not value:
        return None
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Verifier:
    """The verdict on certificate codes, from this office's keys, trust statements and
    unit list."""

    def __init__(self, file: OfficeFile, *, units: Units,
                 trust: Callable[[], Trust]):
        self.file = file
        self.units = units
        self._trust = trust

    def _unit_label(self, code: str) -> str:
        """"Phường Yên Thắng (14725)" when this office's unit list knows the code."""
        try:
            unit = self.units.get(code)
        except DvkError:
            unit = None
        return f"{unit.name} ({code})" if unit is not None else code

    def _known_key_verdict(self, key: KnownKey, claimed: CertificateSummary,
                           signature_ok: bool, trusted: Trusted) -> Verdict:
        owner = self._unit_label(key.unit_code)
        if not signature_ok:
            return Verdict(NOT_GENUINE, ALTERED, _(TEXTS["altered"]).format(unit=owner),
                advice=[_(TEXTS["advice_do_not_accept"]).format(
                    unit=owner)])
        if key.unit_code != claimed.issuer_unit_code:
            return Verdict(NOT_GENUINE, WRONG_ISSUER, _(TEXTS["wrong_issuer"]).format(
                claimed=self._unit_label(claimed.issuer_unit_code), owner=owner),
                advice=[_(TEXTS["advice_do_not_accept"]).format(
                    unit=owner)])
        if trusted.revoked_at:
            return Verdict(CANNOT_CONFIRM, REVOKED_KEY, _(TEXTS["revoked_key"]).format(
                unit=owner, key_id=key.key_id, date=_day(trusted.revoked_at)),
                summary=claimed, issuer=owner, advice=[_(TEXTS["advice_ask"]).format(
                    unit=owner)])
        if trusted.expired_at:
            return Verdict(CANNOT_CONFIRM, EXPIRED_KEY, _(TEXTS["expired_key"]).format(
                unit=owner, key_id=key.key_id, date=_day(trusted.expired_at)),
                summary=claimed, issuer=owner, advice=[_(TEXTS["advice_ask"]).format(
                    unit=owner)])
        claims = self._claims_problem(claimed, owner)
        if claims is not None:
            reason, text = claims
            return Verdict(NOT_GENUINE, reason, text, summary=claimed, issuer=owner, advice=[
                _(TEXTS["advice_do_not_accept"]).format(unit=owner)])
        if key.own:
            if key.retired_at:
                reason, text = SIGNED_HERE_EARLIER_KEY, _(TEXTS["signed_here_earlier_key"]).format(
                    unit=owner, key_id=key.key_id, date=_day(key.retired_at))
            else:
                reason, text = SIGNED_HERE, _(TEXTS["signed_here"]).format(unit=owner, key_id=key.key_id)
        else:
            reason, text = SIGNED_BY_TRUSTED, _(TEXTS["signed_by_trusted"]).format(
                unit=owner, key_id=key.key_id, date=_day(key.since))
        return Verdict(GENUINE, reason, text, summary=claimed, confirmed=True, issuer=owner,
                       advice=[_compare_advice()])

    def _claims_problem(self, claimed: CertificateSummary,
                        owner: str) -> tuple[str, str] | None:
        """What the code claims that its issuer cannot: (reason, explanation) or None."""
        issuer = self.units.get(claimed.issuer_unit_code)
        if issuer is None:
            return None  # the key's owner was checked; its unit list here is older
        level = office_recognition_level(self.units.profile, issuer.level)
        if claimed.level != level:
            return WRONG_LEVEL, _(TEXTS["wrong_level"]).format(
                claimed=_level(claimed.level), unit=owner, level=_level(level or ""))
        if self.units.get(claimed.unit_code) is not None and not TreeView(self.file.db).contains(
                issuer.code, claimed.unit_code):
            return WRONG_UNIT, _(TEXTS["wrong_unit"]).format(
                unit=self._unit_label(claimed.unit_code), issuer=owner)
        listed = recognition_repo.decision_lists(
            self.file.db, issuer=issuer.code, number=claimed.decision_number,
            decided_on=claimed.decision_date.isoformat() if claimed.decision_date else None,
            registration_id=claimed.model_id)
        if listed is False:
            return WRONG_DECISION, _(TEXTS["wrong_decision"]).format(
                number=claimed.decision_number, unit=owner)
        return None

    def verify_payload(self, text: str) -> Verdict:
        """The verdict on one code's text (as read from the QR code, or pasted)."""
        try:
            decoded = codec.decode(text)
        except codec.CodeError as error:
            return _unreadable(error, text if isinstance(text, str) else "")
        claimed = decoded.summary
        key_id = claimed.issuer_key_id
        with storage_errors():
            office_code = self.file.setting("office_code")
            key = certificate_keys.find(self.file.db, key_id, office_code)
            trust = self._trust().load() if office_code else None
        if trust is not None:
            key = self._through_trust(trust, key, key_id, claimed.issuer_unit_code)
        if key is None:
            issuer = self._unit_label(claimed.issuer_unit_code)
            return Verdict(CANNOT_CONFIRM, UNKNOWN_KEY, _(TEXTS["unknown_key"]).format(key_id=key_id, unit=issuer), summary=claimed, issuer=issuer,
                advice=[
                _(TEXTS["advice_ask_issuer"]).format(unit=issuer),
                _(TEXTS["advice_enrol"]).format(unit=issuer)])
        ok = len(decoded.signature) == codec.SIGNATURE_BYTES and crypto.verify(
            key.public_key, decoded.message, decoded.signature)
        trusted = _trusted(trust, key_id, key.unit_code) if trust is not None else Trusted(
            valid=True, revoked_at=key.revoked_at)
        return self._known_key_verdict(key, claimed, ok, trusted)

    def _through_trust(self, trust: Any, key: KnownKey | None, key_id: str,
                       issuer: str) -> KnownKey | None:
        """The key as the trust rule knows it: an enrolled or own key as stored, or a key
        this office knows only from statements (a child's rotated key, a key certified by
        the office above...), owned by the unit it may speak for."""
        if key is not None:
            return key
        public = trust.public_key(key_id)
        units = trust.units_of(key_id)
        if public is None or not units:
            return None
        unit = issuer if issuer in units else sorted(units)[0]
        found = self.units.get(unit)
        return KnownKey(key_id, public, unit, found.name if found else "", False,
                        _first_known(trust, key_id) or "")


def _first_known(trust: Any, key_id: str) -> str | None:
    times = [s.seen_at or s.issued_at for s in trust.statements() if s.key_id == key_id
             and s.type != "revocation"]
    return min(times) if times else None


def file_verdict(reason: str, name: str, detail: str = "") -> Verdict:
    """A picture or PDF from which no code could be taken."""
    if reason == UNREADABLE_FILE:
        return Verdict(CANNOT_CONFIRM, reason, _(TEXTS["unreadable_file"]).format(
            name=name, detail=detail), advice=[_(TEXTS["advice_photo"])],
            source=name)
    return Verdict(CANNOT_CONFIRM, NO_CODE, _(TEXTS["no_code"]).format(name=name), advice=[_(TEXTS["advice_sharp_photo"])],
        source=name)
