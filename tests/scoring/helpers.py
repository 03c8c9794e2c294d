"""Builders for scoring tests: a registered model with a score sheet, scores typed."""

from __future__ import annotations

from app.context import AppContext
from app.domain.sheets import SELF, VERDICT, member_column
from app.services.scoring import CellChange
from tests.helpers import collective

# The default collective rubric: criteria 1..6 with maxima 15, 15, 15, 20, 20, 15.
GOOD_SELF = ["15", "14,5", "13", "18", "19", "12,5"]  # 92


def new_sheet(ctx: AppContext, name: str = "Tuyến đường hoa, đường cờ Tổ quốc",
              field: int = 2) -> str:
    registration_id = ctx.registrations.save(collective(ctx, name, field=field))
    return ctx.scoring.create(registration_id)


def type_self(ctx: AppContext, sheet_id: str, values: list[str]) -> None:
    sheet = ctx.scoring.sheet(sheet_id)
    ctx.scoring.save(sheet_id, [CellChange(c.id, SELF, v)
                                for c, v in zip(sheet.rubric.criteria, values, strict=True)])


def type_member(ctx: AppContext, sheet_id: str, name: str, values: list[str]) -> str:
    member_id = ctx.scoring.member_by_name(sheet_id, name) or ctx.scoring.add_member(sheet_id,
                                                                                     name)
    sheet = ctx.scoring.sheet(sheet_id)
    ctx.scoring.save(sheet_id, [CellChange(c.id, member_column(member_id), v)
                                for c, v in zip(sheet.rubric.criteria, values, strict=True)])
    return member_id


def decide(ctx: AppContext, sheet_id: str, verdicts: list[str]) -> None:
    sheet = ctx.scoring.sheet(sheet_id)
    ctx.scoring.save(sheet_id, [CellChange(p.id, VERDICT, v) for p, v in
                                zip(sheet.rubric.prerequisites, verdicts, strict=True)])


def approved_sheet(ctx: AppContext, name: str = "Tuyến đường hoa, đường cờ Tổ quốc",
                   self_scores: list[str] = GOOD_SELF, council: list[list[str]] | None = None,
                   field: int = 2) -> str:
    sheet_id = new_sheet(ctx, name, field)
    type_self(ctx, sheet_id, self_scores)
    ctx.scoring.submit(sheet_id)
    for number, values in enumerate(council or [self_scores] * 3, start=1):
        type_member(ctx, sheet_id, f"Thành viên {number}", values)
    decide(ctx, sheet_id, ["đạt", "đạt", "đạt"])
    ctx.scoring.approve(sheet_id)
    return sheet_id
