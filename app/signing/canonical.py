"""Canonical JSON: the one byte form of a value that is hashed and signed.

Keys sorted, no spaces, UTF-8 (not \\u escapes), no NaN or infinity. Parsing is strict:
UTF-8 only, duplicate keys refused, and a size limit checked before anything is parsed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


class CanonicalError(ValueError):
    """Bytes that are not acceptable JSON for a bundle (the reason is in English;
    callers turn it into a translated message)."""


def dumps(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_sha256(record: dict[str, Any]) -> str:
    return sha256(dumps(record))


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise CanonicalError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise CanonicalError(f"{name} is not allowed")


# SQLite stores integers in 64 bits: a larger number in a sequence number or a version
# would end an import in an OverflowError instead of a refusal.
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def int64(text: str) -> int:
    """`parse_int` for json.loads: integers SQLite can store, nothing larger."""
    if len(text) > 20:
        raise CanonicalError("number too large")
    value = int(text)
    if not INT_MIN <= value <= INT_MAX:
        raise CanonicalError("number too large")
    return value


def finite(text: str) -> float:
    """`parse_float` for json.loads: 1e400 would be read as infinity."""
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise CanonicalError("number too large")
    return value


def loads(data: bytes, *, limit: int) -> Any:
    """Parse bytes strictly; raise CanonicalError for anything doubtful."""
    if len(data) > limit:
        raise CanonicalError(f"larger than {limit} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CanonicalError("not UTF-8 text") from error
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants,
                          parse_int=int64, parse_float=finite)
    except CanonicalError:
        raise
    except (ValueError, RecursionError) as error:
        raise CanonicalError(f"malformed JSON: {error}") from error
