"""Printing tests use the bundled font, whatever the machine has, so that text
positions and reference images do not depend on an installed Times New Roman."""

from __future__ import annotations

import os

os.environ["DVK_PRINT_FONT"] = "bundled"

import pytest

from app.printing.renderer import PdfRenderer


@pytest.fixture(scope="session")
def renderer() -> PdfRenderer:
    return PdfRenderer()
