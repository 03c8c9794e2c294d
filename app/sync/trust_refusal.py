"""The words of a refusal when a bundle's key cannot be trusted.

`app/sync/trust.py` decides, and names the problem with a reason code and its details
(`Problem`); this turns that into the message a clerk reads: what happened, that
nothing was changed, and what to do (which `dvk keys` command, which screen).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from app import clock
from app.i18n import _, format_date
from app.sync.errors import BundleRefused
from app.sync.trust_statements import instant

if TYPE_CHECKING:
    from app.sync.trust import Problem


def _day(value: dt.datetime | dt.date | None) -> str:
    if isinstance(value, dt.datetime):
        value = clock.day_of(value)  # the day in Vietnam (app/clock.py)
    return format_date(value) if value else ""


def refusal(trouble: Problem, at: str) -> BundleRefused:
    """A key problem as a refusal a clerk can act on."""
    key_id, unit = trouble.get("key_id"), trouble.get("unit")
    made = _day(instant(at))
    reason = trouble.reason
    if reason == "wrong_key":
        message = _("The bundle claims to come from {sender} but is signed with the key of "
                    "{owner}. It was refused and nothing was changed.").format(
            sender=unit, owner=trouble.get("owner"))
    elif reason == "revoked_key":
        by = trouble.get("by")
        why = trouble.get("why")
        message = _("The bundle of {unit} was made on {made} with key {key_id}, which was "
                    "revoked on {date}{by}{why}. What that key signed before then stays "
                    "valid; this bundle came later, so it was refused and nothing was "
                    "changed. {unit} must use its new key, certified by the office above "
                    "it (dvk keys replace).").format(
            unit=unit, made=made, key_id=key_id, date=_day(trouble.get("when")),
            by=_(" by {issuer}").format(issuer=by) if by else "",
            why=f" ({why})" if why else "")
    elif reason == "retired_key":
        message = _("The bundle of {unit} was made on {made} with key {key_id}, which {unit} "
                    "replaced by a newer key on {date}. A bundle made after that must be "
                    "signed with the new key; it was refused and nothing was changed."
                    ).format(unit=unit, made=made, key_id=key_id,
                             date=_day(trouble.get("when")))
    elif reason == "expired_key":
        if trouble.get("until"):
            message = _("The key {key_id} of {unit} was certified until {date}; the bundle "
                        "was made on {made}, after that. Ask the office above to renew the "
                        "certificate (dvk keys certify); the bundle was refused and nothing "
                        "was changed.").format(key_id=key_id, unit=unit, made=made,
                                               date=_day(trouble.get("until")))
        else:
            message = _("The key {key_id} of {unit} is certified only from {date}; the "
                        "bundle was made on {made}, before that. It was refused and nothing "
                        "was changed.").format(key_id=key_id, unit=unit, made=made,
                                               date=_day(trouble.get("start")))
    elif reason == "scope":
        message = _("The key {key_id} that signed for {unit} is certified for another part "
                    "of the unit tree ({scope}, by {issuer}): an office may only certify "
                    "keys for the units under it. The bundle was refused and nothing was "
                    "changed.").format(key_id=key_id, unit=unit,
                                       scope=trouble.get("scope"),
                                       issuer=trouble.get("issuer") or "?")
    elif reason == "merged":
        message = _("{unit} was merged into {into} on {date}; this bundle was made on "
                    "{made}, after the merger, so it was refused and nothing was changed. "
                    "The office of {into} now sends the records of {unit}.").format(
            unit=unit, into=trouble.get("into"), date=_day(trouble.get("when")), made=made)
    else:
        message = _("The bundle is signed with a key this office does not trust (key "
                    "{key_id}, sender {sender}). Enrol the sender's key card first (Data "
                    "exchange > Keys) after checking its fingerprint by phone; nothing was "
                    "changed.").format(key_id=key_id, sender=unit)
    return BundleRefused(reason, message, unit=unit or None)
