"""Where the visible signature goes on the page.

On a paper, the signer signs in the space between the signing title ("TM. ỦY BAN NHÂN
DÂN / CHỦ TỊCH") and the printed name; Decree 30/2020 puts the image of a digital
signature there too. So the box is placed above the signer's name where that name is
found on the document (looked for from the last page back, ignoring case and tone
marks: a certificate may spell the name without them), or above the dotted line DVK
prints where the signer's name was left blank, in the column of the name and no
higher than the title above it. Where no name is found (a paper signed by someone
not named on it, a PDF from elsewhere) or its space is taken by an earlier signature,
the box goes in the top margin of the first page at the right, as Decree 30 places an
organisation's signature on an attached document, moving left for each signature
already there.

pdfium (pypdfium2) reads the characters' positions. It is not thread-safe: call this
on the thread that uses pdfium elsewhere (the window's).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.text import fold

MM = 72 / 25.4
WIDTH = 62 * MM
HEIGHT = 22 * MM
TALL = 32 * MM  # with a seal or signature image
MARGIN_HEIGHT = 16 * MM


@dataclass(frozen=True)
class Box:
    page: int  # 0-based
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1

    def overlaps(self, other: Box) -> bool:
        return self.page == other.page and self.x1 < other.x2 and other.x1 < self.x2 and \
            self.y1 < other.y2 and other.y1 < self.y2

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (round(self.x1), round(self.y1), round(self.x2), round(self.y2))


def _chars(textpage) -> list[tuple[str, tuple[float, float, float, float]]]:
    count = textpage.count_chars()
    found = []
    for index in range(count):
        text = textpage.get_text_range(index, 1)
        if not text:
            continue
        found.append((text[0], textpage.get_charbox(index)))
    return found


def _folded_chars(chars) -> tuple[str, list[int]]:
    """The page's text folded (no case, no tone marks, đ -> d), one folded character
    per original where possible, and the original index of each folded character."""
    text, where = [], []
    for index, (char, _box) in enumerate(chars):
        for folded in fold(char) or " ":
            text.append(folded)
            where.append(index)
    return "".join(text), where


def _find_name(chars, name: str) -> tuple[float, float, float, float] | None:
    """The box around the last place `name` is written on the page."""
    wanted = " ".join(fold(name).split())
    if len(wanted) < 3:
        return None
    text, where = _folded_chars(chars)
    # Spaces as written may be one or more, or a line break: compare with spaces squeezed.
    squeezed, origin = [], []
    for position, char in enumerate(text):
        if char.isspace():
            if squeezed and squeezed[-1] == " ":
                continue
            char = " "
        squeezed.append(char)
        origin.append(where[position])
    flat = "".join(squeezed)
    start = flat.rfind(wanted)
    if start < 0:
        return None
    boxes = [chars[origin[i]][1] for i in range(start, start + len(wanted))
             if not flat[i].isspace()]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _find_dotted_line(chars, page_width: float) -> tuple[float, float, float, float] | None:
    """Where DVK prints a dotted line for a signer's name left blank (to write by
    hand): the last run of ten dots or more in the right half of the page."""
    found, run = None, []
    for char, box in [*chars, (" ", (0, 0, 0, 0))]:
        if char == "." and box[0] > page_width / 2:
            run.append(box)
            continue
        if len(run) >= 10:
            found = (min(b[0] for b in run), min(b[1] for b in run),
                     max(b[2] for b in run), max(b[3] for b in run))
        run = []
    return found


def _above_name(chars, name_box, page: int, page_width: float, height: float) -> Box | None:
    left, _bottom, right, top = name_box
    centre = (left + right) / 2
    x1 = max(2.0, min(centre - WIDTH / 2, page_width - WIDTH - 2))
    x2 = x1 + WIDTH
    # The lowest text above the name in the box's column: the signing title.
    ceiling = min((b[1] for _c, b in chars if b[1] > top + 1 and b[0] < x2 and b[2] > x1),
                  default=top + height + 4)
    room = ceiling - top - 3
    if room < 12 * MM:
        return None
    h = min(height, room)
    return Box(page, x1, top + 1.5, x2, top + 1.5 + h)


def choose(data: bytes, names: list[str], taken: list[Box], *, tall: bool = False) -> Box:
    """The box for the next signature on the PDF `data`: above the first of `names`
    found (last page first), else in the first page's top margin; never over a box in
    `taken` (the earlier signatures)."""
    import pypdfium2 as pdfium

    height = TALL if tall else HEIGHT
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:  # pyHanko reads it, pdfium does not: an A4 page's margin
        return _in_margin(595.0, 842.0, taken)
    try:
        count = len(document)
        for index in reversed(range(count)):
            page = document[index]
            try:
                width = page.get_width()
                textpage = page.get_textpage()
                try:
                    chars = _chars(textpage)
                finally:
                    textpage.close()
            finally:
                page.close()
            places = [_find_name(chars, name) for name in names if name]
            places.append(_find_dotted_line(chars, width))
            for found in places:
                if found is None:
                    continue
                box = _above_name(chars, found, index, width, height)
                if box is not None and not any(box.overlaps(t) for t in taken):
                    return box
        first = document[0]
        try:
            width, page_height = first.get_width(), first.get_height()
        finally:
            first.close()
    finally:
        document.close()
    return _in_margin(width, page_height, taken)


def _in_margin(width: float, height: float, taken: list[Box]) -> Box:
    """The top margin at the right, then moving left; then the bottom margin."""
    top = height - 2 * MM
    for y2 in (top, 2 * MM + MARGIN_HEIGHT):
        x2 = width - 10 * MM
        while x2 - WIDTH >= 10 * MM:
            box = Box(0, x2 - WIDTH, y2 - MARGIN_HEIGHT, x2, y2)
            if not any(box.overlaps(t) for t in taken):
                return box
            x2 -= WIDTH + 2 * MM
    return Box(0, width - 10 * MM - WIDTH, top - MARGIN_HEIGHT, width - 10 * MM, top)
