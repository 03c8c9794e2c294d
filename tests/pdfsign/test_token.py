"""Issue 22: signing with a USB token through its PKCS#11 driver; SoftHSM2 stands in
for the token (the key pair was generated on it and never leaves it). A wrong PIN, a
token pulled out, a driver that is gone, a slot that does not exist and an expired
certificate each sign nothing and say what to do; the PIN is never stored."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from app.errors import DvkError
from app.pdfsign import tokens
from app.pdfsign.keys import TokenKey
from app.pdfsign.verify import VALID
from tests.pdfsign.conftest import SIGNER_NAME, USER_PIN, flattened_text, slot_of


def test_the_driver_lists_the_token_and_its_certificates(softhsm):
    slots = tokens.slots(softhsm.module)
    ours = [s for s in slots if s.token_label == softhsm.label]
    assert len(ours) == 1
    holders = {c.info.subject for c in ours[0].certificates}
    assert holders == {SIGNER_NAME, "Cơ quan chứng thực chuyên dùng thử nghiệm"}
    chosen = tokens.choose(softhsm.module, ours[0].index)
    assert chosen.info.subject == SIGNER_NAME, "a CA's certificate on the token signs nothing"


def test_a_paper_signed_with_the_token_is_valid_and_the_pin_is_not_kept(
        trusting_office, softhsm, papers, tmp_path):
    source = tmp_path / "quyet-dinh.pdf"
    source.write_bytes(papers["decision"])
    target = tmp_path / "quyet-dinh-da-ky.pdf"
    service = trusting_office.pdf_signatures
    key = TokenKey(softhsm.module, slot_of(softhsm.module, softhsm.label))
    signed = service.sign_file(source, target, key, USER_PIN)
    assert target.read_bytes() == signed.data and signed.data.startswith(papers["decision"])
    report = service.verify_file(target)
    assert report.outcome == VALID, report.as_dict()
    assert report.signatures[0].signer == SIGNER_NAME
    assert "Ký bởi: Nguyễn Văn An" in flattened_text(signed.data, 0)
    entry = trusting_office.audit.entries(limit=1)[0]
    assert entry.action == "pdf_sign" and SIGNER_NAME in entry.detail
    # The PIN is in no setting, no log line, nowhere in the data file.
    trusting_office.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert USER_PIN.encode() not in trusting_office.path.read_bytes()
    with sqlite3.connect(trusting_office.path) as conn:
        assert not conn.execute("SELECT 1 FROM settings WHERE value LIKE ?",
                                [f"%{USER_PIN}%"]).fetchall()


def test_a_wrong_pin_signs_nothing(office, softhsm, papers, tmp_path):
    source = tmp_path / "giay.pdf"
    source.write_bytes(papers["certificate"])
    target = tmp_path / "giay-da-ky.pdf"
    key = TokenKey(softhsm.module, slot_of(softhsm.module, softhsm.label))
    with pytest.raises(DvkError, match="Mã PIN không đúng; chưa ký gì cả"):
        office.pdf_signatures.sign_file(source, target, key, "0000-sai")
    assert not target.exists()
    assert office.audit.entries(limit=1)[0].action != "pdf_sign"
    # The token is not locked by one wrong PIN: the right one still signs.
    office.pdf_signatures.sign_file(source, target, key, USER_PIN)
    assert target.exists()


def test_a_driver_that_is_gone_or_is_no_driver(softhsm, papers, tmp_path, office):
    copy = tmp_path / "viettel-ca_v6.dll"
    shutil.copyfile(softhsm.module, copy)
    copy.unlink()  # the token's software was uninstalled
    key = TokenKey(str(copy))
    with pytest.raises(DvkError, match="Không tìm thấy driver của token"):
        office.pdf_signatures.sign_bytes(papers["decision"], key, USER_PIN)
    not_a_driver = tmp_path / "ghi-chu.dll"
    not_a_driver.write_text("không phải driver", encoding="utf-8")
    with pytest.raises(DvkError, match="Không dùng được .* làm driver của token"):
        tokens.slots(not_a_driver)
    with pytest.raises(DvkError, match="Chưa đặt driver của token"):
        office.pdf_signatures.sign_bytes(papers["decision"], TokenKey(""), USER_PIN)


def test_a_slot_that_does_not_exist_or_holds_no_token(softhsm, papers, office):
    count = len(tokens.slots(softhsm.module))
    with pytest.raises(DvkError, match=f"không có khe {count + 5}"):
        office.pdf_signatures.sign_bytes(papers["decision"],
                                         TokenKey(softhsm.module, count + 5), USER_PIN)
    empty = [s.index for s in tokens.slots(softhsm.module) if not s.certificates]
    assert empty, "SoftHSM always offers a free slot"
    with pytest.raises(DvkError, match="không có chứng thư số nào để ký"):
        office.pdf_signatures.sign_bytes(papers["decision"],
                                         TokenKey(softhsm.module, empty[0]), USER_PIN)


def test_a_token_pulled_out_before_signing(softhsm, papers, office, monkeypatch):
    """The driver answers as drivers do when the token leaves its slot."""
    import pkcs11

    def pulled_out(module, slot, pin):
        raise tokens.explain(pkcs11.exceptions.TokenNotPresent())

    monkeypatch.setattr(tokens, "open_session", pulled_out)
    with pytest.raises(DvkError, match="Token chưa được cắm hoặc đã bị rút ra; chưa ký gì"):
        office.pdf_signatures.sign_bytes(papers["decision"], TokenKey(
            softhsm.module, slot_of(softhsm.module, softhsm.label)), USER_PIN)
    for error in (pkcs11.exceptions.DeviceRemoved(), pkcs11.exceptions.SessionHandleInvalid(),
                  pkcs11.exceptions.TokenNotRecognised()):
        assert "đã bị rút ra" in tokens.explain(error).message
    assert "bị khóa" in tokens.explain(pkcs11.exceptions.PinLocked()).message


def test_an_expired_certificate_on_the_token_signs_nothing(expired_token, papers, office):
    key = TokenKey(expired_token.module, slot_of(expired_token.module, expired_token.label))
    with pytest.raises(DvkError, match="Lê Văn Cũ đã hết hạn ngày"):
        office.pdf_signatures.sign_bytes(papers["decision"], key, USER_PIN)


def test_several_tokens_need_a_slot(expired_token, softhsm, papers, office):
    with pytest.raises(DvkError, match="Có nhiều chứng thư số"):
        office.pdf_signatures.sign_bytes(papers["decision"], TokenKey(softhsm.module),
                                         USER_PIN)
    # --cert chooses among them by label (or fingerprint).
    signed = office.pdf_signatures.sign_bytes(
        papers["decision"], TokenKey(softhsm.module, certificate="Nguyen Van An"), USER_PIN)
    assert signed.certificate.subject == SIGNER_NAME
