"""Red team, keys (issue 15, point 3): a thief holding a commune's stolen key. After the
key is revoked (or replaced by a rotation), a rotation statement signed by the old key,
dated before the revocation, naming the thief's own key, must not give that key any
authority; bundles it signs are refused at the district and, forwarded, at the
province; `keys list` never shows it valid. A key enrolled from a key card signs
nothing dated before it was made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import nacl.signing
import pytest

from app import clock
from app.signing import crypto
from app.sync import trust as tr
from app.sync import trust_statements as ts
from app.sync import trust_store
from app.sync.errors import BundleRefused
from tests.sync.builders import register, signed_by, signing_key
from tests.sync.test_trust_tamper import _outer
from tests.sync.tree_net import C2, D2, PASSPHRASE, PROVINCE, Tree


def at(moment: str) -> None:
    clock.set_fixed(dt.datetime.fromisoformat(moment).replace(tzinfo=dt.UTC))


@pytest.fixture(autouse=True)
def _real_clock_after():
    yield
    clock.set_fixed(None)


def _thiefs_bundle(tree: Tree, out: Path, old: nacl.signing.SigningKey,
                   rotation_issued_at: str, name: str) -> tuple[Path, str]:
    """What the thief sends from the stolen commune PC: a rotation of the stolen key to
    the thief's own key (dated as the thief likes), and a bundle signed with it."""
    thief = nacl.signing.SigningKey.generate()
    rotation = ts.rotation(old, thief, unit=C2, issued_at=rotation_issued_at)
    with tree.open(C2) as ctx:
        with ctx.transaction():
            trust_store.add_statements(ctx.db, [rotation])
        register(ctx, name)
        path = signed_by(ctx, D2, thief, out / f"{name}.dvk", full=False)
    return path, rotation.key_id


def _refused(tree: Tree, code: str, bundle: Path) -> BundleRefused:
    before = tree.file_hash(code)
    with tree.open(code) as ctx, pytest.raises(BundleRefused) as refused:
        ctx.sync.import_bundle(bundle)
    assert tree.file_hash(code) == before
    assert refused.value.reason in ("revoked_key", "retired_key", "unknown_key",
                                    "expired_key"), refused.value.reason
    return refused.value


def _not_valid_anywhere(tree: Tree, key_id: str) -> None:
    for code in (D2, PROVINCE):
        with tree.open(code) as ctx:
            assert not [k for k in ctx.trust.keys() if k.key_id == key_id and k.valid]


def test_a_backdated_rotation_of_a_revoked_key_gives_the_thief_nothing(tree, tmp_path):
    out = tmp_path / "out"
    at("2026-11-20T08:00:00")
    tree.hop(C2, D2, out)
    tree.hop(D2, PROVINCE, out)
    with tree.open(C2) as ctx:
        stolen = signing_key(ctx)
    at("2026-11-25T10:00:00")
    with tree.open(D2) as district:
        district.trust.revoke(C2, reason="Máy tính bị lấy cắp", passphrase=PASSPHRASE)
    tree.hop(D2, PROVINCE, out)  # the province learns the revocation
    at("2026-11-26T08:00:00")
    bundle, thief_key = _thiefs_bundle(tree, out, stolen, "2026-11-25T09:00:00.000Z",
                                       "Mô hình của kẻ gian")
    error = _refused(tree, D2, bundle)
    assert error.message
    forwarded = _outer(tree, out, [bundle.read_bytes()], sender=D2)
    _refused(tree, PROVINCE, forwarded)
    _not_valid_anywhere(tree, thief_key)


def test_a_second_rotation_of_a_rotated_out_key_gives_the_thief_nothing(tree, tmp_path):
    out = tmp_path / "out"
    at("2026-11-20T08:00:00")
    with tree.open(C2) as ctx:
        old = signing_key(ctx)
    at("2026-11-22T08:00:00")
    with tree.open(C2) as ctx:
        ctx.trust.rotate(PASSPHRASE, demo=True)
    tree.hop(C2, D2, out)  # the district learns the rotation to the commune's new key
    tree.hop(D2, PROVINCE, out)
    at("2026-11-26T08:00:00")
    bundle, thief_key = _thiefs_bundle(tree, out, old, "2026-11-21T08:00:00.000Z",
                                       "Mô hình giả sau đổi khóa")
    _refused(tree, D2, bundle)
    _refused(tree, PROVINCE, _outer(tree, out, [bundle.read_bytes()], sender=D2))
    _not_valid_anywhere(tree, thief_key)


def test_a_revocation_reaches_the_keys_rotated_from_the_revoked_key():
    """Seen in the other order: the thief's rotation arrived first; when the old key's
    revocation arrives, the thief's key is revoked with it from that day on."""
    office = nacl.signing.SigningKey.generate()
    parent = nacl.signing.SigningKey.generate()
    thief = nacl.signing.SigningKey.generate()
    anchor = tr.Anchor(key_id=crypto.key_id(office.verify_key.encode()), unit=C2,
                       public_key=office.verify_key.encode(), scope=C2,
                       since="2026-01-01T00:00:00.000Z")
    rotation = ts.rotation(office, thief, unit=C2, issued_at="2026-11-24T08:00:00.000Z")
    rotation = ts.Statement(rotation.body, rotation.signatures,
                            seen_at="2026-11-24T09:00:00.000Z")
    parent_anchor = tr.Anchor(key_id=crypto.key_id(parent.verify_key.encode()), unit=D2,
                              public_key=parent.verify_key.encode(), scope=D2,
                              since="2026-01-01T00:00:00.000Z")
    revocation = ts.revocation(parent, issuer=D2, unit=C2, key_id=anchor.key_id,
                               effective_at="2026-11-25T10:00:00.000Z", reason="mất",
                               issued_at="2026-11-25T10:00:00.000Z")

    class Flat:
        def contains(self, scope, code):
            return scope == code or (scope == D2 and code == C2)

        def ancestors(self, code):
            return [D2] if code == C2 else []

        def merged(self, code):
            return None

    before = tr.Trust([anchor, parent_anchor], [rotation], Flat(), office=D2,
                      parent_office=None)
    assert before.check(rotation.key_id, C2, "2026-11-26T08:00:00.000Z")[0] is not None
    after = before.extended([revocation])
    path, problem = after.check(rotation.key_id, C2, "2026-11-26T08:00:00.000Z")
    assert path is None and problem.reason == "revoked_key"
    # what the thief's key signed before the revocation stays as it was judged
    assert after.check(rotation.key_id, C2, "2026-11-24T12:00:00.000Z")[0] is not None


def test_an_enrolled_key_signs_nothing_dated_before_it_was_made(tree, tmp_path):
    out = tmp_path / "out"
    at("2026-11-20T08:00:00")
    with tree.open(C2) as commune:  # a new PC: a new key and its card
        commune.keys.create(PASSPHRASE, demo=True, replace=True)
        card = commune.keys.write_card(out / "the.dvkkey", PASSPHRASE)
    at("2026-11-21T08:00:00")
    with tree.open(D2) as district:
        district.trust.replace(C2, out / "the.dvkkey", card.fingerprint,
                               passphrase=PASSPHRASE)
    at("2026-11-10T08:00:00")  # a bundle dated ten days before the key was made
    with tree.open(C2) as commune:
        register(commune, "Mô hình ghi lùi ngày")
        backdated = commune.sync.export(D2, out / "backdated.dvk",
                                        passphrase=PASSPHRASE).path
    at("2026-11-21T09:00:00")
    error = _refused(tree, D2, backdated)
    assert error.reason == "expired_key"
    assert "19/11/2026" in error.message  # a day before the card's date
