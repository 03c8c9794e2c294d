"""Signing certificate codes and checking them (`ctx.certificate_codes`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.certificates import qrread, verify
from app.certificates.link import link_base
from app.certificates.model import CertificateSummary
from app.certificates.signer import CertificateSigner
from app.certificates.summary import signed_payload
from app.domain.accounts import APPROVER
from app.errors import DvkError
from app.i18n import _

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.audit_checkpoints import CheckpointService
    from app.services.units import UnitService
    from app.sync.service import KeyService
    from app.sync.trust_service import TrustService

NO_KEY = "no_key"  # the office has no signing key: certificates print without a code
LOCKED = "locked"  # it has one, and the passphrase has not been given this session
READY = "ready"


class NoSigningKey(DvkError):
    pass


class PassphraseNeeded(DvkError):
    pass


class CertificateCodeService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService, units: UnitService,
                 keys: Callable[[], KeyService],
                 audit_checkpoints: Callable[[], CheckpointService],
                 trust: Callable[[], TrustService]):
        self.file = file
        self.accounts = accounts
        self.units = units
        self._keys = keys
        self._audit_checkpoints = audit_checkpoints
        self._trust = trust

    # -- signing -----------------------------------------------------------------------
    def status(self) -> str:
        """NO_KEY, LOCKED or READY: whether printing must ask for the passphrase."""
        if not self._keys().has_key():
            return NO_KEY
        try:
            self._keys().unlock(None)  # the key this session unlocked, if any
        except DvkError:
            return LOCKED
        return READY

    def require_signing(self) -> None:
        """Certificates with a signed code are issued in the office's name: the
        approver's job when the office uses accounts (checked before the passphrase is
        asked)."""
        self.accounts.require(APPROVER)

    def signer(self, passphrase: str | None = None) -> CertificateSigner:
        """The office key unlocked (once per session) for a batch of codes."""
        self.require_signing()
        status = self.status()
        if status == NO_KEY:
            raise NoSigningKey(_(
                "This office has no signing key yet, so its certificates cannot carry a "
                "code. Create the key first (Data exchange > Keys, or: dvk keys init)."))
        if status == LOCKED and not passphrase:
            raise PassphraseNeeded(_(
                "The passphrase of the office key is needed to sign the certificates' "
                "codes. In the window it is asked for; on the command line set the "
                "variable DVK_PASSPHRASE."))
        signing = self._keys().unlock(passphrase)
        self._audit_checkpoints().take(signing, "certificates")  # the key is unlocked
        office = self.units.office()
        return CertificateSigner(office.code, office.name, signing)

    def payload(self, summary: CertificateSummary,
                signer: CertificateSigner | None = None) -> str:
        return signed_payload(summary, signer or self.signer(), link_base(self.file))

    # -- checking ----------------------------------------------------------------------
    def verify_text(self, text: str) -> verify.Verdict:
        return verify.Verifier(self.file, units=self.units,
                               trust=self._trust).verify_payload(text)

    def verify_codes(self, codes: list[str], source: str) -> list[verify.Verdict]:
        """Verdicts on the codes read from one file (one per code; one 'no code found'
        verdict when there were none)."""
        if not codes:
            return [verify.file_verdict(verify.NO_CODE, source)]
        return [replace(self.verify_text(code), source=source) for code in codes]

    @staticmethod
    def read_codes(path: str | Path) -> tuple[list[str], verify.Verdict | None]:
        """The QR codes' texts in a photo, scan or PDF, or the verdict on a file that
        cannot be read. No database: the window runs it off the UI thread (PDFs
        excepted, see qrread.py)."""
        path = Path(path)
        try:
            return qrread.read_codes(path), None
        except qrread.ReadError as error:
            return [], verify.file_verdict(verify.UNREADABLE_FILE, path.name, error.detail)

    @staticmethod
    def is_pdf(path: str | Path) -> bool:
        return qrread.is_pdf(path)

    def verify_file(self, path: str | Path) -> list[verify.Verdict]:
        """Read every QR code of a photo, scan or PDF and judge each one."""
        codes, failure = self.read_codes(path)
        return [failure] if failure else self.verify_codes(codes, Path(path).name)
