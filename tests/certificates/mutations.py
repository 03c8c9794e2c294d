"""Damage done to a certificate code by the fuzz test and the long fuzz run
(bench/fuzz_certificates.py)."""

from __future__ import annotations

import base64

from app.certificates import codec


def flip_bit(text: str, position: int, bit: int) -> str:
    """The code with one bit of its decoded bytes flipped (the byte at `position`
    modulo their number); the text as it is when it does not decode."""
    data = text[len(codec.MAGIC):]
    try:
        raw = bytearray(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    except ValueError:
        return text
    if not raw:
        return text
    raw[position % len(raw)] ^= 1 << bit
    return codec.MAGIC + base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()
