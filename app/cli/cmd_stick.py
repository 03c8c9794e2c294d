"""`dvk import PATH...` with several files or folders (a whole USB stick), and `dvk
export --all-children --out FOLDER`: the province's busiest weeks in batches (issue 25).
`dvk import FILE` with one file stays in cmd_sync.py, as it always was.

Exit codes of the stick import: 0 when every bundle found was imported (or was a copy
of another, or was imported before); 4 when some were verified and refused (the others
were imported, each in its own transaction); 1 when no bundle was found. The export to
every office below exits 0 when every bundle was written, 1 when some could not be
(the others were written and recorded as sent).
"""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.output import print_json, say
from app.cli.passphrase import passphrase, signing_passphrase
from app.i18n import _
from app.sync import batch
from app.sync.batch import Report


def _needs_passphrase(ctx, items_paths) -> bool:
    files, _problems = batch.find(items_paths)
    for path in files:
        try:
            if ctx.sync.needs_passphrase(path):
                return True
        except Exception:
            continue
    return False


def run_import_stick(args) -> int:
    with open_context(args) as ctx:
        secret = passphrase() if _needs_passphrase(ctx, args.file) else None
        report = ctx.stick.run(args.file, passphrase=secret, dry_run=args.dry_run)
        office = ctx.units.office()
    if args.json:
        print_json(report_json(report))
        return report.exit_code()
    say_report(report, office.name)
    return report.exit_code()


def say_report(report: Report, office_name: str) -> None:
    for line in batch.report_lines(report, office_name):
        say(line)


def report_json(report: Report) -> dict:
    return {
        "dry_run": report.dry_run, "year": report.year,
        "files": [{
            "path": str(i.path), "status": i.status, "reason": i.reason,
            "message": i.message, "sender": i.sender, "sender_name": i.sender_name,
            "seq": i.seq, "line": i.line, "created_at": i.created_at, "sha256": i.sha256,
            "duplicate_of": str(i.duplicate_of) if i.duplicate_of else None,
            "missing_before": i.missing_before, "totals": i.totals,
            "rejections": i.rejections,
            "parts": [{"sender": p.sender, "sender_name": p.sender_name, "seq": p.seq,
                       "what": p.what, "counts": p.counts,
                       "models": [{"name": n, "what": w} for n, w in p.models],
                       "already_imported": p.already} for p in i.parts],
        } for i in report.items],
        "offices": [{"code": code, "name": name, "what": what,
                     "files": [str(i.path) for i in files]}
                    for code, name, what, files in report.per_office()],
        "missing": [{"code": c.code, "name": c.name} for c in report.missing],
        "imported": len(report.imported), "refused": len(report.refused),
    }


def run_export_children(args) -> int:
    with open_context(args) as ctx:
        sent = ctx.send_down.send(args.out, None if args.all_children else args.to,
                                  passphrase=signing_passphrase(ctx), full=args.full,
                                  encrypt=args.encrypt)
    failed = [s for s in sent if s.error]
    if args.json:
        print_json([{"code": s.code, "name": s.name, "folder": str(s.folder),
                     "path": str(s.result.path) if s.result else None,
                     "seq": s.result.seq if s.result else None,
                     "records": s.result.records if s.result else None,
                     "error": s.error} for s in sent])
        return 1 if failed else 0
    for entry in sent:
        if entry.result:
            say(_("{name} ({code}): bundle {seq}, {records} records -> {path}").format(
                name=entry.name, code=entry.code, seq=entry.result.seq,
                records=entry.result.records, path=entry.result.path))
        else:
            say(_("{name} ({code}): NOT written: {error}").format(
                name=entry.name, code=entry.code, error=entry.error))
    say(_("{written} of {count} bundles written under {folder}.").format(
        written=len(sent) - len(failed), count=len(sent), folder=args.out))
    return 1 if failed else 0



