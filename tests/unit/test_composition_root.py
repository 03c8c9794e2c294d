"""Services get their collaborators in their constructors and app/context.py wires
them (a composition root, not a service locator): no module of app/services, app/sync,
app/certificates or app/excel holds the application context and reaches other services
through it. The demo generator (app/demo) builds whole offices, so it is a user of
contexts, not a service, and is not checked here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("app/services", "app/sync", "app/certificates", "app/excel")
NOT_SERVICES = ("app/services/demo", "app/demo")


def _modules():
    for folder in CHECKED:
        paths = [ROOT / folder] if folder.endswith(".py") else (ROOT / folder).rglob("*.py")
        for path in sorted(paths):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(NOT_SERVICES):
                yield relative, ast.parse(path.read_text(encoding="utf-8"))


def _reaches(tree: ast.AST) -> list[int]:
    """Lines that read an attribute of something called ctx (`ctx.db`,
    `self.ctx.units`), or that import the context at all."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            value = node.value
            if isinstance(value, ast.Name) and value.id == "ctx" or \
                    isinstance(value, ast.Attribute) and value.attr == "ctx":
                lines.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "app.context":
            lines.append(node.lineno)
        elif isinstance(node, ast.Import) and any(a.name == "app.context" for a in node.names):
            lines.append(node.lineno)
    return lines


def test_no_service_reaches_through_the_context():
    found = [f"{name}:{line}" for name, tree in _modules() for line in _reaches(tree)]
    assert not found, f"services reaching through the application context: {found}"


def test_the_check_sees_a_reach():
    """The check itself notices `self.ctx.units` and an import of the context."""
    tree = ast.parse("from app.context import AppContext\n"
                     "class S:\n    def f(self):\n        return self.ctx.units.get('x')\n"
                     "def g(ctx):\n    return ctx.db\n")
    assert sorted(_reaches(tree)) == [1, 4, 6]
    assert sum(1 for _ in _modules()) > 40
