"""Smoke test of the built application: the executables run the way an office runs them.

A PyInstaller build takes a minute or more, so this is not part of the normal run: it
is skipped unless DVK_BUILD_SMOKE=1. `bash tools/smoke_installer.sh` builds and runs it;
with DVK_FROZEN_DIR set to a built folder (dist/dvk) it tests that folder, otherwise it
builds one in a temporary folder first (installer/build.py; needs the `build` extra).

Every run gets an empty home and data folder and no Python variables, so nothing from
the source checkout or the developer's data can stand in for what the build lacks.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from app.paths import PORTABLE_MARKER
from installer import bundle, package

ROOT = Path(__file__).resolve().parents[2]
EXE = ".exe" if os.name == "nt" else ""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("DVK_BUILD_SMOKE") != "1",
                       reason="builds the installer: DVK_BUILD_SMOKE=1 (tools/smoke_installer.sh)"),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    given = os.environ.get("DVK_FROZEN_DIR")
    if given:
        folder = Path(given)
        assert (folder / f"{bundle.NAME}{EXE}").exists(), f"no build in {folder}"
        return folder
    out = tmp_path_factory.mktemp("build")
    subprocess.run([sys.executable, "-m", "installer.build", "--dist", str(out / "dist"),
                    "--work", str(out / "work")], cwd=ROOT, check=True, timeout=1800)
    return out / "dist" / bundle.NAME


@pytest.fixture
def home(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def _env(home: Path, **extra: str) -> dict[str, str]:
    keep = ("PATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if p and Path(sys.executable).parent != Path(p))
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData"),
               LOCALAPPDATA=str(home / "AppData"), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               LC_ALL="C", LANG="C", QT_QPA_PLATFORM="offscreen", DVK_PRINT_FONT="bundled")
    env.update(extra)
    return env


def user_data(home: Path) -> Path:
    """Where platformdirs puts DVK's data folder under the fake home of _env()."""
    return home / ("AppData" if os.name == "nt" else "data") / "DVK"


def pipe_encoding() -> str:
    """What the program writes into a pipe (app/console.py): the PC's ANSI code page
    when it holds Vietnamese (cp1258), else UTF-8. Windows only: elsewhere UTF-8."""
    import locale

    from app import console

    page = locale.getencoding() if os.name == "nt" else "utf-8"
    return page if console.holds_vietnamese(page) else "utf-8"


def run(folder: Path, home: Path, *args: str, exe: str = bundle.CONSOLE_NAME,
        timeout: int = 300, **env: str) -> subprocess.CompletedProcess:
    """Run an executable with its output in pipes; the text read back as Vietnamese
    (NFC) in the encoding it was written in, strictly."""
    import unicodedata

    done = subprocess.run([str(folder / f"{exe}{EXE}"), *args], env=_env(home, **env),
                          cwd=home, capture_output=True, timeout=timeout)
    for name in ("stdout", "stderr"):
        data = getattr(done, name)
        setattr(done, name, unicodedata.normalize("NFC", data.decode(pipe_encoding())))
    return done


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def test_version_comes_from_pyproject_in_both_executables(built, home):
    expected = f"dvk {bundle.project_version()}\n"
    assert ok(run(built, home, "--version")).stdout == expected
    if os.name != "nt":  # the windowed one has no stdout on Windows
        assert ok(run(built, home, "--version", exe=bundle.NAME)).stdout == expected


def test_the_windowed_executable_runs_commands_without_a_console(built, home):
    """dvk.exe has no console on Windows (stdout and stderr are None): a command given
    on a shortcut still runs and its exit code tells how it went (app/console.py)."""
    office = str(home / "Dữ liệu DVK" / "Xã Yên Mô.sqlite")
    (home / "Dữ liệu DVK").mkdir()
    ok(run(built, home, "--db", office, "setup", "--unit", "14725", "--profile", "hai-cap",
           exe=bundle.NAME))
    ok(run(built, home, "--db", office, "check", exe=bundle.NAME))
    assert run(built, home, "--db", office, "models", "show", "x", exe=bundle.NAME
               ).returncode == 1
    assert not (user_data(home) / "dvk-errors.log").exists()


def test_vietnamese_reaches_a_pipe_readable(built, home):
    """Output redirected to a file or a pipe is in the PC's code page when it holds
    Vietnamese, else UTF-8 (decoded strictly by run()), whatever UTF-8 mode says."""
    text = ok(run(built, home, "--help")).stdout
    assert "Dân vận khéo" in text and "ĐƯỜNG_DẪN" in text and "đăng ký" in text


def test_demo_then_check_every_office(built, home):
    demo = home / "demo"
    ok(run(built, home, "demo", "--out", str(demo), "--communes", "2", "--models", "6"))
    offices = sorted(demo.glob("*.sqlite"))
    assert len(offices) == 3 and (demo / "network.json").exists()
    for office in offices:
        vi = ok(run(built, home, "--db", str(office), "check"))
        en = ok(run(built, home, "--lang", "en", "--db", str(office), "check"))
        # Both catalogs are in the build: the two outputs differ, Vietnamese with its
        # letters (printed through UTF-8 even under the C locale).
        assert vi.stdout != en.stdout and "ệ" in vi.stdout
    assert not (home / "data").exists()  # --db given: the data folder is not needed


def test_excel_import_reads_the_demo_register(built, home):
    """The frozen build has both Excel readers: calamine for the values, openpyxl for
    the fonts of the legacy TCVN3/VNI cells in the demo's old register."""
    import json

    demo = home / "demo"
    ok(run(built, home, "demo", "--out", str(demo), "--communes", "1", "--models", "4"))
    register = next((demo / "excel").glob("so-dang-ky-cu-*.xlsx"))
    commune = demo / f"xa-{register.stem.rsplit('-', 1)[1]}.sqlite"
    result = run(built, home, "--db", str(commune), "import-excel", str(register),
                 "--dry-run", "--json")
    assert result.returncode in (0, 1), result.stderr  # 1: some rows refused, by design
    report = json.loads(result.stdout)
    assert report["counts"]["add"] >= 1
    assert any(row["conversions"] for row in report["rows"])


def test_pdf_signatures_sign_and_check(built, home):
    """pyHanko, python-pkcs11 and their compiled parts are in the build: the demo's
    signed decision checks valid (0) and its changed copy not (4), a PDF signs with the
    demo's certificate file, and a PKCS#11 driver loads (SoftHSM2, where installed)."""
    import shutil

    demo = home / "demo"
    ok(run(built, home, "demo", "--out", str(demo), "--communes", "1", "--models", "6"))
    signed = next((demo / "chu-ky-so").glob("*-quyet-dinh-da-ky.pdf"))
    commune = demo / f"xa-{signed.name.split('-')[0]}.sqlite"
    db = ["--db", str(commune)]
    result = ok(run(built, home, *db, "verify-pdf", str(signed)))
    assert result.stdout.startswith("HỢP LỆ")
    changed = next((demo / "chu-ky-so").glob("*-quyet-dinh-bi-sua.pdf"))
    assert run(built, home, *db, "verify-pdf", str(changed)).returncode == 4
    again = home / "ky-lai.pdf"
    ok(run(built, home, *db, "sign-pdf", str(signed), "--out", str(again), "--pkcs12",
           str(demo / "chu-ky-so" / "chu-ky-so-thu-nghiem.p12"), DVK_TOKEN_PIN="demo"))
    ok(run(built, home, *db, "verify-pdf", str(again)))
    module = next((p for p in ("/usr/lib/softhsm/libsofthsm2.so",) if Path(p).exists()), None)
    if module and shutil.which("softhsm2-util"):
        tokens = home / "tokens"
        tokens.mkdir()
        config = home / "softhsm2.conf"
        config.write_text(f"directories.tokendir = {tokens}\n", encoding="utf-8")
        ok(run(built, home, *db, "pdf-tokens", "--pkcs11", module,
               SOFTHSM2_CONF=str(config)))


def test_a_data_file_encrypted_at_rest_opens_with_its_passphrase(built, home):
    """sqlcipher3 (SQLCipher and its compiled part, docs/privacy.md) is in the build: a
    data file turned encrypted is no longer a plain SQLite file, opens with its
    passphrase and refuses a wrong one (exit 3)."""
    demo = home / "demo"
    ok(run(built, home, "demo", "--out", str(demo), "--communes", "1", "--models", "6"))
    commune = next(demo.glob("xa-*.sqlite"))
    db = ["--db", str(commune)]
    passphrase = "cum-mat-khau-thu-nghiem"
    ok(run(built, home, *db, "encryption", "on", DVK_NEW_DATA_PASSPHRASE=passphrase))
    assert not commune.read_bytes().startswith(b"SQLite format 3\x00")
    status = ok(run(built, home, *db, "encryption", "status", DVK_DATA_PASSPHRASE=passphrase))
    assert "SQLCipher" in status.stdout
    ok(run(built, home, *db, "check", DVK_DATA_PASSPHRASE=passphrase))
    assert run(built, home, *db, "models", "list",
               DVK_DATA_PASSPHRASE="sai-mat-khau").returncode == 3


def test_printing_uses_the_bundled_font(built, home):
    from pypdf import PdfReader

    out = home / "certificate.pdf"
    ok(run(built, home, "--db", str(home / "x.sqlite"), "setup", "--unit", "14725",
           "--profile", "hai-cap"))
    ok(run(built, home, "--db", str(home / "x.sqlite"), "print", "sample", "certificate",
           "--out", str(out)))
    fonts = set()
    for page in PdfReader(out).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("LiberationSerif" in name for name in fonts), fonts


def test_screenshots_offscreen(built, home):
    shots = home / "shots"
    result = ok(run(built, home, "screenshots", "--out", str(shots), timeout=600))
    files = sorted(shots.glob("*.png"))
    assert len(files) >= 20, result.stdout
    for name in ("01-setup.png", "02-registrations.png", "08-scoring.png",
                 "13-print-preview.png", "20-exchange-tab1.png"):
        assert shots / name in files
    for path in files:
        image = Image.open(path).convert("L")
        low, high = image.getextrema()
        # Not blank: a real screen or dialog (the sign-in box is a small one).
        assert image.width * image.height >= 40_000 and high - low > 100, path.name


def test_window_opens_from_a_double_click_and_on_the_demo(built, home):
    """No command means the window: the first run asks for the office (setup dialog)
    and stays open; `gui --demo` builds the demo office and shows the main window."""
    for args, ready in (((), None), (("gui", "--demo"), "demo/network.json")):
        process = subprocess.Popen([str(built / f"{bundle.NAME}{EXE}"), *args],
                                   env=_env(home), cwd=home, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.5)
                data = user_data(home)
                if (data / "dvk.sqlite").exists() if ready is None else (data / ready).exists():
                    time.sleep(3)  # the window is being built: it must not die now
                    break
            assert process.poll() is None, process.communicate()
        finally:
            process.terminate()
            process.communicate(timeout=30)


def test_portable_zip_runs_from_a_usb_stick(built, home):
    zips = sorted(built.parent.glob(f"{bundle.NAME}-{bundle.project_version()}-*.zip"))
    assert zips, "installer/build.py writes the zip beside the folder"
    stick = home / "usb"
    package.extract(zips[-1], stick)
    copy = stick / bundle.NAME
    assert (copy / PORTABLE_MARKER).exists()
    ok(run(copy, home, "setup", "--unit", "14725", "--profile", "hai-cap"))
    assert (copy / "data" / "dvk.sqlite").exists()
    assert str(copy / "data" / "dvk.sqlite") in ok(run(copy, home, "check")).stdout
    assert not (home / "data").exists() and not (home / "AppData").exists()
    # The same program without the marker keeps data in the user's folder.
    ok(run(built, home, "setup", "--unit", "14725", "--profile", "hai-cap"))
    assert not (built / "data").exists()
    assert (user_data(home) / "dvk.sqlite").exists()


def test_size_within_budget_and_unused_qt_left_out(built):
    unpacked = package.folder_size(built)
    zips = sorted(built.parent.glob(f"{bundle.NAME}-*.zip"))
    print(f"\nunpacked {unpacked / package.MB:.1f} MB; zipped "
          f"{zips[-1].stat().st_size / package.MB:.1f} MB" if zips else "")
    assert unpacked < package.UNPACKED_BUDGET
    assert zips and zips[-1].stat().st_size < package.ZIPPED_BUDGET
    names = [p.name for p in built.rglob("*")]
    for unused in ("Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Designer", "Qt6Sql", "QtNetwork"):
        assert not any(unused in name for name in names), unused
    assert not any(name.endswith(".qm") for name in names)
    assert (built / "_internal" / "licenses" / "THIRD-PARTY.txt").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ldd is Linux's")
def test_every_qt_library_a_kept_file_needs_is_in_the_build(built):
    """What installer/bundle.py leaves out is not needed by what stays in (the system's
    own libraries, such as GTK for the GTK theme plugin, are the desktop's business)."""
    missing = set()
    for path in (built / "_internal").rglob("*.so*"):
        if path.is_symlink() or not path.is_file():
            continue
        result = subprocess.run(["ldd", str(path)], capture_output=True, encoding="utf-8")
        for line in result.stdout.splitlines():
            if "not found" in line and ("Qt6" in line or "pyside" in line or "shiboken" in line):
                missing.add(f"{path.relative_to(built)}: {line.strip()}")
    assert not missing, sorted(missing)
