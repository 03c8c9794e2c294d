"""`dvk scores ...`: score sheets (bản tự đánh giá, chấm điểm), every job of the
scoring window from the command line.

    dvk scores list [--year Y] [--level L] [--state S] [--field F] [--all] [--json]
    dvk scores show SHEET [--json]
    dvk scores new MODEL [--level L]
    dvk scores set SHEET 1=15 2=14,5 ĐK1=đạt [--member NAME [--role ROLE]]
    dvk scores note SHEET [ITEM] [--remarks TEXT] [--evidence TEXT]
    dvk scores members SHEET [--add NAME [--role ROLE]] [--remove NAME]
    dvk scores submit|approve|lock SHEET
    dvk scores return SHEET --reason TEXT
    dvk scores correct SHEET --reason TEXT
    dvk scores rekey SHEET          (second keying of the paper sheet: double entry)
    dvk scores compare SHEET        (differences between the two keyings; exit 1 if any)
    dvk scores council --year Y [--level L] [--field F] [--json]
"""

from __future__ import annotations

from app.cli.common import open_context, resolve_registration
from app.cli.helptexts import FIELD_FILTER, JSON, LEVEL_FILTER, MODEL, SHEET, YEAR_FILTER
from app.cli.output import print_json, print_table, say
from app.domain.fields import field_name
from app.domain.rubrics import subject_label
from app.domain.scoring import (
    STATES,
    ScoreError,
    format_score,
    parse_score,
    rating_label,
    state_label,
)
from app.domain.sheets import EVIDENCE, REMARKS, SELF, VERDICT, SheetFilter, member_column
from app.domain.units import LEVELS, level_label
from app.errors import DvkError
from app.i18n import N_, _
from app.services.scoring import CellChange

MEMBER_ROLE = N_("the role of a council member who is new on the sheet, e.g. Chairman")


def register(sub) -> None:
    scores = sub.add_parser("scores", help=_("score sheets: self-assessment and council scores"))
    actions = scores.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    listing = actions.add_parser("list", help=_("list score sheets with totals and ratings"))
    _filters(listing)
    listing.add_argument("--state", choices=sorted(STATES), help=_(
        "only this state: nhap (draft), da_nop (submitted), tra_lai (returned), "
        "da_duyet (approved), khoa (locked)"))
    listing.add_argument("--all", action="store_true",
                         help=_("also old editions replaced by a correction"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help=_("show one score sheet"))
    show.add_argument("sheet", metavar=_("SHEET"), help=_(SHEET))
    show.add_argument("--json", action="store_true", help=_(JSON))
    show.set_defaults(handler=run_show)

    new = actions.add_parser("new", help=_("make a score sheet for a model"))
    new.add_argument("model", metavar=_("MODEL"), help=_(MODEL))
    new.add_argument("--level", choices=LEVELS, help=_(
        "the level it is scored at: tinh, huyen, xa or coso (default: coso at a commune "
        "office, otherwise this office's level)"))
    new.set_defaults(handler=run_new)

    put = actions.add_parser("set", help=_("type scores: CRITERION=SCORE (8,5 or 8.5)"))
    put.add_argument("sheet", metavar=_("SHEET"), help=_(SHEET))
    put.add_argument("values", nargs="+", metavar=_("ITEM=VALUE"), help=_(
        "criterion code and score, e.g. 1=15 2=14,5; a prerequisite takes đạt or "
        "không đạt, e.g. ĐK1=đạt"))
    put.add_argument("--member", metavar=_("NAME"),
                     help=_("a council member's scores (added to the sheet if new); "
                            "without it: the self scores"))
    put.add_argument("--role", default="", metavar=_("ROLE"), help=_(MEMBER_ROLE))
    put.set_defaults(handler=run_set)

    note = actions.add_parser("note", help=_("remarks and evidence of a criterion, or of the "
                                              "whole sheet"))
    note.add_argument("sheet", metavar=_("SHEET"), help=_(SHEET))
    note.add_argument("item", nargs="?", metavar=_("ITEM"), help=_(
        "the criterion code, e.g. 3 (without it: the remarks of the whole sheet)"))
    note.add_argument("--remarks", metavar=_("TEXT"),
                      help=_("the remarks on the criterion or on the whole sheet"))
    note.add_argument("--evidence", metavar=_("TEXT"),
                      help=_("the evidence for the criterion"))
    note.set_defaults(handler=run_note)

    members = actions.add_parser("members", help=_("the council members of a sheet"))
    members.add_argument("sheet", metavar=_("SHEET"), help=_(SHEET))
    members.add_argument("--add", metavar=_("NAME"), help=_("add this council member"))
    members.add_argument("--role", default="", metavar=_("ROLE"), help=_(MEMBER_ROLE))
    members.add_argument("--remove", metavar=_("NAME"),
                         help=_("remove this council member"))
    members.set_defaults(handler=run_members)

    for name, text in (("submit", _("submit the self-assessment to the council")),
                       ("approve", _("approve the council's scores")),
                       ("lock", _("lock an approved sheet for good")),
                       ("rekey", _("start the second keying of a paper sheet (double entry)")),
                       ("compare", _("show where the two keyings differ"))):
        action = actions.add_parser(name, help=text)
        action.add_argument("sheet", metavar=_("SHEET"), help=_(SHEET))
        action.set_defaults(handler=run_step, step=name)
    for name, text, why in (
            ("return", _("return the sheet with a reason"),
             _("why the sheet is returned")),
            ("correct", _("make a corrected edition of a locked sheet"),
             _("why the sheet is corrected"))):
        action = actions.add_parser(name, help=text)
        action.add_argument("sheet", metavar=_("SHEET"), help=_(SHEET))
        action.add_argument("--reason", required=True, metavar=_("TEXT"), help=why)
        action.set_defaults(handler=run_step, step=name)

    council = actions.add_parser("council", help=_("all models of a year side by side, ranked"))
    _filters(council)
    council.add_argument("--json", action="store_true", help=_(JSON))
    council.set_defaults(handler=run_council)


def _filters(parser) -> None:
    parser.add_argument("--year", type=int, metavar=_("YEAR"), help=_(YEAR_FILTER))
    parser.add_argument("--level", choices=LEVELS, help=_(LEVEL_FILTER))
    parser.add_argument("--field", type=int, choices=[1, 2, 3, 4], help=_(FIELD_FILTER))


def _points(value: float | None) -> str:
    return "" if value is None else format_score(round(value * 10))


def run_list(args) -> int:
    where = SheetFilter(year=args.year, level=args.level, state=args.state, field=args.field,
                        include_old=args.all)
    with open_context(args) as ctx:
        items = ctx.scoring.list_json(where)
    if args.json:
        print_json(items)
        return 0
    print_table(
        [_("Year"), _("Level"), _("Model"), _("State"), _("Self"), _("Council"), _("Total"),
         _("Rating"), "ID"],
        [(i["year"], level_label(i["level"]), i["model_name"],
          i["state_label"] + (f" ({_('edition')} {i['edition']})" if i["edition"] > 1 else ""),
          _points(i["total_self"]), _points(i["total_council"]), _points(i["total"]),
          i["rating_label"], i["id"][:8]) for i in items])
    say(_("{count} score sheets.").format(count=len(items)))
    return 0


def run_show(args) -> int:
    with open_context(args) as ctx:
        data = ctx.scoring.sheet_json(ctx.scoring.resolve(args.sheet))
    if args.json:
        print_json(data)
        return 0
    say(f"{data['model_name']} - {data['registrant']}")
    say(_("Year {year}, level: {level}, field: {field}").format(
        year=data["year"], level=level_label(data["level"]), field=field_name(data["field"])))
    say(_("State: {state}").format(state=data["state_label"]) + (
        f" - {data['return_reason']}" if data["state"] == "tra_lai" else ""))
    say(_("Rubric: {name} (edition {edition})").format(
        name=data["rubric"]["name"], edition=data["rubric"]["edition"]))
    if data["edition"] > 1:
        say(_("Edition {edition}: {reason}").format(edition=data["edition"],
                                                    reason=data["correction_reason"]))
    source = data.get("self_from")
    if source:
        say(_("Self scores carried from the approved sheet of {office} (level {level}).")
            .format(office=source["office_name"] or source["office"],
                    level=level_label(source["level"]) if source["level"] else "?"))
    for item in data["prerequisites"]:
        verdict = {True: _("passed"), False: _("not passed"), None: "-"}[item["passed"]]
        say(f"  {item['code']}. {item['text']}: {verdict}")
    members = [m["name"] for m in data["members"]]
    print_table([_("Criterion"), _("Max"), _("Self"), *members, _("Council")],
                [(f"{c['code']}. {c['text']}", _points(c["max"]), _points(c["self"]),
                  *[_points(v) for v in c["members"]], _points(c["council"]))
                 for c in data["criteria"]], max_width=50)
    say(_("Total: {total} (self {self}, council {council}). Rating: {rating}").format(
        total=_points(data["total"]) or "-", self=_points(data["total_self"]) or "-",
        council=_points(data["total_council"]) or "-", rating=data["rating_label"] or "-"))
    say(_("The council's total: {rule}.").format(rule=data["council_total_rule"]))
    return 0


def run_new(args) -> int:
    with open_context(args) as ctx:
        sheet_id = ctx.scoring.create(resolve_registration(ctx, args.model), args.level)
    say(sheet_id)
    return 0


def _pairs(values: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for value in values:
        item, sep, text = value.partition("=")
        if not sep or not item.strip():
            raise DvkError(_("Write each score as CRITERION=SCORE, for example 3=8,5 "
                             "(got '{value}').").format(value=value))
        pairs.append((item.strip(), text))
    return pairs


def _item(sheet, code: str):
    item = sheet.rubric.find(code)
    if item is None:
        codes = ", ".join(i.code for i in sheet.rubric.items)
        raise DvkError(_("The rubric of this sheet has no item {code}; its items are: "
                         "{codes}.").format(code=code, codes=codes))
    return item


def run_set(args) -> int:
    with open_context(args) as ctx:
        sheet_id = ctx.scoring.resolve(args.sheet)
        sheet = ctx.scoring.sheet(sheet_id)
        changes = []
        for code, text in _pairs(args.values):
            item = _item(sheet, code)
            if item.kind == "dieu_kien":
                if args.member:
                    raise DvkError(_("Prerequisites are decided for the whole sheet, not by "
                                     "one member; leave out --member for {code}.").format(
                        code=item.code))
                changes.append(CellChange(item.id, VERDICT, text))
                continue
            changes.append(CellChange(item.id, SELF, text))
        if args.member:
            _check_scores(sheet, changes)  # before a new member is added for them
            member_id = ctx.scoring.member_by_name(sheet_id, args.member) or \
                ctx.scoring.add_member(sheet_id, args.member, args.role)
            changes = [CellChange(c.item_id, member_column(member_id), c.text)
                       if c.column == SELF else c for c in changes]
        ctx.scoring.save(sheet_id, changes)
        result = ctx.scoring.sheet(sheet_id).result()
    say(_("Saved. Total: {total}. Rating: {rating}").format(
        total=format_score(result.total) or "-", rating=rating_label(result.rating) or "-"))
    return 0


def _check_scores(sheet, changes: list[CellChange]) -> None:
    problems = []
    for change in changes:
        item = sheet.rubric.item(change.item_id)
        try:
            parse_score(change.text, item.max_tenths)
        except ScoreError as error:
            problems.append(f"{item.code}: {error}")
    if problems:
        raise DvkError(_("Not saved: {problems}").format(problems="; ".join(problems)))


def run_note(args) -> int:
    if args.remarks is None and args.evidence is None:
        raise DvkError(_("Give --remarks or --evidence."))
    with open_context(args) as ctx:
        sheet_id = ctx.scoring.resolve(args.sheet)
        if args.item is None:
            if args.evidence is not None:
                raise DvkError(_("Evidence belongs to a criterion: give the criterion."))
            ctx.scoring.save(sheet_id, [], remarks=args.remarks)
        else:
            item = _item(ctx.scoring.sheet(sheet_id), args.item)
            changes = [CellChange(item.id, column, text)
                       for column, text in ((REMARKS, args.remarks), (EVIDENCE, args.evidence))
                       if text is not None]
            ctx.scoring.save(sheet_id, changes)
    say(_("Saved."))
    return 0


def run_members(args) -> int:
    with open_context(args) as ctx:
        sheet_id = ctx.scoring.resolve(args.sheet)
        if args.add:
            ctx.scoring.add_member(sheet_id, args.add, args.role)
        if args.remove:
            member_id = ctx.scoring.member_by_name(sheet_id, args.remove)
            if member_id is None:
                raise DvkError(_("{name} is not a member of this sheet's council.").format(
                    name=args.remove))
            ctx.scoring.remove_member(sheet_id, member_id)
        members = ctx.scoring.sheet(sheet_id).members
    print_table(["#", _("Name"), _("Role")], [(m.position, m.name, m.role) for m in members])
    return 0


def run_step(args) -> int:
    with open_context(args) as ctx:
        scoring = ctx.scoring
        sheet_id = scoring.resolve(args.sheet)
        if args.step == "submit":
            scoring.submit(sheet_id)
        elif args.step == "approve":
            scoring.approve(sheet_id)
        elif args.step == "lock":
            scoring.lock(sheet_id)
        elif args.step == "return":
            scoring.send_back(sheet_id, args.reason)
        elif args.step == "correct":
            say(scoring.correct(sheet_id, args.reason))
            return 0
        elif args.step == "rekey":
            say(scoring.start_check(sheet_id))
            return 0
        else:
            return _compare(scoring, sheet_id)
        state = scoring.sheet(sheet_id).state
    say(_("Done. State: {state}").format(state=state_label(state)))
    return 0


def _compare(scoring, sheet_id: str) -> int:
    differences = scoring.differences(sheet_id)
    if not differences:
        say(_("The two keyings agree."))
        return 0
    print_table([_("Item"), _("Column"), _("First keying"), _("Second keying")],
                [(d.item_code, d.column_label, d.first or "-", d.second or "-")
                 for d in differences])
    say(_("{count} difference(s): check the paper sheet and correct the wrong keying.")
        .format(count=len(differences)))
    return 1


def run_council(args) -> int:
    where = SheetFilter(year=args.year, level=args.level, field=args.field)
    with open_context(args) as ctx:
        standings = ctx.scoring.standings(where)
    # Ranked per year, level, council, field and rubric (app/repositories/figures.py).
    standings.sort(key=lambda s: (s.year, s.level, s.origin, s.field, s.rubric.subject,
                                  s.rubric.id, s.rank is None, s.rank or 0, s.model_name))
    if args.json:
        print_json([{"rank": s.rank, "id": s.sheet_id, "model_id": s.registration_id,
                     "model_name": s.model_name, "registrant": s.registrant, "year": s.year,
                     "level": s.level, "field": s.field, "state": s.state,
                     "council": s.origin, "rubric_id": s.rubric.id,
                     "subject": s.rubric.subject,
                     "total": None if s.result.total is None else s.result.total / 10,
                     "total_council": None if s.result.total_council is None
                     else s.result.total_council / 10,
                     "rating": s.result.rating} for s in standings])
        return 0
    print_table(
        [_("Rank"), _("Field"), _("Rubric"), _("Model"), _("Registrant"), _("State"),
         _("Total"), _("Rating")],
        [(s.rank or "-", field_name(s.field), subject_label(s.rubric.subject), s.model_name,
          s.registrant, state_label(s.state), format_score(s.result.total),
          rating_label(s.result.rating)) for s in standings], max_width=45)
    say(_("Ranked: the approved (or locked) sheets of models still registered, within "
          "each year, level, council, field and rubric; a filter never changes a rank."))
    return 0
