"""QR codes for certificates: ReportLab's QR widget encoder, made fast enough for a
thousand certificates in one go.

The widget's own draw() tries all eight mask patterns (each scored by a slow penalty
count) and rebuilds the Reed-Solomon generator polynomial for every block: about
55 ms per code. Here the widget's encoder lays out the symbol with one fixed mask
pattern (every mask is valid QR; the spec's choice only evens out the dark/light
balance) and the error-correction bytes come from a table-driven Reed-Solomon
encoder whose output is identical to the widget's (tests/printing/test_qr.py
compares them). The result: the matrix of dark modules, row by row from the top.
"""

from __future__ import annotations

from functools import cache

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget

MASK = 0
_EXP = [0] * 512
_LOG = [0] * 256


def _tables() -> None:
    value = 1
    for power in range(255):
        _EXP[power] = value
        _LOG[value] = power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D  # x^8 + x^4 + x^3 + x^2 + 1, QR's field polynomial
    for power in range(255, 512):
        _EXP[power] = _EXP[power - 255]


_tables()


@cache
def _generator(degree: int) -> tuple[int, ...]:
    """Coefficients of prod(x - a^i), i < degree, highest power first."""
    poly = [1]
    for i in range(degree):
        nxt = [0] * (len(poly) + 1)
        for j, coefficient in enumerate(poly):
            nxt[j] ^= coefficient
            if coefficient:
                nxt[j + 1] ^= _EXP[_LOG[coefficient] + i]
        poly = nxt
    return tuple(poly)


def _remainder(data: list[int], degree: int) -> list[int]:
    generator = _generator(degree)
    remainder = list(data) + [0] * degree
    for index in range(len(data)):
        factor = remainder[index]
        if factor:
            log = _LOG[factor]
            for j in range(1, degree + 1):
                coefficient = generator[j]
                if coefficient:
                    remainder[index + j] ^= _EXP[log + _LOG[coefficient]]
    return remainder[len(data):]


def codewords(code: qrencoder.QRCode) -> list[int]:
    """The data and error-correction codewords of `code`, interleaved, exactly as
    qrencoder.QRCode.createData makes them."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(code.version, code.errorCorrectLevel)
    buffer = qrencoder.QRBitBuffer()
    for data in code.dataList:
        data.write(buffer, code.version)
    capacity = sum(block.dataCount for block in blocks) * 8
    if buffer.getLengthInBits() > capacity:
        raise ValueError("QR payload too long")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    while buffer.getLengthInBits() % 8:
        buffer.putBit(False)
    pads = (qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1)
    index = 0
    while buffer.getLengthInBits() < capacity:
        buffer.put(pads[index % 2], 8)
        index += 1
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        chunk = list(buffer.buffer[offset:offset + block.dataCount])
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_remainder(chunk, block.totalCount - block.dataCount))
    result: list[int] = []
    for group in (data_blocks, ec_blocks):
        for position in range(max(len(b) for b in group)):
            result.extend(b[position] for b in group if position < len(b))
    return result


def matrix(payload: str, level: str = "M") -> list[list[bool]]:
    """The QR symbol of `payload` (no quiet zone) as rows of dark/light modules."""
    code = QrCodeWidget(payload, barLevel=level, barBorder=0).qr
    if code.version is None:
        code.version = code.calculate_version()
    code.dataCache = codewords(code)
    code.makeImpl(False, MASK)
    return [[bool(m) for m in row] for row in code.modules]
