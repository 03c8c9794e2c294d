"""Issue 24, point by point, on the demo networks: what the audit found wrong, shown
right (tests/figures/test_every_figure.py checks every figure; these name each case)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest

from app.context import AppContext
from app.domain import scoring as S
from app.domain.listing import ListQuery
from app.domain.sheets import SheetFilter
from tests.figures.conftest import copy_network
from tests.figures.oracle import Office
from tests.printing import pdfcheck

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "schema"


@pytest.fixture
def hai(figure_networks, tmp_path):
    return copy_network(figure_networks["hai_cap"], tmp_path / "hai")


@pytest.fixture
def ba(figure_networks, tmp_path):
    return copy_network(figure_networks["ba_cap"], tmp_path / "ba")


def office_path(network, level: str, index: int = 0) -> Path:
    folder, data = network
    return folder / [o for o in data["offices"] if o["level"] == level][index]["db"]


def dvk(path: Path, *args: str) -> tuple[int, str]:
    from app.cli.main import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--db", str(path), *args])
    return code, out.getvalue()


# -- 1. recognised models -----------------------------------------------------------------------
def test_1_a_commune_counts_its_own_models_of_a_decision_from_above_once(hai):
    with AppContext.open(office_path(hai, "xa")) as ctx:
        office = Office(ctx.db, ctx.office_code, ctx.units.profile)
        year = 2025
        listed = ctx.db.execute(
            "SELECT count(DISTINCT i.registration_id), count(DISTINCT r.id) FROM decision_items i"
            " JOIN decisions d ON d.id = i.decision_id LEFT JOIN registrations r"
            " ON r.id = i.registration_id WHERE d.level = 'tinh' AND d.year = ?"
            " AND d.state = 'ban_hanh' AND i.removed = 0", [year]).fetchone()
        assert listed[0] > listed[1]  # the province's annex lists other communes' models
        review = ctx.recognition.review([year])
        at_province = sum(review.years[0].recognised["tinh"].values())
        assert at_province == office.total("recognised", "r.year = 2025 AND r.id IN ("
                                           "SELECT i.registration_id FROM decision_items i"
                                           " JOIN decisions d ON d.id = i.decision_id"
                                           " WHERE d.level = 'tinh')") <= listed[1]
        per_level = review.totals.recognised_levels
        assert sum(per_level.values()) > review.totals.recognised  # never added up
        assert review.totals.recognised == office.total("recognised", "r.year = 2025")
        data = ctx.recognition_papers.report_data(year)
        assert sum(data.recognised_any.values()) == review.totals.recognised
        text = pdfcheck.text(ctx.printing.render(ctx.printing.report_document(data)))
        assert f"{review.totals.recognised} mô hình, điển hình được công nhận" in text


# -- 2. report section III -------------------------------------------------------------------------
def test_2_above_a_commune_section_three_is_grouped_by_commune(hai):
    with AppContext.open(office_path(hai, "tinh")) as ctx:
        communes = dict(ctx.db.execute(
            "SELECT name, code FROM units WHERE level = 'xa' AND code IN"
            " (SELECT unit_code FROM registrations)").fetchall())
        data = ctx.recognition_papers.report_data(2026)
        assert sorted(name for name, _counts in data.units) == sorted(communes)
        villages = [{name for name, _c in parts} for parts in data.unit_parts]
        shared = {name for i, a in enumerate(villages) for b in villages[i + 1:]
                  for name in a & b}
        assert shared, "the same sub-unit name in two communes (Thôn Đông...)"
        office = Office(ctx.db, ctx.office_code, ctx.units.profile)
        for (commune, _counts), parts in zip(data.units, data.unit_parts, strict=True):
            for name, counts in parts:
                if name in shared:
                    assert sum(counts.values()) == office.total(
                        "registrations", "r.year = 2026 AND r.unit_code = :c AND"
                        " r.subunit_code IN (SELECT code FROM units WHERE name = :n)",
                        c=communes[commune], n=name)
        pdf = ctx.printing.render(ctx.printing.report_document(data))
        text = pdfcheck.text(pdf)
        assert all(name in text for name in communes)


# -- 3. withdrawn models ------------------------------------------------------------------------------
def test_3_a_withdrawal_moves_every_figure_and_takes_the_rank(hai):
    path = office_path(hai, "xa")
    with AppContext.open(path, actor="test") as ctx:
        year = 2026
        standings = ctx.scoring.standings(SheetFilter(year=year))
        ranked = next(s for s in standings if s.rank and s.status == "da_dang_ky")
        waiting = next(s for s in standings if s.state == S.SUBMITTED
                       and s.status == "da_dang_ky")

        def figures():
            return (ctx.statistics.table("field", year).totals,
                    sum(ctx.recognition_papers.report_data(year).registered.values()),
                    ctx.agenda.counts(year))

        stats, report, home = figures()
        assert stats["registrations"] == report == home["registered"]
        for model in (ranked.registration_id, waiting.registration_id):
            ctx.registrations.withdraw(model, "Xin rút đăng ký.")
        stats2, report2, home2 = figures()
        assert stats2["registrations"] == report2 == home2["registered"] == report - 2
        assert stats2["withdrawn"] == stats["withdrawn"] + 2
        assert home2["waiting_council"] == home["waiting_council"] - 1
        assert all(s.rank is None for s in ctx.scoring.standings()
                   if s.registration_id == ranked.registration_id)


# -- 4. stats by level ----------------------------------------------------------------------------------
@pytest.mark.parametrize("profile,levels", [("hai_cap", ["xa", "tinh"]),
                                            ("ba_cap", ["coso", "huyen", "tinh"])])
def test_4_stats_by_level_shows_the_profiles_levels_and_says_how_to_read_the_total(
        figure_networks, tmp_path, profile, levels):
    network = copy_network(figure_networks[profile], tmp_path / profile)
    with AppContext.open(office_path(network, "xa")) as ctx:
        table = ctx.statistics.table("level")
        rows = {row.key: row.counts for row in table.rows}
        assert list(rows) == levels
        assert rows[levels[0]]["scored"] > 0 and rows[levels[0]]["registrations"] == \
            table.totals["registrations"]
        assert sum(r["recognised"] for r in rows.values()) > table.totals["recognised"]
        assert table.note and table.total_label == "Số mô hình (mỗi mô hình tính một lần)"
    code, out = dvk(office_path(network, "xa"), "stats", "--by", "level")
    assert code == 0
    assert ("Cơ sở" in out) == (profile == "ba_cap")


# -- 5. replications --------------------------------------------------------------------------------------
def test_5_a_replication_of_a_refused_model_is_no_replication_of_a_recognised_one(hai):
    with AppContext.open(office_path(hai, "xa")) as ctx:
        refused_copies = [row[0] for row in ctx.db.execute(
            "SELECT r.id FROM registrations r WHERE r.mode = 'nhan_rong' AND r.status ="
            " 'da_dang_ky' AND r.replicates_id IN (SELECT registration_id FROM"
            " recognition_steps WHERE step = 'refuse') AND r.replicates_id NOT IN (SELECT"
            " registration_id FROM decision_items)")]
        assert refused_copies
        table = ctx.statistics.table("year")
        listed = ctx.registrations.list_json(table.query_for(None, "replications"))
        assert not {m["id"] for m in listed} & set(refused_copies)
        mode = ctx.db.execute("SELECT count(*) FROM registrations WHERE mode = 'nhan_rong'"
                              " AND status = 'da_dang_ky'").fetchone()[0]
        assert table.totals["replications"] == len(listed) < mode


# -- 6. council ranking ------------------------------------------------------------------------------------
def test_6_the_council_ranks_approved_sheets_per_rubric_the_same_under_every_filter(hai):
    with AppContext.open(office_path(hai, "xa")) as ctx:
        everything = {s.sheet_id: s for s in ctx.scoring.standings()}
        drafts = [s for s in everything.values() if s.state == S.DRAFT
                  and s.result.total_council is not None]
        assert drafts and all(s.rank is None for s in drafts)
        assert all(s.rank is None for s in everything.values()
                   if s.state not in (S.APPROVED, S.LOCKED) or s.status != "da_dang_ky")
        for where in (SheetFilter(state=S.APPROVED), SheetFilter(state=S.LOCKED),
                      SheetFilter(year=2026, field=1)):
            for standing in ctx.scoring.standings(where):
                assert standing.rank == everything[standing.sheet_id].rank
        firsts = {}
        for s in everything.values():
            if s.rank == 1:
                firsts.setdefault((s.year, s.level, s.field), set()).add(s.rubric.subject)
        assert any(len(subjects) == 2 for subjects in firsts.values())


# -- 7. home counts and proposals at the top ----------------------------------------------------------------
def test_7_home_counts_the_whole_area_and_the_top_proposes_nothing(hai, ba):
    with AppContext.open(office_path(hai, "tinh")) as ctx:
        registered = ctx.agenda.counts(2026)["registered"]
        assert registered == ctx.db.execute(
            "SELECT count(*) FROM registrations WHERE year = 2026 AND status = 'da_dang_ky'"
        ).fetchone()[0] > 0
        assert ctx.proposals.candidates(2026) == []
    code, out = dvk(office_path(hai, "tinh"), "proposals", "candidates", "--year", "2026")
    assert code == 0 and "cấp cao nhất" in out
    assert json.loads(dvk(office_path(hai, "tinh"), "proposals", "candidates", "--json")[1]) == []
    folder, data = ba
    heir = data["trust"]["merged"]["into"]
    with AppContext.open(folder / next(o["db"] for o in data["offices"]
                                       if o["code"] == heir)) as ctx:
        own = ctx.db.execute("SELECT count(*) FROM registrations WHERE year = 2026 AND"
                             " status = 'da_dang_ky' AND unit_code = ?", [heir]).fetchone()[0]
        listed = ctx.registrations.count(ListQuery(year=2026, status="da_dang_ky"))
        assert ctx.agenda.counts(2026)["registered"] == listed > own
    with AppContext.open(office_path(ba, "huyen")) as ctx:
        assert ctx.agenda.counts(2026)["registered"] > 0


# -- 8. the council's total -----------------------------------------------------------------------------------
def test_8_the_rule_of_the_council_total_is_the_rubrics_and_used_everywhere(ctx, tmp_path):
    from tests.scoring.helpers import decide, new_sheet, type_member, type_self

    year = ctx.registrations.blank(None).year
    default = ctx.rubrics.applicable(year, "coso", "tap_the")
    assert default.council_total == S.SUM_OF_MEANS  # the guideline's usual reading
    copy = ctx.rubrics.copy(default.id, name="Bộ tiêu chí trung bình tổng")
    code, out = dvk(ctx.path, "rubrics", "edit", copy, "--council-total", "mean_of_totals")
    assert code == 0
    ctx.rubrics.assign(year, "coso", "tap_the", copy)
    sheet_id = new_sheet(ctx, "Mô hình chấm trung bình tổng")
    type_self(ctx, sheet_id, ["15", "14,5", "13", "18", "19", "12,5"])
    ctx.scoring.submit(sheet_id)
    # Each criterion's mean (14,33 or 19,33) is rounded down to 14,3 or 19,3: their sum
    # is 95,8, the mean of the members' totals (99, 94, 95) is 96.
    for name, values in (("An", ["15", "15", "14", "20", "20", "15"]),
                         ("Bình", ["14", "14", "14", "19", "19", "14"]),
                         ("Chi", ["14", "14", "15", "19", "19", "14"])):
        type_member(ctx, sheet_id, name, values)
    decide(ctx, sheet_id, ["đạt", "đạt", "đạt"])
    ctx.scoring.approve(sheet_id)
    sheet = ctx.scoring.sheet(sheet_id)
    members = [sum(m.scores.values()) for m in sheet.members]
    mean_of_totals = S.divide_half_up(sum(members), len(members))
    sum_of_means = sum(S.mean_tenths(m.scores[c.id] for m in sheet.members)
                       for c in sheet.rubric.criteria)
    assert mean_of_totals != sum_of_means
    assert sheet.result().total_council == mean_of_totals
    standing = next(s for s in ctx.scoring.standings() if s.sheet_id == sheet_id)
    assert standing.result.total_council == mean_of_totals
    shown = ctx.scoring.sheet_json(sheet_id)
    assert shown["total_council"] == mean_of_totals / 10
    assert "trung bình cộng tổng điểm" in shown["council_total_rule"]
    code, out = dvk(ctx.path, "scores", "show", sheet_id)
    assert "Tổng điểm hội đồng: trung bình cộng tổng điểm" in out
    doc, _from_file = ctx.printing.scoresheet_document(registration_id=sheet.registration_id)
    text = pdfcheck.text(ctx.printing.render(doc))
    assert "tổng điểm hội đồng là trung bình cộng tổng điểm của các" in text
    locked = json.loads(dvk(ctx.path, "rubrics", "show", copy, "--json")[1])
    assert locked["council_total"] == "mean_of_totals"


def test_8_the_rule_travels_with_the_rubric_and_old_files_keep_the_usual_reading(hai,
                                                                                tmp_path):
    """The province's rubric (mean of the members' totals) reached its communes in the
    demo's bundles; a data file of schema 9 upgrades with the guideline's rule."""
    for path in (office_path(hai, "tinh"), office_path(hai, "xa")):
        with AppContext.open(path) as ctx:
            rules = {r.council_total for r in ctx.rubrics.listing() if r.origin == "37"}
            assert rules == {S.MEAN_OF_TOTALS}
    old = tmp_path / "v9.sqlite"
    shutil.copy(FIXTURES / "v9-commune.sqlite", old)
    with AppContext.open(old) as ctx:
        assert {r.council_total for r in ctx.rubrics.listing()} == {S.SUM_OF_MEANS}
        assert all(s.result.total_council is None or s.result.total_council == sum(
            v for v in s.result.council_scores.values() if v is not None)
            for s in ctx.scoring.standings())


def test_8_a_rubric_refuses_an_unknown_rule():
    from app.domain.rubrics import RubricInput, validate

    errors = validate(RubricInput(name="X", council_total="trung_vi").cleaned())
    assert "council_total" in errors


def test_8_compute_sheet_follows_the_rule():
    criteria = [S.Criterion("a", 150), S.Criterion("b", 150)]
    members = [{"a": 150, "b": 140}, {"a": 145, "b": 140}, {"a": 145, "b": 145}]
    by_means = S.score_members(criteria, {}, members, [], S.Thresholds())
    by_totals = S.score_members(criteria, {}, members, [], S.Thresholds(),
                                rule=S.MEAN_OF_TOTALS)
    assert by_means.total_council == 147 + 142  # 14,67 and 14,17 rounded half up
    assert by_totals.total_council == S.divide_half_up(290 + 285 + 290, 3) == 288
    assert S.score_members(criteria, {}, [{}, {}], [], S.Thresholds(),
                           rule=S.MEAN_OF_TOTALS).total_council is None
