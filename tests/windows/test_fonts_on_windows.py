"""Fonts (issue 19): Times New Roman from Windows where the PC has it
(C:\\Windows\\Fonts\\times*.ttf), the bundled metric-compatible Liberation Serif elsewhere,
and the same line breaks with both.

Here the Windows font folder is a temporary folder holding the Liberation files under
Windows' names; on a Windows PC (the Windows workflow) the real Times New Roman is
compared with the bundled font as well."""

from __future__ import annotations

import io
import shutil
import unicodedata

import pytest
from pypdf import PdfReader

from app.paths import resource
from app.printing import fonts, samples
from app.printing.renderer import PdfRenderer
from tests.printing import pdfcheck

WINDOWS_NAMES = {"Regular": "times.ttf", "Bold": "timesbd.ttf", "Italic": "timesi.ttf",
                 "BoldItalic": "timesbi.ttf"}
KINDS = ("decision", "report", "registration", "certificate", "scoresheet-filled")


@pytest.fixture
def font_choice(monkeypatch):
    """Switch the document font within a test; the bundled one comes back after it."""
    fonts.forget()
    yield
    monkeypatch.undo()
    fonts.forget()
    fonts.document_fonts()


def windows_folder(root, upper: bool = False):
    """A PC's C:\\Windows with the four faces in Fonts, under Windows' file names."""
    folder = root / "Windows" / "Fonts"
    folder.mkdir(parents=True)
    for face, name in WINDOWS_NAMES.items():
        shutil.copy(resource("fonts", f"LiberationSerif-{face}.ttf"),
                    folder / (name.upper() if upper else name))
    (folder / "arial.ttf").write_bytes(b"another font")
    return root / "Windows"


def lines_of(data: bytes) -> list[list[str]]:
    """Each page's lines of text as they were broken."""
    reader = PdfReader(io.BytesIO(data))
    return [[" ".join(unicodedata.normalize("NFC", line).split())
             for line in (page.extract_text() or "").splitlines() if line.strip()]
            for page in reader.pages]


def render_all() -> dict[str, bytes]:
    renderer = PdfRenderer()
    return {kind: renderer.render(samples.sample(kind)) for kind in KINDS}


def test_the_windows_font_folder_comes_from_windir():
    env = {"WINDIR": r"C:\Windows", "LOCALAPPDATA": r"C:\Users\VanThu\AppData\Local"}
    found = fonts.system_font_dirs("win32", env)
    assert [str(p).replace("/", "\\") for p in found] == [
        r"C:\Windows\Fonts", r"C:\Users\VanThu\AppData\Local\Microsoft\Windows\Fonts"]
    assert str(fonts.system_font_dirs("win32", {})[0]).replace("/", "\\") == \
        r"C:\Windows\Fonts"


@pytest.mark.parametrize("upper", [False, True])
def test_times_new_roman_from_windows_and_the_bundled_font_break_lines_alike(
        tmp_path, monkeypatch, font_choice, upper):
    windir = windows_folder(tmp_path, upper=upper)
    monkeypatch.setattr(fonts, "PLATFORM", "win32")
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.setenv("DVK_PRINT_FONT", "system")
    chosen = fonts.document_fonts()
    assert chosen.label == "Times New Roman"
    assert {p.name.lower() for p in chosen.files.values()} == set(WINDOWS_NAMES.values())
    assert all(p.parent == windir / "Fonts" for p in chosen.files.values())
    with_times = render_all()

    fonts.forget()
    monkeypatch.setenv("DVK_PRINT_FONT", "bundled")
    assert fonts.document_fonts().label == "Liberation Serif"
    with_bundled = render_all()
    for kind in KINDS:
        assert lines_of(with_times[kind]) == lines_of(with_bundled[kind]), kind
        assert all(pdfcheck.fonts(with_times[kind]).values())  # embedded: prints anywhere


def test_a_pc_without_times_new_roman_uses_the_bundled_font(tmp_path, monkeypatch,
                                                            font_choice):
    windir = tmp_path / "Windows"
    (windir / "Fonts").mkdir(parents=True)
    shutil.copy(resource("fonts", "LiberationSerif-Regular.ttf"),
                windir / "Fonts" / "times.ttf")  # only one face: not enough
    monkeypatch.setattr(fonts, "PLATFORM", "win32")
    monkeypatch.setenv("WINDIR", str(windir))
    monkeypatch.setenv("DVK_PRINT_FONT", "system")
    chosen = fonts.document_fonts()
    assert chosen.label == "Liberation Serif"
    assert all(p.parent == resource("fonts") for p in chosen.files.values())


@pytest.mark.skipif(fonts.find_times_new_roman() is None,
                    reason="no Times New Roman on this PC (Windows has it: windows.yml)")
def test_the_real_times_new_roman_breaks_lines_like_the_bundled_font(monkeypatch,
                                                                     font_choice):
    monkeypatch.setenv("DVK_PRINT_FONT", "system")
    chosen = fonts.document_fonts()
    if chosen.label != "Times New Roman":
        pytest.skip("this Times New Roman lacks Vietnamese letters: the bundled font is used")
    with_times = render_all()
    fonts.forget()
    monkeypatch.setenv("DVK_PRINT_FONT", "bundled")
    with_bundled = render_all()
    for kind in KINDS:
        assert lines_of(with_times[kind]) == lines_of(with_bundled[kind]), kind
