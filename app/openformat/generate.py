"""Writing, and checking, what docs/ holds that is made from the code: the JSON Schemas
(docs/schema/), the reference page (docs/records.md) and the test vectors
(docs/vectors/). `python tools/openformat.py` writes them; the tests call `stale()`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.openformat import reference, schema


def fresh_database() -> Database:
    """An empty data file in memory, with every migration: the tables as they are."""
    from db.connection import connect, migrate

    db = connect(":memory:")
    migrate(db)
    return db


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def documents(db: Database | None = None) -> dict[str, str]:
    """Path under docs/ -> content, for the schemas and the reference page."""
    db = db or fresh_database()
    files = {f"schema/{name}": dumps(value) for name, value in schema.all_schemas(db).items()}
    files["records.md"] = reference.render(schema.records_schema(db))
    return files


def write_documents(docs: Path, db: Database | None = None) -> list[str]:
    written = []
    for name, content in documents(db).items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(name)
    return written


def stale(docs: Path, db: Database | None = None) -> list[str]:
    """The generated files under `docs` that differ from what the code makes now."""
    result = []
    for name, content in documents(db).items():
        path = docs / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            result.append(name)
    return result
