"""`dvk keys init|card|trust|list`: the office's signing key and the keys it trusts."""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.output import print_json, print_table, say
from app.cli.passphrase import passphrase
from app.i18n import _


def register(sub) -> None:
    keys = sub.add_parser("keys", help=_("the office's signing key and trusted keys"))
    actions = keys.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    init = actions.add_parser("init", help=_("create the office's signing key"))
    init.set_defaults(handler=run_init)

    card = actions.add_parser("card", help=_("write the office's public key card"))
    card.add_argument("--out", required=True, metavar=_("FILE"))
    card.set_defaults(handler=run_card)

    trust = actions.add_parser("trust", help=_("enrol another office's key card"))
    trust.add_argument("file", metavar=_("FILE"))
    trust.add_argument("--fingerprint", required=True, metavar=_("DIGITS"),
                       help=_("the fingerprint read over the phone by the other office"))
    trust.set_defaults(handler=run_trust)

    listing = actions.add_parser("list", help=_("show this office's key and the trusted keys"))
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)


def run_init(args) -> int:
    with open_context(args) as ctx:
        ctx.units.office()
        key = ctx.keys.create(passphrase(confirm=True))
    say(_("The office key {key_id} was created.").format(key_id=key["key_id"]))
    say(_("Fingerprint: {fingerprint}").format(fingerprint=key["fingerprint"]))
    return 0


def run_card(args) -> int:
    with open_context(args) as ctx:
        card = ctx.keys.write_card(args.out, passphrase())
    say(_("Key card written to {path}.").format(path=args.out))
    say(_("Fingerprint to read over the phone: {fingerprint}").format(
        fingerprint=card.fingerprint))
    return 0


def run_trust(args) -> int:
    with open_context(args) as ctx:
        card = ctx.keys.trust(args.file, args.fingerprint)
    say(_("The key of {unit} ({code}) is now trusted.").format(unit=card.unit_name,
                                                               code=card.unit_code))
    return 0


def run_list(args) -> int:
    with open_context(args) as ctx:
        own = ctx.keys.own()
        trusted = ctx.keys.trusted()
    if args.json:
        print_json({"office_key": own, "trusted": trusted})
        return 0
    if own:
        say(_("This office's key: {key_id}, fingerprint {fingerprint}").format(**own))
    else:
        say(_("This office has no signing key yet (dvk keys init)."))
    if not trusted:
        say(_("No trusted keys."))
        return 0
    print_table([_("Unit"), _("Name"), _("Key"), _("Fingerprint"), _("Enrolled"),
                 _("Revoked")],
                [(k["unit_code"], k["unit_name"], k["key_id"], k["fingerprint"],
                  k["enrolled_at"][:10], (k["revoked_at"] or "")[:10]) for k in trusted])
    return 0
