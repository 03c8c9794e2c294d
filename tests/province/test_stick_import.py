"""Issue 25, point 1: import a stick, not a file. `dvk import PATH...` takes files and
folders (a whole stick), previews every bundle, imports all in order (by sender and
number, a later bundle found first goes after), each in its own transaction, and ends
with one report: imported per commune with what came, refused with the reason,
duplicates, and the communes still missing this year. `dvk import FILE` is what it was.
"""

from __future__ import annotations

import json
import sqlite3

from app.cli import main
from app.sync import batch
from tests.province.conftest import PROVINCE, UNKNOWN
from tests.sync.builders import manifest_of


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _counts(path):
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
                for t in ("registrations", "proposals", "proposal_items", "inbox")}


def test_the_whole_stick_in_one_go(october, capsys, monkeypatch):
    monkeypatch.setenv("DVK_PASSPHRASE", "demo")
    province_db = october.network / "tinh-37.sqlite"
    before = _counts(province_db)
    code, out, err = run(capsys, "--db", str(province_db), "import", str(october.stick))
    assert code == 4, err  # some files verified and refused: the others went in
    first, second = october.communes
    # imported per commune, with its name, its bundles in order and what came
    line = next(x for x in out.splitlines() if x.strip().startswith(first["name"]))
    seqs = [manifest_of(p)["seq"] for p in october.first_bundles]
    assert f"{first['name']} ({first['code']}), gói số {seqs[0]}, {seqs[1]}:" in line
    assert f"{len(october.proposed_by[first['code']])} mô hình đề nghị" in line
    assert "1 đăng ký mới" in line
    second_line = next(x for x in out.splitlines() if x.strip().startswith(second["name"]))
    assert "1 đăng ký mới" in second_line
    # refused with the reason, nothing of them written
    refused = out[out.index("Bị từ chối (3)"):]
    assert "khong-ro.dvk" in refused and "khóa không rõ" in refused
    assert "cua-ha-noi.dvk" in refused and "gửi cho đơn vị khác" in refused
    assert "bi-cat.dvk" in refused and "tệp hỏng hoặc thiếu" in refused
    # the copy, the old bundles, the province's own bundles
    assert "ban sao cua goi.dvk" in out[out.index("Bản sao của tệp khác (1)"):]
    assert "Đã nhập từ trước" in out
    assert "Gói do đơn vị này lập để gửi đơn vị khác (2)" in out
    # ... each for a commune the clerk reads by its name, not its code (issue 18, point 4)
    own = out[out.index("Gói do đơn vị này lập để gửi đơn vị khác (2)"):]
    own = own[:own.index("chưa gửi gói nào")]
    with sqlite3.connect(province_db) as db:
        recipients = [db.execute("SELECT name FROM units WHERE code = ?", [name.split("-")[2]]
                                 ).fetchone()[0]
                      for name in sorted(p.name for p in october.stick.rglob("37-to-*.dvk"))]
    assert len(recipients) == 2
    for name in recipients:
        assert f"lập để gửi {name}. Hãy mang đến" in own
    assert "lập để gửi 1" not in own
    # the communes still missing this year: the 127 others of the province
    assert "chưa gửi gói nào trong năm 2026 (127)" in out
    after = _counts(province_db)
    assert after["registrations"] == before["registrations"] + 2
    assert after["proposal_items"] == before["proposal_items"] + len(october.proposed)
    # the three new bundles, and the one the second commune left on the stick last time
    assert after["inbox"] == before["inbox"] + 4
    with sqlite3.connect(province_db) as db:
        assert db.execute("SELECT count(*) FROM registrations WHERE origin = ?",
                          [UNKNOWN]).fetchone()[0] == 0
        # a later bundle found first went in after the earlier one
        seqs = [r[0] for r in db.execute("SELECT seq FROM inbox WHERE sender = ? ORDER BY id",
                                         [first["code"]])]
    assert seqs == sorted(seqs)


def test_a_later_bundle_found_first_goes_after_the_earlier_one(october, tmp_path):
    from app.context import AppContext

    with AppContext.open(october.network / "tinh-37.sqlite", actor="test") as ctx:
        items = ctx.stick.scan([october.first_bundles[1], october.first_bundles[0]])
        assert [i.path for i in batch.ordered(items)] == october.first_bundles
        assert items[0].missing_before  # the later one, looked at alone, misses one
        report = ctx.stick.import_all(items)
        assert [i.status for i in report.items] == [batch.IMPORTED, batch.IMPORTED]
        assert report.exit_code() == 0
        # imported in order: no gap was left behind
        rows = ctx.db.execute("SELECT seq FROM inbox WHERE sender = ? ORDER BY id DESC"
                              " LIMIT 2", [october.communes[0]["code"]]).fetchall()
        assert rows[1][0] + 1 == rows[0][0]


def test_a_dry_run_changes_nothing_and_says_the_order(october, capsys):
    province_db = october.network / "tinh-37.sqlite"
    before = province_db.read_bytes()
    code, out, _err = run(capsys, "--db", str(province_db), "import", "--dry-run",
                          str(october.first_bundles[1]), str(october.first_bundles[0]),
                          str(october.second_bundle))
    assert code == 0
    assert "Chạy thử: không thay đổi gì" in out
    order = out[out.index("theo thứ tự:"):]
    assert order.index("z-truoc.dvk") < order.index("a-sau.dvk")
    assert province_db.read_bytes() == before


def test_json_report_and_exit_0_when_nothing_is_refused(october, capsys):
    province_db = october.network / "tinh-37.sqlite"
    code, out, _err = run(capsys, "--db", str(province_db), "import", "--json",
                          str(october.second_bundle), str(october.duplicate))
    assert code == 0
    report = json.loads(out)
    assert [f["status"] for f in report["files"]] == ["imported", "duplicate"]
    assert "1 đăng ký mới" in report["offices"][0]["what"]
    assert len(report["missing"]) == 127


def test_one_file_is_imported_as_it_always_was(october, capsys):
    province_db = october.network / "tinh-37.sqlite"
    code, out, _err = run(capsys, "--db", str(province_db), "import",
                          str(october.second_bundle))
    assert code == 0
    assert out.splitlines()[0].startswith("Gói số")
    assert "Đăng ký mô hình" in out  # the table per kind of record, as before
    assert out.splitlines()[-1] == "Đã nhập."
    code, _out, err = run(capsys, "--db", str(province_db), "import", str(october.truncated))
    assert code == 4 and "hỏng" in err
    code, _out, err = run(capsys, "--db", str(province_db), "import",
                          str(october.stick / "khong-co.dvk"))
    assert code == 4 and "khong-co.dvk" in err


def test_a_folder_without_bundles_is_said_plainly(october, tmp_path, capsys):
    empty = tmp_path / "usb-trong"
    empty.mkdir()
    code, _out, err = run(capsys, "--db", str(october.network / "tinh-37.sqlite"), "import",
                          str(empty))
    assert code == 1 and "Không tìm thấy gói (.dvk) nào" in err


def test_each_bundle_is_its_own_transaction(october, monkeypatch):
    """A bundle refused at import (here: the store fails on it) changes nothing; the
    bundles before and after it go in."""
    from app.context import AppContext
    from app.sync.errors import BundleRefused
    from app.sync.service import SyncService

    real = SyncService.apply
    failing = october.first_bundles[1].name

    def apply(self, preview, progress=None):
        if preview.bundle.path.name == failing:
            raise BundleRefused("integrity", "thử lỗi")
        return real(self, preview) if progress is None else real(self, preview, progress)

    monkeypatch.setattr(SyncService, "apply", apply)
    with AppContext.open(october.network / "tinh-37.sqlite", actor="test") as ctx:
        before = ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0]
        report = ctx.stick.run([*october.first_bundles, october.second_bundle])
        statuses = {i.path.name: i.status for i in report.items}
        assert statuses == {"z-truoc.dvk": batch.IMPORTED, "a-sau.dvk": batch.REFUSED,
                            "goi.dvk": batch.IMPORTED}
        assert report.exit_code() == 4
        after = ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0]
        assert after == before + 1  # the second commune's; the refused one wrote nothing
        assert PROVINCE == ctx.office_code
