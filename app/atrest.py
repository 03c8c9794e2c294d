"""The office's data file encrypted at rest (issue 26; docs/privacy.md "Encryption").

The file is a SQLCipher database (the maintained `sqlcipher3` binding, with wheels for
Windows and Linux): every page is encrypted (AES-256) and authenticated. Its key is a
random 32-byte *data key*, given to SQLCipher as a raw key (no key derivation at each
open, so opening costs nothing more). The data key itself is kept beside the data
file in a small key file (`<data file>.khoa`), wrapped twice with PyNaCl's SecretBox:

- under the office's *data passphrase* (Argon2id, as the signing key's passphrase);
- under the *recovery key*, 32 random letters and digits printed once at setup, for
  the day the passphrase is forgotten.

Without the passphrase or the recovery key, neither the data file, its write-ahead
log nor its backups (encrypted with the same key, the key file copied beside each) can
be read: a lost USB stick shows nothing. What it does not protect against: a PC where
someone watches the clerk type the passphrase, or malware running while DVK is open
(the data key is then in memory), and a backup made before encryption was turned on.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.utils

from app import clock, fileops
from app.errors import DvkError
from app.i18n import _
from db import connection

SUFFIX = ".khoa"
FORMAT = "dvk-data-key"
KEY_BYTES = 32
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off paper
RECOVERY_LETTERS = 32  # 160 bits
PASSPHRASE_MIN = 8
PASSPHRASE_ENV = "DVK_DATA_PASSPHRASE"
# Argon2id as libsodium's "moderate" for the passphrase (about a second on an old PC,
# once per start); the recovery key has 160 random bits and needs no slow hashing.
_PASSPHRASE_COST = (nacl.pwhash.argon2id.OPSLIMIT_MODERATE,
                    nacl.pwhash.argon2id.MEMLIMIT_MODERATE)
_RECOVERY_COST = (nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
                  nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE)
_FAST_COST = (nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)


class DataFileLocked(DvkError):
    """An encrypted data file opened without its passphrase."""

    exit_code = 3


@dataclass
class Enabled:
    recovery_key: str  # shown and printed once: DVK never stores it
    key_file: Path


def key_file(path: str | Path) -> Path:
    return Path(str(path) + SUFFIX)


def is_encrypted(path: str | Path) -> bool:
    return str(path) != ":memory:" and key_file(path).is_file()


def format_recovery(letters: str) -> str:
    return "-".join(letters[i:i + 4] for i in range(0, len(letters), 4))


def _normal_recovery(text: str) -> str:
    return "".join(c for c in text.upper() if c.isalnum()).replace("0", "O").replace(
        "1", "I")


def _wrap(secret: bytes, data_key: bytes, cost: tuple[int, int]) -> dict:
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    box_key = nacl.pwhash.argon2id.kdf(KEY_BYTES, secret, salt, opslimit=cost[0],
                                       memlimit=cost[1])
    return {"salt": salt.hex(), "opslimit": cost[0], "memlimit": cost[1],
            "box": nacl.secret.SecretBox(box_key).encrypt(data_key).hex()}


def _unwrap(secret: bytes, slot: dict) -> bytes | None:
    try:
        box_key = nacl.pwhash.argon2id.kdf(KEY_BYTES, secret, bytes.fromhex(slot["salt"]),
                                           opslimit=int(slot["opslimit"]),
                                           memlimit=int(slot["memlimit"]))
        return nacl.secret.SecretBox(box_key).decrypt(bytes.fromhex(slot["box"]))
    except (nacl.exceptions.CryptoError, KeyError, ValueError, TypeError):
        return None


def _check(data_key: bytes) -> str:
    return hashlib.sha256(b"dvk-data-key-check\0" + data_key).hexdigest()[:16]


def _read(path: str | Path) -> dict:
    try:
        envelope = json.loads(key_file(path).read_text(encoding="utf-8"))
        if envelope.get("format") != FORMAT:
            raise ValueError("format")
        return envelope
    except (OSError, ValueError) as error:
        raise DvkError(_(
            "The key file {file} of the encrypted data file cannot be read ({detail}). "
            "Put back the copy kept beside a backup, or restore a backup.").format(
            file=key_file(path), detail=error)) from error


def _write(path: Path, envelope: dict) -> None:
    data = json.dumps(envelope, indent=1, sort_keys=True).encode("utf-8")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    temporary.write_bytes(data)
    fileops.replace(temporary, path)


def _cost(fast: bool) -> tuple[tuple[int, int], tuple[int, int]]:
    return (_FAST_COST, _FAST_COST) if fast else (_PASSPHRASE_COST, _RECOVERY_COST)


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < PASSPHRASE_MIN:
        raise DvkError(_("The passphrase must have at least {count} characters.").format(
            count=PASSPHRASE_MIN))


# -- unlocking ------------------------------------------------------------------------------
def unlock(path: str | Path, *, passphrase: str | None = None,
           recovery: str | None = None) -> bytes:
    """The data key of an encrypted data file, from its passphrase or recovery key;
    remembered for every connection this process opens to it (and its backups)."""
    envelope = _read(path)
    data_key = None
    if passphrase:
        data_key = _unwrap(passphrase.encode("utf-8"), envelope["passphrase"])
    if data_key is None and recovery:
        data_key = _unwrap(_normal_recovery(recovery).encode("ascii"), envelope["recovery"])
    if data_key is None or _check(data_key) != envelope.get("check"):
        raise DataFileLocked(_(
            "The data file {path} is encrypted, and this passphrase (or recovery key) does "
            "not open it. Type it again; a forgotten passphrase is replaced with the "
            "recovery key printed when encryption was turned on.").format(path=path))
    connection.remember_key(path, data_key)
    return data_key


def needs_unlocking(path: str | Path) -> bool:
    return is_encrypted(path) and connection.known_key(path) is None


def key_file_missing(path: str | Path) -> bool:
    """A data file that is not plain SQLite and has no key file beside it: encrypted
    with its key file lost (or moved without it), or damaged."""
    return Path(path).is_file() and not is_encrypted(path) and not connection.is_plain(path)


def locked_error(path: str | Path) -> DataFileLocked:
    return DataFileLocked(_(
        "The data file {path} is encrypted: type its passphrase (on the command line, in "
        "the variable {env}).").format(path=path, env=PASSPHRASE_ENV))


# -- turning it on, changing the passphrase --------------------------------------------------
def enable(db_path: str | Path, passphrase: str, *, fast: bool = False) -> Enabled:
    """Encrypt a plain data file in place (closed by every other program): a copy is
    made encrypted beside it with `sqlcipher_export`, checked, then put in its place;
    the key file is written first. Returns the recovery key (to print). `fast`: cheap
    key derivation (tests and the benchmark only)."""
    check_passphrase(passphrase)
    path = Path(db_path)
    if not path.is_file():
        raise DvkError(_("The data file {path} does not exist.").format(path=path))
    if is_encrypted(path):
        raise DvkError(_("The data file {path} is already encrypted.").format(path=path))
    if connection.cipher is None:
        raise DvkError(_("This DVK was built without SQLCipher; it cannot encrypt the data "
                         "file."))
    data_key = nacl.utils.random(KEY_BYTES)
    letters = "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(RECOVERY_LETTERS))
    pass_cost, recovery_cost = _cost(fast)
    envelope = {"format": FORMAT, "version": 1, "check": _check(data_key),
                "made_at": clock.stamp(),
                "passphrase": _wrap(passphrase.encode("utf-8"), data_key, pass_cost),
                "recovery": _wrap(letters.encode("ascii"), data_key, recovery_cost)}
    encrypted = path.with_name(f".{path.name}.{secrets.token_hex(4)}.ma-hoa")
    try:
        _encrypted_copy(path, encrypted, data_key)
    except BaseException:
        encrypted.unlink(missing_ok=True)
        raise
    _swap_in(path, encrypted, envelope)
    connection.remember_key(path, data_key)
    return Enabled(format_recovery(letters), key_file(path))


def _encrypted_copy(path: Path, encrypted: Path, data_key: bytes) -> None:
    """`encrypted`: the plain data file copied with `sqlcipher_export` under `data_key`,
    checked page by page. The data file itself is only read."""
    try:
        source = sqlite3.connect(str(path))
        try:
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            source.close()
        connection.export_copy(path, encrypted, data_key, readonly=False)
        check = connection.raw_connect(str(encrypted), key=data_key)
        try:
            if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise DvkError(_("The encrypted copy did not check out; nothing was "
                                 "changed."))
            check.execute("PRAGMA journal_mode = WAL")
        finally:
            check.close()
    except connection.ERRORS as error:
        raise DvkError(_("The data file could not be encrypted ({detail}); nothing was "
                         "changed.").format(detail=error)) from error


def _swap_in(path: Path, encrypted: Path, envelope: dict) -> None:
    """Put the checked encrypted copy in place of the plain data file. Every step can
    be undone: a failure (the file held by another program, a stick pulled out) puts
    the plain file back and removes the key file, so the office keeps its data file
    as it was. Only once the encrypted file is in place is the plain copy shredded."""
    plain = path.with_name(path.name + ".chua-ma-hoa")
    key = key_file(path)
    done: list[str] = []
    try:
        _write(key, envelope)
        done.append("key")
        fileops.replace(path, plain)
        done.append("aside")
        fileops.replace(encrypted, path)
        done.append("in place")
    except OSError as error:
        try:
            if "aside" in done:
                fileops.replace(plain, path)
            if "key" in done:
                key.unlink(missing_ok=True)
        finally:
            encrypted.unlink(missing_ok=True)
        detail = fileops.explain(error, path) or error.strerror or error
        raise DvkError(_("The data file could not be encrypted ({detail}); nothing was "
                         "changed.").format(detail=detail)) from error
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    _shred(plain)


def _shred(path: Path) -> None:
    """Overwrite a plain copy before deleting it (a best effort: a flash stick may keep
    old blocks; docs/privacy.md says so)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fp:
            for offset in range(0, size, 1 << 20):
                fp.write(os.urandom(min(1 << 20, size - offset)))
            fp.flush()
            os.fsync(fp.fileno())
    except OSError:
        pass
    path.unlink(missing_ok=True)


def change_passphrase(db_path: str | Path, new: str, *, old: str | None = None,
                      recovery: str | None = None, fast: bool = False) -> None:
    """A new passphrase, given the old one or the recovery key, or neither when this
    process unlocked the file already (the recovery key stays the same)."""
    check_passphrase(new)
    data_key = connection.known_key(db_path) if old is None and recovery is None else None
    if data_key is None:
        data_key = unlock(db_path, passphrase=old, recovery=recovery)
    envelope = _read(db_path)
    envelope["passphrase"] = _wrap(new.encode("utf-8"), data_key, _cost(fast)[0])
    _write(key_file(db_path), envelope)


def copy_key_file(db_path: str | Path, target: str | Path) -> Path | None:
    """Beside a backup of an encrypted data file, the key file (wrapped keys only: it
    opens nothing without the passphrase or the recovery key)."""
    if not is_encrypted(db_path):
        return None
    destination = key_file(target)
    _write(destination, _read(db_path))
    return destination


def place_key_file(backup: Path, target: Path, aside: Path | None) -> None:
    """Restoring `backup` in place of a data file that cannot be opened: the key file
    that opens the backup goes beside `target` (the backup's own, else the set-aside
    data file's when the backup is encrypted with the same key), and a plain backup
    leaves none. The data file's own key file stays beside the set-aside file."""
    own = key_file(target)
    if own.exists():
        fileops.replace(own, key_file(aside) if aside else own.with_name(
            f"{own.name}.{secrets.token_hex(4)}.cu"))
    if connection.is_plain(backup):
        return
    for source in (key_file(backup), key_file(aside) if aside else None):
        if source is not None and source.is_file():
            _write(own, json.loads(source.read_text(encoding="utf-8")))
            return


def recovery_sheet_text(office: str, recovery: str) -> list[str]:
    """The lines of the printed recovery key."""
    return [
        _("DVK - recovery key of the encrypted data file"),
        _("Office: {office}").format(office=office),
        _("Made: {when}").format(when=clock.now_vietnam().strftime("%d/%m/%Y %H:%M")),
        "",
        recovery,
        "",
        _("Keep this paper locked away, apart from the PC and the USB stick. With it, a "
          "forgotten passphrase is replaced (dvk encryption passphrase --recovery). Whoever "
          "holds it and the stick can read the data."),
    ]

