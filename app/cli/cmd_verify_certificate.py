"""`dvk verify-certificate TEXT_OR_IMAGE`: is a printed certificate genuine?

The argument is a photo, a scan or a PDF of the certificate when such a file exists,
otherwise the text of its code (as a phone's QR reader shows it). One line with the
verdict, then why, the content to compare with the paper, and what to do. Exit code
0 when genuine, 4 when not genuine or not confirmed (every code of a file must be
genuine for 0).
"""

from __future__ import annotations

from pathlib import Path

from app.certificates.verify import Verdict
from app.cli.common import open_context
from app.cli.helptexts import JSON
from app.cli.output import print_json, say
from app.i18n import _

EXIT_GENUINE = 0
EXIT_REFUSED = 4


def register(sub) -> None:
    verify = sub.add_parser("verify-certificate", help=_(
        "check offline whether a printed certificate is genuine"))
    verify.add_argument("source", metavar=_("TEXT_OR_IMAGE"), help=_(
        "a photo, scan or PDF of the certificate, or the text of its QR code"))
    verify.add_argument("--json", action="store_true", help=_(JSON))
    verify.set_defaults(handler=run_verify)


def _show(verdict: Verdict, several: bool) -> None:
    say(f"{verdict.headline} ({verdict.source})" if several and verdict.source
        else verdict.headline)
    say(verdict.explanation)
    content = verdict.content()
    if content:
        say(_("Content of the code:") if verdict.confirmed else
            _("What the code claims (NOT confirmed):"))
        for label, value in content:
            say(f"  {label}: {value}")
    for line in verdict.advice:
        say(f"- {line}")


def _is_file(source: str) -> bool:
    """A code is no file name: too long for one on most systems (the check fails)."""
    try:
        return Path(source).is_file()
    except (OSError, ValueError):
        return False


def run_verify(args) -> int:
    source = args.source
    with open_context(args) as ctx:
        codes = ctx.certificate_codes
        if _is_file(source):
            verdicts = codes.verify_file(source)
        else:
            verdicts = [codes.verify_text(source)]
    all_genuine = all(v.genuine for v in verdicts)
    if args.json:
        print_json({"genuine": all_genuine, "verdicts": [v.as_dict() for v in verdicts]})
    else:
        for index, verdict in enumerate(verdicts):
            if index:
                say("")
            _show(verdict, len(verdicts) > 1)
    return EXIT_GENUINE if all_genuine else EXIT_REFUSED
