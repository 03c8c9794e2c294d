"""Each kind of paper, in both layouts, still looks like its reference image
(tests/printing/reference, written by `python -m tests.printing.references`)."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.printing.references import KINDS, mean_difference, path, render

TOLERANCE = 2.0  # mean absolute grey difference, 0..255: rasteriser noise, not layout


@pytest.mark.parametrize("kind", KINDS)
def test_looks_like_the_reference(kind, renderer):
    pages = render(kind, renderer)
    assert path(kind, 0).exists(), "run: python -m tests.printing.references"
    assert not path(kind, len(pages)).exists(), "fewer pages than the reference"
    for index, image in enumerate(pages):
        reference = Image.open(path(kind, index)).convert("L")
        assert image.size == reference.size, (kind, index)
        difference = mean_difference(image, reference)
        assert difference <= TOLERANCE, f"{kind} page {index + 1}: {difference:.2f}"


def test_the_comparison_notices_a_changed_layout(renderer):
    registration = render("registration-party", renderer)[0]
    decision = render("decision-party", renderer)[0]
    assert mean_difference(registration, decision) > 3 * TOLERANCE
