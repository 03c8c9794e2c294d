"""Ed25519 keys (PyNaCl): making them, locking the private half with a passphrase
(Argon2id + SecretBox), key ids, fingerprints a person can read over the phone, and
key cards.

Nothing here touches the database or translates messages: callers do.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash
import nacl.secret
import nacl.signing
import nacl.utils

from app.signing import canonical

KDF = "argon2id"
# Real offices: about half a second on an old office PC, 128 MiB of memory.
OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_MODERATE
MEMLIMIT = 128 * 1024 * 1024
# Demo networks and tests: quick (the passphrase is "demo" anyway).
DEMO_OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE
DEMO_MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE

CARD_FORMAT = "dvk-key-card"
CARD_VERSION = 1
FINGERPRINT_DIGITS = 30
FINGERPRINT_GROUP = 5


class WrongPassphrase(Exception):
    pass


class BadCard(ValueError):
    pass


@dataclass(frozen=True)
class LockedKey:
    """A private key as stored: encrypted with a key derived from the passphrase."""

    public_key: str  # hex
    encrypted_private: bytes
    salt: bytes
    opslimit: int
    memlimit: int
    kdf: str = KDF

    @property
    def key_id(self) -> str:
        return key_id(bytes.fromhex(self.public_key))


def key_id(public_key: bytes) -> str:
    """A short name for a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def fingerprint(public_key: bytes) -> str:
    """30 decimal digits in groups of five ("12345 67890 ..."), about 100 bits of the
    key's SHA-256: enough that nobody can make another key with the same digits."""
    digest = hashlib.sha256(b"dvk-fingerprint-v1\x00" + public_key).digest()
    number = int.from_bytes(digest[:16], "big") % 10**FINGERPRINT_DIGITS
    digits = f"{number:0{FINGERPRINT_DIGITS}d}"
    return " ".join(digits[i:i + FINGERPRINT_GROUP]
                    for i in range(0, FINGERPRINT_DIGITS, FINGERPRINT_GROUP))


def normalise_fingerprint(text: str) -> str:
    """What a person typed, digits only (spaces, dashes and dots dropped)."""
    return "".join(ch for ch in text if ch.isdigit())


def _box_key(passphrase: str, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    return nacl.pwhash.argon2id.kdf(nacl.secret.SecretBox.KEY_SIZE,
                                    passphrase.encode("utf-8"), salt,
                                    opslimit=opslimit, memlimit=memlimit)


def generate(passphrase: str, *, opslimit: int = OPSLIMIT, memlimit: int = MEMLIMIT,
             seed: bytes | None = None) -> tuple[LockedKey, nacl.signing.SigningKey]:
    """A new key locked with the passphrase (`seed`: a known key, for the published test
    vectors only)."""
    signing = nacl.signing.SigningKey(seed) if seed else nacl.signing.SigningKey.generate()
    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    box = nacl.secret.SecretBox(_box_key(passphrase, salt, opslimit, memlimit))
    locked = LockedKey(
        public_key=signing.verify_key.encode().hex(),
        encrypted_private=bytes(box.encrypt(signing.encode())),
        salt=salt, opslimit=opslimit, memlimit=memlimit,
    )
    return locked, signing


def unlock(locked: LockedKey, passphrase: str) -> nacl.signing.SigningKey:
    if locked.kdf != KDF:
        raise WrongPassphrase(locked.kdf)
    box = nacl.secret.SecretBox(_box_key(passphrase, locked.salt, locked.opslimit,
                                         locked.memlimit))
    try:
        seed = box.decrypt(locked.encrypted_private)
    except nacl.exceptions.CryptoError as error:
        raise WrongPassphrase() from error
    signing = nacl.signing.SigningKey(seed)
    if signing.verify_key.encode().hex() != locked.public_key:
        raise WrongPassphrase()
    return signing


def sign(signing: nacl.signing.SigningKey, data: bytes) -> bytes:
    return signing.sign(data).signature


def verify(public_key: bytes, data: bytes, signature: bytes) -> bool:
    try:
        nacl.signing.VerifyKey(public_key).verify(data, signature)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, ValueError,
            TypeError):
        return False
    return True


# -- key cards -------------------------------------------------------------------
def make_card(signing: nacl.signing.SigningKey, *, unit_code: str, unit_name: str,
              created_at: str) -> bytes:
    """A key card: the office's public key and who it is, signed by the key itself
    (proof that the card was made by whoever holds the private half)."""
    public = signing.verify_key.encode()
    body = {"format": CARD_FORMAT, "format_version": CARD_VERSION, "unit_code": unit_code,
            "unit_name": unit_name, "public_key": public.hex(), "key_id": key_id(public),
            "created_at": created_at}
    card = {**body, "signature": sign(signing, canonical.dumps(body)).hex()}
    return canonical.dumps(card) + b"\n"


@dataclass(frozen=True)
class Card:
    unit_code: str
    unit_name: str
    public_key: bytes
    created_at: str

    @property
    def key_id(self) -> str:
        return key_id(self.public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def read_card(data: bytes) -> Card:
    try:
        card = canonical.loads(data.strip(), limit=64 * 1024)
    except canonical.CanonicalError as error:
        raise BadCard(str(error)) from error
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT:
        raise BadCard("not a key card")
    if card.get("format_version") != CARD_VERSION:
        raise BadCard("unknown card version")
    fields = ("unit_code", "unit_name", "public_key", "key_id", "created_at", "signature")
    if any(not isinstance(card.get(name), str) for name in fields):
        raise BadCard("missing fields")
    try:
        public = bytes.fromhex(card["public_key"])
        signature = bytes.fromhex(card["signature"])
    except ValueError as error:
        raise BadCard("bad hex") from error
    if len(public) != 32 or card["key_id"] != key_id(public):
        raise BadCard("bad key")
    body = {k: v for k, v in card.items() if k != "signature"}
    if not verify(public, canonical.dumps(body), signature):
        raise BadCard("bad signature")
    return Card(card["unit_code"], card["unit_name"], public, card["created_at"])
