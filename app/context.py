"""The application context: one facade that gives the window and the command line the
same services over one office database."""

from __future__ import annotations

import dataclasses
import getpass
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from app import atrest, paths, volumes
from app.core.events import EventBus
from app.datafile.identity import FileIdentity
from app.datafile.location import Location, locate
from app.datafile.office_file import OfficeFile
from app.datafile.presence import Presence, new_session_id
from app.domain.accounts import CLERK
from app.errors import DvkError, StorageError
from app.i18n import _
from app.repositories.records import RecordWriter
from app.repositories.storage import explain, guard_writes, storage_errors
from app.services.accounts import AccountService
from app.services.agenda import AgendaService
from app.services.calendar import CalendarService
from app.services.decisions import DecisionService
from app.services.drafts import DraftService
from app.services.maintenance import MaintenanceService
from app.services.numbering import NumberingService
from app.services.privacy import PrivacyService
from app.services.proposals import ProposalService
from app.services.recognition import RecognitionService
from app.services.registrations import RegistrationService
from app.services.rubrics import RubricService
from app.services.scoring import ScoringService
from app.services.setup import SetupService
from app.services.statistics import StatisticsService
from app.services.units import UnitService
from db.connection import (
    DATABASE_ERRORS,
    OPERATIONAL_ERRORS,
    SchemaTooNewError,
    connect,
    migrate,
)

if TYPE_CHECKING:
    from app.certificates.service import CertificateCodeService
    from app.services.audit import AuditService
    from app.services.backup import BackupService
    from app.services.blank_printing import BlankPrinting
    from app.services.clock_check import ClockCheck
    from app.services.communes import CommuneBoardService
    from app.services.connection import ConnectionService
    from app.services.excel import ExcelService
    from app.services.guide import GuideService
    from app.services.pdfsign import PdfSignService
    from app.services.printing import PrintService
    from app.services.recognition_papers import RecognitionPapers
    from app.sync.batch import StickService
    from app.sync.checkpoint_service import CheckpointService
    from app.sync.send_down import SendDownService
    from app.sync.service import KeyService, SyncService
    from app.sync.trust_service import TrustService


def _identity(path: str | Path) -> FileIdentity | None:
    if str(path) == ":memory:":
        return None
    try:
        return FileIdentity.of(path)
    except OSError:
        return None


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on some locked-down PCs
        return "?"


def on_a_stick(path: Path) -> bool:
    """Is the data file on a USB stick or memory card while DVK is not in portable mode?
    (In portable mode the program and its data are on the stick by choice.)"""
    return paths.portable_dir() is None and volumes.is_removable(path.parent)


def stick_warning(path: str | Path) -> str | None:
    """A warning when an existing data file is opened from a stick (it opens: the
    clerk may be moving it to the PC), else None."""
    if str(path) == ":memory:" or not on_a_stick(Path(path)):
        return None
    return _("The data file {path} is on a USB stick or memory card: a stick pulled out "
             "while DVK writes can damage it. Bring it onto the PC (Tools > Restore from "
             "a backup..., or dvk restore, takes a copy of a data file) and work there.").format(
        path=path)


def missing_file_error(path: str | Path) -> StorageError:
    return StorageError(_(
        "The data file {path} does not exist. If it was moved or deleted (an antivirus, "
        "someone tidying up), put it back or give its new place with --db. A new, empty "
        "data file is made only by the first start of the window or by: dvk setup --unit "
        "CODE."
    ).format(path=path), "missing")


def open_db(path: str | Path, *, create: bool = True,
            location: Location | None = None) -> Database:
    """Open and migrate, with every failure explained. A missing file is created only
    when `create` (the first start, `dvk setup`, the demo); a read-only file is opened
    read-only; a file on a network share with a rollback journal."""
    return _open(path, create, location)[0]


def _open(path: str | Path, create: bool,
          location: Location | None) -> tuple[Database, Location]:
    path = Path(path) if str(path) != ":memory:" else path
    location = location or locate(path)
    if isinstance(path, Path):
        if path.is_dir():
            raise DvkError(_("{path} is a folder, not a data file.").format(path=path))
        if not path.parent.exists():
            raise DvkError(_("The folder {folder} does not exist.").format(folder=path.parent))
        if not location.exists and not create:
            raise missing_file_error(path)
        if not location.exists and on_a_stick(path):
            raise DvkError(_(
                "DVK does not make the office's data file on a USB stick or memory card "
                "({path}): a stick pulled out while DVK writes damages it, and a lost stick "
                "takes the office's data with it. Keep the data file on the PC (where DVK "
                "puts it by itself) and carry bundles on the stick, or run DVK from the "
                "stick in portable mode.").format(path=path))
    if isinstance(path, Path) and atrest.needs_unlocking(path):
        raise atrest.locked_error(path)  # the caller asks the passphrase, then again
    if isinstance(path, Path) and atrest.key_file_missing(path):
        raise StorageError(_(
            "The data file {path} cannot be read: either it is encrypted and its key file "
            "{file} is missing, or it is damaged. If it was encrypted, put the key file "
            "back beside it (a copy is kept beside every backup) and start DVK again; "
            "otherwise restore a backup. Nothing was changed.").format(
            path=path, file=atrest.key_file(path).name), "damaged")
    try:
        try:
            return _connect(path, location), location
        except OPERATIONAL_ERRORS as error:
            # A medium the permissions did not tell about (a write-protected stick on
            # Windows): SQLite opened it read-only and could not set up its journal.
            if location.read_only or not location.exists or \
                    explain(error).reason not in ("readonly", "unopenable"):
                raise
            location = dataclasses.replace(location, read_only=True)
            return _connect(path, location), location
    except SchemaTooNewError as error:
        raise DvkError(_(
            "This data file was written by a newer version of DVK ({detail}). Install "
            "the newer version to open it; nothing was changed."
        ).format(detail=error)) from error
    except DATABASE_ERRORS as error:
        if not create and isinstance(path, Path) and not path.exists():
            raise missing_file_error(path) from error
        raise explain(error) from error


def _connect(path: str | Path, location: Location) -> Database:
    read_only = location.read_only and location.exists
    db = connect(path, readonly=read_only, rollback_journal=location.network,
                 create=not location.exists)
    try:
        if read_only:
            _check_schema_read_only(db, Path(path))
        else:
            migrate(db)
    except BaseException:
        db.close()
        raise
    return db


def _check_schema_read_only(db: Database, path: Path) -> None:
    """A read-only file cannot be brought up to date: it must already be."""
    from db.connection import MIGRATIONS, SCHEMA_NAMES, applied_migrations

    unknown = [name for name in applied_migrations(db) if name not in set(SCHEMA_NAMES)]
    if unknown:
        raise SchemaTooNewError(", ".join(unknown))
    if list(MIGRATIONS.pending(db)):
        db.close()
        raise StorageError(_(
            "The data file {path} is read-only and was saved by an older version of DVK, "
            "which this version must update before it can open it. Copy it to a writable "
            "folder (or remove the stick's write protection) and open it there."
        ).format(path=path), "readonly")


class AppContext:
    """Everything a user can do with one office database."""

    def __init__(self, db: Database, path: str | Path, *, actor: str | None = None,
                 location: Location | None = None):
        self.db = db
        self.path = path
        self.location = location or Location(Path(str(path)), exists=True)
        self.identity = _identity(path)
        # What the services share: the connection, who writes, the settings, the events.
        self.file = OfficeFile(db, path, actor=actor or _actor(), location=self.location,
                               session_id=new_session_id(),  # this context as a window
                               check_writable=self.check_writable,
                               before_write=lambda: self.accounts.require(CLERK))
        guard_writes(db, self.check_writable)
        # Both are one settings read once done: nothing heavy runs on every open.
        self.setup.ensure_reference_data()
        self.rubrics.ensure_defaults()
        self.setup.ensure_search_words()

    @classmethod
    def open(cls, path: str | Path, *, actor: str | None = None,
             create: bool = True) -> AppContext:
        """The office database at `path`. The window, the command line and background
        jobs pass `create=False`: a data file that vanished is reported, never silently
        replaced by an empty one."""
        db, location = _open(path, create, locate(path))
        return cls(db, path, actor=actor, location=location)

    # The data file's plumbing, for the window and the command line.
    @property
    def actor(self) -> str:
        return self.file.actor

    @property
    def session_id(self) -> str:
        return self.file.session_id

    @property
    def events(self) -> EventBus:
        return self.file.events

    @property
    def make_id(self) -> Callable[[], str]:
        """How new record ids are made; the demo generator swaps in a seeded one."""
        return self.file.make_id

    @make_id.setter
    def make_id(self, make_id: Callable[[], str]) -> None:
        self.file.make_id = make_id

    @property
    def read_only(self) -> bool:
        return self.location.read_only

    @property
    def network(self) -> bool:
        return self.location.network

    def check_writable(self) -> None:
        """Before every write: refuse, with the reason, when this file was opened
        read-only or is no longer the file at its path (moved, deleted, replaced)."""
        if self.read_only:
            raise StorageError(_(
                "The data file {path} was opened read-only (a write-protected stick, a CD, "
                "a read-only file or folder): it can be read, printed and copied, but "
                "nothing can be saved. Copy it to a writable folder, or remove the write "
                "protection, and open it again."
            ).format(path=self.path), "readonly")
        if self.identity is not None and self.identity.problem():
            raise StorageError(_(
                "The data file {path} was moved, deleted or replaced while DVK had it open "
                "(an antivirus, someone tidying up?), so this was not saved: it would have "
                "gone into a file nobody will open. Put the file back, or close DVK and open "
                "the file where it is now; what you typed is kept on the screen."
            ).format(path=self.path), "moved")

    def close(self) -> None:
        if "presence" in self.file.__dict__:
            self.presence.leave()
        with storage_errors():
            self.db.close()

    def __enter__(self) -> AppContext:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open_warnings(self) -> list[str]:
        """Risks the clerk must act on before working in this data file: it is on a USB
        stick, or the PC's clock reads earlier than the file's newest entry or backup."""
        warnings = []
        stick = stick_warning(self.path)
        if stick:
            warnings.append(stick)
        try:
            problem = self.clock_check.problem()
        except DvkError:
            problem = None
        if problem:
            warnings.append(problem)
        return warnings

    def open_notes(self) -> list[str]:
        """How this data file was opened, for the clerk's information: read-only, or on a
        network share."""
        notes = []
        if self.read_only:
            notes.append(_(
                "{path} is read-only (a write-protected stick, a CD, a read-only file or "
                "folder), so it was opened for reading only: lists, printing, checks and "
                "backups work; saving does not.").format(path=self.path))
        if self.network:
            notes.append(_(
                "{path} is on a network share. It was opened in the safe way for shared "
                "folders (a rollback journal, one window at a time), which is slower. Keeping "
                "the data file on this PC is safer.").format(path=self.path))
        return notes

    @cached_property
    def clock_check(self) -> ClockCheck:
        from app.services.clock_check import ClockCheck

        return ClockCheck(self.file, backups=lambda: self.backups)

    @property
    def presence(self) -> Presence:
        """The windows open on this data file (this context's window among them once
        it has entered)."""
        return self.file.presence

    def setting(self, key: str, default=None):
        return self.file.setting(key, default)

    @property
    def office_code(self) -> str:
        return self.file.office_code

    def writer(self) -> RecordWriter:
        # Every insert or update of a record goes through here: with accounts on,
        # only a signed-in user may write.
        return self.file.writer()

    def transaction(self):
        return self.file.transaction()

    def opener(self) -> Callable[[], AppContext]:
        """How a job off the window's thread opens this data file on a connection of
        its own: as the same signed-in user (whose role and active state every guarded
        job checks again in the file) and the same actor in the audit log, and never
        making a new file where this one vanished. Called on the window's thread; the
        returned function runs in the job."""
        path, actor, user = self.path, self.actor, self.accounts.user

        def open_again() -> AppContext:
            other = AppContext.open(path, actor=actor, create=False)
            other.accounts.user = user
            return other

        return open_again

    # -- services -----------------------------------------------------------------
    @cached_property
    def setup(self) -> SetupService:
        return SetupService(self.file, accounts=self.accounts)

    @cached_property
    def units(self) -> UnitService:
        return UnitService(self.file, accounts=self.accounts)

    @cached_property
    def registrations(self) -> RegistrationService:
        return RegistrationService(self.file, accounts=self.accounts, units=self.units,
                                   clock_check=lambda: self.clock_check)

    @cached_property
    def calendar(self) -> CalendarService:
        return CalendarService(self.file, accounts=self.accounts)

    @cached_property
    def rubrics(self) -> RubricService:
        return RubricService(self.file, accounts=self.accounts)

    @cached_property
    def scoring(self) -> ScoringService:
        return ScoringService(self.file, accounts=self.accounts, units=self.units,
                              registrations=self.registrations, rubrics=self.rubrics)

    @cached_property
    def recognition(self) -> RecognitionService:
        return RecognitionService(self.file, accounts=self.accounts, units=self.units,
                                  registrations=self.registrations, scoring=self.scoring)

    @cached_property
    def proposals(self) -> ProposalService:
        return ProposalService(self.file, accounts=self.accounts, units=self.units,
                               recognition=self.recognition, numbering=self.numbering)

    @cached_property
    def decisions(self) -> DecisionService:
        return DecisionService(self.file, accounts=self.accounts,
                               registrations=self.registrations,
                               recognition=self.recognition, numbering=self.numbering,
                               printing=lambda: self.printing,
                               certificate_codes=lambda: self.certificate_codes,
                               papers=lambda: self.recognition_papers)

    @cached_property
    def numbering(self) -> NumberingService:
        return NumberingService(self.file, accounts=self.accounts,
                                printing=lambda: self.printing)

    @cached_property
    def agenda(self) -> AgendaService:
        return AgendaService(self.file, recognition=self.recognition,
                             proposals=self.proposals, decisions=self.decisions)

    @cached_property
    def drafts(self) -> DraftService:
        return DraftService(self.file)

    @cached_property
    def maintenance(self) -> MaintenanceService:
        return MaintenanceService(self.file,
                                  audit_checkpoints=lambda: self.audit_checkpoints)

    @cached_property
    def accounts(self) -> AccountService:
        return AccountService(self.file, keys_if_open=lambda: self.__dict__.get("keys"))

    @cached_property
    def audit(self) -> AuditService:
        from app.services.audit import AuditService  # the log's screen is built when shown

        return AuditService(self.file, units=self.units, printing=lambda: self.printing,
                            audit_checkpoints=lambda: self.audit_checkpoints)

    @cached_property
    def privacy(self) -> PrivacyService:
        return PrivacyService(self.file, accounts=self.accounts,
                              backups=lambda: self.backups)

    @cached_property
    def audit_checkpoints(self) -> CheckpointService:
        from app.sync.checkpoint_service import CheckpointService  # signatures

        return CheckpointService(self.file, accounts=self.accounts, units=self.units,
                                 keys=lambda: self.keys, sync=lambda: self.sync)

    @cached_property
    def backups(self) -> BackupService:
        from app.services.backup import BackupService

        return BackupService(self.file, accounts=self.accounts, privacy=self.privacy,
                             clock_check=lambda: self.clock_check)

    # Imported when first used: zip, signatures and the bundle code are not needed to
    # open the window (the exchange screen is built when first shown).
    @cached_property
    def keys(self) -> KeyService:
        from app.sync.service import KeyService

        return KeyService(self.file, accounts=self.accounts, units=self.units,
                          audit_checkpoints=lambda: self.audit_checkpoints)

    @cached_property
    def sync(self) -> SyncService:
        from app.sync.service import SyncService

        return SyncService(self.file, accounts=self.accounts, units=self.units,
                           keys=lambda: self.keys, trust=lambda: self.trust,
                           audit_checkpoints=lambda: self.audit_checkpoints)

    @cached_property
    def stick(self) -> StickService:
        from app.sync.batch import StickService

        return StickService(self.file, sync=lambda: self.sync)

    @cached_property
    def send_down(self) -> SendDownService:
        from app.sync.send_down import SendDownService

        return SendDownService(self.file, units=self.units, keys=lambda: self.keys,
                               sync=lambda: self.sync)

    @cached_property
    def communes(self) -> CommuneBoardService:
        from app.services.communes import CommuneBoardService

        return CommuneBoardService(self.file, units=self.units, recognition=self.recognition,
                                   printing=lambda: self.printing)

    @cached_property
    def statistics(self) -> StatisticsService:
        return StatisticsService(self.file)

    @cached_property
    def excel(self) -> ExcelService:
        from app.excel.importer import Importer
        from app.services.excel import ExcelService  # openpyxl loads with the first workbook

        return ExcelService(self.file, accounts=self.accounts, units=self.units,
                            registrations=self.registrations, statistics=self.statistics,
                            importer=lambda path, options: Importer(
                                self.file, path, options, units=self.units,
                                registrations=self.registrations))

    @cached_property
    def trust(self) -> TrustService:
        from app.sync.trust_service import TrustService

        return TrustService(self.file, accounts=self.accounts, units=self.units,
                            keys=lambda: self.keys,
                            audit_checkpoints=lambda: self.audit_checkpoints)

    @cached_property
    def printing(self) -> PrintService:
        # Imported here: ReportLab and pdfium load only when something is printed.
        from app.services.printing import PrintService

        return PrintService(self.file, accounts=self.accounts, units=self.units,
                            registrations=self.registrations, rubrics=self.rubrics,
                            scoring=self.scoring, numbering=self.numbering)

    @cached_property
    def connection(self) -> ConnectionService:
        # Imported here: it builds a printable paper (the printing model).
        from app.services.connection import ConnectionService

        return ConnectionService(self.file, units=self.units, keys=lambda: self.keys,
                                 trust=lambda: self.trust)

    @cached_property
    def guide(self) -> GuideService:
        # Imported here: the user guide is printed only when asked for.
        from app.services.guide import GuideService

        return GuideService(self.file, units=self.units, registrations=self.registrations,
                            printing=lambda: self.printing)

    @cached_property
    def certificate_codes(self) -> CertificateCodeService:
        # Imported here: the QR decoder loads only when a certificate is checked.
        from app.certificates.service import CertificateCodeService

        return CertificateCodeService(self.file, accounts=self.accounts, units=self.units,
                                      registrations=self.registrations,
                                      keys=lambda: self.keys,
                                      audit_checkpoints=lambda: self.audit_checkpoints,
                                      trust=lambda: self.trust)

    @cached_property
    def recognition_papers(self) -> RecognitionPapers:
        # Imported here: the printing model loads only when something is printed.
        from app.services.recognition_papers import RecognitionPapers

        return RecognitionPapers(self.file, units=self.units, recognition=self.recognition,
                                 proposals=self.proposals, decisions=self.decisions,
                                 numbering=self.numbering, printing=lambda: self.printing,
                                 certificate_codes=lambda: self.certificate_codes)

    @cached_property
    def blank_printing(self) -> BlankPrinting:
        # Imported here: the blanks' painter loads ReportLab.
        from app.services.blank_printing import BlankPrinting

        return BlankPrinting(self.file, accounts=self.accounts, printing=lambda: self.printing)

    @cached_property
    def pdf_signatures(self) -> PdfSignService:
        # Imported here: pyHanko, python-pkcs11 and cryptography load only when a PDF is
        # signed or checked, and no token driver is needed to start.
        from app.services.pdfsign import PdfSignService

        return PdfSignService(self.file, accounts=self.accounts, decisions=self.decisions,
                              printing=lambda: self.printing,
                              papers=lambda: self.recognition_papers)
