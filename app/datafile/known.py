"""What this PC remembers about the data files it has used: whose each one is and
where its backups go, in `data-files.json` under the per-user data folder.

A data file that is damaged or gone cannot say either itself, yet the rescue must
offer that office's backups (from the folder it was set to use) and no other's. The
note is rewritten only when something in it changes (a backup records it).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from app.errors import DvkError
from app.paths import user_data_dir

FILE_NAME = "data-files.json"


def _registry() -> Path | None:
    try:
        return user_data_dir() / FILE_NAME
    except DvkError:  # no data folder (a write-protected stick): nothing is remembered
        return None


def _key(db_path: str | Path) -> str:
    try:
        return str(Path(db_path).resolve())
    except OSError:
        return str(Path(db_path).absolute())


def _read(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(db_path: str | Path, *, office: str | None, backup_folder: Path | None) -> None:
    """Note whose `db_path` is and where its backups go. Never raises."""
    registry = _registry()
    if registry is None or str(db_path) == ":memory:":
        return
    data = _read(registry)
    entry = {"office": office, "backups": str(backup_folder) if backup_folder else None}
    key = _key(db_path)
    if data.get(key) == entry:
        return
    data[key] = entry
    temporary = registry.with_name(registry.name + ".tmp")
    with contextlib.suppress(OSError):
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, registry)


def lookup(db_path: str | Path) -> tuple[str | None, Path | None]:
    """(office code, backup folder) noted for `db_path`; (None, None) if unknown."""
    registry = _registry()
    if registry is None:
        return None, None
    entry = _read(registry).get(_key(db_path))
    if not isinstance(entry, dict):
        return None, None
    office = entry.get("office") if isinstance(entry.get("office"), str) else None
    folder = entry.get("backups") if isinstance(entry.get("backups"), str) else None
    return office, Path(folder) if folder else None
