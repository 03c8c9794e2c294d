"""A small office whose registrations exercise every corner of the list: punctuation
inside words, digits, letters that folding keeps (ø, ß, ²), ties on the date, every
filter value. Written through the real registration service."""

from __future__ import annotations

import datetime as dt

from app import clock
from app.context import AppContext
from app.domain.registration import PersonInput

NAMES = [
    "Dân vận khéo trong vận động hiến đất mở đường",
    "Tổ hợp tác rau an toàn (VietGAP) giai đoạn 2021-2025",
    "Diện tích 1.200 m² rau hữu cơ",
    "Câu lạc bộ Ølympic straße",
    "Hòa giải ở cơ sở: 'Đồng Tâm'",
    "Hoà giải cơ sở giỏi",
    "Camera an ninh khu dân cư",
    "Phụ nữ giúp nhau phát triển kinh tế",
    "Đường hoa, đường cờ Tổ quốc",
    "Nhà văn hóa thôn_Đông sạch đẹp",
    "Dòng họ không có người vi phạm pháp luật",
    "Zalo an ninh kết nối công an với nhân dân",
]
PERSONS = ["Nguyễn Thị Hoa", "Trần Đức Chiến", "H'Hen Niê", "Lê Văn Đạt", "Nguyễn Văn Đông"]
SUBUNITS = [("Tổ dân phố số 1", "to_dan_pho"), ("Chi hội Phụ nữ tổ dân phố số 1", "chi_hoi"),
            ("Chi bộ tổ dân phố số 2", "chi_bo"), ("Công an phường Yên Thắng", "luc_luong_vu_trang")]
# Queries a clerk could type: word starts of every length, several words, words that
# only appear inside other words, digits, punctuation, letters with no ASCII form.
QUERIES = [
    "d", "da", "dan", "dan v", "dan van kheo", "v", "h", "ho", "hoa", "hoa giai", "hòa",
    "hoà giải", "giai doan 2021", "2021", "2025", "20", "1", "1.200", "200", "m", "m2", "rau",
    "o", "ø", "olympic", "ølym", "lympic", "stra", "strasse", "m²", "ＭＯ", "e", "dong tam", "đồng", "tam",
    "nguyen thi h", "nguyen", "ng", "h hen", "hen nie", "chien", "tran duc chien",
    "thon dong", "thon_dong", "phu nu", "an ninh", "an", "x", "zz", "to dan pho so 1",
    "cong an phuong yen thang", "VietGAP", "viet", "gap", "  Dân   VẬN ", "-", "khéo!",
]


def fill(ctx: AppContext, count: int = 150) -> None:
    """`count` registrations over two years, dates repeating (ties), all kinds, both
    forms (replications of earlier ones), individuals without a sub-unit."""
    clock.set_fixed(dt.datetime(2026, 11, 20, 2, 0, tzinfo=dt.UTC))
    try:
        subunits = [ctx.units.add_subunit(name, unit_type) for name, unit_type in SUBUNITS]
        saved = []
        for index in range(count):
            year = 2025 + index % 2
            reg = ctx.registrations.blank(year)
            reg.field = index % 4 + 1
            reg.registered_on = dt.date(year, 1, 5) + dt.timedelta(days=index % 17)
            reg.subunit_code = subunits[index % len(subunits)].code
            if index % 5 == 0:
                person = PERSONS[index % len(PERSONS)]
                reg.kind, reg.subject = "dien_hinh", "ca_nhan"
                reg.person = PersonInput(full_name=person, birth_year=1970, gender="nu")
                reg.name = f"{person} - {NAMES[index % len(NAMES)].lower()}"
                if index % 10 == 0:
                    reg.subunit_code = None
            else:
                reg.name = NAMES[index % len(NAMES)] + ("" if index % 3 else f" số {index}")
            if index % 7 == 3 and index >= 7:
                reg.mode, reg.replicates_id = "nhan_rong", saved[index - 7]
            saved.append(ctx.registrations.save(reg))
        for registration_id in saved[::9]:
            ctx.registrations.withdraw(registration_id, "Trùng nội dung.")
    finally:
        clock.set_fixed(None)
