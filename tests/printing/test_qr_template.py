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


# -- issue 21, point 7: the fast path leans on ReportLab internals (makeImpl,
# dataPosIterator, dataCache, QRRSBlock, PAD0/PAD1, dataList): the version range is
# pinned in pyproject.toml, and these tests fail, naming what moved, the day a
# release changes them; an independent reader (zxing-cpp, public API) checks the codes.
def test_the_reportlab_internals_the_fast_path_uses_are_there():
    from reportlab.graphics.barcode import qrencoder

    code = QrCodeWidget("DVK1:abc", barLevel="M", barBorder=0).qr
    missing = [name for name, owner in (
        ("makeImpl", code), ("dataPosIterator", code), ("dataCache", code),
        ("dataList", code), ("calculate_version", code), ("errorCorrectLevel", code),
        ("PAD0", qrencoder.QRCode), ("PAD1", qrencoder.QRCode),
        ("getRSBlocks", qrencoder.QRRSBlock)) if not hasattr(owner, name)]
    assert not missing, (f"ReportLab changed the QR internals app/printing/render/qr.py uses "
                         f"({missing}); update qr.py or the pin in pyproject.toml")


def _decoded(matrix: list[list[bool]]) -> str:
    import zxingcpp
    from PIL import Image

    border, scale = 4, 4
    size = (len(matrix) + 2 * border) * scale
    image = Image.new("L", (size, size), 255)
    pixels = image.load()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    for dx in range(scale):
                        pixels[(x + border) * scale + dx, (y + border) * scale + dy] = 0
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1
    return found[0].text


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_an_independent_reader_reads_every_code_back(level):
    import random

    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:"
    rng = random.Random(level)
    for length in (1, 17, 60, 150, 300, 330):
        payload = "".join(rng.choice(alphabet) for _ in range(length))
        assert _decoded(qr.matrix(payload, level)) == payload, (level, length)
