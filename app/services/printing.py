"""Printing: the office's print settings, the wording templates, documents built from
the database, PDF bytes, safe saving, and page images for the preview.

Office print settings (JSON values in the settings table; unset keys fall back to
defaults derived from the unit tree and resources/print/official.json):

    print.system            "party" or "state" (which layout the office issues)
    print.superior          first line(s) top left, e.g. "Đảng ủy phường Yên Thắng"
    print.body              the issuing body, bold capitals top left
    print.authority         the steering committee named in decisions and certificates
    print.signer_on_behalf  "T/M BAN CHỈ ĐẠO"
    print.signer_title      "TRƯỞNG BAN"
    print.signer_name       the person who signs; unset -> a dotted line to write on
    print.emblem            certificate emblem: a file path, or "blob:<sha256>" when the
                            image was copied into the data file (`set_emblem`)
    place_name              the place in the date line ("Yên Thắng, ngày ...")

Choices for missing data: an unset signer name prints a dotted line (papers are
signed by hand anyway); an emblem that is set but missing or unreadable is an error
that names the file, since printing a thousand certificates without the emblem the
office chose would waste paper.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import clock
from app.domain import limits
from app.domain.accounts import ADMIN
from app.domain.text import clean, clean_multiline
from app.domain.units import bare_name, party_committee
from app.errors import DvkError, ValidationError
from app.i18n import _
from app.printing import builders, samples, templates
from app.printing.bounds import bounded, bounded_text
from app.printing.inputs import DecisionData, OfficePrint, ProposalData, ReportData
from app.printing.model import (
    PARTY,
    STATE,
    SYSTEMS,
    CertificateDoc,
    DecisionDoc,
    Document,
    ProposalDoc,
    ReportDoc,
    ScoreSheetDoc,
    Signer,
)
from app.printing.output import write_pdf
from app.printing.raster import PdfPages
from app.printing.renderer import PdfRenderer
from app.printing.rubrics import default_rubric
from app.repositories import blobs as blobs_repo
from app.repositories import settings as settings_repo
from app.repositories.storage import storage_errors
from app.services.events import SETTINGS_CHANGED
from app.services.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from app.context import AppContext

SETTING_KEYS = ("print.system", "print.superior", "print.body", "print.authority",
                "print.signer_on_behalf", "print.signer_title", "print.signer_name",
                "print.emblem", "place_name")
MAX_EMBLEM_BYTES = 5 * 1024 * 1024
EMBLEM_TYPES = {".png", ".jpg", ".jpeg"}
MULTILINE_KEYS = {"print.superior", "print.body"}  # a line break starts a heading line


def _lower_first(name: str) -> str:
    """'Phường Yên Thắng' -> 'phường Yên Thắng' (a unit name inside a sentence)."""
    return name[:1].lower() + name[1:] if name else name


class PrintService:
    def __init__(self, ctx: AppContext):
        self.ctx = ctx
        self._renderer: PdfRenderer | None = None

    # -- wording ----------------------------------------------------------------------
    def wording(self, kind: str) -> dict[str, Any]:
        templates.check_kind(kind)
        return templates.merged(kind, self.ctx.setting(templates.setting_key(kind), {}))

    def set_wording(self, kind: str, key: str, value: Any) -> None:
        self.ctx.accounts.require(ADMIN)  # what every paper of the office says
        templates.check_kind(kind)
        value = templates.check_value(kind, key, value)
        overrides = dict(self.ctx.setting(templates.setting_key(kind), {}) or {})
        overrides[key] = value
        self._put(templates.setting_key(kind), overrides)

    def reset_wording(self, kind: str, key: str | None = None) -> None:
        self.ctx.accounts.require(ADMIN)
        templates.check_kind(kind)
        overrides = dict(self.ctx.setting(templates.setting_key(kind), {}) or {})
        if key is None:
            overrides = {}
        elif key not in templates.defaults(kind):
            raise ValidationError({"key": _("The paper {kind} has no wording named {key}.")
                                   .format(kind=kind, key=key)})
        else:
            overrides.pop(key, None)
        self._put(templates.setting_key(kind), overrides)

    def _put(self, key: str, value: Any) -> None:
        with self.ctx.transaction():
            settings_repo.put(self.ctx.db, key, value)
        self._renderer = None
        self.ctx.events.emit(SETTINGS_CHANGED, key=key)

    # -- office print settings --------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """Every print setting as stored (None when unset)."""
        return {key: self.ctx.setting(key) for key in SETTING_KEYS}

    def set_setting(self, key: str, value: str | None) -> None:
        self.ctx.accounts.require(ADMIN)  # the issuing body and the signer as printed
        if key not in SETTING_KEYS:
            raise ValidationError({"key": _("Unknown print setting {key}. Known: {keys}.")
                                   .format(key=key, keys=", ".join(SETTING_KEYS))})
        if key == "print.emblem":
            if value:
                self.set_emblem(value)
            else:
                self._put(key, None)
            return
        value = clean_multiline(value or "") if key in MULTILINE_KEYS else clean(value or "")
        if key == "print.system" and value not in SYSTEMS:
            raise ValidationError({"value": _("Choose party or state.")})
        most = limits.MAX_LENGTH["print_settings"].get(key, limits.NAME)
        if len(value) > most:
            raise ValidationError({"value": limits.too_long(most)})
        self._put(key, value or None)

    def set_emblem(self, path: str | Path) -> None:
        """Copy an emblem image into the data file (so it travels with backups and
        cannot vanish) and use it on certificates."""
        self.ctx.accounts.require(ADMIN)
        path = Path(path)
        if path.suffix.lower() not in EMBLEM_TYPES:
            raise DvkError(_("The emblem must be a PNG or JPG image."))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DvkError(_("The emblem file {path} does not exist.").format(
                path=path)) from None
        except OSError as error:
            raise DvkError(_("The emblem file {path} cannot be read ({detail}).").format(
                path=path, detail=error.strerror or error)) from None
        self.set_emblem_bytes(data, path.name)

    def set_emblem_bytes(self, data: bytes, name: str) -> None:
        self.ctx.accounts.require(ADMIN)
        if len(data) > MAX_EMBLEM_BYTES:
            raise DvkError(_("The emblem image is larger than {limit} MB; use a smaller "
                             "image.").format(limit=MAX_EMBLEM_BYTES // (1024 * 1024)))
        self._check_image(data, name)
        with self.ctx.transaction():
            digest = blobs_repo.put(self.ctx.db, data)
        self._put("print.emblem", f"blob:{digest}")

    @staticmethod
    def _check_image(data: bytes, name: str) -> None:
        import io

        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, ValueError) as error:
            raise DvkError(_("{name} is not a readable image ({detail}).").format(
                name=name, detail=error)) from None

    def emblem(self) -> bytes | None:
        value = self.ctx.setting("print.emblem")
        if not value:
            return None
        if isinstance(value, str) and value.startswith("blob:"):
            with storage_errors():
                data = blobs_repo.get(self.ctx.db, value[5:])
            if data is None:
                raise DvkError(_("The emblem image is missing from the data file. Choose "
                                 "the emblem again in the print settings, or remove it."))
            return data
        path = Path(str(value))
        try:
            return path.read_bytes()
        except OSError:
            raise DvkError(_(
                "The emblem file {path} is missing or cannot be read. Choose the emblem "
                "again in the print settings (dvk print emblem FILE), or remove it "
                "(dvk print emblem --clear).").format(path=path)) from None

    def defaults(self, system: str | None = None) -> dict[str, str]:
        """What each text setting prints when it is unset, for a layout system (the
        stored one by default): derived from the unit tree and official.json."""
        official = self.wording("official")
        unit = self.ctx.units.office()
        parent = self.ctx.units.parent_office()
        system = system or self.ctx.setting("print.system") or PARTY
        names = dict(office=_lower_first(unit.name),
                     parent=_lower_first(parent.name) if parent else "")
        if system == STATE:
            values = {
                "print.superior": templates.fill(official["default_state_superior"], **names)
                if parent else "",
                "print.body": templates.fill(official["default_state_body"], **names),
                "print.authority": templates.fill(official["default_state_authority"], **names),
                "print.signer_on_behalf": official["default_state_on_behalf"],
                "print.signer_title": official["default_state_signer_title"],
            }
        else:
            values = {
                "print.superior": party_committee(unit.name),
                "print.body": official["default_party_body"],
                "print.authority": templates.fill(official["default_authority"], **names),
                "print.signer_on_behalf": official["default_on_behalf"],
                "print.signer_title": official["default_signer_title"],
            }
        return {"print.system": system, **values, "print.signer_name": "",
                "place_name": bare_name(unit.name)}

    def office(self) -> OfficePrint:
        """The office as it appears on its papers: settings, else derived defaults."""
        defaults = self.defaults()

        def get(key: str) -> str:
            value = self.ctx.setting(key)
            return value if isinstance(value, str) and value else defaults[key]

        return OfficePrint(
            system=defaults["print.system"], superior=get("print.superior"),
            body=get("print.body"), authority=get("print.authority"),
            place=get("place_name"), level=self.ctx.units.office().level,
            signer=Signer(get("print.signer_on_behalf"), get("print.signer_title"),
                          get("print.signer_name")),
            emblem=self.emblem(),
        )

    # -- documents --------------------------------------------------------------------
    def registration_document(self, registration_id: str) -> Document:
        cut: list[str] = []  # every text is cut to its field's limit (bounds.py)
        record = bounded("registrations", self.ctx.registrations.get(registration_id), cut)
        if record.get("person"):
            record["person"] = bounded("persons", record["person"], cut)
        record["targets"] = [bounded("targets", t, cut) for t in record["targets"]]
        record["milestones"] = [bounded("milestones", m, cut) for m in record["milestones"]]
        unit = self.ctx.units.office()
        subunit = self.ctx.units.get(record["subunit_code"])
        source = self.ctx.registrations.get(record["replicates_id"]) \
            if record.get("replicates_id") else None
        place = self.ctx.setting("place_name") or bare_name(unit.name)
        wording = self.wording("registration")
        superior = unit.name if wording.get("system") == STATE else party_committee(unit.name)
        doc = builders.registration_form(
            record, wording=wording, office_name=unit.name,
            subunit_name=bounded_text(subunit.name if subunit else "", limits.UNIT_NAME, cut),
            source_name=bounded_text(source["name"] if source else "", limits.NAME, cut),
            place=place, superior=superior)
        doc.cut = cut
        return doc

    def scoresheet_document(self, *, subject: str = "tap_the",
                            registration_id: str | None = None,
                            date: dt.date | None = None) -> tuple[ScoreSheetDoc, bool]:
        """A paper score sheet, blank or headed with one registration; the flag tells
        whether the rubric came from a rubric file (False: the built-in defaults)."""
        record = self.ctx.registrations.get(registration_id) if registration_id else None
        if record:
            subject = record["subject"]
        rubric, from_file = default_rubric(subject)
        # The rule of the council's total is the one of the rubric the office scores on.
        applicable = self.ctx.rubrics.applicable(
            record["year"] if record else clock.today().year,
            self.ctx.scoring.default_level(), subject)
        if applicable is not None:
            rubric.council_total = applicable.council_total
        cut: list[str] = []
        record = bounded("registrations", record, cut) if record else None
        doc = builders.scoresheet(
            rubric, wording=self.wording("scoresheet"), office=self.office(),
            model_name=record["name"] if record else "",
            registrant=record["registrant"] if record else "",
            field=record["field"] if record else None, year=record["year"] if record else None,
            date=date)
        doc.cut = cut
        return doc, from_file

    # Recognition papers: the scoring and recognition services hand in their data.
    def decision_document(self, data: DecisionData) -> DecisionDoc:
        return builders.decision(data, office=self.office(), wording=self.wording("decision"),
                                 official=self.wording("official"))

    def proposal_document(self, data: ProposalData) -> ProposalDoc:
        return builders.proposal(data, office=self.office(), wording=self.wording("proposal"),
                                 official=self.wording("official"))

    def report_document(self, data: ReportData) -> ReportDoc:
        return builders.report(data, office=self.office(), wording=self.wording("report"),
                               official=self.wording("official"))

    def certificate_documents(self, data: DecisionData) -> list[CertificateDoc]:
        """One certificate per recognised entry of a decision."""
        office = self.office()
        wording, official = self.wording("certificate"), self.wording("official")
        return [builders.certificate(entry, data, office=office, wording=wording,
                                     official=official) for entry in data.entries]

    def sample_document(self, kind: str, system: str | None = None) -> Document:
        """A sample paper with this office's settings and wording (to check them);
        `system` overrides the layout."""
        if kind not in samples.SAMPLE_KINDS:
            raise DvkError(_("Unknown sample {kind}. Choose one of: {kinds}.").format(
                kind=kind, kinds=", ".join(samples.SAMPLE_KINDS)))
        office = self.office()
        if system in SYSTEMS:
            office.system = system
        return samples.sample(kind, office=office, wording=self.wording)

    # -- output -----------------------------------------------------------------------
    def renderer(self) -> PdfRenderer:
        if self._renderer is None:
            self._renderer = PdfRenderer(self.wording("official"))
        return self._renderer

    def render(self, doc: Document) -> bytes:
        return self.renderer().render(doc)

    def save(self, doc: Document, target: str | Path) -> Path:
        """Render, then write atomically: no half-written PDF under `target`."""
        return write_pdf(target, self.render(doc))

    def save_certificates(self, docs: list[CertificateDoc], target: str | Path,
                          progress: Progress = NO_PROGRESS) -> Path:
        """Every certificate into one PDF, reporting each page; a cancel (or any
        failure) leaves nothing under `target`."""
        def report(done: int, total: int) -> None:
            progress.report(done, total, _("Certificate {done} of {total}").format(
                done=done, total=total))

        return write_pdf(target, self.renderer().render_certificates(docs, progress=report))

    def save_bytes(self, data: bytes, target: str | Path) -> Path:
        return write_pdf(target, data)

    @staticmethod
    def pages(data: bytes) -> PdfPages:
        return PdfPages(data)
