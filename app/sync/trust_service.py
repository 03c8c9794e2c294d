"""Keys along the tree (`ctx.trust`): certifying a child's key with a scope and an
expiry, rotating this office's key, revoking a child's key, replacing a lost key
through the parent, and what the office knows about every key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nacl.signing

from app import clock
from app.core.events import SYNC_CHANGED
from app.domain import limits
from app.domain.accounts import APPROVER
from app.domain.keys import CertifiedKey, KnownKey, ReplacedKey, RotatedKey
from app.domain.text import clean
from app.errors import DvkError, ValidationError
from app.i18n import _, format_date
from app.repositories import audit, sync_tables, unit_tree
from app.repositories.storage import storage_errors
from app.repositories.unit_tree import TreeView
from app.signing import crypto
from app.sync import trust_statements, trust_store
from app.sync.trust import Trust
from app.sync.trust_refusal import refusal

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Accounts, Units
    from app.sync.checkpoint_service import CheckpointService
    from app.sync.service import KeyService

DEFAULT_YEARS = 5  # a movement period
# A certificate starts when its key was made (from the key card); a key enrolled
# without a card (handed over in person) has no known start.
NO_START = "2000-01-01T00:00:00.000Z"
MAX_YEARS = 10


def years_from(start: dt.datetime, years: int) -> str:
    try:
        end = start.replace(year=start.year + years)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + years, day=28)
    return end.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_years(years: int) -> None:
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError({"years": _(
            "A key is certified for 1 to {limit} years.").format(limit=MAX_YEARS)})


class TrustService:
    def __init__(self, file: OfficeFile, *, accounts: Accounts, units: Units,
                 keys: Callable[[], KeyService],
                 audit_checkpoints: Callable[[], CheckpointService]):
        self.file = file
        self.accounts = accounts
        self.units = units
        self._keys = keys
        self._audit_checkpoints = audit_checkpoints

    # -- what this office trusts ---------------------------------------------------------
    def load(self) -> Trust:
        parent = self.units.parent_office()
        with storage_errors():
            return trust_store.load(self.file.db, self.file.office_code,
                                    parent.code if parent else None)

    def _relation(self, code: str) -> str | None:
        return unit_tree.relation(self.file.db, self.units.profile, self.units.office(), code)

    def keys(self) -> list[KnownKey]:
        """Every key this office knows of but its own, with its state now."""
        trust = self.load()
        now = clock.stamp()
        office = self.file.office_code
        names = {}
        result = []
        with storage_errors():
            anchors = {row["key_id"]: row for row in sync_tables.trusted_keys(self.file.db)}
            own = {row["key_id"] for row in sync_tables.office_keys(self.file.db)}
            for key_id in trust.key_ids():
                if key_id in own:
                    continue
                for unit in sorted(trust.units_of(key_id)) or [anchors[key_id]["unit_code"]]:
                    state = trust.state(key_id, unit, now)
                    if unit not in names:
                        found = self.units.get(unit)
                        names[unit] = found.name if found else unit
                    public = trust.public_key(key_id) or b""
                    result.append(KnownKey(
                        key_id=key_id, unit_code=unit, unit_name=names[unit],
                        fingerprint=crypto.fingerprint(public) if public else "",
                        via=state.via, enrolled=key_id in anchors,
                        expires_at=_stamp(state.expires_at),
                        revoked_at=_stamp(state.revoked_at), revoked_by=state.revoked_by,
                        revoked_reason=state.revoked_reason,
                        retired_at=_stamp(state.retired_at), valid=state.valid_now,
                        problem=state.problem,
                        # an office under this one: its key may be revoked here
                        below=unit != office and trust.tree.contains(office, unit),
                    ))
        result.sort(key=lambda k: (k.unit_code, not k.valid, k.key_id))
        return result

    def own_problem(self) -> str | None:
        """Why this office's key may not sign any more (revoked by the office above, or
        its certificate expired), in words; None when it may."""
        with storage_errors():
            key = sync_tables.current_key(self.file.db)
        if key is None:
            return None
        trust = self.load()
        office = self.file.office_code
        now = clock.stamp()
        path, trouble = trust.check(key.key_id, office, now)
        if path is None and trouble is not None:
            return refusal(trouble, now).message
        certified = [s for s in trust.statements() if s.type == trust_statements.CERTIFICATE
                     and s.key_id == key.key_id and s.unit == office]
        if certified and all(trust_statements.instant(s.body["expires_at"]) <= trust_statements.instant(now)
                             for s in certified):
            last = max(trust_statements.instant(s.body["expires_at"]) for s in certified)
            return _("The certificate of this office's key expired on {date}; the office "
                     "above refuses bundles signed with it. Ask it to renew the certificate "
                     "(dvk keys certify {code}) and import its next bundle.").format(
                date=format_date(last.date()), code=office)
        return None

    # -- statements this office signs ------------------------------------------------------
    def issue_pending(self, signing: nacl.signing.SigningKey) -> int:
        """Sign what only this office can say (called when its key is unlocked): a
        certificate for each child office key it enrolled, and an introduction of each
        key of its parent office. Inside the caller's transaction."""
        db = self.file.db
        office = self.file.office_code
        own_id = crypto.key_id(signing.verify_key.encode())
        made = {(s.type, s.key_id, s.body.get("expires_at", ""))
                for s in trust_store.statements(db) if s.issuer == office
                and s.issuer_key_id == own_id}
        now = clock.stamp()
        new: list[trust_statements.Statement] = []
        # Revoked keys are certified too: what they signed before stays valid, and the
        # offices above need the certificate to check it.
        for row in sync_tables.trusted_keys(db):
            relation = self._relation(row["unit_code"])
            public = bytes.fromhex(row["public_key"])
            if relation == unit_tree.CHILD:
                expires = row["expires_at"] or years_from(trust_statements.instant(row["enrolled_at"]),
                                                          DEFAULT_YEARS)
                if (trust_statements.CERTIFICATE, row["key_id"], expires) in made:
                    continue
                scope = row["unit_code"] if row["scope"] in ("", "unit") else row["scope"]
                not_before = _earlier_day(row["key_created_at"]) if row["key_created_at"] \
                    else NO_START
                new.append(trust_statements.certificate(
                    signing, issuer=office, unit=row["unit_code"], unit_name=row["unit_name"],
                    public_key=public, scope=scope, not_before=not_before,
                    expires_at=expires, issued_at=now, replaces=self._replaced(row)))
            elif relation == unit_tree.PARENT and (trust_statements.INTRODUCTION, row["key_id"], "") not in made:
                new.append(trust_statements.introduction(signing, issuer=office, unit=row["unit_code"],
                                           unit_name=row["unit_name"], public_key=public,
                                           issued_at=now))
        if new:
            trust_store.add_statements(db, new)
        return len(new)

    def _replaced(self, row: dict[str, Any]) -> str:
        """The key this enrolled key replaced (the newest revoked one of its unit)."""
        found = self.file.db.execute(
            "SELECT key_id FROM trusted_keys WHERE unit_code = ? AND revoked_at IS NOT NULL"
            " AND enrolled_at <= ? AND key_id <> ? ORDER BY revoked_at DESC LIMIT 1",
            [row["unit_code"], row["enrolled_at"], row["key_id"]]).fetchone()
        return found[0] if found else ""

    # -- jobs ------------------------------------------------------------------------------
    def certify(self, unit_code: str, *, years: int = DEFAULT_YEARS,
                passphrase: str | None) -> CertifiedKey:
        """Certify (again) the key of a child office until `years` from now."""
        self.accounts.require(APPROVER)
        check_years(years)
        row = self._child_anchor(unit_code)
        signing = self._keys().unlock(passphrase)
        expires = years_from(clock.now(), years)
        with self.file.transaction():
            sync_tables.set_trusted_key_expiry(self.file.db, row["key_id"], expires)
            self.issue_pending(signing)
            audit.append(self.file.db, actor=self.file.actor, action="certify",
                         kind="trusted_key", record_id=row["key_id"],
                         detail=f"{unit_code} until {expires}")
            self._audit_checkpoints().take(signing, "certify")
        self.file.events.emit(SYNC_CHANGED)
        return CertifiedKey(key_id=row["key_id"], unit_code=unit_code, expires_at=expires)

    def _child_anchor(self, unit_code: str) -> dict[str, Any]:
        if self._relation(unit_code) != unit_tree.CHILD:
            raise DvkError(_("{code} is not an office under this one; only the keys of those "
                             "offices are certified here.").format(code=unit_code))
        with storage_errors():
            rows = [r for r in sync_tables.trusted_keys(self.file.db)
                    if r["unit_code"] == unit_code and not r["revoked_at"]]
        if not rows:
            raise DvkError(_("No valid key of {code} is enrolled here. Enrol its key card "
                             "first (dvk keys trust), or replace a lost key (dvk keys "
                             "replace).").format(code=unit_code))
        return rows[-1]

    def rotate(self, passphrase: str | None, *, demo: bool = False) -> RotatedKey:
        """A new key for this office, signed by the old one, which is retired. Offices
        that trust the old key accept the new one when they import the next bundle."""
        self.accounts.require(APPROVER)
        if not passphrase:
            # The new key is locked with this passphrase: a key open in this session
            # is not enough, the passphrase itself is typed and checked.
            raise DvkError(_(
                "Changing the key needs the passphrase of the office key: the new key is "
                "locked with it. In the window it is asked for; on the command line set "
                "the variable DVK_PASSPHRASE."))
        old = self._keys().unlock(passphrase)  # checked against the stored key
        params = {"opslimit": crypto.DEMO_OPSLIMIT, "memlimit": crypto.DEMO_MEMLIMIT} \
            if demo else {}
        locked, new = crypto.generate(passphrase, **params)
        office = self.file.office_code
        statement = trust_statements.rotation(old, new, unit=office, issued_at=clock.stamp())
        with self.file.transaction():
            sync_tables.add_office_key(self.file.db, locked)
            trust_store.add_statements(self.file.db, [statement])
            self.issue_pending(new)
            audit.append(self.file.db, actor=self.file.actor, action="rotate", kind="office_key",
                         record_id=locked.key_id,
                         detail=f"replaces {crypto.key_id(old.verify_key.encode())}")
            self._audit_checkpoints().take(new, "rotate")
        self._keys().remember(new, passphrase)
        self.file.events.emit(SYNC_CHANGED)
        return RotatedKey(**vars(self._keys().create_made()),
                          old_key_id=crypto.key_id(old.verify_key.encode()))

    def revoke(self, unit_code: str, *, reason: str = "", passphrase: str | None,
               key_id: str | None = None) -> list[str]:
        """Revoke, from now on, the keys of a unit under this office (all of its valid
        keys, or one). The revocation goes down and up with the next bundles."""
        self.accounts.require(APPROVER)
        reason = _key_reason(reason)
        office = self.file.office_code
        unit = self.units.require(unit_code)
        view = TreeView(self.file.db)
        if unit.code == office or not view.contains(office, unit.code):
            raise DvkError(_("Only the keys of offices under this one can be revoked here; "
                             "{code} is not one of them.").format(code=unit_code))
        trust = self.load()
        now = clock.stamp()
        targets = [k for k in trust.key_ids() if unit_code in trust.units_of(k)
                   and (key_id is None or k == key_id)
                   and trust.check(k, unit_code, now)[0] is not None]
        if not targets:
            raise DvkError(_("This office knows no valid key of {code} to revoke.").format(
                code=unit_code))
        signing = self._keys().unlock(passphrase)
        self._revoke(signing, unit_code, targets, reason, now)
        self.file.events.emit(SYNC_CHANGED)
        return targets

    def _revoke(self, signing: nacl.signing.SigningKey, unit_code: str, targets: list[str],
                reason: str, now: str) -> None:
        office = self.file.office_code
        statements = [trust_statements.revocation(signing, issuer=office, unit=unit_code, key_id=key_id,
                                    effective_at=now, reason=reason, issued_at=now)
                      for key_id in targets]
        with self.file.transaction():
            trust_store.add_statements(self.file.db, statements)
            for key_id in targets:
                sync_tables.revoke_trusted_key(self.file.db, key_id, now, reason)
                audit.append(self.file.db, actor=self.file.actor, action="revoke",
                             kind="trusted_key", record_id=key_id,
                             detail=f"{unit_code}: {reason}")
            self._audit_checkpoints().take(signing, "revoke")

    def replace(self, unit_code: str, card: str | Path, fingerprint: str, *,
                passphrase: str | None, reason: str = "",
                years: int = DEFAULT_YEARS) -> ReplacedKey:
        """A child office lost its key: revoke the old one(s) from now, enrol the new key
        card (its fingerprint read over the phone) and certify it."""
        self.accounts.require(APPROVER)
        check_years(years)
        reason = _key_reason(reason)
        if self._relation(unit_code) != unit_tree.CHILD:
            raise DvkError(_("{code} is not an office under this one; only the keys of those "
                             "offices are replaced here.").format(code=unit_code))
        read = self._keys().read_card(card)
        if read.unit_code != unit_code:
            raise DvkError(_("The key card belongs to {card}, not to {code}; nothing was "
                             "changed.").format(card=read.unit_code, code=unit_code))
        signing = self._keys().unlock(passphrase)
        trust = self.load()
        now = clock.stamp()
        old = [k for k in trust.key_ids() if unit_code in trust.units_of(k)
               and k != read.key_id and trust.check(k, unit_code, now)[0] is not None]
        if old:
            self._revoke(signing, unit_code, old, reason or _("key lost, replaced"), now)
        card_read = self._keys().trust(card, fingerprint, years=years)
        with self.file.transaction():
            self.issue_pending(signing)
            self._audit_checkpoints().take(signing, "replace")
        self.file.events.emit(SYNC_CHANGED)
        return ReplacedKey(unit_code=unit_code, key_id=card_read.key_id, revoked=tuple(old))


def _key_reason(reason: str) -> str:
    """Why a key is revoked, cleaned; a longer one is refused (it travels in a signed
    statement to every office)."""
    reason = clean(reason)
    if len(reason) > limits.KEY_REASON:
        raise ValidationError({"reason": limits.too_long(limits.KEY_REASON)})
    return reason


def _stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _earlier_day(stamp: str) -> str:
    """A certificate starts a day before the key was made: the clocks of two offices
    are never quite equal."""
    start = trust_statements.instant(stamp) - dt.timedelta(days=1)
    return _stamp(start) or stamp


# -- words for people (the command line and the Keys tab) ------------------------------
def day_text(stamp: str | None) -> str:
    return format_date(clock.day_of_stamp(stamp)) if stamp else ""


def state_text(key: KnownKey) -> str:
    """A key's state in a few words (a key of `TrustService.keys`)."""
    if key.valid:
        return _("valid")
    if key.problem == "revoked_key" and key.revoked_at:
        return _("revoked {date}").format(date=day_text(key.revoked_at))
    if key.problem == "retired_key" and key.retired_at:
        return _("replaced {date}").format(date=day_text(key.retired_at))
    if key.problem == "expired_key":
        return _("expired")
    if key.problem == "merged":
        return _("unit merged")
    return _("not valid")


def via_text(via: str) -> str:
    """How this office came to trust a key."""
    return {"enrolled": _("key card and phone call"), "certificate": _("certificate"),
            "rotation": _("rotation of its old key"),
            "introduction": _("introduced by the office above")}.get(via, via)
