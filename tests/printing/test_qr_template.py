"""The fast QR path (a cached template per version, bits packed in integers) lays out
exactly the symbol ReportLab's own encoder lays out with the same mask."""

from __future__ import annotations

import pytest
from reportlab.graphics.barcode.qr import QrCodeWidget

from app.printing.render import qr


def _reportlab_matrix(payload: str, level: str) -> list[list[bool]]:
    code = QrCodeWidget(payload, barLevel=level, barBorder=0).qr
    code.version = code.calculate_version()
    code.makeImpl(False, qr.MASK)  # ReportLab's own codewords and data placement
    return [[bool(m) for m in row] for row in code.modules]


@pytest.mark.parametrize("payload", ["a", "DVK1:" + "x" * 300, "Giấy công nhận số 12" * 8,
                                     "0" * 600, "DVK1:" + "Ab9-_" * 65])
@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_fast_matrix_equals_reportlab_s_layout(payload, level):
    assert qr.matrix(payload, level) == _reportlab_matrix(payload, level)


def test_rows_are_the_matrix_as_text():
    payload = "DVK1:" + "x" * 300
    rows = qr.rows(payload)
    assert len(rows) == 17 + 4 * 13 and set("".join(rows)) == {"0", "1"}
    assert [[c == "1" for c in row] for row in rows] == qr.matrix(payload)
