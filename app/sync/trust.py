"""Trust along the unit tree: signed statements about keys, and the rule that decides
whether a key may sign for a unit at a given time.

An office trusts, to begin with, the keys it enrolled from key cards after comparing
the fingerprint by phone (its parent office and its child offices: *anchors*) and its
own keys. Everything else comes as **statements**, each signed by the key that makes
it, so they can travel in any bundle and be checked by anyone who knows that key:

- `certificate`: a parent office certifies a child's key for a part of the tree
  (`scope`: a unit and everything under it or merged into it) until `expires_at`.
  The scope must lie inside the issuer's own scope and hold the subject unit; an
  office never certifies a key for itself (that is what rotation is for).
- `revocation`: from `effective_at` on, the key signs nothing more. Made by the unit
  itself or by an office above it. What the key signed before stays valid.
- `rotation`: a new key for the same unit, signed by the old key and by the new one;
  the new key takes over the old one's scope and expiry, the old one is retired.
- `introduction`: a parent office passes its own parent's key down, so an office can
  check what the offices above its parent certify or revoke.

A key may sign a bundle made at time `t` for unit `u` when some chain of these leads
from an anchor to it, every issuer on the way was valid when it issued, and at `t` the
key is not revoked, retired, expired or out of scope, and `u` has not been merged into
another unit. The times are those the signers state (a stolen key could backdate: the
revocation closes that door only from the day it is known; docs/bundle-format.md), with
three limits on what a thief can do with them:

- a revocation covers every key that descends from the revoked key by rotation (a thief
  cannot escape it by rotating the stolen key to one of their own);
- a rotation this office first sees after it knew the old key's revocation is refused,
  whatever time it states (a backdated rotation of a revoked key);
- every key has a start: a key enrolled from a key card starts a day before the card
  says it was made (an enrolled key without a card, when it was first seen here).

Nothing here touches the database: `Tree` gives the unit tree, the caller the rows.
The statements' format is `app/sync/trust_statements.py`; the words of a refusal,
`app/sync/trust_refusal.py`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from app import clock
from app.sync.trust_refusal import refusal
from app.sync.trust_statements import (
    CERTIFICATE,
    INTRODUCTION,
    REVOCATION,
    ROTATION,
    Statement,
    StatementError,
    instant,
    signatures_hold,
)

MAX_DEPTH = 8

# The most telling reason first, when no chain makes a key valid.
_PRIORITY = ("revoked_key", "retired_key", "expired_key", "merged", "scope", "wrong_key",
             "unknown_key")


# -- deciding ---------------------------------------------------------------------------
class Tree(Protocol):
    def contains(self, scope: str, code: str) -> bool:
        """`code` is `scope`, under it, or merged into it (or into a unit under it)."""

    def ancestors(self, code: str) -> list[str]: ...

    def merged(self, code: str) -> tuple[str, str] | None:
        """(the unit it was merged into, the day as ISO date), or None."""


@dataclass(frozen=True)
class Anchor:
    """A key this office trusts by itself: enrolled after a phone call, or its own."""

    key_id: str
    unit: str
    public_key: bytes
    scope: str
    since: str
    expires_at: str | None = None
    revoked_at: str | None = None
    revoked_reason: str = ""
    via: str = "enrolled"  # or "own"
    not_before: str | None = None  # no signature of this key is older (see the module)


@dataclass(frozen=True)
class Path:
    """One reason to believe a key speaks for a unit, with the limits it comes with."""

    unit: str
    public_key: bytes
    scope: str
    since: dt.datetime
    expires_at: dt.datetime | None
    not_before: dt.datetime | None
    via: str
    issuer: str = ""
    # The keys this key descends from by rotation, nearest first: their revocations
    # are its revocations.
    ancestry: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    reason: str
    info: tuple[tuple[str, Any], ...] = ()

    def get(self, name: str, default: Any = "") -> Any:
        return dict(self.info).get(name, default)


def _problem(reason: str, **info: Any) -> Problem:
    return Problem(reason, tuple(sorted(info.items())))


def _worst(problems: Iterable[Problem]) -> Problem | None:
    ranked = sorted(problems, key=lambda p: _PRIORITY.index(p.reason))
    return ranked[0] if ranked else None


def _earliest(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    if a is None or b is None:
        return a or b
    return min(a, b)


@dataclass(frozen=True)
class KeyState:
    """What this office knows about one key, for the Keys tab and `dvk keys list`."""

    key_id: str
    unit: str
    via: str
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    revoked_by: str
    revoked_reason: str
    retired_at: dt.datetime | None
    valid_now: bool
    problem: str = ""  # why not valid now (a refusal reason), "" when valid


class Trust:
    def __init__(self, anchors: Iterable[Anchor], statements: Iterable[Statement], tree: Tree,
                 *, office: str, parent_office: str | None):
        self.tree = tree
        self.office = office
        self.parent_office = parent_office
        self._anchors: dict[str, list[Anchor]] = defaultdict(list)
        for anchor in anchors:
            self._anchors[anchor.key_id].append(anchor)
        self._statements: dict[str, Statement] = {}
        self._subjects: dict[str, list[Statement]] = defaultdict(list)
        self._revocations: dict[str, list[Statement]] = defaultdict(list)
        self._rotations_from: dict[str, list[Statement]] = defaultdict(list)
        self._add(statements)

    def _add(self, statements: Iterable[Statement]) -> None:
        for statement in statements:
            if statement.id in self._statements:
                continue
            self._statements[statement.id] = statement
            if statement.type == REVOCATION:
                self._revocations[statement.key_id].append(statement)
            else:
                self._subjects[statement.key_id].append(statement)
            if statement.type == ROTATION:
                self._rotations_from[statement.issuer_key_id].append(statement)

    def extended(self, statements: Iterable[Statement]) -> Trust:
        """This trust and the statements a bundle brings (already verified)."""
        other = Trust([a for group in self._anchors.values() for a in group],
                      self._statements.values(), self.tree, office=self.office,
                      parent_office=self.parent_office)
        other._add(statements)
        return other

    def knows(self, statement: Statement) -> bool:
        return statement.id in self._statements

    def statements(self) -> list[Statement]:
        return list(self._statements.values())

    def public_key(self, key_id: str) -> bytes | None:
        for anchor in self._anchors.get(key_id, ()):
            return anchor.public_key
        for statement in self._subjects.get(key_id, ()):
            return statement.public_key()
        return None

    def verify(self, statements: Iterable[Statement]) -> list[Statement]:
        """The statements whose signatures verify with keys known here or made known by
        the others (in any order). Raise StatementError for one whose signer is known
        and whose signature does not hold; leave out those whose signer is unknown."""
        known: dict[str, bytes] = {}
        pending = [s for s in statements if not self.knows(s)]
        accepted: list[Statement] = []

        def public(key_id: str) -> bytes | None:
            return known.get(key_id) or self.public_key(key_id)

        progress = True
        while pending and progress:
            progress = False
            for statement in list(pending):
                holds = signatures_hold(statement, public)
                if holds is None:
                    continue
                if not holds:
                    raise StatementError(f"the signature of a {statement.type} for "
                                         f"{statement.unit} does not hold")
                pending.remove(statement)
                accepted.append(statement)
                subject = statement.public_key()
                if subject is not None:
                    known.setdefault(statement.key_id, subject)
                progress = True
        return accepted

    # -- chains ------------------------------------------------------------------------
    def _paths(self, key_id: str, seen: frozenset[str]) -> tuple[list[Path], list[Problem]]:
        if key_id in seen or len(seen) > MAX_DEPTH:
            return [], []
        seen = seen | {key_id}
        paths = [Path(a.unit, a.public_key, a.scope, instant(a.since),
                      instant(a.expires_at) if a.expires_at else None,
                      instant(a.not_before) if a.not_before else None, a.via)
                 for a in self._anchors.get(key_id, ())]
        problems: list[Problem] = []
        for statement in self._subjects.get(key_id, ()):
            path, trouble = self._path_from(statement, seen)
            if path is not None:
                paths.append(path)
            elif trouble is not None:
                problems.append(trouble)
        return paths, problems

    def _path_from(self, st: Statement, seen: frozenset[str]) -> tuple[Path | None,
                                                                       Problem | None]:
        public = st.public_key()
        issued = instant(st.issued_at)
        if st.type == INTRODUCTION and (st.issuer != self.parent_office
                                        or st.unit not in self.tree.ancestors(st.issuer)):
            return None, _problem("scope", key_id=st.key_id, unit=st.unit, scope=st.unit,
                                  issuer=st.issuer)
        exclude = st.id if st.type == ROTATION else None
        issuer, trouble = self._issuer_path(st, seen, exclude)
        if issuer is None:
            return None, trouble
        if st.type == ROTATION:
            known = self._revocation_seen(st.issuer_key_id, st.unit, seen)
            if known is not None and (st.seen_at is None or instant(st.seen_at) >= known[0]):
                return None, _problem("revoked_key", key_id=st.key_id, unit=st.unit,
                                      when=known[1], by=known[2], why=known[3])
            first = self._first_rotation(st)
            if first is not st:
                return None, _problem("retired_key", key_id=st.issuer_key_id, unit=st.unit,
                                      when=instant(first.issued_at))
            return Path(st.unit, public, issuer.scope, issued, issuer.expires_at, issued,
                        ROTATION, st.issuer,
                        ancestry=(st.issuer_key_id, *issuer.ancestry)), None
        if st.type == INTRODUCTION:
            return Path(st.unit, public, st.unit, issued, None, None, INTRODUCTION,
                        st.issuer), None
        scope = st.body["scope"]
        if st.unit == issuer.unit or not self.tree.contains(issuer.scope, scope) or \
                not self.tree.contains(scope, st.unit):
            return None, _problem("scope", key_id=st.key_id, unit=st.unit, scope=scope,
                                  issuer=st.issuer)
        expires = _earliest(instant(st.body["expires_at"]), issuer.expires_at)
        return Path(st.unit, public, scope, issued, expires, instant(st.body["not_before"]),
                    CERTIFICATE, st.issuer), None

    def _issuer_path(self, st: Statement, seen: frozenset[str],
                     exclude: str | None = None) -> tuple[Path | None, Problem | None]:
        """A chain that makes the statement's signer valid when it signed."""
        paths, problems = self._paths(st.issuer_key_id, seen)
        at = instant(st.issued_at)
        for path in paths:
            trouble = self._validity(st.issuer_key_id, path, st.issuer, at, seen, exclude)
            if trouble is None:
                return path, None
            problems.append(trouble)
        return None, _worst(problems) or _problem("unknown_key", key_id=st.issuer_key_id,
                                                  unit=st.issuer)

    def _revocations_of(self, key_id: str, unit: str, seen: frozenset[str]
                     ) -> list[tuple[dt.datetime, dt.datetime | None, str, str]]:
        """(effective from, first seen here or None for now, by whom, why) of every
        revocation of the key that holds: made by the key itself, by an office above
        the unit, or recorded here when this office revoked an enrolled key."""
        found: list[tuple[dt.datetime, dt.datetime | None, str, str]] = []
        for anchor in self._anchors.get(key_id, ()):
            if anchor.revoked_at:
                when = instant(anchor.revoked_at)
                found.append((when, when, "", anchor.revoked_reason))
        for st in self._revocations.get(key_id, ()):
            if st.unit != unit:
                continue
            if st.issuer_key_id != key_id:  # a key may always revoke itself
                issuer, _trouble = self._issuer_path(st, seen | {key_id})
                if issuer is None or not self.tree.contains(issuer.unit, unit):
                    continue
            found.append((instant(st.body["effective_at"]),
                          instant(st.seen_at) if st.seen_at else None, st.issuer,
                          st.body["reason"]))
        return found

    def _revoked(self, key_id: str, unit: str, seen: frozenset[str],
                 ancestry: tuple[str, ...] = ()) -> tuple[dt.datetime, str, str] | None:
        """From when the key may sign nothing: its own revocations and those of every
        key it descends from by rotation."""
        found = [(when, by, why) for key in (key_id, *ancestry)
                 for when, _seen, by, why in self._revocations_of(key, unit, seen | {key_id})]
        return min(found) if found else None

    def _revocation_seen(self, key_id: str, unit: str, seen: frozenset[str]
                         ) -> tuple[dt.datetime, dt.datetime, str, str] | None:
        """(first seen here, effective from, by, why) of the earliest-known revocation
        of the key; a revocation arriving now counts as seen now."""
        now = dt.datetime.now(dt.UTC)
        found = [(seen_at or now, when, by, why)
                 for when, seen_at, by, why in self._revocations_of(key_id, unit, seen)]
        return min(found) if found else None

    def _first_rotation(self, st: Statement) -> Statement:
        """A key is rotated once: of the rotations of one key, the one this office saw
        first counts (a thief's second rotation of a rotated-out key, whatever time it
        states, arrives after the genuine one). Ties: the smaller statement id."""
        far = "9999-12-31T23:59:59.999Z"
        rivals = [other for other in self._rotations_from.get(st.issuer_key_id, ())
                  if other.unit == st.unit]
        return min(rivals or [st], key=lambda other: (other.seen_at or far, other.id))

    def _retired(self, key_id: str, unit: str, exclude: str | None) -> dt.datetime | None:
        """A rotation signed by the key retires it (whoever holds the key wants it so):
        the first one this office saw, which is the only one that counts."""
        rotations = [st for st in self._rotations_from.get(key_id, ()) if st.unit == unit]
        if not rotations:
            return None
        first = self._first_rotation(rotations[0])
        return None if first.id == exclude else instant(first.issued_at)

    def _validity(self, key_id: str, path: Path, unit: str, at: dt.datetime,
                  seen: frozenset[str], exclude: str | None = None) -> Problem | None:
        if path.unit != unit:
            return _problem("wrong_key", key_id=key_id, unit=unit, owner=path.unit)
        if path.not_before is not None and at < path.not_before:
            return _problem("expired_key", key_id=key_id, unit=unit, start=path.not_before)
        if path.expires_at is not None and at >= path.expires_at:
            return _problem("expired_key", key_id=key_id, unit=unit, until=path.expires_at)
        revoked = self._revoked(key_id, unit, seen, path.ancestry)
        if revoked is not None and at >= revoked[0]:
            return _problem("revoked_key", key_id=key_id, unit=unit, when=revoked[0],
                            by=revoked[1], why=revoked[2])
        retired = self._retired(key_id, unit, exclude)
        if retired is not None and at >= retired:
            return _problem("retired_key", key_id=key_id, unit=unit, when=retired)
        if not self.tree.contains(path.scope, unit):
            return _problem("scope", key_id=key_id, unit=unit, scope=path.scope,
                            issuer=path.issuer)
        merged = self.tree.merged(unit)
        if merged is not None and clock.day_of(at) >= dt.date.fromisoformat(merged[1]):
            return _problem("merged", key_id=key_id, unit=unit, into=merged[0],
                            when=dt.date.fromisoformat(merged[1]))
        return None

    def check(self, key_id: str, unit: str, at: str) -> tuple[Path | None, Problem | None]:
        """(a chain that makes the key valid for `unit` at `at`, None) or (None, why not)."""
        moment = instant(at)
        paths, problems = self._paths(key_id, frozenset())
        for path in sorted(paths, key=lambda p: p.via != "enrolled"):
            trouble = self._validity(key_id, path, unit, moment, frozenset({key_id}))
            if trouble is None:
                return path, None
            problems.append(trouble)
        return None, _worst(problems) or _problem("unknown_key", key_id=key_id, unit=unit)

    def resolve(self, key_id: str, unit: str, at: str) -> bytes:
        """The public key to check a signature made by `key_id` for `unit` at `at`;
        BundleRefused (with the reason in words) when this office cannot accept it."""
        path, trouble = self.check(key_id, unit, at)
        if path is not None:
            return path.public_key
        raise refusal(trouble or _problem("unknown_key", key_id=key_id, unit=unit), at)

    # -- for people and for encryption --------------------------------------------------
    def key_ids(self) -> list[str]:
        return sorted(set(self._anchors) | set(self._subjects))

    def units_of(self, key_id: str) -> set[str]:
        paths, _problems = self._paths(key_id, frozenset())
        return {path.unit for path in paths}

    def current_key(self, unit: str, at: str) -> tuple[str, bytes] | None:
        """The newest key that may sign for `unit` now (to encrypt a bundle to it)."""
        best: tuple[dt.datetime, str, bytes] | None = None
        for key_id in self.key_ids():
            paths, _problems = self._paths(key_id, frozenset())
            for path in paths:
                if path.unit == unit and path.via != "own" and self._validity(
                        key_id, path, unit, instant(at), frozenset({key_id})) is None:
                    if best is None or path.since > best[0]:
                        best = (path.since, key_id, path.public_key)
        return (best[1], best[2]) if best else None

    def state(self, key_id: str, unit: str, at: str) -> KeyState:
        paths, _problems = self._paths(key_id, frozenset())
        mine = [p for p in paths if p.unit == unit] or paths
        path = mine[0] if mine else None
        revoked = self._revoked(key_id, unit, frozenset({key_id}),
                                path.ancestry if path else ())
        valid, trouble = self.check(key_id, unit, at)
        return KeyState(
            key_id=key_id, unit=unit, via=path.via if path else "",
            expires_at=min((p.expires_at for p in mine if p.expires_at), default=None),
            revoked_at=revoked[0] if revoked else None,
            revoked_by=revoked[1] if revoked else "",
            revoked_reason=revoked[2] if revoked else "",
            retired_at=self._retired(key_id, unit, None), valid_now=valid is not None,
            problem="" if valid is not None or trouble is None else trouble.reason)
