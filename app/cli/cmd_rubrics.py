"""`dvk rubrics ...`: the rubrics (bộ tiêu chí) scores are given on.

    dvk rubrics list [--json]
    dvk rubrics show RUBRIC [--edition N] [--json]
    dvk rubrics copy RUBRIC [--name NAME] [--family CODE]
    dvk rubrics edit RUBRIC [--from-json FILE] [--name NAME] [--note TEXT]
                     [--top POINTS] [--pass POINTS] [--max CODE=POINTS] [--text CODE=TEXT]
    dvk rubrics assign RUBRIC --year Y --level L
    dvk rubrics assignments [--json]

RUBRIC is a family ("tap-the-2021": its newest edition) or an id (or its start).
`show --json` writes what `edit --from-json` reads. Editing a rubric that a score
sheet uses saves a new edition; the sheets keep theirs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.cli.common import open_context
from app.cli.helptexts import JSON, RUBRIC, YEAR
from app.cli.output import print_json, print_table, say
from app.domain.rubrics import (
    ItemInput,
    RubricDataError,
    rubric_from_data,
    rubric_to_data,
    subject_label,
)
from app.domain.scoring import (
    COUNCIL_TOTALS,
    ScoreError,
    council_total_label,
    format_score,
    parse_points,
)
from app.domain.text import fold
from app.domain.units import LEVELS, level_label
from app.errors import DvkError
from app.i18n import _


def register(sub) -> None:
    rubrics = sub.add_parser("rubrics", help=_("rubrics: criteria, maximum points, ratings"))
    actions = rubrics.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    listing = actions.add_parser("list", help=_("list rubrics and their editions"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help=_("show one rubric"))
    show.add_argument("rubric", metavar=_("RUBRIC"), help=_(RUBRIC))
    show.add_argument("--edition", type=int, metavar=_("NUMBER"),
                      help=_("which edition of the rubric (default: the newest)"))
    show.add_argument("--json", action="store_true", help=_(JSON))
    show.set_defaults(handler=run_show)

    copy = actions.add_parser("copy", help=_("copy a rubric to edit it"))
    copy.add_argument("rubric", metavar=_("RUBRIC"), help=_(RUBRIC))
    copy.add_argument("--name", metavar=_("NAME"), help=_("name of the new rubric"))
    copy.add_argument("--family", metavar=_("CODE"), help=_("short code of the new rubric"))
    copy.set_defaults(handler=run_copy)

    edit = actions.add_parser("edit", help=_("edit a rubric (a new edition once it is used)"))
    edit.add_argument("rubric", metavar=_("RUBRIC"), help=_(RUBRIC))
    edit.add_argument("--from-json", metavar=_("FILE"),
                      help=_("the whole rubric as JSON, as `show --json` writes it (- for "
                             "standard input)"))
    edit.add_argument("--name", metavar=_("NAME"), help=_("the rubric's new name"))
    edit.add_argument("--note", metavar=_("TEXT"),
                      help=_("the rubric's note, e.g. the guideline it follows"))
    edit.add_argument("--top", metavar=_("POINTS"), help=_("lowest total rated Outstanding"))
    edit.add_argument("--pass", dest="passing", metavar=_("POINTS"),
                      help=_("lowest total rated Passed"))
    edit.add_argument("--council-total", choices=list(COUNCIL_TOTALS), help=_(
        "how the council's total is made: sum_of_means (the sum of the criteria's council "
        "scores, each the members' mean rounded to one decimal; the default) or "
        "mean_of_totals (the mean of the members' totals, rounded to one decimal)"))
    edit.add_argument("--max", action="append", default=[], metavar=_("CODE=POINTS"),
                      help=_("the maximum points of a criterion, e.g. 3=20 (repeat for "
                             "several)"))
    edit.add_argument("--text", action="append", default=[], metavar=_("CODE=TEXT"),
                      help=_("the wording of a criterion or prerequisite (repeat for "
                             "several)"))
    edit.set_defaults(handler=run_edit)

    assign = actions.add_parser("assign", help=_("use a rubric for a campaign year and level"))
    assign.add_argument("rubric", metavar=_("RUBRIC"), help=_(RUBRIC))
    assign.add_argument("--year", type=int, required=True, metavar=_("YEAR"), help=_(YEAR))
    assign.add_argument("--level", choices=LEVELS, required=True, help=_(
        "the level: tinh (province), huyen (district), xa (commune), coso (grassroots)"))
    assign.set_defaults(handler=run_assign)

    assignments = actions.add_parser("assignments",
                                     help=_("which rubric each year and level uses"))
    assignments.add_argument("--json", action="store_true", help=_(JSON))
    assignments.set_defaults(handler=run_assignments)


def run_list(args) -> int:
    with open_context(args) as ctx:
        rubrics = [(r, ctx.rubrics.usage(r.id), ctx.rubrics.is_locked(r))
                   for r in ctx.rubrics.listing()]
    if args.json:
        print_json([{**rubric_to_data(r), "sheets": used, "locked": locked}
                    for r, used, locked in rubrics])
        return 0
    print_table(
        [_("Family"), _("Edition"), _("Name"), _("For"), _("Points"), _("Sheets"), "ID"],
        [(r.family, r.edition, r.name + (" *" if r.suggested else ""),
          subject_label(r.subject), format_score(r.total_max), used, r.id[:8])
         for r, used, _locked in rubrics], max_width=60)
    if any(r.suggested for r, _used, _locked in rubrics):
        say(_("* suggested default: adjust it to your local guideline"))
    return 0


def run_show(args) -> int:
    with open_context(args) as ctx:
        rubric = ctx.rubrics.resolve(args.rubric, args.edition)
        used = ctx.rubrics.usage(rubric.id)
    if args.json:
        print_json(rubric_to_data(rubric))
        return 0
    say(rubric.title())
    if rubric.note:
        say(rubric.note)
    say(_("For: {subject}. Used by {count} score sheet(s).").format(
        subject=subject_label(rubric.subject), count=used))
    for item in rubric.prerequisites:
        say(f"  {item.code}. {item.text}")
    print_table([_("Code"), _("Criterion"), _("Max")],
                [(c.code, c.text, format_score(c.max_tenths)) for c in rubric.criteria],
                max_width=80)
    say(_("Total {total} points. Outstanding from {top}, Passed from {passing}.").format(
        total=format_score(rubric.total_max), top=format_score(rubric.thresholds.top),
        passing=format_score(rubric.thresholds.passing)))
    say(_("The council's total: {rule}.").format(rule=council_total_label(rubric.council_total)))
    return 0


def run_copy(args) -> int:
    with open_context(args) as ctx:
        source = ctx.rubrics.resolve(args.rubric)
        say(ctx.rubrics.copy(source.id, name=args.name, family=args.family))
    return 0


def _read_json(path: str) -> dict:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        return json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DvkError(_("The JSON file cannot be read: {detail}").format(
            detail=error)) from error


def _assignments(values: list[str]) -> list[tuple[str, str]]:
    result = []
    for value in values:
        code, sep, text = value.partition("=")
        if not sep:
            raise DvkError(_("Write CODE=VALUE, for example 3=20 (got '{value}').").format(
                value=value))
        result.append((code.strip(), text))
    return result


def run_edit(args) -> int:
    with open_context(args) as ctx:
        current = ctx.rubrics.resolve(args.rubric)
        try:
            rubric = rubric_from_data(_read_json(args.from_json)) if args.from_json \
                else current.to_input()
            if args.name is not None:
                rubric.name = args.name
            if args.note is not None:
                rubric.note = args.note
            if args.top is not None:
                rubric.threshold_top = parse_points(args.top) or 0
            if args.passing is not None:
                rubric.threshold_pass = parse_points(args.passing) or 0
            if args.council_total is not None:
                rubric.council_total = args.council_total
            for code, text in _assignments(args.max):
                _item(rubric.criteria, code).max_tenths = parse_points(text) or 0
            for code, text in _assignments(args.text):
                _item(rubric.prerequisites + rubric.criteria, code).text = text
        except (RubricDataError, ScoreError) as error:
            raise DvkError(str(error)) from None
        outcome = ctx.rubrics.save(current.id, rubric)
        saved = ctx.rubrics.get(outcome.rubric_id)
    if outcome.new_edition:
        say(_("Score sheets use the rubric, so the change was saved as edition {edition} "
              "({id}); the sheets keep the edition they were scored on.").format(
            edition=saved.edition, id=saved.id))
    else:
        say(_("Saved."))
    return 0


def _item(items: list[ItemInput], code: str) -> ItemInput:
    for item in items:
        if fold(item.code).replace(" ", "") == fold(code).replace(" ", ""):
            return item
    raise DvkError(_("The rubric has no criterion {code}.").format(code=code))


def run_assign(args) -> int:
    with open_context(args) as ctx:
        rubric = ctx.rubrics.resolve(args.rubric)
        ctx.rubrics.assign(args.year, args.level, rubric.subject, rubric.id)
    say(_("{year}, {level}, {subject}: {name} (edition {edition}).").format(
        year=args.year, level=level_label(args.level), subject=subject_label(rubric.subject),
        name=rubric.name, edition=rubric.edition))
    return 0


def run_assignments(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.rubrics.assignments()
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table([_("Year"), _("Level"), _("For"), _("Rubric"), _("Edition")],
                [(r.year, level_label(r.level), subject_label(r.subject), r.name, r.edition)
                 for r in rows])
    return 0
