"""Sending down in one go (issue 25): one bundle for every office below this one (or
those chosen), each written into a folder named after that office, so the clerk copies
each commune's folder onto its stick, or the whole folder onto one stick.

Each bundle is the ordinary export (SyncService.export): signed, numbered in its
recipient's sequence, written safely, recorded as sent; an office whose export fails
(a full stick, a key it cannot encrypt to) is reported and the others are written.
The key is unlocked once for all of them, and the office's records are read once for
all of them (app/sync/down_batch.py): each office gets what its own export would give.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.core.progress import NO_PROGRESS, Progress
from app.domain.bundles import OutboxEntry, SentBundle
from app.domain.text import sort_key
from app.errors import DvkError
from app.filenames import safe_file_name
from app.i18n import _
from app.repositories import sync_tables, unit_tree
from app.sync.down_batch import DownBatch

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.datafile.office_file import OfficeFile
    from app.ports import Units
    from app.sync.service import ExportResult, KeyService, SyncService


@dataclass
class Sent:
    code: str
    name: str
    folder: Path
    result: ExportResult | None = None
    error: str = ""


def folder_name(code: str, name: str) -> str:
    """The folder of one office's bundles: its name, then its code ("Xã Gia Viễn -
    13657"), valid on Windows."""
    return safe_file_name(f"{name} - {code}", suffix="")


class SendDownService:
    """Bundles down to the offices below in one go (`ctx.send_down`), and the list of
    what this office sent."""

    def __init__(self, file: OfficeFile, *, units: Units,
                 keys: Callable[[], KeyService], sync: Callable[[], SyncService]):
        self.file = file
        self.units = units
        self._keys = keys
        self._sync = sync

    def children(self) -> list[tuple[str, str]]:
        """(code, name) of every office below this one, in Vietnamese order."""
        rows = [(unit.code, unit.name) for unit, relation in self._sync().partners()
                if relation == unit_tree.CHILD]
        return sorted(rows, key=lambda row: (sort_key(row[1]), row[0]))

    def send(self, out: str | Path, codes: list[str] | None = None, *,
             passphrase: str | None = None, full: bool = False, encrypt: bool | None = False,
             progress: Progress = NO_PROGRESS) -> list[Sent]:
        """A bundle for each office below (all, or `codes`) under `out`/<its folder>."""
        root = Path(out)
        if not root.is_dir():
            raise DvkError(_("The folder {folder} does not exist. Choose (or make) the "
                             "folder the bundles go into.").format(folder=root))
        below = dict(self.children())
        if codes:
            wrong = [code for code in codes if code not in below]
            if wrong:
                raise DvkError(_("{codes}: not an office below this one; bundles go down "
                                 "only to those.").format(codes=", ".join(wrong)))
            chosen = [(code, below[code]) for code in dict.fromkeys(codes)]
            chosen.sort(key=lambda row: (sort_key(row[1]), row[0]))
        else:
            chosen = list(below.items())
        if not chosen:
            raise DvkError(_("This office has no office below it to send to."))
        # Once, for every bundle (a wrong passphrase stops here).
        self._keys().unlock(passphrase)
        self._sync().finish_pending()  # exports cut off earlier, once for all, not per export
        down = DownBatch(self.file.db, self.file.office_code, 0 if full else min(
            sync_tables.max_rev_sent(self.file.db, code) for code, _name in chosen))
        sent: list[Sent] = []
        for index, (code, name) in enumerate(chosen):
            progress.report(index, len(chosen), name)
            folder = root / folder_name(code, name)
            entry = Sent(code=code, name=name, folder=folder)
            sent.append(entry)
            try:
                folder.mkdir(exist_ok=True)
                entry.result = self._sync().export(code, folder, passphrase=passphrase,
                                                   full=full, encrypt=encrypt, batch=down)
            except DvkError as error:
                entry.error = error.message
            except OSError as error:
                entry.error = _("The folder {folder} cannot be made ({detail}).").format(
                    folder=folder, detail=error.strerror or error)
        progress.report(len(chosen), len(chosen), "")
        return sent

    def sent_list(self, limit: int = -1) -> list[SentBundle]:
        """The bundles this office wrote, newest first, with the recipient's name and,
        for a bundle down, whether the recipient has imported it (its receipt came up in
        a bundle of its own): True, False, or None for a bundle up (the office above
        sends no receipts down). Every one: no cap."""
        from app.repositories.sync_tables import receipts_from

        office = self.file.office_code
        receipts = receipts_from(self.file.db, office)
        parent = self.units.parent_office()
        rows = list(self.file.db.query(
            "SELECT o.*, coalesce(u.name, o.recipient) AS recipient_name FROM outbox o"
            " LEFT JOIN units u ON u.code = o.recipient ORDER BY o.id DESC LIMIT ?", [limit]))
        sent = []
        for row in rows:
            if parent is not None and row["recipient"] == parent.code:
                imported = None
            else:
                receipt = receipts.get((row["recipient"], row["recipient"], row["line"]))
                imported = bool(receipt and receipt.covers(row["seq"]))
            sent.append(SentBundle(**vars(OutboxEntry.from_row(row)),
                                   recipient_name=row["recipient_name"], imported=imported))
        return sent
