"""Fuzzing bundles (short runs; bench/fuzz_bundles.py runs 100,000+ cases): mutated
genuine bundles, junk, and bundles signed with the sender's real key but carrying
hostile records. Nothing may crash, every refusal is a BundleRefused with a message,
and a refused bundle leaves the database without a single write."""

from __future__ import annotations

import random
import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli.main import main
from app.context import AppContext
from app.sync.errors import BundleRefused
from tests.reliability.crash import integrity
from tests.reliability.fuzzing import (
    HOOKS,
    TARGETS,
    FuzzTarget,
    bundle_reader,
    mutate,
    register_target,
    run_cases,
    signed_variant,
)
from tests.reliability.scenarios import BUNDLE, COMMUNE, FILES, PASSPHRASE, PROVINCE

FAST = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@pytest.fixture(scope="module")
def office(network_template, tmp_path_factory):
    """The province (which the bundle is for), what it trusts, the genuine bundle and
    the commune's signing key."""
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copyfile(network_template / FILES[PROVINCE], folder / "tinh.sqlite")
    genuine = (network_template / BUNDLE).read_bytes()
    with AppContext.open(network_template / FILES[COMMUNE], actor="test") as ctx:
        signing = ctx.keys.unlock(PASSPHRASE)
    # What the province trusts reads its keys from its data file: keep it open.
    with AppContext.open(folder / "tinh.sqlite", actor="test") as ctx:
        yield {"folder": folder, "lookup": ctx.trust.load(), "genuine": genuine,
               "signing": signing}


@pytest.fixture(scope="module")
def reader(office) -> FuzzTarget:
    return register_target(FuzzTarget("bundle_reader", bundle_reader(office["folder"],
                                                                     office["lookup"]),
                                      (BundleRefused,), seeds=[office["genuine"]]))


@FAST
@given(seed=st.integers(0, 2**64 - 1))
def test_mutated_bundles_are_refused_never_crash(reader, office, seed):
    data = mutate(random.Random(seed), office["genuine"])
    try:
        reader.run(data)
    except BundleRefused as error:
        assert error.message and error.reason
    else:
        assert data == office["genuine"]  # only the untouched bundle passes


@FAST
@given(data=st.binary(max_size=2000))
def test_junk_is_refused(reader, data):
    with pytest.raises(BundleRefused):
        reader.run(data)


def test_single_bit_flips_are_refused(reader, office):
    """One bit flipped at every byte of the central directory and at every 17th byte
    elsewhere (bench/fuzz_bundles.py flips every byte of the bundle)."""
    genuine = office["genuine"]
    refused = 0
    tail = genuine.rindex(b"PK\x01\x02", 0, len(genuine) - 22)  # central directory
    positions = [at for at in range(len(genuine)) if at >= tail or at % 17 == 0]
    for at in positions:
        data = genuine[:at] + bytes([genuine[at] ^ (1 << (at % 8))]) + genuine[at + 1:]
        with pytest.raises(BundleRefused):
            reader.run(data)
        refused += 1
    assert refused == len(positions) > 300


def test_registered_targets_run_without_crashes(reader):
    """Every registered target (bundles now; Excel and QR when they register) survives
    a quick random run."""
    assert set(HOOKS) == {"excel_import", "certificate_qr"}
    for target in TARGETS.values():
        stats = run_cases(target, random.Random(7), 300, strict=target.name == "bundle_reader")
        assert not stats.crashes, stats.crashes[:3]
        assert not stats.wrongly_accepted
        assert stats.cases == 300


@pytest.fixture
def province(office, tmp_path):
    path = tmp_path / "tinh.sqlite"
    shutil.copyfile(office["folder"] / "tinh.sqlite", path)
    with AppContext.open(path, actor="test") as ctx:
        yield ctx


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**64 - 1))
def test_signed_hostile_records_are_refused_or_stored_cleanly(province, office, tmp_path,
                                                                seed):
    """Past the signature: hostile records are refused (no write before the refusal),
    rejected one by one, or stored; never a crash, and the file stays sound."""
    data = signed_variant(random.Random(seed), office["genuine"], office["signing"])
    path = tmp_path / f"case-{seed}.dvk"
    path.write_bytes(data)
    changes = province.db.conn.total_changes
    try:
        province.sync.import_bundle(path)
    except BundleRefused as error:
        assert error.message
        if error.reason != "integrity":  # that one is refused by the rolled-back write
            assert province.db.conn.total_changes == changes
        assert not province.db.conn.in_transaction
    finally:
        path.unlink()
    assert province.db.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_command_line_refuses_junk_with_exit_code_4(office, tmp_path, capsys):
    db = tmp_path / "tinh.sqlite"
    shutil.copyfile(office["folder"] / "tinh.sqlite", db)
    rng = random.Random(3)
    for number in range(5):
        case = tmp_path / f"junk-{number}.dvk"
        case.write_bytes(mutate(rng, office["genuine"]))
        before = db.read_bytes()
        assert main(["--db", str(db), "import", str(case)]) == 4
        assert db.read_bytes() == before
    assert integrity(db) == ["ok"]
    err = capsys.readouterr().err
    assert "Lỗi" in err and "Traceback" not in err


def test_the_genuine_bundle_imports(office, tmp_path):
    db = tmp_path / "tinh.sqlite"
    shutil.copyfile(office["folder"] / "tinh.sqlite", db)
    path = tmp_path / "good.dvk"
    path.write_bytes(office["genuine"])
    with AppContext.open(db, actor="test") as ctx:
        assert ctx.sync.import_bundle(path).applied
    conn = sqlite3.connect(db)
    # The commune's four registrations (two models, a scored one, a recognised one).
    assert conn.execute("SELECT count(*) FROM registrations").fetchone()[0] == 4
    conn.close()
