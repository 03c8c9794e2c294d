"""The maintainers' guides name real files and real functions.

docs/ARCHITECTURE.md, DEVELOPERS.md and the README point the next maintainer at paths
and names; a guide that points at what was moved or renamed is worse than none. Every
text in backticks that looks like a repository path (`app/sync/reader.py`, `tests/gui/`)
must exist; `path::Name.attr` must name a class, function or assignment defined in that
file; a dotted `app.module.name` must resolve to a module or package and then to
names defined in it. A placeholder (`<domain>`, `{kind}`) stops the check at the
folder before it; a `*` must match at least one file.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDES = ["docs/ARCHITECTURE.md", "DEVELOPERS.md", "README.md"]
TOP = ("app", "ui", "db", "tests", "bench", "tools", "docs", "resources", "i18n",
       "installer", ".ci", ".github")
ROOT_FILES = ("README.md", "DEVELOPERS.md", "pyproject.toml", "build_installer.spec")

_SPAN = re.compile(r"`([^`\n]+)`")
_TOPS = "|".join(re.escape(top) for top in TOP)
_ROOT_NAMES = "|".join(re.escape(name) for name in ROOT_FILES)
_PATH = re.compile(r"(?<![\w./-])((?:" + _TOPS + r")/[\w./*<>{}-]*|" + _ROOT_NAMES
                   + r")(?:::([\w.]+))?")
_DOTTED = re.compile(r"^((?:app|ui|db)(?:\.\w+)+)$")
_PLACEHOLDER = re.compile(r"[<{]")


@cache
def _defined(path: Path) -> dict[str, ast.AST]:
    """Top-level names of a Python file: classes, functions and assignments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return _names_in(tree.body)


def _names_in(body: list[ast.stmt]) -> dict[str, ast.AST]:
    names: dict[str, ast.AST] = {}
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.If):  # `if TYPE_CHECKING:` and the like
            names.update(_names_in(node.body))
            names.update(_names_in(node.orelse))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            for alias in node.names:  # a name re-exported by the module counts
                names[(alias.asname or alias.name).split(".")[0]] = node
    return names


def _name_problem(path: Path, dotted: str) -> str | None:
    """None when `dotted` (Name or Class.attr) is defined in the Python file `path`."""
    if path.suffix != ".py":
        return f"{path.relative_to(ROOT)} is not a Python file, so it defines no {dotted}"
    scope = _defined(path)
    for part in dotted.split("."):
        node = scope.get(part)
        if node is None:
            return f"{path.relative_to(ROOT)} defines no {dotted}"
        scope = _names_in(node.body) if isinstance(node, ast.ClassDef) else {}
    return None


def _path_problem(text: str, name: str | None) -> str | None:
    placeholder = _PLACEHOLDER.search(text)
    if placeholder:
        folder = text[:placeholder.start()].rsplit("/", 1)[0]
        return None if (ROOT / folder).is_dir() else f"{folder}/ does not exist"
    if "*" in text:
        return None if list(ROOT.glob(text)) else f"nothing matches {text}"
    path = ROOT / text.rstrip("/")
    if not path.exists():
        return f"{text} does not exist"
    if text.endswith("/") and not path.is_dir():
        return f"{text} is not a folder"
    return _name_problem(path, name) if name else None


def _dotted_problem(dotted: str) -> str | None:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        base = ROOT.joinpath(*parts[:cut])
        rest = parts[cut:]
        if base.with_suffix(".py").is_file():
            return _name_problem(base.with_suffix(".py"), ".".join(rest)) if rest else None
        if base.is_dir():
            if not rest:
                return None
            init = base / "__init__.py"
            if init.is_file():
                return _name_problem(init, ".".join(rest))
            return f"{dotted}: {'.'.join(parts[:cut])} has no {rest[0]}"
    return f"no module {dotted}"


def references(text: str) -> list[tuple[str, str | None]]:
    """(path or dotted name, name inside it or None) for every checked reference."""
    found: list[tuple[str, str | None]] = []
    for span in _SPAN.findall(text):
        span = span.strip()
        if _DOTTED.match(span):
            found.append((span, None))
            continue
        for match in _PATH.finditer(span):
            found.append((match.group(1).rstrip(".,;:"), match.group(2)))
    return found


def problems(text: str) -> list[str]:
    result = []
    for target, name in references(text):
        if "/" in target or target in ROOT_FILES:
            problem = _path_problem(target, name)
        else:
            problem = _dotted_problem(target)
        if problem:
            result.append(problem)
    return result


@pytest.mark.parametrize("guide", GUIDES)
def test_every_path_and_name_a_guide_cites_exists(guide):
    text = (ROOT / guide).read_text(encoding="utf-8")
    assert len(references(text)) >= 20, f"{guide} cites almost nothing: is the check blind?"
    assert problems(text) == []


def test_the_check_notices_what_does_not_exist():
    text = ("`app/context.py` `app/context.py::AppContext.opener` `app/no_such_module.py` "
            "`app/context.py::AppContext.no_such_method` `app.sync.reader.read_bytes` "
            "`app.sync.reader.no_such_function` `i18n/vi/LC_MESSAGES/<domain>.po` "
            "`db/migrations/m0*.py` `tests/gui/` `python -m pytest tests/no_such_test.py`")
    assert problems(text) == [
        "app/no_such_module.py does not exist",
        "app/context.py defines no AppContext.no_such_method",
        "app/sync/reader.py defines no no_such_function",
        "tests/no_such_test.py does not exist",
    ]


def test_the_where_table_of_the_architecture_guide_has_its_rows():
    text = (ROOT / "docs/ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## Where does X live", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines()
            if line.startswith("|") and not set(line) <= set("|- ")]
    assert len(rows) - 1 >= 25  # the header row does not count
