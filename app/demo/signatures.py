"""Demo digital signatures (issue 22): a made-up CA, a certificate file per signing
office, the issued decisions signed as issued, and files to try the check with.

The province, the districts and the first commune sign their issued decisions with
the official digital signature (a certificate file standing in for the USB token):
the first commune before its decisions go up, the others when they decide, so the
signed copies travel with the decisions in the demo's bundles. Every office trusts the
demo CA. Into `chu-ky-so/` beside the offices' data files:

    ca-goc-thu-nghiem.cer          the made-up root CA ("THỬ NGHIỆM": it certifies
                                   nothing real)
    <code>-thu-nghiem.p12          each signing office's certificate and key (password:
                                   demo), to sign with --pkcs12
    chu-ky-so-thu-nghiem.p12       the first commune's, under a name easy to find
    <code>-quyet-dinh-da-ky.pdf    the first commune's first issued decision, signed: valid
    <code>-quyet-dinh-bi-sua.pdf   the same with a line added after signing: not valid

The CA and its certificates are made anew by every demo run (cryptography).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from app import clock
from app.context import AppContext
from app.demo.sync import DEMO_PASSPHRASE

FOLDER = "chu-ky-so"
ROOT_FILE = "ca-goc-thu-nghiem.cer"
KEY_FILE = "chu-ky-so-thu-nghiem.p12"
OFFICE_KEY = "{code}-thu-nghiem.p12"
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


def _new_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class DemoSigners:
    """The demo CA (made when first needed) and a certificate file per office."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._root = None
        self._root_key = None
        self._start = clock.now().replace(microsecond=0) - dt.timedelta(days=400)

    @property
    def root_file(self) -> Path:
        from cryptography.hazmat.primitives import serialization

        path = self.folder / ROOT_FILE
        if self._root is None:
            self.folder.mkdir(exist_ok=True)
            self._root_key = _new_key()
            name = _name(ROOT_NAME, "DVK (thử nghiệm)")
            self._root = _certificate(name, name, self._root_key.public_key(),
                                      self._root_key, authority=True, start=self._start,
                                      years=10)
            path.write_bytes(self._root.public_bytes(serialization.Encoding.PEM))
        return path

    def key_file(self, ctx: AppContext) -> Path:
        """The office's certificate file, made the first time: its printed signer (or
        the office's name) as holder, the office's unit as organisation."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12

        path = self.folder / OFFICE_KEY.format(code=ctx.office_code)
        if path.exists():
            return path
        root = self.root_file  # the CA first
        office = ctx.printing.office()
        unit = ctx.units.office().name
        key = _new_key()
        cert = _certificate(_name(office.signer.name or unit, unit), self._root.subject,
                            key.public_key(), self._root_key, authority=False,
                            start=self._start, years=3)
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"demo", key, cert, [self._root],
            serialization.BestAvailableEncryption(DEMO_PASSPHRASE.encode())))
        assert root.exists()
        return path

    def sign_issued(self, ctx: AppContext) -> int:
        """Sign every decision this office issued (with its paper kept) and did not
        sign yet; returns how many."""
        from app.pdfsign.keys import FileKey

        self.trust(ctx)
        rows = ctx.db.execute(
            "SELECT id FROM decisions WHERE issuer_code = ? AND state = 'ban_hanh'"
            " AND paper_sha256 <> '' AND id NOT IN (SELECT decision_id FROM"
            " decision_signatures) ORDER BY number", [ctx.office_code]).fetchall()
        if not rows:
            return 0
        key = FileKey(str(self.key_file(ctx)))
        for (decision_id,) in rows:
            ctx.pdf_signatures.sign_decision(decision_id, key, DEMO_PASSPHRASE)
        return len(rows)

    def trust(self, ctx: AppContext) -> None:
        if not any(a.subject == ROOT_NAME for a in ctx.pdf_signatures.anchors()):
            ctx.pdf_signatures.add_anchors(self.root_file)

    def sign_at(self, db: Path) -> int:
        with AppContext.open(db, actor="demo") as ctx:
            return self.sign_issued(ctx)

    def trust_at(self, db: Path) -> None:
        with AppContext.open(db, actor="demo") as ctx:
            self.trust(ctx)


def write_demo_files(out: Path, commune_db: Path, signers: DemoSigners) -> Path | None:
    """The files to try with (above); None when the commune signed no decision."""
    with AppContext.open(commune_db, actor="demo") as ctx:
        row = ctx.db.execute(
            "SELECT d.id FROM decisions d JOIN decision_signatures s ON s.decision_id = d.id"
            " WHERE d.issuer_code = ? ORDER BY d.number LIMIT 1", [ctx.office_code]).fetchone()
        if row is None:
            return None
        signed = ctx.pdf_signatures.signed_copy(row[0])
        code = ctx.office_code
        shutil.copyfile(signers.key_file(ctx), signers.folder / KEY_FILE)
    (signers.folder / SIGNED.format(code=code)).write_bytes(signed)
    (signers.folder / CHANGED.format(code=code)).write_bytes(_changed(signed))
    return signers.folder


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
