"""Writing a finished PDF safely: into a temporary file beside the target, flushed to
disk, then renamed over the final name in one step. A failure at any point (disk
full, stick pulled, file open in a PDF viewer on Windows) leaves no half-written PDF
under the final name, and an older file of that name stays as it was."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from app import filenames, fileops, volumes
from app.errors import DvkError
from app.i18n import _


def _explain(error: OSError, target: Path) -> DvkError:
    if fileops.is_in_use(error) or not isinstance(error, PermissionError):
        said = fileops.explain(error, target)  # in use, write-protected, FAT32, pulled out
        if said:
            return DvkError(said)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DvkError(_("The disk holding {path} is full; free some space or save the "
                          "PDF elsewhere.").format(path=target))
    if isinstance(error, PermissionError) or error.errno in (errno.EACCES, errno.EPERM,
                                                              errno.EROFS):
        return DvkError(_(
            "DVK may not write {path}. If the PDF is open in another program, close it; "
            "otherwise choose a folder you may write to.").format(path=target))
    return DvkError(_("The PDF could not be saved to {path} ({detail}).").format(
        path=target, detail=error.strerror or error))


def write_pdf(target: str | Path, data: bytes) -> Path:
    """Write `data` to `target` atomically; return the final path."""
    target = Path(target)
    if target.is_dir():
        raise DvkError(_("{path} is a folder; give a file name ending in .pdf.").format(
            path=target))
    filenames.check_name(target)
    folder = target.parent
    if not folder.is_dir():
        raise DvkError(_("The folder {folder} does not exist.").format(folder=folder))
    temporary: str | None = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                         dir=folder)
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        volumes.check_fits(folder, len(data))
        fileops.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise _explain(error, target) from error
    finally:
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
    return target
