"""File contents addressed by SHA-256 (evidence photos and scans)."""

from __future__ import annotations

import hashlib

from sqlite_utils import Database


def put(db: Database, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    db.execute("INSERT OR IGNORE INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
               [digest, len(data), data])
    return digest


def get(db: Database, sha256: str) -> bytes | None:
    row = db.execute("SELECT data FROM blobs WHERE sha256 = ?", [sha256]).fetchone()
    return bytes(row[0]) if row else None


def has(db: Database, sha256: str) -> bool:
    return db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [sha256]).fetchone() is not None
