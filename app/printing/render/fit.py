"""Fitting a text into a box: the largest size at which it wraps into the box, down to
a floor; below the floor the last line ends with "…". A word wider than the box (a
name without spaces) is broken between letters, so nothing ever runs past the box.

Widths grow linearly with the font size, so every word is measured once at size 1
and the search over sizes is arithmetic: a thousand certificates fit in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: list[str]
    leading: float


class _Measure:
    def __init__(self, font: str):
        self.font = font
        self._cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        width = self._cache.get(text)
        if width is None:
            width = self._cache[text] = stringWidth(text, self.font, 1)
        return width


def _break_word(word: str, measure: _Measure, limit: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and measure(current + char) > limit:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def _wrap(text: str, measure: _Measure, limit: float) -> list[str]:
    """Lines of `text` no wider than `limit` (in size-1 units)."""
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, current_width = "", 0.0
        for word in (w for w in paragraph.split(" ") if w):  # never at a no-break space
            width = measure(word)
            if current and current_width + space + width <= limit:
                current, current_width = f"{current} {word}", current_width + space + width
                continue
            if not current and width <= limit:
                current, current_width = word, width
                continue
            if current:
                lines.append(current)
            if width <= limit:
                current, current_width = word, width
            else:
                *whole, current = _break_word(word, measure, limit)
                lines.extend(whole)
                current_width = measure(current)
        lines.append(current)
    return lines


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    return _wrap(text, _Measure(font), width / size)


def _truncate(line: str, measure: _Measure, limit: float) -> str:
    while line and measure(line + ELLIPSIS) > limit:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


def one_line(text: str, font: str, width: float, *, largest: float,
             smallest: float) -> float | None:
    """The largest size from `largest` down to `smallest` at which `text` fits on one
    line of `width`; None when it does not fit even at `smallest`."""
    natural = stringWidth(text, font, 1)
    if natural <= 0:
        return largest
    size = min(largest, width / natural)
    return size if size >= smallest else None


def balanced(text: str, font: str, size: float, width: float) -> list[str] | None:
    """`text` on two lines no wider than `width`, broken at a plain space (never at a
    no-break space), the two lines as even as possible; a break after a comma wins
    when it fits. None when no break fits."""
    words = text.split(" ")
    best: tuple[float, list[str]] | None = None
    for index in range(1, len(words)):
        first, second = " ".join(words[:index]), " ".join(words[index:])
        widest = max(stringWidth(first, font, size), stringWidth(second, font, size))
        if widest > width:
            continue
        score = widest - (width if first.endswith(",") else 0)
        if best is None or score < best[0]:
            best = (score, [first, second])
    return best[1] if best else None


def heading_lines(text: str, font: str, width: float, *, largest: float,
                  smallest: float) -> tuple[float, list[str]]:
    """A heading line (a body's name, the place-and-date line) kept whole: one line,
    shrunk down to `smallest` if need be; else two even lines at the largest size
    that fits; else wrapped at `smallest`."""
    size = one_line(text, font, width, largest=largest, smallest=smallest)
    if size is not None:
        return size, [text]
    step = 0.5
    size = largest
    while size >= smallest:
        lines = balanced(text, font, size, width)
        if lines:
            return size, lines
        size -= step
    return smallest, wrap(text, font, smallest, width)


def fit(text: str, font: str, width: float, height: float, *, largest: float,
        smallest: float, leading: float = 1.2, step: float = 0.5) -> Fitted:
    measure = _Measure(font)
    if "\n" not in text and measure(text) * largest <= width \
            and largest * leading <= height:
        return Fitted(largest, [text], largest * leading)
    size = largest
    while True:
        lines = _wrap(text, measure, width / size)
        if len(lines) * size * leading <= height or size - step < smallest:
            break
        size -= step
    room = max(1, int(height // (size * leading)))
    if len(lines) > room:
        lines = lines[:room]
        lines[-1] = _truncate(lines[-1], measure, width / size)
    return Fitted(size, lines, size * leading)
