"""Where the program's own files and the user's files live.

Resources (unit list, rubrics, fonts) and catalogs sit beside the `app` package in a
source checkout, in site-packages after `pip install`, and under the unpacked folder
of a PyInstaller build alike, so one relative rule finds them everywhere.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "DVK"
_ROOT = Path(__file__).resolve().parent.parent
PORTABLE_MARKER = "dvk-portable.txt"


def program_root() -> Path:
    """The folder that holds the `resources` and `i18n` folders."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) if frozen else _ROOT


def resource(*parts: str) -> Path:
    return program_root().joinpath("resources", *parts)


def catalogs_dir() -> Path:
    return program_root() / "i18n"


def portable_dir() -> Path | None:
    """The data folder beside the executable when a portable marker file is there."""
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    return exe_dir / "data" if (exe_dir / PORTABLE_MARKER).exists() else None


def user_data_dir() -> Path:
    override = os.environ.get("DVK_DATA_DIR")
    if override:
        path = Path(override)
    else:
        path = portable_dir() or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        # Most often a write-protected or full USB stick in portable mode.
        from app.errors import StorageError
        from app.i18n import _

        raise StorageError(_(
            "The data folder {path} cannot be created ({detail}). If DVK runs from a USB "
            "stick, check that the stick is not write-protected or full."
        ).format(path=path, detail=error.strerror or error)) from error
    return path


def default_db_path() -> Path:
    return user_data_dir() / "dvk.sqlite"


def demo_dir() -> Path:
    return user_data_dir() / "demo"
