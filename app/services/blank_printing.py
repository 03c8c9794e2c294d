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
from app.domain.registration import Subject
from app.i18n import N_, format_printed_number, printed_
from app.printing import blanks
from app.printing.model import CertificateDoc
from app.printing.render.blank import BlankPainter
from app.repositories import settings as settings_repo

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.printing import PrintService

LAYOUT_KEY = "print.blank_layout"
OFFSETS_KEY = "print.blank_offsets"
DEFAULT_PRINTER = ""  # the offsets used when no printer is named
ORIENTATION_NAMES = {"landscape": N_("landscape"), "portrait": N_("portrait")}
VARIANT_NAMES = {Subject.COLLECTIVE: N_("collective"), Subject.INDIVIDUAL: N_("individual")}
# The calibration page is a printed paper: Vietnamese whatever the window's language.
CALIBRATION_TITLE = N_("CALIBRATION PAGE: print on plain paper, lay it on a blank")
CALIBRATION_WHAT = N_("Printer: {printer}. Paper: {paper}, {orientation}. Certificate: "
                      "{variant}.")
CALIBRATION_OFFSETS = N_("Offsets now: {x} mm to the right, {y} mm down.")
CALIBRATION_HOW = N_("If the boxes sit to the left of the blank's places, add to x; if too "
                     "high, add to y.")
DEFAULT_PRINTER_NAME = N_("(default printer)")


class BlankPrinting:
    """Certificates printed onto pre-printed blanks: the office's layouts and printer offsets, and the PDFs."""

    def __init__(self, file: OfficeFile, *, accounts: AccountService,
                 printing: Callable[[], PrintService]):
        self.file = file
        self.accounts = accounts
        self._printing = printing

    def _store(self, key: str, value: Any, role: str) -> None:
        self.accounts.require(role)
        with self.file.transaction():
            settings_repo.put(self.file.db, key, value)
        self.file.events.emit(SETTINGS_CHANGED, key=key)

    def layout(self, variant: str, paper: str = "A4",
               orientation: str = "landscape") -> blanks.Layout:
        return blanks.layout(variant, paper, orientation, self.file.setting(LAYOUT_KEY) or {})

    def set_field(self, variant: str, paper: str, orientation: str, field: str,
                  **values: Any) -> blanks.Layout:
        """Move or resize one field of a layout (mm, points), or leave it to the blank
        (`print=False`)."""
        changes = blanks.change(self.file.setting(LAYOUT_KEY) or {}, variant, paper, orientation,
                                field, values)
        self._store(LAYOUT_KEY, changes, ADMIN)  # where the office's blanks have each text
        return self.layout(variant, paper, orientation)

    def reset(self, variant: str, paper: str, orientation: str) -> None:
        blanks.check(variant, paper, orientation)
        changes = dict(self.file.setting(LAYOUT_KEY) or {})
        (changes.get(variant) or {}).pop(blanks.key(paper, orientation), None)
        self._store(LAYOUT_KEY, changes, ADMIN)

    def offsets(self) -> dict[str, blanks.Offset]:
        stored = self.file.setting(OFFSETS_KEY) or {}
        return {name: blanks.offset_for(stored, name) for name in stored}

    def offset(self, printer: str = DEFAULT_PRINTER) -> blanks.Offset:
        stored = self.file.setting(OFFSETS_KEY) or {}
        if (printer or "") in stored:
            return blanks.offset_for(stored, printer)
        return blanks.offset_for(stored, DEFAULT_PRINTER)

    def set_offset(self, printer: str, x: float, y: float) -> blanks.Offset:
        # Whoever prints the certificates sets their printer right after a test page.
        self._store(OFFSETS_KEY, blanks.set_offset(self.file.setting(OFFSETS_KEY) or {}, printer, x, y),
               APPROVER)
        return self.offset(printer)

    def _painter(self, docs: list[CertificateDoc]) -> BlankPainter:
        printing = self._printing()
        frozen = docs[0].frozen if docs else None
        renderer = printing.frozen_renderer(frozen.official) if frozen else printing.renderer()
        return BlankPainter(renderer.fonts, renderer.wording, renderer.creator)

    def certificates_pdf(self, docs: list[CertificateDoc], *, paper: str = "A4",
                         orientation: str = "landscape", printer: str = DEFAULT_PRINTER,
                         progress: Callable[[int, int], None] | None = None) -> bytes:
        """The certificates' texts only, each on the layout of its kind."""
        layouts = {variant: self.layout(variant, paper, orientation)
                   for variant in blanks.VARIANTS}
        pages = [(doc, layouts.get(doc.variant, layouts[Subject.COLLECTIVE])) for doc in docs]
        return self._painter(docs).certificates(
            pages, self.offset(printer), title=docs[0].title if docs else "", progress=progress)

    def calibration_pdf(self, variant: str = Subject.COLLECTIVE, *, paper: str = "A4",
                        orientation: str = "landscape", printer: str = DEFAULT_PRINTER) -> bytes:
        chosen = self.layout(variant, paper, orientation)
        shift = self.offset(printer)
        lines = [printed_(CALIBRATION_TITLE),
                 printed_(CALIBRATION_WHAT).format(
                     printer=printer or printed_(DEFAULT_PRINTER_NAME), paper=paper,
                     orientation=printed_(ORIENTATION_NAMES[orientation]),
                     variant=printed_(VARIANT_NAMES.get(variant, variant))),
                 printed_(CALIBRATION_OFFSETS).format(x=format_printed_number(shift.x, 1),
                                                      y=format_printed_number(shift.y, 1)),
                 printed_(CALIBRATION_HOW)]
        painter = self._painter([])
        return painter.calibration(chosen, shift, title=lines[0], lines=lines)
