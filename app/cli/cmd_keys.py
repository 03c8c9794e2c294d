"""`dvk keys init|card|trust|list|certify|rotate|revoke|replace`: the office's signing
key, the keys it trusts, and trust along the unit tree."""

from __future__ import annotations

from app.cli.common import open_context
from app.cli.helptexts import JSON, UNIT_BELOW
from app.cli.output import print_json, print_table, say
from app.cli.passphrase import signing_passphrase
from app.i18n import N_, _
from app.sync.trust_service import DEFAULT_YEARS, day_text, state_text, via_text

FINGERPRINT = N_("the fingerprint read over the phone by the other office")
CERTIFIED_YEARS = N_("how long the key of an office below is certified")
WHY_REVOKED = N_("why (for example: computer stolen)")


def register(sub) -> None:
    keys = sub.add_parser("keys", help=_("the office's signing key and trusted keys"))
    actions = keys.add_subparsers(dest="action", required=True, metavar=_("ACTION"))

    init = actions.add_parser("init", help=_("create the office's signing key"))
    init.add_argument("--replace", action="store_true",
                      help=_("make a new key because the old one was lost (the office above "
                             "then enrols it: dvk keys replace)"))
    init.set_defaults(handler=run_init)

    card = actions.add_parser("card", help=_("write the office's public key card"))
    card.add_argument("--out", required=True, metavar=_("FILE"),
                      help=_("the key card file to write"))
    card.set_defaults(handler=run_card)

    trust = actions.add_parser("trust", help=_("enrol another office's key card"))
    trust.add_argument("file", metavar=_("FILE"),
                       help=_("the key card file the other office sent"))
    trust.add_argument("--fingerprint", required=True, metavar=_("DIGITS"),
                       help=_(FINGERPRINT))
    trust.add_argument("--years", type=int, default=DEFAULT_YEARS, metavar=_("NUMBER"),
                       help=_(CERTIFIED_YEARS))
    trust.set_defaults(handler=run_trust)

    listing = actions.add_parser("list", help=_("show this office's key and the trusted keys"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_list)

    certify = actions.add_parser("certify", help=_(
        "certify again the key of an office below (a new expiry)"))
    certify.add_argument("unit", metavar=_("UNIT_CODE"), help=_(UNIT_BELOW))
    certify.add_argument("--years", type=int, default=DEFAULT_YEARS, metavar=_("NUMBER"),
                         help=_(CERTIFIED_YEARS))
    certify.set_defaults(handler=run_certify)

    rotate = actions.add_parser("rotate", help=_(
        "replace this office's key by a new one signed by the old one"))
    rotate.set_defaults(handler=run_rotate)

    revoke = actions.add_parser("revoke", help=_("revoke the key of an office below"))
    revoke.add_argument("unit", metavar=_("UNIT_CODE"), help=_(UNIT_BELOW))
    revoke.add_argument("--reason", default="", metavar=_("TEXT"), help=_(WHY_REVOKED))
    revoke.add_argument("--key", metavar=_("KEY_ID"), help=_("only this key of the unit"))
    revoke.set_defaults(handler=run_revoke)

    replace = actions.add_parser("replace", help=_(
        "an office below lost its key: revoke it and enrol its new key card"))
    replace.add_argument("unit", metavar=_("UNIT_CODE"), help=_(UNIT_BELOW))
    replace.add_argument("file", metavar=_("FILE"), help=_("the new key card"))
    replace.add_argument("--fingerprint", required=True, metavar=_("DIGITS"),
                         help=_(FINGERPRINT))
    replace.add_argument("--reason", default="", metavar=_("TEXT"), help=_(WHY_REVOKED))
    replace.add_argument("--years", type=int, default=DEFAULT_YEARS, metavar=_("NUMBER"),
                         help=_(CERTIFIED_YEARS))
    replace.set_defaults(handler=run_replace)


def run_init(args) -> int:
    with open_context(args) as ctx:
        ctx.units.office()
        key = ctx.keys.create(signing_passphrase(ctx, confirm=True), replace=args.replace)
    say(_("The office key {key_id} was created.").format(key_id=key.key_id))
    say(_("Fingerprint: {fingerprint}").format(fingerprint=key.fingerprint))
    return 0


def run_card(args) -> int:
    with open_context(args) as ctx:
        card = ctx.keys.write_card(args.out, signing_passphrase(ctx))
    say(_("Key card written to {path}.").format(path=args.out))
    say(_("Fingerprint to read over the phone: {fingerprint}").format(
        fingerprint=card.fingerprint))
    return 0


def run_trust(args) -> int:
    with open_context(args) as ctx:
        card = ctx.keys.trust(args.file, args.fingerprint, years=args.years)
    say(_("The key of {unit} ({code}) is now trusted.").format(unit=card.unit_name,
                                                               code=card.unit_code))
    return 0


def run_list(args) -> int:
    with open_context(args) as ctx:
        own = ctx.keys.own()
        known = ctx.trust.keys()
        problem = ctx.trust.own_problem()
    if args.json:
        print_json({"office_key": own.as_json() if own else None,
                    "trusted": [k.as_json() for k in known if k.enrolled],
                    "keys": [k.as_json() for k in known],
                    "problem": problem})
        return 0
    if own:
        say(_("This office's key: {key_id}, fingerprint {fingerprint}").format(**own.as_json()))
    else:
        say(_("This office has no signing key yet (dvk keys init)."))
    if problem:
        say(problem)
    if not known:
        say(_("No trusted keys."))
        return 0
    print_table([_("Unit"), _("Name"), _("Key"), _("Fingerprint"), _("Known by"),
                 _("Valid until"), _("State")],
                [(k.unit_code, k.unit_name, k.key_id, k.fingerprint,
                  via_text(k.via), day_text(k.expires_at), state_text(k)) for k in known])
    return 0


def run_certify(args) -> int:
    with open_context(args) as ctx:
        result = ctx.trust.certify(args.unit, years=args.years,
                                   passphrase=signing_passphrase(ctx))
    say(_("The key {key_id} of {code} is certified until {date}.").format(
        key_id=result.key_id, code=result.unit_code, date=day_text(result.expires_at)))
    return 0


def run_rotate(args) -> int:
    with open_context(args) as ctx:
        key = ctx.trust.rotate(signing_passphrase(ctx))
    say(_("The office key {key_id} replaces {old}; the offices above and below accept it "
          "with the next bundles.").format(key_id=key.key_id, old=key.old_key_id))
    say(_("Fingerprint: {fingerprint}").format(fingerprint=key.fingerprint))
    return 0


def run_revoke(args) -> int:
    with open_context(args) as ctx:
        revoked = ctx.trust.revoke(args.unit, reason=args.reason,
                                   passphrase=signing_passphrase(ctx),
                                   key_id=args.key)
    say(_("Revoked from now on: {keys} ({code}). Bundles signed with it before stay valid; "
          "the revocation goes up and down with the next bundles.").format(
        keys=", ".join(revoked), code=args.unit))
    return 0


def run_replace(args) -> int:
    with open_context(args) as ctx:
        result = ctx.trust.replace(args.unit, args.file, args.fingerprint,
                                   passphrase=signing_passphrase(ctx), reason=args.reason,
                                   years=args.years)
    say(_("The new key {key_id} of {code} is enrolled and certified; revoked: {old}.").format(
        key_id=result.key_id, code=result.unit_code,
        old=", ".join(result.revoked) or "-"))
    return 0


