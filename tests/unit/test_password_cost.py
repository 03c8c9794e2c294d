"""The sign-in password cost is written out in app/services/accounts.py so that the
window opens without loading libsodium's bindings; it must stay libsodium's own
interactive cost."""

from __future__ import annotations

import nacl.pwhash

from app.services import accounts


def test_the_written_out_password_cost_is_libsodiums_interactive_cost():
    assert accounts.OPSLIMIT == nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE
    assert accounts.MEMLIMIT == nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE
