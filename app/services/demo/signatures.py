"""Demo digital signatures (issue 22), so the check screen and `dvk verify-pdf` can be
tried without a token. Into `chu-ky-so/` beside the offices' data files:

    ca-goc-thu-nghiem.cer          a made-up root CA ("THỬ NGHIỆM": it certifies nothing
                                   real), installed as trust anchor at the first
                                   commune and the province
    chu-ky-so-thu-nghiem.p12       the commune signer's certificate and key from that
                                   CA (password: demo), to sign with --pkcs12
    <code>-quyet-dinh-da-ky.pdf    the commune's first issued decision, signed: valid
    <code>-quyet-dinh-bi-sua.pdf   the same with a line added after signing: not valid

The CA and its certificates are made anew by every demo run (cryptography); nothing of
them is kept but these files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app import clock
from app.context import AppContext
from app.services.demo.sync import DEMO_PASSPHRASE

FOLDER = "chu-ky-so"
ROOT_FILE = "ca-goc-thu-nghiem.cer"
KEY_FILE = "chu-ky-so-thu-nghiem.p12"
SIGNED = "{code}-quyet-dinh-da-ky.pdf"
CHANGED = "{code}-quyet-dinh-bi-sua.pdf"
ROOT_NAME = "CA gốc THỬ NGHIỆM của bản demo DVK"


def _name(common: str, organisation: str):
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(subject, issuer, public_key, signing_key, *, authority: bool,
                 start: dt.datetime, years: int):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    usage = (x509.KeyUsage(False, False, False, False, False, True, True, False, False)
             if authority else
             x509.KeyUsage(True, True, False, False, False, False, False, False, False))
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=authority, path_length=None), True)
            .add_extension(usage, True)
            .sign(signing_key, hashes.SHA256()))


def make_demo_pki(folder: Path, signer_name: str, organisation: str) -> tuple[Path, Path]:
    """The root certificate file and the signer's PKCS#12 (password `demo`)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12

    start = clock.now().replace(microsecond=0) - dt.timedelta(days=400)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_name = _name(ROOT_NAME, "DVK (thử nghiệm)")
    root = _certificate(root_name, root_name, root_key.public_key(), root_key,
                        authority=True, start=start, years=10)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _certificate(_name(signer_name, organisation), root_name, key.public_key(),
                        root_key, authority=False, start=start, years=3)
    root_path = folder / ROOT_FILE
    root_path.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    key_path = folder / KEY_FILE
    key_path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"demo", key, cert, [root],
        serialization.BestAvailableEncryption(DEMO_PASSPHRASE.encode())))
    return root_path, key_path


def write_demo_signatures(out: Path, commune_db: Path, province_db: Path | None) -> Path | None:
    """The demo files above; None when the commune has issued no decision yet."""
    from app.pdfsign.keys import FileKey
    from app.services.recognition_papers import decision_document

    with AppContext.open(commune_db, actor="demo") as ctx:
        row = ctx.db.execute(
            "SELECT id FROM decisions WHERE issuer_code = ? AND state = 'ban_hanh'"
            " ORDER BY number LIMIT 1", [ctx.office_code]).fetchone()
        if row is None:
            return None
        folder = out / FOLDER
        folder.mkdir(exist_ok=True)
        office = ctx.printing.office()
        signer = office.signer.name or "Nguyễn Văn Hùng"
        organisation = ctx.units.office().name
        root, key = make_demo_pki(folder, signer, organisation)
        paper = ctx.printing.render(decision_document(ctx, row[0]))
        service = ctx.pdf_signatures
        service.add_anchors(root)
        signed = service.sign_bytes(paper, FileKey(str(key)), DEMO_PASSPHRASE,
                                    source="quyet-dinh.pdf")
        code = ctx.office_code
        (folder / SIGNED.format(code=code)).write_bytes(signed.data)
        (folder / CHANGED.format(code=code)).write_bytes(_changed(signed.data))
    if province_db is not None:
        with AppContext.open(province_db, actor="demo") as ctx:
            ctx.pdf_signatures.add_anchors(root)
    return folder


def _changed(data: bytes) -> bytes:
    """The signed PDF with a line written onto its first page afterwards, as a PDF
    editor saves it (an incremental update)."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    font = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"),
        generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica")}))
    stream = writer.add_object(generic.StreamObject(
        stream_data=b"BT /DVKAdded 14 Tf 90 60 Td (Bo sung sau khi ky) Tj ET"))
    writer.add_stream_to_page(0, stream, resources=generic.DictionaryObject({
        generic.NameObject("/Font"): generic.DictionaryObject({
            generic.NameObject("/DVKAdded"): font})}))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
