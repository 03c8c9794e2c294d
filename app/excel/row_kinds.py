"""Rows of a register that are not registrations: group headings that carry the field
("I. LĨNH VỰC KINH TẾ"), other headings, total rows ("Tổng cộng: 25 mô hình"), notes
("Ghi chú: ...") and the signature block under the table ("Người lập biểu", "TM. UBND
XÃ / CHỦ TỊCH", the place and date, the signatories' names). They are skipped and
listed as skipped, with their text as the clerk reads it (legacy text converted).

A register's data rows carry a number ("STT") and several values; these rows carry one
or a few texts. Only rows with few values are looked at, so a model named "Tổng vệ
sinh môi trường" with its unit and field is never taken for a total.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.domain import legacy_text
from app.domain.text import fold
from app.excel.values import field_named_in
from app.i18n import _

HEADING, TOTAL, SIGNATURE, NOTE = "heading", "total", "signature", "note"
FEW = 4  # rows with more values than this are data rows

_TOTAL = re.compile(r"^(?:tong cong|cong)\b")
_TOTAL_WITH_NUMBER = re.compile(r"^(?:tong so|tong)\b(?:.*\d|\s*[:.]?\s*$)")
_SIGNATURE = re.compile(
    r"nguoi lap (?:bieu|bang|danh sach|bao cao)|^lap bieu|^(?:tm|t/m|kt|q|tl|tuq)\s*[./]\s*\S"
    r"|\bchu tich\b|\bbi thu\b|\btruong ban\b|\bthu truong\b|\bxac nhan\b|\(ky\b|\bky ten\b"
    r"|\bky,? ghi ro\b|\bdong dau\b|^noi nhan\b|^da ky\b|ngay\s*[.…]+\s*thang"
    r"|,\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}")
_NOTE = re.compile(r"^\W*(?:ghi chu|luu y|chu thich|chu y)\b")
_NUMBERED = re.compile(r"^(?:[ivx]+|[a-h]|\d{1,2})\s*[.)/]\s*\S")


@dataclass(frozen=True)
class Skip:
    kind: str
    text: str  # the row's text, as the clerk reads it
    field: int | None = None  # the field a group heading gives

    def reason(self) -> str:
        if self.kind == HEADING and self.field:
            from app.domain.fields import field_name

            return _("A group heading ({text}): the rows below it are in the field {field}."
                     ).format(text=self.text, field=field_name(self.field))
        return {
            HEADING: _("A heading inside the table ({text}), not a registration."),
            TOTAL: _("A total row ({text}), not a registration."),
            SIGNATURE: _("The signature block under the table ({text}), not a "
                         "registration."),
            NOTE: _("A note under the table ({text}), not a registration."),
        }[self.kind].format(text=self.text)


def readable(value: Any) -> str:
    """A cell's text as the clerk reads it (legacy text converted)."""
    if not isinstance(value, str):
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return "" if value is None else str(value)
    text = value.strip()
    found = legacy_text.detect(text)
    if not found:
        return text
    ascii_letters = [c for c in text if c.isascii() and c.isalpha()]
    # Capitals typed where TCVN3 has only small marked letters ("CHñ TÞCH"): the
    # clerk saw (and meant) capitals.
    capitals = len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters)
    return found.text.upper() if capitals else found.text


def _looks_like_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and (
        _NUMBERED.match(fold(text)) is not None or text.upper() == text or
        text.endswith(":") or field_named_in(text) is not None)


def classify(cells: tuple, name_index: int | None, in_signature: bool) -> Skip | None:
    """What a row is when it is not a registration, or None. `in_signature`: a
    signature block began above it (then everything below is part of it, unless the
    row is plainly a numbered registration)."""
    filled = [(i, v) for i, v in enumerate(cells)
              if v is not None and not (isinstance(v, str) and not v.strip())]
    if not filled:
        return None
    numbered = isinstance(cells[0], int | float) and not isinstance(cells[0], bool)
    if in_signature:
        if numbered and len(filled) >= 3 and name_index is not None and \
                name_index < len(cells) and isinstance(cells[name_index], str):
            return None
        return Skip(SIGNATURE, _joined(filled))
    if len(filled) > FEW:
        return None
    texts = [readable(v) for _i, v in filled if isinstance(v, str)]
    if not texts:
        return None
    folded = [fold(t) for t in texts]
    first = folded[0]
    if _TOTAL.match(first) or _TOTAL_WITH_NUMBER.match(first):
        return Skip(TOTAL, _joined(filled))
    if not numbered and any(_SIGNATURE.search(f) for f in folded):
        return Skip(SIGNATURE, _joined(filled))
    if _NOTE.match(first) and len(filled) <= 2:
        return Skip(NOTE, _joined(filled))
    distinct = {t for t in texts}
    if len(filled) == 1 and len(distinct) == 1:
        index = filled[0][0]
        text = texts[0]
        if index != name_index or _looks_like_heading(text):
            return Skip(HEADING, text, field_named_in(text))
    return None


def _joined(filled: list[tuple[int, Any]]) -> str:
    text = " / ".join(readable(v) for _i, v in filled if readable(v))
    return text if len(text) <= 120 else text[:117] + "..."
