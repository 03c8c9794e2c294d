"""The registration form from a real registration: every item of the paper form,
two signature columns, through the service and the command line."""

from __future__ import annotations

import datetime as dt

import pytest

from app.cli.main import main
from app.domain.registration import MilestoneInput, PersonInput, TargetInput
from app.errors import NotFoundError
from tests.helpers import collective
from tests.printing import pdfcheck
from tests.printing.pdfcheck import A4_PORTRAIT

FULL = {
    "situation": "Đường làng còn nhiều đoạn tối, thiếu cây xanh.",
    "goals": "Có tuyến đường sáng - xanh - sạch - đẹp.",
    "content_methods": "Họp dân bàn bạc; mỗi hộ nhận chăm sóc đoạn đường trước nhà.",
    "area": "Tổ dân phố số 1", "target_group": "Các hộ gia đình trong tổ",
    "force_lead": "Chi bộ tổ dân phố", "force_coordinating": "Ban công tác Mặt trận",
    "force_participating": "Đoàn viên thanh niên", "resources": "Nhân dân góp 45 triệu đồng",
    "outputs": "Biên bản nghiệm thu, ảnh trước và sau",
    "sustainability": "Giao hộ gia đình chăm sóc lâu dài; nhân rộng ra các tổ khác",
    "contact_phone": "0912 345 678",
}


def _full(ctx, frozen_today):
    reg = collective(ctx, registered_on=dt.date(2026, 3, 10))
    for key, value in FULL.items():
        setattr(reg, key, value)
    reg.targets = [TargetInput("Chiều dài tuyến đường hoa", 2.5, "km"),
                   TargetInput("Hộ tham gia", 100, "%")]
    reg.start_date, reg.end_date = dt.date(2026, 4, 1), dt.date(2026, 12, 31)
    reg.milestones = [MilestoneInput(dt.date(2026, 6, 30), "Sơ kết 6 tháng")]
    return ctx.registrations.save(reg)


def test_every_item_of_the_paper_form(ctx, frozen_today, renderer):
    registration_id = _full(ctx, frozen_today)
    data = ctx.printing.render(ctx.printing.registration_document(registration_id))
    assert set(pdfcheck.page_sizes(data)) == {A4_PORTRAIT}
    assert all(pdfcheck.fonts(data).values())
    text = pdfcheck.text(data)
    unit = ctx.units.subunits()[0].name
    expected = [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PHƯỜNG YÊN THẮNG", unit.upper(),
        "BẢN ĐĂNG KÝ XÂY DỰNG MÔ HÌNH “DÂN VẬN KHÉO”", "Năm 2026",
        "Kính gửi: Khối Dân vận Đảng ủy phường Yên Thắng",
        f"Tên đơn vị đăng ký: {unit}, phường Yên Thắng",  # the commune inside a name
        "Tên mô hình: Tuyến đường hoa, đường cờ Tổ quốc", "Lĩnh vực: Văn hóa - xã hội",
        "Hình thức: Xây dựng mới", "Điện thoại liên hệ: 0912 345 678",
        "Chiều dài tuyến đường hoa 2,5 km", "Hộ tham gia 100 %",
        "Từ ngày 01/04/2026 đến ngày 31/12/2026", "30/06/2026 Sơ kết 6 tháng",
        "Yên Thắng, ngày 10 tháng 3 năm 2026",
        "XÁC NHẬN CỦA CHI BỘ", "BÍ THƯ", "ĐẠI DIỆN ĐƠN VỊ ĐĂNG KÝ",
    ]
    expected += list(FULL.values())[:-1]
    for part in expected:
        assert part in text, part
    # Two signature columns side by side on the last page.
    last = pdfcheck.chars(data, pdfcheck.page_count(data) - 1)
    left = pdfcheck.find(last, "XÁC NHẬN CỦA CHI BỘ")
    right = pdfcheck.find(last, "ĐẠI DIỆN ĐƠN VỊ ĐĂNG KÝ")
    assert abs(left[0].bottom - right[0].bottom) < 2
    assert max(c.right for c in left) < min(c.left for c in right)


def test_individual_form_names_the_person_under_the_signature(ctx, frozen_today):
    reg = collective(ctx, name="Bà Lê Thị Hoa - vận động hiến đất")
    reg.subject, reg.kind = "ca_nhan", "dien_hinh"
    reg.person = PersonInput(full_name="Lê Thị Hoa", birth_year=1970, gender="nu",
                             position="Tổ trưởng tổ dân phố", address="Tổ dân phố số 1")
    registration_id = ctx.registrations.save(reg)
    text = pdfcheck.text(ctx.printing.render(
        ctx.printing.registration_document(registration_id)))
    for part in ("BẢN ĐĂNG KÝ XÂY DỰNG ĐIỂN HÌNH", "Họ và tên người đăng ký: Lê Thị Hoa",
                 "Năm sinh: 1970", "Giới tính: Nữ", "Chức vụ: Tổ trưởng tổ dân phố",
                 "NGƯỜI ĐĂNG KÝ Lê Thị Hoa", "Tên điển hình:"):
        assert part in text, part
    # Empty items are dotted lines to fill in by hand, never left out.
    assert "Thực trạng, lý do lựa chọn: ....." in text


def test_replication_names_its_source(ctx, frozen_today):
    source = ctx.registrations.save(collective(ctx, year=2025,
                                               registered_on=dt.date(2025, 3, 1)))
    reg = ctx.registrations.replicate(source)
    reg.subunit_code = ctx.units.subunits()[1].code
    new_id = ctx.registrations.save(reg)
    text = pdfcheck.text(ctx.printing.render(ctx.printing.registration_document(new_id)))
    assert "Hình thức: Nhân rộng từ mô hình “Tuyến đường hoa, đường cờ Tổ quốc”" in text


def test_command_line(ctx, frozen_today, db_path, tmp_path, capsys):
    registration_id = _full(ctx, frozen_today)
    out = tmp_path / "ban-dang-ky.pdf"
    assert main(["--db", str(db_path), "print", "registration", "--model",
                 registration_id[:8], "--out", str(out)]) == 0
    assert "Tuyến đường hoa" in pdfcheck.text(out.read_bytes())
    assert list(tmp_path.glob(".*part")) == []
    assert main(["--db", str(db_path), "print", "registration", "--model", "zzzz",
                 "--out", str(tmp_path / "x.pdf")]) == 1
    assert "zzzz" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_registration_is_refused(ctx):
    with pytest.raises(NotFoundError):
        ctx.printing.registration_document("no-such-id")
