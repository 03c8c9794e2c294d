"""What a list of registrations shows: filters, search text and order."""

from __future__ import annotations

from dataclasses import dataclass

# What a page of the list holds per row, in this order.
LIST_COLUMNS = (
    "id", "year", "name", "registrant", "field", "kind", "subject", "mode", "status",
    "subunit_name", "registered_on", "origin",
)

SORT_KEYS = ("year", "name", "registrant", "field", "kind", "subject", "mode", "status",
             "subunit_name", "registered_on", "origin")


@dataclass(frozen=True)
class ListQuery:
    """Filters and order of the registrations list. `None` means "any"."""

    search: str = ""
    year: int | None = None
    field: int | None = None
    kind: str | None = None
    status: str | None = None
    subunit_code: str | None = None
    subject: str | None = None
    mode: str | None = None
    # Registered at this unit (a child office of a district or province) or any unit
    # below it; `unit_subtree=False`: at this unit itself only (the office's own).
    unit_code: str | None = None
    unit_subtree: bool = True
    # Only the registrations a statistics measure counts ("replications", "scored",
    # ...; app/repositories/statistics.py), at a level when `level` is set.
    measure: str | None = None
    level: str | None = None
    sort: str = "registered_on"
    descending: bool = True
