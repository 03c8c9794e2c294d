"""Sample documents of every kind (`dvk print sample KIND`): to look at the layouts
before scoring and recognition provide real data, for the benchmark, and as the
built-in data of a blank score sheet. The data is plausible, never real people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.printing import builders, templates
from app.printing.inputs import (
    DecisionData,
    OfficePrint,
    ProposalData,
    RecognisedEntry,
    ReportData,
)
from app.printing.model import PARTY, STATE, Document, ScoreLine, Signer
from app.printing.rubrics import default_rubric

SAMPLE_KINDS = ("registration", "scoresheet", "scoresheet-filled", "proposal", "decision",
                "certificate", "certificate-individual", "report")
DATE = dt.date(2025, 10, 5)


def sample_office(system: str = PARTY) -> OfficePrint:
    if system == STATE:
        return OfficePrint(system=STATE, superior="Ủy ban nhân dân tỉnh Ninh Bình",
                           body="Ủy ban nhân dân\nphường Yên Thắng",
                           authority="Ủy ban nhân dân phường Yên Thắng", place="Yên Thắng",
                           signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Văn Đức"))
    return OfficePrint(
        system=PARTY, superior="Đảng ủy phường Yên Thắng",
        body='Ban Chỉ đạo phong trào thi đua\n"Dân vận khéo"',
        authority='Ban Chỉ đạo phong trào thi đua "Dân vận khéo" phường Yên Thắng',
        place="Yên Thắng", level="xa",
        signer=Signer("T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Nguyễn Thị Hương"))


def entries() -> list[RecognisedEntry]:
    return [
        RecognisedEntry("Tuyến đường hoa, đường cờ Tổ quốc", "Tổ dân phố số 1", 2, score=93.5,
                        rating="Tiêu biểu", certificate_number="01/GCN"),
        RecognisedEntry("Dân vận khéo trong giải phóng mặt bằng đường ven biển",
                        "Chi bộ tổ dân phố số 2", 1, score=91, rating="Tiêu biểu",
                        certificate_number="02/GCN"),
        RecognisedEntry("Camera an ninh - Mắt thần khu phố", "Công an phường Yên Thắng", 3,
                        score=90.5, rating="Tiêu biểu", certificate_number="03/GCN"),
        RecognisedEntry("Bà Trần Thị Ánh Tuyết - Vận động hiến đất mở rộng đường thôn",
                        "Bà Trần Thị Ánh Tuyết", 1, subject="ca_nhan", score=95,
                        rating="Tiêu biểu", certificate_number="04/GCN",
                        detail="Chi hội trưởng Chi hội Phụ nữ tổ dân phố số 1"),
        RecognisedEntry("Một cửa thân thiện, giải quyết hồ sơ đúng hẹn 100%",
                        "Bộ phận Một cửa phường Yên Thắng", 4, score=90, rating="Tiêu biểu",
                        certificate_number="05/GCN"),
    ]


def decision_data() -> DecisionData:
    return DecisionData(number="05-QĐ/BCĐ", date=DATE, year=2025, period="2021 - 2025",
                        entries=entries())


def report_data() -> ReportData:
    return ReportData(
        number="12-BC/BCĐ", date=dt.date(2025, 12, 8), year=2025, scope="phường Yên Thắng",
        registered={1: 9, 2: 12, 3: 7, 4: 5},
        recognised={1: {"xa": 3, "tinh": 1}, 2: {"xa": 5, "tinh": 1}, 3: {"xa": 2},
                    4: {"xa": 2}},
        units=[("Tổ dân phố số 1", {1: 2, 2: 3, 3: 1, 4: 1}),
               ("Tổ dân phố số 2", {1: 3, 2: 2, 3: 2, 4: 0}),
               ("Chi hội Phụ nữ tổ dân phố số 1", {1: 1, 2: 4, 3: 0, 4: 1}),
               ("Công an phường Yên Thắng", {1: 0, 2: 0, 3: 4, 4: 0}),
               ("Bộ phận Một cửa phường Yên Thắng", {1: 3, 2: 3, 3: 0, 4: 3})],
        assessment=["Phong trào được triển khai đồng bộ, nhiều mô hình có cách làm sáng "
                    "tạo, được nhân dân đồng tình hưởng ứng.",
                    "Năm tới tiếp tục nhân rộng các mô hình tiêu biểu; chú trọng lĩnh vực "
                    "xây dựng hệ thống chính trị."])


def sample_registration_record() -> dict:
    """A registration as RegistrationService.get returns it."""
    return {
        "kind": "mo_hinh", "subject": "tap_the", "year": 2026, "name":
        "Tuyến đường hoa, đường cờ Tổ quốc", "field": 2, "mode": "moi",
        "registered_on": "2026-03-10", "receiving_body":
        "Khối Dân vận Đảng ủy phường Yên Thắng", "contact_phone": "0229 3871 234",
        "situation": "Các tuyến đường trong tổ dân phố còn thiếu cây xanh, vệ sinh chưa "
                     "thường xuyên.\nNhân dân mong muốn có cảnh quan sáng - xanh - sạch - đẹp.",
        "goals": "Trồng và chăm sóc 2,5 km đường hoa; 100% hộ treo cờ Tổ quốc ngày lễ.",
        "content_methods": "Họp dân bàn bạc, thống nhất; phân công mỗi hộ chăm sóc đoạn "
                           "đường trước nhà; vận động con em xa quê ủng hộ.",
        "area": "Tổ dân phố số 1, phường Yên Thắng", "target_group": "Các hộ gia đình",
        "force_lead": "Chi bộ tổ dân phố số 1", "force_coordinating":
        "Ban công tác Mặt trận, Chi hội Phụ nữ", "force_participating": "Nhân dân tổ dân phố",
        "resources": "Nhân dân đóng góp 45 triệu đồng và ngày công", "start_date":
        "2026-04-01", "end_date": "2026-12-31", "outputs": "2,5 km đường hoa; ảnh trước và "
        "sau; biên bản nghiệm thu", "sustainability": "Giao các hộ chăm sóc lâu dài; nhân "
        "rộng ra các tổ dân phố khác.",
        "targets": [{"indicator": "Chiều dài tuyến đường hoa", "target": 2.5,
                     "unit_of_measure": "km"},
                    {"indicator": "Hộ treo cờ Tổ quốc ngày lễ", "target": 100,
                     "unit_of_measure": "%"}],
        "milestones": [{"due_on": "2026-04-30", "description": "Họp triển khai, phân công"},
                       {"due_on": "2026-09-15", "description": "Tự đánh giá, hoàn thiện hồ sơ"}],
        "person": None,
    }


def sample(kind: str, system: str = PARTY, *, office: OfficePrint | None = None,
           wording: Callable[[str], dict] | None = None) -> Document:
    """One sample document of `kind` (one of SAMPLE_KINDS): the built-in sample
    office and shipped wording, or an office's own settings and wording."""
    off = office or sample_office(system)
    words = wording or templates.defaults
    official = words("official")
    if kind == "registration":
        return builders.registration_form(
            sample_registration_record(), wording=words("registration"),
            office_name="Phường Yên Thắng", subunit_name="Tổ dân phố số 1", source_name="",
            place="Yên Thắng", superior="Phường Yên Thắng")
    if kind in ("scoresheet", "scoresheet-filled"):
        rubric, _from_file = default_rubric("tap_the")
        if kind == "scoresheet":
            return builders.scoresheet(rubric, wording=words("scoresheet"),
                                       office=off)
        scores = [(14, 14.5), (13.5, 14), (14, 13), (18, 18.5), (19, 18), (14, 14)]
        return builders.scoresheet(
            rubric, wording=words("scoresheet"), office=off,
            model_name="Tuyến đường hoa, đường cờ Tổ quốc", registrant="Tổ dân phố số 1",
            field=2, year=2025, lines=[ScoreLine(a, b) for a, b in scores],
            conditions_met=[True, True, True], rating="Tiêu biểu", date=DATE,
            remarks="Mô hình được nhân dân đồng tình, có khả năng nhân rộng.")
    if kind == "proposal":
        return builders.proposal(
            ProposalData("07-TTr/BCĐ", dt.date(2025, 9, 25), 2025,
                         "Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình", entries()),
            office=off, wording=words("proposal"), official=official)
    if kind == "decision":
        return builders.decision(decision_data(), office=off,
                                 wording=words("decision"), official=official)
    if kind in ("certificate", "certificate-individual"):
        entry = entries()[3 if kind == "certificate-individual" else 0]
        return builders.certificate(entry, decision_data(), office=off,
                                    wording=words("certificate"),
                                    official=official)
    if kind == "report":
        return builders.report(report_data(), office=off, wording=words("report"),
                               official=official)
    raise ValueError(kind)
