"""One byte per letter for Vietnamese texts inside a certificate code.

UTF-8 spends two or three bytes on most Vietnamese letters ("ậ" is three), and a
certificate's names are most of its code: this table stores printable ASCII as
itself, the 134 precomposed Vietnamese letters and a few punctuation marks as one
byte each, and any other character as ESCAPE followed by its UTF-8 bytes. Every
Unicode text without control characters survives exactly; typical names take a
quarter fewer bytes than in UTF-8. The table is part of code format 1 and never
changes (docs/certificate-code.md lists it).
"""

from __future__ import annotations

VIETNAMESE = ("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
              "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ")
PUNCTUATION = "…–—“”‘’"
ESCAPE = 0xFF
# The bytes printable ASCII (0x20-0x7E) leaves free, in order.
_FREE = [*range(0x00, 0x20), *range(0x7F, 0xFF)]
_TABLE = VIETNAMESE + PUNCTUATION
assert len(_TABLE) <= len(_FREE)
_TO_BYTE = {char: _FREE[index] for index, char in enumerate(_TABLE)}
_FROM_BYTE = {byte: char for char, byte in _TO_BYTE.items()}


class CharsetError(ValueError):
    pass


def _is_control(char: str) -> bool:
    return ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0


def encode(text: str) -> bytes:
    out = bytearray()
    for char in text:
        if " " <= char <= "~":
            out.append(ord(char))
        elif char in _TO_BYTE:
            out.append(_TO_BYTE[char])
        elif _is_control(char):
            raise CharsetError("control character")
        else:
            out.append(ESCAPE)
            out += char.encode("utf-8", "strict")  # a lone surrogate raises
    return bytes(out)


def _utf8_length(lead: int) -> int:
    if 0xC2 <= lead <= 0xDF:
        return 2
    if 0xE0 <= lead <= 0xEF:
        return 3
    if 0xF0 <= lead <= 0xF4:
        return 4
    raise CharsetError("bad escaped character")


def decode(data: bytes) -> str:
    """The text of `data`; CharsetError for a byte the table does not use, a broken
    escaped character, or one that should not have been escaped (one text, one form)."""
    chars: list[str] = []
    index = 0
    while index < len(data):
        byte = data[index]
        index += 1
        if 0x20 <= byte <= 0x7E:
            chars.append(chr(byte))
        elif byte in _FROM_BYTE:
            chars.append(_FROM_BYTE[byte])
        elif byte == ESCAPE:
            if index >= len(data):
                raise CharsetError("escape at the end")
            size = _utf8_length(data[index])
            chunk = data[index:index + size]
            index += size
            try:
                char = chunk.decode("utf-8", "strict")
            except UnicodeDecodeError as error:
                raise CharsetError("bad escaped character") from error
            if len(char) != 1 or char in _TO_BYTE or " " <= char <= "~" or \
                    _is_control(char):
                raise CharsetError("needlessly escaped character")
            chars.append(char)
        else:
            raise CharsetError(f"unused byte {byte:#x}")
    return "".join(chars)
