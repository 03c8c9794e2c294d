"""The recognition papers from the database: the data the print layer's builders wait
for (app/printing/inputs.py), and the documents built from it.

An issued decision prints from the paper frozen when it was issued (`freeze_issued`,
app/printing/frozen.py): the same at every office, whatever the settings of the day.
Its certificates carry the codes signed when it was issued. A draft prints from the
office's settings of the day, marked "DỰ THẢO", its number and date left blank.
Decisions issued before papers were frozen (schema 0015) print as before: from this
office's settings, with the issuer's body, signer and layout as recorded.

The QR code of a certificate holds the signed summary of the recognition
(app/certificates): only the office that issued the decision can sign it, with its key
(a `CertificateSigner`), at issue; without a signer the certificates have no code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app import clock
from app.domain.limits import MAX_LENGTH
from app.domain.recognition import DecisionState
from app.domain.registration import Subject
from app.domain.scoring import RATINGS, to_points
from app.errors import DvkError
from app.i18n import N_, _, printed_
from app.printing.bounds import bounded_text
from app.printing.inputs import DecisionData, ProposalData, RecognisedEntry, ReportData
from app.printing.model import CertificateDoc, DecisionDoc, ProposalDoc, ReportDoc
from app.printing.presets import lower_first

ASSESSMENT = N_("{total} models and exemplars registered, {replicated} of them replicating "
                "a model recognised before.")

if TYPE_CHECKING:
    from app.certificates.service import CertificateCodeService
    from app.certificates.signer import CertificateSigner
    from app.datafile.office_file import OfficeFile
    from app.printing.inputs import OfficePrint
    from app.services.decisions import Decision, DecisionRecord, DecisionService
    from app.services.numbering import NumberingService
    from app.services.printing import PrintService
    from app.services.proposals import ProposalService
    from app.services.recognition import RecognitionService
    from app.services.units import UnitService


def _date(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else clock.today()


ABOVE_COMMUNE = ("huyen", "tinh")


def _issued(state: str) -> None:
    if state != DecisionState.ISSUED:
        raise DvkError(_("This decision is still a draft; issue it first (it then gets its "
                         "number and certificate numbers)."))


def _period(name: str) -> str:
    """'Giai đoạn 2021 - 2025' -> '2021 - 2025' (the wording adds its own words)."""
    return name.replace("Giai đoạn", "").strip()


def with_commune(units: UnitService, name: str, unit_code: str | None) -> str:
    """A unit named with its commune on a paper above the commune ("Chi hội Cựu chiến
    binh thôn Đồng Tâm, xã Nam Hồng"): at the province a village alone says nothing."""
    if not name or units.office().level == "xa":
        return name
    commune = units.ancestor(unit_code, "xa")
    if commune is None or commune.code == unit_code:
        return name
    from app.domain.text import fold
    from app.domain.units import bare_name

    if fold(bare_name(commune.name)) in fold(name):
        return name
    return f"{name}, {lower_first(commune.name)}"


@dataclass(frozen=True)
class Vouching:
    """What a certificate's code says of its decision (`DecisionRecord` has it too)."""
    number: str | None
    date: str | None
    level: str
    year: int
    issuer_code: str


@dataclass
class IssuedPaper:
    frame: str  # decisions.paper
    items: dict[str, str]  # decision item id -> decision_items.paper
    sha256: str  # of the decision's PDF as issued
    emblem_sha256: str  # the certificates' emblem, stored as a blob ("" for none)


class RecognitionPapers:
    """The recognition papers of this office's data file: decisions, certificates,
    proposals and reports, as documents."""

    def __init__(self, file: OfficeFile, *, units: UnitService,
                 recognition: RecognitionService, proposals: ProposalService,
                 decisions: DecisionService, numbering: NumberingService,
                 printing: Callable[[], PrintService],
                 certificate_codes: Callable[[], CertificateCodeService]):
        self.file = file
        self.units = units
        self.recognition = recognition
        self.proposals = proposals
        self.decisions = decisions
        self.numbering = numbering
        self._printing = printing
        self._certificate_codes = certificate_codes

    def certificate_payload(self, certificate: dict[str, Any],
                            decision: Vouching | DecisionRecord,
                            signer: CertificateSigner | None) -> str | None:
        """The text of a certificate's QR code: the signed summary of the recognition
        (`certificate`: the decision's entry; `decision`: its number, date, level, year
        and issuer). None without a signer, or for a decision another office issued
        (only the issuer can vouch for it)."""
        if signer is None or decision.issuer_code != signer.unit_code:
            return None
        from app.certificates.model import CertificateSummary

        summary = CertificateSummary(
            unit_code=certificate["unit_code"], unit_name=certificate["unit"],
            model_id=certificate["id"], model_name=certificate["name"],
            registrant=certificate["registrant"], level=decision.level, year=decision.year,
            decision_number=decision.number, decision_date=_date(decision.date),
            certificate_number=certificate["certificate_number"])
        return self._certificate_codes().payload(summary, signer)

    def _entry(self, item: dict[str, Any], payload: str | None = None,
               cut: list[str] | None = None) -> RecognisedEntry:
        """One printed line of a list; texts cut to their fields' limits (bounds.py), then
        a unit named with its commune above the commune."""
        cut = [] if cut is None else cut
        most = MAX_LENGTH["decision_items"]
        collective = item["subject"] != Subject.INDIVIDUAL
        unit_code = item.get("unit_code")
        registrant = bounded_text(item["registrant"], most["registrant"], cut, "registrant")
        detail = bounded_text(item.get("detail", ""), most["detail"], cut, "detail")
        return RecognisedEntry(
            name=bounded_text(item["name"], most["model_name"], cut, "model_name"),
            registrant=with_commune(self.units, registrant, unit_code) if collective else registrant,
            field=item["field"], subject=item["subject"], score=item["total"],
            rating=printed_(RATINGS[item["rating"]]) if item["rating"] in RATINGS else "",
            certificate_number=item.get("certificate_number", ""),
            detail=detail if collective else with_commune(self.units, detail, unit_code),
            qr_payload=payload, group=item.get("commune", ""))

    def _commune_names(self, level: str, unit_codes: set[str]) -> dict[str, str]:
        """unit code -> its commune's name, for a list above the commune (an annex goes
        commune by commune, under the commune's name); {} at a commune."""
        if level not in ABOVE_COMMUNE:
            return {}
        from app.repositories import communes as communes_repo
        from app.repositories.storage import storage_errors

        with storage_errors():
            return {code: commune.name for code, commune
                    in communes_repo.of_units(self.file.db, unit_codes).items()}

    def _period_of(self, year: int) -> dict[str, Any]:
        from app.repositories import calendar as calendar_repo
        from app.repositories.storage import storage_errors

        with storage_errors():
            return calendar_repo.period_for_year(self.file.db, year) or {}

    def decision_data(self, decision_id: str, *,
                      signer: CertificateSigner | None = None,
                      only: set[str] | None = None,
                      cut: list[str] | None = None) -> tuple[DecisionData, DecisionRecord]:
        """The data of a decision as recorded (a draft: no number, no date yet); `only`:
        the entries of these models (no code is signed for a certificate not printed)."""
        decision = self.decisions.record(decision_id)
        above = decision.level in ABOVE_COMMUNE
        entries = []
        for item in decision.items:
            if only is not None and item.id not in only:
                continue
            entry = {**dataclasses.asdict(item), "commune": item.commune if above else ""}
            payload = self.certificate_payload(entry, decision, signer) \
                if decision.state == DecisionState.ISSUED else None
            entries.append(self._entry(entry, payload, cut))
        period = self._period_of(decision.year)
        draft = decision.state != DecisionState.ISSUED
        data = DecisionData(
            number=decision.number or self._draft_number_of("decision"), year=decision.year,
            date=None if draft else _date(decision.date),
            period=_period(decision.period or period.get("name", "")), entries=entries,
            guideline=period.get("guideline", ""), draft=draft)
        return data, decision

    def _draft_number_of(self, kind: str) -> str:
        """The number of a paper not numbered yet: room to write it, in its book's pattern."""
        from app.printing.samples import draft_number

        return draft_number(self.numbering.book(kind).pattern)

    def _office_for(self, decision: DecisionRecord) -> OfficePrint:
        """The office as printed on a decision issued before papers were frozen: its level,
        the layout, issuer and signer it was issued with; a decision issued by another
        office is headed with that office's body, not this one's."""
        from app.domain.units import bare_name, party_committee
        from app.printing.model import PARTY

        office = self._printing().office()
        changes: dict[str, Any] = {"level": decision.level}
        if decision.state != DecisionState.ISSUED:
            return dataclasses.replace(office, **changes)
        changes["system"] = decision.system
        if decision.issuer:
            changes["authority"] = decision.issuer
        signer = decision.signer
        if signer.title:
            changes["signer"] = dataclasses.replace(
                office.signer, on_behalf=signer.on_behalf, title=signer.title,
                name=signer.name)
        if decision.issuer_code != self.file.office_code:
            unit = self.units.get(decision.issuer_code)
            name = unit.name if unit else ""
            changes.update(body=decision.issuer, emblem=None,
                           superior=party_committee(name) if name and decision.system == PARTY
                           else "", place=bare_name(name) if name else "")
        return dataclasses.replace(office, **changes)

    def _frozen(self, decision_id: str) -> tuple[DecisionDoc, list[CertificateDoc]] | None:
        from app.printing import frozen
        from app.repositories import blobs as blobs_repo
        from app.repositories import recognition as repo
        from app.repositories.storage import storage_errors

        with storage_errors():
            stored = repo.frozen_paper(self.file.db, decision_id)
            if stored is None:
                return None
            emblem = blobs_repo.get(self.file.db, stored["emblem_sha256"]) \
                if stored["emblem_sha256"] else None
        if stored["emblem_sha256"] and emblem is None:
            raise DvkError(_("The emblem of this decision's certificates is missing from the "
                             "data file; import the bundle that brought the decision again."))
        return frozen.thaw(stored["paper"], stored["items"], emblem, stored["sha256"])

    def decision_document(self, decision_id: str) -> DecisionDoc:
        """The decision with its annex: as issued (frozen), or a draft marked "DỰ THẢO" (no
        number, no date yet), to read and correct before it is issued."""
        from app.printing import builders

        found = self._frozen(decision_id)
        if found is not None:
            return found[0]
        cut: list[str] = []
        data, decision = self.decision_data(decision_id, cut=cut)
        printing = self._printing()
        office = self._office_for(decision)
        doc = builders.decision(data, office=office,
                                wording=printing.wording("decision", office.system),
                                official=printing.wording("official", office.system),
                                paper=builders.paper_name(printing.wording("certificate")))
        doc.cut = cut
        return doc

    def needs_signer(self, decision_id: str) -> bool:
        """Whether printing this decision's certificates signs their codes here: a decision
        this office issued before papers were frozen (later ones carry their codes), and
        the office has a signing key."""
        from app.certificates.service import NO_KEY
        from app.repositories import recognition as repo

        decision = self.decisions.record(decision_id)
        return decision.issuer_code == self.file.office_code and \
            repo.frozen_paper(self.file.db, decision_id) is None and \
            self._certificate_codes().status() != NO_KEY

    def certificate_documents(self, decision_id: str,
                              signer: CertificateSigner | None = None, *,
                              models: list[str] | None = None,
                              commune: str | None = None) -> list[CertificateDoc]:
        """The certificates of an issued decision, in the decision's order (commune by
        commune, then by name): as issued (with the codes signed then), or, for a decision
        issued before papers were frozen, built now with its code when `signer` (this
        office's key, unlocked once for the batch) is given. `models`: only these (a
        damaged or misprinted certificate printed again, the same as the first time);
        `commune` (a unit code): only the models of that commune (one envelope)."""
        from app.printing import builders
        from app.repositories import recognition as repo
        from app.repositories.storage import storage_errors

        decision = self.decisions.record(decision_id)
        _issued(decision.state)
        if decision.issuer_code == self.file.office_code:
            # This office's certificates, issued in its name (signed codes or not).
            self._certificate_codes().require_signing()
        wanted = set(models) if models is not None else None
        if commune is not None:
            codes = {item.id for item in decision.items if item.commune_code == commune}
            wanted = codes if wanted is None else wanted & codes
        if wanted is not None:
            known = {item.id for item in decision.items}
            if not wanted or not wanted <= known:
                raise DvkError(_("The decision {number} lists no such model; choose models "
                                 "of its list.").format(number=decision.number))
        found = self._frozen(decision_id)
        if found is not None:
            if wanted is None:
                return found[1]
            # The frozen certificates are in the list's order, as the items are.
            with storage_errors():
                ids = [item["registration_id"]
                       for item in repo.decision_items(self.file.db, decision_id)]
            return [certificate for model, certificate in zip(ids, found[1], strict=True)
                    if model in wanted]
        data, decision = self.decision_data(decision_id, signer=signer, only=wanted)
        printing = self._printing()
        office = self._office_for(decision)
        wording = printing.wording("certificate", office.system)
        official = printing.wording("official", office.system)
        return [builders.certificate(entry, data, office=office, wording=wording,
                                     official=official) for entry in data.entries]

    # -- issuing: the paper frozen ---------------------------------------------------------
    def freeze_issued(self, decision: Decision, items: list[dict[str, Any]], *,
                      number: str, date: dt.date, period: str,
                      signer: CertificateSigner | None) -> IssuedPaper:
        """The paper of a decision being issued (inside the issuing transaction, after its
        numbers were taken): built from the office's settings and wording of today, each
        certificate with its code signed by `signer`, frozen, and hashed as rendered."""
        from app.printing import builders, frozen
        from app.repositories import blobs as blobs_repo

        record = Vouching(number=number, date=date.isoformat(), level=decision.level,
                          year=decision.year, issuer_code=decision.issuer_code)
        entries = []
        cut: list[str] = []
        communes = self._commune_names(decision.level, {item["unit_code"] for item in items})
        for item in items:
            entry = {"commune": communes.get(item["unit_code"], item["unit_name"])
                     if decision.level in ABOVE_COMMUNE else "",
                     "id": item["registration_id"], "name": item["model_name"],
                     "registrant": item["registrant"], "unit": item["unit_name"],
                     "unit_code": item["unit_code"], "field": item["field"],
                     "subject": item["subject"], "rating": item["rating"],
                     "total": to_points(item["total_tenths"]), "detail": item["detail"],
                     "certificate_number": item["certificate_number"]}
            payload = self.certificate_payload(entry, record, signer)
            entries.append(self._entry(entry, payload, cut))
        data = DecisionData(number=number, date=date, year=decision.year,
                            period=_period(period), entries=entries,
                            guideline=self._period_of(decision.year).get("guideline", ""))
        printing = self._printing()
        office = dataclasses.replace(printing.office(), level=decision.level)
        official = printing.wording("official")
        certificate_wording = printing.wording("certificate")
        doc = builders.decision(data, office=office, wording=printing.wording("decision"),
                                official=official, paper=builders.paper_name(certificate_wording))
        doc.cut = cut
        certificates = [builders.certificate(entry, data, office=office,
                                             wording=certificate_wording, official=official)
                        for entry in data.entries]
        frame, papers = frozen.freeze(doc, certificates, official)
        thawed, _certificates = frozen.thaw(frame, papers)
        pdf = printing.frozen_renderer(thawed.frozen.official).render(thawed)
        emblem = ""
        if office.emblem:
            emblem = blobs_repo.put(self.file.db, office.emblem)
        return IssuedPaper(frame=frame, items={item["id"]: paper for item, paper
                                               in zip(items, papers, strict=True)},
                           sha256=frozen.sha256(pdf), emblem_sha256=emblem)

    def blanks(self, decision: Decision, signer_ready: bool) -> list[str]:
        """What a decision would be issued with as blanks, for ever: said before issuing."""
        office = self._printing().office()
        found = []
        if not office.signer.name:
            found.append(_("The signer's name is not set: the decision and its certificates "
                           "will keep a dotted line for a handwritten name. Set it in Print "
                           "settings (dvk print set print.signer_name NAME)."))
        if not self._period_of(decision.year).get("guideline"):
            found.append(_("The guideline of the campaign period has no number and date: the "
                           "decision's basis will keep dotted lines. Set it with dvk calendar "
                           "guideline YEAR TEXT."))
        if not signer_ready:
            found.append(_("The certificates will carry no verification code: the office's "
                           "signing key is not created or not unlocked."))
        return found

    # -- proposals and reports ---------------------------------------------------------------
    def proposal_document(self, proposal_id: str) -> ProposalDoc:
        proposal = self.proposals.record(proposal_id)
        official = self._printing().wording("official")
        units = {}
        with_units = self.units.office().level != "xa"
        if with_units:
            units = {row[0]: row[1] for row in self.file.db.execute(
                "SELECT id, COALESCE(subunit_code, unit_code) FROM registrations WHERE id IN"
                " (SELECT value FROM json_each(?))",
                [json.dumps([m.id for m in proposal.models])])}
        cut: list[str] = []
        entries = [self._entry({**dataclasses.asdict(m), "certificate_number": "", "detail": "",
                                "unit_code": units.get(m.id)}, cut=cut)
                   for m in proposal.models]
        data = ProposalData(number=proposal.number or self._draft_number_of("proposal"),
                            date=_date(proposal.sent_on),
                            year=proposal.year, addressee=proposal.addressee,
                            entries=entries,
                            level=official.get("levels", {}).get(proposal.to_level, ""))
        doc = self._printing().proposal_document(data)
        doc.cut = cut
        return doc

    def report_data(self, years: int | list[int], *, number: str = "",
                    addressee: str | None = None, period: bool = False,
                    cut: list[str] | None = None) -> ReportData:
        """The summary report of a year, or the review of several years of a period (sơ
        kết, tổng kết): the figures of the review (app/repositories/figures.py) and the
        registrations per unit (above a commune each commune, its sub-units under it;
        names cut to their field's limit, noted in `cut`)."""
        years = [years] if isinstance(years, int) else list(years)
        year = years[-1]
        review = self.recognition.review(years)
        office = self.units.office()
        scope = lower_first(office.name)
        addressee = self._printing().office().report_to if addressee is None else addressee
        number = number or self._draft_number_of("report")
        recognised: dict[int, dict[str, int]] = {}
        recognised_any: dict[int, int] = {}
        registered: dict[int, int] = {}
        per_year = []
        for entry in review.years:
            for level, counts in entry.recognised.items():
                for field_code, count in counts.items():
                    if count:
                        slot = recognised.setdefault(int(field_code), {})
                        slot[level] = slot.get(level, 0) + count
            for field_code, count in entry.recognised_any.items():
                recognised_any[int(field_code)] = recognised_any.get(int(field_code), 0) + count
            for field_code, count in entry.registered.items():
                registered[int(field_code)] = registered.get(int(field_code), 0) + count
            # Models, not recognitions: levels are never added up.
            per_year.append((entry.year, sum(entry.registered.values()),
                             sum(entry.recognised_any.values())))
        cut = [] if cut is None else cut
        units: list[tuple[str, dict[int, int]]] = []
        parts: list[list[tuple[str, dict[int, int]]]] = []
        for row in self.recognition.registered_per_unit(years):
            counts = {code: row.count(str(code)) for code in range(1, 5)}
            name = bounded_text(row.unit, MAX_LENGTH["units"]["name"], cut, "units.name")
            if row.depth == 0:
                units.append((name, counts))
                parts.append([])
            else:
                parts[-1].append((name, counts))
        about: dict[str, Any] = self._period_of(year) if period or len(years) > 1 else {}
        total = sum(sum(e.registered.values()) for e in review.years)
        replicated = sum(sum(e.replicated.values()) for e in review.years)
        return ReportData(
            number=number, date=clock.today(), year=year, scope=scope, registered=registered,
            recognised=recognised, recognised_any=recognised_any, units=units,
            unit_parts=parts if any(parts) else [], addressee=addressee,
            communes=office.level != "xa",
            period=_period(about.get("name", "")) if about else "",
            years=list(years), final=bool(about) and year >= about.get("end_year", year),
            per_year=[next((row for row in per_year if row[0] == y), (y, 0, 0)) for y in years]
            if about else [],
            assessment=[printed_(ASSESSMENT).format(total=total, replicated=replicated)]
            if review.years else [])

    def report_document(self, year: int, *, period: bool = False, number: str = "",
                        addressee: str | None = None) -> ReportDoc:
        """The report of `year`, or with `period` the review of its campaign period up to
        that year (tổng kết when it is the period's last year, else sơ kết)."""
        years = [y for y in self.recognition.period_years(year) if y <= year] if period \
            else [year]
        cut: list[str] = []
        doc = self._printing().report_document(self.report_data(years, number=number,
                                                       addressee=addressee, period=period,
                                                       cut=cut))
        doc.cut = cut
        return doc
