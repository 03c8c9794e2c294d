"""The audit log shown and printed: who did what and when, with filters, and whether
the hash chain is intact (app/repositories/audit.py writes it, append-only)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import clock
from app.domain import record_kinds, stamps
from app.domain.rows import RowRecord
from app.i18n import N_, _, format_date
from app.repositories import audit as repo
from app.repositories.storage import storage_errors
from app.services.audit_details import readable

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Checkpoints
    from app.printing.model import ReportDoc
    from app.services.printing import PrintService
    from app.services.units import UnitService

# What each action means, for people (unknown actions show as written).
ACTIONS = {
    "create": N_("Created"),
    "update": N_("Changed"),
    "withdraw": N_("Withdrew"),
    "score": N_("Scoring"),
    "submit": N_("Submitted"),
    "return": N_("Returned"),
    "approve": N_("Approved"),
    "lock": N_("Locked"),
    "setup": N_("Set the office"),
    "import": N_("Imported a bundle"),
    "trust": N_("Trusted a key"),
    "new_line": N_("Started a new bundle sequence"),
    "backup": N_("Backed up"),
    "restore": N_("Restored a backup"),
    "login": N_("Signed in"),
    "login_failed": N_("Failed sign-in"),
    "logout": N_("Signed out"),
    "user_add": N_("Added an account"),
    "user_disable": N_("Disabled an account"),
    "user_enable": N_("Enabled an account"),
    "user_role": N_("Changed a role"),
    "password": N_("Changed a password"),
    "send": N_("Sent"),
    "issue": N_("Issued"),
    "certify": N_("Certified a key"),
    "rotate": N_("Changed the office key"),
    "revoke": N_("Revoked a key"),
    # issue 26: personal data (the entry says that it happened, never the data)
    "erase": N_("Erased personal data"),
    "erase_received": N_("Erased personal data (received)"),
    "erase_again": N_("Erased personal data again (after a restore)"),
    "erase_reapplied": N_("Re-applied erasures after a restore"),
    "correct": N_("Corrected personal data"),
    "encrypt_asked": N_("Asked to encrypt the data file at the next start"),
    "encrypt": N_("Encrypted the data file"),
    "data_passphrase": N_("Changed the passphrase of the data file"),
    "accept_rewrite": N_("Accepted a rewritten log"),
    "pdf_sign": N_("Signed a PDF digitally"),
    "pdf_anchor_add": N_("Installed a trust anchor"),
    "pdf_anchor_remove": N_("Removed a trust anchor"),
}


PRINT_LIMIT = 5000
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def action_label(action: str) -> str:
    return _(ACTIONS[action]) if action in ACTIONS else action


def kind_label(kind: str) -> str:
    return record_kinds.label(kind)


@dataclass(frozen=True)
class AuditEntry(RowRecord):
    """One entry of the audit log as read (`AuditService.entries`): its number, when,
    who, the action, the kind and id of the record it touched and the details; `as_json`
    is the row `dvk audit --json` writes, key for key."""

    seq: int
    at: str
    actor: str
    action: str
    kind: str
    record_id: str
    detail: str


ENTRY_COLUMNS = ", ".join(AuditEntry.__dataclass_fields__)


@dataclass
class AuditFilter:
    actor: str = ""
    action: str = ""
    kind: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    text: str = ""

    def where(self) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if self.actor:
            clauses.append("actor = ? COLLATE NOCASE")
            params.append(self.actor.strip())
        if self.action:
            clauses.append("action = ?")
            params.append(self.action)
        if self.kind:
            clauses.append("kind = ?")
            params.append(self.kind)
        if self.since:
            clauses.append("at >= ?")
            params.append(_utc_start(self.since))
        if self.until:
            clauses.append("at < ?")
            params.append(_utc_start(self.until + dt.timedelta(days=1)))
        if self.text.strip():
            clauses.append("(record_id LIKE ? OR detail LIKE ?)")
            params += [f"%{self.text.strip()}%"] * 2
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _utc_start(day: dt.date) -> str:
    """Midnight opening a day in Vietnam as the stored UTC stamp form."""
    return clock.to_stamp(clock.start_of_day(day))


class AuditService:
    def __init__(self, file: OfficeFile, *, units: UnitService,
                 printing: Callable[[], PrintService],
                 audit_checkpoints: Callable[[], Checkpoints]):
        self.file = file
        self.units = units
        self._printing = printing
        self._audit_checkpoints = audit_checkpoints

    def entries(self, where: AuditFilter | None = None, *, limit: int = 500,
                offset: int = 0) -> list[AuditEntry]:
        """The entries `where` picks, newest first."""
        sql, params = (where or AuditFilter()).where()
        with storage_errors():
            rows = list(self.file.db.query(
                f"SELECT {ENTRY_COLUMNS} FROM audit_log{sql}"
                " ORDER BY seq DESC LIMIT ? OFFSET ?", [*params, limit, offset]))
        return [AuditEntry.from_row(row) for row in rows]

    def count(self, where: AuditFilter | None = None) -> int:
        sql, params = (where or AuditFilter()).where()
        with storage_errors():
            return self.file.db.execute(f"SELECT count(*) FROM audit_log{sql}",
                                       params).fetchone()[0]

    def choices(self) -> dict[str, list[str]]:
        """The actors, actions and kinds that occur, for the filter lists."""
        with storage_errors():
            return {column: [row[0] for row in self.file.db.execute(
                f"SELECT DISTINCT {column} FROM audit_log ORDER BY {column}")]
                for column in ("actor", "action", "kind")}

    def broken_at(self) -> int | None:
        """The first entry whose hash does not follow (altered), or None."""
        with storage_errors():
            return repo.verify_chain(self.file.db)

    def chain_text(self) -> str:
        return self.chain_sentence(self.broken_at())

    @staticmethod
    def chain_sentence(broken: int | None) -> str:
        if broken is None:
            return _("The log's hash chain is intact: no entry was changed or removed.")
        return _("WARNING: the log was altered at entry {seq}.").format(seq=broken)

    @staticmethod
    def row_texts(entry: AuditEntry) -> list[str]:
        """One entry as the screen and the paper show it."""
        detail = readable(entry.action, entry.kind, entry.detail or "")
        detail = _STAMP.sub(lambda m: stamps.show(m.group(0)), detail)
        record = entry.record_id or ""
        if _UUID.match(record):
            record = record[:8]  # as the lists print ids
        elif _SHA256.match(record):
            record = record[:16]  # a bundle, as the exchange screen prints it
        if record:
            detail = f"{record}{': ' if detail else ''}{detail}"
        return [str(entry.seq), stamps.show(entry.at), entry.actor,
                action_label(entry.action), kind_label(entry.kind), detail[:200]]

    @staticmethod
    def headers() -> list[str]:
        return [_("No."), _("Time"), _("User"), _("Action"), _("Record kind"), _("Details")]

    def document(self, where: AuditFilter | None = None) -> ReportDoc:
        from app.printing.model import Heading, ReportDoc, Section, Signer, TableBlock

        where = where or AuditFilter()
        rows = self.entries(where, limit=PRINT_LIMIT)
        total = self.count(where)
        office = self._printing().office()
        scope = []
        if where.since or where.until:
            scope.append(_("from {since} to {until}").format(
                since=format_date(where.since) if where.since else "...",
                until=format_date(where.until) if where.until else "..."))
        if where.actor:
            scope.append(_("user {name}").format(name=where.actor))
        if where.action:
            scope.append(action_label(where.action))
        if where.kind:
            scope.append(kind_label(where.kind))
        log = self._audit_checkpoints().state()  # one pass: the chain and its checkpoints
        paragraphs = [self.chain_sentence(log.broken_at), log.text(),
                      self._audit_checkpoints().limits(),
                      _("{shown} of {total} entries, newest first.").format(
                          shown=len(rows), total=total)]
        if scope:
            paragraphs.insert(0, _("Filter: {what}.").format(what="; ".join(scope)))
        table = TableBlock(columns=self.headers(), rows=[self.row_texts(r) for r in rows],
                           widths=[0.7, 1.9, 1.3, 2.0, 1.4, 4.2],
                           align=["center", "left", "left", "left", "left", "left"])
        return ReportDoc(
            heading=Heading(system=office.system, superior=office.superior, body=office.body,
                            place=office.place, date=clock.today()),
            title=_("AUDIT LOG"),
            subject=_("Who did what in the data file of {office}").format(
                office=self.units.office().name),
            sections=[Section(paragraphs=paragraphs, tables=[table])],
            recipients=[_("Kept on file.")],
            signer=Signer(office.signer.on_behalf, office.signer.title, office.signer.name))

    def print_pdf(self, target: str | Path, where: AuditFilter | None = None) -> Path:
        return self._printing().save(self.document(where), target)
