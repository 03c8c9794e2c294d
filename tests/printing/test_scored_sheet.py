"""Issue 17, point 1: a scored sheet prints as scored: the rubric edition it was scored
on, the self and council scores, every member's scores, the verdicts, totals, rating
and state, from the command line and from the window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.cli.main import main
from tests.printing import pdfcheck
from tests.scoring.helpers import GOOD_SELF, approved_sheet, new_sheet, type_self

COUNCIL = [["15", "14", "13", "18", "19", "13"],  # 92
           ["14", "14,5", "13", "19", "19", "12,5"],  # 92
           ["15", "14", "12", "18,5", "18", "12"]]  # 89,5


def _locked(ctx) -> str:
    sheet_id = approved_sheet(ctx, "Camera an ninh khu phố", council=COUNCIL)
    ctx.scoring.lock(sheet_id)
    return sheet_id


def test_a_locked_sheet_prints_its_scores(ctx, db_path, tmp_path):
    sheet_id = _locked(ctx)
    registration = ctx.scoring.sheet(sheet_id).registration_id
    out = tmp_path / "phieu.pdf"
    assert main(["--db", str(db_path), "print", "scoresheet", "--model", registration[:8],
                 "--out", str(out)]) == 0
    text = pdfcheck.text(out.read_bytes())
    for part in ("Tên mô hình, điển hình: Camera an ninh khu phố",
                 "Bộ tiêu chí: Bộ tiêu chí chấm điểm mô hình tập thể “Dân vận khéo” (lần ban "
                 "hành thứ 1)", "Tình trạng phiếu: Đã khóa",
                 "Thành viên Hội đồng: 1. Thành viên 1; 2. Thành viên 2; 3. Thành viên 3",
                 "1 Gắn liền với sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền 15 15 14,7",
                 "Tổng cộng 100 92 91,3", "Xếp loại: Tiêu biểu",
                 "ĐK1 Có tên mô hình, địa chỉ cụ thể. X",
                 "III. ĐIỂM CỦA TỪNG THÀNH VIÊN HỘI ĐỒNG", "4 20 18 19 18,5 18,5"):
        assert part in text, part
    assert "Mẫu gợi ý" not in text
    # The same sheet by its own id.
    assert main(["--db", str(db_path), "print", "scoresheet", "--sheet", sheet_id[:8],
                 "--out", str(out)]) == 0
    assert "Tổng cộng 100 92 91,3" in pdfcheck.text(out.read_bytes())


def test_a_sheet_prints_the_rubric_edition_it_was_scored_on(ctx, db_path, tmp_path):
    first = new_sheet(ctx, "Mô hình chấm trên lần ban hành thứ nhất")
    type_self(ctx, first, GOOD_SELF)
    old = ctx.rubrics.resolve("tap-the-2021")
    edited = old.to_input()
    edited.criteria[3].max_tenths = 250
    edited.criteria[5].max_tenths = 100
    new_id = ctx.rubrics.save(old.id, edited).rubric_id
    year = ctx.scoring.sheet(first).year
    ctx.rubrics.assign(year, "coso", "tap_the", new_id)
    second = new_sheet(ctx, "Mô hình chấm trên lần ban hành thứ hai")
    type_self(ctx, second, ["15", "15", "15", "25", "20", "10"])
    out = tmp_path / "phieu.pdf"
    for sheet_id, edition in ((first, 1), (second, 2)):
        assert main(["--db", str(db_path), "print", "scoresheet", "--sheet", sheet_id[:8],
                     "--out", str(out)]) == 0
        text = pdfcheck.text(out.read_bytes())
        assert f"(lần ban hành thứ {edition})" in text
        assert ("tập trung thực hiện 25 25" in text) == (edition == 2), edition
    assert "Tổng cộng 100 100" in text  # the second edition's maxima, all given


def test_the_window_prints_the_sheet_on_the_screen(ctx, qtbot, monkeypatch):
    from ui.screens import print_preview
    from ui.screens.scoring_screen import ScoringScreen

    sheet_id = _locked(ctx)
    shown = []
    monkeypatch.setattr(print_preview.PrintPreviewDialog, "show",
                        lambda dialog: shown.append(dialog))
    screen = ScoringScreen(ctx, sheet_id)
    qtbot.addWidget(screen)
    button = screen.buttons["print"]
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    text = pdfcheck.text(shown[0].pdf)
    assert "Tổng cộng 100 92 91,3" in text and "Xếp loại: Tiêu biểu" in text
    shown[0].close()


def test_a_sheet_only_self_scored_leaves_the_councils_rating_to_write(ctx, db_path, tmp_path):
    sheet_id = new_sheet(ctx, "Mô hình mới tự chấm")
    type_self(ctx, sheet_id, GOOD_SELF)  # 92: the self total alone would rate "Tiêu biểu"
    for number in (1, 2, 3):  # the council is named, it has not scored yet
        ctx.scoring.add_member(sheet_id, f"Thành viên {number}")
    out = tmp_path / "phieu.pdf"
    assert main(["--db", str(db_path), "print", "scoresheet", "--sheet", sheet_id[:8],
                 "--out", str(out)]) == 0
    data = out.read_bytes()
    text = pdfcheck.text(data)
    assert "Tổng cộng 100 92" in text and "Tình trạng phiếu: Nháp" in text
    assert "Xếp loại: ....." in text and "Tiêu biểu" not in text.split("Thang xếp loại")[0]
    # No remarks yet: their dotted lines stay with the signatures, on the second page
    # with the members' table (they used to push both onto a third page of their own).
    pages = pdfcheck.page_texts(data)
    assert len(pages) == 2, [p[:60] for p in pages]
    assert "Nhận xét khác" in pages[1] and "TỰ CHẤM" in pages[1]
