"""Sending down in one go (issue 25): one bundle for every office below this one (or
those chosen), each written into a folder named after that office, so the clerk copies
each commune's folder onto its stick, or the whole folder onto one stick.

Each bundle is the ordinary export (SyncService.export): signed, numbered in its
recipient's sequence, written safely, recorded as sent; an office whose export fails
(a full stick, a key it cannot encrypt to) is reported and the others are written.
The key is unlocked once for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.text import sort_key
from app.errors import DvkError
from app.filenames import safe_file_name
from app.i18n import _
from app.services.progress import NO_PROGRESS, Progress
from app.sync import tree

if TYPE_CHECKING:
    from app.context import AppContext
    from app.sync.service import ExportResult


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


def children(ctx: AppContext) -> list[tuple[str, str]]:
    """(code, name) of every office below this one, in Vietnamese order."""
    rows = [(unit.code, unit.name) for unit, relation in ctx.sync.partners()
            if relation == tree.CHILD]
    return sorted(rows, key=lambda row: (sort_key(row[1]), row[0]))


def send_down(ctx: AppContext, out: str | Path, codes: list[str] | None = None, *,
              passphrase: str | None = None, full: bool = False, encrypt: bool = False,
              progress: Progress = NO_PROGRESS) -> list[Sent]:
    """A bundle for each office below (all, or `codes`) under `out`/<its folder>."""
    root = Path(out)
    if not root.is_dir():
        raise DvkError(_("The folder {folder} does not exist. Choose (or make) the folder "
                         "the bundles go into.").format(folder=root))
    below = dict(children(ctx))
    if codes:
        wrong = [code for code in codes if code not in below]
        if wrong:
            raise DvkError(_("{codes}: not an office below this one; bundles go down only to "
                             "those.").format(codes=", ".join(wrong)))
        chosen = [(code, below[code]) for code in dict.fromkeys(codes)]
        chosen.sort(key=lambda row: (sort_key(row[1]), row[0]))
    else:
        chosen = list(below.items())
    if not chosen:
        raise DvkError(_("This office has no office below it to send to."))
    ctx.keys.unlock(passphrase)  # once, for every bundle (a wrong passphrase stops here)
    sent: list[Sent] = []
    for index, (code, name) in enumerate(chosen):
        progress.report(index, len(chosen), name)
        folder = root / folder_name(code, name)
        entry = Sent(code=code, name=name, folder=folder)
        sent.append(entry)
        try:
            folder.mkdir(exist_ok=True)
            entry.result = ctx.sync.export(code, folder, passphrase=passphrase, full=full,
                                           encrypt=encrypt)
        except DvkError as error:
            entry.error = error.message
        except OSError as error:
            entry.error = _("The folder {folder} cannot be made ({detail}).").format(
                folder=folder, detail=error.strerror or error)
    progress.report(len(chosen), len(chosen), "")
    return sent
