"""The office key, unlocked once, signing every certificate code of a batch.

Printing a decision's certificates signs hundreds of codes; the passphrase is asked
once (the window's passphrase dialog, or DVK_PASSPHRASE on the command line) and the
resulting signer is handed to the print job, which may run on another thread with its
own database connection: the signer holds no connection, only the unlocked key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import nacl.signing

from app.signing import crypto


@dataclass(frozen=True)
class CertificateSigner:
    unit_code: str  # the issuing office
    unit_name: str
    signing_key: nacl.signing.SigningKey = field(repr=False)

    @property
    def key_id(self) -> str:
        return crypto.key_id(self.signing_key.verify_key.encode())

    def sign(self, message: bytes) -> bytes:
        return crypto.sign(self.signing_key, message)
