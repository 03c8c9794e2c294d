"""Signing certificate codes and checking them (`ctx.certificate_codes`): the summary a
certificate says, its signed code, the verifier page it links to, and the verdict on a
code read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.certificates import qrread, verify
from app.certificates.link import SETTING, check_link_base, link_base
from app.certificates.model import CertificateSummary
from app.certificates.signer import CertificateSigner
from app.certificates.summary import signed_payload
from app.domain.accounts import ADMIN, APPROVER
from app.errors import DvkError
from app.i18n import _
from app.repositories import recognition as recognition_repo
from app.repositories import settings as settings_repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Accounts, Checkpoints, Keys, Registrations, Trust, Units

NO_KEY = "no_key"  # the office has no signing key: certificates print without a code
LOCKED = "locked"  # it has one, and the passphrase has not been given this session
READY = "ready"


class NoSigningKey(DvkError):
    pass


class PassphraseNeeded(DvkError):
    pass


class CertificateCodeService:
    def __init__(self, file: OfficeFile, *, accounts: Accounts, units: Units,
                 registrations: Registrations,
                 keys: Callable[[], Keys],
                 audit_checkpoints: Callable[[], Checkpoints],
                 trust: Callable[[], Trust]):
        self.file = file
        self.accounts = accounts
        self.units = units
        self.registrations = registrations
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
        """The text of the certificate's QR code ("DVK1:...", at most 300 characters),
        signed with `signer` (one batch's unlocked key) or, without one, with the key
        this session has unlocked: PassphraseNeeded when there is none, so the window
        can ask and try again."""
        return signed_payload(summary, signer or self.signer(), link_base(self.file))

    # -- what a certificate says --------------------------------------------------------
    def summary_for_registration(self, registration_id: str, *, level: str, year: int,
                                 decision_number: str, decision_date: dt.date | None,
                                 certificate_number: str) -> CertificateSummary:
        """The summary of a recognised registration of this office's data: unit, model
        and registrant from the registration; the rest from the decision and the
        register."""
        record = self.registrations.get(registration_id)
        unit = self.units.get(record.unit_code)
        return CertificateSummary(
            unit_code=record.unit_code, unit_name=unit.name if unit else "",
            model_id=record.id, model_name=record.name,
            registrant=record.registrant, level=level, year=year,
            decision_number=decision_number, decision_date=decision_date,
            certificate_number=certificate_number)

    def summary_for_issued_item(self, issuer: str, certificate_number: str = "01/GCN"
                                ) -> CertificateSummary | None:
        """The summary of the first model an issued decision of `issuer` recognises, as
        this office holds it (the decision item's snapshot), or None: for demo files,
        vectors and tests that need a certificate the issuer really made."""
        with storage_errors():
            row = recognition_repo.first_issued_item(self.file.db, issuer)
        if row is None:
            return None
        unit = self.units.get(row[3])
        return CertificateSummary(
            unit_code=row[3], unit_name=unit.name if unit else "", model_id=row[0],
            model_name=row[1], registrant=row[2], level=row[6], year=row[7],
            decision_number=row[4],
            decision_date=dt.date.fromisoformat(row[5]) if row[5] else None,
            certificate_number=certificate_number)

    # -- the verifier page's link -------------------------------------------------------
    def link_base(self) -> str:
        """The verifier page's address the QR codes link to, or "" (the bare code)."""
        return link_base(self.file)

    def set_link_base(self, url: str) -> str:
        """Set the address (the administrator's: it is part of what every certificate
        the office prints holds, like the other print settings); "" clears it."""
        self.accounts.require(ADMIN)
        url = check_link_base(url)
        with self.file.transaction(), storage_errors():
            settings_repo.put(self.file.db, SETTING, url)
        return url

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
