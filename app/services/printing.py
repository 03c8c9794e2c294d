"""Printing: the office's print settings, the wording templates, documents built from
the database, PDF bytes, safe saving, and page images for the preview.

Office print settings (JSON values in the settings table; unset keys fall back to the
defaults of the office's preset, app/printing/presets.py, filled from the unit tree):

    print.preset            the body the office issues as (dang_uy, ubnd, btgdv_tinh...)
    print.system            "party" or "state" (which layout the office issues)
    print.superior          first line(s) top left, e.g. "Đảng bộ tỉnh Ninh Bình";
                            set to "" for none (a People's Committee has none)
    print.body              the issuing body, bold capitals top left
    print.authority         the body that decides and certifies
    print.signer_on_behalf  "T/M BAN CHỈ ĐẠO" ("TM." in State papers)
    print.signer_title      "TRƯỞNG BAN"
    print.signer_name       the person who signs; unset -> a dotted line to write on
    print.executor          who executes a decision (its Điều 3)
    print.archive           where papers are filed ("Lưu: VT, VHXH.")
    print.report_to         whom reports go to ("Kính gửi: ...")
    print.emblem            certificate emblem: a file path, or "blob:<sha256>" when the
                            image was copied into the data file (`set_emblem`)
    place_name              the place in the date line ("Yên Thắng, ngày ...")

Choices for missing data: an unset signer name prints a dotted line (papers are
signed by hand anyway, and issuing a decision with one warns first); an emblem that
is set but missing or unreadable is an error that names the file, since printing a
thousand certificates without the emblem the office chose would waste paper.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app import clock
from app.core.events import SETTINGS_CHANGED
from app.core.progress import NO_PROGRESS, Progress
from app.domain import limits
from app.domain.accounts import ADMIN
from app.domain.registration import Subject
from app.domain.text import clean, clean_multiline
from app.domain.units import bare_name, party_committee
from app.errors import DvkError, ValidationError
from app.i18n import _
from app.printing import builders, presets, samples, templates
from app.printing.bounds import bounded_record, bounded_text
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
from app.printing.typography import on_behalf
from app.repositories import blobs as blobs_repo
from app.repositories import settings as settings_repo
from app.repositories.storage import storage_errors

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService
    from app.services.numbering import NumberingService
    from app.services.registrations import RegistrationService
    from app.services.rubrics import RubricService
    from app.services.scoring import ScoringService
    from app.services.units import UnitService

_FROZEN_RENDERERS: dict[str, PdfRenderer] = {}

_ANY_LAYOUT = {"print.signer_name", "place_name"}  # the same in either layout
SETTING_KEYS = ("print.preset", "print.system", "print.superior", "print.body",
                "print.authority", "print.signer_on_behalf", "print.signer_title",
                "print.signer_name", "print.executor", "print.archive", "print.report_to",
                "print.emblem", "place_name")
# Settings whose empty value means "none" rather than "the default".
EMPTY_MEANS_NONE = {"print.superior"}
MAX_EMBLEM_BYTES = 5 * 1024 * 1024
EMBLEM_TYPES = {".png", ".jpg", ".jpeg"}
MULTILINE_KEYS = {"print.superior", "print.body"}  # a line break starts a heading line


class PrintService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService, units: UnitService,
                 registrations: RegistrationService, rubrics: RubricService,
                 scoring: ScoringService, numbering: NumberingService):
        self.file = file
        self.accounts = accounts
        self.units = units
        self.registrations = registrations
        self.rubrics = rubrics
        self.scoring = scoring
        self.numbering = numbering
        self._renderer: PdfRenderer | None = None

    # -- wording ----------------------------------------------------------------------
    def wording(self, kind: str, system: str | None = None) -> dict[str, Any]:
        """The wording of a paper in the office's layout (or `system`'s): shipped, with
        its preset's and then the office's own changes."""
        templates.check_kind(kind)
        preset = self.preset()
        system = system or self.system()
        return templates.merged(kind, self.file.setting(templates.setting_key(kind), {}),
                                system=system, layers=(preset.wording.get(kind, {}),))

    def wording_layers(self, kind: str) -> dict[str, Any]:
        """The wording of a paper as stored (every layout's variant), for showing it."""
        templates.check_kind(kind)
        return templates.merged(kind, self.file.setting(templates.setting_key(kind), {}),
                                layers=(self.preset().wording.get(kind, {}),))

    def set_wording(self, kind: str, key: str, value: Any) -> None:
        self.accounts.require(ADMIN)  # what every paper of the office says
        templates.check_kind(kind)
        value = templates.check_value(kind, key, value)
        overrides = dict(self.file.setting(templates.setting_key(kind), {}) or {})
        overrides[key] = value
        self._put(templates.setting_key(kind), overrides)

    def reset_wording(self, kind: str, key: str | None = None) -> None:
        self.accounts.require(ADMIN)
        templates.check_kind(kind)
        overrides = dict(self.file.setting(templates.setting_key(kind), {}) or {})
        if key is None:
            overrides = {}
        elif key not in templates.defaults(kind):
            raise ValidationError({"key": _("The paper {kind} has no wording named {key}.")
                                   .format(kind=kind, key=key)})
        else:
            overrides.pop(key, None)
        self._put(templates.setting_key(kind), overrides)

    def _put(self, key: str, value: Any) -> None:
        with self.file.transaction():
            settings_repo.put(self.file.db, key, value)
        self._renderer = None
        self.file.events.emit(SETTINGS_CHANGED, key=key)

    # -- office print settings --------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        """Every print setting as stored (None when unset)."""
        return {key: self.file.setting(key) for key in SETTING_KEYS}

    def set_setting(self, key: str, value: str | None) -> None:
        self.accounts.require(ADMIN)  # the issuing body and the signer as printed
        if key not in SETTING_KEYS:
            raise ValidationError({"key": _("Unknown print setting {key}. Known: {keys}.")
                                   .format(key=key, keys=", ".join(SETTING_KEYS))})
        if key == "print.emblem":
            if value:
                self.set_emblem(value)
            else:
                self._put(key, None)
            return
        if key == "print.preset":
            self.set_preset(value or None)
            return
        value = clean_multiline(value or "") if key in MULTILINE_KEYS else clean(value or "")
        if key == "print.system" and value not in SYSTEMS:
            raise ValidationError({"value": _("Choose party or state.")})
        most = limits.MAX_LENGTH["print_settings"].get(key, limits.NAME)
        if len(value) > most:
            raise ValidationError({"value": limits.too_long(most)})
        if not value and key in EMPTY_MEANS_NONE:
            self._put(key, "")  # no such line at all, unlike an unset setting
            return
        self._put(key, value or None)

    def unset_setting(self, key: str) -> None:
        """Back to the default of the office's preset."""
        self.accounts.require(ADMIN)
        if key not in SETTING_KEYS:
            raise ValidationError({"key": _("Unknown print setting {key}. Known: {keys}.")
                                   .format(key=key, keys=", ".join(SETTING_KEYS))})
        if key == "print.preset":
            self.set_preset(None)
            return
        self._put(key, None)

    # -- presets ----------------------------------------------------------------------
    def preset(self) -> presets.Preset:
        """The office's preset; an office that never chose one issues as the steering
        committee (Party layout) or the People's Committee (State layout)."""
        code = self.file.setting("print.preset")
        if isinstance(code, str) and code in presets.presets():
            return presets.get(code)
        system = self.file.setting("print.system") or PARTY
        return presets.get(presets.FALLBACK.get(system, "bcd"))

    def system(self) -> str:
        value = self.file.setting("print.system")
        return value if value in SYSTEMS else self.preset().system

    def presets_for_office(self) -> list[presets.Preset]:
        return presets.for_unit(self.units.office())

    def suggested_preset(self) -> str:
        return presets.suggested(self.units.office(), self.units.profile)

    def set_preset(self, code: str | None) -> None:
        """Issue as the body of preset `code` (None: back to the fallback): its layout,
        and new numbering books in its symbol for every kind whose pattern differs (the
        old books keep their numbers; a new body numbers from 01)."""
        self.accounts.require(ADMIN)  # the body every paper is issued as
        if code is not None:
            preset = presets.get(code)
            allowed = presets.for_unit(self.units.office())
            if preset not in allowed:
                raise ValidationError({"value": _(
                    "The preset {name} is for another kind of office; this office can "
                    "choose: {codes}.").format(name=preset.name, codes=", ".join(
                        p.code for p in allowed))})
        with self.file.transaction():
            settings_repo.put(self.file.db, "print.preset", code)
            settings_repo.put(self.file.db, "print.system", None)
            self.numbering.follow_preset()
        self._renderer = None
        self.file.events.emit(SETTINGS_CHANGED, key="print.preset")

    def set_emblem(self, path: str | Path) -> None:
        """Copy an emblem image into the data file (so it travels with backups and
        cannot vanish) and use it on certificates."""
        self.accounts.require(ADMIN)
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
        self.accounts.require(ADMIN)
        if len(data) > MAX_EMBLEM_BYTES:
            raise DvkError(_("The emblem image is larger than {limit} MB; use a smaller "
                             "image.").format(limit=MAX_EMBLEM_BYTES // (1024 * 1024)))
        self._check_image(data, name)
        with self.file.transaction():
            digest = blobs_repo.put(self.file.db, data)
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
        value = self.file.setting("print.emblem")
        if not value:
            return None
        if isinstance(value, str) and value.startswith("blob:"):
            with storage_errors():
                data = blobs_repo.get(self.file.db, value[5:])
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

    def defaults(self, system: str | None = None, preset: str | None = None
                 ) -> dict[str, str]:
        """What each text setting prints when it is unset, for a layout system (the
        stored one by default) and a preset (the office's by default): the preset
        filled from the unit tree; a layout other than the preset's takes the bodies
        of that layout's fallback preset (a Party office's State paper is headed by its
        People's Committee)."""
        unit = self.units.office()
        chosen = presets.get(preset) if preset else self.preset()
        system = system or (chosen.system if preset else self.system())
        preset = chosen
        if preset.system != system:
            preset = presets.get(presets.FALLBACK[system])
        names = self.names()
        values = {f"print.{key}": preset.text(key, unit.level, names)
                  for key in presets.TEXT_KEYS}
        return {"print.preset": preset.code, "print.system": system, **values,
                "print.signer_name": "", "place_name": bare_name(unit.name)}

    def names(self) -> dict[str, str]:
        unit = self.units.office()
        parent = self.units.parent_office()
        province = self.units.province_of(unit.code)
        return presets.names(unit, parent, province, self.units.profile)

    def office(self, system: str | None = None) -> OfficePrint:
        """The office as it appears on its papers: settings, else its preset's
        defaults. With `system` other than the office's, the papers of that layout as
        the office would issue them: its own texts only where they suit that layout."""
        own = system is None or system == self.system()
        defaults = self.defaults(system)

        def get(key: str) -> str:
            value = self.file.setting(key) if own or key in _ANY_LAYOUT else None
            if value == "" and key in EMPTY_MEANS_NONE:
                return ""
            return value if isinstance(value, str) and value else defaults[key]

        preset = self.preset() if own else presets.get(presets.FALLBACK[defaults[
            "print.system"]])
        return OfficePrint(
            system=defaults["print.system"], superior=get("print.superior"),
            body=get("print.body"), authority=get("print.authority"),
            place=get("place_name"), level=self.units.office().level,
            signer=Signer(on_behalf(get("print.signer_on_behalf"), defaults["print.system"]),
                          get("print.signer_title"), get("print.signer_name")),
            emblem=self.emblem(), preset=preset.code, symbol=preset.symbol,
            executor=get("print.executor"), archive=get("print.archive"),
            report_to=get("print.report_to"),
        )

    # -- documents --------------------------------------------------------------------
    def registration_document(self, registration_id: str) -> Document:
        """The paper form of a registration, headed by its own commune and unit
        wherever it is printed (at the province too)."""
        cut: list[str] = []  # every text is cut to its field's limit (bounds.py)
        record = bounded_record("registrations", self.registrations.get(registration_id), cut)
        record = dataclasses.replace(
            record,
            person=bounded_record("persons", record.person, cut) if record.person else None,
            targets=tuple(bounded_record("targets", t, cut) for t in record.targets),
            milestones=tuple(bounded_record("milestones", m, cut) for m in record.milestones))
        office = self.units.office()
        commune = self.units.get(record.unit_code) or office
        subunit = self.units.get(record.subunit_code)
        source = self.registrations.get(record.replicates_id) \
            if record.replicates_id else None
        place = (self.file.setting("place_name") or bare_name(office.name)) \
            if commune.code == office.code else bare_name(commune.name)
        wording = self.wording("registration")
        superior = commune.name if wording.get("system") == STATE \
            else party_committee(commune.name)
        doc = builders.registration_form(
            record, wording=wording, office_name=commune.name,
            subunit_name=bounded_text(subunit.name if subunit else "", limits.UNIT_NAME, cut),
            source_name=bounded_text(source.name if source else "", limits.NAME, cut),
            place=place, superior=superior)
        doc.cut = cut
        return doc

    def scoresheet_document(self, *, subject: str = Subject.COLLECTIVE,
                            registration_id: str | None = None,
                            sheet_id: str | None = None, level: str | None = None,
                            date: dt.date | None = None) -> tuple[ScoreSheetDoc, bool]:
        """A paper score sheet: as scored (`sheet_id`, or the current sheet of the
        registration at `level`, by default the office's), else blank or headed with
        the registration, on the rubric that applies to it; the flag tells whether the
        rubric is a stored one (False: the built-in defaults)."""
        from app.services import sheet_papers

        if sheet_id is None and registration_id:
            from app.domain.units import LEVELS

            # The sheet at the level asked for (the office's own by default), else
            # the one the model was last scored on below (a commune's, at the province).
            wanted = [level] if level else [self.scoring.default_level(), *LEVELS]
            sheet_id = next((found for found in (self.scoring.sheet_for(
                registration_id, lv) for lv in wanted) if found), None)
        if sheet_id is not None:
            return sheet_papers.scored_sheet(
                sheet_id, scoring=self.scoring, registrations=self.registrations,
                units=self.units, printing=self), True
        record = self.registrations.get(registration_id) if registration_id else None
        if record:
            subject = record.subject
        stored = self.rubrics.applicable(
            record.year if record else clock.today().year,
            level or self.scoring.default_level(), subject)
        if stored is not None:  # the rubric edition the office scores this on
            rubric, from_file = sheet_papers.print_rubric(stored), True
        else:
            rubric, from_file = default_rubric(subject)
        cut: list[str] = []
        record = bounded_record("registrations", record, cut) if record else None
        doc = builders.scoresheet(
            rubric, wording=self.wording("scoresheet"), office=self.office(),
            model_name=record.name if record else "",
            registrant=record.registrant if record else "",
            field=record.field if record else None, year=record.year if record else None,
            date=date)
        doc.cut = cut
        return doc, from_file

    # Recognition papers: the scoring and recognition services hand in their data.
    def decision_document(self, data: DecisionData) -> DecisionDoc:
        return builders.decision(data, office=self.office(), wording=self.wording("decision"),
                                 official=self.wording("official"),
                                 paper=builders.paper_name(self.wording("certificate")))

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
        office = self.office(system if system in SYSTEMS else None)
        return samples.sample(kind, office=office,
                              wording=lambda k: self.wording(k, office.system))

    # -- output -----------------------------------------------------------------------
    def renderer(self) -> PdfRenderer:
        if self._renderer is None:
            self._renderer = PdfRenderer(self.wording("official"))
        return self._renderer

    @staticmethod
    def frozen_renderer(official: dict) -> PdfRenderer:
        """The renderer of issued papers: the fixed font, the official wording they
        were issued with, no program version in the PDF (app/printing/frozen.py)."""
        from app.printing.fixed_fonts import fixed_fonts
        from app.printing.frozen import dumps

        key = dumps(official)
        renderer = _FROZEN_RENDERERS.get(key)
        if renderer is None:
            renderer = _FROZEN_RENDERERS[key] = PdfRenderer(official, fixed_fonts(),
                                                            stable=True)
        return renderer

    def _renderer_for(self, doc: Document) -> PdfRenderer:
        frozen = getattr(doc, "frozen", None)
        return self.frozen_renderer(frozen.official) if frozen else self.renderer()

    def render(self, doc: Document) -> bytes:
        return self._renderer_for(doc).render(doc)

    def reprint_note(self, doc: Document, pdf: bytes) -> str:
        """What to tell the clerk when an issued decision's reprint is not the paper as
        issued, byte for byte ("" when it is, or nothing is known): a person's data on
        it was erased since, or another version of DVK laid it out (the text is the
        issued text all the same)."""
        from app.printing.frozen import sha256

        frozen = getattr(doc, "frozen", None)
        if not frozen:
            return ""
        if frozen.erased:
            return _("This copy is the paper as issued but for the personal data of a person "
                     "named on it, erased since at their request or at the end of its "
                     "keeping.")
        if frozen.sha256 and sha256(pdf) != frozen.sha256:
            return _("This copy is laid out by another version of DVK than the paper as "
                     "issued; its text is the issued text.")
        return ""

    def save(self, doc: Document, target: str | Path) -> Path:
        """Render, then write atomically: no half-written PDF under `target`."""
        return write_pdf(target, self.render(doc))

    def render_certificates(self, docs: list[CertificateDoc],
                            progress=None) -> bytes:
        """Every certificate in one PDF (issued ones with the fixed font, as issued)."""
        renderer = self._renderer_for(docs[0]) if docs else self.renderer()
        return renderer.render_certificates(docs, progress=progress)

    def save_certificates(self, docs: list[CertificateDoc], target: str | Path,
                          progress: Progress = NO_PROGRESS) -> Path:
        """Every certificate into one PDF, reporting each page; a cancel (or any
        failure) leaves nothing under `target`."""
        return self.certificates_writer(docs)(target, progress)

    def certificates_writer(self, docs: list[CertificateDoc]
                            ) -> Callable[[str | Path, Progress], Path]:
        """`save_certificates` as a job for a worker thread: what it needs from the data
        file (the office's official wording, for the renderer) is read now, on the
        caller's thread, so the job never touches the caller's connection (SQLite
        connections belong to the thread that opened them)."""
        renderer = self._renderer_for(docs[0]) if docs else self.renderer()

        def write(target: str | Path, progress: Progress = NO_PROGRESS) -> Path:
            def report(done: int, total: int) -> None:
                progress.report(done, total, _("Certificate {done} of {total}").format(
                    done=done, total=total))

            return write_pdf(target, renderer.render_certificates(docs, progress=report))

        return write

    def save_bytes(self, data: bytes, target: str | Path) -> Path:
        return write_pdf(target, data)

    @staticmethod
    def pages(data: bytes) -> PdfPages:
        return PdfPages(data)
