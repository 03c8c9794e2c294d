"""Records that carry a query's row by its column names (issue 21, point 3): a frozen
dataclass whose fields are the row's columns, in their order, takes the row with
`from_row` and gives it back with `as_json` (the command line's JSON output, the keys in
the same order, records inside records and tuples given back as dicts and lists)."""

from __future__ import annotations

import dataclasses
from typing import Any, Self


class RowRecord:
    """Mixed into a frozen dataclass whose fields are named as the row's columns."""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Self:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})  # type: ignore[attr-defined]

    def as_json(self) -> dict[str, Any]:
        """The row as it was read: every field, in order, by its column name."""
        return {item.name: plain(getattr(self, item.name))
                for item in dataclasses.fields(self)}  # type: ignore[arg-type]


def plain(value: Any) -> Any:
    """A field's value as JSON takes it: a record as its `as_json`, a tuple as a list,
    a mapping's values likewise."""
    if isinstance(value, RowRecord):
        return value.as_json()
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value
