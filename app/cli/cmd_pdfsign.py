"""The office's official digital signature on PDFs (issue 22):

    dvk sign-pdf FILE --out FILE [--pkcs11 MODULE] [--slot N] [--cert LABEL]
                 [--pkcs12 FILE] [--pin-env VAR]
    dvk sign-pdf --decision NUMBER --out FILE ...   an issued decision of this office, as
                                              issued; kept and sent with the decision
    dvk signed-copy NUMBER --out FILE [--json]  the signed copy of a decision held here
    dvk verify-pdf FILE [--json]              exit 0 valid, 4 verified and refused
    dvk pdf-tokens [--pkcs11 MODULE] [--json] the token driver's slots, tokens, certificates
    dvk pdf-anchors list|add FILE|remove FINGERPRINT
    dvk pdf-settings show|set NAME VALUE|unset NAME

The PIN comes from the variable named by --pin-env (default DVK_TOKEN_PIN), or is
asked without echo when a person sits at the terminal; it is never stored.
"""

from __future__ import annotations

import getpass
import os
import sys

from app.cli.common import open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, print_table, say, warn
from app.domain.accounts import APPROVER
from app.errors import DvkError
from app.i18n import _


class UsageError(DvkError):
    exit_code = 2


EXIT_VALID = 0
EXIT_REFUSED = 4
PIN_VARIABLE = "DVK_TOKEN_PIN"


def _decision_and_out(parser) -> None:
    """Which decision, when its number is not enough, and where the signed PDF goes."""
    parser.add_argument("--issuer", metavar=_("CODE"), help=_(
        "the issuing office, when several issued the same number"))
    parser.add_argument("--year", type=int, metavar=_("YEAR"), help=_(
        "the year the decision was issued, when numbers repeat"))
    parser.add_argument("--out", required=True, metavar=_("FILE"),
                        help=_("where to write the signed PDF"))


def register(sub) -> None:
    sign = sub.add_parser("sign-pdf", help=_(
        "sign a PDF with the office's official digital signature (USB token or "
        "certificate file)"))
    sign.add_argument("file", metavar=_("FILE"), nargs="?", help=_(
        "the PDF to sign (it is not changed); or --decision"))
    sign.add_argument("--decision", metavar=_("NUMBER"), help=_(
        "sign this office's issued decision (its number as printed): the paper as issued "
        "(or as it reads once personal data on it was erased), kept in the data file and "
        "sent with the decision in the next bundles"))
    _decision_and_out(sign)
    sign.add_argument("--pkcs11", metavar=_("MODULE"), help=_(
        "the token's driver (PKCS#11 library, a DLL on Windows; default: the one set with "
        "dvk pdf-settings set module FILE)"))
    sign.add_argument("--slot", type=int, metavar=_("NUMBER"), help=_(
        "the slot of the token, as dvk pdf-tokens numbers them (default: the only token)"))
    sign.add_argument("--cert", default="", metavar=_("LABEL"), help=_(
        "the certificate on the token: its label or the start of its fingerprint "
        "(default: the only one)"))
    sign.add_argument("--pkcs12", metavar=_("FILE"), help=_(
        "sign with a certificate file (.p12 or .pfx) instead of a token"))
    sign.add_argument("--pin-env", default=PIN_VARIABLE, metavar=_("VARIABLE"), help=_(
        "the environment variable that holds the PIN (or the file's password); default "
        "DVK_TOKEN_PIN; without it the PIN is asked"))
    sign.add_argument("--json", action="store_true", help=_(JSON))
    sign.set_defaults(handler=run_sign)

    copy = sub.add_parser("signed-copy", help=_(
        "save the digitally signed copy of a decision held here (its signatures checked)"))
    copy.add_argument("number", metavar=_("NUMBER"), help=_("the decision's number as printed"))
    _decision_and_out(copy)
    copy.add_argument("--json", action="store_true", help=_(JSON))
    copy.set_defaults(handler=run_signed_copy)

    check = sub.add_parser("verify-pdf", help=_(
        "check the digital signatures of a PDF offline (exit 0 valid, 4 not valid)"))
    check.add_argument("file", metavar=_("FILE"), help=_("the signed PDF"))
    check.add_argument("--json", action="store_true", help=_(JSON))
    check.set_defaults(handler=run_verify)

    tokens = sub.add_parser("pdf-tokens", help=_(
        "the slots, tokens and certificates a token driver sees"))
    tokens.add_argument("--pkcs11", metavar=_("MODULE"), help=_(
        "the token's driver (default: the one set with dvk pdf-settings set module FILE)"))
    tokens.add_argument("--json", action="store_true", help=_(JSON))
    tokens.set_defaults(handler=run_tokens)

    anchors = sub.add_parser("pdf-anchors", help=_(
        "the root certificates this office trusts for signed PDFs"))
    actions = anchors.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    listing = actions.add_parser("list", help=_("the trust anchors installed"))
    listing.add_argument("--json", action="store_true", help=_(JSON))
    listing.set_defaults(handler=run_anchors_list)
    add = actions.add_parser("add", help=_(
        "install the root certificate(s) in a file (PEM, .cer, .crt or .p7b)"))
    add.add_argument("file", metavar=_("FILE"), help=_("the certificate file"))
    add.set_defaults(handler=run_anchors_add)
    remove = actions.add_parser("remove", help=_("stop trusting a root certificate"))
    remove.add_argument("fingerprint", metavar=_("FINGERPRINT"), help=_(
        "the start of its SHA-256 fingerprint (8 characters or more), as list shows it"))
    remove.set_defaults(handler=run_anchors_remove)

    settings = sub.add_parser("pdf-settings", help=_(
        "the token driver, timestamp service, seal and signature image for signed PDFs"))
    what = settings.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    show = what.add_parser("show", help=_("the settings"))
    show.add_argument("--json", action="store_true", help=_(JSON))
    show.set_defaults(handler=run_settings_show)
    put = what.add_parser("set", help=_(
        "set one: module FILE, timestamp-url URL, seal IMAGE, signature-image IMAGE"))
    put.add_argument("name", metavar=_("NAME"), help=_(
        "module, timestamp-url, seal or signature-image"))
    put.add_argument("value", metavar=_("VALUE"), help=_("the file or address"))
    put.set_defaults(handler=run_settings_set)
    unset = what.add_parser("unset", help=_("remove one setting"))
    unset.add_argument("name", metavar=_("NAME"), help=_(
        "module, timestamp-url, seal or signature-image"))
    unset.set_defaults(handler=run_settings_unset)


def pin(variable: str) -> str:
    """The PIN from `variable`, or asked without echo; never stored."""
    value = os.environ.get(variable)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise DvkError(_(
            "The token's PIN is needed: put it in the variable {variable} (or name "
            "another with --pin-env).").format(variable=variable))
    return getpass.getpass(_("PIN of the token (or password of the certificate file): "))


def run_sign(args) -> int:
    if bool(args.file) == bool(args.decision):
        raise UsageError(_("Give the PDF to sign, or --decision NUMBER (not both)."))
    with open_context(args) as ctx:
        ctx.accounts.require(APPROVER)  # before the PIN is asked
        service = ctx.pdf_signatures
        key = service.key(pkcs11=args.pkcs11, slot=args.slot, certificate=args.cert,
                          pkcs12=args.pkcs12)
        if args.decision:
            from app.printing.output import write_pdf

            decision_id = ctx.decisions.resolve(args.decision, args.issuer, args.year)
            signed = service.sign_decision(decision_id, key, pin(args.pin_env))
            write_pdf(args.out, signed.data)
        else:
            signed = service.sign_file(args.file, args.out, key, pin(args.pin_env))
    cert = signed.certificate
    if args.json:
        from app.pdfsign.certinfo import iso_vietnam

        print_json({"out": args.out, "signer": cert.subject,
                    "organisation": cert.organisation, "issuer": cert.issuer,
                    "serial": cert.serial, "certificate_sha256": cert.sha256,
                    "signing_time": iso_vietnam(signed.signed_at),
                    "level": "PAdES-" + signed.level, "field": signed.field_name,
                    "notes": signed.notes})
        return 0
    from app.pdfsign.certinfo import vietnam_time

    say(_("Signed: {path}").format(path=args.out))
    say(_("Signed by: {holder}").format(holder=cert.subject) +
        (f" - {cert.organisation}" if cert.organisation else ""))
    say(_("Signing time: {time} (Vietnam time); PAdES {level}").format(
        time=vietnam_time(signed.signed_at), level=signed.level))
    for note in signed.notes:
        warn(_("Note: {message}").format(message=note))
    return 0


def run_signed_copy(args) -> int:
    from app.printing.output import write_pdf

    with open_context(args) as ctx:
        service = ctx.pdf_signatures
        decision_id = ctx.decisions.resolve(args.number, args.issuer, args.year)
        data = service.signed_copy(decision_id)
        if data is None:
            raise DvkError(_(
                "This office holds no signed copy of decision {number}: the issuing office "
                "signs it (dvk sign-pdf --decision NUMBER) and sends it with the decision."
            ).format(number=args.number))
        copies = service.signed_copies(decision_id)
        report = service.verify_bytes(data, args.out)
        write_pdf(args.out, data)
    if args.json:
        print_json({"out": args.out, "valid": report.ok,
                    "copies": [c.as_json() for c in copies], "check": report.as_dict()})
    else:
        say(_("Saved the signed copy: {path}").format(path=args.out))
        for copy in copies:
            say(f"  {copy.signer}" + (f" - {copy.organisation}" if copy.organisation else "") +
                (" " + _("(withdrawn: personal data on it was erased)")
                 if copy.withdrawn else ""))
        say(report.headline)
    return EXIT_VALID if report.ok else EXIT_REFUSED


def run_verify(args) -> int:
    with open_context(args) as ctx:
        report = ctx.pdf_signatures.verify_file(args.file)
    if args.json:
        print_json(report.as_dict())
    else:
        say(report.headline)
        say(report.explanation())
        for index, signature in enumerate(report.signatures, start=1):
            say("")
            say(_("Signature {number} ({field}): {verdict}").format(
                number=index, field=signature.field_name,
                verdict=_("valid") if signature.ok else _("NOT valid")))
            for label, value in signature.rows():
                say(f"  {label}: {value}")
            for problem in signature.problems:
                say(f"  ! {problem}")
        for line in report.advice():
            say(f"- {line}")
    return EXIT_VALID if report.ok else EXIT_REFUSED


def run_tokens(args) -> int:
    from app.pdfsign.certinfo import vietnam_time

    with open_context(args) as ctx:
        slots = ctx.pdf_signatures.tokens(args.pkcs11)
    if args.json:
        print_json([{"slot": s.index, "description": s.description, "token": s.token_label,
                     "manufacturer": s.manufacturer, "serial": s.serial,
                     "certificates": [{"label": c.label, "holder": c.info.subject,
                                       "organisation": c.info.organisation,
                                       "issuer": c.info.issuer,
                                       "sha256": c.info.sha256,
                                       "valid_until": vietnam_time(c.info.not_after)}
                                      for c in s.certificates]} for s in slots])
        return 0
    rows = []
    for s in slots:
        if s.token_label is None:
            rows.append([s.index, s.description, _("(no token)"), "", ""])
            continue
        if not s.certificates:
            rows.append([s.index, s.description, s.token_label, _("(no certificate)"), ""])
        for c in s.certificates:
            rows.append([s.index, s.description, s.token_label, c.info.label(),
                         c.info.sha256[:16]])
    print_table([_("Slot"), _("Reader"), _("Token"), _("Signing certificate"), _("Fingerprint")], rows)
    return 0


def run_anchors_list(args) -> int:
    from app.pdfsign.certinfo import vietnam_time

    with open_context(args) as ctx:
        anchors = ctx.pdf_signatures.anchors()
    if args.json:
        print_json([{"name": a.subject, "organisation": a.organisation, "sha256": a.sha256,
                     "valid_until": vietnam_time(a.not_after)} for a in anchors])
        return 0
    if not anchors:
        say(_("No trust anchor is installed: signed PDFs can be checked, but no signer is "
              "trusted. Install the root certificate of the CA: dvk pdf-anchors add FILE."))
        return 0
    print_table([_("Name"), _("Organisation"), _("Valid until"), _("Fingerprint (SHA-256)")],
                [[a.subject, a.organisation, vietnam_time(a.not_after), a.sha256]
                 for a in anchors], max_width=64)
    return 0


def run_anchors_add(args) -> int:
    with open_context(args) as ctx:
        added = ctx.pdf_signatures.add_anchors(args.file)
    if not added:
        say(_("These certificates were already trusted; nothing changed."))
    for cert in added:
        say(_("Trusted from now on: {name} ({fingerprint})").format(
            name=cert.subject, fingerprint=cert.sha256[:16]))
    return 0


def run_anchors_remove(args) -> int:
    with open_context(args) as ctx:
        gone = ctx.pdf_signatures.remove_anchor(args.fingerprint)
    say(_("No longer trusted: {name}").format(name=gone.subject))
    return 0


def run_settings_show(args) -> int:
    with open_context(args) as ctx:
        values = ctx.pdf_signatures.settings().as_json()
    if args.json:
        print_json(values)
        return 0
    print_table([_("Setting"), _("Value")],
                [[name, value if value else _("(not set)")] for name, value in values.items()])
    return 0


def run_settings_set(args) -> int:
    with open_context(args) as ctx:
        ctx.pdf_signatures.set_setting(args.name, args.value)
    say(_("Saved."))
    return 0


def run_settings_unset(args) -> int:
    with open_context(args) as ctx:
        ctx.pdf_signatures.set_setting(args.name, None)
    say(_("Saved."))
    return 0
