"""The keys a certificate code may be signed with, as this office knows them: its own
keys (the current one and those it replaced) and the keys it trusts (trusted_keys).
Read only: checking a certificate never writes to the data file."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class KnownKey:
    key_id: str
    public_key: bytes
    unit_code: str
    unit_name: str
    own: bool
    since: str  # created (own) or enrolled (trusted), UTC ISO text
    retired_at: str | None = None  # own key replaced by a newer one
    revoked_at: str | None = None  # trusted key withdrawn


def _public(hex_text: str | None) -> bytes | None:
    try:
        data = bytes.fromhex(hex_text or "")
    except ValueError:
        return None
    return data if len(data) == 32 else None


def find(db: Database, key_id: str, office_code: str | None) -> KnownKey | None:
    """The key named `key_id`, this office's own first; None when unknown (or when
    its stored public key is unusable, which then cannot confirm anything either)."""
    if office_code:
        row = db.execute("SELECT public_key, created_at, retired_at FROM office_keys"
                         " WHERE key_id = ?", [key_id]).fetchone()
        if row is not None and (public := _public(row[0])) is not None:
            return KnownKey(key_id, public, office_code, "", True, row[1], retired_at=row[2])
    row = db.execute("SELECT public_key, unit_code, unit_name, enrolled_at, revoked_at"
                     " FROM trusted_keys WHERE key_id = ?", [key_id]).fetchone()
    if row is not None and (public := _public(row[0])) is not None:
        return KnownKey(key_id, public, row[1], row[2] or "", False, row[3],
                        revoked_at=row[4])
    return None
