"""Saving a file the clerk named, and opening it afterwards, as Windows makes it go.

A PDF still open in a reader, or a workbook open in Excel, cannot be replaced on
Windows. Instead of a bare error the clerk is asked: close it and try again, or save
under a free name ("giay-cong-nhan (2).pdf"), or cancel; what was there stays as it
was. A saved file can be opened at once with the program Windows has for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app import filenames, fileops
from app.errors import DvkError
from app.i18n import _
from ui.actions import run_action
from ui.jobs import JobRunner
from ui.messages import ask, show_error


def open_with_system(path: str | Path) -> bool:
    """Open a file with the program the system has for its kind (Windows: its
    associations); a path with Vietnamese letters and spaces goes as a proper URL."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_file(parent: QWidget | None, path: str | Path) -> bool:
    path = Path(path)
    if path.is_file() and open_with_system(path):
        return True
    show_error(parent, _("{name} cannot be opened: no program on this PC opens this kind "
                         "of file (install a PDF reader or a spreadsheet program). The file "
                         "is saved in {folder}.").format(name=path.name, folder=path.parent))
    return False


def open_folder(parent: QWidget | None, path: str | Path) -> bool:
    """Show the folder a file was saved in (on Windows, Explorer with the file
    selected), so the clerk can copy it to a stick or attach it to an e-mail."""
    path = Path(path)
    if sys.platform == "win32" and path.exists():
        if QProcess.startDetached("explorer.exe", [f"/select,{os.path.normpath(path)}"]):
            return True
    if path.parent.is_dir() and open_with_system(path.parent):
        return True
    show_error(parent, _("The folder {folder} cannot be shown on this PC; the file is "
                         "saved there.").format(folder=path.parent))
    return False


def show_saved(parent: QWidget | None, text: str, path: str | Path,
               title: str | None = None) -> bool:
    """Tell where the file went, with buttons that open it or its folder. True: the
    file or its folder was opened."""
    box = QMessageBox(QMessageBox.Icon.Information, title or _("Information"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    opener = box.addButton(_("Open the file"), QMessageBox.ButtonRole.ActionRole)
    folder = box.addButton(_("Open the folder"), QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(_("Close"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(close)
    wanted: list[str] = []  # the box may be gone after exec (its window was closed)
    opener.clicked.connect(lambda: wanted.append("file"))
    folder.clicked.connect(lambda: wanted.append("folder"))
    box.exec()
    if not wanted:
        return False
    return open_file(parent, path) if wanted[0] == "file" else open_folder(parent, path)


def is_held(error: BaseException) -> bool:
    return fileops.caused_by_in_use(error)


def next_target(parent: QWidget | None, error: BaseException, path: str) -> str | None:
    """The file `path` is open in another program: ask what to do. Returns the path to
    try (the same again, or a free name), or None to stop."""
    other = filenames.free_name(path)
    message = error.message if isinstance(error, DvkError) else str(error)
    choice = ask(parent, _("The file is open in another program"), message,
                 [("retry", _("Try again")),
                  ("other", _("Save as {name}").format(name=other.name)),
                  ("cancel", _("Cancel"))], default="retry")
    if choice == "retry":
        return path
    if choice == "other":
        return str(other)
    return None


def save_now(parent: QWidget | None, path: str, write: Callable[[str], Path]) -> Path | None:
    """`write(path)` on the UI thread (a ready PDF); the file written, or None."""
    while True:
        try:
            return write(path)
        # Not run_action: saving's own loop, which asks again while another program holds the file
        except DvkError as error:
            if not is_held(error):
                show_error(parent, error)
                return None
            retry = next_target(parent, error, path)
            if retry is None:
                return None
            path = retry


def save_in_job(parent: QWidget, runner: JobRunner, title: str, path: str,
                write: Callable[[str, Any], Path], on_saved: Callable[[Path], None],
                on_failed: Callable[[BaseException], None] | None = None):
    """`write(path, progress)` off the UI thread with a progress bar; when the file is
    held open, the same question as `save_now`, and the job again. `on_failed` hears
    of a cancel or a failure (after it was shown), and of the clerk giving up on a
    held file."""
    def failed(error: BaseException) -> None:
        if is_held(error):
            retry = next_target(parent, error, path)
            if retry is not None:
                save_in_job(parent, runner, title, retry, write, on_saved, on_failed)
                return
        if on_failed is not None:
            on_failed(error)

    return run_action(parent, lambda progress: write(path, progress), on_saved, jobs=runner,
                      progress=title, on_error=failed, handled=is_held)
