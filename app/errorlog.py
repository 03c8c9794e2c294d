"""dvk-errors.log in the data folder: where internal errors go, from the command line
and from the window alike (the windowed program has no console to print them on)."""

from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType

from app import clock
from app.errors import DvkError
from app.paths import user_data_dir

LOG_NAME = "dvk-errors.log"


def log_path() -> Path:
    return user_data_dir() / LOG_NAME


def record(error: BaseException | None = None,
           trace: TracebackType | None = None) -> str:
    """Append the error (the one being handled when None) with its traceback; return
    where it went: the log's path, or "" when there is no data folder to write in."""
    if error is None:
        text = traceback.format_exc()
    else:
        text = "".join(traceback.format_exception(type(error), error,
                                                  trace or error.__traceback__))
    try:
        path = log_path()
        with open(path, "a", encoding="utf-8", errors="replace") as log:
            log.write(f"{clock.now_vietnam():%Y-%m-%d %H:%M:%S} internal error\n{text}\n")
        return str(path)
    except (OSError, DvkError):  # no data folder (a write-protected stick...)
        return ""
