"""Who may send what to whom, by the unit tree: the direction a bundle travels, and
the units a sender has authority over in each direction. (Which office is this one's
parent or child is read in app/repositories/unit_tree.py: the communes' board needs it
too.)

A unit's *domain* is the unit, everything under it, and every unit merged into one of
those (sáp nhập: the office of the new unit takes over the old units' records)."""

from __future__ import annotations

from sqlite_utils import Database

from app.domain.bundles import Way
from app.repositories.unit_tree import PARENT
from app.sync.kinds import DOWN, UP


def travel(relation_of_recipient: str) -> Way:
    """The direction a bundle travels, seen from the recipient's side of `relation`:
    to a parent it goes UP, to a child DOWN."""
    return UP if relation_of_recipient == PARENT else DOWN


def domain(db: Database, code: str) -> set[str]:
    """The unit, the units under it and the units merged into any of them."""
    rows = db.execute(
        "WITH RECURSIVE tree(code) AS (SELECT ? UNION"
        " SELECT u.code FROM units u JOIN tree t"
        " ON u.parent_code = t.code OR u.merged_into = t.code)"
        " SELECT code FROM tree", [code])
    return {r[0] for r in rows}


def taken_over(db: Database, code: str) -> set[str]:
    """The units whose records the office of `code` holds because they were merged
    into it (or into a unit under it), with everything under them."""
    rows = db.execute(
        "WITH RECURSIVE tree(code, merged) AS (SELECT ?, 0 UNION"
        " SELECT u.code, t.merged OR u.merged_into = t.code FROM units u JOIN tree t"
        " ON u.parent_code = t.code OR u.merged_into = t.code)"
        " SELECT code FROM tree WHERE merged", [code])
    return {r[0] for r in rows}


def authority_codes(db: Database, sender: str, way: str,
                    recipient: str | None = None) -> set[str]:
    """Units whose records `sender` may send in direction `way`: its domain when
    sending up; going down, itself and what the recipient took over in a merger (the
    office above hands it the merged units' records). What the offices above the
    sender made goes down in their own bundles, forwarded verbatim."""
    if way == UP:
        return domain(db, sender)
    codes = {sender}
    if recipient is not None:
        codes |= taken_over(db, recipient)
    return codes
