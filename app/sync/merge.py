"""The one conflict rule, the same in every office, and how an incoming record is
classified against the row this office has.

Order of versions of one record: higher `version` wins; on a tie the later
`updated_at`; on a tie the larger SHA-256 of the record's canonical JSON. It is a
total order, so the final state is the greatest version seen, whatever the order in
which bundles arrive: imports commute and repeat harmlessly.
"""

from __future__ import annotations

from typing import Any

from app.signing.canonical import record_sha256

NEW = "new"
UPDATED = "updated"
UNCHANGED = "unchanged"
CONFLICTING = "conflicting"
REJECTED = "rejected"
OUTCOMES = (NEW, UPDATED, UNCHANGED, CONFLICTING, REJECTED)


def incoming_wins(incoming: dict[str, Any], local: dict[str, Any]) -> bool:
    """The rule; the hash is computed only when version and time are equal."""
    first = (incoming["version"], incoming["updated_at"])
    second = (local["version"], local["updated_at"])
    if first != second:
        return first > second
    return record_sha256(incoming) > record_sha256(local)


def classify(incoming: dict[str, Any], local: dict[str, Any] | None,
             local_was_received: bool) -> tuple[str, bool]:
    """(outcome, write the incoming record?).

    `local_was_received`: the local row was last written by an import, so a higher
    version from the same line of edits simply supersedes it. A row edited here since
    (or made here) is a real conflict whichever way the rule goes, and the losing
    side is kept for review.
    """
    if local is None:
        return NEW, True
    if incoming == local:
        return UNCHANGED, False
    if incoming_wins(incoming, local):
        if local_was_received and incoming["version"] > local["version"]:
            return UPDATED, True
        return CONFLICTING, True
    if local_was_received and incoming["version"] < local["version"]:
        return UNCHANGED, False  # an older version we have already moved past
    return CONFLICTING, False
