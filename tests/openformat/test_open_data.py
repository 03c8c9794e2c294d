"""Issue 20: `dvk export-data` writes an office's records as CSV (UTF-8 with BOM) with a
data dictionary in Vietnamese and English; a province's export loads into DuckDB with
the script it writes and the queries docs/open-data.md shows. Phone numbers, addresses
and birth years are left out unless asked (issue 26). (`duckdb` is a test dependency
for this: the test loads the export the way the docs tell analysts to.)"""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import duckdb
import pytest

from app.cli.main import main
from app.openformat import opendata
from app.sync.kinds import all_kinds

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _province(demo_network: Path) -> Path:
    return demo_network / "tinh-37.sqlite"


def _export(db: Path, out: Path, *extra: str) -> Path:
    assert main(["--db", str(db), "export-data", "--out", str(out), *extra]) == 0
    return out


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fp:
        return list(csv.DictReader(fp))


@pytest.fixture
def exported(demo_network, tmp_path) -> Path:
    return _export(_province(demo_network), tmp_path / "open")


def test_every_kind_is_a_csv_with_a_bom_and_its_rows(demo_network, exported):
    source = sqlite3.connect(_province(demo_network))
    for kind in all_kinds():
        path = exported / f"{kind.name}.csv"
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), kind.name
        rows = _read(path)
        assert len(rows) == source.execute(f"SELECT count(*) FROM [{kind.table}]").fetchone()[0]
    names = {r["code"]: r["name"] for r in _read(exported / "units.csv")}
    assert names["14725"] == "Phường Yên Thắng" if "14725" in names else names


def test_the_dictionary_explains_every_column_in_both_languages(exported):
    dictionary = _read(exported / opendata.DICTIONARY)
    described = {(row["bang_table"], row["cot_column"]) for row in dictionary}
    for kind in all_kinds():
        header = next(csv.reader(open(exported / f"{kind.name}.csv", encoding="utf-8-sig")))
        assert {(f"{kind.name}.csv", c) for c in header} <= described
    for row in dictionary:
        assert row["y_nghia"] and row["meaning"], row
    status = next(r for r in dictionary if (r["bang_table"], r["cot_column"]) ==
                  ("registrations.csv", "status"))
    assert "da_dang_ky: Đã đăng ký" in status["gia_tri"]
    assert "da_dang_ky: Registered" in status["values"]
    # every meaning is in Vietnamese, not the English copied
    assert [r["cot_column"] for r in dictionary if r["y_nghia"] == r["meaning"]] == []
    codes = _read(exported / opendata.CODES)
    assert {"tieu_bieu", "mo_hinh", "ban_hanh", "khoa"} <= {r["code"] for r in codes}


def test_personal_data_is_left_out_unless_asked(demo_network, exported, tmp_path):
    source = sqlite3.connect(_province(demo_network))
    phones = [r[0] for r in source.execute("SELECT phone FROM persons WHERE phone <> ''")]
    assert phones
    text = "".join(p.read_text(encoding="utf-8-sig") for p in exported.glob("*.csv"))
    assert not [p for p in phones if p in text]
    assert "phone" not in _read(exported / "persons.csv")[0]
    assert "contact_phone" not in _read(exported / "registrations.csv")[0]
    full = _export(_province(demo_network), tmp_path / "full", "--personal")
    persons = _read(full / "persons.csv")
    assert {"phone", "address", "birth_year"} <= set(persons[0])
    assert {p["phone"] for p in persons} >= set(phones)


def _docs_sql() -> list[str]:
    text = (DOCS / "open-data.md").read_text(encoding="utf-8")
    block = re.search(r"```sql\n(.*?)```", text, re.S).group(1)
    return [s.strip() for s in block.split(";") if s.strip()]


def test_a_province_loads_into_duckdb_as_the_docs_show(demo_network, exported,
                                                      monkeypatch):
    monkeypatch.chdir(exported)
    con = duckdb.connect()
    con.execute((exported / opendata.LOADER).read_text(encoding="utf-8"))
    source = sqlite3.connect(_province(demo_network))
    for kind in all_kinds():
        assert con.execute(f"SELECT count(*) FROM {kind.name}").fetchone()[0] == \
            source.execute(f"SELECT count(*) FROM [{kind.table}]").fetchone()[0], kind.name
    # NULL and "" stay apart; numbers and Vietnamese text come back exactly
    for sql in ("SELECT count(*) FROM registrations WHERE subunit_code IS NULL",
                "SELECT count(*) FROM registrations WHERE withdraw_reason = ''",
                "SELECT count(*) FROM persons WHERE gender IS NULL",
                "SELECT sum(target) FROM targets",
                "SELECT sum(tenths) FROM council_scores",
                "SELECT string_agg(name, '|' ORDER BY id) FROM registrations"):
        assert con.execute(sql).fetchone()[0] == source.execute(sql.replace(
            "string_agg(name, '|' ORDER BY id)", "group_concat(name, '|')")
            if "string_agg" not in sql else
            "SELECT group_concat(name, '|') FROM (SELECT name FROM registrations"
            " ORDER BY id)").fetchone()[0], sql
    by_field, by_decision = (con.execute(sql).fetchall() for sql in _docs_sql())
    expected = source.execute(
        "SELECT u.name, f.name, count(*) FROM registrations r JOIN units u"
        " ON u.code = r.unit_code JOIN fields f ON f.code = r.field"
        " WHERE r.status = 'da_dang_ky' GROUP BY 1, 2 ORDER BY 1, 2").fetchall()
    assert [tuple(r) for r in by_field] == [tuple(r) for r in expected]
    assert by_decision and all(models >= outstanding for *_k, models, outstanding
                               in by_decision)
    print(f"\nDuckDB: {sum(r[2] for r in by_field)} registrations in {len(by_field)} "
          f"commune-fields, {len(by_decision)} decisions")
