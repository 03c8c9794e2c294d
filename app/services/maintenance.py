"""Checking the data file: SQLite's integrity check, foreign keys, the audit chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.domain import stamps
from app.i18n import _
from app.repositories.storage import storage_errors
from db.connection import SCHEMA_NAMES, schema_version

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Checkpoints


@dataclass
class CheckReport:
    ok: bool
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class MaintenanceService:
    def __init__(self, file: OfficeFile, *,
                 audit_checkpoints: Callable[[], Checkpoints]):
        self.file = file
        self._audit_checkpoints = audit_checkpoints

    def check(self) -> CheckReport:
        db = self.file.db
        problems: list[str] = []
        with storage_errors():
            integrity = [row[0] for row in db.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                problems.append(_("The file structure is damaged: {detail}").format(
                    detail="; ".join(integrity[:5])))
            dangling = db.execute("PRAGMA foreign_key_check").fetchall()
            if dangling:
                problems.append(_("{count} records point at records that do not exist.").format(
                    count=len(dangling)))
            log = self._audit_checkpoints().state()  # the chain and its signed checkpoints
            if log.broken_at is not None:
                problems.append(_("The audit log was altered at entry {seq}.").format(
                    seq=log.broken_at))
            problems += log.problems
            counts = {
                "registrations": db.execute("SELECT count(*) FROM registrations").fetchone()[0],
                "units": db.execute("SELECT count(*) FROM units").fetchone()[0],
                "audit": db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
            }
            version = schema_version(db)
        lines = [
            _("Data file: {path}").format(path=self.file.path),
            format_text(version),
            _("Registrations: {count}").format(count=counts["registrations"]),
            _("Units: {count}").format(count=counts["units"]),
            _("Audit log entries: {count}").format(count=counts["audit"]),
        ]
        if log.latest is not None:
            lines.append(_("Audit log protected by checkpoints signed with the office key: "
                           "entries 1 to {entries} (latest checkpoint {date}).").format(
                entries=log.latest.entries, date=stamps.show(log.latest.made_at)))
        elif not log.problems:
            lines.append(log.text())  # no checkpoint yet: said plainly
        lines += self._offices_below()
        if not problems:
            lines.append(_("Integrity check: no problems found."))
        return CheckReport(ok=not problems, lines=lines, problems=problems)

    def _offices_below(self) -> list[str]:
        """What this office holds of the checkpoints of the offices below (their logs
        going back is theirs to explain: a note, not a problem of this file)."""
        below = self._audit_checkpoints().children()
        if not below:
            return []
        lines = [_("Audit log checkpoints of {count} offices below are kept here (dvk audit "
                   "children).").format(count=len(below))]
        for office in below:
            lines += [_("Note: {office} ({code}): {text}").format(
                office=office.name, code=office.code, text=text) for text in office.notes]
        return lines


def format_text(version: int) -> str:
    """What a clerk needs to know of a data file's schema version: whether this version
    of DVK made it, an older one (brought up to date when opened) or a newer one."""
    current = len(SCHEMA_NAMES)
    if version == current:
        return _("Data file format: that of this version of DVK.")
    if version < current:
        return _("Data file format: from an older version of DVK (brought up to date "
                 "when it is opened).")
    return _("Data file format: from a newer version of DVK (install that version to "
             "open it).")
