"""Helpers shared by commands."""

from __future__ import annotations

from pathlib import Path

from app.context import AppContext
from app.paths import default_db_path


def db_path(args) -> Path:
    return Path(args.db) if args.db else default_db_path()


def open_context(args) -> AppContext:
    return AppContext.open(db_path(args))


def profile_arg(value: str) -> str:
    """'hai-cap' on the command line is 'hai_cap' inside."""
    return value.replace("-", "_")
