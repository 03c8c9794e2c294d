"""The command line under a Vietnamese Windows code page (issue 19, point 1).

Output redirected to a file or a pipe is encoded as the PC's ANSI code page, simulated
here with PYTHONIOENCODING: cp1258 on a PC set to Vietnamese, cp1252 on an English one.
Every command must succeed and its text must read back as the same Vietnamese: in
cp1258 with the tone marks as combining characters (the way Windows writes it, so
Notepad, Excel's text import, `type` and PowerShell on that PC read it), and as UTF-8
where the code page cannot hold Vietnamese. JSON is UTF-8 whatever the code page.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from app import console

ROOT = Path(__file__).resolve().parents[2]


def dvk(*args: str, encoding: str, data: Path, code: str | None = None):
    """Run the command line in a new process with its output in a pipe."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "DVK_DATA_DIR": str(data),
           "DVK_PASSPHRASE": "demo", "DVK_LANG": "vi"}
    env.pop("PYTHONUTF8", None)
    command = [sys.executable, "-c", code, *args] if code else \
        [sys.executable, "-m", "app", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=300)


def read(data: bytes, encoding: str) -> str:
    """What a program on that PC reads, as NFC text."""
    return unicodedata.normalize("NFC", data.decode(encoding))


@pytest.fixture(scope="module")
def office(tmp_path_factory, demo_network_template) -> Path:
    folder = tmp_path_factory.mktemp("Dữ liệu DVK")
    shutil.copytree(demo_network_template, folder, dirs_exist_ok=True)
    return folder


def commune(office: Path) -> tuple[Path, str]:
    """The first commune of the demo network: its data file and its name."""
    network = json.loads((office / "network.json").read_text(encoding="utf-8"))
    first = next(o for o in network["offices"] if o["level"] == "xa")
    return office / first["db"], first["name"]


COMMANDS = {
    "help": ["--help"],
    "models": ["models", "list"],
    "calendar": ["calendar", "list"],
    "refused": ["models", "show", "khong-co"],
}


@pytest.fixture(scope="module")
def utf8_runs(office) -> dict[str, subprocess.CompletedProcess]:
    db = str(commune(office)[0])
    return {name: dvk("--db", db, *args, encoding="utf-8", data=office)
            for name, args in COMMANDS.items()}


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["cp1258", "cp1252"])
def test_every_command_prints_readable_vietnamese(encoding, office, utf8_runs, tmp_path):
    # cp1258 holds Vietnamese (in the Windows form); cp1252 cannot, so UTF-8 is written
    reads_as = "cp1258" if encoding == "cp1258" else "utf-8"
    db = str(commune(office)[0])
    for name, args in COMMANDS.items():
        done = dvk("--db", db, *args, encoding=encoding, data=office)
        expected = utf8_runs[name]
        assert done.returncode == expected.returncode, (name, done.stderr)
        assert read(done.stdout, reads_as) == read(expected.stdout, "utf-8"), name
        assert read(done.stderr, reads_as) == read(expected.stderr, "utf-8"), name
    assert "Đã đăng ký" in read(utf8_runs["models"].stdout, "utf-8")
    assert "Dân vận khéo" in read(utf8_runs["help"].stdout, "utf-8")
    assert read(utf8_runs["refused"].stderr, "utf-8").startswith("Lỗi: ")
    if encoding == "cp1258":  # the tone marks are combining characters, as Windows has it
        text = utf8_runs["help"].stdout.decode("utf-8")
        assert text.encode("cp1258", errors=console.error_handler("cp1258")) == \
            dvk("--help", encoding=encoding, data=office).stdout
        assert "\u0301".encode("cp1258") in dvk("--help", encoding=encoding,
                                                data=office).stdout


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["cp1258", "cp1252"])
def test_export_json_and_an_unexpected_error(encoding, office, tmp_path):
    """The issue's failures: `dvk export` wrote its bundle then ended with exit 70, and
    "Lỗi không mong đợi" itself came out garbled."""
    source, name = commune(office)
    db = tmp_path / f"{name}.sqlite"
    shutil.copy(source, db)
    stick = tmp_path / "USB DVK" / "Gửi tỉnh"
    stick.mkdir(parents=True)
    done = dvk("--db", str(db), "export", "--to", "37", "--out", str(stick), encoding=encoding,
               data=office)
    assert done.returncode == 0, done.stderr
    reads_as = "cp1258" if encoding == "cp1258" else "utf-8"
    assert "Đã ghi" in read(done.stdout, reads_as) or "gói" in read(done.stdout, reads_as)
    (bundle,) = stick.glob("*.dvk")
    checked = dvk("--db", str(office / "tinh-37.sqlite"), "verify", str(bundle), "--json",
                  encoding=encoding, data=office)
    assert checked.returncode == 0, checked.stderr
    report = json.loads(checked.stdout.decode("utf-8"))  # JSON is UTF-8 whatever the page
    assert name in json.dumps(report, ensure_ascii=False)
    listed = dvk("--db", str(db), "models", "list", "--json", encoding=encoding, data=office)
    assert any(item["status"] for item in json.loads(listed.stdout.decode("utf-8")))
    crash = ("import sys; from app.cli import main, cmd_check\n"
             "def broken(args): raise RuntimeError('hỏng')\n"
             "cmd_check.run = broken\n"
             "sys.exit(main(['--db', sys.argv[1], 'check']))")
    failed = dvk(str(db), encoding=encoding, data=office, code=crash)
    assert failed.returncode == 70
    assert read(failed.stderr, reads_as).startswith("Lỗi không mong đợi; dữ liệu đã lưu")
    assert "RuntimeError: hỏng" in (office / "dvk-errors.log").read_text(encoding="utf-8")


def _stream(encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, write_through=True)


@pytest.mark.parametrize(("encoding", "written_as"), [
    ("cp1258", "cp1258"), ("cp1252", "utf-8"), ("cp437", "utf-8"), ("ascii", "utf-8"),
    ("utf-8", "utf-8"), ("utf-16", "utf-16")])
def test_a_redirected_stream_gets_an_encoding_that_holds_vietnamese(encoding, written_as,
                                                                    monkeypatch):
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    stream = console.prepare_stream(_stream(encoding))
    assert stream.encoding.replace("_", "-").lower() == written_as
    text = "Lỗi không mong đợi: Ủy ban MTTQ xã Yên Mô, Đảng ủy, hoà/hòa, € 😀"
    stream.write(text)
    back = read(stream.buffer.getvalue(), written_as)
    if written_as == "cp1258":  # everything Vietnamese survives; the emoji cannot
        assert back == text.replace("😀", "?")
    else:
        assert back == text


def test_the_built_programs_utf8_mode_still_writes_the_pcs_code_page(monkeypatch):
    """dvk.exe runs in UTF-8 mode (build_installer.spec): a redirected stream is then
    UTF-8, but the ANSI code page is what the PC's programs read."""
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    monkeypatch.setattr(console, "utf8_mode", lambda: True)
    monkeypatch.setattr(console.locale, "getencoding", lambda: "cp1258")
    stream = console.prepare_stream(_stream("utf-8"))
    assert stream.encoding == "cp1258"
    monkeypatch.setattr(console.locale, "getencoding", lambda: "cp1252")
    assert console.prepare_stream(_stream("utf-8")).encoding == "utf-8"


def test_windows_form_of_every_vietnamese_letter():
    from app.printing.fonts import VIETNAMESE_LETTERS

    for letter in VIETNAMESE_LETTERS:
        form = console.windows_form(letter)
        assert unicodedata.normalize("NFC", form) == letter
        form.encode("cp1258")  # every letter fits the Vietnamese code page
    assert console.windows_form("ệ") == "ê\u0323"
    assert console.plain_form("Đường") == "Duong"
    assert console.holds_vietnamese("cp1258") and not console.holds_vietnamese("cp1252")
    assert not console.holds_vietnamese("no-such-codec")


def test_json_goes_out_as_utf8_bytes_under_any_code_page():
    stream = _stream("cp1258")
    console.write_json({"tên": "Xã Yên Mô 😀"}, stream)
    assert json.loads(stream.buffer.getvalue().decode("utf-8")) == {"tên": "Xã Yên Mô 😀"}
