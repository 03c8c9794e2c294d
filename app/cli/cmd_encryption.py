"""`dvk encryption on|status|passphrase`: the data file encrypted at rest (SQLCipher;
docs/privacy.md). Portable mode (a USB stick) should always be encrypted; a PC may be."""

from __future__ import annotations

from app import atrest
from app.cli.common import db_path, open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, say
from app.cli.passphrase import new_data_passphrase
from app.context import AppContext
from app.domain.accounts import ADMIN
from app.errors import DvkError
from app.i18n import _


def register(sub) -> None:
    parser = sub.add_parser("encryption", help=_(
        "the data file encrypted at rest: turn it on, see it, change its passphrase"))
    actions = parser.add_subparsers(dest="action", required=True, metavar=_("ACTION"))
    on = actions.add_parser("on", help=_(
        "encrypt the data file and its future backups (the passphrase in "
        "DVK_NEW_DATA_PASSPHRASE, or asked); prints the recovery key"))
    on.add_argument("--recovery-out", metavar=_("FILE.pdf"), help=_(
        "also write the recovery key to this PDF, to print and lock away"))
    on.set_defaults(handler=run_on)
    status = actions.add_parser("status", help=_("is the data file encrypted?"))
    status.add_argument("--json", action="store_true", help=_(JSON))
    status.set_defaults(handler=run_status)
    change = actions.add_parser("passphrase", help=_(
        "a new passphrase (the new one in DVK_NEW_DATA_PASSPHRASE, or asked; the old one "
        "in DVK_DATA_PASSPHRASE, or asked, or --recovery)"))
    change.add_argument("--recovery", metavar=_("KEY"), help=_(
        "the recovery key, when the passphrase is forgotten"))
    change.set_defaults(handler=run_passphrase)


def run_on(args) -> int:
    path = db_path(args)
    if atrest.is_encrypted(path):
        raise DvkError(_("The data file {path} is already encrypted.").format(path=path))
    with open_context(args) as ctx:  # an administrator's job, once accounts are on
        ctx.accounts.require(ADMIN)
        office = ctx.units.office().name if ctx.setting("office_code") else ""
        actor = ctx.actor
    result = atrest.enable(path, new_data_passphrase())
    with AppContext.open(path, actor=actor) as ctx:
        ctx.privacy.encryption_done()
    say(_("The data file is encrypted. Its recovery key (write it down or print it, and "
          "keep it locked away; DVK does not keep it):"))
    say("    " + result.recovery_key)
    if args.recovery_out:
        from app.printing.recovery_sheet import recovery_sheet

        written = recovery_sheet(atrest.recovery_sheet_text(office, result.recovery_key),
                                 args.recovery_out, key=result.recovery_key)
        say(_("Recovery key written to {path}: print it, then delete the file.").format(
            path=written))
    say(_("From now on DVK asks the passphrase when it opens this file (on the command "
          "line: DVK_DATA_PASSPHRASE). Backups are encrypted too; the key file {file} "
          "goes with them.").format(file=result.key_file.name))
    return 0


def run_status(args) -> int:
    path = db_path(args)
    encrypted = atrest.is_encrypted(path)
    if args.json:
        print_json({"path": str(path), "encrypted": encrypted,
                    "key_file": str(atrest.key_file(path)) if encrypted else None})
        return 0
    say(_("The data file {path} is encrypted (SQLCipher).").format(path=path) if encrypted
        else _("The data file {path} is not encrypted.").format(path=path))
    return 0


def run_passphrase(args) -> int:
    path = db_path(args)
    if args.recovery:
        atrest.unlock(path, recovery=args.recovery)  # the forgotten passphrase's way
    with open_context(args) as ctx:  # asks the passphrase of an encrypted file
        ctx.accounts.require(ADMIN)
        if not atrest.is_encrypted(path):
            raise DvkError(_("The data file {path} is not encrypted.").format(path=path))
        ctx.privacy.change_data_passphrase(new_data_passphrase())  # unlocked above
    say(_("The passphrase of the data file was changed."))
    return 0
