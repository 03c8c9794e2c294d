"""The four fields (lĩnh vực) of the movement."""

from __future__ import annotations

from app.i18n import N_, _

FIELDS: dict[int, tuple[str, str]] = {
    1: (N_("Economy"), N_("Production, new rural areas, land clearance, poverty reduction")),
    2: (
        N_("Culture and society"),
        N_("Civilised lifestyle, cultural families, learning society, environment, welfare"),
    ),
    3: (
        N_("Defence and security"),
        N_("Law observance, crime prevention, reconciliation, recruitment, traffic safety"),
    ),
    4: (
        N_("Building the political system"),
        N_("Party and mass organisations, administrative reform, grassroots democracy"),
    ),
}


def field_name(code: int | None) -> str:
    if code not in FIELDS:
        return ""
    return _(FIELDS[code][0])


def field_description(code: int) -> str:
    return _(FIELDS[code][1])


def field_choices() -> list[tuple[int, str]]:
    return [(code, field_name(code)) for code in FIELDS]
