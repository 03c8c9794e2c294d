"""Issue 22: checking a signed PDF offline: valid or not, who signed and when, the
chain up to the office's trust anchors, a PDF changed after signing (in the signed
bytes, or by a later update), a second signature added later (incremental), a
certificate expired or not yet valid when it signed, revocation data embedded or
"not checked offline", B-T when a timestamp service answers (never required)."""

from __future__ import annotations

import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from app.pdfsign.keys import FileKey
from app.pdfsign.signing import B_B, B_T, sign_pdf
from app.pdfsign.verify import (
    CHANGES_NONE,
    CHANGES_OTHER,
    CHANGES_SIGNATURES,
    GOOD,
    INVALID,
    NO_SIGNATURE,
    NOT_CHECKED,
    REVOKED,
    UNTRUSTED,
    VALID,
    verify_pdf,
)
from tests.pdfsign import pki
from tests.pdfsign.conftest import P12_PASSWORD


def _sign(data: bytes, key_files, who="signer", **kwargs):
    return sign_pdf(data, FileKey(str(key_files[who])), P12_PASSWORD, **kwargs).data


@pytest.fixture(scope="module")
def signed(papers, key_files) -> bytes:
    return _sign(papers["decision"], key_files)


def test_a_signature_is_trusted_only_up_to_an_anchor_the_office_installed(signed, test_pki):
    assert verify_pdf(signed, [test_pki.root.der]).outcome == VALID
    other = pki.root_ca("Một CA khác")
    report = verify_pdf(signed, [other.der])
    assert report.outcome == UNTRUSTED and not report.ok
    assert report.signatures[0].intact and report.signatures[0].sound
    assert "Chứng thư số không dẫn tới chứng thư gốc tin cậy" in report.signatures[0].problems[0]
    assert report.headline.startswith("CHƯA XÁC NHẬN ĐƯỢC")


def test_a_byte_changed_in_the_signed_paper_is_found(signed, test_pki):
    at = signed.index(b"/CreationDate (D:") + len(b"/CreationDate (D:") + 3
    forged = signed[:at] + (b"7" if signed[at:at + 1] != b"7" else b"8") + signed[at + 1:]
    report = verify_pdf(forged, [test_pki.root.der])
    assert report.outcome == INVALID
    only = report.signatures[0]
    assert not only.intact
    assert "Nội dung đã ký bị thay đổi" in " ".join(only.problems)
    assert report.headline.startswith("KHÔNG HỢP LỆ")


def test_content_added_after_signing_is_a_change(signed, test_pki):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    stream = writer.add_object(generic.StreamObject(
        stream_data=b"BT /F1 40 Tf 100 400 Td (DA SUA) Tj ET"))
    writer.add_stream_to_page(0, stream)
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), [test_pki.root.der])
    only = report.signatures[0]
    assert only.intact and only.sound  # the signed revision itself is untouched
    assert only.changes == CHANGES_OTHER and not report.ok
    assert "Văn bản đã bị thay đổi sau khi ký" in " ".join(only.problems)


def test_a_second_signature_added_later_keeps_the_first_valid(signed, key_files, test_pki):
    both = _sign(signed, key_files, "second")
    assert both.startswith(signed), "a second signature is an incremental update"
    report = verify_pdf(both, [test_pki.root.der])
    assert report.outcome == VALID, report.as_dict()
    first, second = report.signatures
    assert (first.signer, second.signer) == ("Nguyễn Văn An", "Trần Thị Bình")
    assert first.changes == CHANGES_SIGNATURES and second.changes == CHANGES_NONE
    assert (first.field_name, second.field_name) == ("Signature1", "Signature2")


def _foreign_signature(data: bytes, issued: pki.Issued, chain, moment) -> bytes:
    """A signature made by another program with no check of the certificate's dates
    (DVK refuses to make one)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer = signers.SimpleSigner(
        signing_cert=pki.asn1(issued), signing_key=pki.asn1_key(issued),
        cert_registry=SimpleCertificateStore.from_certs([pki.asn1(c) for c in chain]))
    meta = signers.PdfSignatureMetadata(field_name="Signature1",
                                        subfilter=fields.SigSeedSubFilter.PADES)
    pdf_signer = signers.PdfSigner(meta, signer)
    session_start = pdf_signer.init_signing_session

    def at_moment(pdf_out, existing_fields_only=False):
        session = session_start(pdf_out, existing_fields_only)
        session.system_time = moment
        return session

    pdf_signer.init_signing_session = at_moment
    return pdf_signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data))).getvalue()


def test_a_certificate_expired_or_not_yet_valid_when_it_signed_is_not_valid(papers, test_pki):
    expired = _foreign_signature(papers["proposal"], test_pki.expired, test_pki.chain, pki.NOW)
    report = verify_pdf(expired, [test_pki.root.der])
    assert not report.ok and report.signatures[0].certificate_state == "expired"
    assert "Chứng thư số đã hết hạn khi ký" in " ".join(report.signatures[0].problems)
    early = _foreign_signature(papers["proposal"], test_pki.future, test_pki.chain, pki.NOW)
    report = verify_pdf(early, [test_pki.root.der])
    assert not report.ok and report.signatures[0].certificate_state == "not_yet_valid"
    assert "Chứng thư số chưa có hiệu lực khi ký" in " ".join(report.signatures[0].problems)


def test_a_signature_made_while_valid_stays_valid_after_the_certificate_expires(
        papers, test_pki):
    """Judged at the time it was signed: a decision signed in 2026 is still valid when
    checked after its signer's certificate ran out."""
    signed_then = _foreign_signature(papers["proposal"], test_pki.expired, test_pki.chain,
                                     pki.NOW - 100 * pki.DAY)
    report = verify_pdf(signed_then, [test_pki.root.der])
    assert report.ok, report.as_dict()
    assert report.signatures[0].judged_at == pki.NOW - 100 * pki.DAY


def _with_crl(data: bytes, crl: bytes) -> bytes:
    from asn1crypto import crl as asn1_crl
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    embedded = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    out = io.BytesIO(data)
    DocumentSecurityStore.add_dss(out, embedded.pkcs7_content,
                                  crls=[asn1_crl.CertificateList.load(crl)])
    return out.getvalue()


def test_revocation_is_not_checked_offline_unless_the_file_carries_the_data(
        signed, test_pki):
    report = verify_pdf(signed, [test_pki.root.der])
    assert report.signatures[0].revocation == NOT_CHECKED
    assert "chưa kiểm tra khi ngoại tuyến" in dict(report.signatures[0].rows())["Thu hồi"]
    clean = _with_crl(signed, pki.crl(test_pki.ca, []))
    report = verify_pdf(clean, [test_pki.root.der])
    assert report.ok and report.signatures[0].revocation == GOOD
    assert report.signatures[0].changes in (CHANGES_NONE, CHANGES_SIGNATURES)


def test_a_revoked_certificate_found_in_the_embedded_data(signed, test_pki):
    revoked = _with_crl(signed, pki.crl(test_pki.ca, [test_pki.signer]))
    report = verify_pdf(revoked, [test_pki.root.der])
    assert not report.ok and report.signatures[0].revocation == REVOKED
    assert "đã bị thu hồi ngày" in " ".join(report.signatures[0].problems)


def test_a_file_without_signature_or_that_is_no_pdf(papers):
    report = verify_pdf(papers["decision"], [])
    assert report.outcome == NO_SIGNATURE and not report.ok
    report = verify_pdf(b"PK\x03\x04 no pdf", [])
    assert report.outcome == NO_SIGNATURE and "không phải tệp PDF" in report.explanation()


# -- timestamps --------------------------------------------------------------------------
class _Authority(BaseHTTPRequestHandler):
    stamper = None

    def do_POST(self) -> None:
        from asn1crypto import tsp

        request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
        answer = self.stamper.request_tsa_response(request).dump()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def timestamp_url(test_pki):
    """A timestamp service on this machine's loopback (RFC 3161 over HTTP)."""
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    handler = type("Authority", (_Authority,), {"stamper": DummyTimeStamper(
        tsa_cert=pki.asn1(test_pki.tsa), tsa_key=pki.asn1_key(test_pki.tsa),
        certs_to_embed=SimpleCertificateStore.from_certs([pki.asn1(test_pki.ca)]))})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    server.shutdown()
    server.server_close()


def test_b_t_when_the_timestamp_service_answers(papers, key_files, test_pki, timestamp_url):
    result = sign_pdf(papers["proposal"], FileKey(str(key_files["signer"])), P12_PASSWORD,
                      timestamp_url=timestamp_url)
    assert result.level == B_T and not result.notes
    report = verify_pdf(result.data, [test_pki.root.der])
    assert report.ok, report.as_dict()
    only = report.signatures[0]
    assert only.level == "B-T" and only.timestamp_time is not None
    assert "theo dấu thời gian" in dict(only.rows())["Thời gian ký"]


def test_b_b_with_a_note_when_the_timestamp_service_is_unreachable(papers, key_files,
                                                                    test_pki):
    closed = HTTPServer(("127.0.0.1", 0), _Authority)
    url = f"http://127.0.0.1:{closed.server_address[1]}/tsa"
    closed.server_close()  # nothing listens there any more
    result = sign_pdf(papers["proposal"], FileKey(str(key_files["signer"])), P12_PASSWORD,
                      timestamp_url=url)
    assert result.level == B_B
    assert "không trả lời" in result.notes[0] and "PAdES B-B" in result.notes[0]
    assert verify_pdf(result.data, [test_pki.root.der]).ok


def test_the_pcs_own_certificate_store_is_never_trusted(signed, test_pki, monkeypatch):
    """Only the anchors the office installed count: a token's software that put its CA
    into Windows' store does not make its signers trusted by DVK (and the build leaves
    out the library that reads that store)."""
    import pyhanko_certvalidator.registry as registry

    def system_store():
        raise AssertionError("the operating system's trust list was read")

    monkeypatch.setattr(registry, "_system_trust_roots", system_store)
    assert verify_pdf(signed, []).outcome == UNTRUSTED
    assert verify_pdf(signed, [test_pki.root.der]).outcome == VALID
