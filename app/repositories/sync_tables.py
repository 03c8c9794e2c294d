"""The sync tables (migration 0002): keys (the office's own and the enrolled ones),
sequence lines, outbox, inbox, conflicts, and the receipts of the offices below (what
each says it imported of this office's bundles, migration 0019). The only module of app/sync that writes SQL
for them."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app import clock
from app.domain.conflicts import Conflict
from app.signing.crypto import LockedKey


# -- this office's keys -------------------------------------------------------------
def current_key(db: Database) -> LockedKey | None:
    row = db.execute(
        "SELECT public_key, encrypted_private, salt, opslimit, memlimit, kdf FROM office_keys"
        " WHERE retired_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return LockedKey(public_key=row[0], encrypted_private=bytes(row[1]), salt=bytes(row[2]),
                     opslimit=row[3], memlimit=row[4], kdf=row[5])


def add_office_key(db: Database, key: LockedKey) -> None:
    now = clock.stamp()
    db.execute("UPDATE office_keys SET retired_at = ? WHERE retired_at IS NULL", [now])
    db.execute(
        "INSERT INTO office_keys (key_id, public_key, encrypted_private, salt, kdf, opslimit,"
        " memlimit, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [key.key_id, key.public_key, key.encrypted_private, key.salt, key.kdf, key.opslimit,
         key.memlimit, now])


# -- trusted keys -------------------------------------------------------------------
def trusted_key(db: Database, key_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM trusted_keys WHERE key_id = ?", [key_id]))
    return rows[0] if rows else None


def trusted_keys(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM trusted_keys ORDER BY unit_code, enrolled_at"))


def add_trusted_key(db: Database, *, key_id: str, unit_code: str, unit_name: str,
                    public_key: str, fingerprint: str, actor: str, scope: str = "unit",
                    expires_at: str | None = None, key_created_at: str | None = None) -> None:
    db.execute(
        "INSERT INTO trusted_keys (key_id, unit_code, unit_name, public_key, fingerprint,"
        " enrolled_at, enrolled_by, scope, expires_at, key_created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (key_id) DO UPDATE SET unit_name = excluded.unit_name,"
        " scope = excluded.scope, expires_at = excluded.expires_at",
        [key_id, unit_code, unit_name, public_key, fingerprint, clock.stamp(), actor, scope,
         expires_at, key_created_at])


def set_trusted_key_expiry(db: Database, key_id: str, expires_at: str) -> None:
    """A child office's key certified (again) until `expires_at`."""
    db.execute("UPDATE trusted_keys SET expires_at = ? WHERE key_id = ?", [expires_at, key_id])


def revoke_trusted_key(db: Database, key_id: str, at: str, reason: str) -> None:
    """Mark an enrolled key revoked from `at` (the earliest revocation counts)."""
    db.execute("UPDATE trusted_keys SET revoked_at = ?, revoked_reason = ? WHERE key_id = ?"
               " AND (revoked_at IS NULL OR revoked_at > ?)", [at, reason, key_id, at])


def office_keys(db: Database) -> list[dict[str, Any]]:
    """This office's keys, current and retired, newest first (no private halves)."""
    return list(db.query("SELECT key_id, public_key, created_at, retired_at FROM office_keys"
                         " ORDER BY created_at DESC, rowid DESC"))


def office_key(db: Database, key_id: str) -> LockedKey | None:
    row = db.execute(
        "SELECT public_key, encrypted_private, salt, opslimit, memlimit, kdf FROM office_keys"
        " WHERE key_id = ?", [key_id]).fetchone()
    if row is None:
        return None
    return LockedKey(public_key=row[0], encrypted_private=bytes(row[1]), salt=bytes(row[2]),
                     opslimit=row[3], memlimit=row[4], kdf=row[5])


# -- sequence lines -----------------------------------------------------------------
def current_line(db: Database) -> str | None:
    row = db.execute("SELECT line FROM sync_lines WHERE ended_at IS NULL"
                     " ORDER BY started_at DESC, rowid DESC LIMIT 1").fetchone()
    return row[0] if row else None


def start_line(db: Database, reason: str) -> str:
    now = clock.stamp()
    line = secrets.token_hex(8)
    db.execute("UPDATE sync_lines SET ended_at = ? WHERE ended_at IS NULL", [now])
    db.execute("INSERT INTO sync_lines (line, started_at, reason) VALUES (?, ?, ?)",
               [line, now, reason])
    return line


# -- outbox -------------------------------------------------------------------------
def last_sent(db: Database, recipient: str, line: str) -> tuple[int, str]:
    """(sequence number, manifest hash) of the last bundle to `recipient` on `line`."""
    row = db.execute("SELECT seq, sha256 FROM outbox WHERE recipient = ? AND line = ?"
                     " ORDER BY seq DESC LIMIT 1", [recipient, line]).fetchone()
    return (row[0], row[1]) if row else (0, "")


def max_rev_sent(db: Database, recipient: str) -> int:
    """The highest local change number any bundle to `recipient` carried (on any line:
    after a restore the new line goes on from where the backup's outbox stood)."""
    row = db.execute("SELECT max(max_rev) FROM outbox WHERE recipient = ?",
                     [recipient]).fetchone()
    return row[0] or 0


def add_outbox(db: Database, **values: Any) -> None:
    values = {"written_to": None, **values}
    db.execute(
        "INSERT INTO outbox (recipient, line, seq, sha256, max_rev, full, records, file_name,"
        " created_at, written_to) VALUES (:recipient, :line, :seq, :sha256, :max_rev, :full,"
        " :records, :file_name, :created_at, :written_to)", values)


def last_written(db: Database) -> list[dict[str, Any]]:
    """The newest bundle to each recipient with the place it was written (schema 0011):
    the only ones an interrupted export can have left waiting."""
    return list(db.query(
        "SELECT o.* FROM outbox o JOIN (SELECT recipient, max(id) AS id FROM outbox"
        " GROUP BY recipient) newest ON newest.id = o.id WHERE o.written_to IS NOT NULL"
        " AND o.written_to <> ''"))


def mark_lost(db: Database, sha256: str) -> None:
    db.execute("UPDATE outbox SET written_to = '' WHERE sha256 = ?", [sha256])


def last_lost(db: Database, recipient: str) -> bool:
    """Was the newest bundle to `recipient` lost on its way to the stick?"""
    row = db.execute("SELECT written_to FROM outbox WHERE recipient = ? ORDER BY id DESC"
                     " LIMIT 1", [recipient]).fetchone()
    return row is not None and row[0] == ""


def has_outbox(db: Database, sha256: str) -> bool:
    return db.execute("SELECT 1 FROM outbox WHERE sha256 = ?", [sha256]).fetchone() is not None


def outbox(db: Database, limit: int = 50) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM outbox ORDER BY id DESC LIMIT ?", [limit]))


# -- inbox --------------------------------------------------------------------------
def inbox_entry(db: Database, sender: str, recipient: str, line: str,
                seq: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM inbox WHERE sender = ? AND recipient = ? AND line = ?"
                         " AND seq = ?", [sender, recipient, line, seq]))
    return rows[0] if rows else None


def inbox_seqs(db: Database, sender: str, recipient: str, line: str) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT seq FROM inbox WHERE sender = ? AND recipient = ? AND line = ? ORDER BY seq",
        [sender, recipient, line])]


def add_inbox(db: Database, **values: Any) -> None:
    values = {"relayed_by": "", **values,
              "summary": json.dumps(values["summary"], ensure_ascii=False, sort_keys=True)}
    db.execute(
        "INSERT INTO inbox (sender, recipient, line, seq, sha256, prev_sha256, key_id, way,"
        " relayed_by, status, summary, rev_from, rev_to, created_at, applied_at) VALUES"
        " (:sender, :recipient, :line, :seq, :sha256, :prev_sha256, :key_id, :way,"
        " :relayed_by, 'applied', :summary, :rev_from, :rev_to, :created_at, :applied_at)",
        values)


def inbox(db: Database, limit: int = 50) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM inbox ORDER BY id DESC LIMIT ?", [limit]))


def imported_rev_ranges(db: Database) -> list[tuple[int, int]]:
    return [(r[0], r[1]) for r in db.execute(
        "SELECT rev_from, rev_to FROM inbox WHERE rev_to >= rev_from AND rev_to > 0"
        " ORDER BY rev_from")]


def imported_rev_sources(db: Database) -> list[tuple[int, int, str, str]]:
    """(first rev, last rev, bundle identity, way) of every import that wrote rows."""
    return [(r[0], r[1], r[2], r[3]) for r in db.execute(
        "SELECT rev_from, rev_to, sha256, way FROM inbox WHERE rev_to >= rev_from"
        " AND rev_to > 0 ORDER BY rev_from")]


def take_revs(db: Database, count: int) -> int:
    """Reserve `count` local change numbers; return the first."""
    last = db.execute("UPDATE sync_clock SET rev = rev + ? WHERE id = 1 RETURNING rev",
                      [count]).fetchone()[0]
    return last - count + 1


# -- conflicts ----------------------------------------------------------------------
def add_conflicts(db: Database, rows: list[dict[str, Any]]) -> None:
    db.conn.executemany(
        "INSERT OR IGNORE INTO sync_conflicts (kind, record_key, sender, bundle_sha256,"
        " loser_side, loser_sha256, loser_version, loser_json, winner_sha256, winner_version,"
        " reason, created_at) VALUES (:kind, :record_key, :sender, :bundle_sha256,"
        " :loser_side, :loser_sha256, :loser_version, :loser_json, :winner_sha256,"
        " :winner_version, :reason, :created_at)", rows)


_CONFLICT_COLUMNS = ", ".join(Conflict.__dataclass_fields__)


def conflicts(db: Database, *, include_reviewed: bool = False,
              limit: int = 1000) -> list[Conflict]:
    where = "" if include_reviewed else " WHERE reviewed_at IS NULL"
    return [Conflict(**row) for row in db.query(
        f"SELECT {_CONFLICT_COLUMNS} FROM sync_conflicts{where} ORDER BY id DESC LIMIT ?",
        [limit])]


def mark_reviewed(db: Database, conflict_id: int, actor: str) -> bool:
    cursor = db.execute("UPDATE sync_conflicts SET reviewed_at = ?, reviewed_by = ?"
                        " WHERE id = ? AND reviewed_at IS NULL",
                        [clock.stamp(), actor, conflict_id])
    return cursor.rowcount > 0


RECEIPTS = "sync_receipts"


@dataclass(frozen=True)
class Receipt:
    office: str  # the office that imported
    sender: str
    recipient: str
    line: str
    last_seq: int
    missing: frozenset[int]
    imported_at: str

    def covers(self, seq: int) -> bool:
        return seq <= self.last_seq and seq not in self.missing


def receipts_from(db: Database, sender: str) -> dict[tuple[str, str, str], Receipt]:
    """(office, recipient, line) -> what that office says it imported of `sender`'s
    bundles (this office's: the bundles it wrote are in its outbox).

    A receipt counts only when it names the last bundle it covers by that bundle's hash
    as the outbox holds it: an office that never received a bundle cannot know its hash,
    so a receipt claiming bundle 999 (or one not yet received) acknowledges nothing
    (issue 25 red team: a commune's receipt showed it had imported the decisions it was
    never sent)."""
    result = {}
    for office, recipient, line, last, missing, at in db.execute(
            f"SELECT origin, recipient, line, last_seq, missing, imported_at FROM {RECEIPTS} r"
            " WHERE sender = ? AND EXISTS (SELECT 1 FROM outbox o WHERE o.recipient ="
            " r.recipient AND o.line = r.line AND o.seq = r.last_seq"
            " AND o.sha256 = r.last_sha256)", [sender]):
        result[(office, recipient, line)] = Receipt(
            office, sender, recipient, line, last,
            frozenset(int(n) for n in missing.split(",") if n.isdigit()), at)
    return result
