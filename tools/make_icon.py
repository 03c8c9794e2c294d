"""Draw the application icon: resources/icons/dvk.png (256 px) and dvk.ico (16-256 px).

A red rounded square with a gold star and "DVK" under it; the small sizes (16-32 px)
show the star alone, larger, since three letters turn to mush there. Drawn four times
larger and scaled down, for smooth edges. The result is committed; run this again only
to change the design:

    python tools/make_icon.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
FONT = ROOT / "resources" / "fonts" / "LiberationSerif-Bold.ttf"
RED = (200, 16, 46, 255)
DARK_RED = (150, 10, 32, 255)
GOLD = (255, 205, 0, 255)
SCALE = 4
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL = 32  # this size and below: the star alone


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(54))
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = math.radians(-90 + index * 36)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def draw(size: int) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = big * 0.03
    radius = big * 0.18
    pen.rounded_rectangle((margin, margin, big - margin, big - margin), radius=radius,
                          fill=RED, outline=DARK_RED, width=max(SCALE, round(big * 0.02)))
    if size <= SMALL:
        pen.polygon(_star(big / 2, big * 0.53, big * 0.40), fill=GOLD)
    else:
        pen.polygon(_star(big / 2, big * 0.40, big * 0.27), fill=GOLD)
        font = ImageFont.truetype(str(FONT), round(big * 0.27))
        pen.text((big / 2, big * 0.80), "DVK", font=font, fill=GOLD, anchor="mm")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(OUT / "dvk.png", optimize=True)
    images = [draw(size) for size in ICO_SIZES]
    images[-1].save(OUT / "dvk.ico", sizes=[(s, s) for s in ICO_SIZES],
                    append_images=images[:-1])
    print(OUT / "dvk.png")
    print(OUT / "dvk.ico")
    return 0


if __name__ == "__main__":
    sys.exit(main())
