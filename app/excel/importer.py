"""Importing registrations from a spreadsheet: the template DVK hands out or a register
an office already keeps, through a column mapping.

Every row goes through `RegistrationService.save` - the form's validation and writing
(RecordWriter, audit log, change numbers), so imported registrations travel in bundles
like any other - all inside ONE transaction. A preview is the same run rolled back:
what it shows is exactly what confirming writes, and nothing is written before.

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

from app.domain import legacy_text
from app.domain.registration import PersonInput, RegistrationInput
from app.domain.text import clean, fold
from app.errors import DvkError, ValidationError
from app.excel import book as books
from app.excel import values as parse
from app.excel.columns import BY_KEY, CHOICE, COLUMNS, DATE, TEXT, header
from app.i18n import N_, _
from app.repositories import registrations as registrations_repo
from app.repositories import units as units_repo
from app.services.events import REGISTRATIONS_CHANGED, UNITS_CHANGED
from app.services.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from app.context import AppContext

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
_PERSON = {"person_name", "birth_year", "gender", "position", "address", "phone"}

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
    sheet: str | None = None
    mapping: list[str | None] | None = None  # column key per sheet column; None: proposed
    default_year: int | None = None  # for rows without a year
    default_date: dt.date | None = None  # for rows without a registration date
    create_subunits: bool = True  # add sub-units named in the file that do not exist yet


@dataclass
class RowResult:
    row: int
    outcome: str
    name: str = ""
    registrant: str = ""
    reasons: list[str] = field(default_factory=list)
    conversions: list[str] = field(default_factory=list)
    registration_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class ImportReport:
    path: str
    sheet: str
    header_rows: list[int]
    rows: list[RowResult]
    ignored_columns: list[str]
    new_subunits: list[str]
    applied: bool

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
                "rows": [row.as_json() for row in self.rows]}


class _Refused(Exception):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class _Unchanged(Exception):
    def __init__(self, registration_id: str, reason: str = ""):
        super().__init__(reason)
        self.registration_id = registration_id
        self.reason = reason


class _DryRun(Exception):
    """Raised at the end of a preview so its transaction rolls back."""


class Importer:
    """One import of one sheet: read it, then run every row (preview or for real)."""

    def __init__(self, ctx: AppContext, path: str | Path, options: ImportOptions | None = None):
        self.ctx = ctx
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

    def _read(self, book, progress: Progress) -> None:
        self.layout = books.layout(book, self.options.sheet)
        mapping = list(self.options.mapping or self.layout.mapping)
        mapping += [None] * (self.layout.width - len(mapping))
        self.mapping = mapping[:self.layout.width]
        if "name" not in self.mapping:
            raise books.WorkbookRefused(_(
                "Choose which column holds the name of the model; nothing was "
                "imported."))
        self.columns = [(index, key) for index, key in enumerate(self.mapping) if key]
        formulas = book.has_formulas(self.layout.name)
        total = self.layout.max_row or 0
        self.raw: list[tuple[int, dict[str, Any]]] = []
        self.other_content: set[int] = set()  # rows with text only in unused columns
        legacy_cells: list[tuple[int, int, str]] = []  # (row, column, key) to ask fonts of
        self.unicode_columns: set[str] = set()  # columns with Unicode Vietnamese text
        filled = blank_run = 0
        for number, cells in books.rows(book, self.layout):
            row: dict[str, Any] = {}
            width = len(cells)
            for index, key in self.columns:
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
                        self.unicode_columns.add(key)
            if not row and not all(parse.blank(value) for value in cells):
                self.other_content.add(number)
            self.raw.append((number, row))
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
        self._trim_trailing_blank()
        if filled > books.MAX_ROWS:
            raise books.WorkbookRefused(_(
                "The sheet has more than {limit} rows. Split it into several files of "
                "at most {limit} rows and import them one by one.").format(
                limit=f"{books.MAX_ROWS:,}".replace(",", ".")))
        self.formulas = books.formula_cells(self.path, self.layout.name,
                                            self.layout.first_data_row) if formulas else {}
        # Fonts are read only when the sheet holds legacy text at all, and only for the
        # cells that may be legacy (a second, partial read): ".VnTime" says TCVN3,
        # "VNI-Times" VNI, ".VnTimeH" capitals.
        texts = {self._value_at(number, key) for number, _index, key in legacy_cells}
        legacy = any(legacy_text.detect(text) for text in texts)
        found = book.fonts(self.layout.name, [(r, c) for r, c, _k in legacy_cells]) \
            if legacy else {}
        self.fonts = {(number, key): found[(number, index)]
                      for number, index, key in legacy_cells if (number, index) in found}
        self.candidates = {(number, key) for number, _index, key in legacy_cells}
        self._column_encodings()

    def _value_at(self, number: int, key: str) -> Any:
        first = self.raw[0][0] if self.raw else 0
        return self.raw[number - first][1].get(key)

    def _trim_trailing_blank(self) -> None:
        while self.raw and not self.raw[-1][1]:
            self.raw.pop()

    def _column_encodings(self) -> None:
        """The legacy encoding of whole columns (and of the sheet): most cells detected
        in it and none typed in Unicode Vietnamese. It settles short cells that read as
        Vietnamese either way ("Phóc" is TCVN3 for "Phúc")."""
        tally: dict[str | None, Counter] = {}
        unicode_columns = self.unicode_columns
        for number, key in self.candidates:
            hint, _capitals = legacy_text.font_hint(self.fonts.get((number, key)))
            found = legacy_text.detect(self._value_at(number, key), hint=hint)
            if found:
                for bucket in (key, None):
                    tally.setdefault(bucket, Counter())[found.encoding] += 1
        self.encodings: dict[str | None, str] = {}
        for key, counts in tally.items():
            encoding, number = counts.most_common(1)[0]
            clean_column = key not in unicode_columns if key else not unicode_columns
            if number >= 2 and clean_column:
                self.encodings[key] = encoding

    @property
    def ignored_columns(self) -> list[str]:
        return [self.layout.headers[i] or books.column_letter(i)
                for i, key in enumerate(self.mapping) if key is None]

    # -- running ------------------------------------------------------------------------
    def run(self, *, apply: bool, progress: Progress = NO_PROGRESS) -> ImportReport:
        """Every row, in one transaction: committed when `apply`, else rolled back."""
        ctx = self.ctx
        self.office = ctx.office_code
        self.new_subunits: list[str] = []
        self.seen: dict[tuple, int] = {}
        self._units: dict[str, Any] = {}  # folded name -> existing unit
        self._bodies: dict[tuple, str] = {}
        self.writer = ctx.writer()
        self._pending: list[tuple[RegistrationInput, str | None]] = []
        self._by_year: dict[int, dict[tuple[str, str], list]] = {}
        self._known_ids: dict[int, set[str]] = {}
        results: list[RowResult] = []
        total = len(self.raw)
        try:
            with ctx.transaction():
                for done, (number, row) in enumerate(self.raw):
                    results.append(self._row(number, row))
                    if done % 250 == 0:
                        progress.report(done, total, _("Row {row} of {total}").format(
                            row=done + 1, total=total))
                self._flush()
                progress.report(total, total, "")
                if not apply:
                    raise _DryRun()
        except _DryRun:
            pass
        report = ImportReport(str(self.path), self.layout.name, self.layout.header_rows,
                              results, self.ignored_columns, self.new_subunits, apply)
        if apply and report.changes:
            ctx.events.emit(REGISTRATIONS_CHANGED)
            if self.new_subunits:
                ctx.events.emit(UNITS_CHANGED)
        return report

    def _row(self, number: int, row: dict[str, Any]) -> RowResult:
        result = RowResult(number, SKIPPED)
        self._current_row = number
        self._row_new_units: list[str] = []
        if not row or all(parse.blank(value) for value in row.values()):
            if self._has_formula(number):
                row = {}  # formulas without results in every imported column: say so
            elif number in self.other_content:
                result.reasons.append(_("Nothing in the imported columns (a heading or a "
                                        "note)."))
                return result
            else:
                result.reasons.append(_("Blank row."))
                return result
        try:
            values = self._values(number, row, result)
            # A row that adds a sub-unit runs in a savepoint, so that a refusal takes the
            # new unit back too; other rows write only after check() passed them. The
            # rows checked before it are written first: a refusal must not take them
            # back with it (they are reported as added).
            adds_unit = self._adds_unit(values)
            if adds_unit:
                self._flush()
            guard = self.ctx.transaction() if adds_unit else contextlib.nullcontext()
            with guard:
                registration_id = self._save(values, result)
        except _Refused as refused:
            result.outcome = REFUSED
            result.reasons = refused.reasons + [r for r in result.reasons if r not in
                                                refused.reasons]
            return result
        except _Unchanged as same:
            result.outcome = UNCHANGED
            result.registration_id = same.registration_id
            if same.reason:
                result.reasons.append(same.reason)
            return result
        except _Section:
            result.reasons.append(_("A heading inside the table, not a registration."))
            return result
        result.registration_id = registration_id
        self.new_subunits += [n for n in self._row_new_units if n not in self.new_subunits]
        return result

    def _has_formula(self, number: int) -> bool:
        return any((number, index) in self.formulas for index, _key in self.columns)

    # -- one row: cells -> values -------------------------------------------------------
    def _values(self, number: int, row: dict[str, Any], result: RowResult) -> dict[str, Any]:
        values: dict[str, Any] = {}
        problems: list[str] = []
        for index, key in self.columns if self.formulas else ():
            formula = self.formulas.get((number, index))
            if formula is not None and key not in row:
                problems.append(_(
                    "{column}: the cell holds a formula ({formula}) whose result was never "
                    "saved; open the file in Excel, save it, and import again.").format(
                    column=header(key), formula=formula))
        for key, value in row.items():
            column = BY_KEY[key]
            if parse.blank(value):
                continue
            try:
                if column.kind in (TEXT, CHOICE) and (number, key) in self.candidates:
                    value = self._text(key, value, self.fonts.get((number, key)), result)
                values[key] = self._parse(key, value)
            except parse.CellError as error:
                legacy = self._choice_in_legacy(key, value, result)
                if legacy is None:
                    problems.append(f"{header(key)}: {error}")
                else:
                    values[key] = legacy
        result.name = clean(values.get("name", "")) if isinstance(values.get("name"), str) \
            else ""
        result.registrant = clean(values.get("registrant") or values.get("person_name") or "")
        if "name" not in values and not problems:
            filled = [value for value in row.values() if not parse.blank(value)]
            if len(filled) == 1 and isinstance(filled[0], str):
                raise _Section()
            problems.append(_("{column}: empty; every registration needs the name of its "
                              "model.").format(column=header("name")))
        if problems:
            raise _Refused(problems)
        return values

    def _text(self, key: str, value: Any, font_name: str | None, result: RowResult) -> Any:
        if not isinstance(value, str) or value.isascii():
            return value
        font, capitals = legacy_text.font_hint(font_name)
        known = font or self.encodings.get(key) or self.encodings.get(None)
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
        if key in ("year", "birth_year"):
            return parse.year(value)
        if kind == DATE:
            return parse.date(value)
        if key == "field":
            return parse.field(value)
        if key in ("kind", "subject", "gender", "mode"):
            return getattr(parse, key)(value)
        text = parse.text(value)
        return text if key in _LONG_TEXT else clean(text)  # check() cleans long texts

    # -- one row: identity, input, save -------------------------------------------------
    def _save(self, values: dict[str, Any], result: RowResult) -> str:
        service = self.ctx.registrations
        year = values.get("year") or self.options.default_year or \
            (values["registered_on"].year if "registered_on" in values else None)
        if year is None:
            raise _Refused([_("{column}: empty, and no registration date to take the year "
                              "from; add the year or choose a default year.").format(
                column=header("year"))])
        subject = values.get("subject") or (
            "ca_nhan" if values.get("person_name") and not values.get("registrant")
            else "tap_the")
        subunit = self._subunit(values.get("registrant"), create=True)
        registrant = values.get("person_name") if subject == "ca_nhan" else \
            (subunit.name if subunit else values.get("registrant", ""))
        existing_id, version, derived = self._identity(values, year, registrant or "")
        if existing_id:
            reg = service.to_input(existing_id)
            before = reg.cleaned()
        else:
            reg = RegistrationInput(year=year, registered_on=self.options.default_date)
            before = None
        self._fill(reg, values, year, subject, subunit)
        if existing_id and reg.cleaned() == before:
            raise _Unchanged(existing_id)
        if existing_id and version[1] == "rut":
            raise _Refused([_("This registration was withdrawn; a withdrawn registration "
                              "cannot be changed.")])
        if not existing_id and "receiving_body" not in values:
            reg.receiving_body = self._receiving_body(reg.subject, subunit)
        cleaned, errors = service.check(reg, subunit=subunit)  # the form's, then its writing
        if errors:
            raise _Refused([self._field_message(name, message)
                            for name, message in errors.items()])
        if not existing_id:
            # New registrations are written in blocks (RecordWriter.insert_many).
            self._pending.append((cleaned, derived))
            if len(self._pending) >= _BLOCK:
                self._flush()
            result.outcome = ADD
            return derived
        try:
            saved = service.write_checked(self.writer, cleaned, existing_id,
                                          expected_version=version[0] if version else None,
                                          new_id=derived)
        except DvkError as error:
            raise _Refused([error.message]) from None
        result.outcome = UPDATE
        result.reasons.append(_("Changes: {columns}").format(
            columns=", ".join(_changed(before, reg.cleaned()))))
        return saved

    def _identity(self, values: dict[str, Any], year: int, registrant: str
                  ) -> tuple[str | None, tuple[int, str] | None, str | None]:
        """(existing id, its (version, status), the id a new registration gets)."""
        db = self.ctx.db
        if values.get("id"):
            record_id = values["id"]
            found = registrations_repo.version_of(db, record_id)
            if found is None:
                raise _Refused([_("{column}: {id} is not a registration of this data file. "
                                  "Clear the cell to add the row as a new registration.").format(
                    column=header("id"), id=record_id)])
            self._once((record_id,))
            return record_id, found, None
        name_key, registrant_key = fold(values["name"]), fold(registrant)
        self._once((year, name_key, registrant_key))
        same = self._known(year).get((name_key, registrant_key), [])
        if len(same) > 1:
            raise _Refused([_("Several registrations of {year} have this name and registrant; "
                              "add the record ID column to say which one.").format(year=year)])
        if same:
            return same[0][0], (same[0][1], same[0][2]), None
        derived = str(uuid.uuid5(_ROW_NAMESPACE,
                                 f"{self.office}|{year}|{registrant_key}|{name_key}"))
        if derived in self._known_ids.get(year, ()):
            raise _Unchanged(derived, _("Imported before and changed in DVK since; kept as "
                                        "it is."))
        return None, None, derived

    def _known(self, year: int) -> dict[tuple[str, str], list]:
        """The registrations of a year by (folded name, folded registrant), read once:
        one query per year instead of one per row."""
        if year not in self._by_year:
            table: dict[tuple[str, str], list] = {}
            ids = set()
            for record_id, version, status, name_fold, registrant_fold in \
                    registrations_repo.identities(self.ctx.db, year):
                table.setdefault((name_fold, registrant_fold), []).append(
                    (record_id, version, status))
                ids.add(record_id)
            self._by_year[year], self._known_ids[year] = table, ids
        return self._by_year[year]

    def _once(self, key: tuple) -> None:
        """The same registration twice in one file: the later row is refused."""
        if key in self.seen:
            raise _Refused([_("The same registration as row {row}.").format(
                row=self.seen[key])])
        self.seen[key] = self._current_row

    def _flush(self) -> None:
        if self._pending:
            self.ctx.registrations.insert_checked(self.writer, self._pending)
            self._pending = []

    def _receiving_body(self, subject: str, subunit) -> str:
        """The form's proposal for the receiving body, once per kind of registrant."""
        key = (subject, subunit.type if subunit and subject == "tap_the" else None)
        if key not in self._bodies:
            self._bodies[key] = self.ctx.registrations.proposed_receiving_body(
                subject, subunit.code if subunit else None)
        return self._bodies[key]

    def _adds_unit(self, values: dict[str, Any]) -> bool:
        name = values.get("registrant")
        return bool(name) and self._find_unit(name) is None

    def _find_unit(self, name: str):
        folded = fold(name)
        if folded not in self._units:
            db = self.ctx.db
            unit = units_repo.get(db, name) if " " not in name else None
            unit = unit or units_repo.find_by_name(db, name, self.office)
            if unit is None:
                return None
            self._units[folded] = unit  # units are never deleted: safe to keep
        return self._units[folded]

    def _subunit(self, name: str | None, *, create: bool):
        if not name:
            return None
        unit = self._find_unit(name)
        if unit is None and create and self.options.create_subunits:
            try:
                unit = self.ctx.units.add_subunit(name, _guess_type(name))
            except ValidationError as error:  # e.g. a name longer than a unit's
                raise _Refused([f"{header('registrant')}: {message}"
                                for message in error.fields.values()]) from None
            self._row_new_units.append(unit.name)
        if unit is None:
            raise _Refused([_("{column}: no unit named \u201c{name}\u201d in this office."
                              ).format(column=header("registrant"), name=name)])
        return unit

    def _fill(self, reg: RegistrationInput, values: dict[str, Any], year: int, subject: str,
              subunit) -> None:
        reg.year = year
        reg.subject = subject
        if "kind" in values:
            reg.kind = values["kind"]
        elif not values.get("id"):
            reg.kind = "dien_hinh" if subject == "ca_nhan" else "mo_hinh"
        if subunit is not None:
            reg.subunit_code = subunit.code
        for key in ("name", "field", "mode", "registered_on", "start_date", "end_date",
                    *_PLAIN):
            if key in values:
                setattr(reg, key, values[key])
        if "replicates" in values and not self._same_model(reg.replicates_id,
                                                            values["replicates"]):
            reg.replicates_id = self._replicated(values["replicates"], year)
            if "mode" not in values:
                reg.mode = "nhan_rong"
        if subject == "ca_nhan" and (_PERSON & set(values)):
            person = reg.person or PersonInput()
            mapping = {"person_name": "full_name", "birth_year": "birth_year",
                       "gender": "gender", "position": "position", "address": "address",
                       "phone": "phone"}
            reg.person = dataclasses.replace(person, **{
                mapping[key]: values[key] for key in _PERSON if key in values})

    def _same_model(self, registration_id: str | None, text: str) -> bool:
        """Whether the model a registration already replicates is the one named (an
        exported list names it; re-importing must not pick another of that name)."""
        if not registration_id:
            return False
        row = self.ctx.db.execute("SELECT name FROM registrations WHERE id = ?",
                                  [registration_id]).fetchone()
        return bool(row) and (fold(row[0]) == fold(text) or
                              registration_id.startswith(text.strip().lower()))

    def _replicated(self, text: str, year: int) -> str:
        self._flush()  # the model replicated may be a row above, not written yet
        db = self.ctx.db
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
            raise _Refused([_("{column}: no model \u201c{name}\u201d in this data file to "
                              "replicate.").format(column=header("replicates"), name=text)])
        return earlier[0]

    @staticmethod
    def _field_message(name: str, message: str) -> str:
        columns = {"subunit_code": "registrant", "replicates_id": "replicates",
                   "person.full_name": "person_name", "person.birth_year": "birth_year",
                   "person.gender": "gender", "person.position": "position",
                   "person.address": "address", "person.phone": "phone"}
        key = columns.get(name, name)
        return f"{header(key)}: {message}" if key in BY_KEY else message


class _Section(Exception):
    """A row that is a heading inside the table ("I. LĨNH VỰC KINH TẾ")."""


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


def _guess_type(name: str) -> str:
    folded = fold(name) + " "
    for prefixes, unit_type in _TYPE_BY_PREFIX:
        if folded.startswith(prefixes):
            return unit_type
    return "khac"


def known_columns() -> list[tuple[str, str]]:
    """(key, header) of every column a sheet column can be mapped to."""
    return [(column.key, _(column.header)) for column in COLUMNS]
