"""A bundle encrypted to the office it is for (`dvk export --encrypt`): a lost stick
shows no names, phone numbers or addresses, only which office the file is for.

The recipient's X25519 key is derived from its Ed25519 signing key (libsodium's
`crypto_sign_ed25519_pk_to_curve25519`), so no second key has to be enrolled by phone:
the key a sender already trusts for signatures is the key it encrypts to. A random
key for XChaCha20-Poly1305 (libsodium secretstream, 64 KiB chunks, the last one tagged
final so a cut-off file is noticed) is sealed to that X25519 key with a SealedBox
(an ephemeral key pair: the file does not say who wrote it; the signed bundle inside
does). Layout (docs/bundle-format.md): magic `DVKSEAL1`, header length (4 bytes, big
endian), the header (canonical JSON: recipient, its key id, plain size, chunk size),
the sealed key (80 bytes), the stream header (24 bytes), then the chunks. The header is
authenticated as associated data of the first chunk.
"""

from __future__ import annotations

from dataclasses import dataclass

import nacl.bindings as sodium
import nacl.exceptions
import nacl.public
import nacl.signing
import nacl.utils

from app.signing import canonical, crypto

MAGIC = b"DVKSEAL1"
FORMAT = "dvk-sealed"
FORMAT_VERSION = 1
CHUNK = 64 * 1024
MAX_HEADER = 4096
_KEY = sodium.crypto_secretstream_xchacha20poly1305_KEYBYTES
# A SealedBox: the ephemeral public key and the MAC, then the sealed stream key.
_SEALED_KEY = sodium.crypto_box_SEALBYTES + _KEY
_STREAM_HEADER = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL


class SealError(ValueError):
    """The encrypted file is damaged or not for this key (English detail)."""


@dataclass(frozen=True)
class Header:
    recipient: str
    key_id: str
    size: int
    chunk: int
    raw: bytes


def is_sealed(data: bytes) -> bool:
    return data[:len(MAGIC)] == MAGIC


def seal(data: bytes, *, recipient: str, public_key: bytes) -> bytes:
    """Encrypt `data` to the office whose Ed25519 public key is `public_key`."""
    curve = nacl.public.PublicKey(sodium.crypto_sign_ed25519_pk_to_curve25519(public_key))
    header = canonical.dumps({"format": FORMAT, "format_version": FORMAT_VERSION,
                              "recipient": recipient, "key_id": crypto.key_id(public_key),
                              "size": len(data), "chunk": CHUNK})
    key = nacl.utils.random(_KEY)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    parts = [MAGIC, len(header).to_bytes(4, "big"), header,
             nacl.public.SealedBox(curve).encrypt(key),
             sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)]
    chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    for index, chunk in enumerate(chunks):
        parts.append(sodium.crypto_secretstream_xchacha20poly1305_push(
            state, chunk, ad=header if index == 0 else None,
            tag=_FINAL if index == len(chunks) - 1 else _MESSAGE))
    return b"".join(parts)


def read_header(data: bytes) -> Header:
    if not is_sealed(data) or len(data) < len(MAGIC) + 4:
        raise SealError("not an encrypted bundle")
    length = int.from_bytes(data[len(MAGIC):len(MAGIC) + 4], "big")
    if length > MAX_HEADER:
        raise SealError("header too large")
    raw = data[len(MAGIC) + 4:len(MAGIC) + 4 + length]
    try:
        value = canonical.loads(raw, limit=MAX_HEADER)
    except canonical.CanonicalError as error:
        raise SealError(str(error)) from error
    fields = {"format", "format_version", "recipient", "key_id", "size", "chunk"}
    if not isinstance(value, dict) or set(value) != fields or value["format"] != FORMAT \
            or canonical.dumps(value) != raw:
        raise SealError("bad header")
    if value["format_version"] != FORMAT_VERSION:
        raise SealError("unknown version")
    numbers_ok = all(isinstance(value[n], int) and not isinstance(value[n], bool)
                     and value[n] >= 0 for n in ("size", "chunk"))
    if not numbers_ok or value["chunk"] != CHUNK or not isinstance(value["recipient"], str) \
            or not isinstance(value["key_id"], str):
        raise SealError("bad header")
    return Header(value["recipient"], value["key_id"], value["size"], value["chunk"], raw)


def open_sealed(data: bytes, signing: nacl.signing.SigningKey) -> bytes:
    """The plain bundle; SealError if the file was altered, cut or is for another key."""
    header = read_header(data)
    start = len(MAGIC) + 4 + len(header.raw)
    count = max(1, -(-header.size // header.chunk))
    expected = start + _SEALED_KEY + _STREAM_HEADER + header.size + count * _ABYTES
    if len(data) != expected:
        raise SealError("the file is cut off or too long")
    private = signing.to_curve25519_private_key()
    sealed_key = data[start:start + _SEALED_KEY]
    try:
        key = nacl.public.SealedBox(private).decrypt(sealed_key)
    except nacl.exceptions.CryptoError as error:
        raise SealError("not encrypted to this office's key") from error
    position = start + _SEALED_KEY
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    try:
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(
            state, data[position:position + _STREAM_HEADER], key)
        position += _STREAM_HEADER
        plain: list[bytes] = []
        for index in range(count):
            size = min(header.chunk, header.size - index * header.chunk) + _ABYTES
            chunk, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(
                state, data[position:position + size], ad=header.raw if index == 0 else None)
            position += size
            if tag != (_FINAL if index == count - 1 else _MESSAGE):
                raise SealError("chunks out of order")
            plain.append(chunk)
    except (nacl.exceptions.CryptoError, nacl.exceptions.RuntimeError, ValueError) as error:
        if isinstance(error, SealError):
            raise
        raise SealError("the encrypted content was altered") from error
    return b"".join(plain)
