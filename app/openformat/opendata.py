"""`dvk export-data --out FOLDER`: the office's records as open data for analysts.

One CSV file per record kind (the same kinds and fields as bundles carry:
docs/records.md), plus the unit list with every unit this office knows, the four fields
and every code with its meaning; a data dictionary in Vietnamese and English; and
`load-duckdb.sql`, which loads the folder into DuckDB with the right types.

CSV: UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly), comma
separated, one header line, CRLF line ends; every text is quoted (`""` is an empty
text) and an empty, unquoted field is a missing value (SQL NULL), so the difference
survives; numbers as in bundles; days and times as ISO text.

Personal data (issue 26): phone numbers, addresses and birth years are left out unless
the clerk asks for them (`--personal`); the columns are then there.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import DvkError
from app.i18n import N_, _, gettext_in
from app.openformat import schema
from app.repositories.storage import storage_errors
from app.sync.kinds import all_kinds

if TYPE_CHECKING:
    from app.context import AppContext

BOM = "\ufeff"
PERSONAL = {("persons", "phone"), ("persons", "address"), ("persons", "birth_year"),
            ("registrations", "contact_phone")}
DICTIONARY = "tu-dien-du-lieu.csv"
CODES = "ma-gia-tri.csv"
FIELDS_TABLE = "fields"
LOADER = "load-duckdb.sql"
README = "doc-truoc.txt"
_DUCK = {"TEXT": "VARCHAR", "INTEGER": "BIGINT", "REAL": "DOUBLE"}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return '"' + str(value).replace('"', '""') + '"'


def _write_csv(path: Path, header: list[str], rows) -> int:
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as fp:
        fp.write(BOM + ",".join(_cell(h) for h in header) + "\r\n")
        for row in rows:
            fp.write(",".join(_cell(v) for v in row) + "\r\n")
            count += 1
    return count


def _columns(ctx: AppContext, kind, personal: bool) -> list[tuple[str, str, bool]]:
    return [c for c in schema.travelling(ctx.db, kind)
            if personal or (kind.name, c[0]) not in PERSONAL]


def _in_language(lang: str, text: str) -> str:
    return gettext_in(lang, text) if text else ""


def _values_text(prop: dict[str, Any], lang: str) -> str:
    codes = prop.get("x-dvk-codes", {})
    if codes:
        return "; ".join(f"{code}: {_in_language(lang, meaning)}"
                         for code, meaning in codes.items())
    if "minimum" in prop and "maximum" in prop and prop["maximum"] < 2**62:
        return f"{prop['minimum']} - {prop['maximum']}"
    return ""


def export_data(ctx: AppContext, out: str | Path, *, personal: bool = False) -> dict[str, Any]:
    folder = Path(out)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DvkError(_("The folder {folder} cannot be made ({detail}).").format(
            folder=folder, detail=error.strerror or error)) from error
    records = schema.records_schema(ctx.db)["$defs"]
    tables: dict[str, int] = {}
    dictionary: list[list[Any]] = []
    loads: list[str] = []
    try:
        with storage_errors():
            for kind in all_kinds():
                columns = _columns(ctx, kind, personal)
                names = [c[0] for c in columns]
                select = ", ".join(f"[{n}]" for n in names)
                order = f"[{kind.key}]"
                rows = ctx.db.execute(f"SELECT {select} FROM [{kind.table}] ORDER BY {order}")
                tables[kind.name] = _write_csv(folder / f"{kind.name}.csv", names, rows)
                loads.append(_load_statement(kind.name, columns))
                for name, declared, _notnull in columns:
                    prop = records[kind.name]["properties"][name]
                    dictionary.append([
                        f"{kind.name}.csv", name, _DUCK.get(declared, "VARCHAR"),
                        "" if "null" in prop["type"] else "x",
                        _in_language("vi", prop["description"]),
                        _in_language("en", prop["description"]),
                        _values_text(prop, "vi"), _values_text(prop, "en")])
            fields = list(ctx.db.execute("SELECT code, name, description FROM fields"
                                         " ORDER BY code"))
        tables[FIELDS_TABLE] = _write_csv(folder / f"{FIELDS_TABLE}.csv",
                                          ["code", "name", "description"], fields)
        loads.append(_load_statement(FIELDS_TABLE, [("code", "INTEGER", True),
                                                    ("name", "TEXT", True),
                                                    ("description", "TEXT", True)]))
        codes = _codes(records)
        tables["codes"] = _write_csv(folder / CODES, ["table", "column", "code", "y_nghia",
                                                      "meaning"], codes)
        loads.append(_load_statement("codes", [(n, "TEXT", True) for n in (
            "table", "column", "code", "y_nghia", "meaning")], CODES))
        _write_csv(folder / DICTIONARY, ["bang_table", "cot_column", "kieu_type",
                                         "bat_buoc_required", "y_nghia", "meaning",
                                         "gia_tri", "values"], dictionary)
        (folder / LOADER).write_text(_loader(loads), encoding="utf-8")
        (folder / README).write_text(_readme(ctx, personal), encoding="utf-8-sig")
    except OSError as error:
        raise DvkError(_("The open data could not be written to {folder} ({detail}).").format(
            folder=folder, detail=error.strerror or error)) from error
    return {"folder": str(folder), "tables": tables, "personal": personal,
            "dictionary": DICTIONARY, "loader": LOADER}


def _codes(records: dict[str, Any]) -> list[list[str]]:
    rows = []
    for kind, definition in records.items():
        for column, prop in definition["properties"].items():
            for code, meaning in prop.get("x-dvk-codes", {}).items():
                rows.append([kind, column, code, _in_language("vi", meaning),
                             _in_language("en", meaning)])
    return rows


def _load_statement(table: str, columns: list[tuple[str, str, bool]],
                    file_name: str | None = None) -> str:
    types = ", ".join(f"'{name}': '{_DUCK.get(declared, 'VARCHAR')}'"
                      for name, declared, _n in columns)
    return (f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv("
            f"'{file_name or table + '.csv'}', header = true, delim = ',', quote = '\"', "
            f"escape = '\"', nullstr = '', allow_quoted_nulls = false, "
            f"columns = {{{types}}});")


def _loader(statements: list[str]) -> str:
    return ("-- DVK open data (dvk export-data): load this folder into DuckDB.\n"
            "-- In the folder:  duckdb dvk.duckdb < load-duckdb.sql\n"
            "-- Empty unquoted fields are missing values (NULL); \"\" is an empty text.\n"
            + "\n".join(statements) + "\n")


def _readme(ctx: AppContext, personal: bool) -> str:
    office = ctx.units.office()
    left_out = "" if personal else _in_language("vi", _PERSONAL_NOTE) + "\n" + _in_language(
        "en", _PERSONAL_NOTE) + "\n"
    return "\n".join([
        f"DVK - {office.name} ({office.code})",
        _in_language("vi", _README_TEXT), "", _in_language("en", _README_TEXT), "",
        left_out, json.dumps({"office": office.code}, ensure_ascii=False), ""])


_README_TEXT = N_(
    "Open data: one CSV file per kind of record (UTF-8 with BOM; every text quoted; an "
    "empty unquoted field is a missing value). tu-dien-du-lieu.csv explains every column, "
    "ma-gia-tri.csv every code. To load everything into DuckDB, in this folder: duckdb "
    "dvk.duckdb < load-duckdb.sql")
_PERSONAL_NOTE = N_(
    "Phone numbers, addresses and birth years were left out (personal data).")
