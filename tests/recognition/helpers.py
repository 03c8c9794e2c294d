"""Builders for recognition tests: approved models, recognised models."""

from __future__ import annotations

from app.context import AppContext
from tests.scoring.helpers import approved_sheet

LOW_SELF = ["12", "12", "12", "15", "16", "11"]  # 78: Đạt, not Tiêu biểu


def approved_model(ctx: AppContext, name: str, *, top: bool = True, field: int = 2) -> str:
    """A model with an approved sheet, rated Tiêu biểu (or Đạt); returns its id."""
    if top:
        sheet_id = approved_sheet(ctx, name, field=field)
    else:
        sheet_id = approved_sheet(ctx, name, self_scores=LOW_SELF, field=field)
    return ctx.scoring.sheet(sheet_id).registration_id


def recognised_model(ctx: AppContext, name: str, *, top: bool = True) -> str:
    model = approved_model(ctx, name, top=top)
    ctx.recognition.recognise(model)
    return model
