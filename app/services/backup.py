"""Backups: one automatic copy on the first start of each day (kept with rotation), a
copy to any folder or USB stick, and restoring one with a preview first.

Automatic backups go to the office's backup folder: the setting `backup.folder`
(absolute, or relative to the data file's folder), else a folder per data file under
the per-user data folder, so that a data file on a stick that dies still has its
copies on the PC. The newest `backup.keep` automatic copies are kept (14 by default),
newest by the order they were made (`backup.serial` inside each file), never by a
date from the clock: a PC whose clock says 2020 every morning, or was a year ahead for
a while, would otherwise delete each new backup as the oldest. The backup just made is
never deleted. When the clock reads earlier than the newest backup (or the newest
entry), "today's backup was made" cannot be trusted either: a backup is then made at
every start that finds the data changed since the newest one.

A restored database is where the office stood when the backup was made; bundles it
sent since then are already at their recipients. So a restore always starts a new
sequence line: the next bundle can never carry a number the recipient already saw
with other content (a fork). The new line is written into a prepared copy of the
backup before that copy replaces the data in one step, so a power cut at any moment
leaves the data as it was or restored with its new line, never restored without one.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app import atrest, clock, filenames, fileops
from app.core import events
from app.core.progress import NO_PROGRESS, Progress
from app.datafile import known, leftovers
from app.domain import stamps
from app.domain.accounts import ADMIN, CLERK
from app.errors import DvkError, StorageError
from app.i18n import N_, _
from app.paths import portable_dir, user_data_dir
from app.repositories import audit, table_columns
from app.repositories import backups as files
from app.repositories.storage import explain, storage_errors, transaction
from db.connection import ERRORS, SCHEMA_NAMES, connect, known_key, migrate

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.clock_check import ClockCheck
    from app.services.privacy import Erasure, PrivacyService

KEEP_DEFAULT = 14
# What a preview counts, as people call it (tables of app/repositories/backups.COUNTED).
COUNT_LABELS = {
    "registrations": N_("Registrations"),
    "persons": N_("Individuals"),
    "evidence": N_("Evidence files"),
    "score_sheets": N_("Score sheets"),
    "rubrics": N_("Rubrics"),
    "units": N_("Units"),
    "office_keys": N_("Office signing keys"),
    "trusted_keys": N_("Trusted keys of other offices"),
    "inbox": N_("Bundles received"),
    "outbox": N_("Bundles sent"),
    "users": N_("Accounts"),
    "audit_log": N_("Audit log entries"),
}
AUTO_TAG = "tu-dong"
BEFORE_RESTORE_TAG = "truoc-khoi-phuc"
SUFFIX = ".sqlite"


@dataclass
class Preview:
    """A backup file, checked, with what restoring it would bring back."""

    contents: files.Contents
    current_office: str | None
    problems: list[str]
    # Erasures of personal data made after the backup (the data file has them, the
    # backup does not): the backup still holds what they erased, and a restore
    # erases it again (issue 26).
    erasures: list[Erasure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> list[tuple[str, int]]:
        return [(_(COUNT_LABELS.get(name, name)), count)
                for name, count in self.contents.counts.items()]

    def lines(self) -> list[str]:
        """The preview in words (the command line prints these; the window shows the
        same facts in a form)."""
        c = self.contents
        office = c.office_code or _("not set")
        if c.office_name:
            office = f"{c.office_name} ({c.office_code})"
        result = [
            _("Backup: {path}").format(path=c.path),
            _("Made: {when}").format(when=stamps.show(c.made_at) if c.made_at else
                                      _("unknown (a copy of a data file)")),
            _("Office: {office}").format(office=office),
            _("Schema version: {version}").format(version=c.schema_version),
            _("Size: {size} KB").format(size=max(1, c.size // 1024)),
        ]
        result += [f"  {label}: {count}" for label, count in self.counts()]
        if self.erasures:
            result.append(_(
                "This backup is older than {count} erasures of personal data (the last on "
                "{day}): it still holds the data they erased. Restoring it erases that data "
                "again.").format(count=len(self.erasures), day=stamps.show(
                    max(e.created_at for e in self.erasures))))
        return result


def backup_name(office: str | None, tag: str = "", folder: Path | None = None) -> str:
    """A file name saying whose and when (for people: rotation reads the file's own
    serial); one not yet used in `folder` (a clock stuck at one date repeats names)."""
    stamp = clock.now_vietnam().strftime("%Y%m%d-%H%M%S")
    tail = f"-{tag}" if tag else ""
    name = f"dvk-{office or 'chua-dat'}-{stamp}{tail}{SUFFIX}"
    number = 2
    while folder is not None and (folder / name).exists():
        name = f"dvk-{office or 'chua-dat'}-{stamp}-{number}{tail}{SUFFIX}"
        number += 1
    return name


def _file_error(error: files.BackupFileError, path: Path) -> DvkError:
    if error.reason == "space":
        return DvkError(_("There is not enough free space in {folder} for the backup. Free "
                          "some space or choose another folder or stick; nothing was "
                          "written.").format(folder=path.parent if path.suffix else path))
    if error.reason == "not_dvk":
        return DvkError(_("{name} is not a DVK data file or backup.").format(name=path.name))
    if error.reason == "damaged":
        return DvkError(_("The backup {name} is damaged ({detail}); choose another "
                          "one.").format(name=path.name, detail=error))
    return DvkError(_("The file {name} cannot be read ({detail}).").format(
        name=path.name, detail=error))


def _os_error(error: OSError, path: Path) -> DvkError:
    said = fileops.explain(error, path)  # in use, write-protected, FAT32, pulled out...
    if said:
        return DvkError(said)
    return DvkError(_("The backup could not be written to {path} ({detail}). If the stick "
                      "was pulled out, put it back and try again: no half-written backup "
                      "was left.").format(path=path, detail=error.strerror or error))


def _prepare_error(error: OSError, folder: Path) -> DvkError:
    return DvkError(_("The backup could not be prepared for restoring in {folder} ({detail}); "
                      "the data file was not changed. Free some space or check the folder, "
                      "then restore again.").format(folder=folder,
                                                    detail=error.strerror or error))


def preview_file(path: str | Path, current_office: str | None = None, *,
                 verify: bool = True) -> Preview:
    """Check a backup and say what it holds (no database needed: this also serves a
    damaged data file at startup). `verify`: compare its checksum (reads the file)."""
    path = Path(path)
    if atrest.needs_unlocking(path):
        raise atrest.DataFileLocked(_(
            "The backup {name} is encrypted: type the passphrase of the data file it was "
            "made from (or its recovery key) to see what it holds.").format(name=path.name))
    if atrest.key_file_missing(path) and known_key(path) is None:
        raise DvkError(_(
            "The backup {name} cannot be read: either it is encrypted and its key file {file} "
            "was not copied with it, or it is damaged. Copy the key file beside it, or choose "
            "another backup.").format(name=path.name, file=atrest.key_file(path).name))
    try:
        contents = files.inspect(path, verify=verify)
    except files.BackupFileError as error:
        raise _file_error(error, path) from error
    problems = []
    if contents.integrity != "ok":
        problems.append(_("The backup itself is damaged ({detail}).").format(
            detail=contents.integrity))
    if contents.checksum == "mismatch":
        problems.append(_(
            "The backup's contents no longer match the checksum written when it was made: "
            "it was changed or damaged since (a failing stick or disk?). Choose another "
            "backup."))
    unknown = [name for name in contents.migrations if name not in SCHEMA_NAMES]
    if unknown:
        problems.append(_("The backup was made by a newer version of DVK; install that "
                          "version to restore it."))
    if current_office and contents.office_code and contents.office_code != current_office:
        problems.append(_("The backup belongs to another office ({code}).").format(
            code=contents.office_code))
    return Preview(contents=contents, current_office=current_office, problems=problems)


def default_folder(db_path: str | Path) -> Path:
    """The automatic backups of a data file when no folder was chosen: under the
    per-user data folder, one folder per data file. In portable mode a data file on the
    stick is named by its place on the stick, so the next PC, which gives the stick
    another drive letter, finds the same folder."""
    resolved = Path(str(db_path)).resolve()
    name = str(resolved)
    portable = portable_dir()
    if portable is not None and resolved.is_relative_to(portable.resolve()):
        name = resolved.relative_to(portable.resolve()).as_posix()
    tag = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return user_data_dir() / "backups" / f"{resolved.stem}-{tag}"


def _newest_first(metas: list[files.Meta]) -> list[files.Meta]:
    """Newest first by the order the backups were made (then by when, for backups made
    before the serial existed); a file's modification time is only the last tie-break."""
    def key(meta: files.Meta):
        try:
            mtime = meta.path.stat().st_mtime
        except OSError:
            mtime = 0.0
        return (meta.serial, meta.made_at or "", mtime)

    return sorted(metas, key=key, reverse=True)


def backup_metas(folder: Path, pattern: str = f"dvk-*{SUFFIX}") -> list[files.Meta]:
    """What every backup file in a folder says about itself, newest first; files that
    are no readable backup are left out."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(pattern):
        meta = files.read_meta(path) if path.is_file() else None
        if meta is not None:
            found.append(meta)
    return _newest_first(found)


def backups_in(folder: Path, office: str | None = None) -> list[Path]:
    """Every backup file in a folder, newest first; only `office`'s when given."""
    return [m.path for m in backup_metas(folder)
            if office is None or m.office_code in (None, office)]


def next_serial(folder: Path) -> int:
    return max((m.serial for m in backup_metas(folder)), default=0) + 1


def office_of_data_file(db_path: str | Path) -> str | None:
    """Whose data file this is, even when it cannot be opened for work: what this PC
    noted when it last backed the file up, else its own setting if that much can still
    be read, else the office of the backups in its own default folder."""
    db_path = Path(db_path)
    noted, _folder = known.lookup(db_path)
    if noted:
        return noted
    if db_path.is_file():
        try:
            meta = files.read_meta(db_path)
        except Exception:  # a damaged file may fail in any way; it is only a hint
            meta = None
        if meta is not None and meta.office_code:
            return meta.office_code
    for meta in backup_metas(default_folder(db_path)):
        if meta.office_code:
            return meta.office_code
    return None


def rescue_candidates(db_path: str | Path, office: str | None | object = ...) -> list[Path]:
    """Backups that may belong to a data file that cannot be opened (so its own
    setting of the backup folder cannot be read): the default folder, the folder this
    PC noted for it (app/datafile/known.py), and any `backups` folder beside it. Only the backups of the data file's own
    office when it is known (`office_of_data_file`); else all, and the window shows
    whose each one is. Newest first."""
    db_path = Path(db_path)
    if office is ...:
        office = office_of_data_file(db_path)
    metas = {m.path: m for m in backup_metas(default_folder(db_path))}
    _office, noted_folder = known.lookup(db_path)
    if noted_folder is not None:
        metas.update({m.path: m for m in backup_metas(noted_folder)})
    beside = db_path.resolve().parent / "backups"
    if beside.is_dir():
        for folder in {p.parent for p in beside.rglob(f"dvk-*{SUFFIX}")}:
            metas.update({m.path: m for m in backup_metas(folder)})
    chosen = [m for m in metas.values() if office is None or m.office_code == office]
    return [m.path for m in _newest_first(chosen)]


def restore_damaged(backup: str | Path, target: str | Path, *,
                    office: str | None | object = ..., actor: str = "") -> Path | None:
    """Put a backup in place of a data file that cannot be opened (damaged, or
    missing). The backup is copied beside the data file under a temporary name and
    prepared there (schema brought up to date, a new sequence line, the restore in
    the audit log); the damaged file is kept under another name; then the prepared
    copy takes the data file's name in one rename. A power cut at any moment leaves the
    damaged file in place (restore again) or the restored one, never a restored file
    without its new line. Returns the damaged file's new name (None if there was no
    file). Refuses another office's backup when the data file's office is known."""
    backup, target = Path(backup), Path(target)
    if office is ...:
        office = office_of_data_file(target)
    preview = preview_file(backup, office)
    if not preview.ok:
        raise DvkError(" ".join(preview.problems))
    try:
        prepared = files.copy_beside(backup, target)
    except OSError as error:
        raise _os_error(error, target) from error
    try:
        _prepare_restored(prepared, backup.name, preview.contents.made_at,
                          actor=actor or _system_user())
        aside = files.keep_aside(target)
        files.put_in_place(prepared, target)
        atrest.place_key_file(backup, target, aside)
    except OSError as error:
        detail = fileops.explain(error, target) or error.strerror or error
        raise DvkError(_("The backup could not be put in place of {path} ({detail}). "
                         "Nothing was deleted.").format(path=target, detail=detail)) from error
    finally:
        files.remove_temporary(prepared)
    return aside


def _system_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name on some locked-down PCs
        return "?"


def _prepare_restored(prepared: Path, backup_name: str, made_at: str | None, *,
                      actor: str) -> None:
    """Make a copy of a backup ready to be the data file: its schema up to date, a new
    sequence line for bundles (so none can reuse a number the recipients saw), and the
    restore in its audit log. All of it inside the copy, before it replaces anything."""
    from app.repositories import sync_tables

    try:
        db = connect(prepared, rollback_journal=True)
        try:
            files.drop_checksum(db.conn)
            migrate(db)
            with transaction(db):
                line = sync_tables.start_line(db, "restore")
                audit.append(db, actor=actor, action="new_line", kind="sync_line",
                             record_id=line, detail="restore")
                audit.append(db, actor=actor, action="restore", kind="database",
                             record_id=backup_name, detail=made_at or "")
        finally:
            db.close()
        files.fsync_file(prepared)
    except ERRORS as error:
        raise explain(error) from error


class BackupService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService,
                 privacy: PrivacyService, clock_check: Callable[[], ClockCheck]):
        self.file = file
        self.accounts = accounts
        self.privacy = privacy
        self._clock_check = clock_check
        # Whether a backup notes this data file in the PC's list of data files
        # (app/datafile/known.py). The demo generator turns it off: its sample offices
        # are not this PC's, and `dvk demo` writes nothing outside its folder.
        self.remember_on_pc = True

    # -- where -----------------------------------------------------------------------------
    def folder(self) -> Path:
        chosen = self.file.setting("backup.folder")
        if isinstance(chosen, str) and chosen:
            path = Path(chosen)
            if not path.is_absolute() and isinstance(self.file.path, Path | str) and \
                    str(self.file.path) != ":memory:":
                path = Path(self.file.path).resolve().parent / path
            return path
        return default_folder(self.file.path)

    def keep(self) -> int:
        value = self.file.setting("backup.keep", KEEP_DEFAULT)
        return value if isinstance(value, int) and value >= 1 else KEEP_DEFAULT

    def _office(self) -> str | None:
        return self.file.setting("office_code")

    # -- making backups ----------------------------------------------------------------------
    def _source(self) -> sqlite3.Connection:
        """A connection of its own: a backup may run off the window's thread. A
        read-only data file is copied read-only."""
        if str(self.file.path) == ":memory:":
            return self.file.db.conn
        return connect(self.file.path, readonly=self.file.read_only,
                       rollback_journal=self.file.network, create=False).conn

    def backup_to(self, out: str | Path, *, tag: str = "",
                  progress: Progress = NO_PROGRESS) -> Path:
        """A copy of the data file at `out` (a file name, or a folder to put a dated
        file in). Returns the file written. The audit log records it, unless the data
        file is read-only (the copy is what matters then)."""
        self.accounts.require(CLERK)
        target = self._copy(out, tag, progress)
        if not self.file.read_only:
            with self.file.transaction():
                audit.append(self.file.db, actor=self.file.actor, action="backup",
                             kind="database", record_id=target.name, detail=str(target.parent))
        return target

    def _copy(self, out: str | Path, tag: str, progress: Progress) -> Path:
        target = Path(out)
        if target.is_dir():  # a dated name no other file there has, case ignored
            target = filenames.free_name(target / backup_name(self._office(), tag, target))
        filenames.check_name(target)
        if not target.parent.is_dir():
            raise DvkError(_("The folder {folder} does not exist.").format(folder=target.parent))
        if filenames.same_file(target, str(self.file.path)):  # "A.sqlite" is "a.sqlite"
            raise DvkError(_("A backup cannot replace the data file itself; choose another "
                             "name."))
        leftovers.clean(target.parent)
        self._copy_to(target, _("Copying the data file"), progress)
        self._remember()
        return target

    def _remember(self) -> None:
        """Note on this PC whose data file this is and where its backups go, for a
        rescue when it can no longer say so itself."""
        if not self.remember_on_pc:
            return
        known.remember(self.file.path, office=self._office(), backup_folder=self.folder())

    def clean_leftovers(self) -> list[Path]:
        """Remove stale half-written files (a killed backup, restore or export) beside
        the data file and in the backup folder; return them."""
        removed = []
        if str(self.file.path) != ":memory:":
            removed += leftovers.clean(Path(self.file.path).resolve().parent)
        return removed + leftovers.clean(self.folder())

    def automatic_metas(self) -> list[files.Meta]:
        return backup_metas(self.folder(), f"dvk-*-{AUTO_TAG}{SUFFIX}")

    def automatic(self) -> list[Path]:
        """The automatic backups in the backup folder, newest first (in the order they
        were made, whatever the clock said)."""
        return [m.path for m in self.automatic_metas()]

    def all_backups(self) -> list[Path]:
        """This office's backups in the backup folder (automatic, before a restore, by
        hand), newest first."""
        return backups_in(self.folder(), self._office())

    def newest(self) -> files.Meta | None:
        """The newest backup of this office in the backup folder."""
        office = self._office()
        for meta in backup_metas(self.folder()):
            if meta.office_code in (None, office):
                return meta
        return None

    def _current_rev(self) -> int | None:
        try:
            with storage_errors():
                row = self.file.db.execute("SELECT rev FROM sync_clock WHERE id = 1").fetchone()
        except DvkError:
            return None
        return row[0] if row else None

    def daily_due(self) -> Path | None:
        """Where today's automatic backup goes, or None when it was made already.

        By the day the newest automatic backup was made (as the program saw it then):
        a later day is due. When the clock reads a day earlier than that backup, or
        earlier than this data file's newest entry, the clock cannot say whether today's
        backup exists: a backup is then due whenever the data changed since the newest
        one (which the backup's own change counter tells)."""
        newest = next(iter(self.automatic_metas()), None)
        if newest is None:
            return self._next_target()
        today = clock.today()
        made_on = _made_on(newest)
        if made_on is None or today > made_on:
            return self._next_target()
        suspect = today < made_on or self._clock_check().behind()
        if suspect and newest.rev != self._current_rev():
            return self._next_target()
        return None

    def _next_target(self) -> Path:
        folder = self.folder()
        return folder / backup_name(self._office(), AUTO_TAG, folder)

    def daily(self, progress: Progress = NO_PROGRESS, target: Path | None = None
              ) -> Path | None:
        """The first start of a day makes a backup; later starts that day do not.
        Returns the new file, or None when today's backup exists. The window works out
        `target` with `daily_due()` on its own thread and runs this in a job (the copy
        uses a connection of its own)."""
        target = target or self.daily_due()
        if target is None:
            return None
        folder = target.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _os_error(error, folder) from error
        leftovers.clean(folder)
        self._copy_to(target, _("Daily backup"), progress)
        self._remember()
        self.rotate(just_made=target)
        return target

    def _copy_to(self, target: Path, label: str, progress: Progress) -> None:
        """SQLite's online backup of the data file into `target` (checked, written under
        a temporary name, renamed), every failure explained."""
        source = self._source()
        try:
            files.copy_database(source, target, lambda done, total: progress.report(
                done, total, label), serial=next_serial(target.parent))
            atrest.copy_key_file(self.file.path, target)  # an encrypted file's backup
        except files.BackupFileError as error:
            raise _file_error(error, target) from error
        except ERRORS as error:
            raise explain(error) from error
        except OSError as error:
            raise _os_error(error, target) from error
        finally:
            if source is not self.file.db.conn:
                source.close()

    def rotate(self, keep: int | None = None, *, just_made: Path | None = None) -> list[Path]:
        """Delete automatic backups beyond the newest `keep()` (by the order they were
        made), never `just_made`; return what went."""
        removed = []
        for path in self.automatic()[keep or self.keep():]:
            if just_made is not None and path == just_made:
                continue
            try:
                fileops.remove(path)
                removed.append(path)
                fileops.remove(atrest.key_file(path))  # an encrypted backup's key file
            except OSError:
                # Held open (a virus scan, a viewer) or on a stick gone: it stays, and
                # goes at the next rotation; it harms nothing.
                continue
        return removed

    # -- restoring -------------------------------------------------------------------------
    def preview(self, path: str | Path) -> Preview:
        preview = preview_file(path, self._office())
        preview.erasures = [e for e in self.privacy.erasures()
                            if e.id not in preview.contents.erasure_ids]
        return preview

    def restore(self, path: str | Path, progress: Progress = NO_PROGRESS) -> Path:
        """Replace this office's data with the backup's, after copying the current
        data aside (so a restore can itself be undone). Returns that safety copy.

        The backup is copied and prepared first (see `_prepare_restored`); the data
        file is changed only by the last step, which puts the prepared copy's pages in
        place at once (SQLite's backup API, one transaction)."""
        self.accounts.require(ADMIN)
        self.file.check_writable()
        path = Path(path)
        preview = self.preview(path)
        if not preview.ok:
            raise DvkError(" ".join(preview.problems))
        progress.report(0, 3, _("Copying the current data aside"))
        folder = self.folder()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _os_error(error, folder) from error
        safety = self._copy(folder, BEFORE_RESTORE_TAG, NO_PROGRESS)
        progress.report(1, 3, _("Restoring the backup"))
        try:
            # In the data file's key: a backup made before it was encrypted (or
            # the other way round) is copied into it (app/atrest.py).
            prepared = files.copy_beside(path, folder / path.name,
                                         key=known_key(self.file.path))
        except ERRORS as error:
            raise explain(error) from error
        except OSError as error:
            raise _prepare_error(error, folder) from error
        try:
            try:
                _prepare_restored(prepared, path.name, preview.contents.made_at,
                                  actor=self.file.actor)
            except OSError as error:
                raise _prepare_error(error, folder) from error
            self.file.check_writable()
            progress.report(2, 3, _("Starting a new sequence of bundles"))
            try:
                files.restore_into(prepared, self.file.db.conn)
            except ERRORS as error:
                raise explain(error) from error
        finally:
            files.remove_temporary(prepared)
        self.after_restore()
        if preview.erasures:  # the backup still held what they erased
            self.privacy.reapply(preview.erasures)
        progress.report(3, 3, "")
        return safety

    def after_restore(self, *_ignored) -> None:
        """What every restore ends with once the restored file is open: caches of the
        replaced file forgotten, the screens told. (The new sequence line and the
        audit entry are already in the restored file.)"""
        table_columns.forget(self.file.db)  # the replaced file's columns may differ
        for name in (events.REGISTRATIONS_CHANGED, events.UNITS_CHANGED, events.SYNC_CHANGED,
                     events.SCORES_CHANGED, events.RUBRICS_CHANGED, events.SETTINGS_CHANGED):
            self.file.events.emit(name)


def _made_on(meta: files.Meta):
    """The day a backup was made, as the program saw it then."""
    import datetime as dt

    for value in (meta.made_on, (meta.made_at or "")[:10]):
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError:
            continue
    return None


def open_error_is_damage(error: BaseException) -> bool:
    """Did opening a data file fail because the file is damaged (so a restore from a
    backup is the way out)?"""
    return isinstance(error, StorageError) and error.reason == "damaged"


read_meta = files.read_meta

__all__ = ["BackupService", "Preview", "backups_in", "default_folder", "office_of_data_file",
           "open_error_is_damage", "preview_file", "read_meta", "rescue_candidates",
           "restore_damaged"]
