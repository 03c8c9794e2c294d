"""The domain does no I/O (docs/ARCHITECTURE.md, issue 21 point 2).

lint-imports forbids app/domain/ the modules that reach files and databases
(`sqlite3`, `sqlite_utils`, `os`, `pathlib`, `io`, `shutil`, `tempfile`, `reportlab`,
the file modules of app, `db`). What an import contract cannot see is a builtin:
`open()` needs no import. This walks the domain's code for it, and for the file
methods a value from elsewhere could bring in.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# (str.replace and the like share names with Path's; these do not.)
FILE_METHODS = {"read_text", "write_text", "read_bytes", "write_bytes", "unlink", "mkdir",
                "touch", "rmdir", "iterdir", "glob"}


def _file_work(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id == "open":
            found.append(f"{path.name}:{node.lineno} open()")
        elif isinstance(node.func, ast.Attribute) and node.func.attr in FILE_METHODS:
            found.append(f"{path.name}:{node.lineno} .{node.func.attr}()")
    return found


def test_the_domain_opens_no_file():
    modules = sorted((ROOT / "app" / "domain").rglob("*.py"))
    assert modules
    assert [problem for path in modules for problem in _file_work(path)] == []
