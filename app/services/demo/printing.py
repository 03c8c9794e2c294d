"""Print settings of demo offices, so that demo networks show every printing state:
the Party layout with an emblem and a named signer, the State layout with a signer
left blank (a dotted line to sign over), and an administrator's own wording."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw

from app.context import AppContext
from app.services.demo import content as C


def emblem_png(size: int = 240) -> bytes:
    """A round red emblem with a gold five-pointed star (not an official emblem)."""
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse([4, 4, size - 4, size - 4], fill=(196, 30, 36, 255),
                 outline=(212, 170, 60, 255), width=max(2, size // 40))
    centre, outer, inner = size / 2, size * 0.36, size * 0.145
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((centre + radius * math.cos(angle), centre + radius * math.sin(angle)))
    draw.polygon(points, fill=(250, 215, 60, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def configure_printing(ctx: AppContext, index: int, rng: random.Random) -> None:
    """Office number `index` of the network: even ones print the Party layout with an
    emblem and a signer; odd ones the State layout, signer unset, own wording."""
    female = rng.random() < 0.5
    name = " ".join([rng.choice(C.FAMILY), rng.choice(C.MIDDLE_FEMALE if female else C.MIDDLE_MALE),
                     rng.choice(C.GIVEN_FEMALE if female else C.GIVEN_MALE)])
    printing = ctx.printing
    if index % 2 == 0:
        printing.set_emblem_bytes(emblem_png(), "huy-hieu-demo.png")
        printing.set_setting("print.signer_name", name)
    else:
        printing.set_setting("print.system", "state")
        printing.set_wording("certificate", "title", "GIẤY CHỨNG NHẬN")
