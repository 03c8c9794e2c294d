"""Trust statements: their format, how they are made and signed, and how one read
from a bundle is checked to be well formed.

Four kinds, each a canonical JSON body signed by the key that makes it (a rotation by
the old key and the new one), one per line of `trust.jsonl` in a bundle
(docs/bundle-format.md): `certificate`, `revocation`, `rotation` and `introduction`.
What they mean, and when a key may sign, is decided in `app/sync/trust.py`; nothing
here decides trust or touches the database.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import nacl.signing

from app.signing import canonical, crypto

FORMAT = "dvk-trust"
FORMAT_VERSION = 1
CERTIFICATE = "certificate"
REVOCATION = "revocation"
ROTATION = "rotation"
INTRODUCTION = "introduction"
TYPES = (CERTIFICATE, REVOCATION, ROTATION, INTRODUCTION)
MAX_LINE = 16 * 1024

_COMMON = {"format": str, "format_version": int, "type": str, "unit": str, "key_id": str,
           "issuer": str, "issuer_key_id": str, "issued_at": str}
_EXTRA = {
    CERTIFICATE: {"unit_name": str, "public_key": str, "scope": str, "not_before": str,
                  "expires_at": str, "replaces": str},
    REVOCATION: {"effective_at": str, "reason": str},
    ROTATION: {"public_key": str},
    INTRODUCTION: {"unit_name": str, "public_key": str},
}
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")
_HEX = re.compile(r"^[0-9a-f]+$")
_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$")
_STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


class StatementError(ValueError):
    """A statement that is not well formed (English detail, for the refusal message)."""


def instant(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Statement:
    body: dict[str, Any]
    signatures: dict[str, str]  # key id -> signature (hex)
    # When this office first received it (UTC ISO text); None: arriving now. Not part of
    # the statement: a rotation first seen after its key's revocation is refused.
    seen_at: str | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return canonical.sha256(canonical.dumps(self.body))

    @property
    def type(self) -> str:
        return self.body["type"]

    @property
    def unit(self) -> str:
        return self.body["unit"]

    @property
    def key_id(self) -> str:
        return self.body["key_id"]

    @property
    def issuer(self) -> str:
        return self.body["issuer"]

    @property
    def issuer_key_id(self) -> str:
        return self.body["issuer_key_id"]

    @property
    def issued_at(self) -> str:
        return self.body["issued_at"]

    def public_key(self) -> bytes | None:
        """The subject key, for statements that carry it."""
        value = self.body.get("public_key")
        return bytes.fromhex(value) if value else None

    def line(self) -> bytes:
        return canonical.dumps({"body": self.body, "signatures": self.signatures}) + b"\n"


def problem(body: Any) -> str | None:
    """What is wrong with a statement body (English), or None."""
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        return "not a trust statement"
    if body.get("format_version") != FORMAT_VERSION:
        return "unknown statement version"
    kind = body.get("type")
    if kind not in TYPES:
        return "unknown statement type"
    fields = {**_COMMON, **_EXTRA[kind]}
    if set(body) != set(fields):
        return "unexpected or missing fields"
    for name, wanted in fields.items():
        if not isinstance(body[name], wanted) or isinstance(body[name], bool):
            return f"field {name} has the wrong type"
    if not (_CODE.match(body["unit"]) and _CODE.match(body["issuer"])):
        return "bad unit code"
    if not (_KEY_ID.match(body["key_id"]) and _KEY_ID.match(body["issuer_key_id"])):
        return "bad key id"
    stamps = [n for n in ("issued_at", "not_before", "expires_at", "effective_at") if n in body]
    if any(not _STAMP.match(body[n]) for n in stamps):
        return "bad time"
    if "public_key" in body:
        value = body["public_key"]
        if len(value) != 64 or not _HEX.match(value) or \
                crypto.key_id(bytes.fromhex(value)) != body["key_id"]:
            return "public key and key id differ"
    if kind == CERTIFICATE:
        if not _CODE.match(body["scope"]) or (body["replaces"] and
                                              not _KEY_ID.match(body["replaces"])):
            return "bad scope"
        if instant(body["expires_at"]) <= instant(body["not_before"]):
            return "expires before it starts"
    if kind == ROTATION and (body["issuer"] != body["unit"] or
                             body["issuer_key_id"] == body["key_id"]):
        return "a rotation is made by the unit itself, to another key"
    return None


def parse(data: bytes) -> Statement:
    try:
        value = canonical.loads(data, limit=MAX_LINE)
    except canonical.CanonicalError as error:
        raise StatementError(str(error)) from error
    if not isinstance(value, dict) or set(value) != {"body", "signatures"}:
        raise StatementError("not a signed statement")
    body, signatures = value["body"], value["signatures"]
    reason = problem(body)
    if reason:
        raise StatementError(reason)
    if not isinstance(signatures, dict) or not signatures or any(
            not isinstance(k, str) or not _KEY_ID.match(k) or not isinstance(v, str)
            or len(v) != 128 or not _HEX.match(v) for k, v in signatures.items()):
        raise StatementError("bad signatures")
    statement = Statement(body, signatures)
    if statement.line() != data + b"\n" and statement.line() != data:
        raise StatementError("not canonical")
    return statement


def parse_lines(data: bytes) -> list[Statement]:
    if data and not data.endswith(b"\n"):
        raise StatementError("the last line is cut off")
    result: dict[str, Statement] = {}
    for line in data.split(b"\n")[:-1]:
        statement = parse(line)
        if statement.id in result:
            raise StatementError("a statement is listed twice")
        result[statement.id] = statement
    return list(result.values())


def _signed(body: dict[str, Any], *keys: nacl.signing.SigningKey) -> Statement:
    data = canonical.dumps(body)
    return Statement(body, {crypto.key_id(key.verify_key.encode()): crypto.sign(key, data).hex()
                            for key in keys})


def _base(kind: str, *, unit: str, key_id: str, issuer: str,
          signing: nacl.signing.SigningKey, issued_at: str) -> dict[str, Any]:
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "type": kind, "unit": unit,
            "key_id": key_id, "issuer": issuer,
            "issuer_key_id": crypto.key_id(signing.verify_key.encode()), "issued_at": issued_at}


def certificate(signing: nacl.signing.SigningKey, *, issuer: str, unit: str, unit_name: str,
                public_key: bytes, scope: str, not_before: str, expires_at: str,
                issued_at: str, replaces: str = "") -> Statement:
    body = _base(CERTIFICATE, unit=unit, key_id=crypto.key_id(public_key), issuer=issuer,
                 signing=signing, issued_at=issued_at)
    body.update(unit_name=unit_name, public_key=public_key.hex(), scope=scope,
                not_before=not_before, expires_at=expires_at, replaces=replaces)
    return _signed(body, signing)


def revocation(signing: nacl.signing.SigningKey, *, issuer: str, unit: str, key_id: str,
               effective_at: str, reason: str, issued_at: str) -> Statement:
    body = _base(REVOCATION, unit=unit, key_id=key_id, issuer=issuer, signing=signing,
                 issued_at=issued_at)
    body.update(effective_at=effective_at, reason=reason)
    return _signed(body, signing)


def rotation(old: nacl.signing.SigningKey, new: nacl.signing.SigningKey, *, unit: str,
             issued_at: str) -> Statement:
    public = new.verify_key.encode()
    body = _base(ROTATION, unit=unit, key_id=crypto.key_id(public), issuer=unit, signing=old,
                 issued_at=issued_at)
    body["public_key"] = public.hex()
    return _signed(body, old, new)


def introduction(signing: nacl.signing.SigningKey, *, issuer: str, unit: str, unit_name: str,
                 public_key: bytes, issued_at: str) -> Statement:
    body = _base(INTRODUCTION, unit=unit, key_id=crypto.key_id(public_key), issuer=issuer,
                 signing=signing, issued_at=issued_at)
    body.update(unit_name=unit_name, public_key=public_key.hex())
    return _signed(body, signing)


def signatures_hold(statement: Statement,
                    public_key_of: Callable[[str], bytes | None]) -> bool | None:
    """True when every signature the statement needs verifies, False when one does not
    (a forged or altered statement), None when a signer's key is unknown here."""
    needed = {statement.issuer_key_id}
    if statement.type == ROTATION:
        needed.add(statement.key_id)
    if set(statement.signatures) != needed:
        return False
    data = canonical.dumps(statement.body)
    for key_id in sorted(needed):
        public = statement.public_key() if key_id == statement.key_id else public_key_of(key_id)
        if public is None:
            return None
        if not crypto.verify(public, data, bytes.fromhex(statement.signatures[key_id])):
            return False
    return True
