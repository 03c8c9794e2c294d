"""Receipts: which bundles of the office above an office has imported.

An office writes one receipt per (sender, recipient, line) of the bundles that came
down to it - from its parent office, or from the offices above it forwarded by its
parent - and updates it in the transaction of every such import. The receipt is a
record (`receipts`, app/sync/kinds.py) that travels up in the office's next bundle, so
the office above knows which of its bundles each office below has imported: the
Sent list and the communes' status board show it ("acknowledged by the sequence in its
next bundle up"). Nothing here needs the bundle's contents. Reading them back
(`receipts_from`) is app/repositories/sync_tables.py's, so the board reads them
without the sync package.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from app import clock
from app.repositories import sync_tables
from app.repositories.records import RecordWriter
from app.repositories.sync_tables import RECEIPTS as TABLE
from app.sync.kinds import DOWN

_NAMESPACE = uuid.UUID("5f2b64c4-93a1-4c8e-8c9a-1f6b0d2e7a31")


def receipt_id(office: str, sender: str, recipient: str, line: str) -> str:
    """One receipt per office and line of bundles, the same id wherever it travels."""
    return str(uuid.uuid5(_NAMESPACE, f"{office}:{sender}:{recipient}:{line}"))


def record(writer: RecordWriter, parts: Iterable[Any]) -> int:
    """After an import (in its transaction): the receipts of the lines of bundles from
    above that `parts` (the previews just applied) brought. Returns how many changed."""
    lines = {(p.bundle.manifest["sender"], p.bundle.manifest["recipient"],
              p.bundle.manifest["line"]) for p in parts if p.way == DOWN}
    changed = 0
    for sender, recipient, line in sorted(lines):
        seqs = sync_tables.inbox_seqs(writer.db, sender, recipient, line)
        if not seqs:
            continue
        last = max(seqs)
        have = set(seqs)
        values = {
            "sender": sender, "recipient": recipient, "line": line, "last_seq": last,
            "missing": ",".join(str(n) for n in range(1, last) if n not in have),
            "last_sha256": (sync_tables.inbox_entry(writer.db, sender, recipient, line, last)
                            or {}).get("sha256", ""),
        }
        key = receipt_id(writer.origin, sender, recipient, line)
        row = writer.db.execute(f"SELECT last_seq, missing FROM {TABLE} WHERE id = ?",
                                [key]).fetchone()
        if row is None:
            writer.insert(TABLE, {"id": key, **values, "imported_at": clock.stamp()})
        elif (row[0], row[1]) != (values["last_seq"], values["missing"]):
            writer.update(TABLE, key, {**values, "imported_at": clock.stamp()})
        else:
            continue
        changed += 1
    return changed
