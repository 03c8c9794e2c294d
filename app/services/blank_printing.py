"""Certificates onto pre-printed blanks (in trên phôi), for the command line and the
window: each kind's layout in mm with the office's changes (setting
print.blank_layout), the offsets of each printer (print.blank_offsets, local to this
office like every setting), the calibration page, and the certificates' PDF.
See app/printing/blanks.py for the layout data and why the offsets."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.core.events import SETTINGS_CHANGED
from app.domain.accounts import ADMIN, APPROVER
from app.i18n import N_, format_printed_number, printed_
from app.printing import blanks
from app.printing.model import CertificateDoc
from app.printing.render.blank import BlankPainter
from app.repositories import settings as settings_repo

if TYPE_CHECKING:
    from app.context import AppContext

LAYOUT_KEY = "print.blank_layout"
OFFSETS_KEY = "print.blank_offsets"
DEFAULT_PRINTER = ""  # the offsets used when no printer is named
ORIENTATION_NAMES = {"landscape": N_("landscape"), "portrait": N_("portrait")}
VARIANT_NAMES = {"tap_the": N_("collective"), "ca_nhan": N_("individual")}
# The calibration page is a printed paper: Vietnamese whatever the window's language.
CALIBRATION_TITLE = N_("CALIBRATION PAGE: print on plain paper, lay it on a blank")
CALIBRATION_WHAT = N_("Printer: {printer}. Paper: {paper}, {orientation}. Certificate: "
                      "{variant}.")
CALIBRATION_OFFSETS = N_("Offsets now: {x} mm to the right, {y} mm down.")
CALIBRATION_HOW = N_("If the boxes sit to the left of the blank's places, add to x; if too "
                     "high, add to y.")
DEFAULT_PRINTER_NAME = N_("(default printer)")


def _store(ctx: AppContext, key: str, value: Any, role: str) -> None:
    ctx.accounts.require(role)
    with ctx.transaction():
        settings_repo.put(ctx.db, key, value)
    ctx.events.emit(SETTINGS_CHANGED, key=key)


def layout(ctx: AppContext, variant: str, paper: str = "A4",
           orientation: str = "landscape") -> blanks.Layout:
    return blanks.layout(variant, paper, orientation, ctx.setting(LAYOUT_KEY) or {})


def set_field(ctx: AppContext, variant: str, paper: str, orientation: str, field: str,
              **values: Any) -> blanks.Layout:
    """Move or resize one field of a layout (mm, points), or leave it to the blank
    (`print=False`)."""
    changes = blanks.change(ctx.setting(LAYOUT_KEY) or {}, variant, paper, orientation,
                            field, values)
    _store(ctx, LAYOUT_KEY, changes, ADMIN)  # where the office's blanks have each text
    return layout(ctx, variant, paper, orientation)


def reset(ctx: AppContext, variant: str, paper: str, orientation: str) -> None:
    blanks.check(variant, paper, orientation)
    changes = dict(ctx.setting(LAYOUT_KEY) or {})
    (changes.get(variant) or {}).pop(blanks.key(paper, orientation), None)
    _store(ctx, LAYOUT_KEY, changes, ADMIN)


def offsets(ctx: AppContext) -> dict[str, blanks.Offset]:
    stored = ctx.setting(OFFSETS_KEY) or {}
    return {name: blanks.offset_for(stored, name) for name in stored}


def offset(ctx: AppContext, printer: str = DEFAULT_PRINTER) -> blanks.Offset:
    stored = ctx.setting(OFFSETS_KEY) or {}
    if (printer or "") in stored:
        return blanks.offset_for(stored, printer)
    return blanks.offset_for(stored, DEFAULT_PRINTER)


def set_offset(ctx: AppContext, printer: str, x: float, y: float) -> blanks.Offset:
    # Whoever prints the certificates sets their printer right after a test page.
    _store(ctx, OFFSETS_KEY, blanks.set_offset(ctx.setting(OFFSETS_KEY) or {}, printer, x, y),
           APPROVER)
    return offset(ctx, printer)


def _painter(ctx: AppContext, docs: list[CertificateDoc]) -> BlankPainter:
    printing = ctx.printing
    frozen = docs[0].frozen if docs else None
    renderer = printing.frozen_renderer(frozen.official) if frozen else printing.renderer()
    return BlankPainter(renderer.fonts, renderer.wording, renderer.creator)


def certificates_pdf(ctx: AppContext, docs: list[CertificateDoc], *, paper: str = "A4",
                     orientation: str = "landscape", printer: str = DEFAULT_PRINTER,
                     progress: Callable[[int, int], None] | None = None) -> bytes:
    """The certificates' texts only, each on the layout of its kind."""
    layouts = {variant: layout(ctx, variant, paper, orientation)
               for variant in blanks.VARIANTS}
    pages = [(doc, layouts.get(doc.variant, layouts["tap_the"])) for doc in docs]
    return _painter(ctx, docs).certificates(
        pages, offset(ctx, printer), title=docs[0].title if docs else "", progress=progress)


def calibration_pdf(ctx: AppContext, variant: str = "tap_the", *, paper: str = "A4",
                    orientation: str = "landscape", printer: str = DEFAULT_PRINTER) -> bytes:
    chosen = layout(ctx, variant, paper, orientation)
    shift = offset(ctx, printer)
    lines = [printed_(CALIBRATION_TITLE),
             printed_(CALIBRATION_WHAT).format(
                 printer=printer or printed_(DEFAULT_PRINTER_NAME), paper=paper,
                 orientation=printed_(ORIENTATION_NAMES[orientation]),
                 variant=printed_(VARIANT_NAMES.get(variant, variant))),
             printed_(CALIBRATION_OFFSETS).format(x=format_printed_number(shift.x, 1),
                                                  y=format_printed_number(shift.y, 1)),
             printed_(CALIBRATION_HOW)]
    painter = _painter(ctx, [])
    return painter.calibration(chosen, shift, title=lines[0], lines=lines)
