"""The longest text each field may hold, in one place (no I/O, no Qt).

Local entry (the window's forms, the command line, an Excel register) refuses a longer
text with a message beside the field; the bundle importer refuses a record whose text
is longer than its table's limit here (issue 15); printing and the other outputs never
lay out more than these (text stored before the limits existed is cut with "…").
Generous for a clerk, small enough that a stray 10 MB paste is caught and explained
instead of stored.

`MAX_LENGTH[table][column]`: the limit of a free-text column of a stored table, by the
table and column names the records travel with; every other text column of those
tables (ids, codes, dates and times, states, numbers the program makes, user names)
is at most OTHER_TEXT (`limit()` gives either); `too_long()` says it in words.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.i18n import _

# Kinds of text.
NAME = 300  # a one-line name or title: a model, a rubric, a body, a signer
PERSON_NAME = 120  # a person's full name, a council member and their role
UNIT_NAME = 200  # a unit of the tree (a village, a branch, a commune...)
PHONE = 40
UNIT_OF_MEASURE = 60
CODE = 20  # a rubric item's code, a Party term
FILE_NAME = 255
REASON = 2_000  # a reason, a remark, a note, a criterion's text
LONG_TEXT = 20_000  # a part of a registration form (the situation, the goals...)
KEY_REASON = 200  # why a key was revoked
GUIDELINE = 500  # a guideline cited by number, date, issuer and subject
# An issued decision's frozen paper (canonical JSON of every text printed on it, and of
# each of its lines and certificates; app/printing/frozen.py).
FROZEN_PAPER = 20_000
OTHER_TEXT = 100  # an id, a code, a date or time, a state, a number like 01-QĐ/BCĐ

# The parts of a registration form that may run to pages.
REGISTRATION_LONG_TEXTS = (
    "situation", "goals", "content_methods", "area", "target_group", "force_lead",
    "force_coordinating", "force_participating", "resources", "outputs", "sustainability",
)

MAX_LENGTH: Mapping[str, Mapping[str, int]] = {
    "registrations": {
        "name": NAME, "registrant": NAME, "receiving_body": NAME, "contact_phone": PHONE,
        "withdraw_reason": REASON, **dict.fromkeys(REGISTRATION_LONG_TEXTS, LONG_TEXT),
        # search keys derived from the name, the registrant and the sub-unit
        "name_fold": 2 * NAME, "registrant_fold": 2 * NAME,
        "search_words": 4 * (2 * NAME + UNIT_NAME),
    },
    "persons": {"full_name": PERSON_NAME, "position": NAME, "address": NAME, "phone": PHONE},
    "targets": {"indicator": NAME, "unit_of_measure": UNIT_OF_MEASURE},
    "milestones": {"description": LONG_TEXT},
    "evidence": {"file_name": FILE_NAME, "caption": NAME, "media_type": 100},
    "units": {"name": UNIT_NAME, "name_fold": 2 * UNIT_NAME},
    "unit_mergers": {"note": 500},
    "periods": {"name": NAME, "guideline": GUIDELINE},
    "rubrics": {"name": NAME, "note": REASON},
    "rubric_items": {"code": CODE, "text": REASON, "guidance": REASON, "evidence": REASON},
    "score_sheets": {"return_reason": REASON, "correction_reason": REASON,
                     "remarks": REASON},
    "sheet_lines": {"remarks": REASON, "evidence": REASON},
    "council_members": {"name": PERSON_NAME, "role": PERSON_NAME},
    "council_scores": {"remark": REASON},
    "proposals": {"note": REASON, "addressee": NAME},
    "proposal_items": {"reason": REASON},
    "recognition_steps": {"reason": REASON},
    "decisions": {"amend_reason": REASON, "issuer": NAME, "period": NAME,
                  "signer_on_behalf": NAME, "signer_title": NAME, "signer_name": NAME,
                  "paper": FROZEN_PAPER},
    # snapshots of a registration and its unit when the decision was drafted
    "decision_items": {"model_name": NAME, "registrant": NAME, "unit_name": UNIT_NAME,
                       "detail": NAME + UNIT_NAME + 2, "paper": FROZEN_PAPER},
    # a decision's digitally signed copy: what its signer's certificate says
    "decision_signatures": {"signer": NAME, "organisation": NAME, "certificate_issuer": NAME},
    "users": {"full_name": PERSON_NAME},
    "numbering_books": {"name": NAME, "term": CODE},
    # the office's print settings (settings table, key -> text)
    "print_settings": {"print.superior": NAME, "print.body": NAME, "print.authority": NAME,
                       "print.signer_on_behalf": NAME, "print.signer_title": NAME,
                       "print.signer_name": NAME, "place_name": NAME,
                       # Điều 3 names every office that executes a decision
                       "print.executor": 2 * NAME},
    "key_statements": {"reason": KEY_REASON},
    # an erasure names the registrations of the person it erased (ids, as JSON)
    "erasures": {"registrations": 200 * 40},
    "privacy_requests": {"note": REASON},
    # a receipt lists the numbers below its last bundle never imported (issue 25): a
    # commune carried only the latest of the province's weekly bundles lists dozens,
    # and at 100 characters its receipt was rejected every time (the red team's find)
    "sync_receipts": {"missing": 200_000},
    # signed checkpoints of the audit log: an Ed25519 signature is 128 hex digits
    "audit_checkpoints": {"signature": 128},
    "audit_rewrites_accepted": {"reason": REASON},
}


def limit(table: str, column: str) -> int:
    """The longest text `table.column` may hold: its free-text limit, else OTHER_TEXT
    (an id, a code, a date, a state...)."""
    return MAX_LENGTH.get(table, {}).get(column, OTHER_TEXT)


def too_long(limit: int) -> str:
    """The message beside a field whose text is longer than `limit`."""
    return _("Too long: at most {limit} characters.").format(
        limit=f"{limit:,}".replace(",", "."))


def length_problem(value: str | None, limit: int) -> str | None:
    """The message for a text longer than `limit`, else None."""
    return too_long(limit) if value and len(value) > limit else None


def over_limit(table: str, row: Mapping[str, object]) -> list[tuple[str, int]]:
    """The (column, limit) of every text of `row` longer than its table allows (for
    records that did not come through a form: bundles, files)."""
    return [(column, limit(table, column)) for column, value in row.items()
            if isinstance(value, str) and len(value) > limit(table, column)]
