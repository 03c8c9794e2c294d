"""Issue 22 with the papers issue: an issued decision is signed as its frozen paper,
byte for byte (its SHA-256 as stored when it was issued); the signed copy is kept and
travels with the decision in the next bundles (its hash in the signed record); a second
signature is added to the signed copy; the rule of authority takes a signed copy only
from the decision's issuer, of the paper as issued."""

from __future__ import annotations

import hashlib
import json

import pytest

from app.context import AppContext
from app.demo.signatures import CHANGED, FOLDER, ROOT_NAME, SIGNED
from app.demo.sync import DEMO_PASSPHRASE
from app.errors import DvkError
from app.pdfsign.keys import FileKey
from tests.pdfsign.conftest import P12_PASSWORD
from tests.sync.redteam import DemoNet, forged, put

PROVINCE = "37"
FIRST = "13741"  # signs its decisions in the demo
LAST = "14215"  # accounts on; signs nothing in the demo
APPROVER, PASSWORD = "duyet", "demo1234"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _open(network, code: str, *, sign_in: bool = False) -> AppContext:
    db = next(network.glob(f"*-{code}.sqlite"))
    ctx = AppContext.open(db, actor="test")
    if sign_in:
        ctx.accounts.login(APPROVER, PASSWORD)
    return ctx


def _trust(network, code: str, root) -> None:
    """The test CA's root installed as trust anchor (by the administrator)."""
    with _open(network, code) as ctx:
        if ctx.accounts.enabled():
            ctx.accounts.login("quantri", PASSWORD)
        ctx.pdf_signatures.add_anchors(root)


def _own_issued(ctx: AppContext) -> list[str]:
    return [row[0] for row in ctx.db.execute(
        "SELECT id FROM decisions WHERE issuer_code = ? AND state = 'ban_hanh' AND"
        " paper_sha256 <> '' ORDER BY number", [ctx.office_code])]


def test_a_decision_is_signed_as_issued_and_a_second_signature_added(
        demo_network, key_files, test_pki):
    _trust(demo_network, LAST, key_files["root"])
    with _open(demo_network, LAST, sign_in=True) as ctx:
        service = ctx.pdf_signatures
        decision_id = _own_issued(ctx)[0]
        stored = ctx.decisions.get(decision_id)
        paper = service.issued_paper(decision_id)
        assert _sha(paper) == ctx.db.execute("SELECT paper_sha256 FROM decisions WHERE id = ?",
                                             [decision_id]).fetchone()[0]
        assert service.signed_copy(decision_id) is None
        first = service.sign_decision(decision_id, FileKey(str(key_files["signer"])),
                                      P12_PASSWORD)
        assert first.data.startswith(paper), "the frozen paper, byte for byte, then the signature"
        [row] = service.signed_copies(decision_id)
        assert (row.paper_sha256, row.pdf_sha256, row.previous_sha256) == (
            _sha(paper), _sha(first.data), "")
        assert row.origin == LAST and row.signer == "Nguyễn Văn An"
        assert service.signed_copy(decision_id) == first.data
        # The organisation's signature later: added to the signed copy, the first kept.
        second = service.sign_decision(decision_id, FileKey(str(key_files["second"])),
                                       P12_PASSWORD)
        assert second.data.startswith(first.data)
        assert service.signed_copy(decision_id) == second.data
        report = service.verify_bytes(second.data)
        assert report.ok, report.as_dict()
        assert [s.signer for s in report.signatures] == ["Nguyễn Văn An", "Trần Thị Bình"]
        assert report.signatures[0].changes == "signatures"
        assert stored.state == "ban_hanh"  # the decision itself did not change


def test_only_the_issuer_signs_and_only_an_issued_paper(demo_network, key_files):
    with _open(demo_network, LAST, sign_in=True) as ctx:
        province_decision = ctx.db.execute(
            "SELECT id FROM decisions WHERE issuer_code = ?", [PROVINCE]).fetchone()[0]
        with pytest.raises(DvkError, match="chỉ cơ quan ban hành mới ký"):
            ctx.pdf_signatures.sign_decision(province_decision,
                                             FileKey(str(key_files["signer"])), P12_PASSWORD)
        draft = ctx.decisions.draft(ctx.recognition.current_year())
        with pytest.raises(DvkError, match="vẫn là dự thảo"):
            ctx.pdf_signatures.sign_decision(draft, FileKey(str(key_files["signer"])),
                                             P12_PASSWORD)
    with _open(demo_network, LAST) as ctx:  # nobody signed in: refused before the PIN
        with pytest.raises(DvkError, match="hãy đăng nhập trước"):
            ctx.pdf_signatures.sign_decision(_own_issued(ctx)[0],
                                             FileKey(str(key_files["signer"])), P12_PASSWORD)


def test_the_signed_copy_travels_with_the_decision(demo_network, key_files, tmp_path,
                                                   monkeypatch):
    """Up here (the commune to the province); the demo's province sent its own down."""
    with _open(demo_network, LAST, sign_in=True) as ctx:
        decision_id = _own_issued(ctx)[0]
        signed = ctx.pdf_signatures.sign_decision(decision_id,
                                                  FileKey(str(key_files["signer"])),
                                                  P12_PASSWORD)
        bundle = ctx.sync.export(PROVINCE, tmp_path / "len-tinh.dvk",
                                 passphrase=DEMO_PASSPHRASE).path
    with _open(demo_network, PROVINCE) as ctx:
        ctx.sync.import_bundle(bundle)
        assert ctx.pdf_signatures.signed_copy(decision_id) == signed.data
        [row] = ctx.pdf_signatures.signed_copies(decision_id)
        assert row.origin == LAST and row.pdf_sha256 == _sha(signed.data)
        ctx.pdf_signatures.add_anchors(key_files["root"])
        assert ctx.pdf_signatures.verify_bytes(signed.data).ok
    # Down, in the demo itself: the commune holds the province's signed decisions.
    with _open(demo_network, LAST) as ctx:
        received = ctx.db.execute(
            "SELECT decision_id FROM decision_signatures WHERE origin = ?",
            [PROVINCE]).fetchall()
        assert received
        for (decision_id,) in received:
            data = ctx.pdf_signatures.signed_copy(decision_id)
            report = ctx.pdf_signatures.verify_bytes(data)
            assert report.ok and report.signatures[0].chain[-1] == ROOT_NAME


def test_a_signed_copy_of_another_paper_or_of_another_offices_decision_is_refused(
        demo_network, tmp_path):
    """The commune's genuine key, a forged record: refused whole (authority)."""
    net = DemoNet(demo_network)
    genuine = net.rows(FIRST, "decision_signatures", "origin = ?", [FIRST])[0]
    carrier = net.genuine(FIRST, PROVINCE, tmp_path / "len.dvk", full=True)
    signing = net.signing(FIRST)
    other_paper = {**genuine, "id": "forged-1", "paper_sha256": "a" * 64}
    error = net.refused(PROVINCE, forged(carrier, tmp_path / "f1.dvk", signing,
                                         lambda records: put(records, "decision_signatures",
                                                             other_paper)))
    assert error.reason == "authority" and "ký một văn bản khác" in error.message
    provinces = net.rows(PROVINCE, "decisions", "issuer_code = ? AND paper_sha256 <> ''",
                         [PROVINCE])[0]
    of_the_province = {**genuine, "id": "forged-2", "decision_id": provinces["id"],
                       "paper_sha256": provinces["paper_sha256"]}
    error = net.refused(PROVINCE, forged(carrier, tmp_path / "f2.dvk", signing,
                                         lambda records: put(records, "decision_signatures",
                                                             of_the_province)))
    assert error.reason == "authority"


def test_the_demo_signs_and_its_files(demo_network):
    folder = demo_network / FOLDER
    with _open(demo_network, FIRST) as ctx:
        signed = (folder / SIGNED.format(code=FIRST)).read_bytes()
        assert ctx.pdf_signatures.verify_bytes(signed).ok
        assert not ctx.pdf_signatures.verify_bytes(
            (folder / CHANGED.format(code=FIRST)).read_bytes()).ok
        issued = _own_issued(ctx)
        assert issued and all(ctx.pdf_signatures.signed_copy(i) for i in issued)


def test_the_command_line_signs_a_decision_and_saves_a_signed_copy(
        demo_network, key_files, tmp_path, monkeypatch, capsys):
    from app.cli.main import main
    from app.i18n import set_language

    db = str(next(demo_network.glob(f"*-{LAST}.sqlite")))
    monkeypatch.setenv("DVK_PASSWORD", PASSWORD)
    monkeypatch.setenv("DVK_TOKEN_PIN", P12_PASSWORD)
    monkeypatch.setattr("sys.stdin", None)
    with _open(demo_network, LAST) as ctx:
        number = ctx.decisions.get(_own_issued(ctx)[0]).number
        province = ctx.decisions.get(ctx.db.execute(
            "SELECT decision_id FROM decision_signatures WHERE origin = ?",
            [PROVINCE]).fetchone()[0]).number
    out = tmp_path / "qd-da-ky.pdf"
    code = main(["--db", db, "--user", APPROVER, "sign-pdf", "--decision", number,
                 "--issuer", LAST, "--out", str(out), "--pkcs12", str(key_files["signer"])])
    set_language("vi")
    assert code == 0, capsys.readouterr()
    with _open(demo_network, LAST) as ctx:
        assert out.read_bytes() == ctx.pdf_signatures.signed_copy(_own_issued(ctx)[0])
    capsys.readouterr()
    copy = tmp_path / "ban-ky-cua-tinh.pdf"
    code = main(["--db", db, "signed-copy", province, "--issuer", PROVINCE, "--out",
                 str(copy), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["valid"] and copy.exists()
    # each copy as it was always written, key by key (typed records since issue 21)
    with _open(demo_network, LAST) as ctx:
        rows = ctx.db.execute(
            "SELECT signer, organisation, signed_at, level, pdf_sha256, paper_sha256"
            " FROM decision_signatures WHERE decision_id = ? ORDER BY signed_at, created_at,"
            " id", [ctx.decisions.resolve(province, PROVINCE, None)]).fetchall()
    assert list(result) == ["out", "valid", "copies", "check"] and rows
    assert [list(c.items()) for c in result["copies"]] == [
        [("signer", row[0]), ("organisation", row[1]), ("signed_at", row[2]),
         ("level", row[3]), ("pdf_sha256", row[4]), ("paper_sha256", row[5]),
         ("withdrawn", False)] for row in rows]
    assert main(["--db", db, "sign-pdf", str(copy), "--decision", number, "--out",
                 str(out)]) == 2  # a file and a decision: which one?
    assert main(["--db", db, "sign-pdf", "--out", str(out)]) == 2


@pytest.mark.gui
def test_the_decisions_screen_signs_and_saves_the_signed_copy(demo_network, key_files, qtbot,
                                                              tmp_path, monkeypatch):
    from PySide6.QtCore import Qt

    from app.printing import paper_names
    from tests.gui.helpers import when_modal
    from tests.pdfsign.conftest import signs_with_file
    from ui.jobs import JobRunner
    from ui.screens.decisions_screen import DecisionsScreen
    from ui.screens.sign_pdf_dialog import SignPdfDialog

    with _open(demo_network, LAST, sign_in=True) as ctx:
        decision_id = _own_issued(ctx)[0]
        screen = DecisionsScreen(ctx, JobRunner())
        qtbot.addWidget(screen)
        screen.year.setCurrentIndex(screen.year.findData(ctx.decisions.get(decision_id).year))
        screen.select(decision_id)
        assert screen.sign_button.isEnabled() and not screen.signed_button.isEnabled()
        seen = {}
        when_modal(SignPdfDialog, signs_with_file(qtbot, key_files["signer"], seen))
        qtbot.mouseClick(screen.sign_button, Qt.MouseButton.LeftButton)
        assert "như khi ban hành" in seen["paper"] and seen["done"].startswith("Đã ký:")
        assert "đã ký số: Nguyễn Văn An" in screen.number.text()
        assert screen.signed_button.isEnabled()
        target = tmp_path / "ban-ky-so.pdf"
        saved = screen.save_signed_copy(str(target))
        assert saved and target.read_bytes() == ctx.pdf_signatures.signed_copy(decision_id)
        offered = {}

        def choose(_parent, _title, name, _filter):
            offered["name"] = name
            return str(tmp_path / name), _filter

        monkeypatch.setattr("ui.screens.decisions_screen.QFileDialog.getSaveFileName", choose)
        saved = screen.save_signed_copy()  # the clerk takes the name offered
        number = ctx.decisions.get(decision_id).number
        assert offered["name"] == paper_names.signed_decision(number)
        assert offered["name"].startswith("Quyet-dinh-da-ky-so-") and saved.endswith(".pdf")
