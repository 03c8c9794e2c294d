"""The office's own signing key and the keys it trusts, as the window and the command
line read them (issue 21, point 3): app/sync keeps the keys (`office_keys`,
`trusted_keys`, migrations 0002 and 0006); these records carry what is shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.rows import RowRecord


@dataclass(frozen=True)
class OwnKey:
    """This office's current signing key: its identifier, the check code read out over
    the phone (`fingerprint`) and the public key in hex. Never the private key."""

    key_id: str
    fingerprint: str
    public_key: str

    def as_json(self) -> dict[str, Any]:
        """The keys `dvk keys list --json` has always written, in the same order."""
        return {"key_id": self.key_id, "fingerprint": self.fingerprint,
                "public_key": self.public_key}


@dataclass(frozen=True)
class RotatedKey(OwnKey):
    """The office's new key after a rotation, with the identifier of the key it
    retired."""

    old_key_id: str = ""


@dataclass(frozen=True)
class CertifiedKey:
    """A child office's key certified (again) here (`TrustService.certify`): the key,
    its unit and when the new certificate expires."""

    key_id: str
    unit_code: str
    expires_at: str


@dataclass(frozen=True)
class ReplacedKey:
    """A child office's lost key replaced (`TrustService.replace`): its unit, the new
    key enrolled and certified, and the keys revoked from now on (none when the old
    ones were already invalid)."""

    unit_code: str
    key_id: str
    revoked: tuple[str, ...]


@dataclass(frozen=True)
class TrustedKey(RowRecord):
    """A key this office enrolled (`trusted_keys`): whose it is (unit code and name),
    the public key in hex and its check code, when and by whom it was enrolled, its
    scope, when it expires, when and why it was revoked, and when it was made."""

    key_id: str
    unit_code: str
    unit_name: str
    public_key: str
    fingerprint: str
    enrolled_at: str
    enrolled_by: str
    scope: str
    expires_at: str | None
    revoked_at: str | None
    revoked_reason: str
    key_created_at: str | None


@dataclass(frozen=True)
class KnownKey(RowRecord):
    """A key this office knows of but its own, for one unit it signs for, with its state
    now (`TrustService.keys`): whose it is, its check code, how this office came to trust
    it (`via`: enrolled, certificate, rotation, introduction), whether it was enrolled
    here from a key card, when its certificate expires, when, by whom and why it was
    revoked, when a rotation retired it, whether it may sign now and, when not, why
    (`problem`, a refusal's reason in app/sync/trust.py, '' when valid), and whether the unit is under this office
    (`below`: its key may be revoked here)."""

    key_id: str
    unit_code: str
    unit_name: str
    fingerprint: str
    via: str
    enrolled: bool
    expires_at: str | None
    revoked_at: str | None
    revoked_by: str
    revoked_reason: str
    retired_at: str | None
    valid: bool
    problem: str
    below: bool
