"""Importing registrations from a spreadsheet: the template DVK hands out or a register
an office already keeps, through a column mapping.

Every row is checked by the form's own check (`RegistrationService.check`: cleaning and
validation) and written by the service's writing half, without its role check and
draft handling, which the import does once: an update through
`RegistrationService.write_checked`, new registrations in blocks of 500 through
`RegistrationService.insert_checked` (RecordWriter, audit log, change numbers), so
imported registrations travel in bundles like any other - all inside ONE transaction.
A preview is the same run in a trial transaction that is taken back
(`app/repositories/storage.py`, `trial`): what it shows is exactly what confirming
writes, and nothing is kept.

Identity of a row (so importing the same file twice adds nothing):
- a row with a record ID (the last column of the template and of exported lists) is
  that registration; an ID this data file does not have is refused;
- any other row is the registration of the same campaign year, model name and
  registrant (the sub-unit for a collective, the person for an individual), compared
  folded ("Thôn Đông" = "thôn đông", "Hoà" = "Hòa"). A new one gets an id derived from
  the office and that key, so a second import finds it even if it was renamed since
  (then it is left as it is).
A blank cell never erases what a registration holds; a row that changes nothing is
"unchanged".
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import clock
from app.core.events import REGISTRATIONS_CHANGED, UNITS_CHANGED
from app.core.progress import NO_PROGRESS, Progress
from app.domain import legacy_text
from app.domain.registration import Kind, Mode, PersonInput, RegistrationInput, Status, Subject
from app.domain.text import clean, fold
from app.errors import DvkError, ValidationError
from app.excel import book as books
from app.excel import people, row_kinds
from app.excel import values as parse
from app.excel.columns import BY_KEY, CHOICE, COLUMNS, DATE, IMPORT_ONLY, header
from app.i18n import N_, _
from app.repositories import registrations as registrations_repo
from app.repositories import units as units_repo
from app.repositories.storage import savepoint, trial

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Registrations, Units

ADD, UPDATE, UNCHANGED, REFUSED, SKIPPED = "add", "update", "unchanged", "refused", "skipped"
OUTCOMES = {
    ADD: N_("To add"),
    UPDATE: N_("To update"),
    UNCHANGED: N_("Unchanged"),
    REFUSED: N_("Refused"),
    SKIPPED: N_("Skipped"),
}
_BLOCK = 500  # new registrations written per block
_ROW_NAMESPACE = uuid.UUID("0c6a4d0e-5b8f-4f7e-9d51-2f3e8a1c7b64")
_LONG_TEXT = {"situation", "goals", "content_methods", "area", "target_group", "force_lead",
              "force_coordinating", "force_participating", "resources", "outputs",
              "sustainability"}
_PLAIN = _LONG_TEXT | {"receiving_body", "contact_phone"}
_PERSON = {"person_name", "birth_year", "gender", "position", "address", "phone",
           "consent_on", "consent_how"}

# Sub-unit type guessed from the start of a new sub-unit's name.
_TYPE_BY_PREFIX = [
    (("thon", "xom", "ban", "ap", "lang", "khu dan cu"), "thon"),
    (("to dan pho", "khu pho", "to dp"), "to_dan_pho"),
    (("chi bo",), "chi_bo"),
    (("chi hoi",), "chi_hoi"),
    (("chi doan",), "chi_doan"),
    (("ban cong tac mat tran",), "ban_cong_tac_mat_tran"),
    (("truong",), "truong_hoc"),
    (("cong an", "ban chi huy quan su", "quan su", "dan quan"), "luc_luong_vu_trang"),
    (("hop tac xa", "htx", "cong ty", "doanh nghiep"), "doanh_nghiep"),
    (("hoi ", "doan thanh nien", "uy ban mat tran", "dang uy", "uy ban nhan dan", "ubnd",
      "mat tran"), "to_chuc_cap_xa"),
    (("tram", "co quan", "van phong"), "co_quan"),
    (("to ", "doi ", "nhom", "cau lac bo", "clb"), "to_doi_nhom"),
]


def outcome_label(name: str) -> str:
    return _(OUTCOMES[name]) if name in OUTCOMES else name


@dataclass
class ImportOptions:
    sheet: str | None = None  # one sheet; None: every sheet that holds registrations
    mapping: list[str | None] | None = None  # column key per sheet column; None: proposed
    default_year: int | None = None  # for rows without a year
    default_date: dt.date | None = None  # for rows without a registration date
    create_subunits: bool = True  # add sub-units named in the file that do not exist yet
    sheets: list[str] | None = None  # these sheets (None: as `sheet` says)
    mappings: dict[str, list[str | None]] = field(default_factory=dict)  # per sheet
    sheet_units: dict[str, str] = field(default_factory=dict)  # sheet -> unit code or name
    include_hidden: bool = False  # import the rows the sheet hides or filters out
    remember: bool = False  # remember the mapping for the next book with these headers


@dataclass
class RowResult:
    row: int
    outcome: str
    name: str = ""
    registrant: str = ""
    reasons: list[str] = field(default_factory=list)
    conversions: list[str] = field(default_factory=list)
    registration_id: str | None = None
    sheet: str = ""
    hidden: bool = False  # the sheet hides this row (by hand or by a filter)
    notes: list[str] = field(default_factory=list)  # what was read from the book's layout

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class SheetReport:
    """One sheet of the book: its rows, whether it was imported and as whose."""

    name: str
    rows: int
    imported: bool
    why: str = ""  # why it was not imported
    unit: str = ""  # the unit its registrations belong to (a commune's sheet)
    header_rows: list[int] = field(default_factory=list)
    year: int | None = None
    field: int | None = None


@dataclass
class ImportReport:
    path: str
    sheet: str
    header_rows: list[int]
    rows: list[RowResult]
    ignored_columns: list[str]
    new_subunits: list[str]
    applied: bool
    sheets: list[SheetReport] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        found = Counter(row.outcome for row in self.rows)
        return {name: found.get(name, 0) for name in OUTCOMES}

    @property
    def conversions(self) -> int:
        return sum(1 for row in self.rows if row.conversions)

    @property
    def changes(self) -> int:
        counts = self.counts()
        return counts[ADD] + counts[UPDATE]

    def as_json(self) -> dict[str, Any]:
        return {"file": self.path, "sheet": self.sheet, "applied": self.applied,
                "counts": self.counts(), "ignored_columns": self.ignored_columns,
                "new_subunits": self.new_subunits,
                "sheets": [dataclasses.asdict(sheet) for sheet in self.sheets],
                "rows": [row.as_json() for row in self.rows]}


@dataclass
class _Refusal:
    """A row refused, with every reason as the clerk reads them."""

    reasons: list[str]


@dataclass
class _Unchanged:
    """A row that is a registration already here, as the row says it is."""

    registration_id: str
    reason: str = ""


class _Sheet:
    """One sheet as read: its layout and mapping, its rows (number, cells of the mapped
    columns, what the layout says of it), and what is known of its legacy text."""

    def __init__(self, layout: books.SheetLayout, mapping: list[str | None]):
        self.layout = layout
        self.name = layout.name
        mapping = list(mapping) + [None] * (layout.width - len(mapping))
        self.mapping = mapping[:layout.width]
        self.columns = [(index, key) for index, key in enumerate(self.mapping) if key]
        self.raw: list[tuple[int, dict[str, Any], _Context]] = []
        self.other_content: set[int] = set()  # rows with text only in unused columns
        self.unicode_columns: set[str] = set()  # columns with Unicode Vietnamese text
        self.formulas: dict[tuple[int, int], str] = {}
        self.fonts: dict[tuple[int, str], str] = {}
        self.candidates: set[tuple[int, str]] = set()
        self.encodings: dict[str | None, str] = {}
        self.unit = None  # the unit (a commune) whose registrations the sheet holds
        self.why = ""  # why its rows cannot be imported (a commune not named)
        self.index = {number: position for position, (number, _r, _c) in enumerate(self.raw)}

    @property
    def ignored_columns(self) -> list[str]:
        return [self.layout.headers[i] or books.column_letter(i)
                for i, key in enumerate(self.mapping) if key is None]

    def value_at(self, number: int, key: str) -> Any:
        return self.raw[self.index[number]][1].get(key)


@dataclass
class _Context:
    """What the book's layout says of a row: the field of the group heading above it,
    whether the sheet hides it, or why it is not a registration at all."""

    field: int | None = None
    hidden: bool = False
    skip: row_kinds.Skip | None = None


class Importer:
    """One import of a workbook: read the sheets that hold registrations, then run
    every row (preview or for real)."""

    def __init__(self, file: OfficeFile, path: str | Path, options: ImportOptions | None = None,
                 *, units: Units, registrations: Registrations):
        self.file = file
        self.units = units
        self.registrations = registrations
        self.path = Path(path)
        self.options = options or ImportOptions()

    # -- reading ------------------------------------------------------------------------
    def read(self, progress: Progress = NO_PROGRESS) -> None:
        book = books.open_book(self.path)
        try:
            with books.reading(self.path):
                self._read(book, progress)
        finally:
            book.close()

    def _chosen(self, book) -> list[books.SheetLayout]:
        """The sheets to import: those named, else every visible sheet that holds
        registrations (the others are listed, with why)."""
        names = self.options.sheets or ([self.options.sheet] if self.options.sheet else None)
        self.survey = books.survey(book)
        if names:
            known = {info.name: info for info in self.survey}
            for name in names:
                if name not in known:
                    raise books.WorkbookRefused(_(
                        "The workbook has no sheet named {sheet}.").format(sheet=name) + " " +
                        _("Its sheets are: {names}.").format(
                            names=", ".join(info.name for info in self.survey)))
            chosen = []
            for name in names:
                info = known[name]
                chosen.append(info.layout or books.layout(book, name))
            return chosen
        chosen = [info.layout for info in self.survey if info.registrations and info.visible]
        if not chosen:
            return [books.layout(book, None)]
        return chosen

    def _read(self, book, progress: Progress) -> None:
        from app.excel import layouts

        self.sheets: list[_Sheet] = []
        for layout in self._chosen(book):
            mapping = self.options.mappings.get(layout.name) or self.options.mapping or \
                layouts.remembered(self.file, layout.headers) or layout.mapping
            sheet = _Sheet(layout, mapping)
            if "name" not in sheet.mapping:
                raise books.WorkbookRefused(_(
                    "Choose which column holds the name of the model (sheet {sheet}); "
                    "nothing was imported.").format(sheet=layout.name))
            self._read_sheet(book, sheet, progress)
            self.sheets.append(sheet)
        self.layout = self.sheets[0].layout
        self.mapping = self.sheets[0].mapping

    def _read_sheet(self, book, sheet: _Sheet, progress: Progress) -> None:
        layout = sheet.layout
        formulas = book.has_formulas(layout.name)
        hidden = book.hidden_rows(layout.name)
        name_index = sheet.mapping.index("name")
        total = layout.max_row or 0
        legacy_cells: list[tuple[int, int, str]] = []  # (row, column, key) to ask fonts of
        filled = blank_run = 0
        group_field: int | None = None
        in_signature = False
        for number, cells in books.rows(book, layout):
            row: dict[str, Any] = {}
            width = len(cells)
            for index, key in sheet.columns:
                if index >= width:
                    break
                value = cells[index]
                if value is None or (type(value) is str and not value.strip()):
                    continue  # (calamine reads a cell of spaces as empty, openpyxl not)
                row[key] = value
                if isinstance(value, str) and not value.isascii():
                    if legacy_text.fits_cp1252(value):
                        legacy_cells.append((number, index, key))
                    else:
                        sheet.unicode_columns.add(key)
            context = _Context(group_field, number in hidden)
            if len(row) <= row_kinds.FEW or in_signature:
                skip = row_kinds.classify(cells, name_index, in_signature)
                if skip is not None:
                    context.skip = skip
                    in_signature = in_signature or skip.kind == row_kinds.SIGNATURE
                    if skip.kind == row_kinds.HEADING and skip.field:
                        group_field = skip.field
            if not row and not all(parse.blank(value) for value in cells):
                sheet.other_content.add(number)
            sheet.raw.append((number, row, context))
            if row:
                filled, blank_run = filled + 1, 0
            else:
                blank_run += 1
            # Past the limit, or into the formatted-but-empty tail some sheets carry
            # down to row 1,048,576: no need to read further.
            if filled > books.MAX_ROWS or blank_run > books.BLANK_TAIL:
                break
            if number % 2000 == 0:
                progress.report(number, total, _("Reading row {row}...").format(row=number))
        while sheet.raw and not sheet.raw[-1][1] and sheet.raw[-1][2].skip is None:
            sheet.raw.pop()
        sheet.index = {number: position for position, (number, _r, _c) in enumerate(sheet.raw)}
        if filled > books.MAX_ROWS:
            raise books.WorkbookRefused(_(
                "The sheet has more than {limit} rows. Split it into several files of "
                "at most {limit} rows and import them one by one.").format(
                limit=f"{books.MAX_ROWS:,}".replace(",", ".")))
        sheet.formulas = books.formula_cells(self.path, layout.name,
                                             layout.first_data_row) if formulas else {}
        # Fonts are read only when the sheet holds legacy text at all, and only for the
        # cells that may be legacy (a second, partial read): ".VnTime" says TCVN3,
        # "VNI-Times" VNI, ".VnTimeH" capitals.
        legacy_cells = [cell for cell in legacy_cells if cell[0] in sheet.index]
        texts = {sheet.value_at(number, key) for number, _index, key in legacy_cells}
        legacy = any(legacy_text.detect(text) for text in texts)
        found = book.fonts(layout.name, [(r, c) for r, c, _k in legacy_cells]) \
            if legacy else {}
        sheet.fonts = {(number, key): found[(number, index)]
                       for number, index, key in legacy_cells if (number, index) in found}
        sheet.candidates = {(number, key) for number, _index, key in legacy_cells}
        self._column_encodings(sheet)

    def _column_encodings(self, sheet: _Sheet) -> None:
        """The legacy encoding of whole columns (and of the sheet): most cells detected
        in it and none typed in Unicode Vietnamese. It settles short cells that read as
        Vietnamese either way ("Phóc" is TCVN3 for "Phúc")."""
        tally: dict[str | None, Counter] = {}
        unicode_columns = sheet.unicode_columns
        for number, key in sheet.candidates:
            hint, _capitals = legacy_text.font_hint(sheet.fonts.get((number, key)))
            found = legacy_text.detect(sheet.value_at(number, key), hint=hint)
            if found:
                for bucket in (key, None):
                    tally.setdefault(bucket, Counter())[found.encoding] += 1
        for key, counts in tally.items():
            encoding, number = counts.most_common(1)[0]
            clean_column = key not in unicode_columns if key else not unicode_columns
            if number >= 2 and clean_column:
                sheet.encodings[key] = encoding

    @property
    def ignored_columns(self) -> list[str]:
        found: list[str] = []
        for sheet in self.sheets:
            found += [name for name in sheet.ignored_columns if name not in found]
        return found

    # -- whose sheet ----------------------------------------------------------------------
    def _attribute(self) -> None:
        """A province or district importing its communes' books: each sheet named after
        a unit below the office (or named by the clerk) holds that unit's registrations.
        When some sheets are named after units, a sheet that is not must be named."""
        from app.excel import attribution

        office = self.units.office()
        below = attribution.units_below(self.file, office)
        if not below:
            return
        for sheet in self.sheets:
            named = self.options.sheet_units.get(sheet.name)
            if named == "":
                continue  # the clerk said: this office's own
            if named:
                sheet.unit = attribution.unit_named(named, below)
                if sheet.unit is None:
                    sheet.why = _("No unit below this office is called or coded "
                                  "\u201c{name}\u201d.").format(name=named)
                continue
            sheet.unit = attribution.unit_of_sheet(sheet.name, below)
        if any(sheet.unit for sheet in self.sheets):
            for sheet in self.sheets:
                if sheet.unit is None and not sheet.why:
                    sheet.why = _(
                        "The sheet {sheet} is not named after a unit of this office; say "
                        "whose registrations it holds (in the window, or with --sheet-unit "
                        "\"{sheet}=CODE\").").format(sheet=sheet.name)

    # -- running ------------------------------------------------------------------------
    def run(self, *, apply: bool, progress: Progress = NO_PROGRESS) -> ImportReport:
        """Every row, in one transaction: committed when `apply`; else a trial, taken
        back at the end, so the preview is exactly what confirming writes."""
        file = self.file
        self._attribute()
        rows = _Rows(file, self.options, units=self.units, registrations=self.registrations)
        results: list[RowResult] = []
        total = sum(len(sheet.raw) for sheet in self.sheets)
        done = 0
        with file.transaction() if apply else trial(file.db):
            for sheet in self.sheets:
                for number, row, context in sheet.raw:
                    result = rows.run(sheet, number, row, context)
                    result.sheet = sheet.name
                    result.hidden = context.hidden
                    results.append(result)
                    if done % 250 == 0:
                        progress.report(done, total, _("Row {row} of {total}").format(
                            row=done + 1, total=total))
                    done += 1
            rows.flush()
            progress.report(total, total, "")
        if apply and self.options.remember:
            from app.excel import layouts

            for sheet in self.sheets:
                layouts.remember(file, sheet.layout.headers, sheet.mapping)
        report = ImportReport(str(self.path), ", ".join(s.name for s in self.sheets),
                              self.layout.header_rows, results, self.ignored_columns,
                              rows.new_subunits, apply, self._sheet_reports())
        if apply and report.changes:
            file.events.emit(REGISTRATIONS_CHANGED)
            if rows.new_subunits:
                file.events.emit(UNITS_CHANGED)
        return report

    def _sheet_reports(self) -> list[SheetReport]:
        read = {sheet.name: sheet for sheet in self.sheets}
        reports = []
        for info in self.survey:
            sheet = read.get(info.name)
            if sheet is None:
                why = info.why or (_("a hidden sheet") if not info.visible else
                                   _("not chosen"))
                reports.append(SheetReport(info.name, info.rows, False, why))
                continue
            layout = sheet.layout
            reports.append(SheetReport(
                info.name, info.rows, not sheet.why, sheet.why,
                sheet.unit.name if sheet.unit else "", layout.header_rows, layout.year,
                layout.field))
        return reports


class _Rows:
    """One run of an import over the rows of its sheets: what it has seen so far (the
    same registration twice, sub-units found or added, each year's registrations read
    once) and the new registrations waiting to be written in blocks."""

    def __init__(self, file: OfficeFile, options: ImportOptions, *, units: Units,
                 registrations: Registrations):
        self.file = file
        self.units = units
        self.registrations = registrations
        self.options = options
        self.office = file.office_code
        self.writer = file.writer()
        self.new_subunits: list[str] = []
        self.seen: dict[tuple, tuple[str, int]] = {}
        self._units: dict[tuple, Any] = {}  # (parent, folded name) -> existing unit
        self._bodies: dict[tuple, str] = {}
        self._pending: list[tuple[RegistrationInput, str | None, str | None]] = []
        self._by_year: dict[int, dict[tuple[str, str], list]] = {}
        self._known_ids: dict[int, set[str]] = {}
        self._deadlines: dict[int, dt.date | None] = {}
        # The row being run: its sheet, its number, the sub-units it added.
        self.sheet: _Sheet | None = None
        self._current_row = 0
        self._row_new_units: list[str] = []

    def run(self, sheet: _Sheet, number: int, row: dict[str, Any],
            context: _Context) -> RowResult:
        self.sheet = sheet
        return self._row(number, row, context)

    def _row(self, number: int, row: dict[str, Any], context: _Context) -> RowResult:
        result = RowResult(number, SKIPPED)
        self._current_row = number
        self._row_new_units = []
        if context.skip is not None:
            result.reasons.append(context.skip.reason())
            return result
        if not row or all(parse.blank(value) for value in row.values()):
            if self._has_formula(number):
                row = {}  # formulas without results in every imported column: say so
            elif number in self.sheet.other_content:
                result.reasons.append(_("Nothing in the imported columns (a heading or a "
                                        "note)."))
                return result
            else:
                result.reasons.append(_("Blank row."))
                return result
        if context.hidden and not self.options.include_hidden:
            result.reasons.append(_("Hidden in the sheet (hidden by hand or by a filter): "
                                    "not imported unless hidden rows are included."))
            self._describe(number, row, result)
            return result
        if self.sheet.why:
            self._describe(number, row, result)
            result.outcome = REFUSED
            result.reasons.append(self.sheet.why)
            return result
        read = self._values(number, row, result)
        if read is None:
            result.reasons.append(_("A heading inside the table, not a registration."))
            return result
        values, problems = read
        self._from_layout(values, context, result)
        if problems:
            return _refused(result, _Refusal(problems + self._more_problems(values, problems)))
        # A row that adds a sub-unit runs in a savepoint, so that a refusal takes the
        # new unit back too; other rows write only after check() passed them. The
        # rows checked before it are written first: a refusal must not take them
        # back with it (they are reported as added).
        adds_unit = self._adds_unit(values)
        if adds_unit:
            self.flush()
        with savepoint(self.file.db) if adds_unit else contextlib.nullcontext() as point:
            saved = self._save(values, result)
            if point is not None and not isinstance(saved, str):
                point.undo()
        if isinstance(saved, _Refusal):
            return _refused(result, saved)
        if isinstance(saved, _Unchanged):
            result.outcome = UNCHANGED
            result.registration_id = saved.registration_id
            if saved.reason:
                result.reasons.append(saved.reason)
            return result
        result.registration_id = saved
        self.new_subunits += [n for n in self._row_new_units if n not in self.new_subunits]
        return result

    def _describe(self, number: int, row: dict[str, Any], result: RowResult) -> None:
        """The name and registrant of a row that is not run (as the clerk reads them)."""
        result.name = row_kinds.readable(row.get("name"))
        result.registrant = row_kinds.readable(row.get("registrant") or
                                               row.get("person_name"))

    def _has_formula(self, number: int) -> bool:
        return any((number, index) in self.sheet.formulas for index, _key in self.sheet.columns)

    # -- one row: cells -> values -------------------------------------------------------
    def _values(self, number: int, row: dict[str, Any], result: RowResult
                ) -> tuple[dict[str, Any], list[str]] | None:
        """The row's values and every problem of its cells (all of them, not the first);
        None for a heading inside the table ("I. LĨNH VỰC KINH TẾ")."""
        values: dict[str, Any] = {}
        problems: list[str] = []
        sheet = self.sheet
        for index, key in sheet.columns if sheet.formulas else ():
            formula = sheet.formulas.get((number, index))
            if formula is not None and key not in row:
                problems.append(_(
                    "{column}: the cell holds a formula ({formula}) whose result was never "
                    "saved; open the file in Excel, save it, and import again.").format(
                    column=header(key), formula=formula))
        for key, value in row.items():
            if parse.blank(value):
                continue
            try:
                if isinstance(value, str) and (number, key) in sheet.candidates:
                    value = self._text(key, value, sheet.fonts.get((number, key)), result)
                values[key] = self._parse(key, value)
            except parse.CellError as error:
                legacy = self._choice_in_legacy(key, value, result)
                if legacy is None:
                    problems.append(f"{header(key)}: {error}")
                else:
                    values[key] = legacy
        _split_columns(values)
        result.name = clean(values.get("name", "")) if isinstance(values.get("name"), str) \
            else ""
        result.registrant = clean(values.get("registrant") or values.get("person_name") or "")
        if "name" not in values and not any(p.startswith(header("name")) for p in problems):
            filled = [value for value in row.values() if not parse.blank(value)]
            if len(filled) == 1 and isinstance(filled[0], str) and not problems:
                return None
            problems.append(_("{column}: empty; every registration needs the name of its "
                              "model.").format(column=header("name")))
        return values, problems

    def _from_layout(self, values: dict[str, Any], context: _Context,
                     result: RowResult) -> None:
        """What the book says where the row does not: the field of its group heading or
        sheet, the year of the title; a person named with an honorific in the
        registrant column."""
        layout = self.sheet.layout
        if "field" not in values:
            found = context.field or layout.field
            if found:  # (the heading row and the sheet's line say so, not every row)
                values["field"] = found
        if "year" not in values and self.options.default_year is None and layout.year:
            values["year"] = layout.year
        registrant = values.get("registrant")
        if registrant and not values.get("person_name") and \
                values.get("subject") != Subject.COLLECTIVE:
            found = people.person(registrant)
            if found is not None:
                values["person_name"] = found.name
                values["subject"] = Subject.INDIVIDUAL
                if found.gender and "gender" not in values:
                    values["gender"] = found.gender
                del values["registrant"]
                if found.rest:
                    if _guess_type(found.rest) != "khac":
                        values["registrant"] = found.rest
                    elif "position" not in values:
                        values["position"] = found.rest
                result.registrant = found.name
                result.notes.append(_("\u201c{text}\u201d is a person: registered as an "
                                      "individual.").format(text=registrant))

    def _more_problems(self, values: dict[str, Any], problems: list[str]) -> list[str]:
        """The form's own problems with the rest of a row whose cells already failed,
        so that every reason is listed at once. Nothing is written or added."""
        named = {p.split(":", 1)[0] for p in problems}
        year = values.get("year") or self.options.default_year or \
            (values["registered_on"].year if "registered_on" in values else None)
        if year is None:
            if header("year") in named:
                return []
            return [_("{column}: empty, and no registration date to take the year from; "
                      "add the year or choose a default year.").format(column=header("year"))]
        subject = values.get("subject") or (
            Subject.INDIVIDUAL if values.get("person_name") and not values.get("registrant")
            else Subject.COLLECTIVE)
        subunit = self._existing_subunit(values.get("registrant"))
        reg = RegistrationInput(year=year, registered_on=self.options.default_date)
        refused = self._fill(reg, {k: v for k, v in values.items() if k != "replicates"},
                             year, subject, subunit)
        if refused is not None:
            return refused.reasons
        if subunit is None and values.get("registrant"):
            reg.subunit_code = "?"  # named but not yet a unit: not a problem of its own
        _cleaned, errors = self.registrations.check(reg, subunit=subunit)
        more = []
        for name, message in errors.items():
            text = self._field_message(name, message)
            if name == "subunit_code" and reg.subunit_code == "?":
                continue
            if text.split(":", 1)[0] not in named:
                more.append(text)
        return more

    def _text(self, key: str, value: Any, font_name: str | None, result: RowResult) -> Any:
        if not isinstance(value, str) or value.isascii():
            return value
        sheet = self.sheet
        font, capitals = legacy_text.font_hint(font_name)
        known = font or sheet.encodings.get(key) or sheet.encodings.get(None)
        found = legacy_text.detect(value, hint=known, capitals=capitals)
        if found is None and known:
            found = legacy_text.convert(value, known, capitals=capitals)
        if found is None:
            return value
        result.conversions.append(f"{header(key)} - {found.describe()}")
        return found.text

    def _choice_in_legacy(self, key: str, value: Any, result: RowResult) -> Any:
        """A coded column ("Kinh tÕ") is a closed list of words: try it in each legacy
        encoding when it is not one of them as it stands."""
        if BY_KEY[key].kind != CHOICE or not isinstance(value, str) or value.isascii() \
                or not legacy_text.fits_cp1252(value):
            return None
        for encoding in legacy_text.ENCODINGS:
            converted = legacy_text.decode(value, encoding)
            try:
                parsed = self._parse(key, converted)
            except parse.CellError:
                continue
            found = legacy_text.Conversion(encoding, value, converted)
            result.conversions.append(f"{header(key)} - {found.describe()}")
            return parsed
        return None

    @staticmethod
    def _parse(key: str, value: Any) -> Any:
        kind = BY_KEY[key].kind
        if key in ("year", "birth_year", "birth_year_male", "birth_year_female"):
            return parse.year(value)
        if kind == DATE:
            return parse.date(value)
        if key == "field":
            return parse.field(value)
        if key in ("kind", "subject", "gender", "mode", "consent_how"):
            return getattr(parse, key)(value)
        text = parse.text(value)
        return text if key in _LONG_TEXT else clean(text)  # check() cleans long texts

    # -- one row: identity, input, save -------------------------------------------------
    def _save(self, values: dict[str, Any], result: RowResult) -> str | _Refusal | _Unchanged:
        """The row written (its registration's id), or why not."""
        service = self.registrations
        year = values.get("year") or self.options.default_year or \
            (values["registered_on"].year if "registered_on" in values else None)
        if year is None:
            return _Refusal([_("{column}: empty, and no registration date to take the year "
                               "from; add the year or choose a default year.").format(
                column=header("year"))])
        subject = values.get("subject") or (
            Subject.INDIVIDUAL if values.get("person_name") and not values.get("registrant")
            else Subject.COLLECTIVE)
        unit = self.sheet.unit
        subunit = self._subunit(values.get("registrant"), create=True)
        if isinstance(subunit, _Refusal):
            return subunit
        if unit is not None and subunit is None and subject == Subject.COLLECTIVE:
            subunit = unit  # a commune's registration, its village not a unit here
            if values.get("registrant"):
                if "area" not in values:
                    values["area"] = values["registrant"]
                result.notes.append(_(
                    "{village} is not a unit {unit} has sent: registered as {unit}'s, with "
                    "{village} as its area.").format(village=values["registrant"],
                                                       unit=unit.name))
        registrant = values.get("person_name") if subject == Subject.INDIVIDUAL else \
            (values.get("registrant") or (subunit.name if subunit else ""))
        if subunit is not None and subject == Subject.COLLECTIVE and subunit is not unit:
            registrant = subunit.name
        identity = self._identity(values, year, registrant or "")
        if isinstance(identity, _Refusal | _Unchanged):
            return identity
        existing_id, version, derived = identity
        if existing_id:
            reg = service.to_input(existing_id)
            before = reg.cleaned()
        else:
            reg = RegistrationInput(year=year, registered_on=self.options.default_date)
            before = None
            if reg.registered_on is None and "registered_on" not in values:
                reg.registered_on = self._deadline(year)
                if reg.registered_on is not None:
                    result.notes.append(_("No registration date in the book: the year's "
                                          "deadline {date} is used.").format(
                        date=reg.registered_on.strftime("%d/%m/%Y")))
        refused = self._fill(reg, values, year, subject, subunit)
        if refused is not None:
            return refused
        if existing_id and reg.cleaned() == before:
            return _Unchanged(existing_id)
        if existing_id and version[1] == Status.WITHDRAWN:
            return _Refusal([_("This registration was withdrawn; a withdrawn registration "
                               "cannot be changed.")])
        if not existing_id and "receiving_body" not in values:
            reg.receiving_body = self._receiving_body(reg.subject, subunit)
        cleaned, errors = service.check(reg, subunit=subunit)  # the form's, then its writing
        if errors:
            return _Refusal([self._field_message(name, message)
                             for name, message in errors.items()])
        unit_code = unit.code if unit is not None else None
        if not existing_id:
            # New registrations are written in blocks (RecordWriter.insert_many).
            self._pending.append((cleaned, derived, unit_code))
            if len(self._pending) >= _BLOCK:
                self.flush()
            result.outcome = ADD
            return derived
        try:
            saved = service.write_checked(self.writer, cleaned, existing_id,
                                          expected_version=version[0] if version else None,
                                          new_id=derived)
        except DvkError as error:
            return _Refusal([error.message])
        result.outcome = UPDATE
        result.reasons.append(_("Changes: {columns}").format(
            columns=", ".join(_changed(before, reg.cleaned()))))
        return saved

    def _deadline(self, year: int) -> dt.date | None:
        """The registration deadline of a year (for rows whose book gives no date), if
        it has passed."""
        if year not in self._deadlines:
            deadline = self.registrations.registration_deadline(year)
            self._deadlines[year] = deadline if deadline and deadline <= clock.today() \
                else None
        return self._deadlines[year]

    def _identity(self, values: dict[str, Any], year: int, registrant: str
                  ) -> tuple[str | None, tuple[int, str] | None, str | None] | _Refusal | _Unchanged:
        """(existing id, its (version, status), the id a new registration gets), or why
        the row is refused or left as it is."""
        db = self.file.db
        if values.get("id"):
            record_id = values["id"]
            found = registrations_repo.version_of(db, record_id)
            if found is None:
                return _Refusal([_("{column}: {id} is not a registration of this data file. "
                                   "Clear the cell to add the row as a new registration.").format(
                    column=header("id"), id=record_id)])
            twice = self._once((record_id,))
            if twice is not None:
                return twice
            return record_id, found, None
        owner = self.sheet.unit.code if self.sheet.unit is not None else self.office
        name_key, registrant_key = fold(values["name"]), fold(registrant)
        twice = self._once((owner, year, name_key, registrant_key))
        if twice is not None:
            return twice
        derived = str(uuid.uuid5(_ROW_NAMESPACE,
                                 f"{owner}|{year}|{registrant_key}|{name_key}"))
        if self.sheet.unit is not None:
            # A commune's row: its own id says whether it is here already.
            self._known(year)
            if derived in self._known_ids.get(year, ()):
                found = registrations_repo.version_of(db, derived)
                return derived, found, None
            return None, None, derived
        same = self._known(year).get((name_key, registrant_key), [])
        if len(same) > 1:
            return _Refusal([_("Several registrations of {year} have this name and "
                               "registrant; add the record ID column to say which one."
                               ).format(year=year)])
        if same:
            return same[0][0], (same[0][1], same[0][2]), None
        if derived in self._known_ids.get(year, ()):
            return _Unchanged(derived, _("Imported before and changed in DVK since; kept as "
                                         "it is."))
        return None, None, derived

    def _known(self, year: int) -> dict[tuple[str, str], list]:
        """The registrations of a year by (folded name, folded registrant), read once:
        one query per year instead of one per row."""
        if year not in self._by_year:
            table: dict[tuple[str, str], list] = {}
            ids = set()
            for record_id, version, status, name_fold, registrant_fold in \
                    registrations_repo.identities(self.file.db, year):
                table.setdefault((name_fold, registrant_fold), []).append(
                    (record_id, version, status))
                ids.add(record_id)
            self._by_year[year], self._known_ids[year] = table, ids
        return self._by_year[year]

    def _once(self, key: tuple) -> _Refusal | None:
        """The same registration twice in one file: the later row is refused."""
        if key in self.seen:
            sheet, row = self.seen[key]
            if sheet == self.sheet.name:
                return _Refusal([_("The same registration as row {row}.").format(row=row)])
            return _Refusal([_("The same registration as row {row} of the sheet {sheet}."
                               ).format(row=row, sheet=sheet)])
        self.seen[key] = (self.sheet.name, self._current_row)
        return None

    def flush(self) -> None:
        if self._pending:
            by_unit: dict[str | None, list] = {}
            for cleaned, derived, unit_code in self._pending:
                by_unit.setdefault(unit_code, []).append((cleaned, derived))
            for unit_code, items in by_unit.items():
                self.registrations.insert_checked(self.writer, items, unit_code=unit_code)
            self._pending = []

    def _receiving_body(self, subject: str, subunit) -> str:
        """The form's proposal for the receiving body, once per kind of registrant."""
        key = (subject, subunit.type if subunit and subject == Subject.COLLECTIVE else None)
        if key not in self._bodies:
            self._bodies[key] = self.registrations.proposed_receiving_body(
                subject, subunit.code if subunit else None)
        return self._bodies[key]

    def _adds_unit(self, values: dict[str, Any]) -> bool:
        name = values.get("registrant")
        return bool(name) and self.sheet.unit is None and self._find_unit(name) is None

    def _find_unit(self, name: str):
        """An existing unit of that name: among the office's sub-units, or among the
        sub-units of the commune whose sheet this is."""
        parent = self.sheet.unit.code if self.sheet.unit is not None else self.office
        folded = (parent, fold(name))
        if folded not in self._units:
            db = self.file.db
            unit = units_repo.get(db, name) if " " not in name else None
            if unit is not None and unit.parent_code != parent and unit.code != parent:
                unit = None
            unit = unit or units_repo.find_by_name(db, name, parent)
            if unit is None:
                return None
            self._units[folded] = unit  # units are never deleted: safe to keep
        return self._units[folded]

    def _existing_subunit(self, name: str | None):
        return self._find_unit(name) if name else None

    def _subunit(self, name: str | None, *, create: bool):
        if not name:
            return None
        unit = self._find_unit(name)
        if unit is None and self.sheet.unit is not None:
            return None  # never a sub-unit of this office for a commune's village
        if unit is None and create and self.options.create_subunits:
            try:
                unit = self.units.add_subunit(name, _guess_type(name))
            except ValidationError as error:  # e.g. a name longer than a unit's
                return _Refusal([f"{header('registrant')}: {message}"
                                 for message in error.fields.values()])
            self._row_new_units.append(unit.name)
        if unit is None:
            return _Refusal([_("{column}: no unit named \u201c{name}\u201d in this office."
                               ).format(column=header("registrant"), name=name)])
        return unit

    def _fill(self, reg: RegistrationInput, values: dict[str, Any], year: int, subject: str,
              subunit) -> _Refusal | None:
        """The row's values into the form's input; a refusal when the model it
        replicates is not found."""
        reg.year = year
        reg.subject = subject
        if "kind" in values:
            reg.kind = values["kind"]
        elif not values.get("id"):
            reg.kind = Kind.EXEMPLAR if subject == Subject.INDIVIDUAL else Kind.MODEL
        if subunit is not None:
            reg.subunit_code = subunit.code
        for key in ("name", "field", "mode", "registered_on", "start_date", "end_date",
                    *_PLAIN):
            if key in values:
                setattr(reg, key, values[key])
        if "replicates" in values and not self._same_model(reg.replicates_id,
                                                            values["replicates"]):
            replicated = self._replicated(values["replicates"], year)
            if isinstance(replicated, _Refusal):
                return replicated
            reg.replicates_id = replicated
            if "mode" not in values:
                reg.mode = Mode.REPLICATION
        if subject == Subject.INDIVIDUAL and (_PERSON & set(values)):
            person = reg.person or PersonInput()
            mapping = {"person_name": "full_name", "birth_year": "birth_year",
                       "gender": "gender", "position": "position", "address": "address",
                       "phone": "phone", "consent_on": "consent_on",
                       "consent_how": "consent_how"}
            reg.person = dataclasses.replace(person, **{
                mapping[key]: values[key] for key in _PERSON if key in values})
            # A day of consent alone is the signed form's; a way alone, signed the
            # day the form was registered.
            if reg.person.consent_on and not reg.person.consent_how:
                reg.person.consent_how = "phieu_dang_ky"
            if reg.person.consent_how and not reg.person.consent_on:
                reg.person.consent_on = reg.registered_on
        return None

    def _same_model(self, registration_id: str | None, text: str) -> bool:
        """Whether the model a registration already replicates is the one named (an
        exported list names it; re-importing must not pick another of that name)."""
        if not registration_id:
            return False
        row = self.file.db.execute("SELECT name FROM registrations WHERE id = ?",
                                  [registration_id]).fetchone()
        return bool(row) and (fold(row[0]) == fold(text) or
                              registration_id.startswith(text.strip().lower()))

    def _replicated(self, text: str, year: int) -> str | _Refusal:
        self.flush()  # the model replicated may be a row above, not written yet
        db = self.file.db
        text = text.strip()
        if len(text) >= 8 and all(c in "0123456789abcdef-" for c in text.lower()):
            rows = db.execute("SELECT id FROM registrations WHERE id LIKE ? LIMIT 2",
                              [text.lower() + "%"]).fetchall()
            if len(rows) == 1:
                return rows[0][0]
        earlier = [rid for rid, found_year in registrations_repo.find_by_name(db, text)
                   if found_year < year] or \
            [rid for rid, _y in registrations_repo.find_by_name(db, text)]
        if not earlier:
            return _Refusal([_("{column}: no model \u201c{name}\u201d in this data file to "
                               "replicate.").format(column=header("replicates"), name=text)])
        return earlier[0]

    @staticmethod
    def _field_message(name: str, message: str) -> str:
        columns = {"subunit_code": "registrant", "replicates_id": "replicates",
                   "person.full_name": "person_name", "person.birth_year": "birth_year",
                   "person.gender": "gender", "person.position": "position",
                   "person.address": "address", "person.phone": "phone",
                   "person.consent_on": "consent_on", "person.consent_how": "consent_how"}
        key = columns.get(name, name)
        return f"{header(key)}: {message}" if key in BY_KEY else message


def _refused(result: RowResult, refusal: _Refusal) -> RowResult:
    """The row refused: its reasons first, then what was noted while reading it."""
    result.outcome = REFUSED
    result.reasons = refusal.reasons + [r for r in result.reasons if r not in refusal.reasons]
    return result


_INPUT_TO_COLUMN = {"subunit_code": "registrant", "replicates_id": "replicates",
                    "person": "person_name"}


def _changed(before: RegistrationInput, after: RegistrationInput) -> list[str]:
    """The headers of the columns whose values an update changes."""
    names = []
    for item in dataclasses.fields(RegistrationInput):
        if getattr(before, item.name) != getattr(after, item.name):
            key = _INPUT_TO_COLUMN.get(item.name, item.name)
            names.append(header(key) if key in BY_KEY else item.name)
    return names


def _split_columns(values: dict[str, Any]) -> None:
    """"Năm sinh" over "Nam | Nữ": the year under a gender; "Giới tính" over "Nam |
    Nữ": a mark under one."""
    for key, gender in (("birth_year_male", "nam"), ("birth_year_female", "nu")):
        if key in values:
            values.setdefault("birth_year", values.pop(key))
            values.setdefault("gender", gender)
    for key, gender in (("gender_male", "nam"), ("gender_female", "nu")):
        if key in values:
            values.pop(key)
            values.setdefault("gender", gender)


def _guess_type(name: str) -> str:
    folded = fold(name) + " "
    for prefixes, unit_type in _TYPE_BY_PREFIX:
        if folded.startswith(prefixes):
            return unit_type
    return "khac"


def known_columns() -> list[tuple[str, str]]:
    """(key, header) of every column a sheet column can be mapped to."""
    return [(column.key, _(column.header)) for column in (*COLUMNS, *IMPORT_ONLY)]
