"""`dvk print ...`: PDFs of the papers, and the office's print settings and wording.

    dvk print registration --model ID --out FILE.pdf
    dvk print scoresheet (--blank | --model ID) [--individual] --out FILE.pdf
    dvk print proposal --proposal ID --out FILE.pdf
    dvk print decision --decision NUMBER [--issuer CODE] --out FILE.pdf   (a draft: its id)
    dvk print certificates --decision NUMBER [--issuer CODE] [--model ID]... [--commune CODE]
        --out FILE.pdf
    dvk print report --year Y --out FILE.pdf
    dvk print sample KIND [--state] --out FILE.pdf
    dvk print settings [--json]
    dvk print set KEY VALUE            (an empty VALUE clears the setting)
    dvk print emblem FILE | --clear
    dvk print wording show KIND [--json]
    dvk print wording set KIND KEY TEXT [--lines]
    dvk print wording reset KIND [KEY]
"""

from __future__ import annotations

import json

from app.cli.common import open_context, resolve_registration
from app.cli.helptexts import JSON, PDF_OUT, YEAR
from app.cli.output import print_json, print_table, say, warn
from app.errors import DvkError
from app.i18n import N_, _
from app.printing import samples, templates

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
    which.add_argument("--model", metavar=_("ID"), help=_("a sheet headed with one registration"))
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
        paper.set_defaults(handler=run_decision_paper, paper=name)

    report = actions.add_parser("report", help=_("the summary report of a year"))
    report.add_argument("--year", required=True, type=int, metavar=_("YEAR"), help=_(YEAR))
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
    put.add_argument("value", metavar=_("VALUE"),
                     help=_("the new value (empty text \"\" clears the setting)"))
    put.set_defaults(handler=run_set)

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
        doc, from_file = ctx.printing.scoresheet_document(
            subject="ca_nhan" if args.individual else "tap_the", registration_id=model)
        path = ctx.printing.save(doc, args.out)
    if not from_file:
        warn(_("Note: no rubric file is installed yet; the sheet uses the built-in "
               "default rubric."))
    return _saved(path)


def run_proposal(args) -> int:
    from app.services import recognition_papers

    with open_context(args) as ctx:
        doc = recognition_papers.proposal_document(ctx, ctx.proposals.resolve(args.proposal))
        return _saved(ctx.printing.save(doc, args.out))


def run_decision_paper(args) -> int:
    from app.services import recognition_papers

    with open_context(args) as ctx:
        decision_id = ctx.decisions.resolve(args.decision, args.issuer, args.year)
        if args.paper == "decision":
            doc = recognition_papers.decision_document(ctx, decision_id)
            return _saved(ctx.printing.save(doc, args.out))
        models = [resolve_registration(ctx, m) for m in args.model] if args.model else None
        signer = None
        if recognition_papers.needs_signer(ctx, decision_id):
            # The codes are signed with this office's key: DVK_PASSPHRASE, or asked.
            from app.cli.passphrase import passphrase

            ctx.certificate_codes.require_signing()  # before the passphrase is asked
            signer = ctx.certificate_codes.signer(passphrase())
        docs = recognition_papers.certificate_documents(ctx, decision_id, signer,
                                                        models=models, commune=args.commune)
        path = ctx.printing.save_certificates(docs, args.out)
    say(_("{count} certificate(s).").format(count=len(docs)))
    return _saved(path)


def run_report(args) -> int:
    from app.services import recognition_papers

    with open_context(args) as ctx:
        doc = recognition_papers.report_document(ctx, args.year)
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
        effective = {"print.system": office.system, "print.superior": office.superior,
                     "print.body": office.body, "print.authority": office.authority,
                     "print.signer_on_behalf": office.signer.on_behalf,
                     "print.signer_title": office.signer.title,
                     "print.signer_name": office.signer.name, "place_name": office.place}
    rows = []
    for key, value in stored.items():
        shown = value if value not in (None, "") else effective.get(key, "")
        note = "" if value not in (None, "") else _("(default)")
        rows.append((key, str(shown).replace("\n", " / "), note))
    print_table([_("Setting"), _("Value"), ""], rows, max_width=70)
    return 0


def run_set(args) -> int:
    with open_context(args) as ctx:
        ctx.printing.set_setting(args.key, args.value)
    say(_("Saved."))
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
