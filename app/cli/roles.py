"""Which role each `dvk` command needs once the office uses accounts.

The roles are enforced by the services the window and the command line share
(`ctx.accounts.require(...)`, and `ctx.writer()` for any record written), so a job
needs the same role in both. This table says the rule in one place: README lists
it, and a test walks every command of the parser against it (a command without an
entry here fails that test).

The rule:
- choosing the office, accounts, restoring a backup and the office's configuration
  (print settings and wording, numbering books, rubrics): the administrator (quản trị);
- everything signed or issued in the office's name: bundles, key cards, statements
  about keys, certificates (their signed codes), issuing or correcting a decision,
  sending a proposal, campaign deadlines, unit mergers: the approver (duyệt, ký);
- data entry, including recording the council's scores and verdicts, drafting
  decisions and proposals, imports and backups: the data-entry clerk (nhập liệu);
- reading (lists, papers printed to a file, statistics, checks, exports to Excel):
  no role. Whoever holds the data file can read it anyway; roles protect what is
  written and signed, not what is read.
"""

from __future__ import annotations

from app.domain.accounts import ADMIN, APPROVER, CLERK

READ = None  # no role: the command changes nothing in the data file and signs nothing
WINDOW = "window"  # `dvk gui`: the window asks to sign in before it shows anything

COMMAND_ROLES: dict[str, str | None] = {
    "gui": WINDOW,
    "screenshots": ADMIN,  # with --db: every screen of the office without signing in
    "demo": READ,  # writes a new demo network in its own folder
    "setup": ADMIN,
    "units list": READ,
    "units add": CLERK,
    "units merge": APPROVER,
    "units mergers": READ,
    "models list": READ,
    "models show": READ,
    "models add": CLERK,
    "models withdraw": CLERK,
    "scores list": READ,
    "scores show": READ,
    "scores new": CLERK,
    "scores set": CLERK,
    "scores note": CLERK,
    "scores members": CLERK,
    "scores submit": CLERK,
    "scores approve": CLERK,
    "scores lock": CLERK,
    "scores rekey": CLERK,
    "scores compare": READ,
    "scores return": CLERK,
    "scores correct": CLERK,
    "scores council": READ,
    "rubrics list": READ,
    "rubrics show": READ,
    "rubrics copy": ADMIN,
    "rubrics edit": ADMIN,
    "rubrics assign": ADMIN,
    "rubrics assignments": READ,
    "recognition status": READ,
    "recognition recognise": CLERK,
    "recognition refuse": CLERK,
    "recognition return": CLERK,
    "recognition history": READ,
    "recognition chain": READ,
    "recognition review": READ,
    "recognition due": READ,
    "proposals list": READ,
    "proposals candidates": READ,
    "proposals create": CLERK,
    "proposals add": CLERK,
    "proposals remove": CLERK,
    "proposals send": APPROVER,
    "proposals show": READ,
    "decisions list": READ,
    "decisions show": READ,
    "decisions draft": CLERK,
    "decisions add": CLERK,
    "decisions remove": CLERK,
    "decisions issue": APPROVER,
    "decisions amend": APPROVER,
    "numbering list": READ,
    "numbering set": ADMIN,
    "numbering entries": READ,
    "print registration": READ,
    "print scoresheet": READ,
    "print proposal": READ,
    "print decision": READ,
    "print certificates": APPROVER,  # this office's certificates, with signed codes
    "print report": READ,
    "print sample": READ,
    "print settings": READ,
    "print set": ADMIN,
    "print unset": ADMIN,
    "print presets": READ,
    "print calibration": READ,
    "print offsets": APPROVER,  # whoever prints the certificates sets their printer
    "print blank-layout show": READ,
    "print blank-layout set": ADMIN,
    "print blank-layout reset": ADMIN,
    "print emblem": ADMIN,
    "print wording show": READ,
    "print wording set": ADMIN,
    "print wording reset": ADMIN,
    "keys init": APPROVER,
    "keys card": APPROVER,
    "keys trust": APPROVER,
    "keys list": READ,
    "keys certify": APPROVER,
    "keys rotate": APPROVER,
    "keys revoke": APPROVER,
    "keys replace": APPROVER,
    "export": APPROVER,  # one bundle, or one per office below (--all-children)
    "verify": READ,
    "import": CLERK,  # one bundle, several, or folders (a whole stick)
    "communes": READ,  # the communes' status board (also to a PDF or Excel file)
    "conflicts list": READ,
    "conflicts reviewed": CLERK,
    "calendar list": READ,
    "calendar set": APPROVER,
    "calendar periods": READ,
    "calendar guideline": APPROVER,
    "calendar period-add": APPROVER,
    "stats": READ,
    "import-excel": CLERK,
    "export-excel": READ,
    "excel-template": READ,
    "guide": READ,
    "verify-certificate": READ,
    "publish-verifier": READ,  # public keys and issued decisions' ids only; signs nothing
    "verifier-link": ADMIN,  # setting what every certificate's QR code holds; showing: none
    "export-data": READ,  # an export, like export-excel
    "check": READ,
    "backup": CLERK,  # noted in the audit log
    "restore": ADMIN,
    "users add": ADMIN,  # the first account needs none: it turns accounts on
    "users list": READ,
    "users passwd": ADMIN,  # anyone's; one's own with the old password in the window
    "users disable": ADMIN,
    "users enable": ADMIN,
    "users role": ADMIN,
    "audit": READ,
    "privacy show": READ,
    "privacy requests": READ,
    "privacy erasures": READ,
    "privacy correct": CLERK,
    "privacy request": CLERK,
    "privacy erase": APPROVER,  # erases data in the office's issued decisions too
    "privacy purge": APPROVER,
    "encryption on": ADMIN,
    "encryption passphrase": ADMIN,
    "encryption status": READ,
    "audit children": READ,
    "audit checkpoint": APPROVER,  # signed with the office key
    "audit accept": APPROVER,  # lets an office below send again after a rewritten log
}


def command_names(parser) -> list[str]:
    """Every command of the parser, as typed ("keys rotate", "print wording set")."""
    import argparse

    names: list[str] = []

    def walk(node, prefix: list[str]) -> None:
        subs = [a for a in node._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs or (prefix and node.get_default("handler") is not None):
            names.append(" ".join(prefix))  # a command, even with actions of its own
        if not subs:
            return
        for name, child in subs[0].choices.items():
            walk(child, [*prefix, name])

    walk(parser, [])
    return names


__all__ = ["ADMIN", "APPROVER", "CLERK", "COMMAND_ROLES", "READ", "WINDOW", "command_names"]
