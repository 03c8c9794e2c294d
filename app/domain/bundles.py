"""The exchange's lists as the window and the command line read them: the bundles this
office wrote (`outbox`) and imported (`inbox`), the office's own key and the keys it
trusts (`trusted_keys`), all made in migrations 0002, 0006 and 0012 (issue 21, point 3).
app/sync reads the rows; these records carry them, so a screen names a field, not a
column."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Way(StrEnum):
    """The way a bundle travels, as stored (`inbox.way`, `relay_bundles.way`, migrations
    0006 and 0010) and written in reports: up to the office above, down to an office
    below; `UNRECORDED` ('') in the inbox for a bundle imported before migration 0006.
    Equal to its string, so stored values and signed bytes stay the same."""

    UP = "up"
    DOWN = "down"
    UNRECORDED = ""


@dataclass(frozen=True)
class OutboxEntry:
    """One bundle this office wrote (`outbox`): for whom, on which line, its number and
    hash, the highest revision it carried, whether it was a full export, how many records,
    its file name, when it was made and where it was written (None: not recorded)."""

    id: int
    recipient: str
    line: str
    seq: int
    sha256: str
    max_rev: int
    full: bool
    records: int
    file_name: str
    created_at: str
    written_to: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> OutboxEntry:
        return cls(id=row["id"], recipient=row["recipient"], line=row["line"],
                   seq=row["seq"], sha256=row["sha256"], max_rev=row["max_rev"],
                   full=bool(row["full"]), records=row["records"],
                   file_name=row["file_name"], created_at=row["created_at"],
                   written_to=row["written_to"])


@dataclass(frozen=True)
class SentBundle(OutboxEntry):
    """A bundle in the Send tab's list (`SendDownService.sent_list`): the outbox entry
    with the recipient's name (its code when the office is unknown) and, for a bundle
    down, whether the recipient has imported it (True, False; None for a bundle up,
    since the office above sends no receipts down)."""

    recipient_name: str = ""
    imported: bool | None = None


@dataclass(frozen=True)
class InboxEntry:
    """One bundle imported here (`inbox`): who made it and for whom, its line, number,
    hash and the hash before it, the key that signed it, the way it came (`Way`), who forwarded it ('' when it came directly), its
    status, what it brought (`summary`, JSON as stored), the revisions it wrote, when it
    was made and when it was applied."""

    id: int
    sender: str
    recipient: str
    line: str
    seq: int
    sha256: str
    prev_sha256: str
    key_id: str
    way: Way
    relayed_by: str
    status: str
    summary: str
    rev_from: int
    rev_to: int
    created_at: str
    applied_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> InboxEntry:
        return cls(**{name: row[name] for name in _INBOX_FIELDS if name != "way"},
                   way=Way(row["way"]))


@dataclass(frozen=True)
class ReceivedBundle(InboxEntry):
    """A bundle in the Receive tab's list (`StickService.received`): the inbox entry
    with the names of who made and who forwarded it (their codes when unknown) and what
    it brought in words."""

    sender_name: str = ""
    relayed_by_name: str = ""
    what: tuple[str, ...] = ()


_INBOX_FIELDS = ("id", "sender", "recipient", "line", "seq", "sha256", "prev_sha256",
                 "key_id", "way", "relayed_by", "status", "summary", "rev_from", "rev_to",
                 "created_at", "applied_at")


@dataclass(frozen=True)
class LastBundle:
    """The latest bundle a sender's line brought here (`StickService.last_bundles`):
    its number, when it was made and applied, and who forwarded it ('' directly)."""

    seq: int
    created_at: str
    applied_at: str
    relayed_by: str
