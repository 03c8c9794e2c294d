"""The recognition papers from the database: the data the print layer's builders wait
for (app/printing/inputs.py), and the documents built from it.

The QR code of a certificate holds the signed summary of the recognition
(app/certificates): only the office that issued the decision can sign it, with its key
unlocked once for the whole batch (a `CertificateSigner`); without a signer the
certificates print without a code.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from app import clock
from app.domain.limits import MAX_LENGTH
from app.domain.recognition import ISSUED
from app.domain.scoring import rating_label
from app.errors import DvkError
from app.i18n import _
from app.printing.bounds import bounded_text
from app.printing.inputs import DecisionData, ProposalData, RecognisedEntry, ReportData
from app.printing.model import CertificateDoc, DecisionDoc, ProposalDoc, ReportDoc

if TYPE_CHECKING:
    from app.certificates.signer import CertificateSigner
    from app.context import AppContext


def certificate_payload(ctx: AppContext, certificate: dict[str, Any],
                        signer: CertificateSigner | None) -> str | None:
    """The text of a certificate's QR code: the signed summary of the recognition
    (`certificate`: the decision's entry with its decision's number, date, level and
    issuer). None without a signer, or for a decision another office issued (only the
    issuer can vouch for it)."""
    decision = certificate["decision"]
    if signer is None or decision["issuer_code"] != signer.unit_code:
        return None
    from app.certificates.model import CertificateSummary
    from app.certificates.summary import payload_for

    summary = CertificateSummary(
        unit_code=certificate["unit_code"], unit_name=certificate["unit"],
        model_id=certificate["id"], model_name=certificate["name"],
        registrant=certificate["registrant"], level=decision["level"], year=decision["year"],
        decision_number=decision["number"], decision_date=_date(decision["date"]),
        certificate_number=certificate["certificate_number"])
    return payload_for(ctx, summary, signer)


def _date(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else clock.today()


def _entry(item: dict[str, Any], payload: str | None = None,
           cut: list[str] | None = None) -> RecognisedEntry:
    """One printed line of a list; texts cut to their fields' limits (bounds.py)."""
    cut = [] if cut is None else cut
    most = MAX_LENGTH["decision_items"]
    return RecognisedEntry(
        name=bounded_text(item["name"], most["model_name"], cut, "model_name"),
        registrant=bounded_text(item["registrant"], most["registrant"], cut, "registrant"),
        field=item["field"],
        subject=item["subject"], score=item["total"],
        rating=rating_label(item["rating"]) if item["rating"] else "",
        certificate_number=item.get("certificate_number", ""),
        detail=bounded_text(item.get("detail", ""), most["detail"], cut, "detail"),
        qr_payload=payload, group=item.get("commune", ""))


def _with_commune(detail: str, registrant: str, commune: str) -> str:
    """Above the commune a certificate names the commune of the unit or person it goes
    to ("Chi hội Phụ nữ thôn Đông" of which commune?), unless the names say it already."""
    from app.domain.text import fold

    if not commune or fold(commune) in fold(f"{registrant} {detail}"):
        return detail
    return f"{detail}, {commune}" if detail else commune


def decision_data(ctx: AppContext, decision_id: str, *,
                  signer: CertificateSigner | None = None,
                  only: set[str] | None = None,
                  cut: list[str] | None = None) -> tuple[DecisionData, dict[str, Any]]:
    decision = ctx.decisions.as_json(decision_id)
    items = {i["registration_id"]: i for i in ctx.decisions.items(decision_id)}
    above = decision["level"] in ABOVE_COMMUNE
    entries = []
    for entry in decision["entries"]:
        if only is not None and entry["id"] not in only:
            continue  # (no code is signed for a certificate not printed)
        detail = items[entry["id"]]["detail"]
        if above:
            detail = _with_commune(detail, entry["registrant"], entry["commune"])
        entry = {**entry, "detail": detail, "commune": entry["commune"] if above else ""}
        payload = certificate_payload(ctx, {**entry, "decision": decision}, signer)
        entries.append(_entry(entry, payload, cut))
    draft = decision["state"] != ISSUED
    data = DecisionData(number=decision["number"] or "",
                        date=None if draft else _date(decision["date"]),
                        year=decision["year"], period=_period(decision["period"]),
                        entries=entries, draft=draft)
    return data, decision


ABOVE_COMMUNE = ("huyen", "tinh")


def _period(name: str) -> str:
    """'Giai đoạn 2021 - 2025' -> '2021 - 2025' (the wording adds its own words)."""
    return name.replace("Giai đoạn", "").strip()


def _office_for(ctx: AppContext, decision: dict[str, Any]):
    """The office as printed on this decision: its level, the layout, issuer and signer
    it was issued with; a decision issued by another office (it came up or down in a
    bundle) is headed with that office's body, not this one's."""
    from app.domain.units import bare_name, party_committee
    from app.printing.model import PARTY

    office = ctx.printing.office()
    changes: dict[str, Any] = {"level": decision["level"]}
    if decision["state"] != ISSUED:
        return dataclasses.replace(office, **changes)
    changes["system"] = decision["system"]
    if decision["issuer"]:
        changes["authority"] = decision["issuer"]
    signer = decision["signer"]
    if signer["title"]:
        changes["signer"] = dataclasses.replace(
            office.signer, on_behalf=signer["on_behalf"], title=signer["title"],
            name=signer["name"])
    if decision["issuer_code"] != ctx.office_code:
        unit = ctx.units.get(decision["issuer_code"])
        name = unit.name if unit else ""
        changes.update(body=decision["issuer"], emblem=None,
                       superior=party_committee(name) if name and decision["system"] == PARTY
                       else "", place=bare_name(name) if name else "")
    return dataclasses.replace(office, **changes)


def _issued(decision: dict[str, Any]) -> None:
    if decision["state"] != ISSUED:
        raise DvkError(_("This decision is still a draft; issue it first (it then gets its "
                         "number and certificate numbers)."))


def decision_document(ctx: AppContext, decision_id: str) -> DecisionDoc:
    """The decision with its annex: as issued, or a draft marked "DỰ THẢO" (no number,
    no date yet), to read and correct before it is issued."""
    from app.printing import builders

    cut: list[str] = []
    data, decision = decision_data(ctx, decision_id, cut=cut)
    printing = ctx.printing
    doc = builders.decision(data, office=_office_for(ctx, decision),
                            wording=printing.wording("decision"),
                            official=printing.wording("official"))
    doc.cut = cut
    return doc


def needs_signer(ctx: AppContext, decision_id: str) -> bool:
    """Whether printing this decision's certificates signs their codes here (this
    office issued it and has a signing key)."""
    from app.certificates.service import NO_KEY

    decision = ctx.decisions.as_json(decision_id)
    return decision["issuer_code"] == ctx.office_code and \
        ctx.certificate_codes.status() != NO_KEY


def certificate_documents(ctx: AppContext, decision_id: str,
                          signer: CertificateSigner | None = None, *,
                          models: list[str] | None = None,
                          commune: str | None = None) -> list[CertificateDoc]:
    """The certificates of an issued decision, in the decision's order (commune by
    commune, then by name), each with its signed code when `signer` (this office's key,
    unlocked once for the batch) is given. `models`: only these (a damaged or misprinted
    certificate printed again, the same as the first time); `commune` (a unit code): only
    the models of that commune (one envelope)."""
    from app.printing import builders

    decision = ctx.decisions.as_json(decision_id)
    _issued(decision)
    if decision["issuer_code"] == ctx.office_code:
        # This office's certificates, issued in its name (signed codes or not).
        ctx.certificate_codes.require_signing()
    wanted = set(models) if models is not None else None
    if commune is not None:
        codes = {e["id"] for e in decision["entries"] if e["commune_code"] == commune}
        wanted = codes if wanted is None else wanted & codes
    if wanted is not None:
        known = {e["id"] for e in decision["entries"]}
        if not wanted or not wanted <= known:
            raise DvkError(_("The decision {number} lists no such model; choose models of "
                             "its list.").format(number=decision["number"]))
    data, decision = decision_data(ctx, decision_id, signer=signer, only=wanted)
    printing = ctx.printing
    office = _office_for(ctx, decision)
    wording, official = printing.wording("certificate"), printing.wording("official")
    return [builders.certificate(entry, data, office=office, wording=wording,
                                 official=official) for entry in data.entries]


def proposal_document(ctx: AppContext, proposal_id: str) -> ProposalDoc:
    proposal = ctx.proposals.as_json(proposal_id)
    official = ctx.printing.wording("official")
    cut: list[str] = []
    entries = [_entry({**m, "certificate_number": "", "detail": ""}, cut=cut)
               for m in proposal["models"]]
    data = ProposalData(number=proposal["number"], date=_date(proposal["sent_on"]),
                        year=proposal["year"], addressee=proposal["addressee"],
                        entries=entries,
                        level=official.get("levels", {}).get(proposal["to_level"], ""))
    doc = ctx.printing.proposal_document(data)
    doc.cut = cut
    return doc


def report_data(ctx: AppContext, year: int, cut: list[str] | None = None) -> ReportData:
    """The summary report's figures: the period review of the year (every figure as
    app/repositories/figures.py defines it) and the registrations per unit (names cut
    to their field's limit, noted in `cut`)."""
    review = ctx.recognition.review([year])
    entry = review["years"][0] if review["years"] else None
    office = ctx.units.office()
    scope = office.name[:1].lower() + office.name[1:]
    if entry is None:
        return ReportData(number="", date=clock.today(), year=year, scope=scope,
                          registered={}, recognised={}, units=[])
    recognised: dict[int, dict[str, int]] = {}
    for level, counts in entry["recognised"].items():
        for field_code, count in counts.items():
            if count:
                recognised.setdefault(int(field_code), {})[level] = count
    cut = [] if cut is None else cut
    units: list[tuple[str, dict[int, int]]] = []
    parts: list[list[tuple[str, dict[int, int]]]] = []
    for row in ctx.recognition.registered_per_unit(year):
        counts = {code: row.get(str(code), 0) for code in range(1, 5)}
        name = bounded_text(row["unit"], MAX_LENGTH["units"]["name"], cut, "units.name")
        if row["depth"] == 0:
            units.append((name, counts))
            parts.append([])
        else:
            parts[-1].append((name, counts))
    total = sum(entry["registered"].values())
    replicated = sum(entry["replicated"].values())
    return ReportData(
        number="", date=clock.today(), year=year, scope=scope,
        registered={int(k): v for k, v in entry["registered"].items()},
        recognised=recognised,
        recognised_any={int(k): v for k, v in entry["recognised_any"].items()},
        units=units, unit_parts=parts if any(parts) else [],
        assessment=[_("{total} models and exemplars registered, {replicated} of them "
                      "replicating a model recognised before.").format(
            total=total, replicated=replicated)])


def report_document(ctx: AppContext, year: int) -> ReportDoc:
    cut: list[str] = []
    doc = ctx.printing.report_document(report_data(ctx, year, cut))
    doc.cut = cut
    return doc
