"""Where the signing key is: on a USB token (PKCS#11) or in a PKCS#12 file (.p12/.pfx,
a software certificate some offices are issued). Both give pyHanko the same kind of
signer, so signing, the visible signature and every check are one code path.

The PIN (or the file's password) is passed in by the caller, used to open the key and
dropped: it is never stored, logged or kept in the signer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app.errors import DvkError
from app.i18n import _
from app.pdfsign.certinfo import CertificateInfo


@dataclass(frozen=True)
class TokenKey:
    """A certificate and its private key on a token."""

    module: str
    slot: int | None = None
    certificate: str = ""  # label or fingerprint; "" = the only one

    def describe(self) -> str:
        return _("token (driver {module})").format(module=Path(self.module).name)


@dataclass(frozen=True)
class FileKey:
    """A PKCS#12 file (.p12 or .pfx) holding the certificate and its private key."""

    path: str

    def describe(self) -> str:
        return _("certificate file {name}").format(name=Path(self.path).name)


SigningKey = TokenKey | FileKey
MAX_KEY_FILE_BYTES = 1024 * 1024


@dataclass
class OpenedKey:
    """pyHanko's signer for the key, and what its certificate says."""

    signer: object
    certificate: CertificateInfo


def read_pkcs12(path: str | Path, password: str):
    """(key, certificate, other certificates) of a PKCS#12 file; a wrong password or a
    file that is none is said so."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    from app.pdfsign.files import read_bytes

    path = Path(path)
    data = read_bytes(path, MAX_KEY_FILE_BYTES)
    try:
        key, cert, others = pkcs12.load_key_and_certificates(
            data, password.encode("utf-8") if password else None)
    except ValueError:
        try:  # a file that opens without a password was given one, or none was given
            key, cert, others = pkcs12.load_key_and_certificates(
                data, None if password else b"")
        except ValueError:
            if data[:1] != b"\x30":
                raise DvkError(_(
                    "{name} is not a certificate file (.p12 or .pfx with its private key)."
                ).format(name=path.name)) from None
            raise DvkError(_(
                "The password of the certificate file {name} is wrong; nothing was signed."
            ).format(name=path.name)) from None
    if key is None or cert is None:
        raise DvkError(_(
            "{name} holds no private key with its certificate; export the certificate "
            "with its private key (.p12 or .pfx).").format(name=path.name))
    return data, cert, others


@contextmanager
def opened(key: SigningKey, pin: str) -> Iterator[OpenedKey]:
    """The key opened with `pin` for the time of the `with` block."""
    if isinstance(key, FileKey):
        yield _open_file(key, pin)
        return
    with _open_token(key, pin) as result:
        yield result


def _open_file(key: FileKey, password: str) -> OpenedKey:
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.sign.signers import SimpleSigner

    data, cert, _others = read_pkcs12(key.path, password)
    info = CertificateInfo.from_der(cert.public_bytes(Encoding.DER))
    for attempt in ([password.encode("utf-8")] if password else []) + [None, b""]:
        try:
            signer = SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=attempt)
            break
        except ValueError:
            continue
    else:  # read_pkcs12 opened it: cannot happen short of a race with the file
        raise DvkError(_("The certificate file {path} cannot be read.").format(path=key.path))
    return OpenedKey(signer=signer, certificate=info)


@contextmanager
def _open_token(key: TokenKey, pin: str) -> Iterator[OpenedKey]:
    from app.pdfsign import tokens

    chosen = tokens.choose(key.module, key.slot, key.certificate)
    session = tokens.open_session(key.module, chosen.slot, pin)
    try:
        from asn1crypto import x509 as asn1_x509
        from pyhanko.sign.pkcs11 import PKCS11Signer

        signer = PKCS11Signer(session, key_id=chosen.key_id, cert_id=chosen.key_id,
                              signing_cert=asn1_x509.Certificate.load(chosen.info.der),
                              other_certs_to_pull=None)
        yield OpenedKey(signer=signer, certificate=chosen.info)
    finally:
        try:
            session.close()
        except Exception:  # the token was pulled out: nothing left to close
            pass
