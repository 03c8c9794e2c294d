"""Trust anchors: the root certificates an office decides to trust for the signatures
on PDFs (for example the root certificate of the public-service CA of the Ban Cơ yếu
Chính phủ, or of a public CA whose certificates the office's partners use).

DVK ships none: which authorities an office trusts is the office's decision, and a root
certificate is installed from a file its IT staff or the CA gives (`dvk pdf-anchors add
FILE`, or the check screen). A file may be PEM (one or several certificates), DER
(.cer, .crt) or a PKCS#7 bundle (.p7b). The anchors are stored in the office's data
file (setting `pdfsign.anchors`), so they travel with its backups.
"""

from __future__ import annotations

from pathlib import Path

from app.errors import DvkError
from app.i18n import _
from app.pdfsign.certinfo import CertificateInfo
from app.pdfsign.files import read_bytes

MAX_FILE_BYTES = 1024 * 1024


def read_certificates(path: str | Path) -> list[CertificateInfo]:
    """Every certificate in the file at `path`."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

    path = Path(path)
    data = read_bytes(path, MAX_FILE_BYTES)
    certificates = []
    loaders = (
        lambda: x509.load_pem_x509_certificates(data),
        lambda: [x509.load_der_x509_certificate(data)],
        lambda: pkcs7.load_der_pkcs7_certificates(data),
        lambda: pkcs7.load_pem_pkcs7_certificates(data),
    )
    for load in loaders:
        try:
            certificates = load()
        except (ValueError, TypeError):
            continue
        if certificates:
            break
    if not certificates:
        raise DvkError(_(
            "{name} holds no certificate DVK can read (PEM, DER .cer/.crt or PKCS#7 .p7b)."
        ).format(name=path.name))
    return [CertificateInfo.from_der(c.public_bytes(Encoding.DER)) for c in certificates]


def is_authority(info: CertificateInfo) -> bool:
    """Whether a certificate may issue others (basic constraints CA: true)."""
    from cryptography import x509

    cert = x509.load_der_x509_certificate(info.der)
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False
