"""What only goes wrong on Windows, checked in the source everywhere: a text file opened
without naming its encoding is read and written as the PC's code page there (cp1258 or
cp1252), not UTF-8; so is the text of a subprocess (issue 19: tests and code alike stay
free of Linux-only assumptions)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("app", "ui", "db", "installer", "tools", "tests", "bench")


def _mode(node: ast.Call, position: int) -> str | None:
    if len(node.args) > position and isinstance(node.args[position], ast.Constant):
        return node.args[position].value
    for keyword in node.keywords:
        if keyword.arg == "mode" and isinstance(keyword.value, ast.Constant):
            return keyword.value.value
    return None


def default_encodings(module: ast.AST) -> list[str]:
    """Calls that read or write text in the PC's default encoding."""
    found = []
    for node in ast.walk(module):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        keywords = {k.arg for k in node.keywords}
        if "encoding" in keywords:
            continue
        if name == "read_text" and not node.args or name == "write_text" and \
                len(node.args) < 2:
            found.append(f"{node.lineno}: {name}() without an encoding")
        elif isinstance(func, ast.Name) and name == "open":
            mode = _mode(node, 1)
            if mode is None or "b" not in str(mode):
                found.append(f"{node.lineno}: open() in text mode without an encoding")
        elif isinstance(func, ast.Attribute) and name == "open" and \
                isinstance(func.value, ast.Name) and func.value.id in ("io", "codecs"):
            found.append(f"{node.lineno}: {func.value.id}.open() without an encoding")
        elif name in ("basicConfig", "FileHandler") and (
                "filename" in keywords or name == "FileHandler"):
            found.append(f"{node.lineno}: logging {name} without an encoding")
        elif name in ("run", "Popen", "check_output") and keywords & {"text",
                                                                      "universal_newlines"}:
            found.append(f"{node.lineno}: subprocess text without an encoding")
    return found


def test_every_text_file_and_pipe_names_its_encoding():
    problems = []
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if ".venv" in path.parts or "cache" in path.parts:
                continue
            module = ast.parse(path.read_text(encoding="utf-8"))
            problems += [f"{path.relative_to(ROOT)}:{p}" for p in default_encodings(module)]
    assert problems == []


def test_the_check_finds_what_it_must():
    sample = ast.parse(
        "open(p)\nopen(p, 'w')\nopen(p, 'rb')\nopen(p, encoding='utf-8')\n"
        "p.read_text()\np.read_text('utf-8')\np.write_text(s)\np.write_text(s, 'utf-8')\n"
        "logging.basicConfig(filename=f)\nsubprocess.run(a, text=True)\n"
        "subprocess.run(a, text=True, encoding='utf-8')\nio.open(p)\nctx.open(p)\n")
    lines = [int(p.split(":")[0]) for p in default_encodings(sample)]
    assert lines == [1, 2, 5, 7, 9, 10, 12]
