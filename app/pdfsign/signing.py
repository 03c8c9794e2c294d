"""Sign the bytes of a PDF: PAdES baseline B-B, or B-T when a timestamp service is set
and answers (never required: an office offline signs B-B, and is told so).

`sign_pdf` is the one way DVK signs a PDF: a file a clerk chose, a paper DVK printed,
and the frozen paper of an issued decision all pass through it as bytes. The document
is never rewritten: the signature is an incremental update after its last byte, so
the signed PDF begins with the paper exactly as it was (an issued decision's bytes,
whose SHA-256 the decision stores), and a second signature added later leaves the
first one whole.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field

from app import clock
from app.errors import DvkError
from app.i18n import _
from app.pdfsign import appearance, placement
from app.pdfsign.certinfo import CertificateInfo
from app.pdfsign.keys import SigningKey, opened

B_B = "B-B"
B_T = "B-T"
TIMESTAMP_TIMEOUT = 10  # seconds; a slow commune line, not a dead one


@dataclass
class SignedPdf:
    data: bytes
    level: str
    certificate: CertificateInfo
    signed_at: dt.datetime
    field_name: str
    notes: list[str] = field(default_factory=list)


def not_a_pdf(detail: str = "") -> DvkError:
    return DvkError(_(
        "This file is not a PDF DVK can read{detail}; sign the PDF itself (print the "
        "paper to PDF first).").format(detail=f" ({detail})" if detail else ""))


def read(data: bytes):
    """pyHanko's reader over `data`, or a clear refusal."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    if not data.lstrip()[:5] == b"%PDF-":
        raise not_a_pdf()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root  # noqa: B018 - reads the catalogue: a damaged file fails here
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as error:
        raise not_a_pdf(str(error)) from None
    if reader.encrypted:
        raise DvkError(_("This PDF is protected with a password; DVK signs only PDFs that "
                         "are not encrypted."))
    return reader


def _field_name(reader) -> tuple[str, list[placement.Box]]:
    """A free name for the new signature field, and where the existing ones are."""
    from pyhanko.sign.fields import enumerate_sig_fields

    names, taken = set(), []
    pages = {page.idnum: index for index, page in enumerate(_page_refs(reader))}
    for name, _value, ref in enumerate_sig_fields(reader, filled_status=None):
        names.add(name)
        widget = ref.get_object()
        rect = widget.get("/Rect")
        page = widget.get("/P")
        if rect is not None and page is not None:
            x1, y1, x2, y2 = (float(v) for v in rect)
            taken.append(placement.Box(pages.get(page.idnum, 0), min(x1, x2), min(y1, y2),
                                       max(x1, x2), max(y1, y2)))
    number = 1
    while f"Signature{number}" in names:
        number += 1
    return f"Signature{number}", taken


def _page_refs(reader) -> list:
    """The reference of each page, in order."""
    return [reader.find_page_for_modification(index)[0]
            for index in range(int(reader.root["/Pages"]["/Count"]))]


def _timestamper(url: str):
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=TIMESTAMP_TIMEOUT)


def _reachable(timestamper) -> bool:
    """Ask the service for a timestamp of nothing: does it answer in time?"""
    import asyncio

    try:
        asyncio.run(timestamper.async_dummy_response("sha256"))
    except Exception:  # refused, unreachable, too slow, a malformed answer: all the same here
        return False
    return True


def sign_pdf(data: bytes, key: SigningKey, pin: str, *, look: appearance.Look | None = None,
             names: tuple[str, ...] = (), timestamp_url: str = "",
             moment: dt.datetime | None = None) -> SignedPdf:
    """`data` signed with `key` (opened with `pin`, which is not kept): a visible
    signature above the first of the certificate's holder and `names` found on the
    paper, in Vietnam's time; B-T when `timestamp_url` answers."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError
    from pyhanko.stamp import StaticStampStyle

    look = look or appearance.Look()
    reader = read(data)
    field_name, taken = _field_name(reader)
    moment = clock.in_vietnam((moment or clock.now()).replace(microsecond=0))
    notes: list[str] = []
    timestamper = None
    if timestamp_url:
        timestamper = _timestamper(timestamp_url)
        if not _reachable(timestamper):
            timestamper = None
            notes.append(_(
                "The timestamp service {url} did not answer: the PDF was signed without a "
                "timestamp (PAdES B-B), with the time of this computer.").format(
                url=timestamp_url))
    with opened(key, pin) as key_opened:
        certificate = key_opened.certificate
        certificate.require_valid(moment)
        organisation = certificate.organisation or look.organisation
        tall = bool(look.seal or look.signature_image)
        box = placement.choose(data, [certificate.subject, *names], taken, tall=tall)
        picture = appearance.render(box.width, box.height,
                                    appearance.lines(certificate.subject, organisation, moment),
                                    look)
        with tempfile.TemporaryDirectory(prefix="dvk-sign-") as folder:
            picture_path = os.path.join(folder, "appearance.pdf")
            with open(picture_path, "wb") as stream:
                stream.write(picture)
            style = StaticStampStyle.from_pdf_file(picture_path, border_width=0)
            meta = signers.PdfSignatureMetadata(
                field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES,
                md_algorithm="sha256", name=certificate.subject)
            spec = fields.SigFieldSpec(field_name, on_page=box.page, box=box.as_tuple())

            def run(stamper):
                signer = _signer_at(meta, key_opened.signer, moment, timestamper=stamper,
                                    stamp_style=style, new_field_spec=spec)
                with _vietnam_is_local():
                    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
                    return signer.sign_pdf(writer).getvalue()

            try:
                try:
                    signed = run(timestamper)
                except SigningError as error:
                    if timestamper is None or not _timestamp_failed(error):
                        raise
                    notes.append(_(
                        "The timestamp service {url} failed while signing: the PDF was "
                        "signed without a timestamp (PAdES B-B).").format(url=timestamp_url))
                    timestamper = None
                    signed = run(None)
            except DvkError:
                raise
            except Exception as error:
                raise _explain(error, key) from error
    return SignedPdf(data=signed, level=B_T if timestamper else B_B,
                     certificate=certificate, signed_at=moment, field_name=field_name,
                     notes=notes)


@contextmanager
def _vietnam_is_local():
    """pyHanko dates what it writes (the document's modification date) in the PC's zone,
    found by tzlocal; DVK's times are Vietnam's whatever zone the PC is set to, and a
    PC whose zone tzlocal cannot name (an odd Windows setting) must still sign."""
    import tzlocal

    original = tzlocal.get_localzone
    tzlocal.get_localzone = lambda: clock.VIETNAM
    try:
        yield
    finally:
        tzlocal.get_localzone = original


def _timestamp_failed(error: BaseException) -> bool:
    from pyhanko.sign.timestamps import TimestampRequestError

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, TimestampRequestError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _explain(error: BaseException, key: SigningKey) -> DvkError:
    from app.pdfsign.keys import TokenKey

    if isinstance(key, TokenKey):
        from app.pdfsign import tokens

        return tokens.explain(error)
    return DvkError(_("The PDF could not be signed ({detail}).").format(detail=error))


def _at_time_class():
    from pyhanko.sign import signers

    class AtTime(signers.PdfSigner):
        """pyHanko's signer with the signing time chosen by DVK (the time shown in the
        visible signature is the one in the signature: the same second)."""

        def __init__(self, meta, signer, moment, **kwargs):
            super().__init__(meta, signer, **kwargs)
            self._moment = moment

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = self._moment
            return session

    return AtTime


def _signer_at(meta, signer, moment, **kwargs):
    return _at_time_class()(meta, signer, moment, **kwargs)
