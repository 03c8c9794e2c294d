"""The office's digital signature on PDFs, for the window and the command line alike.

Settings (in the data file, set by the administrator):

    pdfsign.module          the token driver (PKCS#11 library) used when none is given
    pdfsign.timestamp_url   a timestamp service (RFC 3161); signing is B-T when it
                            answers, B-B otherwise (never required)
    pdfsign.seal            the organisation's seal image ("blob:<sha256>")
    pdfsign.signature_image the signer's handwritten signature image ("blob:<sha256>")
    pdfsign.anchors         the trust anchors, as DER certificates in base64

Signing is a job of the approver (duyệt, ký): what goes out signed in the office's
name. It writes nothing to the data file but a line of the audit log (who signed which
PDF, with which certificate); the PIN is used for the one signature and dropped.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.clock import to_stamp
from app.domain.accounts import ADMIN, APPROVER
from app.domain.recognition import DecisionState
from app.errors import DvkError, ValidationError
from app.i18n import _
from app.repositories import audit as audit_repo
from app.repositories import blobs as blobs_repo
from app.repositories import settings as settings_repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.pdfsign.appearance import Look
    from app.pdfsign.certinfo import CertificateInfo
    from app.pdfsign.keys import SigningKey
    from app.pdfsign.signing import SignedPdf
    from app.pdfsign.tokens import TokenSlot
    from app.pdfsign.verify import PdfReport
    from app.services.accounts import AccountService
    from app.services.decisions import DecisionService
    from app.services.printing import PrintService
    from app.services.recognition_papers import RecognitionPapers

MODULE = "pdfsign.module"
TIMESTAMP_URL = "pdfsign.timestamp_url"
SEAL = "pdfsign.seal"
SIGNATURE_IMAGE = "pdfsign.signature_image"
ANCHORS = "pdfsign.anchors"
# The names `dvk pdf-settings` knows them by.
SETTINGS = {"module": MODULE, "timestamp-url": TIMESTAMP_URL, "seal": SEAL,
            "signature-image": SIGNATURE_IMAGE}
IMAGES = (SEAL, SIGNATURE_IMAGE)
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_PDF_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class PdfSettings:
    """The office's settings of the digital signature (None: not set): the token
    driver, the timestamp service, and the seal and signature images ("blob:<sha256>")."""

    module: str | None
    timestamp_url: str | None
    seal: str | None
    signature_image: str | None

    def as_json(self) -> dict[str, Any]:
        """The settings by the names `dvk pdf-settings` knows them by, in that order (what
        `dvk pdf-settings show --json` has always written)."""
        return {"module": self.module, "timestamp-url": self.timestamp_url,
                "seal": self.seal, "signature-image": self.signature_image}


@dataclass(frozen=True)
class SignedCopy:
    """A signed copy of an issued decision (`decision_signatures`, a synced record):
    the paper and the decision's texts it signs (their hashes), the signed PDF and the
    copy it adds a signature to ('' for the first), who signed, for which organisation,
    with which certificate, when and at which level (B-B, B-T), the record's sync
    columns, and whether it was withdrawn because personal data on it was erased."""

    id: str
    decision_id: str
    paper_sha256: str
    texts_sha256: str
    pdf_sha256: str
    previous_sha256: str
    signer: str
    organisation: str
    certificate_issuer: str
    certificate_sha256: str
    signed_at: str
    level: str
    origin: str
    version: int
    created_at: str
    updated_at: str
    updated_by: str
    rev: int
    withdrawn: bool

    @classmethod
    def from_row(cls, row: dict[str, Any], *, withdrawn: bool) -> SignedCopy:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__
                      if name != "withdrawn"}, withdrawn=withdrawn)

    def as_row(self) -> dict[str, Any]:
        """The record's columns (app/repositories/decision_signatures.py reads rows)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__
                if name != "withdrawn"}

    def as_json(self) -> dict[str, Any]:
        """What `dvk signed-copy --json` has always written for a copy, in this order."""
        return {"signer": self.signer, "organisation": self.organisation,
                "signed_at": self.signed_at, "level": self.level,
                "pdf_sha256": self.pdf_sha256, "paper_sha256": self.paper_sha256,
                "withdrawn": self.withdrawn}


class PdfSignService:
    """The office's official digital signature on PDFs: its settings and trust anchors,
    signing a paper or an issued decision as issued, checking signed PDFs, and the
    decisions' signed copies (withdrawn when personal data on them is erased)."""

    def __init__(self, file: OfficeFile, *, accounts: AccountService,
                 decisions: DecisionService, printing: Callable[[], PrintService],
                 papers: Callable[[], RecognitionPapers]):
        self.file = file
        self.accounts = accounts
        self.decisions = decisions
        self._printing = printing
        self._papers = papers

    # -- settings -----------------------------------------------------------------------
    def settings(self) -> PdfSettings:
        return PdfSettings(module=self.file.setting(MODULE),
                           timestamp_url=self.file.setting(TIMESTAMP_URL),
                           seal=self.file.setting(SEAL),
                           signature_image=self.file.setting(SIGNATURE_IMAGE))

    def set_setting(self, name: str, value: str | None) -> None:
        self.accounts.require(ADMIN)
        key = SETTINGS.get(name)
        if key is None:
            raise ValidationError({"key": _("Unknown setting {name}. Known: {names}.").format(
                name=name, names=", ".join(SETTINGS))})
        value = (value or "").strip()
        if key in IMAGES and value:
            value = "blob:" + self._store_image(Path(value))
        elif key == TIMESTAMP_URL and value and not value.startswith(("http://", "https://")):
            raise ValidationError({"value": _(
                "A timestamp service's address starts with http:// or https://.")})
        with self.file.transaction():
            settings_repo.put(self.file.db, key, value or None)
            audit_repo.append(self.file.db, actor=self.file.actor, action="update",
                              kind="settings", record_id=key, detail=value)

    def _store_image(self, path: Path) -> str:
        from app.pdfsign.files import read_bytes
        from app.services.printing import PrintService

        data = read_bytes(path, MAX_IMAGE_BYTES)
        PrintService._check_image(data, path.name)
        with self.file.transaction():
            return blobs_repo.put(self.file.db, data)

    def _image(self, key: str) -> bytes | None:
        value = self.file.setting(key)
        if not value or not str(value).startswith("blob:"):
            return None
        with storage_errors():
            return blobs_repo.get(self.file.db, str(value)[5:])

    def look(self) -> Look:
        from app.pdfsign.appearance import Look

        return Look(organisation=self._office_body(), seal=self._image(SEAL),
                    signature_image=self._image(SIGNATURE_IMAGE))

    def _office_body(self) -> str:
        try:
            office = self._printing().office()
        except DvkError:
            return ""
        return " ".join((office.body or office.authority or "").split())

    def signer_names(self) -> tuple[str, ...]:
        """Names the signer may be printed as on the office's papers."""
        try:
            name = self._printing().office().signer.name
        except DvkError:
            return ()
        return (name,) if name else ()

    # -- trust anchors ------------------------------------------------------------------
    def anchors(self) -> list[CertificateInfo]:
        from app.pdfsign.certinfo import CertificateInfo

        stored = self.file.setting(ANCHORS) or []
        found = []
        for text in stored:
            try:
                found.append(CertificateInfo.from_der(base64.b64decode(text)))
            except (DvkError, ValueError):
                continue  # a damaged entry trusts nothing
        return found

    def add_anchors(self, path: str | Path) -> list[CertificateInfo]:
        """Trust the CA certificates in the file; return those that were new."""
        from app.pdfsign.anchors import is_authority, read_certificates

        self.accounts.require(ADMIN)
        certificates = read_certificates(path)
        authorities = [c for c in certificates if is_authority(c)]
        if not authorities:
            raise DvkError(_(
                "{name} holds no certificate of a certificate authority: install the root "
                "certificate of the CA (not the signer's own certificate).").format(
                name=Path(path).name))
        known = {c.sha256 for c in self.anchors()}
        added = [c for c in authorities if c.sha256 not in known]
        if added:
            stored = list(self.file.setting(ANCHORS) or [])
            stored += [base64.b64encode(c.der).decode("ascii") for c in added]
            with self.file.transaction():
                settings_repo.put(self.file.db, ANCHORS, stored)
                for cert in added:
                    audit_repo.append(self.file.db, actor=self.file.actor,
                                      action="pdf_anchor_add", kind="pdf_anchor",
                                      record_id=cert.sha256, detail=cert.subject)
        return added

    def remove_anchor(self, fingerprint: str) -> CertificateInfo:
        self.accounts.require(ADMIN)
        wanted = fingerprint.replace(":", "").replace(" ", "").lower()
        matches = [c for c in self.anchors() if len(wanted) >= 8 and c.sha256.startswith(wanted)]
        if len(matches) != 1:
            raise DvkError(_(
                "No single trust anchor has the fingerprint {fingerprint} (dvk pdf-anchors "
                "list shows them).").format(fingerprint=fingerprint))
        gone = matches[0]
        stored = [text for text in (self.file.setting(ANCHORS) or [])
                  if hashlib.sha256(base64.b64decode(text)).hexdigest() != gone.sha256]
        with self.file.transaction():
            settings_repo.put(self.file.db, ANCHORS, stored)
            audit_repo.append(self.file.db, actor=self.file.actor, action="pdf_anchor_remove",
                              kind="pdf_anchor", record_id=gone.sha256, detail=gone.subject)
        return gone

    # -- tokens and keys ----------------------------------------------------------------
    def module(self, given: str | None = None) -> str:
        return given or self.file.setting(MODULE) or ""

    def tokens(self, module: str | None = None) -> list[TokenSlot]:
        from app.pdfsign import tokens

        return tokens.slots(self.module(module))

    def key(self, *, pkcs11: str | None = None, slot: int | None = None,
            certificate: str = "", pkcs12: str | None = None) -> SigningKey:
        from app.pdfsign.keys import FileKey, TokenKey

        if pkcs12:
            return FileKey(str(pkcs12))
        return TokenKey(module=self.module(pkcs11), slot=slot, certificate=certificate)

    # -- signing ------------------------------------------------------------------------
    def sign_bytes(self, data: bytes, key: SigningKey, pin: str, *, source: str = "",
                   names: tuple[str, ...] = ()) -> SignedPdf:
        """`data` signed with `key`: the one way a PDF is signed (a file, a paper)."""
        from app.pdfsign.signing import sign_pdf

        self.accounts.require(APPROVER)
        signed = sign_pdf(data, key, pin, look=self.look(),
                          names=(*names, *self.signer_names()),
                          timestamp_url=self.file.setting(TIMESTAMP_URL) or "")
        self._note(signed, source)
        return signed

    def _note(self, signed: SignedPdf, source: str) -> None:
        detail = "; ".join(part for part in (
            source, signed.certificate.subject, signed.certificate.organisation,
            f"{signed.certificate.issuer} {signed.certificate.serial}",
            "PAdES " + signed.level) if part)
        with self.file.transaction():
            audit_repo.append(self.file.db, actor=self.file.actor, action="pdf_sign",
                              kind="pdf", record_id=hashlib.sha256(signed.data).hexdigest(),
                              detail=detail)

    def sign_file(self, source: str | Path, target: str | Path, key: SigningKey,
                  pin: str) -> SignedPdf:
        from app.printing.output import write_pdf

        self.accounts.require(APPROVER)
        source, target = Path(source), Path(target)
        data = read_pdf_file(source)
        if target.exists() and target.resolve() == source.resolve():
            raise DvkError(_("Give another file name for the signed PDF: the PDF to sign "
                             "stays as it is."))
        signed = self.sign_bytes(data, key, pin, source=source.name)
        write_pdf(target, signed.data)
        return signed

    # -- an issued decision ---------------------------------------------------------------
    def issued_paper(self, decision_id: str) -> bytes:
        """The PDF of an issued decision as it now reads: exactly as it was issued
        (rebuilt from its frozen paper and checked against the SHA-256 stored when it
        was issued), or, once a person's data on it was erased (issue 26), as its
        erased frozen paper renders (Frozen.erased: the paper as issued but for the
        erased data)."""
        from app.printing.frozen import sha256
        from app.repositories import recognition as recognition_repo

        decision = self.decisions.get(decision_id)
        with storage_errors():
            stored = recognition_repo.frozen_paper(self.file.db, decision_id)
        if decision.state != DecisionState.ISSUED:
            raise DvkError(_("This decision is still a draft: issue it first; the paper "
                             "signed is the paper as issued."))
        if stored is None or not stored["sha256"]:
            raise DvkError(_(
                "Decision {number} was issued before DVK kept the paper of a decision as "
                "issued, so its paper cannot be signed as the record: print it, and sign "
                "the PDF file (Tools > Sign a PDF digitally...).").format(
                number=decision.number))
        doc = self._papers().decision_document(decision_id)
        pdf = self._printing().render(doc)
        if doc.frozen is not None and doc.frozen.erased:
            return pdf  # the paper as it now reads: its hash is no longer the issued one
        if sha256(pdf) != stored["sha256"]:
            raise DvkError(_(
                "This version of DVK lays decision {number} out differently from the paper "
                "as issued, byte for byte, so it cannot sign it as the record: sign it on "
                "the version of DVK that issued it.").format(number=decision.number))
        return pdf

    def signed_copies(self, decision_id: str) -> list[SignedCopy]:
        """The decision's signed copies held here, first signed first, each with
        `withdrawn`: its PDF was withdrawn because personal data on it was erased."""
        from app.repositories import decision_signatures as repo

        with storage_errors():
            rows = repo.of_decision(self.file.db, decision_id)
            gone = repo.withdrawn(self.file.db, decision_id, rows)
        return [SignedCopy.from_row(row, withdrawn=row["id"] in gone) for row in rows]

    def erased_since_issued(self, decision_id: str) -> bool:
        """Whether an erasure reached the decision: it is signed as it now reads."""
        from app.repositories import decision_signatures as repo

        with storage_errors():
            return repo.decision_texts(self.file.db, decision_id).erased

    def withdrawn_text(self, decision_id: str) -> str:
        """What to tell the clerk when the decision's signed copies were withdrawn."""
        decision = self.decisions.get(decision_id)
        if decision.issuer_code == self.file.office_code:
            return _("The digitally signed copy of decision {number} was withdrawn because "
                     "personal data on it was erased; sign the decision again as it now "
                     "reads (Sign digitally..., or dvk sign-pdf --decision).").format(
                number=decision.number)
        return _("The digitally signed copy of decision {number} was withdrawn because "
                 "personal data on it was erased; the office that issued it ({issuer}) can "
                 "sign it again as it now reads and send it in a bundle.").format(
            number=decision.number, issuer=decision.issuer or decision.issuer_code)

    def _current(self, decision_id: str, copies: list[SignedCopy]) -> bytes | None:
        from app.repositories import decision_signatures as repo

        row = repo.latest([c.as_row() for c in copies if not c.withdrawn])
        if row is None:
            return None
        with storage_errors():
            data = blobs_repo.get(self.file.db, row["pdf_sha256"])
        if data is None:
            raise DvkError(_("The signed PDF of this decision is missing from the data file; "
                             "import the bundle that brought it again."))
        return data

    def signed_copy(self, decision_id: str) -> bytes | None:
        """The decision's signed PDF with every signature this office holds, or None;
        when every copy was withdrawn by an erasure, a DvkError that says so."""
        copies = self.signed_copies(decision_id)
        data = self._current(decision_id, copies)
        if data is None and copies:
            raise DvkError(self.withdrawn_text(decision_id))
        return data

    def sign_decision(self, decision_id: str, key: SigningKey, pin: str) -> SignedPdf:
        """Sign an issued decision of this office: its paper as it now reads, byte for
        byte (as issued, or as erased since), or its signed copy of that paper, adding
        one more signature; kept in the data file and sent with the decision in the
        next bundles."""
        from app.core.events import RECOGNITION_CHANGED
        from app.printing.frozen import sha256
        from app.repositories import decision_signatures as repo

        self.accounts.require(APPROVER)
        decision = self.decisions.get(decision_id)
        if decision.issuer_code != self.file.office_code:
            raise DvkError(_(
                "Decision {number} was issued by another office: only the office that "
                "issued it signs it; its signed copy arrives with it in a bundle.").format(
                number=decision.number))
        with storage_errors():
            state = repo.decision_texts(self.file.db, decision_id)
        if state.names_erased:
            raise DvkError(_(
                "Decision {number} still names a person whose data was erased: "
                "it is signed once its lines are erased too.").format(
                number=decision.number))
        paper = self.issued_paper(decision_id)
        if state.erased and sha256(paper) == state.paper_sha256:
            # A copy of the paper as issued would be withdrawn as soon as it is made.
            raise DvkError(_(
                "Decision {number} still names a person whose data was erased: "
                "it is signed once its lines are erased too.").format(
                number=decision.number))
        previous = self._current(decision_id, self.signed_copies(decision_id))
        base = previous if previous is not None else paper
        signed = self.sign_bytes(base, key, pin, source=_("Decision {number}").format(
            number=decision.number), names=(decision.signer_name,))
        cert = signed.certificate
        with self.file.transaction():
            digest = blobs_repo.put(self.file.db, signed.data)
            self.file.writer().insert("decision_signatures", {
                "decision_id": decision_id, "paper_sha256": sha256(paper),
                "texts_sha256": state.texts_sha256, "pdf_sha256": digest,
                "previous_sha256": sha256(previous) if previous is not None else "",
                "signer": cert.subject[:300], "organisation": cert.organisation[:300],
                "certificate_issuer": cert.issuer[:300],
                "certificate_sha256": cert.sha256,
                "signed_at": to_stamp(signed.signed_at), "level": signed.level,
            }, audit_detail=decision.number)
        self.file.events.emit(RECOGNITION_CHANGED, id=decision_id)
        return signed

    # -- checking -----------------------------------------------------------------------
    def anchor_certificates(self) -> list[bytes]:
        return [c.der for c in self.anchors()]

    def verify_bytes(self, data: bytes, source: str = "") -> PdfReport:
        from app.pdfsign.verify import verify_pdf

        return verify_pdf(data, self.anchor_certificates(), source)

    def verify_file(self, path: str | Path) -> PdfReport:
        path = Path(path)
        return self.verify_bytes(read_pdf_file(path), path.name)


def read_pdf_file(path: Path) -> bytes:
    from app.pdfsign.files import read_bytes

    return read_bytes(path, MAX_PDF_BYTES)
