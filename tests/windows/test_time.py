"""Vietnam is UTC+7 with no daylight saving: the dates that decide deadlines, mergers
and "today" are Vietnam's, whatever zone the PC's clock is set to (issue 19, Time)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import clock
from app.sync.errors import BundleRefused
from tests.sync.builders import manifest_of, register
from tests.sync.tree_net import C1, C1B, D1, PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.UTC


def at_vietnam(year, month, day, hour, minute=0):
    """Pin the clock to a Vietnam wall-clock time (stored as the UTC moment)."""
    moment = dt.datetime(year, month, day, hour, minute, tzinfo=clock.VIETNAM)
    clock.set_fixed(moment.astimezone(UTC))


def test_the_vietnam_day_of_a_moment():
    assert clock.day_of(dt.datetime(2026, 3, 30, 23, 0, tzinfo=UTC)) == dt.date(2026, 3, 31)
    assert clock.day_of(dt.datetime(2026, 3, 30, 16, 59, tzinfo=UTC)) == dt.date(2026, 3, 30)
    assert clock.day_of_stamp("2026-11-20T20:00:00.000Z") == dt.date(2026, 11, 21)
    assert clock.to_stamp(clock.start_of_day(dt.date(2026, 11, 21))) == \
        "2026-11-20T17:00:00.000Z"
    # no daylight saving: the same offset in January and in July
    for month in (1, 7):
        assert clock.in_vietnam(dt.datetime(2026, month, 1, tzinfo=UTC)).hour == 7
    at_vietnam(2026, 3, 31, 6)  # 23:00 on 30/3 in UTC
    assert clock.today() == dt.date(2026, 3, 31)
    clock.set_fixed(dt.datetime(2026, 3, 31, 6, 0))  # a naive moment is Vietnam's
    assert clock.stamp() == "2026-03-30T23:00:00.000Z"


def test_a_registration_at_six_in_the_morning_of_31_march_is_after_the_deadline(ctx):
    at_vietnam(2026, 3, 31, 6)
    assert ctx.registrations.registration_deadline(2026) == dt.date(2026, 3, 30)
    reg = ctx.registrations.blank(2026)
    assert reg.registered_on == dt.date(2026, 3, 31)
    assert ctx.registrations.warnings(reg)  # late: the receiving body may refuse it
    assert ctx.registrations.default_year() == 2027


def test_a_registration_at_eleven_at_night_of_30_march_is_in_time(ctx):
    at_vietnam(2026, 3, 30, 23)
    reg = ctx.registrations.blank(2026)
    assert reg.registered_on == dt.date(2026, 3, 30)
    assert ctx.registrations.warnings(reg) == []
    assert ctx.registrations.default_year() == 2026


def test_a_merger_takes_effect_on_its_vietnam_day(tree, tmp_path):
    """The issue's example: a bundle made at 03:00 on 21/11 in Vietnam is made on 21/11,
    the merger's day, so the merged unit's key no longer signs for it; one made at 23:00
    on 20/11 still may."""
    out = tmp_path / "out"
    at_vietnam(2026, 11, 20, 23)
    with tree.open(C1B) as old:
        register(old, "Mô hình trước ngày sáp nhập")
        in_time = old.sync.export(D1, out / "in-time.dvk", passphrase=PASSPHRASE).path
    at_vietnam(2026, 11, 21, 3)  # still 20/11 in UTC
    with tree.open(C1B) as old:
        register(old, "Mô hình sau ngày sáp nhập")
        late = old.sync.export(D1, out / "late.dvk", passphrase=PASSPHRASE).path
    assert clock.day_of_stamp(manifest_of(late)["created_at"]) == dt.date(2026, 11, 21)
    assert manifest_of(late)["created_at"].startswith("2026-11-20T20:00")
    at_vietnam(2026, 11, 22, 9)
    with tree.open(D1) as district:
        district.units.merge(C1B, C1, "2026-11-21", note="Nghị quyết sáp nhập")
        assert district.sync.import_bundle(in_time).applied
        with pytest.raises(BundleRefused) as refused:
            district.sync.import_bundle(late)
    assert refused.value.reason == "merged"


_PROBE = r"""
import datetime as dt, json
from app import clock
from app.i18n import format_timestamp, set_language
from app.domain import stamps
from app.services.audit import _utc_start
from app.services.backup import backup_name
set_language("vi")
clock.set_fixed(dt.datetime(2026, 3, 30, 23, 30, tzinfo=dt.UTC))
print(json.dumps({
    "today": clock.today().isoformat(),
    "shown": format_timestamp("2026-03-30T23:30:00.000Z"),
    "stamp_shown": stamps.show("2026-03-30T23:30:00.000Z"),
    "backup": backup_name("14725"),
    "audit_day_starts": _utc_start(dt.date(2026, 3, 31)),
    "machine_offset_hours": dt.datetime(2026, 3, 30, 12).astimezone().utcoffset()
        .total_seconds() / 3600,
}))
"""


@pytest.mark.parametrize("zone", ["PST8PDT", "UTC0", "ICT-7"])
def test_the_same_dates_whatever_zone_the_pc_is_set_to(zone, tmp_path):
    """TZ is how a process is given another zone on Linux, macOS and (for this simple
    form) Windows' C runtime: a PC left at Pacific time, one at UTC, one at Vietnam's."""
    env = {**os.environ, "TZ": zone, "DVK_DATA_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, env=env, check=True,
                          capture_output=True, encoding="utf-8")
    seen = json.loads(done.stdout)
    if sys.platform != "win32":  # the probe really ran in that zone
        assert seen.pop("machine_offset_hours") == {"PST8PDT": -7, "UTC0": 0, "ICT-7": 7}[zone]
    seen.pop("machine_offset_hours", None)
    assert seen == {"today": "2026-03-31", "shown": "31/03/2026 06:30",
                    "stamp_shown": "31/03/2026 06:30",
                    "backup": "dvk-14725-20260331-063000.sqlite",
                    "audit_day_starts": "2026-03-30T17:00:00.000Z"}


def _local_clock_calls(module: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(module):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        name, has_args = node.func.attr, bool(node.args or node.keywords)
        owner = node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else \
            getattr(owner, "id", "")
        if name == "astimezone" and not has_args:
            found.append(f"{node.lineno}: astimezone() without a zone")
        elif name == "today" and owner_name in ("date", "datetime"):
            found.append(f"{node.lineno}: {owner_name}.today()")
        elif name == "now" and owner_name == "datetime" and not has_args:
            found.append(f"{node.lineno}: datetime.now() without a zone")
        elif name in ("localtime", "strftime", "ctime") and owner_name == "time":
            found.append(f"{node.lineno}: time.{name}()")
    return found


def test_no_code_reads_the_pcs_own_zone():
    """Every date and time a clerk sees or a rule decides on comes from app/clock.py."""
    problems = []
    for folder in ("app", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            module = ast.parse(path.read_text(encoding="utf-8"))
            problems += [f"{path.relative_to(ROOT)}:{p}" for p in _local_clock_calls(module)]
    assert problems == []
    # the check itself finds what it must
    sample = ast.parse("import datetime as dt, time\na = x.astimezone()\n"
                       "b = dt.date.today()\nc = dt.datetime.now()\nd = time.localtime()\n")
    assert len(_local_clock_calls(sample)) == 4
