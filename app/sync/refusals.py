"""Refused imports are written to a log file in the user's data folder, never to the
database (which must stay exactly as it was)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from app import clock
from app.paths import user_data_dir

LOG_NAME = "dvk-sync-refused.log"


def log_path() -> Path:
    return user_data_dir() / LOG_NAME


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fp:
            for chunk in iter(lambda: fp.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def record(*, bundle: Path, database: str, reason: str, message: str,
           action: str = "import") -> None:
    """One line of JSON: when, which file (and its SHA-256), which data file, the reason
    code, the message, and whether an import or a check (`dvk verify`) refused it."""
    entry = {"at": clock.stamp(), "file": str(bundle), "file_sha256": _file_hash(bundle),
             "database": database, "action": action, "reason": reason, "message": message}
    try:
        with open(log_path(), "a", encoding="utf-8") as fp:
            fp.write(json.dumps(entry, ensure_ascii=False) + "\n")
    except OSError:
        pass  # the refusal itself was already shown to the user


def entries() -> list[dict]:
    try:
        lines = log_path().read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    result = []
    for line in lines:
        try:
            result.append(json.loads(line))
        except ValueError:
            continue
    return result
