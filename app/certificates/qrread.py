"""QR codes read back from a picture of a certificate: a phone photo or a scan (PNG,
JPEG and the other formats Pillow opens) or the pages of a PDF (pypdfium2 renders
them). Decoding is zxing-cpp's, which finds codes that are turned, tilted or small.

Files are hostile input like bundles: size and pixel count are bounded before
anything is decoded, and only the first pages of a PDF are looked at. pdfium is not
thread-safe: read PDFs on the thread that also shows print previews.
"""

from __future__ import annotations

import io
from pathlib import Path

import zxingcpp
from PIL import Image, UnidentifiedImageError

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PIXELS = 100_000_000  # a 48-megapixel phone photo is well inside
MAX_PDF_PAGES = 10
PDF_DPI = (200, 300)
UPSCALE = 1.5  # a second, finer pass for pages where nothing was found


class ReadError(Exception):
    """The file cannot be looked at (`detail`: why, in English, for the message)."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


def decode_image(image: Image.Image) -> list[str]:
    """Texts of the QR codes in `image`, in reading order (top to bottom)."""
    grey = image.convert("L")
    found = _valid(zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode))
    if not found:  # uneven light (a photo by a window): one global threshold may do
        found = _valid(zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode,
                                              binarizer=zxingcpp.Binarizer.GlobalHistogram))
    if not found and grey.width * grey.height * UPSCALE ** 2 <= MAX_PIXELS:
        # A small, blurred code (a phone held far away): its modules a few pixels wide
        # merge; 1.5x larger they separate again (1 in 40 such photos needed it).
        larger = grey.resize((int(grey.width * UPSCALE), int(grey.height * UPSCALE)),
                             Image.LANCZOS)
        found = _valid(zxingcpp.read_barcodes(larger, formats=zxingcpp.BarcodeFormat.QRCode))
        scale = UPSCALE
    else:
        scale = 1.0
    found = sorted(found, key=lambda b: (b.position.top_left.y / scale,
                                         b.position.top_left.x / scale))
    return [barcode.text for barcode in found]


def _valid(found: list) -> list:
    return [barcode for barcode in found if barcode.valid and barcode.text]


def _read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ReadError(error.strerror or str(error)) from error
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return data


def _pdf_codes(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise ReadError(f"damaged PDF: {error}") from error
    codes: list[str] = []
    try:
        for index in range(min(len(pdf), MAX_PDF_PAGES)):
            page = pdf[index]
            width, height = page.get_size()
            for dpi in PDF_DPI:
                if width * height * (dpi / 72) ** 2 > MAX_PIXELS:
                    raise ReadError("PDF page too large")
                image = page.render(scale=dpi / 72, grayscale=True).to_pil()
                found = decode_image(image)
                if found:
                    codes.extend(found)
                    break
    except pdfium.PdfiumError as error:
        raise ReadError(f"damaged PDF: {error}") from error
    finally:
        pdf.close()
    return codes


def _image_codes(data: bytes) -> list[str]:
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ReadError(f"picture too large ({width} x {height})")
            image.load()
            return decode_image(image)
    except ReadError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as error:
        raise ReadError("not a picture" if isinstance(error, UnidentifiedImageError)
                        else "picture too large") from error
    except (OSError, ValueError, SyntaxError, EOFError) as error:  # a truncated image
        raise ReadError(f"damaged picture: {error}") from error


def is_pdf(path: str | Path) -> bool:
    try:
        with open(path, "rb") as stream:
            return stream.read(5) == b"%PDF-"
    except OSError:
        return False


def read_codes(path: str | Path) -> list[str]:
    """Every QR code's text in the picture or PDF at `path` (empty: none found);
    ReadError when the file cannot be read or is not a picture."""
    data = _read_bytes(Path(path))
    if data[:5] == b"%PDF-":
        return _pdf_codes(data)
    return _image_codes(data)
