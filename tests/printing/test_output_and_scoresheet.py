"""Safe output (no half-written PDF under the final name), the score sheet from a
rubric-shaped dataclass and from rubric files, and the QR encoder."""

from __future__ import annotations

import errno
import json
import os

import pytest
from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget

from app.cli.main import main
from app.errors import DvkError
from app.printing import builders, samples, templates
from app.printing.model import Rubric, RubricCondition, RubricCriterion, RubricRating, ScoreLine
from app.printing.output import write_pdf
from app.printing.render import qr
from app.printing.rubrics import BUILT_IN, default_rubric, load_rubric_file
from tests.printing import pdfcheck

# -- safe output -----------------------------------------------------------------------


def test_write_is_atomic(tmp_path):
    target = tmp_path / "giay.pdf"
    target.write_bytes(b"%PDF old")
    write_pdf(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF new"
    assert [p.name for p in tmp_path.iterdir()] == ["giay.pdf"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_part(tmp_path, monkeypatch):
    target = tmp_path / "giay.pdf"
    target.write_bytes(b"%PDF old")

    def disk_full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(DvkError, match="đầy|full"):
        write_pdf(target, b"%PDF new")
    assert target.read_bytes() == b"%PDF old"
    assert [p.name for p in tmp_path.iterdir()] == ["giay.pdf"]


def test_unwritable_places_are_explained(tmp_path, monkeypatch):
    with pytest.raises(DvkError, match="missing-folder"):
        write_pdf(tmp_path / "missing-folder" / "a.pdf", b"x")
    with pytest.raises(DvkError):
        write_pdf(tmp_path, b"x")

    def locked(*_args):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(DvkError, match="a.pdf"):
        write_pdf(tmp_path / "a.pdf", b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_render_failure_writes_nothing(ctx, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.pdf"
    doc = ctx.printing.sample_document("decision")

    def broken(_doc):
        raise DvkError("không dàn trang được")

    monkeypatch.setattr(ctx.printing, "render", broken)
    with pytest.raises(DvkError):
        ctx.printing.save(doc, target)
    assert list(folder.iterdir()) == []


# -- score sheets ----------------------------------------------------------------------

RUBRIC = Rubric(
    code="thu-nghiem", name="Bộ tiêu chí thử nghiệm", subject="tap_the", version=3,
    conditions=[RubricCondition("ĐK1", "Có địa chỉ cụ thể.")],
    criteria=[RubricCriterion("1", "Được nhân dân đồng tình ủng hộ", 30),
              RubricCriterion("2", "Giải quyết được việc khó ở cơ sở", 30),
              RubricCriterion("3", "Có sức lan tỏa, nhân rộng", 40)],
    ratings=[RubricRating("Xuất sắc", 85), RubricRating("Khá", 60), RubricRating("Chưa đạt", 0)],
    note="Bộ tiêu chí dùng trong thử nghiệm")


def _sheet(renderer, **kwargs) -> str:
    doc = builders.scoresheet(RUBRIC, wording=templates.defaults("scoresheet"),
                              office=samples.sample_office(), **kwargs)
    return pdfcheck.text(renderer.render(doc))


def test_blank_sheet_from_a_rubric_dataclass(renderer):
    text = _sheet(renderer)
    for part in ("PHIẾU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM", "ĐK1 Có địa chỉ cụ thể.",
                 "1 Được nhân dân đồng tình ủng hộ 30", "3 Có sức lan tỏa, nhân rộng 40",
                 "Tổng cộng 100", "Xuất sắc từ 85 điểm; Khá từ 60 điểm",
                 "Bộ tiêu chí dùng trong thử nghiệm", "năm ........"):
        assert part in text, part


def test_filled_sheet_totals_and_rating(renderer):
    text = _sheet(renderer, model_name="Camera an ninh", registrant="Tổ dân phố số 4",
                  field=3, year=2025, rating="Xuất sắc", conditions_met=[True],
                  lines=[ScoreLine(28, 27.5, "tốt"), ScoreLine(26.5, 27), ScoreLine(35, 34)])
    for part in ("Tên mô hình, điển hình: Camera an ninh", "Lĩnh vực: Quốc phòng - an ninh",
                 "năm 2025", "28 27,5 tốt", "Tổng cộng 100 89,5 88,5", "Xếp loại: Xuất sắc"):
        assert part in text, part


def test_rubric_files_are_read_with_the_shared_structure(tmp_path):
    data = {**BUILT_IN["ca_nhan"], "code": "ca_nhan-ninh-binh", "name": "Cá nhân Ninh Bình"}
    data["criteria"] = [{"code": "1", "title": "Gương mẫu", "max": 50},
                        {"code": "2", "text": "Sáng kiến", "max_points": 50}]
    (tmp_path / "ca_nhan.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    (tmp_path / "broken.json").write_text("{not json", "utf-8")
    rubric, from_file = default_rubric("ca_nhan", tmp_path)
    assert from_file and rubric.code == "ca_nhan-ninh-binh" and rubric.total_points == 100
    assert [c.text for c in rubric.criteria] == ["Gương mẫu", "Sáng kiến"]
    built_in, from_file = default_rubric("tap_the", tmp_path)
    assert not from_file and built_in.total_points == 100 and len(built_in.criteria) == 6
    with pytest.raises(DvkError, match="broken.json"):
        load_rubric_file(tmp_path / "broken.json")


def test_built_in_rubrics_add_up_to_100():
    for subject in ("tap_the", "ca_nhan"):
        rubric, _from_file = default_rubric(subject, folder=None)
        assert rubric.total_points == 100 and len(rubric.conditions) == 3


def test_command_line_blank_and_model_sheets(ctx, frozen_today, db_path, tmp_path, capsys):
    from tests.helpers import collective

    out = tmp_path / "phieu.pdf"
    assert main(["--db", str(db_path), "print", "scoresheet", "--blank", "--out",
                 str(out)]) == 0
    # The office's stored rubric, not a built-in copy (the clock may warn: the test's
    # day is before the new data file's first write).
    assert "bộ tiêu chí mặc định" not in capsys.readouterr().err
    blank = pdfcheck.text(out.read_bytes())
    assert "Tổng cộng 100" in blank and "(lần ban hành thứ 1)" in blank
    assert "Mẫu gợi ý" not in blank  # the drafting note is not for the paper
    registration_id = ctx.registrations.save(collective(ctx, name="Tủ sách cộng đồng"))
    assert main(["--db", str(db_path), "print", "scoresheet", "--model", registration_id,
                 "--out", str(out)]) == 0
    text = pdfcheck.text(out.read_bytes())
    assert "Tên mô hình, điển hình: Tủ sách cộng đồng" in text and "năm 2026" in text
    assert main(["--db", str(db_path), "print", "scoresheet", "--blank", "--individual",
                 "--out", str(out)]) == 0
    assert "Tận tình phục vụ nhân dân" in pdfcheck.text(out.read_bytes())
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(db_path), "print", "scoresheet", "--out", str(out)])
    assert usage.value.code == 2


# -- QR codes --------------------------------------------------------------------------


@pytest.mark.parametrize("payload", ["a", "DVK1." + "x" * 150, "Giấy công nhận số 12" * 8,
                                     "0" * 600])
@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_fast_codewords_equal_the_widget_encoder(payload, level):
    code = QrCodeWidget(payload, barLevel=level).qr
    code.version = code.calculate_version()
    expected = qrencoder.QRCode.createData(code.version, code.errorCorrectLevel,
                                           code.dataList)
    assert qr.codewords(code) == expected


def test_matrix_is_a_square_symbol_with_finder_patterns():
    modules = qr.matrix("DVK1.test")
    count = len(modules)
    assert count >= 21 and all(len(row) == count for row in modules)
    for top, left in ((0, 0), (0, count - 7), (count - 7, 0)):
        assert all(modules[top][left + i] for i in range(7))  # finder pattern edge
        assert not modules[top + 1][left + 1] and modules[top + 3][left + 3]
