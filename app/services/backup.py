"""Backups: one automatic copy on the first start of each day (kept with rotation), a
copy to any folder or USB stick, and restoring one with a preview first.

Automatic backups go to the office's backup folder: the setting `backup.folder`
(absolute, or relative to the data file's folder), else a folder per data file under
the per-user data folder, so that a data file on a stick that dies still has its
copies on the PC. The newest `backup.keep` automatic copies are kept (14 by default).

A restored database is where the office stood when the backup was made; bundles it
sent since then are already at their recipients. So a restore always starts a new
sequence line (`SyncService.start_new_sequence_line`): the next bundle can never
carry a number the recipient already saw with other content (a fork).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app import atrest, clock, filenames, fileops
from app.domain import stamps
from app.domain.accounts import ADMIN, CLERK
from app.errors import DvkError, StorageError
from app.i18n import N_, _
from app.paths import portable_dir, user_data_dir
from app.repositories import audit
from app.repositories import backups as files
from app.repositories.storage import explain
from app.services import events
from app.services.progress import NO_PROGRESS, Progress
from db.connection import ERRORS, SCHEMA_NAMES, connect, known_key, migrate

if TYPE_CHECKING:
    from app.context import AppContext

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
    erasures: list[dict] = field(default_factory=list)

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
                    max(e["created_at"] for e in self.erasures))))
        return result


def backup_name(office: str | None, tag: str = "") -> str:
    stamp = clock.now_vietnam().strftime("%Y%m%d-%H%M%S")
    return f"dvk-{office or 'chua-dat'}-{stamp}{'-' + tag if tag else ''}{SUFFIX}"


_STAMP = re.compile(r"\d{8}-\d{6}")
_NUMBER = re.compile(r" \((\d+)\)\.[^.]*$")


def _newest_first(paths) -> list[Path]:
    """By the time in the name ("... (2)" made later the same second), then the file's
    time: a FAT32 stick keeps file times to two seconds, so two backups made within
    them would otherwise come in any order."""
    def key(path: Path) -> tuple[str, int, float]:
        found, number = _STAMP.search(path.name), _NUMBER.search(path.name)
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = 0.0
        return (found.group() if found else "", int(number.group(1)) if number else 1,
                mtime)

    return sorted(paths, key=key, reverse=True)


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


def preview_file(path: str | Path, current_office: str | None = None) -> Preview:
    """Check a backup and say what it holds (no database needed: this also serves a
    damaged data file at startup)."""
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
        contents = files.inspect(path)
    except files.BackupFileError as error:
        raise _file_error(error, path) from error
    problems = []
    if contents.integrity != "ok":
        problems.append(_("The backup itself is damaged ({detail}).").format(
            detail=contents.integrity))
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


def backups_in(folder: Path) -> list[Path]:
    """Every backup file in a folder, newest first."""
    if not folder.is_dir():
        return []
    return _newest_first(p for p in folder.glob(f"dvk-*{SUFFIX}") if p.is_file())


def rescue_candidates(db_path: str | Path) -> list[Path]:
    """Backups that may belong to a data file that cannot be opened (so its own
    setting of the backup folder cannot be read): the default folder, and any
    `backups` folder beside the data file. Newest first."""
    db_path = Path(db_path)
    found = set(backups_in(default_folder(db_path)))
    beside = db_path.resolve().parent / "backups"
    if beside.is_dir():
        found.update(p for p in beside.rglob(f"dvk-*{SUFFIX}") if p.is_file())
    return _newest_first(found)


def restore_damaged(backup: str | Path, target: str | Path) -> Path | None:
    """Put a backup in place of a data file that cannot be opened: the damaged file
    is renamed (kept, never deleted), then the backup copied in its place. The caller
    opens the result and calls `BackupService.after_restore`. Returns the damaged
    file's new name."""
    backup, target = Path(backup), Path(target)
    preview = preview_file(backup)
    if not preview.ok:
        raise DvkError(" ".join(preview.problems))
    try:
        aside = files.set_aside(target)
        atrest.place_key_file(backup, target, aside)
        files.place_file(backup, target)
    except OSError as error:
        detail = fileops.explain(error, target) or error.strerror or error
        raise DvkError(_("The backup could not be put in place of {path} ({detail}). "
                         "Nothing was deleted.").format(path=target, detail=detail)) from error
    return aside


class BackupService:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx

    # -- where -----------------------------------------------------------------------------
    def folder(self) -> Path:
        chosen = self.ctx.setting("backup.folder")
        if isinstance(chosen, str) and chosen:
            path = Path(chosen)
            if not path.is_absolute() and isinstance(self.ctx.path, Path | str) and \
                    str(self.ctx.path) != ":memory:":
                path = Path(self.ctx.path).resolve().parent / path
            return path
        return default_folder(self.ctx.path)

    def keep(self) -> int:
        value = self.ctx.setting("backup.keep", KEEP_DEFAULT)
        return value if isinstance(value, int) and value >= 1 else KEEP_DEFAULT

    def _office(self) -> str | None:
        return self.ctx.setting("office_code")

    # -- making backups ----------------------------------------------------------------------
    def _source(self) -> sqlite3.Connection:
        """A connection of its own: a backup may run off the window's thread."""
        if str(self.ctx.path) == ":memory:":
            return self.ctx.db.conn
        return connect(self.ctx.path).conn

    def backup_to(self, out: str | Path, *, tag: str = "",
                  progress: Progress = NO_PROGRESS) -> Path:
        """A copy of the data file at `out` (a file name, or a folder to put a dated
        file in). Returns the file written."""
        self.ctx.accounts.require(CLERK)
        target = Path(out)
        if target.is_dir():  # a dated name no other file there has, case ignored
            target = filenames.free_name(target / backup_name(self._office(), tag))
        filenames.check_name(target)
        if not target.parent.is_dir():
            raise DvkError(_("The folder {folder} does not exist.").format(folder=target.parent))
        if filenames.same_file(target, str(self.ctx.path)):  # "A.sqlite" is "a.sqlite"
            raise DvkError(_("A backup cannot replace the data file itself; choose another "
                             "name."))
        self._copy_to(target, _("Copying the data file"), progress)
        with self.ctx.transaction():
            audit.append(self.ctx.db, actor=self.ctx.actor, action="backup", kind="database",
                         record_id=target.name, detail=str(target.parent))
        return target

    def automatic(self) -> list[Path]:
        """The automatic backups in the backup folder, newest first."""
        folder = self.folder()
        if not folder.is_dir():
            return []
        found = [p for p in folder.glob(f"dvk-*-{AUTO_TAG}{SUFFIX}") if p.is_file()]
        return sorted(found, key=lambda p: p.name[-(len(AUTO_TAG) + len(SUFFIX) + 16):],
                      reverse=True)

    def all_backups(self) -> list[Path]:
        """Every backup in the backup folder (automatic, before a restore, by hand)."""
        return backups_in(self.folder())

    def daily_due(self) -> Path | None:
        """Where today's automatic backup goes, or None when it was made already."""
        today = clock.today().strftime("%Y%m%d")
        if any(f"-{today}-" in path.name for path in self.automatic()):
            return None
        return self.folder() / backup_name(self._office(), AUTO_TAG)

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
        self._copy_to(target, _("Daily backup"), progress)
        self.rotate()
        return target

    def _copy_to(self, target: Path, label: str, progress: Progress) -> None:
        """SQLite's online backup of the data file into `target` (checked, written under
        a temporary name, renamed), every failure explained."""
        source = self._source()
        try:
            files.copy_database(source, target, lambda done, total: progress.report(
                done, total, label))
            atrest.copy_key_file(self.ctx.path, target)  # an encrypted file's backup
        except files.BackupFileError as error:
            raise _file_error(error, target) from error
        except ERRORS as error:
            raise explain(error) from error
        except OSError as error:
            raise _os_error(error, target) from error
        finally:
            if source is not self.ctx.db.conn:
                source.close()

    def rotate(self, keep: int | None = None) -> list[Path]:
        """Delete automatic backups beyond the newest `keep()`; return what went."""
        removed = []
        for path in self.automatic()[keep or self.keep():]:
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
        preview.erasures = [e for e in self.ctx.privacy.erasures()
                            if e["id"] not in preview.contents.erasure_ids]
        return preview

    def restore(self, path: str | Path, progress: Progress = NO_PROGRESS) -> Path:
        """Replace this office's data with the backup's, after copying the current
        data aside (so a restore can itself be undone). Returns that safety copy."""
        self.ctx.accounts.require(ADMIN)
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
        safety = self.backup_to(folder, tag=BEFORE_RESTORE_TAG)
        progress.report(1, 3, _("Restoring the backup"))
        try:
            files.restore_into(path, self.ctx.db.conn)
        except ERRORS as error:
            raise explain(error) from error
        progress.report(2, 3, _("Starting a new sequence of bundles"))
        self.after_restore(path, preview.contents.made_at)
        if preview.erasures:  # the backup still held what they erased
            self.ctx.privacy.reapply(preview.erasures)
        progress.report(3, 3, "")
        return safety

    def after_restore(self, path: Path, made_at: str | None) -> None:
        """What every restore ends with: the schema brought up to date, a new sequence
        line for bundles, and the audit log told."""
        from app.sync import store

        store._COLUMNS.clear()  # column lists of the replaced file may differ
        try:
            migrate(self.ctx.db)
        except ERRORS as error:
            raise explain(error) from error
        self.ctx.sync.start_new_sequence_line("restore")
        with self.ctx.transaction():
            audit.append(self.ctx.db, actor=self.ctx.actor, action="restore",
                         kind="database", record_id=path.name, detail=made_at or "")
        for name in (events.REGISTRATIONS_CHANGED, events.UNITS_CHANGED, events.SYNC_CHANGED,
                     events.SCORES_CHANGED, events.RUBRICS_CHANGED, events.SETTINGS_CHANGED):
            self.ctx.events.emit(name)


def open_error_is_damage(error: BaseException) -> bool:
    """Did opening a data file fail because the file is damaged (so a restore from a
    backup is the way out)?"""
    return isinstance(error, StorageError) and error.reason == "damaged"


__all__ = ["BackupService", "Preview", "backups_in", "default_folder", "open_error_is_damage",
           "preview_file", "rescue_candidates", "restore_damaged"]
