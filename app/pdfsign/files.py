"""Reading a file the clerk named (a PDF, a certificate, an image): every failure
worded, and a size limit so a wrong choice (a video, a disk image) is refused at once."""

from __future__ import annotations

from pathlib import Path

from app.errors import DvkError
from app.i18n import _


def read_bytes(path: str | Path, max_bytes: int) -> bytes:
    path = Path(path)
    try:
        if path.is_dir():
            raise DvkError(_("{path} is a folder; give a file.").format(path=path))
        if path.stat().st_size > max_bytes:
            raise DvkError(_("{name} is larger than {limit} MB; choose the right file.")
                           .format(name=path.name, limit=max(1, max_bytes // (1024 * 1024))))
        return path.read_bytes()
    except FileNotFoundError:
        raise DvkError(_("The file {path} does not exist.").format(path=path)) from None
    except OSError as error:
        raise DvkError(_("The file {path} cannot be read ({detail}).").format(
            path=path, detail=error.strerror or error)) from None
