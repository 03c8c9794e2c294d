"""The probe's forks (issue 23, point 4), end to end with the office above: an export
cut off after its outbox row committed but before the bundle took its name, and a
restore cut off at each of its steps, never make two bundles with one number."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.context import AppContext
from app.errors import DvkError
from tests.helpers import collective
from tests.reliability.crash import Plan, file_steps, open_context
from tests.reliability.scenarios import BACKUP, COMMUNE, FILES, PASSPHRASE, PROVINCE


@pytest.fixture
def net(network_template, tmp_path) -> Path:
    target = tmp_path / "net"
    shutil.copytree(network_template, target)
    return target


def count_steps(path: Path, job) -> Plan:
    """The writes and file steps `job(ctx)` makes on a copy of the network at `path`."""
    counting = Plan()
    ctx = open_context(path, counting)
    counting.armed = True
    try:
        with file_steps(counting):
            job(ctx)
    finally:
        counting.armed = False
        ctx.close()
    return counting


def test_an_export_cut_off_after_its_commit_is_finished_not_renumbered(net, tmp_path):
    stick = tmp_path / "usb"
    stick.mkdir()
    out = stick / "gui-tinh.dvk"
    reference = tmp_path / "ref"
    shutil.copytree(net, reference)
    counting = count_steps(reference / FILES[COMMUNE], lambda ctx: ctx.sync.export(
        PROVINCE, tmp_path / "ref.dvk", passphrase=PASSPHRASE))
    rename = max(n for n, label in counting.labels.items() if label == "replace")
    assert rename > max(n for n, label in counting.labels.items() if label == "COMMIT")

    plan = Plan(at=rename, mode="raise")
    ctx = open_context(net / FILES[COMMUNE], plan)
    plan.armed = True
    with file_steps(plan), pytest.raises(DvkError, match="cắm lại|USB"):
        ctx.sync.export(PROVINCE, out, passphrase=PASSPHRASE)
    plan.armed = False
    ctx.close()
    assert not out.exists() and len(list(stick.glob(".*.part"))) == 1
    with AppContext.open(net / FILES[COMMUNE], create=False) as commune:
        sent = commune.sync.outbox()
        assert [row.seq for row in sent] == [1]
        commune.registrations.save(collective(commune, "Sau khi mất điện"))
        second = commune.sync.export(PROVINCE, out, passphrase=PASSPHRASE)
        assert second.seq == 2
    files = sorted(p.name for p in stick.iterdir())
    assert not any(name.endswith(".part") for name in files) and len(files) == 2
    first = next(p for p in stick.iterdir() if p != out)
    with AppContext.open(net / FILES[PROVINCE], create=False) as province:
        assert province.sync.import_bundle(first).applied
        assert province.sync.import_bundle(out).applied  # number 2 follows 1: no fork
        names = {r[0] for r in province.db.execute("SELECT name FROM registrations")}
        assert "Sau khi mất điện" in names


@pytest.mark.parametrize("mode", ["raise", "after"])
def test_a_restore_cut_off_at_any_step_never_forks(net, tmp_path, mode):
    """Every step of a restore fails in turn; whatever state it leaves, the next
    bundle is accepted by the province (no number reused on the old line)."""
    with AppContext.open(net / FILES[COMMUNE], create=False) as commune, \
            AppContext.open(net / FILES[PROVINCE], create=False) as province:
        sent = commune.sync.export(PROVINCE, tmp_path / "b1.dvk", passphrase=PASSPHRASE)
        assert province.sync.import_bundle(sent.path).applied
    template = tmp_path / "after-b1"
    shutil.copytree(net, template)
    counting = count_steps(template / FILES[COMMUNE],
                           lambda ctx: ctx.backups.restore(template / BACKUP))
    for at in range(1, counting.writes + 1):
        work = tmp_path / f"w{at}"
        shutil.copytree(net, work)
        plan = Plan(at=at, mode=mode)
        ctx = open_context(work / FILES[COMMUNE], plan)
        plan.armed = True
        try:
            with file_steps(plan):
                ctx.backups.restore(work / BACKUP)
        except DvkError:
            pass
        finally:
            plan.armed = False
            ctx.close()
        with AppContext.open(work / FILES[COMMUNE], create=False) as commune:
            restored = commune.db.execute("SELECT count(*) FROM sync_lines WHERE reason ="
                                          " 'restore'").fetchone()[0]
            commune.registrations.save(collective(commune, f"Làm tiếp {at}"))
            bundle = commune.sync.export(PROVINCE, work / "next.dvk", passphrase=PASSPHRASE)
        with AppContext.open(work / FILES[PROVINCE], create=False) as province:
            assert province.sync.import_bundle(bundle.path).applied, (mode, at)
        assert bundle.seq == (1 if restored else 2), (mode, at)
