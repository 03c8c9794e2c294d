"""`dvk users add|list|passwd|disable|enable|role`: optional user accounts."""

from __future__ import annotations

import dataclasses

from app.cli.common import open_context
from app.cli.helptexts import ACCOUNT, JSON
from app.cli.output import print_json, print_table, say
from app.cli.passphrase import new_password
from app.domain import stamps
from app.domain.accounts import ROLES, role_label
from app.i18n import N_, _

ROLE = N_("nhap_lieu: data entry; duyet_ky: approve and sign; quan_tri: administrator")


def register(sub) -> None:
    users = sub.add_parser("users", help=_(
        "user accounts and roles (off until the first administrator is added)"))
    actions = users.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    add = actions.add_parser("add", help=_(
        "add an account (password in DVK_NEW_PASSWORD, or asked); the first one must be "
        "an administrator and turns accounts on"))
    add.add_argument("name", metavar=_("NAME"), help=_(ACCOUNT))
    add.add_argument("--role", required=True, choices=ROLES, help=_(ROLE))
    add.add_argument("--full-name", default="", metavar=_("TEXT"),
                     help=_("the person's full name"))
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", help=_("list the accounts"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)

    passwd = actions.add_parser("passwd", help=_(
        "set a password (your own, or anyone's as administrator; new password in "
        "DVK_NEW_PASSWORD, or asked)"))
    passwd.add_argument("name", metavar=_("NAME"), help=_(ACCOUNT))
    passwd.set_defaults(handler=run_passwd)

    for name, active, text in (("disable", False, _("disable an account (it is never deleted)")),
                               ("enable", True, _("enable a disabled account again"))):
        parser = actions.add_parser(name, help=text)
        parser.add_argument("name", metavar=_("NAME"), help=_(ACCOUNT))
        parser.set_defaults(handler=run_active, active=active)

    role = actions.add_parser("role", help=_("change an account's role"))
    role.add_argument("name", metavar=_("NAME"), help=_(ACCOUNT))
    role.add_argument("role", choices=ROLES, help=_(ROLE))
    role.set_defaults(handler=run_role)


def run_add(args) -> int:
    with open_context(args) as ctx:
        first = not ctx.accounts.enabled()
        user = ctx.accounts.add(args.name, new_password(), args.role, args.full_name)
    say(_("Account {name} ({role}) added.").format(name=user.name,
                                                     role=role_label(user.role)))
    if first:
        say(_("Accounts are on: from now on everyone signs in (in the window; on the command "
              "line with --user NAME and DVK_PASSWORD)."))
    return 0


def run_list(args) -> int:
    with open_context(args) as ctx:
        rows = ctx.accounts.users()
        enabled = ctx.accounts.enabled()
    if args.json:
        print_json({"enabled": enabled, "users": [
            {**dataclasses.asdict(r), "active": int(r.active)} for r in rows]})
        return 0
    if not rows:
        say(_("No accounts: everyone using this PC may do everything (add an administrator "
              "with: dvk users add NAME --role quan_tri)."))
        return 0
    print_table([_("User"), _("Full name"), _("Account role"), _("Active"), _("Last sign-in")],
                [(r.name, r.full_name, role_label(r.role), _("yes") if r.active else _("no"),
                  stamps.show(r.last_login_at)) for r in rows])
    return 0


def run_passwd(args) -> int:
    with open_context(args) as ctx:
        ctx.accounts.set_password(args.name, new_password())
    say(_("The password of {name} was changed.").format(name=args.name))
    return 0


def run_active(args) -> int:
    with open_context(args) as ctx:
        ctx.accounts.set_active(args.name, args.active)
    say((_("The account {name} is enabled.") if args.active else
         _("The account {name} is disabled.")).format(name=args.name))
    return 0


def run_role(args) -> int:
    with open_context(args) as ctx:
        ctx.accounts.set_role(args.name, args.role)
    say(_("{name} now has the role {role}.").format(name=args.name, role=role_label(args.role)))
    return 0
