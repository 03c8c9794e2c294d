"""QR codes for certificates: ReportLab's QR widget encoder, made fast enough for a
thousand certificates in one go.

The widget's own draw() tries all eight mask patterns (each scored by a slow penalty
count) and rebuilds the Reed-Solomon generator polynomial for every block: about
55 ms per code. Here the widget's encoder lays out the symbol with one fixed mask
pattern (every mask is valid QR; the spec's choice only evens out the dark/light
balance) and the error-correction bytes come from a table-driven Reed-Solomon
encoder whose output is identical to the widget's (tests/printing/test_qr.py
compares them). The result: the matrix of dark modules, row by row from the top.

A signed certificate code is about 300 characters (QR version 13, 4,761 modules), so
the per-bit work is done once per version and cached: the function patterns with the
format information, the order in which data bits are placed, and the mask over those
places. A code then costs its codewords (bits packed in one integer) and one pass
that writes the masked bits into a copy of the template: about 1 ms.
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


@cache
def _products(degree: int) -> tuple[int, ...]:
    """For every byte f: the generator (after its leading 1) times f, its `degree`
    bytes packed into one integer, so that one shift-register step is a shift and an
    XOR of whole integers."""
    logs = [_LOG[c] for c in _generator(degree)[1:]]
    rows = [0]
    for factor in range(1, 256):
        log = _LOG[factor]
        rows.append(int.from_bytes(bytes(_EXP[log + g] for g in logs), "big"))
    return tuple(rows)


def _remainder(data: list[int], degree: int) -> list[int]:
    """The error-correction bytes: data * x^degree mod generator, as a shift register
    held in one integer (the first byte highest)."""
    products = _products(degree)
    top = 8 * (degree - 1)
    keep = (1 << top) - 1
    register = 0
    for byte in data:
        factor = byte ^ (register >> top)
        register = ((register & keep) << 8) ^ products[factor]
    return list(register.to_bytes(degree, "big"))


class _Bits:
    """qrencoder.QRBitBuffer's interface with the bits kept in one integer."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def putBit(self, bit: bool) -> None:
        self.put(1 if bit else 0, 1)

    def getLengthInBits(self) -> int:
        return self.length

    @property
    def buffer(self) -> list[int]:
        """The bits as bytes (the last one padded with zero bits)."""
        spare = -self.length % 8
        return list((self.value << spare).to_bytes((self.length + spare) // 8, "big"))


def codewords(code: qrencoder.QRCode) -> list[int]:
    """The data and error-correction codewords of `code`, interleaved, exactly as
    qrencoder.QRCode.createData makes them."""
    blocks = qrencoder.QRRSBlock.getRSBlocks(code.version, code.errorCorrectLevel)
    buffer = _Bits()
    for data in code.dataList:
        data.write(buffer, code.version)
    capacity = sum(block.dataCount for block in blocks) * 8
    if buffer.getLengthInBits() > capacity:
        raise ValueError("QR payload too long")
    if buffer.getLengthInBits() + 4 <= capacity:
        buffer.put(0, 4)
    buffer.put(0, -buffer.length % 8)
    pads = (qrencoder.QRCode.PAD0, qrencoder.QRCode.PAD1)
    payload = buffer.buffer
    payload += [pads[i % 2] for i in range(capacity // 8 - len(payload))]
    data_blocks: list[list[int]] = []
    ec_blocks: list[list[int]] = []
    offset = 0
    for block in blocks:
        chunk = payload[offset:offset + block.dataCount]
        offset += block.dataCount
        data_blocks.append(chunk)
        ec_blocks.append(_remainder(chunk, block.totalCount - block.dataCount))
    result: list[int] = []
    for group in (data_blocks, ec_blocks):
        for position in range(max(len(b) for b in group)):
            result.extend(b[position] for b in group if position < len(b))
    return result


@cache
def _template(version: int, level: int) -> tuple[bytes, tuple[int, ...], int]:
    """For one version and error-correction level, with the fixed mask: the symbol
    without data (flattened rows, b"1" dark, b"0" light), the flat index of every data
    module in placement order, and the mask over those modules as one integer (the
    first module highest)."""
    code = qrencoder.QRCode(version, level)
    code.dataCache = [0] * sum(b.totalCount for b in
                               qrencoder.QRRSBlock.getRSBlocks(version, level))
    code.makeImpl(False, MASK)  # all-zero data: the data modules hold just the mask
    count = code.moduleCount
    places = tuple(row * count + col for col, row in code.dataPosIterator())
    flat = bytearray(ord("1") if m else ord("0") for row in code.modules for m in row)
    mask_bits = 0
    for index in places:
        mask_bits = (mask_bits << 1) | (flat[index] == ord("1"))
        flat[index] = ord("0")
    return bytes(flat), places, mask_bits


def rows(payload: str, level: str = "M") -> list[str]:
    """The QR symbol of `payload` (no quiet zone), row by row from the top, as text:
    "1" for a dark module, "0" for a light one."""
    code = QrCodeWidget(payload, barLevel=level, barBorder=0).qr
    if code.version is None:
        code.version = code.calculate_version()
    base, places, mask_bits = _template(code.version, code.errorCorrectLevel)
    data = codewords(code)
    size = len(places)
    bits = int.from_bytes(bytes(data), "big")
    spare = size - 8 * len(data)  # remainder bits: light before masking
    bits = (bits << spare) if spare >= 0 else (bits >> -spare)
    flat = bytearray(base)
    dark = ord("1")
    for index, bit in zip(places, f"{bits ^ mask_bits:0{size}b}", strict=True):
        if bit == "1":
            flat[index] = dark
    count = code.version * 4 + 17
    text = flat.decode("ascii")
    return [text[row * count:(row + 1) * count] for row in range(count)]


def matrix(payload: str, level: str = "M") -> list[list[bool]]:
    """The QR symbol of `payload` (no quiet zone) as rows of dark/light modules."""
    return [[module == "1" for module in row] for row in rows(payload, level)]
