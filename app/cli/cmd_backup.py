"""`dvk backup --out FILE`, `dvk restore FILE [--dry-run]`: copies of the data file."""

from __future__ import annotations

from pathlib import Path

from app import atrest
from app.cli.common import db_path, open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, say
from app.context import AppContext
from app.errors import DvkError
from app.i18n import _
from app.services.backup import (
    Preview,
    office_of_data_file,
    open_error_is_damage,
    preview_file,
    restore_damaged,
)


def register(sub) -> None:
    backup = sub.add_parser("backup", help=_("copy the data file to a file, folder or stick"))
    backup.add_argument("--out", required=True, metavar=_("FILE"),
                        help=_("the backup file, or a folder to put a dated backup in"))
    backup.add_argument("--json", action="store_true", help=_(JSON))
    backup.set_defaults(handler=run_backup)

    restore = sub.add_parser("restore", help=_(
        "put a backup in place of the data file (the current data is copied aside first)"))
    restore.add_argument("file", metavar=_("FILE"), help=_("the backup file to restore"))
    restore.add_argument("--dry-run", action="store_true",
                         help=_("show what the backup holds and change nothing"))
    restore.add_argument("--json", action="store_true", help=_(JSON))
    restore.set_defaults(handler=run_restore)


def run_backup(args) -> int:
    with open_context(args) as ctx:
        path = ctx.backups.backup_to(args.out)
        preview = ctx.backups.preview(path)
    if args.json:
        print_json(_as_json(preview))
        return 0
    say(_("Backup written to {path}.").format(path=path))
    return 0


def _as_json(preview: Preview) -> dict:
    c = preview.contents
    return {"path": str(c.path), "made_at": c.made_at, "office_code": c.office_code,
            "office_name": c.office_name, "schema_version": c.schema_version,
            "migrations": c.migrations, "size": c.size, "counts": c.counts,
            "integrity": c.integrity, "checksum": c.checksum, "serial": c.serial,
            "problems": preview.problems, "ok": preview.ok}


def _open_current(args) -> tuple[AppContext | None, DvkError | None]:
    """The current data file, or the reason it cannot be opened (damaged, missing: a
    backup may take its place; that is no new empty file)."""
    target = db_path(args)
    if not target.exists():
        return None, None
    try:
        return open_context(args), None
    except DvkError as error:
        if open_error_is_damage(error):
            return None, error
        raise


def run_restore(args) -> int:
    backup = Path(args.file)
    ctx, damage = _open_current(args)
    if atrest.needs_unlocking(backup):  # an encrypted backup of another data file
        from app.cli.passphrase import unlock_data_file

        try:
            unlock_data_file(backup)
        except DvkError:
            if ctx is not None:
                ctx.close()
            raise
    try:
        preview = ctx.backups.preview(backup) if ctx else preview_file(
            backup, office_of_data_file(db_path(args)))
        if args.json and args.dry_run:
            print_json({**_as_json(preview), "dry_run": True})
        elif not args.json:
            for line in preview.lines():
                say(line)
            for problem in preview.problems:
                say(_("PROBLEM: {problem}").format(problem=problem))
        if args.dry_run:
            if not args.json:
                say(_("Dry run: nothing was changed."))
            return 0 if preview.ok else 1
        if not preview.ok:
            raise DvkError(" ".join(preview.problems))
        if ctx is not None:
            safety = ctx.backups.restore(backup)
            aside = None
        else:
            aside = restore_damaged(backup, db_path(args))
            safety = None
    finally:
        if ctx is not None:
            ctx.close()
    if ctx is None:
        with AppContext.open(db_path(args), create=False) as restored:
            restored.backups.after_restore()
    if args.json:
        print_json({**_as_json(preview), "dry_run": False, "restored": True,
                    "safety_copy": str(safety) if safety else None,
                    "damaged_file": str(aside) if aside else None})
        return 0
    say(_("Restored. The next bundles start a new sequence, so they cannot clash with "
          "bundles sent after this backup was made."))
    if safety:
        say(_("The data as it was before is kept in {path}.").format(path=safety))
    if aside:
        say(_("The damaged file was kept as {path}.").format(path=aside))
    if damage is not None:
        say(_("The data file could not be opened before: {reason}").format(
            reason=damage.message))
    return 0
