"""A version that lost a merge of two offices' records, kept for a person to review
(app/sync/merge.py decides; app/repositories/sync_tables.py keeps them)."""

from __future__ import annotations

from dataclasses import dataclass


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
