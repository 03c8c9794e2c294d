"""A draft: what a form had typed and not saved (app/services/drafts.py keeps them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Draft:
    """One kept draft. `owner` is the window (session) that types into it; `record_id`
    the record it edits (or the id a new record will be saved under); `base_version`
    and `base` the record as that window loaded it, so that a record saved since can be
    compared side by side. A listing leaves `content` and `base` out (None)."""

    id: str
    kind: str
    record_id: str | None
    title: str
    updated_at: str
    owner: str | None = None
    base_version: int | None = None
    content: dict[str, Any] | None = None
    base: dict[str, Any] | None = None
