"""Small evidence pictures for demo registrations (PNG, drawn with Pillow)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

_FIELD_COLOURS = {1: (46, 125, 50), 2: (21, 101, 192), 3: (198, 40, 40), 4: (123, 31, 162)}


def evidence_png(rng: random.Random, field: int, size: tuple[int, int] = (320, 240)) -> bytes:
    """A landscape-like picture: sky, fields, a road, a few people, in the field's colour."""
    width, height = size
    image = Image.new("RGB", size, (200, 225, 245))
    draw = ImageDraw.Draw(image)
    base = _FIELD_COLOURS.get(field, (90, 90, 90))
    horizon = int(height * rng.uniform(0.45, 0.6))
    draw.rectangle([0, horizon, width, height], fill=tuple(min(255, c + 60) for c in base))
    draw.polygon([(width * 0.45, height), (width * 0.55, height), (width * 0.52, horizon),
                  (width * 0.48, horizon)], fill=(150, 150, 150))
    for _ in range(rng.randint(3, 7)):
        x = rng.randint(10, width - 20)
        y = rng.randint(horizon + 10, height - 30)
        draw.ellipse([x, y, x + 10, y + 10], fill=(60, 40, 30))
        draw.rectangle([x + 2, y + 10, x + 8, y + 28], fill=base)
    draw.rectangle([0, 0, width - 1, height - 1], outline=base, width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
