"""Printing certificates onto pre-printed blanks (in trên phôi): where each variable
text goes, in millimetres (resources/print/blanks.json, changed per field by an
office), on A4 or A3, landscape or portrait, and the offsets of each printer.

A blank already carries the border, the emblem, the national title and the paper's
name; DVK prints only the texts of each certificate (render/blank.py). Printers feed
sheets a little off: the clerk prints the calibration page (a ruler grid with the
fields' boxes) on plain paper, lays it on a blank against the light, and sets the
printer's offsets (x to the right, y down, in mm). Pure: the print service stores the
changes and the offsets in the office settings.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib.pagesizes import A3, A4, landscape, portrait
from reportlab.lib.units import mm

from app.domain.registration import Subject
from app.errors import DvkError, ValidationError
from app.i18n import _
from app.paths import resource

PAPERS = ("A4", "A3")
ORIENTATIONS = ("landscape", "portrait")
VARIANTS = (Subject.COLLECTIVE.value, Subject.INDIVIDUAL.value)
FIELDS = ("authority", "recipient", "recipient_detail", "achievement", "model_name",
          "reference", "date_line", "signer", "signer_name", "number_line", "qr")
FACES = ("regular", "bold", "italic", "bolditalic")
NUMBERS = ("x", "y", "width", "height", "size", "min")
A3_SCALE = 297 / 210  # A3 is A4 scaled by √2: the A4 layout grows with the sheet
MAX_OFFSET = 30.0  # mm: a printer further off than this is a wrong setting


@dataclass(frozen=True)
class Field:
    name: str
    x: float  # mm from the left edge: the centre of a centred text
    y: float  # mm from the top edge: the top of the box
    width: float
    height: float
    size: float = 12
    min: float = 7
    face: str = "regular"
    align: str = "center"
    print: bool = True


@dataclass(frozen=True)
class Layout:
    variant: str
    paper: str
    orientation: str
    fields: tuple[Field, ...]

    @property
    def page_size(self) -> tuple[float, float]:
        return page_size(self.paper, self.orientation)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def page_size(paper: str, orientation: str) -> tuple[float, float]:
    size = A3 if paper == "A3" else A4
    return landscape(size) if orientation == "landscape" else portrait(size)


def page_mm(paper: str, orientation: str) -> tuple[float, float]:
    width, height = page_size(paper, orientation)
    return width / mm, height / mm


@cache
def _shipped() -> dict[str, Any]:
    data = json.loads(resource("print", "blanks.json").read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def check(variant: str, paper: str, orientation: str) -> None:
    if variant not in VARIANTS:
        raise DvkError(_("Choose the kind of certificate: {kinds}.").format(
            kinds=", ".join(VARIANTS)))
    if paper not in PAPERS:
        raise DvkError(_("Choose the paper: {papers}.").format(papers=", ".join(PAPERS)))
    if orientation not in ORIENTATIONS:
        raise DvkError(_("Choose the orientation: {choices}.").format(
            choices=", ".join(ORIENTATIONS)))


def key(paper: str, orientation: str) -> str:
    return f"{paper}-{orientation}"


def shipped_fields(variant: str, paper: str, orientation: str) -> dict[str, dict[str, Any]]:
    """The shipped positions (A3: the A4 ones scaled with the sheet)."""
    check(variant, paper, orientation)
    fields = copy.deepcopy(_shipped()[variant][key("A4", orientation)])
    if paper == "A3":
        for spec in fields.values():
            for name in NUMBERS:
                if name in spec:
                    spec[name] = round(spec[name] * A3_SCALE, 1)
    return fields


def layout(variant: str, paper: str, orientation: str,
           changes: dict[str, Any] | None = None) -> Layout:
    """The layout of one kind of certificate on one sheet: shipped, with the office's
    changes (`changes`: the setting print.blank_layout) laid over it."""
    fields = shipped_fields(variant, paper, orientation)
    own = ((changes or {}).get(variant) or {}).get(key(paper, orientation)) or {}
    for name, spec in own.items():
        if name in fields and isinstance(spec, dict):
            fields[name].update({k: v for k, v in spec.items() if k in (*NUMBERS, "print")})
    return Layout(variant, paper, orientation, tuple(
        Field(name=name, **{k: v for k, v in spec.items()
                            if k in (*NUMBERS, "face", "align", "print")})
        for name, spec in fields.items()))


def change(changes: dict[str, Any] | None, variant: str, paper: str, orientation: str,
           field: str, values: dict[str, Any]) -> dict[str, Any]:
    """The office's layout changes with one field changed (checked: the box stays on
    the sheet, sizes are positive)."""
    check(variant, paper, orientation)
    shipped = shipped_fields(variant, paper, orientation)
    if field not in shipped:
        raise ValidationError({"field": _("The certificate has no field {name}; its fields "
                                          "are: {names}.").format(
            name=field, names=", ".join(shipped))})
    current = {**shipped[field], **(((changes or {}).get(variant) or {})
                                    .get(key(paper, orientation)) or {}).get(field, {})}
    current.update({k: v for k, v in values.items() if v is not None})
    width, height = page_mm(paper, orientation)
    left = current["x"] - (current["width"] / 2 if current.get("align", "center") == "center"
                           and field != "qr" else 0)
    if min(current["width"], current["height"]) <= 0 or current.get("size", 1) <= 0:
        raise ValidationError({"field": _("Widths, heights and sizes are above zero.")})
    if left < 0 or left + current["width"] > width or current["y"] < 0 \
            or current["y"] + current["height"] > height:
        raise ValidationError({"field": _(
            "The box of {name} would leave the sheet ({width} x {height} mm).").format(
            name=field, width=round(width), height=round(height))})
    result = copy.deepcopy(changes or {})
    slot = result.setdefault(variant, {}).setdefault(key(paper, orientation), {})
    slot[field] = {k: current[k] for k in (*NUMBERS, "print") if k in current
                   and current[k] != shipped[field].get(k)}
    if not slot[field]:
        del slot[field]
    return result


@dataclass(frozen=True)
class Offset:
    x: float = 0.0  # mm, to the right
    y: float = 0.0  # mm, down


def offset_for(offsets: dict[str, Any] | None, printer: str) -> Offset:
    value = (offsets or {}).get(printer or "") or {}
    try:
        return Offset(float(value.get("x", 0)), float(value.get("y", 0)))
    except (TypeError, ValueError, AttributeError):
        return Offset()


def set_offset(offsets: dict[str, Any] | None, printer: str, x: float, y: float
               ) -> dict[str, Any]:
    if abs(x) > MAX_OFFSET or abs(y) > MAX_OFFSET:
        raise ValidationError({"offset": _(
            "An offset of more than {limit} mm is not a printer's feed: check the blank and "
            "the paper size.").format(limit=int(MAX_OFFSET))})
    result = dict(offsets or {})
    result[printer or ""] = {"x": round(x, 1), "y": round(y, 1)}
    return result
