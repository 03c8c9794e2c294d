"""Sample documents of every kind (`dvk print sample KIND`): to look at the layouts
before scoring and recognition provide real data, for the benchmark, and as the
built-in data of a blank score sheet. The data is plausible, never real people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.domain.registration import Kind, Mode, Subject
from app.domain.registration_record import Milestone, Registration, Target
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
                "decision-draft", "certificate", "certificate-individual", "report",
                "report-period")
DATE = dt.date(2026, 10, 5)
YEAR = 2026
PERIOD = "2026 - 2030"
# Made up for the samples (no guideline of the 2026-2030 period was found): a basis in
# the form a real one takes, by number, date and issuer.
GUIDELINE = ("Hướng dẫn số 05-HD/BTGDVTU ngày 18 tháng 11 năm 2025 của Ban Tuyên giáo và "
             "Dân vận Tỉnh ủy Ninh Bình về xây dựng và công nhận mô hình, điển hình “Dân vận "
             "khéo” giai đoạn 2026 - 2030")
BOARD_ABOVE = "Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình"


def sample_office(system: str = PARTY) -> OfficePrint:
    if system == STATE:
        return OfficePrint(
            system=STATE, superior="", body="Ủy ban nhân dân\nphường Yên Thắng",
            authority="Ủy ban nhân dân phường Yên Thắng", place="Yên Thắng",
            signer=Signer("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Văn Đức"),
            preset="ubnd", symbol="UBND",
            executor="Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường Yên "
                     "Thắng, Trưởng phòng Văn hóa - Xã hội",
            archive="Lưu: VT, VHXH.", report_to=BOARD_ABOVE)
    return OfficePrint(
        system=PARTY, superior="Đảng ủy phường Yên Thắng",
        body="Ban Chỉ đạo phong trào thi đua\n“Dân vận khéo”",
        authority="Ban Chỉ đạo phong trào thi đua “Dân vận khéo” phường Yên Thắng",
        place="Yên Thắng", level="xa",
        signer=Signer("T/M BAN CHỈ ĐẠO", "TRƯỞNG BAN", "Nguyễn Thị Hương"),
        preset="bcd", symbol="BCĐ",
        executor="Thường trực Ban Chỉ đạo, các cơ quan, đơn vị liên quan",
        archive="Lưu Văn phòng.", report_to=BOARD_ABOVE)


def _number(office: OfficePrint, kind: str, number: int) -> str:
    from app.printing.presets import book_patterns

    return book_patterns(office.symbol, office.system)[kind][0].format(n=number)


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
                        "Bà Trần Thị Ánh Tuyết", 1, subject=Subject.INDIVIDUAL, score=95,
                        rating="Tiêu biểu", certificate_number="04/GCN",
                        detail="Chi hội trưởng Chi hội Phụ nữ tổ dân phố số 1"),
        RecognisedEntry("Một cửa thân thiện, giải quyết hồ sơ đúng hẹn 100%",
                        "Bộ phận Một cửa phường Yên Thắng", 4, score=90, rating="Tiêu biểu",
                        certificate_number="05/GCN"),
    ]


def decision_data(office: OfficePrint | None = None) -> DecisionData:
    return DecisionData(number=_number(office or sample_office(), "decision", 5), date=DATE,
                        year=YEAR, period=PERIOD, entries=entries(), guideline=GUIDELINE)


def report_data(office: OfficePrint | None = None, *, period: bool = False) -> ReportData:
    data = ReportData(
        number=_number(office or sample_office(), "report", 12), date=dt.date(2026, 12, 8),
        year=YEAR, scope="phường Yên Thắng", addressee=(office or sample_office()).report_to,
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
    if period:  # the mid-term review (sơ kết) of 2026-2028
        data.period, data.years, data.final = PERIOD, [2026, 2027, 2028], False
        data.per_year = [(2026, 9, 4), (2027, 11, 5), (2028, 13, 5)]
    return data


def sample_registration_record() -> Registration:
    """A registration as RegistrationService.get returns it (made-up ids)."""
    return Registration(
        seq=1, id="mau", year=2026, kind=Kind.MODEL, subject=Subject.COLLECTIVE,
        unit_code="", registrant="Tổ dân phố số 1", name="Tuyến đường hoa, đường cờ Tổ quốc",
        field=2, mode=Mode.NEW, registered_on="2026-03-10",
        receiving_body="Khối Dân vận Đảng ủy phường Yên Thắng", contact_phone="0229 3871 234",
        situation="Các tuyến đường trong tổ dân phố còn thiếu cây xanh, vệ sinh chưa "
                  "thường xuyên.\nNhân dân mong muốn có cảnh quan sáng - xanh - sạch - đẹp.",
        goals="Trồng và chăm sóc 2,5 km đường hoa; 100% hộ treo cờ Tổ quốc ngày lễ.",
        content_methods="Họp dân bàn bạc, thống nhất; phân công mỗi hộ chăm sóc đoạn "
                        "đường trước nhà; vận động con em xa quê ủng hộ.",
        area="Tổ dân phố số 1, phường Yên Thắng", target_group="Các hộ gia đình",
        force_lead="Chi bộ tổ dân phố số 1",
        force_coordinating="Ban công tác Mặt trận, Chi hội Phụ nữ",
        force_participating="Nhân dân tổ dân phố",
        resources="Nhân dân đóng góp 45 triệu đồng và ngày công", start_date="2026-04-01",
        end_date="2026-12-31", outputs="2,5 km đường hoa; ảnh trước và sau; biên bản "
        "nghiệm thu", sustainability="Giao các hộ chăm sóc lâu dài; nhân rộng ra các tổ dân "
        "phố khác.",
        targets=(Target(id="mau-1", registration_id="mau", position=1,
                        indicator="Chiều dài tuyến đường hoa", target=2.5,
                        unit_of_measure="km"),
                 Target(id="mau-2", registration_id="mau", position=2,
                        indicator="Hộ treo cờ Tổ quốc ngày lễ", target=100,
                        unit_of_measure="%")),
        milestones=(Milestone(id="mau-3", registration_id="mau", position=1,
                              due_on="2026-04-30", description="Họp triển khai, phân công"),
                    Milestone(id="mau-4", registration_id="mau", position=2,
                              due_on="2026-09-15",
                              description="Tự đánh giá, hoàn thiện hồ sơ")),
        person=None,
    )


def _draft_number(office: OfficePrint) -> str:
    from app.printing.presets import book_patterns

    return draft_number(book_patterns(office.symbol, office.system)["decision"][0])


def draft_number(pattern: str) -> str:
    """The number of a draft: its pattern with room to write the number ("     /QĐ-UBND",
    "Số      -QĐ/BCĐ"), given when the paper is issued."""
    head, _brace, rest = pattern.partition("{")
    return head + "\u00a0" * 8 + rest.partition("}")[2]


def sample(kind: str, system: str = PARTY, *, office: OfficePrint | None = None,
           wording: Callable[[str], dict] | None = None) -> Document:
    """One sample document of `kind` (one of SAMPLE_KINDS): the built-in sample
    office and shipped wording, or an office's own settings and wording."""
    off = office or sample_office(system)
    words = wording or (lambda k: templates.for_system(templates.defaults(k), off.system))
    official = words("official")
    if kind == "registration":
        return builders.registration_form(
            sample_registration_record(), wording=words("registration"),
            office_name="Phường Yên Thắng", subunit_name="Tổ dân phố số 1", source_name="",
            place="Yên Thắng", superior="Phường Yên Thắng")
    if kind in ("scoresheet", "scoresheet-filled"):
        rubric, _from_file = default_rubric(Subject.COLLECTIVE)
        if kind == "scoresheet":
            return builders.scoresheet(rubric, wording=words("scoresheet"),
                                       office=off)
        scores = [(14, 14.5), (13.5, 14), (14, 13), (18, 18.5), (19, 18), (14, 14)]
        members = [[14, 15], [14, 14], [13, 13], [18.5, 18.5], [18, 18], [14, 14]]
        return builders.scoresheet(
            rubric, wording=words("scoresheet"), office=off,
            model_name="Tuyến đường hoa, đường cờ Tổ quốc", registrant="Tổ dân phố số 1",
            field=2, year=YEAR, lines=[ScoreLine(a, b) for a, b in scores],
            conditions_met=[True, True, True], rating="Tiêu biểu", date=DATE,
            remarks="Mô hình được nhân dân đồng tình, có khả năng nhân rộng.",
            members=[("Trần Văn Bình", "Chủ tịch Hội đồng"), ("Lê Thị Mai", "Thành viên")],
            member_scores=members, state="Đã khóa")
    if kind == "proposal":
        return builders.proposal(
            ProposalData(_number(off, "proposal", 7), dt.date(2026, 9, 25), YEAR,
                         BOARD_ABOVE, entries()),
            office=off, wording=words("proposal"), official=official)
    if kind in ("decision", "decision-draft"):
        data = decision_data(off)
        if kind == "decision-draft":
            data.number, data.date, data.draft = _draft_number(off), None, True
        return builders.decision(data, office=off, wording=words("decision"),
                                 official=official,
                                 paper=builders.paper_name(words("certificate")))
    if kind in ("certificate", "certificate-individual"):
        entry = entries()[3 if kind == "certificate-individual" else 0]
        return builders.certificate(entry, decision_data(off), office=off,
                                    wording=words("certificate"),
                                    official=official)
    if kind in ("report", "report-period"):
        return builders.report(report_data(off, period=kind == "report-period"), office=off,
                               wording=words("report"), official=official)
    raise ValueError(kind)
