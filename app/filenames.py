"""File names as Windows (and a FAT32 or exFAT USB stick) accept them.

Two jobs, one rule set:

- `safe_file_name(text)` turns text a user typed (a decision number "05-QĐ/BCĐ", a
  unit's name) into a name that can be written anywhere: characters Windows forbids
  (`< > : " / \\ | ? *` and control characters) become "-", a reserved device name (CON,
  PRN, AUX, NUL, COM1-9, LPT1-9) gets a "_" so it names a file, trailing dots and spaces
  (which Windows silently drops) go, and the name is kept short enough for the folder
  it goes in to stay under Windows' path limit. Every file DVK names after user text
  goes through it.
- `check_name(path)` refuses, with a clear message, a name a person chose (a save box,
  `--out`) that Windows could not create or would turn into a device: it is refused on
  every system, because the file has to travel to a Windows PC on a stick.

Names are compared as Windows compares them (`same_name`): "A.dvk" and "a.dvk" are one
file there, so `free_name` never offers a name that differs from an existing one only
by case.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from app.errors import DvkError
from app.i18n import _

FORBIDDEN = '<>:"/\\|?*'
_BAD = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]])
# NTFS and exFAT allow 255 UTF-16 units in a name; DVK's own names stay well below, so
# that a folder of a reasonable depth keeps every path under 260 characters.
MAX_NAME = 100


def _stem(name: str) -> str:
    """What Windows matches against device names: the name up to its first dot,
    without trailing spaces ("con .txt" and "CON.tar.gz" are both CON)."""
    return name.split(".", 1)[0].rstrip(" ").upper()


def is_reserved(name: str) -> bool:
    return _stem(name) in RESERVED


def _shorten(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[:limit].rstrip(" .-")


_EXTENSION = re.compile(r"\.[0-9A-Za-z]{1,5}$")


def safe_file_name(text: str, *, suffix: str | None = None, fallback: str = "tep",
                   max_length: int = MAX_NAME) -> str:
    """`text` as a file name valid on Windows, ending with `suffix` (".pdf"; by default
    the extension `text` ends with, kept when the name is shortened)."""
    name = unicodedata.normalize("NFC", text or "")
    if suffix is None:
        found = _EXTENSION.search(name)
        suffix = found.group() if found else ""
        name = name[:len(name) - len(suffix)]
    name = re.sub(r"\s+", " ", name)  # line breaks and tabs are spaces
    name = _BAD.sub("-", name)
    name = re.sub(r"-{2,}", "-", name).strip(" .-")
    name = _shorten(name, max(8, max_length - len(suffix))) or fallback
    if is_reserved(name + suffix):
        name = name + "_"
    return name + suffix


def readable_file_name(*parts: str | int | None, suffix: str,
                       max_length: int = 80) -> str:
    """A name a clerk can read on any PC and any stick, made of `parts` ("Bản đăng ký",
    "Phân loại rác tại nguồn", 2026 -> "Ban-dang-ky-Phan-loai-rac-tai-nguon-2026.pdf"):
    Vietnamese letters without their marks (đ -> d), words joined by "-", the first
    letter a capital. Plain ASCII, so no program, zip tool or e-mail mangles it."""
    words: list[str] = []
    for part in parts:
        if part is None or part == "":
            continue
        plain = unicodedata.normalize("NFD", str(part).replace("đ", "d").replace("Đ", "D"))
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
        words += re.findall(r"[0-9A-Za-z]+", plain)
    name = "-".join(words)
    name = name[:1].upper() + name[1:]
    return safe_file_name(name, suffix=suffix, max_length=max_length)


def name_problem(name: str) -> str | None:
    """Why Windows could not use `name` as a file name (None: it can)."""
    if not name.strip(" ."):
        return _("The name is empty.")
    bad = sorted({c for c in name if c in FORBIDDEN or ord(c) < 32})
    if bad:
        shown = " ".join(c if ord(c) >= 32 else f"U+{ord(c):04X}" for c in bad)
        return _("A file name cannot contain {characters} on Windows.").format(
            characters=shown)
    if is_reserved(name):
        return _("{name} is a name Windows keeps for a device ({device}); choose another "
                 "name.").format(name=name, device=_stem(name))
    if name != name.rstrip(" ."):
        return _("A file name cannot end with a dot or a space on Windows.")
    if len(name) > 255:
        return _("The file name is longer than Windows allows (255 characters).")
    return None


def check_name(path: str | Path) -> Path:
    """`path` if Windows can create its last part, else a DvkError that says why."""
    path = Path(path)
    problem = name_problem(path.name)
    if problem:
        raise DvkError(_("The file name {name} cannot be used: {problem}").format(
            name=path.name, problem=problem))
    return path


def fold(name: str) -> str:
    """A name as Windows compares it: case and Unicode form do not count."""
    return unicodedata.normalize("NFC", name).casefold()


def same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def same_file(a: str | Path, b: str | Path) -> bool:
    """Do two paths name one file (on this PC, or on Windows: "A.dvk" and "a.dvk")?"""
    try:
        if os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return fold(os.path.abspath(a)) == fold(os.path.abspath(b))


def taken(folder: Path) -> set[str]:
    """The names in `folder`, folded."""
    try:
        return {fold(entry) for entry in os.listdir(folder)}
    except OSError:
        return set()


def free_name(path: str | Path) -> Path:
    """`path`, or the first of "name (2).ext", "name (3).ext"... that no file in its
    folder has, case ignored."""
    path = Path(path)
    used = taken(path.parent)
    if fold(path.name) not in used:
        return path
    stem, suffix = path.stem, path.suffix
    for number in range(2, 10_000):
        candidate = path.with_name(f"{stem} ({number}){suffix}")
        if fold(candidate.name) not in used:
            return candidate
    raise DvkError(_("The folder {folder} has too many files named like {name}.").format(
        folder=path.parent, name=path.name))
