"""The tables of migration 0006: trust statements, the anchors they start from, and
child bundles kept for forwarding. The only module that writes SQL for them."""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database

from app import clock
from app.domain.bundles import Way
from app.repositories.unit_tree import TreeView
from app.signing import canonical
from app.sync.trust import Anchor, Trust
from app.sync.trust_statements import Statement, instant


# -- statements -------------------------------------------------------------------------
def add_statements(db: Database, statements: list[Statement], received_from: str = "") -> int:
    """Store statements not stored yet; return how many were new."""
    now = clock.stamp()
    before = db.execute("SELECT count(*) FROM key_statements").fetchone()[0]
    db.conn.executemany(
        "INSERT OR IGNORE INTO key_statements (id, type, unit, key_id, issuer, issuer_key_id,"
        " issued_at, body, signatures, received_at, received_from)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(s.id, s.type, s.unit, s.key_id, s.issuer, s.issuer_key_id, s.issued_at,
          canonical.dumps(s.body).decode("utf-8"),
          canonical.dumps(s.signatures).decode("utf-8"), now, received_from)
         for s in statements])
    return db.execute("SELECT count(*) FROM key_statements").fetchone()[0] - before


def statements(db: Database) -> list[Statement]:
    return [Statement(json.loads(body), json.loads(signatures), seen_at=received_at)
            for body, signatures, received_at in db.execute(
                "SELECT body, signatures, received_at FROM key_statements"
                " ORDER BY issued_at, id")]


# -- anchors ----------------------------------------------------------------------------
def anchors(db: Database, office: str) -> list[Anchor]:
    first_used = dict(db.execute("SELECT key_id, min(created_at) FROM inbox GROUP BY key_id"))
    result = [Anchor(key_id=r["key_id"], unit=r["unit_code"],
                     public_key=bytes.fromhex(r["public_key"]),
                     scope=r["unit_code"] if r["scope"] in ("", "unit") else r["scope"],
                     since=r["enrolled_at"], expires_at=r["expires_at"],
                     revoked_at=r["revoked_at"], revoked_reason=r["revoked_reason"],
                     not_before=key_start(r["key_created_at"]
                                          or first_used.get(r["key_id"]) or r["enrolled_at"]))
              for r in db.query("SELECT * FROM trusted_keys")]
    for row in db.query("SELECT key_id, public_key, created_at FROM office_keys"):
        result.append(Anchor(key_id=row["key_id"], unit=office,
                             public_key=bytes.fromhex(row["public_key"]), scope=office,
                             since=row["created_at"], via="own"))
    return result


def key_start(stamp: str) -> str:
    """When an enrolled key starts: a day before it was made (from its key card), since
    the clocks of two offices are never quite equal; a key enrolled without a card,
    from the first bundle it signed here, or else from its enrolment."""
    start = instant(stamp) - dt.timedelta(days=1)
    return start.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def load(db: Database, office: str, parent_office: str | None) -> Trust:
    """What this office trusts now."""
    return Trust(anchors(db, office), statements(db), TreeView(db), office=office,
                 parent_office=parent_office)


# -- bundles kept for forwarding ----------------------------------------------------------
def keep_for_relay(db: Database, *, sha256: str, sender: str, line: str, seq: int,
                   data: bytes, way: Way = Way.UP) -> None:
    """Keep a bundle to forward it: one of a child office, going up (`Way.UP`), or one
    of the parent office, going down to this office's children (`Way.DOWN`)."""
    db.execute("INSERT OR IGNORE INTO relay_bundles (sha256, sender, line, seq, size, data,"
               " received_at, way) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               [sha256, sender, line, seq, len(data), data, clock.stamp(), way])


def kept(db: Database, way: Way = Way.UP) -> list[str]:
    """The identities of the bundles kept to forward in direction `way`, in the order
    they were applied here (the order in which the next office must apply them too)."""
    return [r[0] for r in db.execute("SELECT sha256 FROM relay_bundles WHERE way = ?"
                                     " ORDER BY rowid", [way])]


def not_yet_relayed(db: Database, recipient: str, way: Way = Way.UP) -> set[str]:
    return {r[0] for r in db.execute(
        "SELECT sha256 FROM relay_bundles WHERE way = ? AND sha256 NOT IN"
        " (SELECT sha256 FROM relay_sent WHERE recipient = ?)", [way, recipient])}


def relay_data(db: Database, sha256: str) -> bytes:
    return bytes(db.execute("SELECT data FROM relay_bundles WHERE sha256 = ?",
                            [sha256]).fetchone()[0])


def mark_relayed(db: Database, hashes: list[str], *, recipient: str, line: str,
                 seq: int) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO relay_sent (sha256, recipient, line, seq) VALUES (?, ?, ?, ?)",
        [(h, recipient, line, seq) for h in hashes])
