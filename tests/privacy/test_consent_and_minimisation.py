"""Consent recorded on an individual's registration (form data, command line, Excel,
bundles, the printed form) and what exports leave out unless asked."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest

from app.cli.main import main
from app.domain.registration import PersonInput
from app.errors import ValidationError
from tests.sync.builders import export
from tests.sync.conftest import COMMUNE, PROVINCE


def _individual(ctx, **consent):
    reg = ctx.registrations.blank(2026)
    reg.name = "Bà Lê Thị Hạnh - vận động hội viên nuôi ong"
    reg.field, reg.kind, reg.subject = 1, "dien_hinh", "ca_nhan"
    reg.person = PersonInput(full_name="Lê Thị Hạnh", birth_year=1975, gender="nu",
                             address="Tổ dân phố số 1", phone="0912 345 678", **consent)
    return reg


def test_consent_is_stored_checked_and_warned_about(ctx, frozen_today):
    reg = _individual(ctx)
    assert any("đồng ý" in w for w in ctx.registrations.warnings(reg))
    with pytest.raises(ValidationError) as error:
        ctx.registrations.save(_individual(ctx, consent_how="phieu_dang_ky"))
    assert "person.consent_on" in error.value.fields
    with pytest.raises(ValidationError) as error:
        ctx.registrations.save(_individual(ctx, consent_how="phieu_dang_ky",
                                           consent_on=frozen_today + dt.timedelta(days=3)))
    assert "person.consent_on" in error.value.fields
    signed = _individual(ctx, consent_how="phieu_dang_ky", consent_on=frozen_today)
    assert not any("đồng ý" in w for w in ctx.registrations.warnings(signed))
    registration_id = ctx.registrations.save(signed)
    person = ctx.registrations.get(registration_id).person
    assert (person.consent_on, person.consent_how) == ("2026-03-15", "phieu_dang_ky")
    again = ctx.registrations.to_input(registration_id)
    assert (again.person.consent_on, again.person.consent_how) == (frozen_today,
                                                                   "phieu_dang_ky")


def test_consent_on_the_command_line_and_in_the_json(ctx, db_path, tmp_path, capsys):
    data = tmp_path / "person.json"
    data.write_text(json.dumps({
        "name": "Ông Trần Văn Bình - hòa giải ở cơ sở", "field": 3, "kind": "dien_hinh",
        "subject": "ca_nhan", "person": {"full_name": "Trần Văn Bình", "birth_year": 1960}}),
        encoding="utf-8")
    ctx.close()
    assert main(["--db", str(db_path), "models", "add", "--from-json", str(data),
                 "--consent-on", "02/03/2026", "--registered-on", "02/03/2026"]) == 0
    registration_id = capsys.readouterr().out.strip().splitlines()[-1]
    assert main(["--db", str(db_path), "privacy", "show", registration_id, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)["persons"][0]["person"]
    assert (shown["consent_on"], shown["consent_how"]) == ("2026-03-02", "phieu_dang_ky")


def test_consent_travels_in_bundles(net, tmp_path):
    with net.open(COMMUNE) as commune:
        commune.registrations.save(_individual(
            commune, consent_how="van_ban", consent_on=dt.date(2026, 1, 5)))
        bundle = export(commune, PROVINCE, tmp_path / "up.dvk")
    with net.open(PROVINCE) as province:
        province.sync.import_bundle(bundle)
        assert province.db.execute("SELECT consent_on, consent_how FROM persons").fetchone() \
            == ("2026-01-05", "van_ban")


def test_consent_read_from_optional_excel_columns(ctx, frozen_today, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tên mô hình", "Họ và tên", "Năm sinh", "Lĩnh vực", "Ngày đăng ký",
                  "Hình thức đồng ý", "Ngày đồng ý"])
    sheet.append(["Ông Phạm Văn An - tuyên truyền pháp luật", "Phạm Văn An", 1970,
                  "Quốc phòng - an ninh", "10/03/2026", "Phiếu đăng ký", "09/03/2026"])
    sheet.append(["Bà Đỗ Thị Lan - phụ nữ giúp nhau", "Đỗ Thị Lan", 1982, "Kinh tế",
                  "11/03/2026", "x", None])
    sheet.append(["Bà Vũ Thị Mai - khuyến học", "Vũ Thị Mai", 1990, "Văn hóa - xã hội",
                  "12/03/2026", None, None])
    path = tmp_path / "so.xlsx"
    book.save(path)
    report = ctx.excel.run_import(path, apply=True)
    assert not [r.reasons for r in report.rows if r.reasons], report.rows
    rows = dict((name, (on, how)) for name, on, how in ctx.db.execute(
        "SELECT full_name, consent_on, consent_how FROM persons"))
    assert rows == {"Phạm Văn An": ("2026-03-09", "phieu_dang_ky"),
                    "Đỗ Thị Lan": ("2026-03-11", "phieu_dang_ky"),
                    "Vũ Thị Mai": (None, "")}


def test_the_printed_form_of_an_individual_carries_the_consent_line(ctx, frozen_today,
                                                                    tmp_path):
    from pypdf import PdfReader

    registration_id = ctx.registrations.save(_individual(
        ctx, consent_how="phieu_dang_ky", consent_on=frozen_today))
    out = ctx.printing.save(ctx.printing.registration_document(registration_id),
                            tmp_path / "form.pdf")
    words = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(out).pages)
    assert "Tôi đồng ý để Phường Yên Thắng" in words
    assert "Luật Bảo vệ dữ liệu cá nhân năm 2025" in words
    collective = ctx.registrations.blank(2026)
    collective.name, collective.field = "Dân vận khéo trong làm đường", 1
    collective.subunit_code = ctx.units.subunits()[0].code
    other = ctx.printing.save(ctx.printing.registration_document(
        ctx.registrations.save(collective)), tmp_path / "collective.pdf")
    words = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(other).pages)
    assert "Tôi đồng ý" not in words


def test_excel_exports_leave_out_birth_year_address_and_phones_unless_asked(
        ctx, frozen_today, tmp_path, db_path, capsys):
    ctx.registrations.save(_individual(ctx, consent_how="phieu_dang_ky",
                                       consent_on=frozen_today))
    ctx.close()

    def headers_and_text(path):
        sheet = openpyxl.load_workbook(path).worksheets[0]
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        return rows[0], " ".join(str(v) for row in rows for v in row if v is not None)

    assert main(["--db", str(db_path), "export-excel", "--out", str(tmp_path / "a.xlsx")]) == 0
    headers, text = headers_and_text(tmp_path / "a.xlsx")
    assert "Năm sinh" not in headers and "Địa chỉ" not in headers and "Điện thoại" not in headers
    assert "0912 345 678" not in text and "1975" not in text and "Lê Thị Hạnh" in text
    assert main(["--db", str(db_path), "export-excel", "--personal",
                 "--out", str(tmp_path / "b.xlsx")]) == 0
    headers, text = headers_and_text(tmp_path / "b.xlsx")
    assert {"Năm sinh", "Địa chỉ", "Điện thoại"} <= set(headers)
    assert "0912 345 678" in text and "1975" in text


def test_a_certificates_code_holds_no_personal_data_the_paper_does_not_print(demo):
    from app.certificates import codec
    from app.demo.sync import DEMO_PASSPHRASE
    from tests.privacy.conftest import COMMUNE as DEMO_COMMUNE

    with demo.open(DEMO_COMMUNE) as commune:
        decisions = [r[0] for r in commune.db.execute(
            "SELECT DISTINCT d.id FROM decisions d JOIN decision_items i"
            " ON i.decision_id = d.id WHERE d.state = 'ban_hanh' AND d.origin = ?"
            " AND i.subject = 'ca_nhan'", [DEMO_COMMUNE])]
        assert decisions
        signer = commune.certificate_codes.signer(DEMO_PASSPHRASE)
        persons = commune.db.execute(
            "SELECT full_name, phone, address, birth_year FROM persons").fetchall()
        checked = 0
        for decision_id in decisions:
            for doc in commune.recognition_papers.certificate_documents(decision_id, signer):
                if doc.variant != "ca_nhan":
                    continue
                summary = codec.decode(doc.qr_payload).summary
                printed = " ".join([doc.recipient, doc.recipient_detail, doc.model_name,
                                    *doc.achievement, doc.reference, doc.number_line])
                # What names the person in the code is printed on the paper too.
                assert summary.registrant == doc.recipient
                assert summary.model_name in printed
                assert summary.unit_name in printed or summary.unit_name == \
                    commune.units.office().name
                texts = " ".join(str(getattr(summary, f)) for f in codec.TEXT_FIELDS)
                for _name, phone, address, birth_year in persons:
                    assert not phone or phone not in texts
                    assert not address or address not in texts
                    assert birth_year is None or str(birth_year) not in texts
                checked += 1
        assert checked
