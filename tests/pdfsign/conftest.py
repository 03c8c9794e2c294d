"""Fixtures of the PDF signature tests: a test PKI (made once per module), real DVK
papers to sign, certificate files, and SoftHSM2 as the USB token.

SoftHSM2 (Debian package softhsm2) plays the token: a token directory of its own per
test session, a key pair generated on the token (as real tokens do) and its
certificate issued by the test CA and stored beside it. Where SoftHSM2 is not
installed the token tests are skipped with the reason; everything else (signing with
a certificate file through the same code, checking, the window, the command line)
runs everywhere.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.context import AppContext
from tests.pdfsign import pki

SOFTHSM_CANDIDATES = ("/usr/lib/softhsm/libsofthsm2.so",
                      "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                      "/usr/local/lib/softhsm/libsofthsm2.so")
USER_PIN = "Pin-Thu-2468"
SO_PIN = "87654321"
TOKEN_LABEL = "DVK token thu"
P12_PASSWORD = "mat-khau-p12"
OFFICE = "14725"
SIGNER_NAME = "Nguyễn Văn An"


@dataclass
class Pki:
    root: pki.Issued
    ca: pki.Issued
    signer: pki.Issued
    expired: pki.Issued
    future: pki.Issued
    second: pki.Issued
    tsa: pki.Issued

    @property
    def chain(self) -> list[pki.Issued]:
        return [self.ca]


@pytest.fixture(scope="session")
def test_pki() -> Pki:
    root = pki.root_ca()
    ca = pki.sub_ca(root)
    return Pki(root=root, ca=ca,
               signer=pki.signer(ca, SIGNER_NAME),
               expired=pki.signer(ca, "Lê Văn Cũ", not_before=pki.NOW - 800 * pki.DAY,
                                  not_after=pki.NOW - 30 * pki.DAY),
               future=pki.signer(ca, "Phạm Thị Mới", not_before=pki.NOW + 30 * pki.DAY,
                                 not_after=pki.NOW + 800 * pki.DAY),
               second=pki.signer(ca, "Trần Thị Bình", "Ủy ban nhân dân xã Yên Thắng"),
               tsa=pki.timestamp_authority(ca))


@pytest.fixture(scope="session")
def key_files(test_pki: Pki, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    return {
        "signer": test_pki.signer.write_pkcs12(folder / "nguyen-van-an.p12", P12_PASSWORD,
                                               test_pki.chain),
        "second": test_pki.second.write_pkcs12(folder / "tran-thi-binh.pfx", P12_PASSWORD,
                                               test_pki.chain),
        "expired": test_pki.expired.write_pkcs12(folder / "het-han.p12", P12_PASSWORD,
                                                 test_pki.chain),
        "future": test_pki.future.write_pkcs12(folder / "chua-hieu-luc.p12", P12_PASSWORD,
                                               test_pki.chain),
        "root": test_pki.root.write_pem(folder / "goc.pem"),
    }


def _office(path: Path) -> AppContext:
    ctx = AppContext.open(path, actor="test")
    ctx.setup.configure(profile="hai_cap", unit_code=OFFICE)
    ctx.printing.set_setting("print.signer_name", SIGNER_NAME)
    return ctx


@pytest.fixture(scope="session")
def papers(tmp_path_factory) -> dict[str, bytes]:
    """Real DVK papers (the office's sample decision, proposal and certificates), as
    DVK prints them, signed by Nguyễn Văn An."""
    folder = tmp_path_factory.mktemp("papers")
    with _office(folder / "office.sqlite") as ctx:
        return {kind: ctx.printing.render(ctx.printing.sample_document(kind))
                for kind in ("decision", "proposal", "certificate")}


@pytest.fixture
def office(tmp_path) -> AppContext:
    """A commune office whose printed signer is Nguyễn Văn An."""
    with _office(tmp_path / "office.sqlite") as ctx:
        yield ctx


@pytest.fixture
def trusting_office(office, key_files) -> AppContext:
    """The office with the test root installed as its trust anchor."""
    office.pdf_signatures.add_anchors(key_files["root"])
    return office


# -- SoftHSM2 as the token --------------------------------------------------------------
def softhsm_module() -> str | None:
    for candidate in SOFTHSM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return None


@dataclass
class Token:
    module: str
    directory: Path
    label: str = TOKEN_LABEL
    pin: str = USER_PIN


def _softhsm_util(*args: str) -> None:
    subprocess.run(["softhsm2-util", *args], check=True, capture_output=True, text=True,
                   encoding="utf-8", timeout=60)


def _store_certificate(session, issued: pki.Issued, key_id: bytes, label: str) -> None:
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    session.create_object({
        Attribute.CLASS: ObjectClass.CERTIFICATE,
        Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
        Attribute.TOKEN: True, Attribute.LABEL: label, Attribute.ID: key_id,
        Attribute.SUBJECT: issued.cert.subject.public_bytes(),
        Attribute.VALUE: issued.der})


def _key_on_token(session, key_id: bytes, label: str):
    """A key pair generated on the token; its public key as cryptography's."""
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives.serialization import load_der_public_key
    from pkcs11 import KeyType
    from pkcs11.util.rsa import encode_rsa_public_key

    public, _private = session.generate_keypair(KeyType.RSA, 2048, id=key_id, label=label,
                                                store=True)
    info = asn1_keys.PublicKeyInfo({
        "algorithm": {"algorithm": "rsa"},
        "public_key": asn1_keys.RSAPublicKey.load(encode_rsa_public_key(public))})
    return load_der_public_key(info.dump())


EXPIRED_LABEL = "DVK token het han"


@pytest.fixture(scope="session")
def softhsm_tokens(tmp_path_factory, test_pki) -> dict[str, Token]:
    """Two SoftHSM2 tokens, as a provider hands them over: Nguyễn Văn An's key pair
    (generated on the token) with his certificate and the CA's; and Lê Văn Cũ's, whose
    certificate has expired. SoftHSM reads its tokens when the driver is loaded, so
    both are made before DVK loads it."""
    module = softhsm_module()
    if module is None or shutil.which("softhsm2-util") is None:
        pytest.skip("SoftHSM2 is not installed (Debian package softhsm2): the USB-token "
                    "tests need it to stand in for the token; install it with "
                    "apt-get install softhsm2 to run them")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\n"
                      "objectstore.backend = file\nlog.level = ERROR\n", encoding="utf-8")
    # Read by the driver when it is first loaded in this process (python-pkcs11 keeps
    # it loaded): set before any test loads it.
    os.environ["SOFTHSM2_CONF"] = str(config)
    for label in (TOKEN_LABEL, EXPIRED_LABEL):
        _softhsm_util("--init-token", "--free", "--label", label, "--pin", USER_PIN,
                      "--so-pin", SO_PIN)
    import pkcs11

    lib = pkcs11.lib(module)
    with lib.get_token(token_label=TOKEN_LABEL).open(rw=True, user_pin=USER_PIN) as session:
        public = _key_on_token(session, b"\x01", "Nguyen Van An")
        issued = pki.signer(test_pki.ca, SIGNER_NAME, public_key=public)
        _store_certificate(session, issued, b"\x01", "Nguyen Van An")
        _store_certificate(session, test_pki.ca, b"\xca", "CA")
    with lib.get_token(token_label=EXPIRED_LABEL).open(rw=True, user_pin=USER_PIN) as session:
        public = _key_on_token(session, b"\x02", "Le Van Cu")
        issued = pki.signer(test_pki.ca, "Lê Văn Cũ", public_key=public,
                            not_before=pki.NOW - 800 * pki.DAY,
                            not_after=pki.NOW - 30 * pki.DAY)
        _store_certificate(session, issued, b"\x02", "Le Van Cu")
    return {"signer": Token(module=module, directory=folder),
            "expired": Token(module=module, directory=folder, label=EXPIRED_LABEL)}


@pytest.fixture
def softhsm(softhsm_tokens) -> Token:
    return softhsm_tokens["signer"]


@pytest.fixture
def expired_token(softhsm_tokens) -> Token:
    return softhsm_tokens["expired"]


def slot_of(module: str, label: str) -> int:
    """The slot number (as DVK numbers them) of the token labelled `label`."""
    from app.pdfsign.tokens import slots

    for slot in slots(module):
        if slot.token_label == label:
            return slot.index
    raise AssertionError(f"no token {label}")


def flattened_text(data: bytes, page: int = -1) -> str:
    """The text of a page as it prints: the signatures' appearances flattened into the
    page first (pdfium's print flattening), then read."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(data)
    try:
        index = page if page >= 0 else len(document) + page
        handle = document[index]
        raw.FPDFPage_Flatten(handle.raw, raw.FLAT_PRINT)
        handle.close()
        buffer = io.BytesIO()
        document.save(buffer)
    finally:
        document.close()
    flat = pdfium.PdfDocument(buffer.getvalue())
    try:
        text_page = flat[index].get_textpage()
        return text_page.get_text_range()
    finally:
        flat.close()


def signs_with_file(qtbot, key_file: Path, seen: dict):
    """What a clerk does in the signing dialog with a certificate file: chooses it, types
    its password and presses Enter. For `when_modal`; `seen` gets the paper's title
    ("paper") and what the dialog said ("done")."""
    from PySide6.QtCore import Qt

    from tests.gui.helpers import type_text

    def fill(dialog) -> None:
        seen["paper"] = dialog.findChild(type(dialog.done_label), "paperTitle").text()
        qtbot.mouseClick(dialog.use_file, Qt.MouseButton.LeftButton)
        type_text(qtbot, dialog.key_file, str(key_file))
        type_text(qtbot, dialog.pin, P12_PASSWORD)
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
        seen["done"] = dialog.done_label.text()
        dialog.accept()

    return fill
