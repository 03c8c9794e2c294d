"""Red team, the audit log (issue 15, point 11): someone who holds a commune's data file,
but not the passphrase of its key, rewrites the log with plain SQLite (drops the
triggers, edits, deletes, inserts or cuts entries, recomputes the unkeyed chain, deletes
or forges checkpoints), then the commune's approver carries on as usual. On a real
three-tier demo network, each attack is seen: by the commune's own check while its
signed checkpoints are in the file, and by the office above, which holds copies of
them, at the next bundle. The one thing not seen, entries after the latest checkpoint,
is asserted as documented."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import nacl.signing
import pytest

from app.cli.main import main
from app.i18n import set_language
from app.repositories.audit import scan
from app.sync import checkpoints
from app.sync.checkpoint_service import LIMITS
from app.sync.errors import BundleRefused
from tests.sync.redteam import DemoNet, forged, put
from tests.sync.tamper_log import nth, tamper


@pytest.fixture
def net(ba_cap) -> DemoNet:
    set_language("vi")
    return DemoNet(ba_cap)


def _commune(net: DemoNet) -> tuple[str, str, str]:
    """(a commune not merged away, its district, the province), the district and the
    province holding checkpoints of the commune's log."""
    province = net.of_level("tinh")[0]
    with net.open(province) as ctx:
        merged = {r[0] for r in ctx.db.execute(
            "SELECT code FROM units WHERE merged_into IS NOT NULL")}
    commune = next(c for c in net.of_level("xa") if c not in merged)
    district = net.parent(commune)
    for holder in (district, province):
        assert _held(net, holder, commune) >= 3
    return commune, district, province


def _held(net: DemoNet, office: str, origin: str) -> int:
    """The most entries a checkpoint of `origin` that `office` holds covers."""
    with net.open(office) as ctx:
        return ctx.db.execute("SELECT coalesce(max(entries), 0) FROM audit_checkpoints"
                              " WHERE origin = ?", [origin]).fetchone()[0]


REWRITE_3 = f"UPDATE audit_log SET detail = 'không có gì' WHERE seq = {nth(3)}"
DELETE_3 = f"DELETE FROM audit_log WHERE seq = {nth(3)}"


def _check(net: DemoNet, code: str, capsys) -> tuple[int, str]:
    code_ = main(["--db", str(net.path(code)), "check"])
    return code_, capsys.readouterr().out


def _chain_intact(net: DemoNet, code: str) -> bool:
    with net.open(code) as ctx:
        return ctx.audit.broken_at() is None


def _export(net: DemoNet, commune: str, district: str, tmp_path: Path, name: str) -> Path:
    return net.genuine(commune, district, tmp_path / name, full=False)


def _rewritten(error: BundleRefused, commune: str) -> None:
    assert error.reason == "audit_rewritten", error.message
    assert f"Nhật ký thao tác của {commune} đã bị sửa" in error.message, error.message
    assert "Toàn bộ tệp đã bị từ chối" in error.message, error.message


# -- changing what a checkpoint covers -----------------------------------------------------
@pytest.mark.parametrize("attack", ["edit", "delete", "insert"])
def test_a_rewritten_log_with_its_chain_recomputed_is_seen_here_and_refused_above(
        net, tmp_path, capsys, attack):
    """Entry 3 edited, deleted, or a made-up entry slipped in after it; the chain is
    computed again, so the unkeyed chain alone says all is well. The commune's check
    says otherwise (exit 1), its next bundle is refused by the district, and, if a
    district forwarded it anyway, by the province."""
    commune, district, province = _commune(net)
    statements = {
        "edit": [REWRITE_3],
        "delete": [DELETE_3],
        "insert": [f"UPDATE audit_log SET seq = -seq WHERE seq > {nth(3)}",
                   "UPDATE audit_log SET seq = 1 - seq WHERE seq < 0",
                   f"INSERT INTO audit_log (seq, at, actor, action, kind, record_id, detail,"
                   f" prev_hash, hash) SELECT seq + 1, at, 'ai-do', 'login', 'user', '', '',"
                   f" '', '' FROM audit_log WHERE seq = {nth(3)}"],
    }[attack]
    tamper(net.path(commune), *statements)
    assert _chain_intact(net, commune)  # what the unkeyed chain alone would say

    status, out = _check(net, commune, capsys)
    assert status == 1
    assert "Nhật ký thao tác đã bị sửa: trong" in out and "khóa của đơn vị" in out, out

    bundle = _export(net, commune, district, tmp_path, "after.dvk")
    _rewritten(net.refused(district, bundle), commune)
    error = net.refused(province, net.forwarded_anyway(district, bundle, tmp_path / "relay.dvk"))
    _rewritten(error, commune)
    assert f"do {district} chuyển tiếp" in error.message


def test_an_entry_edited_without_recomputing_the_chain_is_seen_by_the_office_itself(
        net, tmp_path, capsys):
    """The other way to rewrite entry 3: leave the stored hashes as they were. A
    checkpoint continues from the hash stored at the latest one's length, so the office
    above is not told (docs/audit-log.md); the office's own check reads every entry and
    says so, and keeps saying so."""
    commune, district, _province = _commune(net)
    tamper(net.path(commune), REWRITE_3, recompute=False)
    assert not _chain_intact(net, commune)
    status, out = _check(net, commune, capsys)
    assert status == 1
    assert "Nhật ký thao tác đã bị sửa tại dòng" in out
    assert "Nhật ký thao tác đã bị sửa: trong" in out, out  # and the checkpoints agree
    net.imported(district, _export(net, commune, district, tmp_path, "after.dvk"))
    status, out = _check(net, commune, capsys)
    assert status == 1 and "Nhật ký thao tác đã bị sửa tại dòng" in out


def test_the_refusal_is_exit_4_on_the_command_line(net, tmp_path, capsys):
    commune, district, _province = _commune(net)
    tamper(net.path(commune), REWRITE_3)
    bundle = _export(net, commune, district, tmp_path, "after.dvk")
    before = net.fingerprint(district)
    assert main(["--db", str(net.path(district)), "import", str(bundle)]) == 4
    assert "đã bị sửa" in capsys.readouterr().err
    assert net.fingerprint(district) == before


def test_cutting_the_log_below_its_last_checkpoint_is_seen_here_and_refused_above(
        net, tmp_path, capsys):
    commune, district, _province = _commune(net)
    with net.open(commune) as ctx:
        count = ctx.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    held = _held(net, district, commune)
    keep = held - 2
    tamper(net.path(commune), f"DELETE FROM audit_log WHERE seq >= {nth(keep + 1)}",
            recompute=False)  # a cut needs no recomputing: what is left still chains
    assert _chain_intact(net, commune) and count > keep

    status, out = _check(net, commune, capsys)
    assert status == 1
    assert "Nhật ký thao tác đã bị cắt bớt" in out and f"chỉ còn {keep} mục" in out, out

    bundle = _export(net, commune, district, tmp_path, "after.dvk")
    error = net.refused(district, bundle)
    _rewritten(error, commune)
    assert f"nhật ký nay còn ít hơn {held} mục" in error.message


def test_entries_after_the_last_checkpoint_can_be_cut_or_changed_unseen_as_documented(
        net, tmp_path, capsys):
    """The documented limit: what was logged after the latest checkpoint is not
    protected. Cut or rewritten there, nobody can tell; the office's texts say so."""
    commune, district, _province = _commune(net)
    with net.open(commune) as ctx:
        made = ctx.audit_checkpoints.take_now("demo")
        protected = made.entries if made else ctx.audit_checkpoints.state().latest.entries
        ctx.units.add_subunit("Thôn Mới Lập", "thon")
        ctx.units.add_subunit("Thôn Mới Lập Hai", "thon")
        assert ctx.audit_checkpoints.state().count == protected + 2
        state = ctx.audit_checkpoints.state()
        assert "2 mục ghi sau điểm chốt này chưa được bảo vệ" in state.text()
    tamper(net.path(commune), f"UPDATE audit_log SET detail = 'sửa' WHERE seq = "
                               f"{nth(protected + 1)}",
            f"DELETE FROM audit_log WHERE seq = {nth(protected + 2)}")
    status, out = _check(net, commune, capsys)
    assert status == 0, out  # not detectable, as said:
    assert "các mục ghi sau điểm chốt mới nhất" in _vi(LIMITS)
    net.imported(district, _export(net, commune, district, tmp_path, "after.dvk"))


def _vi(text: str) -> str:
    from app.i18n import _

    return _(text)


# -- checkpoints forged, deleted, replayed -------------------------------------------------
def test_a_checkpoint_forged_with_another_key_is_seen_here_and_refused_above(
        net, tmp_path, capsys):
    """The attacker rewrites entry 3 and signs a checkpoint of the new log with a key of
    their own (or the district's, whose key they might hold): not a key of the commune."""
    commune, district, _province = _commune(net)
    tamper(net.path(commune), REWRITE_3)
    with net.open(commune) as ctx:
        log = ctx.audit_checkpoints.state()
        tip = ctx.audit_checkpoints._tip(commune)
        heads = scan(ctx.db, [log.count, tip.entries])
    for number, key in enumerate((nacl.signing.SigningKey.generate(),
                                  net.signing(district))):
        forged = checkpoints.sign(key, office=commune, entries=log.count,
                                  head=heads.heads[log.count], follows=tip,
                                  prev_head=tip.head, made_at=f"2026-12-0{number + 1}T"
                                  "08:00:00.000Z", occasion="on_demand")
        with sqlite3.connect(net.path(commune)) as con:
            rev = con.execute("UPDATE sync_clock SET rev = rev + 1 RETURNING rev"
                              ).fetchone()[0]
            row = forged.row(actor="ke-gian", rev=rev)
            con.execute(f"INSERT INTO audit_checkpoints ({', '.join(row)}) VALUES"
                        f" ({', '.join('?' for _ in row)})", list(row.values()))
        status, out = _check(net, commune, capsys)
        assert status == 1
        assert "không được ký bằng khóa của đơn vị (bị giả mạo hoặc hư hỏng)" in out, out
        assert "Nhật ký thao tác đã bị sửa" in out  # the genuine ones still say so
    with net.open(commune) as ctx:  # the program never continues a forged checkpoint
        assert ctx.audit_checkpoints._tip(commune) == tip
    error = net.refused(district, _export(net, commune, district, tmp_path, "after.dvk"))
    assert error.reason == "audit_checkpoint", error.message
    assert "không được ký bằng khóa của" in error.message


def test_a_checkpoint_copied_from_another_office_is_not_this_offices(net, capsys):
    """A genuine checkpoint of the district, relabelled as the commune's."""
    commune, district, _province = _commune(net)
    with net.open(district) as ctx:
        theirs = ctx.db.execute("SELECT * FROM audit_checkpoints WHERE origin = ?"
                                " ORDER BY entries DESC LIMIT 1", [district])
        row = dict(zip([d[0] for d in theirs.description], theirs.fetchone(), strict=True))
    row.update(origin=commune, rev=0)  # its id and signature stay the district's
    with sqlite3.connect(net.path(commune)) as con:
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute(f"INSERT INTO audit_checkpoints ({', '.join(row)}) VALUES"
                    f" ({', '.join('?' for _ in row)})", list(row.values()))
    status, out = _check(net, commune, capsys)
    assert status == 1 and "bị giả mạo hoặc hư hỏng" in out, out


def test_deleting_the_checkpoints_as_well_is_seen_by_the_office_above(net, tmp_path, capsys):
    """The attacker deletes every checkpoint from the file and rewrites entry 3: the
    file alone can no longer tell (documented). The next bundle starts a new chain;
    the district holds the old one and reports that the log went back."""
    commune, district, _province = _commune(net)
    tamper(net.path(commune), "DELETE FROM audit_checkpoints", REWRITE_3)
    status, out = _check(net, commune, capsys)
    assert status == 0, out
    net.imported(district, _export(net, commune, district, tmp_path, "after.dvk"))
    with net.open(district) as ctx:
        below = {o.code: o for o in ctx.audit_checkpoints.children()}
    assert below[commune].went_back, "the district must see the commune's log went back"
    assert "bắt đầu một chuỗi mới" in below[commune].went_back[0]
    assert main(["--db", str(net.path(district)), "audit", "children"]) == 0
    out = capsys.readouterr().out
    assert f"Lưu ý: {below[commune].name} ({commune})" in out
    status, out = _check(net, district, capsys)
    assert status == 0 and "Lưu ý:" in out


def test_replaying_an_old_checkpoint_to_hide_a_cut_is_seen_by_the_office_above(
        net, tmp_path, capsys):
    """The attacker cuts the log back to an older checkpoint and deletes the newer ones,
    so the file agrees with the old checkpoint it kept: the district sees the new chain
    go back to it."""
    commune, district, _province = _commune(net)
    with net.open(commune) as ctx:
        chain = ctx.db.execute("SELECT id, entries FROM audit_checkpoints WHERE origin = ?"
                               " ORDER BY entries", [commune]).fetchall()
    old_id, old_entries = chain[-2]
    tamper(net.path(commune), f"DELETE FROM audit_checkpoints WHERE origin = '{commune}'"
                               f" AND entries > {old_entries}",
            f"DELETE FROM audit_log WHERE seq >= {nth(old_entries + 1)}", recompute=False)
    status, out = _check(net, commune, capsys)
    assert status == 0, out  # the file agrees with the checkpoint it kept
    net.imported(district, _export(net, commune, district, tmp_path, "after.dvk"))
    with net.open(district) as ctx:
        below = {o.code: o for o in ctx.audit_checkpoints.children()}
    assert below[commune].went_back
    assert "quay lại điểm chốt lúc" in below[commune].went_back[0]
    assert f"({old_entries} mục)" in below[commune].went_back[0]


def test_putting_the_old_entries_back_after_a_signed_mismatch_is_still_seen(
        net, tmp_path, capsys):
    """Entry 3 rewritten, the approver's next job signs a checkpoint that records the
    mismatch, then the attacker puts the original entries back: the file's checkpoints
    still tell that the log was changed in between."""
    commune, district, _province = _commune(net)
    saved = tmp_path / "saved.sqlite"
    shutil.copy(net.path(commune), saved)
    tamper(net.path(commune), REWRITE_3)
    with net.open(commune) as ctx:
        assert ctx.audit_checkpoints.take_now("demo") is not None
    with sqlite3.connect(saved) as original:
        rows = original.execute("SELECT seq, detail, prev_hash, hash FROM audit_log"
                                ).fetchall()
    with sqlite3.connect(net.path(commune)) as con:
        con.executemany("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ?"
                        " WHERE seq = ?", [(d, p, h, s) for s, d, p, h in rows])
    status, out = _check(net, commune, capsys)
    assert status == 1
    assert "nhật ký đã không còn khớp với điểm chốt lúc" in out, out


# -- what is not an attack -----------------------------------------------------------------
def test_a_restored_backup_goes_through_and_is_reported_above(net, tmp_path):
    """Restoring a backup takes the log back: the office above accepts the next bundle
    (its entries up to the backup still match) and reports that the log went back."""
    commune, district, _province = _commune(net)
    with net.open(commune) as ctx:
        backup = ctx.backups.backup_to(tmp_path)
        ctx.units.add_subunit("Thôn Sau Sao Lưu", "thon")
    net.imported(district, _export(net, commune, district, tmp_path, "before.dvk"))
    with net.open(commune) as ctx:
        ctx.backups.restore(backup)
    with net.open(commune) as ctx:
        assert ctx.maintenance.check().ok
    net.imported(district, _export(net, commune, district, tmp_path, "after.dvk"))
    with net.open(district) as ctx:
        below = {o.code: o for o in ctx.audit_checkpoints.children()}
        assert below[commune].went_back


def test_every_checkpoint_of_the_demo_network_holds(net):
    """Every office's own checkpoints match its log, and each office holds the whole
    chain of every office below it, relayed ones included, with no log gone back."""
    for code in net.offices:
        with net.open(code) as ctx:
            log = ctx.audit_checkpoints.state()
            assert log.ok and log.latest is not None, (code, log.problems)
            below = {o.code: o for o in ctx.audit_checkpoints.children()}
            expected = {c for c in net.offices if c != code and _is_below(net, c, code)}
            assert set(below) == expected, code
            assert not [o.went_back for o in below.values() if o.went_back]


def _is_below(net: DemoNet, code: str, office: str) -> bool:
    parent = net.offices[code]["parent"]
    while parent:
        if parent == office:
            return True
        parent = net.offices[parent]["parent"]
    return False


def test_the_office_above_may_accept_a_rewritten_log_after_looking_into_it(
        net, tmp_path, capsys):
    """No backup from before the change: without a way out, the commune could never send
    again. The district accepts that one checkpoint, with the reason, and the commune's
    bundles go through again; what happened is not forgotten (the audit log, the report
    on the offices below)."""
    commune, district, _province = _commune(net)
    tamper(net.path(commune), REWRITE_3)
    bundle = _export(net, commune, district, tmp_path, "after.dvk")
    net.refused(district, bundle)
    db = str(net.path(district))
    with pytest.raises(SystemExit) as usage:  # the reason is asked for
        main(["--db", db, "audit", "accept", str(bundle)])
    assert usage.value.code == 2 and "--reason" in capsys.readouterr().err
    assert main(["--db", db, "audit", "accept", str(bundle), "--reason",
                 "Văn thư xã xóa nhầm một dòng; đã lập biên bản ngày 05/12"]) == 0
    assert f"Đã chấp nhận: nhật ký thao tác của {commune}" in capsys.readouterr().out
    assert main(["--db", db, "import", str(bundle)]) == 0
    with net.open(district) as ctx:
        below = {o.code: o for o in ctx.audit_checkpoints.children()}
        assert "đã chấp nhận" in below[commune].accepted[0]
        assert "Văn thư xã xóa nhầm một dòng" in below[commune].accepted[0]
        assert ctx.audit.entries()[1].action == "accept_rewrite"
    capsys.readouterr()
    # the commune's next bundles go through: its chain continues from the accepted one
    with net.open(commune) as ctx:
        ctx.units.add_subunit("Thôn Sau Biên Bản", "thon")
    net.imported(district, _export(net, commune, district, tmp_path, "next.dvk"))
    # accepting is only for a bundle that shows a rewritten log
    assert main(["--db", db, "audit", "accept", str(bundle), "--reason", "lần nữa"]) == 1
    assert "không cho thấy nhật ký nào bị viết lại" in capsys.readouterr().err


# -- bundles forged with a genuine key ----------------------------------------------------
def test_a_bundle_cannot_carry_a_checkpoint_that_is_not_the_senders_own(net, tmp_path):
    """Re-signed with the district's genuine key: a checkpoint of one of its communes sent
    as its own record (only relaying whole bundles may carry it), a malformed one, one
    with a field missing, and one whose id is not its content. Each refuses the file,
    nothing crashes, nothing is written."""
    commune, district, province = _commune(net)
    mine = net.rows(district, "audit_checkpoints", "origin = ?", [district])[-1]
    theirs = net.rows(district, "audit_checkpoints", "origin = ?", [commune])[-1]
    genuine = net.genuine(district, province, tmp_path / "genuine.dvk", full=False)
    missing = dict(mine)
    del missing["prev_head"]
    edits = {
        "commune's": theirs,
        "malformed": {**mine, "head": "không phải mã băm"},
        "missing": missing,
        "relabelled": {**mine, "entries": mine["entries"] + 1},
    }
    for name, record in edits.items():
        bundle = forged(genuine, tmp_path / f"{name}.dvk", net.signing(district),
                        lambda records, record=record: put(records, "audit_checkpoints",
                                                           record))
        error = net.refused(province, bundle)
        assert error.reason == "authority", (name, error.message)
        assert "không có quyền" in error.message, error.message
        assert "Toàn bộ tệp bị từ chối" in error.message, error.message
