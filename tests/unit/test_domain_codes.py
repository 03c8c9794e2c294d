"""The registration's codes, the states of proposals and decisions and the way a
bundle travels are StrEnums in app/domain (issue 21, point 3): equal to the code
they name and hashed like it, so stored values, drafts and bundles keep their
bytes; and code outside the domain names them instead of spelling the strings."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from app.domain.bundles import InboxEntry, Way
from app.domain.recognition import (
    DECISION_STATES,
    PROPOSAL_STATES,
    DecisionState,
    ProposalState,
)
from app.domain.registration import (
    GENDERS,
    KINDS,
    MODES,
    STATUSES,
    SUBJECTS,
    Gender,
    Kind,
    Mode,
    RegistrationInput,
    Status,
    Subject,
    to_plain,
)
from app.signing import canonical

ROOT = Path(__file__).resolve().parents[2]
ENUMS = {Kind: KINDS, Subject: SUBJECTS, Mode: MODES, Status: STATUSES, Gender: GENDERS,
         ProposalState: PROPOSAL_STATES, DecisionState: DECISION_STATES}


def _kept_as_its_string(member, connection: sqlite3.Connection) -> None:
    code = member.value
    assert member == code and hash(member) == hash(code)
    assert str(member) == f"{member}" == code
    assert canonical.dumps({member: [member]}) == canonical.dumps({code: [code]})
    assert json.dumps(member) == json.dumps(code)
    connection.execute("INSERT INTO t VALUES (?)", [member])
    stored = connection.execute("SELECT code, typeof(code) FROM t").fetchone()
    assert stored == (code, "text") and type(stored[0]) is str
    connection.execute("DELETE FROM t")


def test_each_code_is_its_string_in_every_form_it_is_kept():
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (code)")
    for enum, labels in ENUMS.items():
        assert sorted(member.value for member in enum) == sorted(labels)
        for member in enum:
            assert labels[member]
            _kept_as_its_string(member, connection)


def test_the_ways_a_bundle_travels_are_the_stored_strings():
    """`inbox.way` and `relay_bundles.way` hold '', 'up' and 'down' (the CHECKs of
    migrations 0006 and 0010): the enum has exactly these, and reads them back."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (code)")
    assert sorted(member.value for member in Way) == ["", "down", "up"]
    for member in Way:
        _kept_as_its_string(member, connection)
    row = dict.fromkeys(("id", "seq", "rev_from", "rev_to"), 1) | dict.fromkeys((
        "sender", "recipient", "line", "sha256", "prev_sha256", "key_id", "relayed_by",
        "status", "summary", "created_at", "applied_at"), "x")
    for code in ("", "up", "down"):
        entry = InboxEntry.from_row({**row, "way": code})
        assert type(entry.way) is Way and entry.way == code


def test_a_registrations_defaults_travel_as_the_same_bytes():
    plain = to_plain(RegistrationInput(year=2026))
    assert (plain["kind"], plain["subject"], plain["mode"]) == ("mo_hinh", "tap_the", "moi")
    spelled = {**plain, "kind": "mo_hinh", "subject": "tap_the", "mode": "moi"}
    assert canonical.dumps(plain) == canonical.dumps(spelled)


# Where the codes are still spelled: the domain that defines them, the demo generator
# (it writes sample data as a clerk would type it), and the built-in rubrics (the data
# of their JSON files). A state spelled inside SQL ("state = 'ban_hanh'") counts too:
# the query names it (f"state = '{DecisionState.ISSUED}'", or a parameter). "nhap" is
# also a score sheet's draft (app/domain/scoring.py), named there.
NOT_CHECKED = ("app/domain/", "app/demo/", "app/printing/rubrics.py")
CODES = ("mo_hinh", "dien_hinh", "tap_the", "ca_nhan", "moi", "nhan_rong", "da_dang_ky", "rut",
         "nhap", "da_gui", "ban_hanh")
BARE = re.compile(r"""(["'])(""" + "|".join(CODES) + r""")\1""")
# The ways a bundle travels (app/domain/bundles.py::Way); `_("up")` is a word for people.
WAYS = re.compile(r"""(?<!_\()(["'])(up|down)\1""")


def test_the_check_finds_a_state_spelled_in_code_or_in_sql():
    assert BARE.search('if decision.state != "ban_hanh":')
    assert BARE.search("\" WHERE d.origin = ? AND d.state = 'ban_hanh'\"")
    assert BARE.search("drafts = [p for p in rows if p.state == 'nhap']")
    assert BARE.search('"state": lambda v: v == "da_gui"')
    assert not BARE.search("f\" WHERE state = '{DecisionState.ISSUED}'\"")
    assert {code for enum in (ProposalState, DecisionState) for code in enum} <= set(CODES)


def test_code_outside_the_domain_names_the_codes():
    found = []
    for top in ("app", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith(NOT_CHECKED):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if (BARE.search(line) or WAYS.search(line)) \
                        and not line.lstrip().startswith("#"):
                    found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
