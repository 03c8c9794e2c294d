"""Fitting a text into a box: the largest size at which it wraps into the box, down to
a floor; below the floor the last line ends with "…". A word wider than the box (a
name without spaces) is broken between letters, so nothing ever runs past the box."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: list[str]
    leading: float


def _break_word(word: str, font: str, size: float, width: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and stringWidth(current + char, font, size) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if stringWidth(candidate, font, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            if stringWidth(word, font, size) <= width:
                current = word
            else:
                *whole, current = _break_word(word, font, size, width)
                lines.extend(whole)
        lines.append(current)
    return lines


def _truncate(line: str, font: str, size: float, width: float) -> str:
    while line and stringWidth(line + ELLIPSIS, font, size) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def fit(text: str, font: str, width: float, height: float, *, largest: float,
        smallest: float, leading: float = 1.2, step: float = 0.5) -> Fitted:
    size = largest
    while True:
        lines = wrap(text, font, size, width)
        if len(lines) * size * leading <= height or size - step < smallest:
            break
        size -= step
    room = max(1, int(height // (size * leading)))
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = _truncate(lines[-1], font, size, width)
    return Fitted(size, lines, size * leading)
