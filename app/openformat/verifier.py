"""`dvk publish-verifier`: a single-file web page that checks certificate codes offline,
in any modern browser (WebCrypto Ed25519), with the same verdicts and reason codes as
`dvk verify-certificate` at the office that published it.

The page holds what this office's check uses, as it stands when the page is made:
- every key a code may be signed with (this office's own, current and replaced; the
  keys it enrolled; the keys it knows through certificates, rotations and
  introductions), each with the unit(s) it may sign for and what the trust rule says
  of it now: revoked (from when), expired, or valid until when;
- the unit tree this office knows (every unit's parent, the unit it was merged into,
  its name), and the level each key's office recognises at;
- the issued decisions this office holds: issuer, number, day, and the models each
  lists (registration ids only: no names, no personal data).
So the page checks the signature, the issuer, revocation and expiry (against the
phone's clock), and the code's claims (level, unit, decision) exactly as the office
does. What it cannot know is what the office learns after the page was made: a
revocation, a new key, a new decision; publish it again after those (docs/verifier.md).
Nothing leaves the phone: the page loads nothing and sends nothing (its
Content-Security-Policy forbids it), and the code in a link travels after "#", which
browsers never send to the server.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import clock
from app.certificates import verify
from app.domain.recognition import DecisionState, number_key, office_recognition_level
from app.errors import DvkError
from app.i18n import _, language, pgettext
from app.paths import resource
from app.printing import templates
from app.repositories import certificate_keys, sync_tables
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.context import AppContext

TEMPLATE = ("verifier", "xac-minh.html")


def _stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _key_units(ctx: AppContext, trust: Any, key_id: str) -> tuple[dict[str, Any], list[str]]:
    """(the key as verify_payload finds it, the units it may be taken for)."""
    office = ctx.office_code
    found = certificate_keys.find(ctx.db, key_id, office)
    if found is not None:
        return {"public_key": found.public_key.hex(), "own": found.own,
                "retired_at": found.retired_at, "since": found.since}, [found.unit_code]
    public = trust.public_key(key_id)
    units = sorted(trust.units_of(key_id))
    if public is None or not units:
        return {}, []
    return {"public_key": public.hex(), "own": False, "retired_at": None,
            "since": verify._first_known(trust, key_id) or ""}, units


def _state(trust: Any, key_id: str, unit: str, now: str) -> dict[str, Any]:
    """What the trust rule says of the key for the unit now, as the page needs it."""
    trusted = verify._trusted(trust, key_id, unit)
    path, _problem = trust.check(key_id, unit, now)
    expires = _stamp(path.expires_at) if path is not None else None
    return {"revoked_at": trusted.revoked_at, "expired_at": trusted.expired_at,
            "expires_at": expires}


def _keys(ctx: AppContext, trust: Any, now: str) -> dict[str, Any]:
    ids = set(trust.key_ids())
    ids |= {row["key_id"] for row in sync_tables.office_keys(ctx.db)}
    ids |= {row["key_id"] for row in sync_tables.trusted_keys(ctx.db)}
    result = {}
    for key_id in sorted(ids):
        key, units = _key_units(ctx, trust, key_id)
        if not units:
            continue
        key["units"] = {unit: _state(trust, key_id, unit, now) for unit in units}
        result[key_id] = key
    return result


def _decisions(ctx: AppContext) -> dict[str, list[list[Any]]]:
    by_id: dict[str, list[Any]] = {}
    result: dict[str, list[list[Any]]] = {}
    for decision_id, number, issuer, decided_on in ctx.db.execute(
            "SELECT id, number, issuer_code, decided_on FROM decisions"
            " WHERE state = ? ORDER BY issuer_code, decided_on, number, id",
            [DecisionState.ISSUED]):
        entry = [number_key(number), decided_on, []]
        by_id[decision_id] = entry
        result.setdefault(issuer, []).append(entry)
    for decision_id, registration_id in ctx.db.execute(
            "SELECT decision_id, registration_id FROM decision_items WHERE removed = 0"
            " ORDER BY decision_id, position, registration_id"):
        if decision_id in by_id:
            by_id[decision_id][2].append(registration_id.replace("-", ""))
    return result


def _units(ctx: AppContext, owners: set[str]) -> tuple[dict[str, list], dict[str, str | None]]:
    """Every unit this office knows: [parent, merged into, name] by code (the claims
    check walks the tree; the words name units as the office does), and the level each
    key's office recognises at."""
    units = {code: [parent, merged, name] for code, parent, merged, name in ctx.db.execute(
        "SELECT code, parent_code, merged_into, name FROM units ORDER BY code")}
    profile = ctx.units.profile
    levels = {}
    for owner in sorted(owners):
        unit = ctx.units.get(owner)
        levels[owner] = office_recognition_level(profile, unit.level) if unit else None
    return units, levels


def page_data(ctx: AppContext) -> dict[str, Any]:
    """Everything the page holds, as JSON."""
    office = ctx.units.office()
    now = clock.stamp()
    with storage_errors():
        trust = ctx.trust.load()
        keys = _keys(ctx, trust, now)
        owners = {unit for key in keys.values() for unit in key["units"]}
        units, levels = _units(ctx, owners)
        decisions = _decisions(ctx)
    texts = {name: _(text) for name, text in verify.TEXTS.items()}
    texts["no_webcrypto"] = _(
        "This browser cannot check signatures (it has no Ed25519 in WebCrypto). Open the "
        "page in a recent Chrome, Edge, Firefox or Safari, or check the certificate with "
        "DVK at an office.")
    return {
        "format": "dvk-verifier", "format_version": 1, "office": office.code,
        "office_name": office.name, "published_at": now, "lang": language(),
        "keys": keys, "units": units, "recognises": levels,
        "decisions": decisions,
        "levels": templates.defaults("official").get("levels", {}),
        "headlines": {o: verify.headline(o) for o in (verify.GENUINE, verify.NOT_GENUINE,
                                                       verify.CANNOT_CONFIRM)},
        "labels": {
            "recipient": pgettext("certificate code", "Recipient"),
            "model": pgettext("certificate code", "Model or exemplar"),
            "unit": pgettext("certificate code", "Unit"),
            "recognised_at": pgettext("certificate code", "Recognised at"),
            "decision": pgettext("certificate code", "Decision"),
            "register": pgettext("certificate code", "Number in the register"),
            "issued_by": pgettext("certificate code", "Issued by"),
            "key": pgettext("certificate code", "Signing key"),
            "id": pgettext("certificate code", "Registration id"),
            "content": _("Content of the code:"),
            "claimed": _("What the code claims (NOT confirmed):"),
        },
        "texts": texts,
    }


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(data: dict[str, Any]) -> str:
    """The page: the template with the data (JSON that cannot end its script element)."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    from app.i18n import format_timestamp

    words = {
        "lang": data["lang"],
        "title": _html_text(_("Check a certificate of {office}").format(
            office=data["office_name"])),
        "intro": _html_text(_(
            "Scan the QR code in the bottom left corner of the certificate with the phone's "
            "camera, or paste its code below. The check runs on this device only: the code "
            "is sent nowhere.")),
        "code_label": _html_text(_("Certificate code (starts with DVK1:)")),
        "check_button": _html_text(_("Check")),
        "footer": _html_text(_(
            "Keys, revocations and decisions of {office} as of {date} (DVK). A key revoked "
            "or a decision issued later is not known to this page.").format(
            office=data["office_name"], date=format_timestamp(data["published_at"]))),
    }
    page = resource(*TEMPLATE).read_text(encoding="utf-8")
    for name, value in words.items():
        page = page.replace("{{" + name + "}}", value)
    return page.replace("{{data}}", payload)


def publish(ctx: AppContext, out: str | Path) -> dict[str, Any]:
    """Write the page to `out`; return what it holds (counts, for the clerk)."""
    if not ctx.setting("office_code"):
        raise DvkError(_("Set up this office first (dvk setup): the page checks the "
                         "certificates of an office."))
    data = page_data(ctx)
    page = render(data)
    path = Path(out)
    if path.is_dir():
        path = path / "xac-minh.html"
    from app.sync.writer import write_safely

    try:
        write_safely(path, page.encode("utf-8"))
    except OSError as error:
        raise DvkError(_("The page could not be written to {path} ({detail}).").format(
            path=path, detail=error.strerror or error)) from error
    return {"path": str(path), "size": len(page.encode("utf-8")), "keys": len(data["keys"]),
            "units": len(data["units"]), "decisions": sum(len(v) for v in
                                                          data["decisions"].values()),
            "published_at": data["published_at"]}
