"""`dvk export`, `dvk verify`, `dvk import`, `dvk conflicts`: signed bundles."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from app.cli.common import open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, print_table, say, warn
from app.cli.passphrase import passphrase, signing_passphrase
from app.errors import DvkError
from app.i18n import N_, _, format_timestamp
from app.sync.importer import Preview
from app.sync.kinds import get as get_kind
from app.sync.merge import OUTCOMES

BUNDLE = N_("the bundle file (.dvk) received from another office")


def register(sub) -> None:
    export = sub.add_parser("export", help=_("write a signed bundle for the parent or a child"))
    who = export.add_mutually_exclusive_group(required=True)
    who.add_argument("--to", metavar=_("UNIT_CODE"), action="append",
                     help=_("code of the office that receives the bundle (with "
                            "--all-children: repeat it to choose some offices below)"))
    who.add_argument("--all-children", action="store_true", help=_(
        "one bundle for every office below this one, each in a folder named after it, "
        "under the folder --out"))
    export.add_argument("--out", required=True, metavar=_("FILE"),
                        help=_("the bundle file to write (with --all-children: the folder)"))
    export.add_argument("--full", action="store_true",
                        help=_("send everything again, not only what is new"))
    export.add_argument("--new-line", action="store_true",
                        help=_("start a new sequence line (after restoring a backup)"))
    how = export.add_mutually_exclusive_group()
    how.add_argument("--encrypt", action="store_const", const=True, dest="encrypt",
                     help=_("encrypt the bundle to the receiving office, and fail if its "
                            "key is not known (the default encrypts whenever it is known: "
                            "a lost stick shows no names, phone numbers or addresses)"))
    how.add_argument("--plain", action="store_const", const=False, dest="encrypt",
                     help=_("write the bundle unencrypted, even when the receiving "
                            "office's key is known"))
    export.add_argument("--json", action="store_true", help=_(JSON))
    export.set_defaults(handler=run_export)

    verify = sub.add_parser("verify", help=_("check a bundle without changing anything"))
    verify.add_argument("file", metavar=_("FILE"), help=_(BUNDLE))
    verify.add_argument("--json", action="store_true", help=_(JSON))
    verify.set_defaults(handler=run_verify)

    imp = sub.add_parser("import", help=_(
        "import bundles: one file, several, or every bundle in folders such as a whole USB "
        "stick (each previewed, then imported in order, each in its own transaction)"))
    imp.add_argument("file", nargs="+", metavar=_("PATH"), help=_(
        "a bundle file (.dvk) received from another office, or a folder: every .dvk "
        "file in it, at any depth"))
    imp.add_argument("--dry-run", action="store_true",
                     help=_("show what would change and change nothing"))
    imp.add_argument("--json", action="store_true", help=_(JSON))
    imp.set_defaults(handler=run_import)

    conflicts = sub.add_parser("conflicts", help=_("versions that lost a merge, for review"))
    actions = conflicts.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    listing = actions.add_parser("list", help=_("list the conflicts to review"))
    listing.add_argument("--all", action="store_true", help=_("also the reviewed ones"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_conflicts)
    done = actions.add_parser("reviewed", help=_("mark a conflict as reviewed"))
    done.add_argument("id", type=int, metavar=_("NUMBER"),
                      help=_("the conflict's number, as `dvk conflicts list` shows it"))
    done.set_defaults(handler=run_reviewed)


def run_export(args) -> int:
    if args.all_children or len(args.to) > 1:
        return run_export_children(args)
    with open_context(args) as ctx:
        result = ctx.sync.export(args.to[0], args.out, passphrase=signing_passphrase(ctx),
                                 full=args.full, new_line=args.new_line,
                                 encrypt=args.encrypt)
    if args.json:
        print_json({"path": str(result.path), "recipient": result.recipient,
                    "seq": result.seq, "line": result.line, "sha256": result.sha256,
                    "counts": result.counts, "files": result.files, "size": result.size,
                    "relayed": result.relayed, "trust_statements": result.statements,
                    "encrypted": result.encrypted})
        return 0
    say(_("Bundle {seq} for {to} written to {path}: {records} records, {files} files, "
          "{size} KB.").format(seq=result.seq, to=result.recipient, path=result.path,
                               records=result.records, files=result.files,
                               size=max(1, result.size // 1024)))
    if result.relayed:
        say(_("It forwards {count} bundles of the offices below unchanged, with their own "
              "signatures.").format(count=result.relayed))
    if result.encrypted:
        say(_("Encrypted: only {to} can open it.").format(to=result.recipient))
    return 0


def _passphrase_for(ctx, path: str) -> str | None:
    """An encrypted bundle for this office needs the office key's passphrase."""
    return passphrase() if ctx.sync.needs_passphrase(path) else None


def describe(preview: Preview) -> None:
    m = preview.bundle.manifest
    say(_("Bundle {seq} from {sender} ({name}) to {recipient}, made {created}.").format(
        seq=m["seq"], sender=m["sender"], name=m["sender_name"], recipient=m["recipient"],
        created=format_timestamp(m["created_at"])))
    for part in preview.relayed:
        inner = part.bundle.manifest
        if part.already_applied:
            state = _("already imported")
        else:
            totals = {o: sum(getattr(s, o) for s in part.summary.values()) for o in OUTCOMES}
            state = _("{new} new, {updated} updated, {unchanged} unchanged, {conflicting} "
                      "conflicting, {rejected} rejected").format(**totals)
        say(_("Forwarded unchanged: bundle {seq} of {sender} ({name}), signature checked: "
              "{state}.").format(seq=inner["seq"], sender=inner["sender"],
                                 name=inner["sender_name"], state=state))
    statements = len(preview.bundle.all_statements())
    if statements:
        say(_("New statements about keys: {count}").format(count=statements))
    if preview.already_applied:
        say(_("This bundle was already imported ({at}); importing it again changes "
              "nothing.").format(at=format_timestamp(preview.applied_at)))
        return
    if preview.missing_before:
        say(_("Earlier bundles from this sender have not arrived yet: {numbers}. This one "
              "can be imported now; import the others when they come.").format(
            numbers=", ".join(str(n) for n in preview.missing_before)))
    if preview.fills_gap:
        say(_("This bundle fills a gap: later bundles from this sender were imported "
              "already."))
    headers = [_("Kind"), _("New"), _("Updated"), _("Unchanged"), _("Conflicting"),
               _("Rejected"), _("Total count")]
    rows = []
    for name, summary in preview.summary.items():
        kind = get_kind(name)
        counts = summary.as_dict()
        rows.append([_(kind.label) if kind else name, *(counts[o] for o in OUTCOMES),
                     counts["total"]])
    if rows:
        print_table(headers, rows)
    else:
        say(_("The bundle holds no records."))
    if preview.files:
        say(_("Evidence files: {count}").format(count=preview.files))
    rejections = preview.all_rejections()
    for rejection in rejections[:20]:
        say(_("Rejected {kind} {key}: {reason}").format(
            kind=rejection.kind, key=rejection.key, reason=rejection.reason))
    if len(rejections) > 20:
        say(_("... and {count} more rejected records.").format(count=len(rejections) - 20))


def run_export_children(args) -> int:
    from app.cli.cmd_stick import run_export_children as run

    return run(args)


def refusal_json(error: DvkError) -> dict:
    """A refusal as scripts read it (`--json`): the reason code (docs/bundle-format.md;
    "error" for a failure that is not a verdict on the file), the message, the exit code."""
    return {"accepted": False, "applied": False,
            "reason": getattr(error, "reason", "error"), "message": error.message,
            "exit_code": error.exit_code}


def _json_on_refusal(run):
    """With --json, a refusal is JSON on standard output too (and the message on
    standard error, as always), with the same exit code."""
    def wrapped(args) -> int:
        try:
            return run(args)
        except DvkError as error:
            if not args.json:
                raise
            print_json(refusal_json(error))
            warn(_("Error: {message}").format(message=error.message))
            return error.exit_code
    wrapped.__doc__ = run.__doc__
    return wrapped


@_json_on_refusal
def run_verify(args) -> int:
    with open_context(args) as ctx:
        preview = ctx.sync.verify(args.file, _passphrase_for(ctx, args.file))
    if args.json:
        print_json({"accepted": True, **preview.as_json()})
        return 0
    describe(preview)
    say(_("The bundle is genuine and this office would accept it."))
    return 0


@_json_on_refusal
def run_import(args) -> int:
    if len(args.file) > 1 or Path(args.file[0]).is_dir():
        from app.cli.cmd_stick import run_import_stick

        return run_import_stick(args)
    file = args.file[0]  # one file: exactly as it always was
    with open_context(args) as ctx:
        result = ctx.sync.import_bundle(file, dry_run=args.dry_run,
                                        passphrase=_passphrase_for(ctx, file))
    if args.json:
        print_json({"applied": result.applied, "dry_run": args.dry_run,
                    **result.preview.as_json()})
        return 0
    describe(result.preview)
    if args.dry_run:
        say(_("Dry run: nothing was changed."))
    elif result.applied:
        say(_("Imported."))
    return 0


def run_conflicts(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.sync.conflicts(include_reviewed=args.all)
    if args.json:
        print_json([dataclasses.asdict(r) for r in rows])
        return 0
    if not rows:
        say(_("No conflicts to review."))
        return 0
    sides = {"local": _("this office's version"), "incoming": _("the bundle's version")}
    print_table([_("No."), _("Kind"), _("Record"), _("From"), _("Kept aside"),
                 _("Version"), _("Date")],
                [(r.id, r.kind, r.record_key[:12], r.sender,
                  sides.get(r.loser_side, r.loser_side), r.loser_version,
                  format_timestamp(r.created_at)) for r in rows])
    say(_("{count} conflicts.").format(count=len(rows)))
    return 0


def run_reviewed(args) -> int:
    with open_context(args) as ctx:
        ctx.sync.mark_reviewed(args.id)
    say(_("Marked as reviewed."))
    return 0
