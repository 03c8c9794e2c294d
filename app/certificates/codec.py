"""The text of a certificate code, both ways. Pure: no database, no translation (the
reasons are codes; verify.py words them for the clerk).

    DVK1:<base64url, no padding, of body + signature>

The body is a compact binary record (docs/certificate-code.md), not JSON: a QR code
printed 30 mm wide must stay readable from a phone photo of an A4 page, so every byte
counts. Fixed fields first (key id, year, decision date, the model's UUID as 16
bytes), then eight texts, each one length byte and the text in charset.py's table
(ASCII and every Vietnamese letter one byte each, any other character as escaped
UTF-8, so every name survives exactly). The 64-byte Ed25519 signature covers DOMAIN + body; DOMAIN keeps a
certificate signature from ever being taken for a bundle or key-card signature.

A code is at most MAX_CHARS characters, "DVK1:" included: QR version 13 at error-correction level M,
the same symbol as for 288 characters (69 modules, 0.43 mm each when printed 30 mm
wide; read back from a 100 dpi scan in the tests). When the names are too long for that, the
longest of the unit name, model name and registrant is shortened with "…" until the
code fits; numbers, dates and codes are never shortened.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

from app.certificates import charset
from app.certificates.model import CertificateSummary

PREFIX = "DVK"
VERSION = 1
MAGIC = f"{PREFIX}{VERSION}:"
DOMAIN = b"dvk-certificate-code-v1\x00"
SIGNATURE_BYTES = 64
KEY_ID_BYTES = 8
MAX_CHARS = 330  # QR version 13 holds 331 bytes at level M
MAX_INPUT = 4096  # longer input is not a code: refused before decoding
EPOCH = dt.date(2000, 1, 1)
ELLIPSIS = "…"

TEXT_FIELDS = ("level", "unit_code", "unit_name", "model_name", "registrant",
               "decision_number", "certificate_number", "issuer_unit_code")
SHORTENABLE = ("model_name", "registrant", "unit_name")
_FIXED = KEY_ID_BYTES + 2 + 2 + 16
_MIN_BODY = _FIXED + len(TEXT_FIELDS)
_HEADER = re.compile(r"([A-Za-z]{1,8})(\d{1,4})?:")
_B64URL = re.compile(r"[A-Za-z0-9_-]*")
# Ignored anywhere in a code (a code pasted in pieces): space, tab, CR and LF; nothing
# else (a no-break space is not a space here).
_WHITESPACE = re.compile(r"[ \t\r\n]+")
# A link to a published verifier page with the code after "#" (docs/certificate-code.md).
_LINK = re.compile(r"https?://[^#]*#", re.IGNORECASE)
LEVELS = ("coso", "xa", "huyen", "tinh")
_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.-]{0,63}")

# Reasons a text is not a readable code.
EMPTY = "empty"
NOT_DVK = "not_dvk"
NEWER_VERSION = "newer_version"
MALFORMED = "malformed"


class CodeError(ValueError):
    """The text is not a certificate code this version can read (`reason`: one of the
    constants above; `detail`: English, for logs and tests)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.version: int | None = None


@dataclass(frozen=True)
class Decoded:
    summary: CertificateSummary
    message: bytes  # what the signature covers: DOMAIN + body
    signature: bytes


# -- encoding --------------------------------------------------------------------------

def body(summary: CertificateSummary) -> bytes:
    """The binary record of a summary (raises ValueError for a field that cannot be
    encoded: an id that is not a UUID, a text over 255 bytes, a year out of range)."""
    try:
        key_id = bytes.fromhex(summary.issuer_key_id)
    except ValueError as error:
        raise ValueError("issuer_key_id must be 16 hex digits") from error
    if len(key_id) != KEY_ID_BYTES:
        raise ValueError("issuer_key_id must be 16 hex digits")
    if not 0 < summary.year < 65536:
        raise ValueError("year out of range")
    days = 0
    if summary.decision_date is not None:
        days = (summary.decision_date - EPOCH).days
        if not 0 < days < 65536:
            raise ValueError("decision date out of range")
    model = uuid.UUID(summary.model_id).bytes  # ValueError when not a UUID
    out = bytearray(key_id)
    out += summary.year.to_bytes(2, "big") + days.to_bytes(2, "big") + model
    for name in TEXT_FIELDS:
        data = charset.encode(getattr(summary, name))
        if len(data) > 255:
            raise ValueError(f"{name} longer than 255 bytes")
        out.append(len(data))
        out += data
    return bytes(out)


def _length(body_size: int) -> int:
    """Characters of the code holding a body of `body_size` bytes (no padding)."""
    raw = body_size + SIGNATURE_BYTES
    return len(MAGIC) + (raw * 4 + 2) // 3


def _body_size(summary: CertificateSummary) -> int:
    return _FIXED + sum(1 + len(charset.encode(getattr(summary, name)))
                        for name in TEXT_FIELDS)


def fit(summary: CertificateSummary, limit: int = MAX_CHARS) -> CertificateSummary:
    """The summary, its longest names shortened with "…" until its code has at most
    `limit` characters; ValueError when even empty names would not fit."""
    current = summary
    while (excess := _length(_body_size(current)) - limit) > 0:
        longest = max(SHORTENABLE, key=lambda n: len(charset.encode(getattr(current, n))))
        value = getattr(current, longest)
        if value in ("", ELLIPSIS):
            raise ValueError("the numbers and codes alone are too long for a code")
        kept = value[:-1] if value.endswith(ELLIPSIS) else value
        # 4 characters of code carry 3 bytes, and every letter is at least one byte:
        # cutting that many letters is enough, or close (the loop does the rest).
        kept = kept[:max(0, len(kept) - max(1, (excess * 3 + 3) // 4))]
        current = replace(current, **{longest: kept.rstrip() + ELLIPSIS})
    return current


def encode(summary: CertificateSummary, sign: Callable[[bytes], bytes]) -> str:
    """The code's text: `sign(message)` returns the 64-byte signature of `message`."""
    record = body(summary)
    signature = sign(DOMAIN + record)
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("a signature has 64 bytes")
    return MAGIC + base64.urlsafe_b64encode(record + signature).rstrip(b"=").decode("ascii")


# -- decoding --------------------------------------------------------------------------

def _texts(record: bytes, offset: int) -> dict[str, str]:
    values: dict[str, str] = {}
    for name in TEXT_FIELDS:
        if offset >= len(record):
            raise CodeError(MALFORMED, f"ends before {name}")
        size = record[offset]
        offset += 1
        chunk = record[offset:offset + size]
        if len(chunk) != size:
            raise CodeError(MALFORMED, f"{name} is cut short")
        offset += size
        try:
            values[name] = charset.decode(chunk)
        except charset.CharsetError as error:
            raise CodeError(MALFORMED, f"{name}: {error}") from error
    if offset != len(record):
        raise CodeError(MALFORMED, "bytes after the last field")
    return values


def parse_body(record: bytes) -> CertificateSummary:
    if len(record) < _MIN_BODY:
        raise CodeError(MALFORMED, "too short")
    key_id = record[:KEY_ID_BYTES].hex()
    year = int.from_bytes(record[8:10], "big")
    days = int.from_bytes(record[10:12], "big")
    model_id = str(uuid.UUID(bytes=record[12:28]))
    texts = _texts(record, _FIXED)
    if year == 0:
        raise CodeError(MALFORMED, "no year")
    _check_texts(texts)
    return CertificateSummary(
        model_id=model_id, year=year,
        decision_date=EPOCH + dt.timedelta(days=days) if days else None,
        issuer_key_id=key_id, **texts)


def _check_texts(texts: dict[str, str]) -> None:
    """What the format allows in the texts beyond the character table: NFC only, a
    known level, unit codes as units have them (docs/certificate-code.md)."""
    for name, value in texts.items():
        if not unicodedata.is_normalized("NFC", value):
            raise CodeError(MALFORMED, f"{name} is not NFC")
    if texts["level"] not in LEVELS:
        raise CodeError(MALFORMED, "unknown level")
    for name in ("unit_code", "issuer_unit_code"):
        if not _CODE.fullmatch(texts[name]):
            raise CodeError(MALFORMED, f"{name} is not a unit code")


def code_text(text: str) -> str:
    """The code in a text as read or pasted: spaces, tabs and line breaks removed, and
    the code taken from after the "#" of a link to a verifier page."""
    compact = _WHITESPACE.sub("", text)
    link = _LINK.match(compact)
    return compact[link.end():] if link else compact


def decode(text: str) -> Decoded:
    """Parse a code's text (spaces and line breaks anywhere are ignored, as a code may
    be pasted in pieces; a link to a verifier page gives the code after its "#"); raise
    CodeError saying why it cannot be read."""
    if not isinstance(text, str):
        raise CodeError(MALFORMED, "not text")
    if len(text) > MAX_INPUT:
        raise CodeError(MALFORMED, "far too long")
    compact = code_text(text)
    if not compact:
        raise CodeError(EMPTY)
    match = _HEADER.match(compact)
    if match is None or match.group(1).upper() != PREFIX:
        raise CodeError(NOT_DVK, "no DVK prefix")
    version = int(match.group(2)) if match.group(2) else None
    if version is None or match.group(1) != PREFIX:
        raise CodeError(MALFORMED, "bad prefix")
    if version != VERSION:
        error = CodeError(NEWER_VERSION if version > VERSION else MALFORMED,
                          f"version {version}")
        error.version = version
        raise error
    if len(compact) > MAX_CHARS:
        raise CodeError(MALFORMED, f"longer than {MAX_CHARS} characters")
    data = compact[match.end():]
    if not _B64URL.fullmatch(data) or len(data) % 4 == 1:
        raise CodeError(MALFORMED, "not base64url")
    try:
        raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    except (binascii.Error, ValueError) as error:
        raise CodeError(MALFORMED, "not base64url") from error
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != data:
        raise CodeError(MALFORMED, "not canonical base64url")
    if len(raw) < _MIN_BODY + SIGNATURE_BYTES:
        raise CodeError(MALFORMED, "too short")
    record, signature = raw[:-SIGNATURE_BYTES], raw[-SIGNATURE_BYTES:]
    return Decoded(parse_body(record), DOMAIN + record, signature)
