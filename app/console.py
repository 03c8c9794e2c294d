"""The standard streams, made safe for Vietnamese text on any console, file or pipe.

What Windows gives a Python program (and what this module does about it):

- **A console window.** Python writes through the console's Unicode API whatever the
  code page (`chcp 1258` or `chcp 65001`); the stream's encoding is UTF-8 and every
  Vietnamese letter shows (in a font that has it: Consolas does). Left as it is.
- **Output redirected to a file or a pipe** (`dvk models list > danh-sach.txt`, a batch
  file, a scheduled task). Python encodes with the PC's ANSI code page: cp1258 on a PC
  whose "language for non-Unicode programs" is Vietnamese, cp1252 on an English one.
  cp1258 has no precomposed "ế", "ợ", "ữ": Windows itself writes them as a base letter
  plus a combining tone mark ("ê" + U+0301), and so does DVK, so that Notepad, Excel's
  text import, `type`, `more` and PowerShell on that PC read the file as Vietnamese. A
  code page that cannot hold Vietnamese even so (cp1252, cp437...) is replaced by
  UTF-8, which Notepad on Windows 10 and 11 opens as such: nothing is lost. JSON
  (`--json`) is always UTF-8, as the JSON standard wants. The built program runs in
  Python's UTF-8 mode (for the files libraries open), which would make every redirected
  stream UTF-8: the ANSI code page is looked up all the same, so `dvk.exe` and a
  `pip install` behave alike.
- **No console at all** (the windowed `dvk.exe`, `pythonw`): stdout and stderr are
  None. They are pointed at a sink that throws text away, so no library or forgotten
  message can crash the window; the window shows its own errors and internal errors go
  to dvk-errors.log.

A character no encoding at hand can hold (an emoji in a name written as cp1258) becomes
its nearest letters, else "?"; writing never fails. `prepare()` runs first in the one
entry point (`app.cli.main`), so `dvk`, `python -m app` and the built executables all
behave alike.
"""

from __future__ import annotations

import codecs
import io
import json
import locale
import os
import sys
import unicodedata
from collections.abc import Callable
from typing import Any, TextIO

ERRORS = "dvk-vietnamese"  # the prefix of our codec error handlers
# Tone marks are written as combining characters in cp1258; the other marks (â ê ô ă ơ
# ư) have precomposed letters of their own there.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VIETNAMESE_SAMPLE = "ăâêôơưđĂÂÊÔƠƯĐ" + "".join(
    unicodedata.normalize("NFC", v + m) for v in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
    for m in TONE_MARKS)


_D = str.maketrans("đĐ", "dD")


def windows_form(char: str) -> str:
    """A letter as Windows writes Vietnamese in cp1258: the base letter (with its
    circumflex, breve or horn) and then the tone mark as a combining character."""
    decomposed = unicodedata.normalize("NFD", char)
    tones = "".join(c for c in decomposed if c in TONE_MARKS)
    rest = "".join(c for c in decomposed if c not in TONE_MARKS)
    return unicodedata.normalize("NFC", rest) + tones


def plain_form(text: str) -> str:
    """Letters without any mark ("ế" -> "e", "Đ" -> "D")."""
    return "".join(c for c in unicodedata.normalize("NFD", text.translate(_D))
                   if not unicodedata.combining(c))


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def replacement(text: str, encoding: str) -> str:
    """`text` (which `encoding` cannot hold) in the nearest form it can."""
    out = []
    for char in text:
        for candidate in (windows_form(char), plain_form(char)):
            if candidate and _encodable(candidate, encoding):
                out.append(candidate)
                break
        else:
            out.append("?")
    return "".join(out)


def error_handler(encoding: str) -> str:
    """The name of the codec error handler that writes Vietnamese in `encoding`
    (an error reports a charmap codec as "charmap", so each encoding has its own)."""
    name = f"{ERRORS}-{codecs.lookup(encoding).name}"
    try:
        codecs.lookup_error(name)
    except LookupError:
        def handle(error: UnicodeError) -> tuple[str, int]:
            if not isinstance(error, UnicodeEncodeError):
                raise error
            return replacement(error.object[error.start:error.end], encoding), error.end

        codecs.register_error(name, handle)
    return name


def holds_vietnamese(encoding: str) -> bool:
    """Can `encoding` write every Vietnamese letter (in the Windows form if need be)?"""
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return all(_encodable(c, encoding) or _encodable(windows_form(c), encoding)
               for c in _VIETNAMESE_SAMPLE)


class Sink(io.TextIOBase):
    """Where text goes when there is no console: nowhere, without failing. It counts
    what it was given (the tests of the windowed program check that nothing was)."""

    encoding = "utf-8"

    def __init__(self) -> None:
        super().__init__()
        self.written = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.written += len(text)
        return len(text)


def _is_console(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def utf8_mode() -> bool:
    """Whether Python runs in UTF-8 mode (the built program does, build_installer.spec).
    Asked here rather than of `sys.flags` at each use, so a test can set it without
    replacing the interpreter's own flags (which the import system reads)."""
    return bool(sys.flags.utf8_mode)


def pc_encoding(stream: TextIO) -> str:
    """The encoding the PC's own programs expect in a file or pipe. Python's UTF-8 mode
    (the built program runs in it, so that every library reads and writes UTF-8 files)
    hides it behind "utf-8"; then it is the ANSI code page (`locale.getencoding()`),
    unless PYTHONIOENCODING names one."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if utf8_mode() and not os.environ.get("PYTHONIOENCODING"):
        return locale.getencoding()
    return encoding


def prepare_stream(stream: TextIO | None) -> TextIO:
    """The stream to use instead of `stream` (the same object, reconfigured, when
    possible)."""
    if stream is None:
        return Sink()
    if not hasattr(stream, "reconfigure"):
        return stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        if not _is_console(stream):
            wanted = pc_encoding(stream)
            if not holds_vietnamese(wanted):
                wanted = "utf-8"
            if codecs.lookup(wanted).name != codecs.lookup(encoding).name:
                stream.flush()
                stream.reconfigure(encoding=wanted)
                encoding = wanted
        stream.reconfigure(errors=error_handler(encoding))
    except (ValueError, OSError, LookupError, io.UnsupportedOperation):
        pass  # a closed or unusual stream: leave it
    return stream


def prepare() -> None:
    """Make sys.stdout and sys.stderr safe (see the module docstring); idempotent."""
    sys.stdout = prepare_stream(sys.stdout)
    sys.stderr = prepare_stream(sys.stderr)


def write_json(value: Any, stream: TextIO | None = None,
               escape: Callable[[str], str] | None = None) -> None:
    """JSON for scripts: UTF-8 bytes when the output goes to a file or a pipe,
    whatever the code page; text on a console. `escape`: a last pass over the text
    (the command line writes invisible characters as \\u escapes)."""
    stream = stream or sys.stdout
    text = json.dumps(value, ensure_ascii=False, indent=2, default=str)
    text = (escape(text) if escape else text) + "\n"
    buffer = getattr(stream, "buffer", None)
    if buffer is None or _is_console(stream) or \
            codecs.lookup(stream.encoding or "utf-8").name == "utf-8":
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
