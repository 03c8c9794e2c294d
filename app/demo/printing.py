"""Print settings of demo offices, so that demo networks show every printing state and
the bodies of 2026: the Party layout with an emblem and a named signer (a province's
Ban Tuyên giáo và Dân vận, a commune's Đảng ủy), the State layout with a signer left
blank (a People's Committee; the Front's standing committee), and an administrator's
own wording. The province and the communes know the guidelines of both campaign
periods (a district gets them from the province), which their decisions cite (the
2021-2025 one as Ninh Bình issued it; the 2026-2030 one is made up for the demo: no
such guideline was found)."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw

from app.context import AppContext
from app.demo import content as C


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


GUIDELINES = {
    2021: "Hướng dẫn số 01-HD/BCĐ ngày 28/6/2021 của Ban Chỉ đạo phong trào thi đua “Dân "
          "vận khéo” tỉnh Ninh Bình về xây dựng và công nhận mô hình, điển hình “Dân vận "
          "khéo”",
    2026: "Hướng dẫn số 05-HD/BTGDVTU ngày 18/11/2025 của Ban Tuyên giáo và Dân vận Tỉnh ủy "
          "Ninh Bình về xây dựng và công nhận mô hình, điển hình “Dân vận khéo” giai đoạn "
          "2026 - 2030 (dữ liệu mẫu)",
}


def demo_preset(ctx: AppContext, index: int) -> str:
    """The body office number `index` issues as: since 2025 a province's Ban Tuyên giáo
    và Dân vận and a commune's Đảng ủy (even), a People's Committee or the Front's
    standing committee (odd); the steering committee in the three-tier world of 2021."""
    from app.domain.units import PROFILE_THREE_TIER

    level = ctx.units.office().level
    three = ctx.units.profile == PROFILE_THREE_TIER
    if index % 2 == 1:
        return "mttq" if level == "xa" and index % 4 == 3 and not three else "ubnd"
    if three:
        return "ban_dan_van_huyen" if level == "huyen" else "bcd"
    return "btgdv_tinh" if level == "tinh" else "dang_uy"


def configure_printing(ctx: AppContext, index: int, rng: random.Random) -> None:
    """Office number `index` of the network: even ones print the Party layout with an
    emblem and a signer; odd ones the State layout, signer unset, own wording."""
    female = rng.random() < 0.5
    name = " ".join([rng.choice(C.FAMILY), rng.choice(C.MIDDLE_FEMALE if female else C.MIDDLE_MALE),
                     rng.choice(C.GIVEN_FEMALE if female else C.GIVEN_MALE)])
    printing = ctx.printing
    printing.set_preset(demo_preset(ctx, index))
    # The province sets the periods' guidelines and they go down; a commune (whose
    # settings never travel further) types them while it waits. A district does not:
    # its own version of the province's period would be a record its communes, holding
    # the province's, must refuse (app/sync/authority.py: only the province's bundle
    # changes what the province made).
    if ctx.units.office().level != "huyen":
        for year, text in GUIDELINES.items():
            ctx.calendar.set_guideline(year, text)
    if index % 2 == 0:
        printing.set_emblem_bytes(emblem_png(), "huy-hieu-demo.png")
        printing.set_setting("print.signer_name", name)
    else:
        printing.set_wording("certificate", "title", "GIẤY CHỨNG NHẬN")
