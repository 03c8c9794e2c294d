"""Builders: data + office settings + wording templates -> document models.

Pure functions (no database): the print service gathers the data, the tests and the
samples hand it in directly.
"""

from __future__ import annotations

import datetime as dt

from app.domain.dates import from_iso
from app.domain.registration import Mode, Subject
from app.domain.registration_record import Registration
from app.i18n import format_long_date
from app.i18n import format_printed_number as format_number
from app.printing.inputs import (
    DecisionData,
    OfficePrint,
    ProposalData,
    RecognisedEntry,
    ReportData,
    field_names,
)
from app.printing.model import (
    INDIVIDUAL,
    STATE,
    BarChart,
    CertificateDoc,
    DecisionDoc,
    Heading,
    LabelledText,
    ProposalDoc,
    RegistrationFormDoc,
    ReportDoc,
    Rubric,
    ScoreLine,
    ScoreSheetDoc,
    Section,
    Signer,
    TableBlock,
    with_group_heads,
)
from app.printing.presets import lower_first
from app.printing.templates import fill, fill_all
from app.printing.typography import on_behalf

LEVEL_ORDER = ("coso", "xa", "huyen", "tinh")


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _date_dash(value: dt.date | None) -> str:
    """'18-09-2025': dates cited in Party papers."""
    return value.strftime("%d-%m-%Y") if value else "..../..../......"


def _date_long(value: dt.date | None) -> str:
    """'ngày 18 tháng 9 năm 2025': dates cited in State papers (Decree 30/2020)."""
    if value is None:
        return "ngày ...... tháng ...... năm ......"
    text = format_long_date(value)
    return text[:1].lower() + text[1:]


def paper_name(certificate_wording: dict) -> str:
    """The name of the certificate as a sentence says it ("Giấy công nhận"), from the
    title printed on it ("GIẤY CÔNG NHẬN"): the decision and the certificate name the
    same paper."""
    title = " ".join(certificate_wording.get("title", "").split())
    return title[:1].upper() + title[1:].lower() if title else ""


def _ended(lines: list[str], system: str) -> list[str]:
    """The căn cứ of a decision, punctuated: each ends with ";" and the last with "."
    (State, Decree 30/2020) or "," (Party)."""
    result = []
    for index, line in enumerate(lines):
        line = line.rstrip().rstrip(";,.")
        last = index == len(lines) - 1
        result.append(line + (";" if not last else "." if system == STATE else ","))
    return result


def _amount(value: float | None) -> str:
    return "" if value is None else format_number(value, 2)


def _heading(office: OfficePrint, *, number: str = "", date: dt.date | None = None,
             draft: bool = False) -> Heading:
    return Heading(system=office.system, superior=office.superior, body=office.body,
                   number=number, place=office.place, date=date, draft=draft)


def level_name(official: dict, level: str) -> str:
    return official.get("levels", {}).get(level, level)


# -- registration form -----------------------------------------------------------------

def registration_form(record: Registration, *, wording: dict, office_name: str,
                      subunit_name: str, source_name: str, place: str,
                      superior: str) -> RegistrationFormDoc:
    """The paper form of one registration (`record` as RegistrationService.get gives it,
    its texts cut to their fields' limits)."""
    w = wording
    kind = record.kind
    person = record.person if record.subject == INDIVIDUAL else None
    heading = Heading(system=w.get("system", STATE), superior=superior,
                      body=subunit_name.upper() if not person else "",
                      place=place, date=from_iso(record.registered_on))
    identity: list[LabelledText] = []
    if person:
        gender = w.get(f"gender_{person.gender}", "") if person.gender else ""
        identity += [
            LabelledText(w["person_name"], person.full_name),
            LabelledText(w["birth_year"], str(person.birth_year or "")),
            LabelledText(w["gender"], gender),
            LabelledText(w["position"], person.position or ""),
            LabelledText(w["address"], person.address or subunit_name),
        ]
    else:
        # "Chi hội Phụ nữ thôn Trung, xã Yên Mô": the commune inside the name, lower case.
        commune = lower_first(office_name) if subunit_name else office_name
        identity.append(LabelledText(w["unit"], f"{subunit_name}, {commune}".strip(", ")))
    identity += [
        LabelledText(w["phone"], record.contact_phone or ""),
        LabelledText(w[f"name_{kind}"] if f"name_{kind}" in w else w["name_mo_hinh"],
                     record.name),
        LabelledText(w["field"], field_names().get(record.field, "")),
        LabelledText(w["mode"], w["mode_moi"] if record.mode == Mode.NEW
                     else fill(w["mode_nhan_rong"], source=source_name)),
    ]
    targets = TableBlock(
        columns=w["target_columns"], title=w["targets_title"],
        rows=[[str(i), t.indicator, _amount(t.target), t.unit_of_measure]
              for i, t in enumerate(record.targets, start=1)] or [["", "", "", ""]] * 3,
        widths=[0.8, 7, 2.2, 2], align=["center", "left", "right", "center"])
    milestones = TableBlock(
        columns=w["milestone_columns"], title=w["milestones_title"],
        rows=[[str(i), _date(from_iso(m.due_on)), m.description]
              for i, m in enumerate(record.milestones, start=1)] or [["", "", ""]] * 3,
        widths=[0.8, 2.2, 9], align=["center", "center", "left"])
    start, end = from_iso(record.start_date), from_iso(record.end_date)
    timeline = fill(w["timeline_text"], start=_date(start) or "....../....../......",
                    end=_date(end) or "....../....../......") if (start or end) else ""

    def item(key: str) -> LabelledText:
        return LabelledText(w[key], getattr(record, key) or "")

    sections = [
        (w["section_situation"], [item("situation")], []),
        (w["section_goals"], [item("goals")], [targets]),
        (w["section_content"], [item("content_methods"), item("area"), item("target_group")],
         []),
        (w["section_forces"], [item("force_lead"), item("force_coordinating"),
                               item("force_participating"), item("resources")], []),
        (w["section_timeline"], [LabelledText(w["timeline"], timeline)], [milestones]),
        (w["section_results"], [item("outputs"), item("sustainability")], []),
    ]
    title = w.get(f"title_{kind}", w["title_mo_hinh"])
    registrant = Signer(on_behalf=w["registrant_individual"] if person
                        else w["registrant_collective"],
                        name=person.full_name if person else "")
    return RegistrationFormDoc(
        heading=heading, title=title, subtitle=fill(w["subtitle"], year=record.year),
        addressee=fill(w["addressee"], receiving_body=record.receiving_body)
        if record.receiving_body else "",
        sections=[(w["section_identity"], identity, []), *sections], registrant_signer=registrant,
        confirming_signer=Signer(on_behalf=w["confirm_on_behalf"], title=w["confirm_title"]),
        consent=fill(w["consent"], office=office_name) if person and w.get("consent") else "")


# -- score sheet -----------------------------------------------------------------------

DRAFTING_NOTE = "Mẫu gợi ý - chỉnh theo hướng dẫn của địa phương"


def is_drafting_note(note: str) -> bool:
    from app.domain.text import fold

    return fold(note).startswith(fold(DRAFTING_NOTE)[:12])


def _score(value: float | None) -> str:
    return "" if value is None else format_number(value)


def scoresheet(rubric: Rubric, *, wording: dict, office: OfficePrint,
               model_name: str = "", registrant: str = "", field: int | None = None,
               year: int | None = None, lines: list[ScoreLine] | None = None,
               conditions_met: list[bool | None] | None = None, rating: str = "",
               remarks: str = "", date: dt.date | None = None,
               members: list[tuple[str, str]] | None = None,
               member_scores: list[list[float | None]] | None = None,
               state: str = "", council_total: float | None = None) -> ScoreSheetDoc:
    """A score sheet: blank for paper use (no lines), or as scored: the rubric edition
    it was scored on, the self and council scores, each council member's scores
    (`members`: name and role; `member_scores`: per criterion, one score per member),
    the rating and the sheet's state. The rubric's rule for the council's total is
    printed under the table; a sheet whose rubric takes the mean of the members'
    totals gives that `council_total` (it is no sum of the column above it)."""
    w = wording
    lines = list(lines or [])
    met = list(conditions_met or [])
    ticks = {True: ["X", ""], False: ["", "X"], None: ["", ""]}

    def total(values: list[float | None]) -> str:
        present = [v for v in values if v is not None]
        return _score(round(sum(present), 1)) if present else ""

    rows = []
    for index, criterion in enumerate(rubric.criteria):
        line = lines[index] if index < len(lines) else ScoreLine()
        rows.append([criterion.code, criterion.text, format_number(criterion.max_points),
                     _score(line.self_score), _score(line.council_score), line.remark])
    ratings = "; ".join(fill(w["rating_item"], name=r.name, min=format_number(r.min_points))
                        for r in sorted(rubric.ratings, key=lambda r: -r.min_points)
                        if r.min_points > 0)
    subtitle = w.get(f"subtitle_{rubric.subject}", w["subtitle_tap_the"])
    identity = [LabelledText(w["model_name"], model_name),
                LabelledText(w["registrant"], registrant),
                LabelledText(w["field"], field_names().get(field, "") if field else ""),
                LabelledText(w["rubric"], fill(w["rubric_line"], name=rubric.name,
                                               edition=rubric.version))]
    if state:
        identity.append(LabelledText(w["state_label"], state))
    extra: list[TableBlock] = []
    members = list(members or [])
    if members:
        scores = list(member_scores or [])
        identity.append(LabelledText(
            w["members_label"],
            "; ".join(f"{i}. {name}" + (f" ({role})" if role else "")
                      for i, (name, role) in enumerate(members, start=1))))
        extra.append(TableBlock(
            title=w["members_title"],
            columns=[w["criteria_columns"][0], w["criteria_columns"][2],
                     *[fill(w["member_column"], position=i)
                       for i in range(1, len(members) + 1)], w["criteria_columns"][4]],
            rows=[[criterion.code, format_number(criterion.max_points),
                   *[_score(v) for v in (scores[index] if index < len(scores) else [])],
                   _score(lines[index].council_score if index < len(lines) else None)]
                  for index, criterion in enumerate(rubric.criteria)],
            widths=[0.9, 1.5, *[1.5] * len(members), 1.8],
            align=["center"] * (len(members) + 3)))
    signers = [Signer(on_behalf(w["self_on_behalf"], office.system), w["self_title"]),
               Signer(on_behalf(w["council_on_behalf"], office.system), w["council_title"])]
    return ScoreSheetDoc(
        heading=_heading(office, date=date), title=w["title"],
        subtitle=fill(subtitle, year=year or w["year_blank"]), rubric=rubric,
        identity=identity,
        conditions_title=w["conditions_title"],
        conditions=TableBlock(
            columns=w["condition_columns"],
            rows=[[c.code, c.text, *ticks[met[i] if i < len(met) else None]]
                  for i, c in enumerate(rubric.conditions)],
            widths=[1.2, 9, 1.3, 1.6], align=["center", "left", "center", "center"]),
        criteria_title=w["criteria_title"],
        criteria=TableBlock(
            columns=w["criteria_columns"], rows=rows,
            total=["", w["total"], format_number(rubric.total_points),
                   total([line.self_score for line in lines]),
                   _score(council_total) if council_total is not None
                   else total([line.council_score for line in lines]), ""],
            widths=[0.9, 7.2, 1.5, 1.5, 1.7, 2.0],
            align=["center", "left", "center", "center", "center", "left"]),
        rating=LabelledText(w["rating"], rating),
        # The rating scale, how the council's total is made, and the rubric's own note
        # unless it is the drafting note of the suggested rubrics ("Mẫu gợi ý..."),
        # which is not for the paper.
        notes=[fill(w["ratings_note"], ratings=ratings),
               w.get(f"council_total_{rubric.council_total}",
                     w["council_total_sum_of_means"]),
               *([rubric.note] if rubric.note and not is_drafting_note(rubric.note) else [])],
        remarks=LabelledText(w["remarks"], remarks),
        signers=signers, lines=lines, extra_tables=extra,
    )


# -- recognition papers ----------------------------------------------------------------

def _entry_rows(entries: list[RecognisedEntry], last: str) -> list[list[str]]:
    names = field_names()
    rows = []
    for index, entry in enumerate(entries, start=1):
        tail = entry.certificate_number if last == "certificate" else entry.rating
        rows.append([str(index), entry.name, entry.registrant, names.get(entry.field, ""),
                     "" if entry.score is None else format_number(entry.score), tail])
    return rows


_ENTRY_WIDTHS = [1.0, 5.1, 3.5, 2.4, 1.2, 1.8]
_ENTRY_ALIGN = ["center", "left", "left", "left", "center", "center"]


def decision(data: DecisionData, *, office: OfficePrint, wording: dict,
             official: dict, paper: str = "Giấy công nhận") -> DecisionDoc:
    w = wording
    level = level_name(official, office.level)
    values = dict(level=level, level_upper=level.upper(), year=data.year,
                  authority=office.authority, authority_name=office.authority,
                  period=data.period, count=len(data.entries), number=data.number,
                  date=_date(data.date), date_long=_date_long(data.date),
                  date_dash=_date_dash(data.date), executor=office.executor,
                  archive=office.archive, paper=paper)
    values["guideline"] = data.guideline or fill(w["guideline_blank"], **values)
    rows, groups = _grouped(data.entries, _entry_rows(data.entries, "certificate"))
    return DecisionDoc(
        heading=_heading(office, number=data.number, date=data.date, draft=data.draft),
        title=w["title"], subject=fill(w["subject"], **values),
        authority=fill(w["authority"], **values).upper(),
        bases=_ended(fill_all(w["bases"], **values), office.system),
        decides=w["decides"], articles=fill_all(w["articles"], **values),
        recipients=fill_all(w["recipients"], **values), signer=office.signer,
        annex_label=fill(w["annex_label"], **values),
        annex_title=fill(w["annex_title"], **values),
        annex_subtitle=fill(w["annex_subtitle"], **values),
        annex=TableBlock(columns=fill_all(w["annex_columns"], **values), rows=rows,
                         widths=_ENTRY_WIDTHS, align=_ENTRY_ALIGN, group_rows=groups))


def _grouped(entries: list[RecognisedEntry], rows: list[list[str]]
             ) -> tuple[list[list[str]], list[int]]:
    """Above the commune an annex lists many communes' models: a heading row names each
    commune before its models (when the list is in commune order, as DVK makes it)."""
    groups = [entry.group for entry in entries]
    runs = [g for i, g in enumerate(groups) if i == 0 or g != groups[i - 1]]
    if len(set(groups)) < 2 or "" in groups or len(runs) != len(set(groups)):
        return rows, []
    return with_group_heads(groups, rows)


def proposal(data: ProposalData, *, office: OfficePrint, wording: dict,
             official: dict) -> ProposalDoc:
    w = wording
    level = data.level or level_name(official, _level_above(office.level))
    values = dict(level=level, year=data.year, addressee=data.addressee,
                  body_name=office.authority, count=len(data.entries), archive=office.archive)
    return ProposalDoc(
        heading=_heading(office, number=data.number, date=data.date), title=w["title"],
        subject=fill(w["subject"], **values), addressee=fill(w["addressee"], **values),
        paragraphs=fill_all(w["paragraphs"], **values),
        listing=TableBlock(columns=w["listing_columns"], rows=_entry_rows(data.entries, "rating"),
                           widths=_ENTRY_WIDTHS, align=_ENTRY_ALIGN),
        listing_title=w["listing_title"], closing=fill(w["closing"], **values),
        recipients=fill_all(w["recipients"], **values), signer=office.signer)


def certificate(entry: RecognisedEntry, data: DecisionData, *, office: OfficePrint,
                wording: dict, official: dict) -> CertificateDoc:
    w = wording
    level = level_name(official, office.level)
    values = dict(authority=office.authority, level=level, year=data.year, model=entry.name,
                  detail=entry.detail, decision_number=data.number,
                  decision_date=_date(data.date), decision_date_long=_date_long(data.date),
                  decision_date_dash=_date_dash(data.date),
                  certificate_number=entry.certificate_number, paper=paper_name(w))
    variant = entry.subject if entry.subject in (Subject.COLLECTIVE, Subject.INDIVIDUAL) else Subject.COLLECTIVE
    return CertificateDoc(
        variant=variant, heading=_heading(office, date=data.date), title=w["title"],
        authority=fill(w["authority"], **values).upper(), authority_verb=w["authority_verb"],
        recipient=entry.registrant,
        recipient_detail=fill(w["detail_ca_nhan"], **values) if entry.detail else "",
        achievement=[fill(w[f"achievement_{variant}"], **values)],
        model_name=fill(w[f"model_{variant}"], **values),
        reference=fill(w["reference"], **values),
        number_line=fill(w["number"], **values) if entry.certificate_number else "",
        signer=office.signer, emblem=office.emblem, qr_payload=entry.qr_payload,
        qr_caption=fill(w["qr_caption"], **values) if entry.qr_payload else "")


def report(data: ReportData, *, office: OfficePrint, wording: dict,
           official: dict) -> ReportDoc:
    w = wording
    names = field_names()
    levels = [lv for lv in LEVEL_ORDER if any(data.recognised.get(f, {}).get(lv)
                                             for f in names)] or [office.level]
    # Models, not recognitions: a model recognised at two levels is one model.
    recognised_any = data.recognised_any or {f: sum(data.recognised.get(f, {}).values())
                                             for f in names}
    recognised_total = sum(recognised_any.values())
    registered_total = sum(data.registered.values())
    field_rows = [[names[f], str(data.registered.get(f, 0)),
                   *[str(data.recognised.get(f, {}).get(lv, 0)) for lv in levels]]
                  for f in sorted(names)]
    field_total = [w["total"], str(registered_total),
                   *[str(sum(data.recognised.get(f, {}).get(lv, 0) for f in names))
                     for lv in levels]]
    field_table = TableBlock(
        columns=[w["field_column"], w["registered_column"],
                 *[fill(w["recognised_column"], level=level_name(official, lv))
                   for lv in levels]],
        rows=field_rows, total=field_total, widths=[4] + [1.6] * (1 + len(levels)),
        align=["left"] + ["center"] * (1 + len(levels)))

    def unit_row(number: str, name: str, counts: dict[int, int]) -> list[str]:
        return [number, name, *[str(counts.get(f, 0)) for f in sorted(names)],
                str(sum(counts.values()))]

    # Above a commune each commune comes first, its sub-units under it; only the
    # numbered rows add up to the total.
    unit_rows = []
    for i, (unit, counts) in enumerate(data.units, start=1):
        unit_rows.append(unit_row(str(i), unit, counts))
        parts = data.unit_parts[i - 1] if i - 1 < len(data.unit_parts) else []
        unit_rows.extend(unit_row("", f"- {name}", part) for name, part in parts)
    unit_total = ["", w["total"],
                  *[str(sum(c.get(f, 0) for _u, c in data.units)) for f in sorted(names)],
                  str(sum(sum(c.values()) for _u, c in data.units))]
    unit_table = TableBlock(
        columns=[w["unit_number_column"], w["commune_column" if data.communes else "unit_column"],
                 *[names[f] for f in sorted(names)], w["unit_total_column"]],
        rows=unit_rows, total=unit_total, widths=[0.7, 4, 1.5, 1.7, 1.7, 1.7, 1.1],
        align=["center", "left"] + ["center"] * 5)
    chart = BarChart(
        title=w["chart_title"], categories=[names[f] for f in sorted(names)],
        series=[(w["chart_registered"], [data.registered.get(f, 0) for f in sorted(names)]),
                (w["chart_recognised"], [recognised_any.get(f, 0) for f in sorted(names)])])
    years = data.years or [data.year]
    values = dict(year=data.year, scope=data.scope, registered=registered_total,
                  recognised=recognised_total, archive=office.archive,
                  addressee=data.addressee, period=data.period, first=years[0],
                  last=years[-1], review=w["review_final" if data.final else "review_mid"])
    tables = [field_table]
    if data.period:  # a period's review: a line per year too
        tables.append(TableBlock(
            title=w["section_years"],
            columns=[w["year_column"], w["registered_column"], w["chart_recognised"]],
            rows=[[str(y), str(r), str(c)] for y, r, c in data.per_year],
            total=[w["total"], str(sum(r for _y, r, _c in data.per_year)),
                   str(sum(c for _y, _r, c in data.per_year))],
            widths=[2, 2, 2], align=["center", "center", "center"]))
    return ReportDoc(
        heading=_heading(office, number=data.number, date=data.date), title=w["title"],
        subject=fill(w["subject_period" if data.period else "subject"], **values),
        addressee=fill(w["addressee"], **values) if data.addressee else "",
        sections=[
            # The first year of a period reads "Năm 2026, ...", not "Từ năm 2026 đến
            # năm 2026".
            Section(w["section_overview"], [fill(
                w["overview_period" if data.period and years[0] != years[-1] else "overview"],
                **values)]),
            Section(w["section_fields"], tables=tables, charts=[chart]),
            Section(w["section_units"], tables=[unit_table]),
            Section(w["section_assessment"], list(data.assessment)),
        ],
        recipients=fill_all(w["recipients"], **values), signer=office.signer)


def _level_above(level: str) -> str:
    return {"coso": "xa", "xa": "tinh", "huyen": "tinh"}.get(level, level)

