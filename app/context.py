"""The application context: one facade that gives the window and the command line the
same services over one office database."""

from __future__ import annotations

import getpass
import sqlite3
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from app import paths, volumes
from app.domain.accounts import CLERK
from app.errors import DvkError
from app.i18n import _
from app.repositories import settings as settings_repo
from app.repositories.records import RecordWriter, new_id
from app.repositories.storage import explain, storage_errors, transaction
from app.services.accounts import AccountService
from app.services.agenda import AgendaService
from app.services.calendar import CalendarService
from app.services.decisions import DecisionService
from app.services.drafts import DraftService
from app.services.events import EventBus
from app.services.maintenance import MaintenanceService
from app.services.numbering import NumberingService
from app.services.proposals import ProposalService
from app.services.recognition import RecognitionService
from app.services.registrations import RegistrationService
from app.services.rubrics import RubricService
from app.services.scoring import ScoringService
from app.services.setup import SetupService
from app.services.statistics import StatisticsService
from app.services.units import UnitService
from db.connection import SchemaTooNewError, connect, migrate

if TYPE_CHECKING:
    from app.certificates.service import CertificateCodeService
    from app.services.audit import AuditService
    from app.services.backup import BackupService
    from app.services.communes import CommuneBoardService
    from app.services.excel import ExcelService
    from app.services.printing import PrintService
    from app.sync.service import KeyService, SyncService
    from app.sync.trust_service import TrustService


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


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) and migrate, with every failure explained."""
    path = Path(path) if str(path) != ":memory:" else path
    if isinstance(path, Path):
        if path.is_dir():
            raise DvkError(_("{path} is a folder, not a data file.").format(path=path))
        if not path.parent.exists():
            raise DvkError(_("The folder {folder} does not exist.").format(folder=path.parent))
        if not path.exists() and on_a_stick(path):
            raise DvkError(_(
                "DVK does not make the office's data file on a USB stick or memory card "
                "({path}): a stick pulled out while DVK writes damages it, and a lost stick "
                "takes the office's data with it. Keep the data file on the PC (where DVK "
                "puts it by itself) and carry bundles on the stick, or run DVK from the "
                "stick in portable mode.").format(path=path))
    try:
        db = connect(path)
        migrate(db)
        return db
    except SchemaTooNewError as error:
        raise DvkError(_(
            "This data file was written by a newer version of DVK ({detail}). Install "
            "the newer version to open it; nothing was changed."
        ).format(detail=error)) from error
    except sqlite3.DatabaseError as error:
        raise explain(error) from error


class AppContext:
    """Everything a user can do with one office database."""

    def __init__(self, db: Database, path: str | Path, *, actor: str | None = None):
        self.db = db
        self.path = path
        self.actor = actor or _actor()
        # How new record ids are made; the demo generator swaps in a seeded one.
        self.make_id = new_id
        self.events = EventBus()
        # Both are one settings read once done: nothing heavy runs on every open.
        self.setup.ensure_reference_data()
        self.rubrics.ensure_defaults()
        self.setup.ensure_search_words()

    @classmethod
    def open(cls, path: str | Path, *, actor: str | None = None) -> AppContext:
        return cls(open_db(path), path, actor=actor)

    def close(self) -> None:
        with storage_errors():
            self.db.close()

    def __enter__(self) -> AppContext:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- plumbing shared by services ------------------------------------------------
    def setting(self, key: str, default=None):
        with storage_errors():
            return settings_repo.get(self.db, key, default)

    @property
    def office_code(self) -> str:
        code = self.setting("office_code")
        if not code:
            raise DvkError(_(
                "This data file has no office yet. Run the program once and choose your "
                "office, or run: dvk setup --unit CODE"
            ))
        return code

    def writer(self) -> RecordWriter:
        # Every insert or update of a record goes through here: with accounts on,
        # only a signed-in user may write.
        self.accounts.require(CLERK)
        return RecordWriter(self.db, origin=self.office_code, actor=self.actor,
                            make_id=self.make_id)

    def transaction(self):
        return transaction(self.db)

    # -- services -----------------------------------------------------------------
    @cached_property
    def setup(self) -> SetupService:
        return SetupService(self)

    @cached_property
    def units(self) -> UnitService:
        return UnitService(self)

    @cached_property
    def registrations(self) -> RegistrationService:
        return RegistrationService(self)

    @cached_property
    def calendar(self) -> CalendarService:
        return CalendarService(self)

    @cached_property
    def rubrics(self) -> RubricService:
        return RubricService(self)

    @cached_property
    def scoring(self) -> ScoringService:
        return ScoringService(self)

    @cached_property
    def recognition(self) -> RecognitionService:
        return RecognitionService(self)

    @cached_property
    def proposals(self) -> ProposalService:
        return ProposalService(self)

    @cached_property
    def decisions(self) -> DecisionService:
        return DecisionService(self)

    @cached_property
    def numbering(self) -> NumberingService:
        return NumberingService(self)

    @cached_property
    def agenda(self) -> AgendaService:
        return AgendaService(self)

    @cached_property
    def drafts(self) -> DraftService:
        return DraftService(self)

    @cached_property
    def maintenance(self) -> MaintenanceService:
        return MaintenanceService(self)

    @cached_property
    def accounts(self) -> AccountService:
        return AccountService(self)

    @cached_property
    def audit(self) -> AuditService:
        from app.services.audit import AuditService  # the log's screen is built when shown

        return AuditService(self)

    @cached_property
    def backups(self) -> BackupService:
        from app.services.backup import BackupService

        return BackupService(self)

    # Imported when first used: zip, signatures and the bundle code are not needed to
    # open the window (the exchange screen is built when first shown).
    @cached_property
    def keys(self) -> KeyService:
        from app.sync.service import KeyService

        return KeyService(self)

    @cached_property
    def sync(self) -> SyncService:
        from app.sync.service import SyncService

        return SyncService(self)

    @cached_property
    def communes(self) -> CommuneBoardService:
        from app.services.communes import CommuneBoardService

        return CommuneBoardService(self)

    @cached_property
    def statistics(self) -> StatisticsService:
        return StatisticsService(self)

    @cached_property
    def excel(self) -> ExcelService:
        from app.services.excel import ExcelService  # openpyxl loads with the first workbook

        return ExcelService(self)

    @cached_property
    def trust(self) -> TrustService:
        from app.sync.trust_service import TrustService

        return TrustService(self)

    @cached_property
    def printing(self) -> PrintService:
        # Imported here: ReportLab and pdfium load only when something is printed.
        from app.services.printing import PrintService

        return PrintService(self)

    @cached_property
    def certificate_codes(self) -> CertificateCodeService:
        # Imported here: the QR decoder loads only when a certificate is checked.
        from app.certificates.service import CertificateCodeService

        return CertificateCodeService(self)
