"""A version that lost a merge of two offices' records, kept for a person to review
(app/sync/merge.py decides; app/repositories/sync_tables.py keeps them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Conflict:
    """A version that lost a merge, kept for review (`sync_conflicts`, migration 0002):
    whose bundle brought the conflict, which side lost (`local` or `incoming`), the
    losing version as JSON, and whether someone has reviewed it."""

    id: int
    kind: str
    record_key: str
    sender: str
    bundle_sha256: str
    loser_side: str
    loser_sha256: str
    loser_version: int
    loser_json: str
    winner_sha256: str
    winner_version: int
    reason: str
    created_at: str
    reviewed_at: str | None
    reviewed_by: str | None


@dataclass(frozen=True)
class KeptVersion:
    """The version of a record this office keeps now (`SyncService.current_version`),
    shown beside a conflict's version kept aside: the record's kind and key, its version
    number and its fields as they travel in a bundle (any kind's columns, read-only)."""

    kind: str
    key: str
    version: int | None
    fields: Mapping[str, Any]

    @classmethod
    def from_row(cls, kind: str, key: str, row: Mapping[str, Any]) -> KeptVersion:
        return cls(kind=kind, key=key, version=row.get("version"),
                   fields=MappingProxyType(dict(row)))

    def differences(self, aside: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
        """(field, value kept aside, value kept now) of every field in either version
        whose values differ, by name."""
        return [(name, aside.get(name), self.fields.get(name))
                for name in sorted(set(aside) | set(self.fields))
                if aside.get(name) != self.fields.get(name)]
