"""Issue 17, point 7: an issued decision is a record. What was issued (heading,
wording, signer, numbering, the certificates with their codes and emblem) is frozen
with the decision, carried in bundles, and reprinted identically at every office,
whatever its settings; issuing warns of blanks first; a draft prints "DỰ THẢO"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.context import AppContext
from app.printing import frozen
from app.printing.fixed_fonts import FIXED_FAMILY
from app.sync import authority
from app.sync.kinds import get as get_kind
from tests.printing import pdfcheck
from tests.printing.test_settings_and_wording import _png
from tests.recognition.helpers import recognised_model

GUIDELINE = ("Hướng dẫn số 05-HD/BTGDVTU ngày 18/11/2025 của Ban Tuyên giáo và Dân vận "
             "Tỉnh ủy Ninh Bình về xây dựng và công nhận mô hình, điển hình “Dân vận khéo”")


def _issued(ctx, *, signer=None) -> str:
    first = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    recognised_model(ctx, "Camera an ninh khu phố")
    year = ctx.registrations.get(first).year
    decision = ctx.decisions.draft(year)
    ctx.decisions.issue(decision, signer)
    return decision


def _paper(ctx, decision_id) -> tuple[bytes, bytes]:
    doc = ctx.recognition_papers.decision_document(decision_id)
    certificates = ctx.recognition_papers.certificate_documents(decision_id)
    return ctx.printing.render(doc), ctx.printing.render_certificates(certificates)


def test_a_reprint_is_the_paper_as_issued_whatever_the_settings_say(ctx, tmp_path):
    ctx.printing.set_setting("print.signer_name", "Nguyễn Thị Hương")
    ctx.printing.set_emblem_bytes(_png(), "huy-hieu.png")
    decision = _issued(ctx)
    stored = ctx.db.execute("SELECT paper, paper_sha256, emblem_sha256, number FROM decisions"
                            " WHERE id = ?", [decision]).fetchone()
    assert json.loads(stored[0])["format"] == frozen.FORMAT and stored[2]
    before = _paper(ctx, decision)
    assert frozen.sha256(before[0]) == stored[1]  # the hash of the paper as issued
    text = pdfcheck.text(before[0])
    assert "Nguyễn Thị Hương" in text and "Yên Thắng, ngày" in text and stored[3] in text
    # The office changes everything it can.
    for key, value in (("print.superior", "Đảng ủy phường Yên Thắng mới"),
                       ("print.body", "Ban Chỉ đạo mới"), ("place_name", "Nơi khác"),
                       ("print.signer_name", "Người ký khác"), ("print.system", "state")):
        ctx.printing.set_setting(key, value)
    ctx.printing.set_wording("decision", "title", "QUYẾT ĐỊNH MỚI")
    ctx.printing.set_wording("official", "recipients_label", "Gửi:")
    ctx.printing.set_setting("print.emblem", None)
    after = _paper(ctx, decision)
    assert after == before  # byte for byte, decision and certificates
    assert "Người ký khác" not in pdfcheck.text(after[0])
    doc = ctx.recognition_papers.decision_document(decision)
    assert ctx.printing.reprint_note(doc, after[0]) == ""
    assert ctx.printing.render(doc) == after[0]
    certificates = ctx.recognition_papers.certificate_documents(decision)
    assert all(c.emblem == _png() for c in certificates)  # the emblem issued with it


def test_issued_papers_use_the_fixed_font_and_name_no_version(ctx):
    decision = _issued(ctx)
    doc = ctx.recognition_papers.decision_document(decision)
    renderer = ctx.printing.frozen_renderer(doc.frozen.official)
    assert renderer.fonts.regular.startswith(FIXED_FAMILY) and renderer.creator == "DVK"
    fonts = pdfcheck.fonts(ctx.printing.render(doc))
    assert fonts and all("LiberationSerif" in name for name in fonts) and all(fonts.values())


def test_a_reprint_in_another_process_is_the_same_bytes(ctx, db_path, tmp_path):
    decision = _issued(ctx)
    sha = ctx.db.execute("SELECT paper_sha256 FROM decisions WHERE id = ?",
                         [decision]).fetchone()[0]
    out = tmp_path / "qd.pdf"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "DVK_PRINT_FONT": "system"}
    result = subprocess.run([sys.executable, "-m", "app", "--db", str(db_path), "print",
                             "decision", "--decision", decision[:8], "--out", str(out)],
                            capture_output=True, text=True, encoding="utf-8", env=env,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert frozen.sha256(out.read_bytes()) == sha


def test_certificates_carry_the_codes_signed_at_issue(ctx):
    ctx.keys.create("mat khau thu nghiem", demo=True)
    signer = ctx.certificate_codes.signer("mat khau thu nghiem")
    decision = _issued(ctx, signer=signer)
    certificates = ctx.recognition_papers.certificate_documents(decision)
    assert certificates and all(c.qr_payload for c in certificates)
    verdict = ctx.certificate_codes.verify_text(certificates[0].qr_payload)
    assert verdict.genuine, verdict.text
    assert not ctx.recognition_papers.needs_signer(decision)  # nothing to sign at print


def test_issuing_says_what_would_stay_blank(ctx):
    first = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    decision = ctx.decisions.draft(ctx.registrations.get(first).year)
    blanks = ctx.decisions.blanks(decision)
    assert len(blanks) == 3 and "print.signer_name" in blanks[0]
    ctx.printing.set_setting("print.signer_name", "Nguyễn Thị Hương")
    ctx.calendar.set_guideline(ctx.registrations.get(first).year, GUIDELINE)
    ctx.keys.create("mat khau thu nghiem", demo=True)
    assert ctx.decisions.blanks(decision) == []
    ctx.decisions.issue(decision)
    text = pdfcheck.text(ctx.printing.render(ctx.recognition_papers.decision_document(decision)))
    assert "Căn cứ Hướng dẫn số 05-HD/BTGDVTU ngày 18/11/2025" in text
    assert "........" not in text.split("QUYẾT ĐỊNH:")[0]


def test_a_draft_prints_marked_du_thao_and_unnumbered(ctx):
    first = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    decision = ctx.decisions.draft(ctx.registrations.get(first).year)
    data = ctx.printing.render(ctx.recognition_papers.decision_document(decision))
    pages = pdfcheck.page_texts(data)
    assert all("DỰ THẢO" in page for page in pages)
    assert "-QĐ/BCĐ" in pages[0] and "01-QĐ/BCĐ" not in pages[0]
    assert "ngày ...... tháng ...... năm ......" in pages[0]
    ctx.decisions.issue(decision)
    issued = pdfcheck.page_texts(ctx.printing.render(
        ctx.recognition_papers.decision_document(decision)))
    assert not any("DỰ THẢO" in page for page in issued) and "01-QĐ/BCĐ" in issued[0]


def test_the_paper_never_changes_by_sync():
    assert {"paper", "paper_sha256", "emblem_sha256"} <= set(
        authority.RULES["decisions"].frozen)
    assert "paper" in authority.RULES["decision_items"].frozen
    kind = get_kind("decisions")
    good = {"year": 2026, "level": "xa", "state": "ban_hanh", "system": "party",
            "number": "01-QĐ/ĐU", "decided_on": "2026-09-18", "paper_sha256": "",
            "emblem_sha256": "", "paper": json.dumps(
                {"format": 1, "decision": {"heading": {"number": "01-QĐ/ĐU"}}},
                ensure_ascii=False)}
    assert kind.validate(good) is None
    assert kind.validate({**good, "emblem_sha256": "not a hash"})

    class Judge:  # an office at commune level, two tiers
        profile = "hai_cap"

        @staticmethod
        def level(code):
            return "xa"

    # A paper printing another number than its decision's is a forgery: the whole
    # file is refused (a claim), not the record quietly left out.
    claims = authority.RULES["decisions"].claims
    row = {**good, "origin": "14725", "issuer_code": "14725"}
    assert claims(Judge, row) is None
    assert "01-QĐ/ĐU" in claims(Judge, {**row, "paper": good["paper"].replace("01-QĐ",
                                                                              "09-QĐ")})
    assert kind.blobs({**good, "emblem_sha256": "a" * 64}) == ["a" * 64]


def _offices(network: Path) -> list[Path]:
    data = json.loads((network / "network.json").read_text(encoding="utf-8"))
    return [network / o["db"] for o in data["offices"]]


def test_every_office_prints_a_decision_byte_for_byte_as_issued(demo_network):
    printed: dict[str, set[tuple[bytes, bytes]]] = {}
    offices: dict[str, int] = {}
    emblems: dict[str, bool] = {}
    from app.demo.reliability import DEMO_PASSWORD

    for path in _offices(demo_network):
        with AppContext.open(path) as ctx:
            if ctx.accounts.enabled():  # the office's own certificates: the approver's
                ctx.accounts.login("duyet", DEMO_PASSWORD)
            for decision in ctx.decisions.listing(state="ban_hanh"):
                sha = ctx.db.execute("SELECT paper_sha256, emblem_sha256 FROM decisions"
                                     " WHERE id = ?", [decision.id]).fetchone()
                assert sha[0], decision.number
                paper = _paper(ctx, decision.id)
                assert frozen.sha256(paper[0]) == sha[0]
                printed.setdefault(decision.id, set()).add(paper)
                offices[decision.id] = offices.get(decision.id, 0) + 1
                certificates = ctx.recognition_papers.certificate_documents(decision.id)
                assert all(c.qr_payload for c in certificates), decision.number
                emblems[decision.id] = bool(sha[1])
                if sha[1]:
                    assert all(c.emblem for c in certificates)
    assert len(printed) >= 4 and any(emblems.values()) and not all(emblems.values())
    assert all(len(papers) == 1 for papers in printed.values())  # the same bytes anywhere
    assert sum(count >= 3 for count in offices.values()) >= 2  # printed at 3 offices


def test_the_window_prints_a_draft_marked_and_issues_a_paper_without_blanks(ctx, qtbot,
                                                                           monkeypatch):
    from PySide6.QtCore import Qt

    from tests.gui.helpers import answer_message_box, when_modal
    from ui.jobs import JobRunner
    from ui.screens import print_preview
    from ui.screens.decisions_screen import DecisionsScreen, IssueDialog

    first = recognised_model(ctx, "Tuyến đường hoa, đường cờ Tổ quốc")
    year = ctx.registrations.get(first).year
    ctx.printing.set_setting("print.signer_name", "Nguyễn Thị Hương")
    ctx.calendar.set_guideline(year, GUIDELINE)
    ctx.keys.create("mat khau thu nghiem", demo=True)  # unlocked for this session
    shown = []
    monkeypatch.setattr(print_preview.PrintPreviewDialog, "show",
                        lambda dialog: shown.append(dialog))
    screen = DecisionsScreen(ctx, JobRunner())
    qtbot.addWidget(screen)
    screen.year.setCurrentIndex(screen.year.findData(year))
    draft = screen.new_decision()
    assert screen.print_button.isEnabled() and not screen.blanks_button.isEnabled()
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    assert all("DỰ THẢO" in page for page in pdfcheck.page_texts(shown[-1].pdf))
    warned: list = []

    def issue(dialog: IssueDialog) -> None:
        warned.append(dialog.text.text())
        assert dialog.ok_button.text() == "Ban hành"  # nothing blank: the plain question
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    when_modal(IssueDialog, issue)
    answer_message_box("Đóng", delay=300)
    qtbot.mouseClick(screen.issue_button, Qt.MouseButton.LeftButton)
    assert "chỗ trống" not in warned[0]
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    text = pdfcheck.text(shown[-1].pdf)
    assert "DỰ THẢO" not in text and "Nguyễn Thị Hương" in text and "01-QĐ/BCĐ" in text
    certificates = ctx.recognition_papers.certificate_documents(draft)
    assert all(c.qr_payload for c in certificates)
    for preview in shown:
        preview.close()
