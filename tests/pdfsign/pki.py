"""A test public-key infrastructure made by the tests (cryptography): a root CA in the
shape of the public-service CA (root -> issuing CA -> signers), signer certificates
of people and of an organisation, valid, expired and not yet valid, a timestamp
authority, PKCS#12 files and CRLs. Names are Vietnamese, as on real certificates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DAY = dt.timedelta(days=1)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def name(common: str, organisation: str = "", unit: str = "", province: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if province:
        parts.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, province))
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    if unit:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common))
    return x509.Name(parts)


@dataclass
class Issued:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey | None  # None: the key lives on a token

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def write_pem(self, path: Path) -> Path:
        path.write_bytes(self.pem)
        return path

    def write_pkcs12(self, path: Path, password: str, chain: list[Issued] = ()) -> Path:
        assert self.key is not None
        data = pkcs12.serialize_key_and_certificates(
            b"dvk", self.key, self.cert, [c.cert for c in chain],
            serialization.BestAvailableEncryption(password.encode()) if password
            else serialization.NoEncryption())
        path.write_bytes(data)
        return path


def _builder(subject: x509.Name, issuer: x509.Name, public_key, serial: int,
             not_before: dt.datetime, not_after: dt.datetime) -> x509.CertificateBuilder:
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
            .public_key(public_key).serial_number(serial)
            .not_valid_before(not_before).not_valid_after(not_after)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), False))


_serial = [1000]


def _next_serial() -> int:
    _serial[0] += 1
    return _serial[0]


def root_ca(common: str = "Cơ quan chứng thực thử nghiệm DVK") -> Issued:
    key = new_key()
    subject = name(common, "Ban Cơ yếu Chính phủ (thử nghiệm)")
    cert = (_builder(subject, subject, key.public_key(), _next_serial(), NOW - 3650 * DAY,
                     NOW + 3650 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                         False, False), True)
            .sign(key, hashes.SHA256()))
    return Issued(cert, key)


def _authority_key_id(issuer: Issued):
    return x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.cert.public_key())


def sub_ca(root: Issued, common: str = "Cơ quan chứng thực chuyên dùng thử nghiệm") -> Issued:
    key = new_key()
    cert = (_builder(name(common, "Ban Cơ yếu Chính phủ (thử nghiệm)"), root.cert.subject,
                     key.public_key(), _next_serial(), NOW - 1800 * DAY, NOW + 1800 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                         False, False), True)
            .add_extension(_authority_key_id(root), False)
            .sign(root.key, hashes.SHA256()))
    return Issued(cert, key)


def signer(ca: Issued, common: str = "Nguyễn Văn An",
           organisation: str = "Ủy ban nhân dân xã Yên Thắng", *,
           not_before: dt.datetime | None = None, not_after: dt.datetime | None = None,
           public_key=None) -> Issued:
    """A certificate for signing documents; its key made here unless `public_key` (of a
    key pair made on a token) is given."""
    key = None if public_key is not None else new_key()
    public_key = public_key or key.public_key()
    cert = (_builder(name(common, organisation, province="Ninh Bình"), ca.cert.subject,
                     public_key, _next_serial(), not_before or NOW - 30 * DAY,
                     not_after or NOW + 700 * DAY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False,
                                         False, False), True)
            .add_extension(_authority_key_id(ca), False)
            .add_extension(_crl_point(), False)
            .sign(ca.key, hashes.SHA256()))
    return Issued(cert, key)


def _crl_point() -> x509.CRLDistributionPoints:
    """Where the CA publishes its revocations (never fetched: DVK checks offline)."""
    return x509.CRLDistributionPoints([x509.DistributionPoint(
        full_name=[x509.UniformResourceIdentifier(CRL_URL)], relative_name=None,
        reasons=None, crl_issuer=None)])


CRL_URL = "http://ca.thu-nghiem.invalid/crl/ca.crl"


def timestamp_authority(ca: Issued) -> Issued:
    key = new_key()
    cert = (_builder(name("Dịch vụ cấp dấu thời gian thử nghiệm", "Ban Cơ yếu Chính phủ (thử nghiệm)"),
                     ca.cert.subject, key.public_key(), _next_serial(), NOW - 365 * DAY,
                     NOW + 365 * DAY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False,
                                         False, False), True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True)
            .add_extension(_authority_key_id(ca), False)
            .sign(ca.key, hashes.SHA256()))
    return Issued(cert, key)


def crl(ca: Issued, revoked: list[Issued]) -> bytes:
    builder = (x509.CertificateRevocationListBuilder().issuer_name(ca.cert.subject)
               .last_update(NOW - DAY).next_update(NOW + 30 * DAY)
               .add_extension(_authority_key_id(ca), False)
               .add_extension(x509.CRLNumber(1), False))
    for cert in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(cert.cert.serial_number)
            .revocation_date(NOW - DAY).build())
    return builder.sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


def asn1(issued: Issued):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(issued.der)


def asn1_key(issued: Issued):
    from asn1crypto import keys

    return keys.PrivateKeyInfo.load(issued.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
