"""Issue 25, point 2: who has sent, who is missing, what is late. The communes' status
board (the service, `dvk communes` with its PDF and Excel, the window's screen) and the
home screen's deadlines, which count the proposals received and not decided, in every
year, as late once their year's recognition deadline has passed."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from openpyxl import load_workbook

from app import clock
from app.cli import main
from app.services.communes import IMPORTED, NONE, SENT


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def december():
    clock.set_fixed(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC))
    yield dt.date(2026, 12, 7)
    clock.set_fixed(None)


def _row(board, code):
    return next(r for r in board.rows if r.code == code)


def test_the_board_before_and_after_the_october_stick(october, december):
    first, second = october.communes
    with october.open("37") as ctx:
        board = ctx.communes.board(2026)
        assert len(board.rows) == 129  # every commune of Ninh Bình, by name
        assert [r.name for r in board.rows][:2] == ["Phường Châu Sơn", "Phường Duy Hà"]
        assert len(board.not_sent) == 127
        row = _row(board, second["code"])
        assert row.sent_this_year and row.last_seq == 1
        # registrations of the year as every figure counts them
        expected = ctx.db.execute(
            "SELECT count(*) FROM registrations WHERE unit_code = ? AND year = 2026"
            " AND status = 'da_dang_ky'", [second["code"]]).fetchone()[0]
        assert row.registered == expected > 0
        # the province's decisions went down in its bundle; no receipt has come up yet
        assert row.decisions >= 1 and row.decision_state == SENT and row.down_seq == 1
        assert _row(board, first["code"]).decision_state == NONE  # none this year...
        assert _row(ctx.communes.board(2025), first["code"]).decision_state == SENT
        assert _row(board, "14725").decision_state == NONE and not _row(
            board, "14725").sent_this_year
        assert sum(r.pending for r in board.rows) == 0
        report = ctx.stick.run([october.stick])
        assert report.refused  # the stick's bad files; the communes' bundles went in
        board = ctx.communes.board(2026)
        row = _row(board, first["code"])
        assert row.last_seq == 4  # its two new bundles
        # proposed in October, past the 15/10 deadline: waiting, and late
        assert row.pending == len(october.proposed_by[first["code"]]) >= 1
        assert row.late == row.pending
        assert row.late_years == [2026]
        # their next bundles up carried the receipts: the decisions were imported
        assert _row(board, second["code"]).decision_state == IMPORTED
        assert _row(board, second["code"]).acknowledged_seq == 1
        assert _row(ctx.communes.board(2025), first["code"]).decision_state == IMPORTED


def test_dvk_communes_prints_and_exports_the_board(october, december, tmp_path, capsys):
    db = str(october.network / "tinh-37.sqlite")
    code, out, _err = run(capsys, "--db", db, "communes", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["totals"]["communes"] == 129 and data["totals"]["not_sent"] == 127
    code, out, _err = run(capsys, "--db", db, "communes", "--missing")
    assert code == 0 and "Phường Yên Thắng" in out and october.communes[0]["name"] not in out
    pdf = tmp_path / "cac-xa.pdf"
    code, _out, _err = run(capsys, "--db", db, "communes", "--print", str(pdf))
    assert code == 0
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          encoding="utf-8", check=True).stdout
    assert "BẢNG THEO DÕI TÌNH HÌNH CÁC XÃ, PHƯỜNG" in text
    assert october.communes[0]["name"] in text and "Chưa gửi trong năm 2026" in text
    workbook = tmp_path / "cac-xa.xlsx"
    code, _out, _err = run(capsys, "--db", db, "communes", "--excel", str(workbook))
    assert code == 0
    sheet = load_workbook(workbook).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row and row[0] == october.communes[0]["name"] for row in values)


def test_the_home_screen_counts_received_proposals_as_late(october, december):
    """231 proposed models sat undecided 53 days after the 15/10 deadline while the home
    screen said "Không có việc nào trễ hạn": the proposals received count."""
    with october.open("37") as ctx:
        ctx.stick.run([october.stick])  # the communes' proposals of October
        counts = ctx.agenda.counts(2026)
        assert counts["received"] == len(october.proposed) >= 1
        recognition = next(d for d in ctx.agenda.deadlines(2026, counts)
                           if d.key == "recognition")
        assert recognition.late and recognition.open_items >= counts["received"]


def test_earlier_years_stay_late(october):
    """The models of 2026 still undecided are late in January 2027 too."""
    with october.open("37") as ctx:
        ctx.stick.run([october.stick])
        clock.set_fixed(dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC))
        waiting = ctx.agenda.counts(2026)["received"]
        clock.set_fixed(dt.datetime(2027, 1, 10, 2, 0, tzinfo=dt.UTC))
        try:
            deadlines = ctx.agenda.deadlines(2027, ctx.agenda.counts(2027))
        finally:
            clock.set_fixed(None)
    earlier = next(d for d in deadlines if d.key == "recognition_2026")
    assert earlier.late and earlier.open_items >= waiting >= 1
    assert "2026" in earlier.label and earlier.due == dt.date(2026, 10, 15)
