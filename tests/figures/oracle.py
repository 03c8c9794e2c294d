"""Every figure an official reads, computed again from the tables with SQL written here
and nowhere else (issue 24). Nothing of app/ is imported: a rule the program gets
wrong cannot be copied into the check.

The rules, as the issue states them:

- area: the office, every office below it (never a sub-unit: those are in
  `subunit_code`), and every unit merged into one of those;
- a model counts when its registration is not withdrawn ('da_dang_ky');
- registered: models that count; withdrawn: registrations withdrawn ('rut');
- replicated: models that count, registered as a replication ('nhan_rong') of a model
  listed in an issued decision that no issued decision amends (and not withdrawn);
- scored at a level: models that count with a current (not superseded, not a second
  keying) approved or locked sheet at that level;
- recognised at a level: models that count listed (not removed) in an issued decision
  of that level that no issued decision amends; at any level: each model once;
- levels are the profile's: a commune's ('xa', and the 'coso' its sheets are made at)
  is the lowest level, 'xa' in two tiers and 'coso' in three; registrations are at the
  level of the office that received them;
- the council's total: per criterion the mean of the members' scores rounded half up
  to a tenth, summed - or, when the rubric says 'mean_of_totals', the mean of the
  members' totals rounded half up; ranks (1, 1, 3) of approved or locked current
  sheets of models that count, scored by a council of the area, not failing a
  prerequisite, per year, level, council, field and rubric.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

LEVELS = {"hai_cap": ["xa", "tinh"], "ba_cap": ["coso", "huyen", "tinh"]}
FIELDS = (1, 2, 3, 4)
COUNTED = "r.status = 'da_dang_ky'"
IN_AREA = "r.unit_code IN (SELECT value FROM json_each(:area))"
IN_FORCE_DECISIONS = (
    "SELECT d.id, d.level FROM decisions d WHERE d.state = 'ban_hanh' AND d.id NOT IN"
    " (SELECT amends_id FROM decisions WHERE state = 'ban_hanh' AND amends_id IS NOT NULL)")


def half_up(numerator: int, denominator: int) -> int:
    whole, rest = divmod(numerator, denominator)
    return whole + (1 if 2 * rest >= denominator else 0)


@dataclass
class Office:
    db: Any  # sqlite3 connection or sqlite_utils Database (anything with execute)
    code: str
    profile: str

    # -- the ground rules --------------------------------------------------------------
    def setting(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else None

    @property
    def levels(self) -> list[str]:
        return LEVELS[self.profile]

    def area(self) -> set[str]:
        if getattr(self, "_area", None) is None:
            self._area = self._walk()
        return self._area

    def _walk(self) -> set[str]:
        units = self.db.execute(
            "SELECT code, parent_code, merged_into, level FROM units").fetchall()
        area = {self.code}
        while True:
            grown = area | {code for code, parent, merged, level in units
                            if (parent in area and level != "coso") or merged in area}
            if grown == area:
                return area
            area = grown

    def level_sql(self, column: str) -> str:
        lowest = self.levels[0]
        return f"CASE WHEN {column} IN ('xa', 'coso') THEN '{lowest}' ELSE {column} END"

    def rows(self, sql: str, **params: Any) -> list[tuple]:
        values = {"area": json.dumps(sorted(self.area())), **params}
        return self.db.execute(sql, values).fetchall()

    # -- the figures, per value of a column ------------------------------------------------
    def by(self, measure: str, column: str, where: str = "1", **params: Any
           ) -> dict[Any, int]:
        """Distinct models of a measure per value of `column` (SQL over `r`, or
        'level'); `where` narrows the registrations."""
        sql, level = self._measure(measure)
        key = level if column == "level" else column
        return {k: n for k, n in self.rows(
            f"SELECT {key}, count(DISTINCT r.id) {sql} AND ({where}) GROUP BY 1", **params)}

    def total(self, measure: str, where: str = "1", **params: Any) -> int:
        sql, _level = self._measure(measure)
        return self.rows(f"SELECT count(DISTINCT r.id) {sql} AND ({where})", **params)[0][0]

    def ids(self, measure: str, where: str = "1", **params: Any) -> set[str]:
        sql, _level = self._measure(measure)
        return {row[0] for row in self.rows(f"SELECT DISTINCT r.id {sql} AND ({where})",
                                            **params)}

    def _measure(self, measure: str) -> tuple[str, str]:
        unit_level = self.level_sql("(SELECT u.level FROM units u WHERE u.code = r.unit_code)")
        if measure == "registrations":
            return f"FROM registrations r WHERE {COUNTED} AND {IN_AREA}", unit_level
        if measure == "withdrawn":
            return f"FROM registrations r WHERE r.status = 'rut' AND {IN_AREA}", unit_level
        if measure == "replications":
            return (f"FROM registrations r WHERE {COUNTED} AND {IN_AREA}"
                    " AND r.mode = 'nhan_rong' AND r.replicates_id IN (SELECT i.registration_id"
                    f" FROM decision_items i JOIN ({IN_FORCE_DECISIONS}) f"
                    " ON f.id = i.decision_id WHERE i.removed = 0)"
                    " AND r.replicates_id NOT IN (SELECT id FROM registrations"
                    " WHERE status = 'rut')", unit_level)
        if measure == "scored":
            return ("FROM registrations r JOIN score_sheets s ON s.registration_id = r.id"
                    " AND s.check_of IS NULL AND s.state IN ('da_duyet', 'khoa')"
                    " AND s.id NOT IN (SELECT supersedes_id FROM score_sheets"
                    f" WHERE supersedes_id IS NOT NULL) WHERE {COUNTED} AND {IN_AREA}",
                    self.level_sql("s.level"))
        if measure == "recognised":
            return ("FROM registrations r JOIN decision_items i ON i.registration_id = r.id"
                    f" AND i.removed = 0 JOIN ({IN_FORCE_DECISIONS}) f ON f.id = i.decision_id"
                    f" WHERE {COUNTED} AND {IN_AREA}", self.level_sql("f.level"))
        raise KeyError(measure)

    # -- home ----------------------------------------------------------------------------
    def waiting_for_council(self, year: int, sheet_level: str) -> int:
        return self.rows(
            "SELECT count(*) FROM score_sheets s JOIN registrations r ON r.id = s.registration_id"
            f" WHERE s.year = :year AND s.level = :level AND s.state = 'da_nop'"
            " AND s.check_of IS NULL AND s.id NOT IN (SELECT supersedes_id FROM score_sheets"
            f" WHERE supersedes_id IS NOT NULL) AND {COUNTED} AND {IN_AREA}",
            year=year, level=sheet_level)[0][0]

    def unsent_proposals(self, year: int) -> int:
        return self.rows("SELECT count(*) FROM proposals WHERE year = :year"
                         " AND origin = :office AND state = 'nhap'",
                         year=year, office=self.code)[0][0]

    # -- sheets: totals, ratings, ranks --------------------------------------------------------
    def sheets(self) -> dict[str, dict[str, Any]]:
        """Every sheet (second keyings left out): its council total by its rubric's rule,
        self total, whether a prerequisite failed, rating and rank."""
        sheets = {row[0]: dict(zip(
            ("id", "year", "level", "state", "rubric", "origin", "field", "status",
             "current"), row, strict=True)) for row in self.db.execute(
            "SELECT s.id, s.year, s.level, s.state, s.rubric_id, s.origin, r.field, r.status,"
            " s.id NOT IN (SELECT supersedes_id FROM score_sheets WHERE supersedes_id"
            " IS NOT NULL) FROM score_sheets s JOIN registrations r"
            " ON r.id = s.registration_id WHERE s.check_of IS NULL")}
        rubrics = {rid: (rule, top, passing) for rid, rule, top, passing in self.db.execute(
            "SELECT id, council_total, threshold_top, threshold_pass FROM rubrics")}
        maxima = {iid: (rid, kind, top) for iid, rid, kind, top in self.db.execute(
            "SELECT id, rubric_id, kind, max_tenths FROM rubric_items WHERE removed = 0")}
        scores: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        for sheet, member, item, tenths in self.db.execute(
                "SELECT c.sheet_id, c.member_id, c.item_id, c.tenths FROM council_scores c"
                " JOIN council_members m ON m.id = c.member_id AND m.removed = 0"
                " WHERE c.tenths IS NOT NULL"):
            if sheet in sheets and maxima.get(item, (None, None))[1] == "tieu_chi" \
                    and maxima[item][0] == sheets[sheet]["rubric"]:
                scores[sheet][member][item] = min(max(tenths, 0), maxima[item][2])
        own: dict[str, list[int]] = defaultdict(list)
        failed: set[str] = set()
        for sheet, item, tenths, passed in self.db.execute(
                "SELECT sheet_id, item_id, self_tenths, passed FROM sheet_lines"):
            if passed == 0:
                failed.add(sheet)
            if tenths is not None and maxima.get(item, (None, None))[1] == "tieu_chi" \
                    and sheet in sheets and maxima[item][0] == sheets[sheet]["rubric"]:
                own[sheet].append(min(max(tenths, 0), maxima[item][2]))
        area = self.area()
        for sheet_id, sheet in sheets.items():
            rule, top, passing = rubrics[sheet["rubric"]]
            members = scores.get(sheet_id, {})
            items = {item for marks in members.values() for item in marks}
            council = None
            if items:
                council = sum(half_up(sum(m[i] for m in members.values() if i in m),
                                      sum(1 for m in members.values() if i in m))
                              for i in items)
                if rule == "mean_of_totals":
                    totals = [sum(m.values()) for m in members.values() if m]
                    council = half_up(sum(totals), len(totals))
            sheet["council"] = council
            sheet["self"] = sum(own[sheet_id]) if own.get(sheet_id) else None
            total = council if council is not None else sheet["self"]
            sheet["failed"] = sheet_id in failed
            sheet["rating"] = ("khong_du_dk" if sheet["failed"] else None if total is None
                               else "tieu_bieu" if total >= top else "dat"
                               if total >= passing else "chua_dat")
            sheet["ranked"] = (bool(sheet["current"]) and sheet["state"] in ("da_duyet", "khoa")
                               and sheet["status"] == "da_dang_ky" and council is not None
                               and not sheet["failed"] and sheet["origin"] in area)
            sheet["rank"] = None
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for sheet in sheets.values():
            if sheet["ranked"]:
                groups[(sheet["year"], sheet["level"], sheet["origin"], sheet["field"],
                        sheet["rubric"])].append(sheet)
        for group in groups.values():
            for sheet in group:
                sheet["rank"] = 1 + sum(1 for other in group if other["council"] > sheet["council"])
        return sheets
