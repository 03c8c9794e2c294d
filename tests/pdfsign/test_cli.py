"""Issue 22 on the command line: `dvk sign-pdf`, `dvk verify-pdf` (exit codes as
`dvk verify`: 0 valid, 4 verified and refused, 1 refused or failed, 2 usage, 3 data
file unusable), `dvk pdf-anchors`, `dvk pdf-settings`, `dvk pdf-tokens`; Vietnamese
messages, English with --lang en."""

from __future__ import annotations

import json

import pytest

from app.cli.main import main
from app.i18n import set_language
from tests.pdfsign.conftest import P12_PASSWORD, SIGNER_NAME, USER_PIN, slot_of


def run(capsys, *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(argv))
    set_language("vi")
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def files(office, papers, tmp_path, key_files, monkeypatch):
    monkeypatch.setenv("DVK_TOKEN_PIN", P12_PASSWORD)
    monkeypatch.setattr("sys.stdin", None)
    source = tmp_path / "to-trinh.pdf"
    source.write_bytes(papers["proposal"])
    return {"db": str(office.path), "source": str(source), "out": str(tmp_path / "da-ky.pdf"),
            "p12": str(key_files["signer"]), "root": str(key_files["root"]),
            "tmp": tmp_path}


def test_sign_then_verify_with_the_exit_codes_of_verify(files, capsys):
    db = ["--db", files["db"]]
    code, text = run(capsys, *db, "sign-pdf", files["source"], "--out", files["out"],
                     "--pkcs12", files["p12"])
    assert code == 0, text
    assert f"Đã ký số: {files['out']}" in text and f"Người ký: {SIGNER_NAME}" in text
    assert "(giờ Việt Nam); PAdES B-B" in text
    # No trust anchor yet: verified, not confirmed -> 4.
    code, text = run(capsys, *db, "verify-pdf", files["out"])
    assert code == 4 and "CHƯA XÁC NHẬN ĐƯỢC" in text
    assert "chưa kiểm tra khi ngoại tuyến" in text
    code, text = run(capsys, *db, "pdf-anchors", "add", files["root"])
    assert code == 0 and "Từ nay tin cậy: Cơ quan chứng thực thử nghiệm DVK" in text
    code, text = run(capsys, *db, "verify-pdf", files["out"])
    assert code == 0, text
    assert text.startswith("HỢP LỆ") and f"Người ký: {SIGNER_NAME}" in text
    assert "Chuỗi tin cậy: Nguyễn Văn An → Cơ quan chứng thực chuyên dùng thử nghiệm → " \
           "Cơ quan chứng thực thử nghiệm DVK" in text
    code, text = run(capsys, *db, "verify-pdf", files["out"], "--json")
    report = json.loads(text)
    assert code == 0 and report["valid"] and report["signatures"][0]["signer"] == SIGNER_NAME
    assert report["signatures"][0]["signing_time"].endswith("+07:00")
    assert report["signatures"][0]["revocation"] == "not_checked"


def test_verify_refuses_a_changed_an_unsigned_and_a_non_pdf_file(files, capsys, papers):
    db = ["--db", files["db"]]
    run(capsys, *db, "sign-pdf", files["source"], "--out", files["out"], "--pkcs12",
        files["p12"])
    run(capsys, *db, "pdf-anchors", "add", files["root"])
    data = open(files["out"], "rb").read()
    at = data.index(b"/CreationDate (D:") + 20
    forged = files["tmp"] / "da-sua.pdf"
    forged.write_bytes(data[:at] + (b"1" if data[at:at + 1] != b"1" else b"2") + data[at + 1:])
    code, text = run(capsys, *db, "verify-pdf", str(forged))
    assert code == 4 and "KHÔNG HỢP LỆ" in text and "Nội dung đã ký bị thay đổi" in text
    code, text = run(capsys, *db, "verify-pdf", files["source"])
    assert code == 4 and "KHÔNG CÓ CHỮ KÝ SỐ" in text
    picture = files["tmp"] / "anh.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n not a pdf")
    code, text = run(capsys, *db, "verify-pdf", str(picture))
    assert code == 4 and "không phải tệp PDF" in text


def test_failures_and_usage(files, capsys, monkeypatch, tmp_path):
    db = ["--db", files["db"]]
    code, text = run(capsys, *db, "verify-pdf", str(tmp_path / "khong-co.pdf"))
    assert code == 1 and "không tồn tại" in text
    with pytest.raises(SystemExit) as usage:
        main([*db, "sign-pdf", files["source"]])  # no --out
    assert usage.value.code == 2
    code, text = run(capsys, "--db", str(tmp_path / "missing.sqlite"), "verify-pdf",
                     files["source"])
    assert code == 3
    monkeypatch.setenv("DVK_TOKEN_PIN", "sai")
    code, text = run(capsys, *db, "sign-pdf", files["source"], "--out", files["out"],
                     "--pkcs12", files["p12"])
    assert code == 1 and "không đúng; chưa ký gì cả" in text
    monkeypatch.delenv("DVK_TOKEN_PIN")
    code, text = run(capsys, *db, "sign-pdf", files["source"], "--out", files["out"],
                     "--pkcs12", files["p12"])
    assert code == 1 and "Cần mã PIN của token: hãy đặt mã PIN vào biến môi trường " \
                         "DVK_TOKEN_PIN" in text
    monkeypatch.setenv("MA_PIN", P12_PASSWORD)
    code, text = run(capsys, *db, "sign-pdf", files["source"], "--out", files["source"],
                     "--pkcs12", files["p12"], "--pin-env", "MA_PIN")
    assert code == 1 and "tệp PDF cần ký được giữ nguyên" in text


def test_anchors_and_settings(files, capsys, tmp_path):
    db = ["--db", files["db"]]
    code, text = run(capsys, *db, "pdf-anchors", "list")
    assert code == 0 and "Chưa cài chứng thư gốc tin cậy nào" in text
    code, text = run(capsys, *db, "pdf-anchors", "add", files["p12"])
    assert code == 1 and "không chứa chứng thư số nào DVK đọc được" in text
    run(capsys, *db, "pdf-anchors", "add", files["root"])
    code, text = run(capsys, *db, "pdf-anchors", "add", files["root"])
    assert code == 0 and "đã được tin cậy từ trước" in text
    code, text = run(capsys, *db, "pdf-anchors", "list", "--json")
    [anchor] = json.loads(text)
    assert anchor["name"] == "Cơ quan chứng thực thử nghiệm DVK"
    code, text = run(capsys, *db, "pdf-anchors", "remove", anchor["sha256"][:12])
    assert code == 0 and "Không còn tin cậy" in text
    code, text = run(capsys, *db, "pdf-settings", "set", "timestamp-url", "tsa.example")
    assert code == 1 and "phải bắt đầu bằng http://" in text
    code, text = run(capsys, *db, "pdf-settings", "set", "timestamp-url",
                     "http://127.0.0.1:9/tsa")
    assert code == 0
    code, text = run(capsys, *db, "pdf-settings", "set", "module", "C:\\Windows\\System32\\a.dll")
    code, text = run(capsys, *db, "pdf-settings", "show", "--json")
    assert json.loads(text)["timestamp-url"] == "http://127.0.0.1:9/tsa"
    assert json.loads(text)["module"] == "C:\\Windows\\System32\\a.dll"
    # the keys it always wrote, in this order (a typed record since issue 21, point 3)
    assert list(json.loads(text).items()) == [
        ("module", "C:\\Windows\\System32\\a.dll"), ("timestamp-url", "http://127.0.0.1:9/tsa"),
        ("seal", None), ("signature-image", None)]
    code, text = run(capsys, *db, "pdf-settings", "unset", "timestamp-url")
    code, text = run(capsys, *db, "pdf-settings", "show", "--json")
    assert json.loads(text)["timestamp-url"] is None


def test_english_on_request(files, capsys):
    code, text = run(capsys, "--lang", "en", "--db", files["db"], "verify-pdf",
                     files["source"])
    assert code == 4 and "NO DIGITAL SIGNATURE" in text


def test_signing_with_the_token_from_the_command_line(files, capsys, softhsm, monkeypatch):
    db = ["--db", files["db"]]
    slot = str(slot_of(softhsm.module, softhsm.label))
    code, text = run(capsys, *db, "pdf-tokens", "--pkcs11", softhsm.module)
    assert code == 0 and softhsm.label in text and SIGNER_NAME in text
    monkeypatch.setenv("PIN_TOKEN", USER_PIN)
    code, text = run(capsys, *db, "sign-pdf", files["source"], "--out", files["out"],
                     "--pkcs11", softhsm.module, "--slot", slot, "--pin-env", "PIN_TOKEN")
    assert code == 0, text
    run(capsys, *db, "pdf-anchors", "add", files["root"])
    assert run(capsys, *db, "verify-pdf", files["out"])[0] == 0
    monkeypatch.setenv("PIN_TOKEN", "1111")
    code, text = run(capsys, *db, "sign-pdf", files["source"], "--out",
                     str(files["tmp"] / "khac.pdf"), "--pkcs11", softhsm.module, "--slot",
                     slot, "--pin-env", "PIN_TOKEN")
    assert code == 1 and "Mã PIN không đúng" in text
    assert not (files["tmp"] / "khac.pdf").exists()
    # The driver set once is used when --pkcs11 is not given.
    run(capsys, *db, "pdf-settings", "set", "module", softhsm.module)
    monkeypatch.setenv("PIN_TOKEN", USER_PIN)
    code, text = run(capsys, *db, "sign-pdf", files["source"], "--out",
                     str(files["tmp"] / "lan-hai.pdf"), "--slot", slot, "--pin-env",
                     "PIN_TOKEN")
    assert code == 0, text
