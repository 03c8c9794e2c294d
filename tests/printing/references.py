"""Reference images of every kind of paper in both layouts (Party and State): what
each sample looks like, rendered at a low resolution in grey. `python -m
tests.printing.references` writes them anew (after a deliberate layout change: look
at the new PNGs before committing them)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ["DVK_PRINT_FONT"] = "bundled"

from PIL import Image, ImageChops

from app.printing.model import PARTY, STATE
from app.printing.raster import PdfPages
from app.printing.renderer import PdfRenderer
from app.printing.samples import SAMPLE_KINDS, sample

FOLDER = Path(__file__).resolve().parent / "reference"
DPI = 40
KINDS = [f"{kind}-{system}" for system in (PARTY, STATE) for kind in SAMPLE_KINDS]


def render(kind: str, renderer: PdfRenderer | None = None) -> list[Image.Image]:
    renderer = renderer or PdfRenderer()
    paper, _sep, system = kind.rpartition("-")
    doc = sample(paper, system)
    with PdfPages(renderer.render(doc)) as pages:
        return [Image.open(io.BytesIO(pages.png(i, DPI, grey=True))).convert("L")
                for i in range(len(pages))]


def path(kind: str, page: int) -> Path:
    return FOLDER / f"{kind}-{page + 1}.png"


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two grey images, 0..255 (sizes must match)."""
    histogram = ImageChops.difference(a, b).histogram()
    return sum(value * count for value, count in enumerate(histogram)) / (a.width * a.height)


def main() -> int:
    FOLDER.mkdir(exist_ok=True)
    for old in FOLDER.glob("*.png"):
        old.unlink()
    renderer = PdfRenderer()
    for kind in KINDS:
        for index, image in enumerate(render(kind, renderer)):
            image.save(path(kind, index), optimize=True)
            print(path(kind, index).name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
