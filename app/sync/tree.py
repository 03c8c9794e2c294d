"""Who may send what to whom, by the unit tree: the parent and child offices of this
office, and the units a sender has authority over in each direction."""

from __future__ import annotations

from sqlite_utils import Database

from app.domain.units import Unit, parent_level
from app.repositories import units as units_repo
from app.sync.kinds import DOWN, UP


def ancestors(db: Database, code: str) -> list[str]:
    result: list[str] = []
    unit = units_repo.get(db, code)
    while unit is not None and unit.parent_code and unit.parent_code not in result:
        result.append(unit.parent_code)
        unit = units_repo.get(db, unit.parent_code)
    return result


def parent_office_of(db: Database, profile: str, unit: Unit) -> str | None:
    """The office `unit` reports to (skipping levels the profile does not use)."""
    wanted = parent_level(profile, unit.level)
    current = units_repo.get(db, unit.parent_code)
    while current is not None and wanted is not None and current.level != wanted:
        current = units_repo.get(db, current.parent_code)
    return current.code if current is not None and wanted is not None else None


PARENT = "parent"
CHILD = "child"


def relation(db: Database, profile: str, office: Unit, other_code: str) -> str | None:
    """PARENT when `other_code` is the office this office reports to, CHILD when it is
    an office that reports to this one, None otherwise."""
    other = units_repo.get(db, other_code)
    if other is None or other.code == office.code:
        return None
    if parent_office_of(db, profile, office) == other.code:
        return PARENT
    if parent_office_of(db, profile, other) == office.code:
        return CHILD
    return None


def travel(relation_of_recipient: str) -> str:
    """The direction a bundle travels, seen from the recipient's side of `relation`:
    to a parent it goes UP, to a child DOWN."""
    return UP if relation_of_recipient == PARENT else DOWN


def authority_codes(db: Database, sender: str, way: str) -> set[str]:
    """Units whose records `sender` may send in direction `way`: its own subtree when
    sending up, itself and its ancestors when sending down."""
    if way == UP:
        return set(units_repo.descendants_codes(db, sender))
    return {sender, *ancestors(db, sender)}
