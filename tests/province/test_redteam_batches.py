"""Red team, the province's batches (issue 25): an outsider holding ONE genuine commune
key (and its passphrase) attacks what issue 25 added: the receipts that travel up, a
score sheet's `self_from`, `dvk import PATH...` over folders and whole sticks, and the
send-down batch. Every forged or damaged input is refused with a Vietnamese message,
nothing crashes, and the province's data file is unchanged (table by table) - or, for
a batch, only the genuine bundles in it went in.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sqlite3
import uuid
from pathlib import Path

import pytest

from app.demo.reliability import DEMO_PASSWORD
from app.signing import canonical, crypto
from app.sync import batch
from app.sync import manifest as mf
from app.sync.errors import BundleRefused
from app.sync.receipts import receipt_id
from tests.province.conftest import PROVINCE
from tests.sync.builders import forge, manifest_of, members, zip_raw
from tests.sync.redteam import DemoNet, forged, newer, put

STAMP = "2026-12-06T23:00:00.000Z"


@pytest.fixture
def net(demo_network) -> DemoNet:
    return DemoNet(demo_network)


def tables(path: Path) -> dict[str, str]:
    """Every table of a data file, its rows hashed in a fixed order."""
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name")]
        result = {}
        for name in names:
            digest = hashlib.sha256()
            count = len(db.execute(f"SELECT * FROM [{name}] LIMIT 0").description)
            order = ", ".join(str(n) for n in range(1, count + 1))
            for row in db.execute(f"SELECT * FROM [{name}] ORDER BY {order}"):
                digest.update(repr(row).encode())
            result[name] = digest.hexdigest()
    return result


def vietnamese(text: str) -> None:
    """A message a clerk can read: Vietnamese, with its diacritics."""
    assert any(ch in text for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"), text


def refused_whole(net: DemoNet, bundle: Path, reason: str = "authority") -> BundleRefused:
    before = tables(net.path(PROVINCE))
    error = net.refused(PROVINCE, bundle)  # byte for byte unchanged
    assert error.reason == reason, (error.reason, error.message)
    vietnamese(error.message)
    assert tables(net.path(PROVINCE)) == before
    return error


def _communes(net: DemoNet) -> tuple[str, str]:
    first, second = sorted(net.of_level("xa"))
    return first, second


def _line(net: DemoNet) -> str:
    with net.open(PROVINCE) as ctx:
        return ctx.db.execute("SELECT line FROM outbox ORDER BY id DESC").fetchone()[0]


def _receipt(origin: str, *, sender: str = PROVINCE, recipient: str | None = None,
             line: str, last_seq: object = 1, key: str | None = None, **more) -> dict:
    recipient = recipient or origin
    return {"id": key or receipt_id(origin, sender, recipient, line), "sender": sender,
            "recipient": recipient, "line": line, "last_seq": last_seq, "missing": "",
            "last_sha256": "", "imported_at": STAMP, "origin": origin, "version": 1,
            "created_at": STAMP, "updated_at": STAMP, "updated_by": "ke-gian", **more}


# -- receipts -----------------------------------------------------------------------------
def test_a_commune_cannot_send_receipts_in_another_communes_name(net, tmp_path):
    attacker, victim = _communes(net)
    line = _line(net)
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    signing = net.signing(attacker)
    # as the other commune (its origin), and as its own but about the other's bundles
    for n, row in enumerate([_receipt(victim, line=line, last_seq=99),
                             _receipt(attacker, recipient=victim, line=line, last_seq=99)]):
        bundle = forged(genuine, tmp_path / f"f{n}.dvk", signing,
                        lambda records, row=row: put(records, "receipts", row))
        error = refused_whole(net, bundle)
        assert "Toàn bộ tệp bị từ chối" in error.message


def test_a_commune_cannot_take_the_id_of_another_communes_receipt(net, tmp_path):
    """A receipt's id is made from its office, sender, recipient and line, so anyone can
    compute another commune's: a receipt of the attacker's own under that id would make
    the victim's genuine receipt (same id, another origin) look forged, and every bundle
    the victim sends up from then on refused."""
    attacker, victim = _communes(net)
    line = _line(net)
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    squat = _receipt(attacker, line=line, key=receipt_id(victim, PROVINCE, victim, line))
    bundle = forged(genuine, tmp_path / "f.dvk", net.signing(attacker),
                    lambda records: put(records, "receipts", squat))
    refused_whole(net, bundle)
    # the victim's own bundle up, with its genuine receipt, still goes in
    with net.open(victim) as ctx:
        if ctx.accounts.enabled():  # the demo turns accounts on in its last commune
            ctx.accounts.login("duyet", DEMO_PASSWORD)
        theirs = ctx.sync.export(PROVINCE, tmp_path / "v.dvk", passphrase="demo").path
    assert manifest_of(theirs)["counts"].get("receipts")
    net.imported(PROVINCE, theirs)
    with net.open(PROVINCE) as ctx:
        assert ctx.db.execute("SELECT origin FROM sync_receipts WHERE id = ?",
                              [squat["id"]]).fetchone()[0] == victim


@pytest.mark.parametrize("value, reason", [
    (0, None), (-5, None), ("7", "json"), (1.5, "json"), (True, "json"),
    (2 ** 63, "json"), (None, "json")])
def test_receipts_with_absurd_numbers(net, tmp_path, value, reason):
    """Zero or negative: the record is rejected (counted, named), nothing of it stored;
    not a whole number, or past 64 bits: the file is refused whole."""
    attacker, _victim = _communes(net)
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    row = _receipt(attacker, line=_line(net), last_seq=value)
    bundle = forged(genuine, tmp_path / "f.dvk", net.signing(attacker),
                    lambda records: put(records, "receipts", row))
    if reason is not None:
        refused_whole(net, bundle, reason)
        return
    result = net.imported(PROVINCE, bundle)
    assert any(r.key == row["id"] for r in result.preview.all_rejections())
    vietnamese(next(r.reason for r in result.preview.all_rejections() if r.key == row["id"]))
    with net.open(PROVINCE) as ctx:
        assert ctx.db.execute("SELECT count(*) FROM sync_receipts WHERE id = ?",
                              [row["id"]]).fetchone()[0] == 0


@pytest.mark.parametrize("missing", ["1,-2", "x", 12, "1," * 110000])
def test_receipts_with_absurd_missing_lists(net, tmp_path, missing):
    attacker, _victim = _communes(net)
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    row = _receipt(attacker, line=_line(net), last_seq=3, missing=missing)
    bundle = forged(genuine, tmp_path / "f.dvk", net.signing(attacker),
                    lambda records: put(records, "receipts", row))
    before = tables(net.path(PROVINCE))
    try:
        result = net.imported(PROVINCE, bundle)
    except BundleRefused as error:
        vietnamese(error.message)
        assert tables(net.path(PROVINCE)) == before
        return
    assert any(r.key == row["id"] for r in result.preview.all_rejections())
    with net.open(PROVINCE) as ctx:
        assert ctx.db.execute("SELECT count(*) FROM sync_receipts WHERE id = ?",
                              [row["id"]]).fetchone()[0] == 0
        ctx.communes.board(2026)  # the board still reads


@pytest.mark.parametrize("claimed", ["next", 999])
def test_acknowledging_bundles_never_received(net, tmp_path, claimed):
    """The province wrote the attacker a bundle that never reached it (the next
    number), or none at all (999): a receipt claiming it cannot name that bundle by
    its hash, so it acknowledges nothing - for the attacker, or any other commune -
    nor for the bundles it did import, since the lie names none of them by its hash."""
    attacker, victim = _communes(net)
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    [honest] = [r for r in _records(genuine, "receipts") if r["sender"] == PROVINCE]
    net.genuine(PROVINCE, attacker, tmp_path / "never-delivered.dvk", full=False)
    with net.open(PROVINCE) as ctx:
        before = {r.code: (r.acknowledged_seq, r.decision_state)
                  for r in ctx.communes.board(2026).rows}
        sent = [r[0] for r in ctx.db.execute(
            "SELECT seq FROM outbox WHERE recipient = ? ORDER BY seq", [attacker])]
    last = sent[-1] if claimed == "next" else claimed
    lie = newer(honest, last_seq=last, missing="")
    net.imported(PROVINCE, forged(genuine, tmp_path / "f.dvk", net.signing(attacker),
                                  lambda records: put(records, "receipts", lie)))
    with net.open(PROVINCE) as ctx:
        after = {r.code: (r.acknowledged_seq, r.decision_state)
                 for r in ctx.communes.board(2026).rows}
        imported = {r.seq for r in ctx.send_down.sent_list()
                    if r.recipient == attacker and r.imported}
    assert {c: v for c, v in after.items() if c != attacker} == {
        c: v for c, v in before.items() if c != attacker}
    assert after[victim] == before[victim]
    assert last not in imported and after[attacker][0] != last
    assert after[attacker][0] is None and not imported
    # what it really imported is a bundle the province wrote before (its genuine
    # receipt is acknowledged: tests/province/test_board.py)
    assert honest["last_seq"] in sent[:-1]


def _records(bundle: Path, kind: str) -> list[dict]:
    import json

    data = members(bundle).get(f"records/{kind}.jsonl", b"")
    return [json.loads(line) for line in data.decode().splitlines()]


# -- self_from ----------------------------------------------------------------------------
def _sheet(net: DemoNet, origin: str) -> dict:
    rows = net.rows(PROVINCE, "score_sheets", "origin = ?", [origin])
    if not rows:
        pytest.skip(f"no score sheet of {origin} in the demo")
    return rows[0]


def test_self_from_on_the_provinces_sheet_is_refused(net, tmp_path):
    attacker, _victim = _communes(net)
    province_sheet = _sheet(net, PROVINCE)
    mine = _sheet(net, attacker)
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    bundle = forged(genuine, tmp_path / "f.dvk", net.signing(attacker), lambda records: put(
        records, "score_sheets", newer(province_sheet, self_from=mine["id"])))
    refused_whole(net, bundle)
    # nor as its own record with the province's sheet's id
    bundle = forged(genuine, tmp_path / "f2.dvk", net.signing(attacker), lambda records: put(
        records, "score_sheets", newer(province_sheet, self_from=mine["id"],
                                       origin=attacker)))
    refused_whole(net, bundle)


def test_self_from_cannot_point_at_another_communes_sheet(net, tmp_path):
    """The commune's own sheet saying its self scores came from another commune's sheet,
    a sheet of another model, or a sheet nobody holds (a commune's sheet is at the
    lowest level: nothing below it to carry from): the province would print that."""
    attacker, victim = _communes(net)
    theirs = _sheet(net, victim)
    rows = net.rows(attacker, "score_sheets", "origin = ? AND state <> 'khoa'", [attacker])
    if not rows:
        pytest.skip("no open sheet at the commune")
    mine = rows[0]
    other_model = [r["id"] for r in net.rows(PROVINCE, "score_sheets", "origin = ?",
                                             [attacker])
                   if r["registration_id"] != mine["registration_id"]][:1]
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    for n, target in enumerate([theirs["id"], *other_model, str(uuid.uuid4())]):
        bundle = forged(genuine, tmp_path / f"f{n}.dvk", net.signing(attacker),
                        lambda records, target=target: put(
                            records, "score_sheets", newer(mine, self_from=target)))
        refused_whole(net, bundle)


# -- a genuine file with one forged record --------------------------------------------------
def test_genuine_records_and_one_forged_province_record_are_refused_whole(net, tmp_path):
    attacker, _victim = _communes(net)
    with net.open(attacker) as ctx:
        from tests.sync.builders import register

        register(ctx, "Mô hình thật của xã")
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    assert manifest_of(genuine)["counts"].get("registrations")
    decision = net.rows(PROVINCE, "decisions", "origin = ?", [PROVINCE])[0]
    bundle = forged(genuine, tmp_path / "f.dvk", net.signing(attacker), lambda records: put(
        records, "decisions", newer(decision, issuer="Quyết định giả mạo")))
    refused_whole(net, bundle)
    net.imported(PROVINCE, genuine)  # the genuine file alone goes in


# -- dvk import PATH... over a stick -------------------------------------------------------
def _run(net: DemoNet, *paths: Path) -> batch.Report:
    with net.open(PROVINCE) as ctx:
        return ctx.stick.run(list(paths))


def _hostile_stick(net: DemoNet, root: Path) -> Path:
    """A stick of nothing but traps: a symlink loop, a folder named like a bundle, an
    empty file, a file past the size of any bundle, a bundle cut off mid-zip, a named
    pipe (a read would wait for ever), a link to a folder above."""
    attacker, _victim = _communes(net)
    stick = root / "E"
    (stick / "vong").mkdir(parents=True)
    (stick / "vong" / "a.dvk").symlink_to("b.dvk")
    (stick / "vong" / "b.dvk").symlink_to("a.dvk")
    (stick / "vong" / "len-tren").symlink_to("..", target_is_directory=True)
    (stick / "thu-muc.dvk").mkdir()
    (stick / "thu-muc.dvk" / "trong.txt").write_text("không phải gói", encoding="utf-8")
    (stick / "rong.dvk").write_bytes(b"")
    with open(stick / "khong-lo.dvk", "wb") as fp:  # sparse: nothing is really written
        fp.truncate(2 * 1024**3 + 1)
    data = net.genuine(attacker, PROVINCE, root / "g.dvk", full=False).read_bytes()
    (stick / "bi-cat.dvk").write_bytes(data[: len(data) * 2 // 3])
    os.mkfifo(stick / "ong.dvk")
    return stick


def test_a_stick_of_traps_changes_nothing_and_says_why(net, tmp_path):
    stick = _hostile_stick(net, tmp_path)
    before = tables(net.path(PROVINCE))
    report = _run(net, stick)
    assert tables(net.path(PROVINCE)) == before
    assert not report.imported
    by_name = {item.path.name: item for item in report.items}
    assert {"a.dvk", "b.dvk", "rong.dvk", "khong-lo.dvk", "bi-cat.dvk",
            "ong.dvk"} <= set(by_name)
    assert by_name["khong-lo.dvk"].reason == "too_large"
    assert by_name["bi-cat.dvk"].reason == "damaged"
    for item in report.items:
        assert item.status == batch.REFUSED, item
        vietnamese(item.message)
    vietnamese("\n".join(batch.report_lines(report, "Tỉnh")))


def test_a_file_that_cannot_be_read(net, tmp_path, monkeypatch):
    """Permissions (the tests run as root, whom chmod does not stop: the refusal of the
    system is simulated where the program opens the file)."""
    import builtins

    attacker, _victim = _communes(net)
    stick = tmp_path / "E"
    stick.mkdir()
    net.genuine(attacker, PROVINCE, stick / "khoa.dvk", full=False)
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if str(file).endswith("khoa.dvk"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded)
    before = tables(net.path(PROVINCE))
    report = _run(net, stick)
    monkeypatch.setattr(builtins, "open", real_open)
    assert tables(net.path(PROVINCE)) == before
    [item] = report.items
    assert item.status == batch.REFUSED and item.reason == "unreadable"
    vietnamese(item.message)


def test_two_bundles_of_one_number_and_the_same_stick_twice(net, tmp_path):
    """The attacker signs a second bundle under the number of its genuine one: one of
    the two goes in, the other is refused as a conflicting copy, and the stick imported
    again changes nothing."""
    attacker, _victim = _communes(net)
    stick = tmp_path / "E"
    stick.mkdir()
    genuine = net.genuine(attacker, PROVINCE, stick / "that.dvk", full=False)
    registration = net.rows(attacker, "registrations", "origin = ?", [attacker])[0]
    twin = forged(genuine, stick / "sinh-doi.dvk", net.signing(attacker), lambda records: put(
        records, "registrations", newer(registration, name="Tên do kẻ gian sửa")))
    assert manifest_of(twin)["seq"] == manifest_of(genuine)["seq"]
    report = _run(net, stick)
    assert len(report.imported) == 1 and len(report.refused) == 1
    [refused] = report.refused
    assert refused.reason == "fork"
    vietnamese(refused.message)
    after = tables(net.path(PROVINCE))
    again = _run(net, stick, stick / "that.dvk", tmp_path / "E")
    assert tables(net.path(PROVINCE)) == after
    assert not again.imported
    assert {i.status for i in again.items} <= {batch.ALREADY, batch.REFUSED,
                                               batch.DUPLICATE}


# -- send-down into a folder that cannot take it ----------------------------------------------
def _chosen(net: DemoNet) -> list[str]:
    """The demo's two communes and three others of the province (no key: plain)."""
    with net.open(PROVINCE) as ctx:
        others = [code for code, _name in ctx.send_down.children()
                  if code not in net.offices][:3]
    return [*_communes(net), *others]


def _send(net: DemoNet, out: Path, codes: list[str]):
    with net.open(PROVINCE) as ctx:
        return ctx.send_down.send(out, codes, passphrase="demo")


def _outbox(net: DemoNet) -> list[tuple]:
    with net.open(PROVINCE) as ctx:
        return ctx.db.execute("SELECT id, recipient, line, seq, sha256, written_to"
                              " FROM outbox ORDER BY id").fetchall()


def _consistent(net: DemoNet, out: Path, before: list[tuple]) -> list[tuple]:
    """Every bundle the outbox numbers since `before` is on disk, complete, under its
    name; no half-written file is left; each commune's numbers follow on."""
    rows = _outbox(net)
    assert rows[:len(before)] == before
    for _id, recipient, _line, seq, _sha, written_to in rows[len(before):]:
        manifest = manifest_of(Path(written_to))
        assert (manifest["recipient"], manifest["seq"]) == (recipient, seq)
    assert not [p for p in out.rglob("*") if p.name.endswith(".part")]
    numbers: dict[tuple[str, str], list[int]] = {}
    for _id, recipient, line, seq, *_rest in rows:
        numbers.setdefault((recipient, line), []).append(seq)
    for seqs in numbers.values():
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), seqs
    return rows


def test_send_down_into_a_file_instead_of_a_folder(net, tmp_path):
    out = tmp_path / "USB"
    out.write_text("một tệp, không phải thư mục", encoding="utf-8")
    before = tables(net.path(PROVINCE))
    from app.errors import DvkError

    with pytest.raises(DvkError) as error:
        _send(net, out, _chosen(net))
    vietnamese(error.value.message)
    assert tables(net.path(PROVINCE)) == before


def test_send_down_where_a_communes_folder_is_a_file_or_cannot_be_written(
        net, tmp_path, monkeypatch):
    """A file stands where one commune's folder should be; another commune's folder
    refuses writing (read-only: simulated, the tests run as root). Those two are
    reported in Vietnamese and numbered nothing; the others are written; the next
    send-down gives the two the numbers that follow."""
    import builtins

    from app.sync.send_down import folder_name

    codes = _chosen(net)
    out = tmp_path / "USB"
    out.mkdir()
    with net.open(PROVINCE) as ctx:
        names = {code: ctx.units.get(code).name for code in codes}
    blocked, readonly = codes[0], codes[2]
    (out / folder_name(blocked, names[blocked])).write_text("chắn chỗ", encoding="utf-8")
    locked = out / folder_name(readonly, names[readonly])
    real_open = builtins.open

    def guarded(file, *args, **kwargs):
        if Path(str(file)).parent == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    before = _outbox(net)
    monkeypatch.setattr(builtins, "open", guarded)
    sent = _send(net, out, codes)
    monkeypatch.setattr(builtins, "open", real_open)
    failed = {s.code: s.error for s in sent if s.error}
    assert set(failed) == {blocked, readonly}
    for message in failed.values():
        vietnamese(message)
    rows = _consistent(net, out, before)
    assert {r[1] for r in rows[len(before):]} == set(codes) - {blocked, readonly}
    (out / folder_name(blocked, names[blocked])).unlink()
    again = _send(net, out, codes)
    assert not [s for s in again if s.error]
    _consistent(net, out, rows)


def test_send_down_when_the_stick_fills_up(net, tmp_path, monkeypatch):
    """The disk fills after two bundles (the system's ENOSPC at the flush): the rest are
    reported, nothing numbered for them, no half file left; with space again they get
    the numbers that follow."""
    from app.sync import writer

    codes = _chosen(net)
    out = tmp_path / "USB"
    out.mkdir()
    real_fsync = os.fsync
    written = []

    def fsync(fd):
        if len(written) >= 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(fd)
        return real_fsync(fd)

    before = _outbox(net)
    province_before = tables(net.path(PROVINCE))
    monkeypatch.setattr(writer.os, "fsync", fsync)
    monkeypatch.setattr(writer, "_fsync_folder", lambda folder: None)
    sent = _send(net, out, codes)
    monkeypatch.undo()
    failed = [s for s in sent if s.error]
    assert len(failed) == len(codes) - 2
    for entry in failed:
        vietnamese(entry.error)
    rows = _consistent(net, out, before)
    assert len(rows) == len(before) + 2
    changed = {t for t, h in tables(net.path(PROVINCE)).items() if province_before[t] != h}
    assert changed <= {"outbox", "audit_checkpoints", "audit_log", "sync_clock",
                       "trust_statements", "settings"}, changed
    again = _send(net, out, codes)
    assert not [s for s in again if s.error]
    _consistent(net, out, rows)


def test_a_file_claiming_the_provinces_own_key_is_not_taken_for_its_own_bundle(net, tmp_path):
    """The key id of the province is public (every bundle down names it): a file of the
    attacker's under that id, signed with the attacker's key, was listed as 'written by
    this office for another' - hidden among the province's own bundles, the batch's
    exit code saying all was well. It is refused as forged."""
    attacker, _victim = _communes(net)
    stick = tmp_path / "E"
    stick.mkdir()
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    with net.open(PROVINCE) as ctx:
        own_key = ctx.db.execute("SELECT key_id FROM office_keys").fetchone()[0]
    entries = {n: d for n, d in members(genuine).items()
               if n not in (mf.MANIFEST, mf.SIGNATURE)}
    base = {**manifest_of(genuine), "sender": PROVINCE, "recipient": attacker}
    bundle = forge(stick / "cua-tinh.dvk", entries, net.signing(attacker), base=base)
    data = members(bundle)
    manifest = {**canonical.loads(data[mf.MANIFEST], limit=1 << 24), "key_id": own_key}
    manifest_bytes = canonical.dumps(manifest)
    zip_raw(bundle, [(mf.MANIFEST, manifest_bytes),
                     (mf.SIGNATURE, crypto.sign(net.signing(attacker), manifest_bytes)),
                     *entries.items()])
    before = tables(net.path(PROVINCE))
    report = _run(net, stick)
    assert tables(net.path(PROVINCE)) == before
    [item] = report.items
    assert item.status == batch.REFUSED and item.reason == "signature", item
    vietnamese(item.message)
    assert report.exit_code() != 0


def test_send_down_cut_off_between_numbering_and_naming(net, tmp_path, monkeypatch):
    """The stick goes away after a bundle was numbered (its outbox row committed) but
    before it took its name: that commune is told, in Vietnamese; the bundle waits
    complete under its temporary name and the next send-down finishes it as numbered
    before writing the next one, so no number is skipped or used twice."""
    from app import fileops

    codes = _chosen(net)
    out = tmp_path / "USB"
    out.mkdir()
    victim = codes[1]
    real_replace = fileops.replace

    def replace(source, target):
        if f"-to-{victim}-" in Path(str(target)).name:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        return real_replace(source, target)

    before = _outbox(net)
    monkeypatch.setattr(fileops, "replace", replace)
    sent = _send(net, out, codes)
    monkeypatch.undo()
    [failed] = [s for s in sent if s.error]
    assert failed.code == victim
    vietnamese(failed.error)
    pending = [p for p in out.rglob("*.part")]
    assert len(pending) == 1
    again = _send(net, out, codes)
    assert not [s for s in again if s.error]
    rows = _consistent(net, out, before)
    theirs = [r for r in rows[len(before):] if r[1] == victim]
    assert len(theirs) == 2 and all(Path(r[5]).is_file() for r in theirs)


@pytest.mark.parametrize("seq", [10**6, 2**62])
def test_a_bundle_numbered_far_ahead(net, tmp_path, seq):
    """The attacker numbers its bundle up 2**62: the import listed every number before
    it as missing (range(1, seq): it never ended). It now ends, in a second: the
    bundle goes in like any bundle after a gap, the numbers missing listed up to a
    bound; a batch over it reports it."""
    import time

    attacker, _victim = _communes(net)
    genuine = net.genuine(attacker, PROVINCE, tmp_path / "g.dvk", full=False)
    entries = {n: d for n, d in members(genuine).items()
               if n not in (mf.MANIFEST, mf.SIGNATURE)}
    base = {**manifest_of(genuine), "seq": seq, "prev_sha256": "ab" * 32}
    stick = tmp_path / "E"
    stick.mkdir()
    bundle = forge(stick / "xa.dvk", entries, net.signing(attacker), base=base)
    started = time.monotonic()
    with net.open(PROVINCE) as ctx:
        preview = ctx.sync.prepare(bundle)
    assert len(preview.missing_before) == 1000  # the first thousand, in order
    assert preview.missing_before == sorted(preview.missing_before)
    report = _run(net, stick)
    assert time.monotonic() - started < 60
    [item] = report.items
    assert item.status == batch.IMPORTED, item
    vietnamese("\n".join(batch.report_lines(report, "Tỉnh")))


def test_a_commune_that_missed_many_bundles_still_acknowledges(net, tmp_path):
    """Not an attack, found on the way: the province numbers a bundle for every commune
    at each send-down; a commune that is carried only the latest of forty lists the
    thirty-odd numbers it never imported in its receipt ("1,2,...,39": more than the
    100 characters an id may hold), and the province rejected that receipt, every time,
    so the board never showed the commune acknowledged."""
    commune, _victim = _communes(net)
    folder = tmp_path / "down"
    folder.mkdir()
    last = None
    for _n in range(40):
        last = net.genuine(PROVINCE, commune, folder, full=False)
    net.imported(commune, last)
    up = net.genuine(commune, PROVINCE, tmp_path / "up.dvk", full=False)
    [receipt] = [r for r in _records(up, "receipts") if r["sender"] == PROVINCE]
    assert len(receipt["missing"]) > 100
    result = net.imported(PROVINCE, up)
    assert not result.preview.all_rejections()
    with net.open(PROVINCE) as ctx:
        row = next(r for r in ctx.communes.board(2026).rows if r.code == commune)
    assert row.acknowledged_seq == manifest_of(last)["seq"]
