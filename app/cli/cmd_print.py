"""`dvk print ...`: PDFs of the papers, and the office's print settings and wording.

    dvk print registration --model ID --out FILE.pdf
    dvk print scoresheet (--blank | --model ID | --sheet ID) [--level L] [--individual]
                         --out FILE.pdf    (a scored sheet prints as scored)
    dvk print proposal --proposal ID --out FILE.pdf
    dvk print decision --decision NUMBER [--issuer CODE] --out FILE.pdf
                        (as issued; a draft, given by its id, prints "DỰ THẢO")
    dvk print certificates --decision NUMBER [--issuer CODE] [--model ID]... [--commune CODE]
                           --out FILE.pdf
                           [--blank [--paper A4|A3] [--orientation landscape|portrait]
                            [--printer NAME]]   (onto pre-printed blanks: texts only)
    dvk print calibration [--kind tap_the|ca_nhan] [--paper A4|A3]
                          [--orientation ...] [--printer NAME] --out FILE.pdf
    dvk print offsets [--printer NAME] [--x MM --y MM]   (show, or set a printer's)
    dvk print blank-layout show|set|reset ...   (where each text goes on a blank, in mm)
    dvk print report --year Y [--period] [--number N | --take-number] [--to TEXT]
                     --out FILE.pdf
    dvk print sample KIND [--state] --out FILE.pdf
    dvk print settings [--json]
    dvk print presets [--json]         (the bodies an office may issue as)
    dvk print set KEY VALUE            (print.superior "" prints no superior line;
                                        any other empty VALUE unsets the setting)
    dvk print unset KEY                (back to the default of the office's preset)
    dvk print emblem FILE | --clear
    dvk print wording show KIND [--json]
    dvk print wording set KIND KEY TEXT [--lines]
    dvk print wording reset KIND [KEY]
"""

from __future__ import annotations

import json

from app.cli.common import decimal_arg, open_context, resolve_registration
from app.cli.helptexts import JSON, PDF_OUT, YEAR
from app.cli.output import print_json, print_table, say, warn
from app.domain.registration import Subject
from app.domain.units import LEVELS
from app.errors import DvkError
from app.i18n import N_, _, format_number
from app.printing import blanks, samples, templates

PAPER = N_("which paper")
WORDING_NAME = N_("the name of the text, as `dvk print wording show` lists it")


def register(sub) -> None:
    printing = sub.add_parser("print", help=_("print papers to PDF; print settings and wording"))
    actions = printing.add_subparsers(dest="action", required=True, metavar=_("KIND"))

    registration = actions.add_parser("registration", help=_("the registration form"))
    registration.add_argument("--model", required=True, metavar=_("ID"),
                              help=_("the registration (the first characters of its id)"))
    registration.add_argument("--out", required=True, metavar=_("FILE.pdf"),
                              help=_(PDF_OUT))
    registration.set_defaults(handler=run_registration)

    sheet = actions.add_parser("scoresheet", help=_("the self-assessment and score sheet"))
    which = sheet.add_mutually_exclusive_group(required=True)
    which.add_argument("--blank", action="store_true", help=_("a blank sheet for paper use"))
    which.add_argument("--model", metavar=_("ID"), help=_(
        "the sheet of one registration: as scored when it has a score sheet, else blank "
        "with its name"))
    which.add_argument("--sheet", metavar=_("ID"), help=_(
        "one score sheet (its id as dvk scores list shows it), as scored"))
    sheet.add_argument("--level", choices=LEVELS, help=_(
        "with --model: the level of the sheet (default: this office's)"))
    sheet.add_argument("--individual", action="store_true",
                       help=_("the rubric of individual exemplars (with --blank)"))
    sheet.add_argument("--out", required=True, metavar=_("FILE.pdf"), help=_(PDF_OUT))
    sheet.set_defaults(handler=run_scoresheet)

    proposal = actions.add_parser("proposal", help=_("the proposal with its list"))
    proposal.add_argument("--proposal", required=True, metavar=_("ID"),
                          help=_("the proposal (its number or the first characters of its id)"))
    proposal.add_argument("--out", required=True, metavar=_("FILE.pdf"), help=_(PDF_OUT))
    proposal.set_defaults(handler=run_proposal)

    for name, text in (("decision", _("the recognition decision with its annex")),
                       ("certificates", _("every certificate of a decision, in one PDF"))):
        paper = actions.add_parser(name, help=text)
        paper.add_argument("--decision", required=True, metavar=_("NUMBER"),
                           help=_("the decision number as printed, such as 05-QĐ/BCĐ"))
        paper.add_argument("--issuer", metavar=_("CODE"),
                           help=_("the issuing office, when several issued the same number"))
        paper.add_argument("--year", type=int, metavar=_("YEAR"),
                           help=_("the year the decision was issued, when numbers repeat"))
        paper.add_argument("--out", required=True, metavar=_("FILE.pdf"), help=_(PDF_OUT))
        if name == "certificates":  # one again (damaged, misprinted), or one commune's
            paper.add_argument("--model", action="append", metavar=_("ID"), help=_(
                "only this model's certificate, printed again as it was (repeat for more)"))
            paper.add_argument("--commune", metavar=_("CODE"), help=_(
                "only the certificates of this commune's models (one envelope)"))
            paper.add_argument("--blank", action="store_true", help=_(
                "print only the texts, onto pre-printed blanks (phôi)"))
            _sheet_arguments(paper)
        paper.set_defaults(handler=run_decision_paper, document=name)

    calibration = actions.add_parser("calibration", help=_(
        "the calibration page for printing onto blanks: a ruler grid with the fields"))
    calibration.add_argument("--kind", choices=blanks.VARIANTS, default=Subject.COLLECTIVE.value,
                             help=_("the kind of certificate: tap_the (collective) or "
                                    "ca_nhan (individual)"))
    _sheet_arguments(calibration)
    calibration.add_argument("--out", required=True, metavar=_("FILE.pdf"), help=_(PDF_OUT))
    calibration.set_defaults(handler=run_calibration)

    offsets = actions.add_parser("offsets", help=_(
        "how far a printer is off on blanks (mm): show, or set with --x and --y"))
    offsets.add_argument("--printer", default="", metavar=_("NAME"), help=_(
        "the printer, as the system names it (default: any printer without its own)"))
    offsets.add_argument("--x", type=decimal_arg, metavar=_("MILLIMETRES"), help=_(
        "millimetres to move the texts to the right (negative: to the left)"))
    offsets.add_argument("--y", type=decimal_arg, metavar=_("MILLIMETRES"), help=_(
        "millimetres to move the texts down (negative: up)"))
    offsets.add_argument("--json", action="store_true", help=_(JSON))
    offsets.set_defaults(handler=run_offsets)

    blank_layout = actions.add_parser("blank-layout", help=_(
        "where each text of a certificate goes on a blank, in millimetres"))
    layout_steps = blank_layout.add_subparsers(dest="step", required=True,
                                               metavar=_("ACTION"))
    for step, text in (("show", _("the fields and their boxes")),
                       ("set", _("move or resize one field")),
                       ("reset", _("back to the shipped layout"))):
        command = layout_steps.add_parser(step, help=text)
        command.add_argument("--kind", choices=blanks.VARIANTS, default=Subject.COLLECTIVE.value,
                             help=_("the kind of certificate: tap_the (collective) or "
                                    "ca_nhan (individual)"))
        command.add_argument("--paper", choices=blanks.PAPERS, default="A4",
                             help=_("the size of the blanks"))
        command.add_argument("--orientation", choices=blanks.ORIENTATIONS,
                             default="landscape", help=_("landscape or portrait"))
        if step == "show":
            command.add_argument("--json", action="store_true", help=_(JSON))
        if step == "set":
            command.add_argument("field", choices=blanks.FIELDS, metavar=_("FIELD"),
                                 help=_("the field: {fields}").format(
                                     fields=", ".join(blanks.FIELDS)))
            for name, unit in (("x", _("mm from the left edge (a centred text: its "
                                       "centre)")),
                               ("y", _("mm from the top edge to the top of the box")),
                               ("width", _("the width of the box, mm")),
                               ("height", _("the height of the box, mm")),
                               ("size", _("the largest type size, points"))):
                command.add_argument(f"--{name}", type=decimal_arg, metavar=_("NUMBER"), help=unit)
            shown = command.add_mutually_exclusive_group()
            shown.add_argument("--off", action="store_true", help=_(
                "leave this text to the blank (it is printed on it already)"))
            shown.add_argument("--on", action="store_true", help=_("print this text again"))
        command.set_defaults(handler=run_blank_layout)

    report = actions.add_parser("report", help=_(
        "the summary report of a year, or the review of a period"))
    report.add_argument("--year", required=True, type=int, metavar=_("YEAR"), help=_(YEAR))
    report.add_argument("--period", action="store_true", help=_(
        "the review of the campaign period up to this year (sơ kết; tổng kết in its last "
        "year)"))
    numbered = report.add_mutually_exclusive_group()
    numbered.add_argument("--number", metavar=_("NUMBER"), help=_(
        "the report's number as the office registered it, e.g. 05/BC-UBND (default: "
        "room to write it)"))
    numbered.add_argument("--take-number", action="store_true", help=_(
        "number the report from the office's book of reports (the number is used up)"))
    report.add_argument("--to", metavar=_("TEXT"), help=_(
        "whom the report goes to, after \"Kính gửi:\" (default: the print setting "
        "print.report_to)"))
    report.add_argument("--out", required=True, metavar=_("FILE.pdf"), help=_(PDF_OUT))
    report.set_defaults(handler=run_report)

    sample = actions.add_parser("sample", help=_("a sample paper of any kind, to check layouts"))
    sample.add_argument("kind", choices=samples.SAMPLE_KINDS,
                        help=_("which paper to print, filled with sample data"))
    sample.add_argument("--state", action="store_true",
                        help=_("the State layout (default: the office's own layout)"))
    sample.add_argument("--out", required=True, metavar=_("FILE.pdf"), help=_(PDF_OUT))
    sample.set_defaults(handler=run_sample)

    show = actions.add_parser("settings", help=_("show the office's print settings"))
    show.add_argument("--json", action="store_true", help=_(JSON))
    show.set_defaults(handler=run_settings)

    put = actions.add_parser("set", help=_("change one print setting"))
    put.add_argument("key", metavar=_("SETTING"), help=_(
        "the setting, as `dvk print settings` lists it, e.g. print.signer_name"))
    put.add_argument("value", metavar=_("VALUE"), help=_(
        "the new value (empty text \"\" clears the setting: no superior line for "
        "print.superior, the default for the others)"))
    put.set_defaults(handler=run_set)

    unset = actions.add_parser("unset", help=_(
        "a print setting back to the default of the office's preset"))
    unset.add_argument("key", metavar=_("SETTING"), help=_(
        "the setting, as `dvk print settings` lists it, e.g. print.superior"))
    unset.set_defaults(handler=run_unset)

    listing = actions.add_parser("presets", help=_("the bodies an office may issue as"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_presets)

    emblem = actions.add_parser("emblem", help=_("the emblem printed on certificates"))
    emblem_which = emblem.add_mutually_exclusive_group(required=True)
    emblem_which.add_argument("file", nargs="?", metavar=_("FILE"),
                              help=_("the emblem image, a PNG or JPG file"))
    emblem_which.add_argument("--clear", action="store_true", help=_("print no emblem"))
    emblem.set_defaults(handler=run_emblem)

    wording = actions.add_parser("wording", help=_("the wording of the papers (templates)"))
    steps = wording.add_subparsers(dest="step", required=True, metavar=_("ACTION"))
    wshow = steps.add_parser("show", help=_("show the wording of one paper"))
    wshow.add_argument("kind", choices=templates.KINDS, help=_(PAPER))
    wshow.add_argument("--json", action="store_true", help=_(JSON))
    wshow.set_defaults(handler=run_wording_show)
    wset = steps.add_parser("set", help=_("change one text of a paper"))
    wset.add_argument("kind", choices=templates.KINDS, help=_(PAPER))
    wset.add_argument("key", metavar=_("NAME"), help=_(WORDING_NAME))
    wset.add_argument("text", metavar=_("TEXT"),
                      help=_("the new text (with --lines: a JSON list of lines)"))
    wset.add_argument("--lines", action="store_true",
                      help=_("the text is a JSON list of lines"))
    wset.set_defaults(handler=run_wording_set)
    wreset = steps.add_parser("reset", help=_("back to the shipped wording"))
    wreset.add_argument("kind", choices=templates.KINDS, help=_(PAPER))
    wreset.add_argument("key", nargs="?", metavar=_("NAME"), help=_(
        "the name of one text, as `dvk print wording show` lists it (default: every text "
        "of the paper)"))
    wreset.set_defaults(handler=run_wording_reset)


def _saved(path) -> int:
    say(_("Saved {path}.").format(path=path))
    return 0


def run_registration(args) -> int:
    with open_context(args) as ctx:
        doc = ctx.printing.registration_document(resolve_registration(ctx, args.model))
        return _saved(ctx.printing.save(doc, args.out))


def run_scoresheet(args) -> int:
    with open_context(args) as ctx:
        model = resolve_registration(ctx, args.model) if args.model else None
        sheet = ctx.scoring.resolve(args.sheet) if args.sheet else None
        doc, from_file = ctx.printing.scoresheet_document(
            subject=Subject.INDIVIDUAL.value if args.individual else Subject.COLLECTIVE.value, registration_id=model,
            sheet_id=sheet, level=args.level)
        path = ctx.printing.save(doc, args.out)
    if not from_file:
        warn(_("Note: no rubric file is installed yet; the sheet uses the built-in "
               "default rubric."))
    return _saved(path)


def run_proposal(args) -> int:

    with open_context(args) as ctx:
        doc = ctx.recognition_papers.proposal_document(ctx.proposals.resolve(args.proposal))
        return _saved(ctx.printing.save(doc, args.out))


def run_decision_paper(args) -> int:

    with open_context(args) as ctx:
        decision_id = ctx.decisions.resolve(args.decision, args.issuer, args.year)
        if args.document == "decision":
            doc = ctx.recognition_papers.decision_document(decision_id)
            pdf = ctx.printing.render(doc)
            note = ctx.printing.reprint_note(doc, pdf)
            if note:
                warn(_("Note: {note}").format(note=note))
            return _saved(ctx.printing.save_bytes(pdf, args.out))
        models = [resolve_registration(ctx, m) for m in args.model] if args.model else None
        signer = None
        if ctx.recognition_papers.needs_signer(decision_id):
            # The codes are signed with this office's key: DVK_PASSPHRASE, or asked.
            from app.cli.passphrase import passphrase

            ctx.certificate_codes.require_signing()  # before the passphrase is asked
            signer = ctx.certificate_codes.signer(passphrase())
        docs = ctx.recognition_papers.certificate_documents(decision_id, signer, models=models,
                                                            commune=args.commune)
        if args.blank:

            path = ctx.printing.save_bytes(ctx.blank_printing.certificates_pdf(docs, paper=args.paper, orientation=args.orientation,
                printer=args.printer), args.out)
        else:
            path = ctx.printing.save_certificates(docs, args.out)
    say(_("{count} certificate(s).").format(count=len(docs)))
    return _saved(path)


def _sheet_arguments(parser) -> None:
    parser.add_argument("--paper", choices=blanks.PAPERS, default="A4",
                        help=_("the size of the blanks"))
    parser.add_argument("--orientation", choices=blanks.ORIENTATIONS, default="landscape",
                        help=_("landscape or portrait"))
    parser.add_argument("--printer", default="", metavar=_("NAME"), help=_(
        "the printer whose offsets apply (default: the offsets of any printer)"))


def run_calibration(args) -> int:

    with open_context(args) as ctx:
        pdf = ctx.blank_printing.calibration_pdf(args.kind, paper=args.paper,
                                             orientation=args.orientation,
                                             printer=args.printer)
        return _saved(ctx.printing.save_bytes(pdf, args.out))


def run_offsets(args) -> int:

    with open_context(args) as ctx:
        if args.x is not None or args.y is not None:
            now = ctx.blank_printing.offset(args.printer)
            ctx.blank_printing.set_offset(args.printer,
                                      now.x if args.x is None else args.x,
                                      now.y if args.y is None else args.y)
        current = ctx.blank_printing.offsets()
    if args.json:
        print_json({name: {"x": o.x, "y": o.y} for name, o in current.items()})
        return 0
    print_table([_("Printer"), _("x (mm)"), _("y (mm)")],
                [(name or _("(default printer)"), format_number(o.x), format_number(o.y))
                 for name, o in current.items()] or [(_("(default printer)"), "0", "0")])
    return 0


def run_blank_layout(args) -> int:

    with open_context(args) as ctx:
        if args.step == "set":
            values = {name: getattr(args, name) for name in ("x", "y", "width", "height",
                                                             "size")}
            if args.off or args.on:
                values["print"] = bool(args.on)
            ctx.blank_printing.set_field(args.kind, args.paper, args.orientation,
                                     args.field, **values)
        elif args.step == "reset":
            ctx.blank_printing.reset(args.kind, args.paper, args.orientation)
        layout = ctx.blank_printing.layout(args.kind, args.paper, args.orientation)
    if getattr(args, "json", False):
        print_json([{"field": f.name, "x": f.x, "y": f.y, "width": f.width,
                     "height": f.height, "size": f.size, "print": f.print}
                    for f in layout.fields])
        return 0
    print_table([_("Field"), "x", "y", _("Width"), _("Height"), _("Font size"), _("Printed")],
                [(f.name, f.x, f.y, f.width, f.height, f.size,
                  _("yes") if f.print else _("no")) for f in layout.fields])
    return 0


def run_report(args) -> int:

    with open_context(args) as ctx:
        number = args.number or ""
        if args.take_number:
            number = ctx.numbering.take_now("report", record_kind="report",
                                            record_id=f"{args.year}")
        doc = ctx.recognition_papers.report_document(args.year, period=args.period,
                                                 number=number, addressee=args.to)
        return _saved(ctx.printing.save(doc, args.out))


def run_sample(args) -> int:
    with open_context(args) as ctx:
        doc = ctx.printing.sample_document(args.kind, "state" if args.state else None)
        return _saved(ctx.printing.save(doc, args.out))


def run_settings(args) -> int:
    with open_context(args) as ctx:
        stored = ctx.printing.settings()
        try:
            office = ctx.printing.office()
        except DvkError as error:  # e.g. the emblem file is gone: still show the rest
            warn(_("Warning: {message}").format(message=error.message))
            office = None
    if args.json:
        print_json(stored)
        return 0
    effective = {}
    if office is not None:
        effective = {"print.preset": office.preset, "print.system": office.system,
                     "print.superior": office.superior,
                     "print.body": office.body, "print.authority": office.authority,
                     "print.signer_on_behalf": office.signer.on_behalf,
                     "print.signer_title": office.signer.title,
                     "print.signer_name": office.signer.name,
                     "print.executor": office.executor, "print.archive": office.archive,
                     "print.report_to": office.report_to, "place_name": office.place}
    rows = []
    for key, value in stored.items():
        shown = value if value not in (None, "") else effective.get(key, "")
        note = "" if value not in (None, "") else _("(none)") if value == "" \
            else _("(default)")
        rows.append((key, str(shown).replace("\n", " / "), note))
    print_table([_("Setting"), _("Value"), ""], rows, max_width=70)
    return 0


def run_set(args) -> int:
    with open_context(args) as ctx:
        ctx.printing.set_setting(args.key, args.value)
    say(_("Saved."))
    return 0


def run_unset(args) -> int:
    with open_context(args) as ctx:
        ctx.printing.unset_setting(args.key)
    say(_("Saved."))
    return 0


def run_presets(args) -> int:
    with open_context(args) as ctx:
        current = ctx.printing.preset().code
        suggested = ctx.printing.suggested_preset()
        rows = [{"code": p.code, "name": p.name, "system": p.system, "symbol": p.symbol,
                 "current": p.code == current, "suggested": p.code == suggested}
                for p in ctx.printing.presets_for_office()]
    if args.json:
        print_json(rows)
        return 0
    print_table([_("Preset"), _("Body"), _("Layout"), _("Numbers"), ""],
                [(r["code"], r["name"], r["system"], r["symbol"],
                  _("(current)") if r["current"] else _("(suggested)") if r["suggested"]
                  else "") for r in rows], max_width=60)
    return 0


def run_emblem(args) -> int:
    with open_context(args) as ctx:
        if args.clear:
            ctx.printing.set_setting("print.emblem", None)
        else:
            ctx.printing.set_emblem(args.file)
    say(_("Saved."))
    return 0


def run_wording_show(args) -> int:
    with open_context(args) as ctx:
        wording = ctx.printing.wording(args.kind)
    if args.json:
        print_json(wording)
        return 0
    for key, value in wording.items():
        text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        say(f"{key}: {text}")
    return 0


def run_wording_set(args) -> int:
    value = args.text
    if args.lines:
        try:
            value = json.loads(args.text)
        except ValueError as error:
            raise DvkError(_("--lines needs a JSON list of texts: {detail}").format(
                detail=error)) from None
    with open_context(args) as ctx:
        ctx.printing.set_wording(args.kind, args.key, value)
    say(_("Saved."))
    return 0


def run_wording_reset(args) -> int:
    with open_context(args) as ctx:
        ctx.printing.reset_wording(args.kind, args.key)
    say(_("Saved."))
    return 0
