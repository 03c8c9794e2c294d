"""Small builders shared by tests."""

from __future__ import annotations

import datetime as dt

from app.context import AppContext
from app.domain.registration import RegistrationInput, TargetInput


def collective(ctx: AppContext, name: str = "Tuyến đường hoa, đường cờ Tổ quốc", *,
               field: int = 2, year: int | None = None,
               registered_on: dt.date | None = None) -> RegistrationInput:
    reg = ctx.registrations.blank(year)
    reg.name = name
    reg.field = field
    reg.subunit_code = ctx.units.subunits()[0].code
    if registered_on:
        reg.registered_on = registered_on
    reg.targets = [TargetInput("Chiều dài tuyến đường hoa", 2.5, "km")]
    return reg
