"""Issue 22 with issue 26: an erasure reaches the digitally signed copies of the
decisions that name the person. A signed PDF cannot be erased inside without breaking
its signature, so it is withdrawn at every office the erasure reaches: its bytes are
deleted, its record (hash, signer, certificate, time) stays as the proof that it was
signed, and everything that would show, save or sign on it says so. The issuer signs
the decision again as it now reads (the paper as issued but for the erased data), and
that copy travels down like the first (docs/privacy.md, "Signed copies")."""

from __future__ import annotations

import hashlib
import json

import pytest

from app.domain.privacy import ERASED
from app.errors import DvkError
from tests.printing import pdfcheck
from tests.privacy.conftest import COMMUNE, PROVINCE, person_on_province_decision
from tests.privacy.test_erasure import _everything

WITHDRAWN = "đã được gỡ vì có dữ liệu cá nhân đã bị xóa"


def _copies(ctx, decision_id: str) -> list:
    """The signed copies' records as they travel (`rev` is each office's own counter)."""
    cursor = ctx.db.execute("SELECT * FROM decision_signatures WHERE decision_id = ?"
                            " ORDER BY id", [decision_id])
    columns = [d[0] for d in cursor.description]
    return [{c: v for c, v in zip(columns, row, strict=True) if c != "rev"} for row in cursor]


def _held(ctx, digest: str) -> bool:
    return ctx.db.execute("SELECT 1 FROM blobs WHERE sha256 = ?", [digest]).fetchone() \
        is not None


def _named_anywhere(ctx, name: str) -> list[str]:
    """Where the data file still holds `name`: a table that names people, the signed
    copies' records, or a stored file (its bytes, or the text of a PDF)."""
    found = []
    if name in _everything(ctx):
        found.append("tables")
    if any(name in " ".join(str(v) for v in row)
           for row in ctx.db.execute("SELECT * FROM decision_signatures")):
        found.append("decision_signatures")
    for digest, data in ctx.db.execute("SELECT sha256, data FROM blobs"):
        data = bytes(data)
        if name.encode("utf-8") in data or name.encode("utf-16-be") in data or (
                data.startswith(b"%PDF") and name in pdfcheck.text(data)):
            found.append(f"blob {digest[:12]}")
    return found


def _decision_of(ctx, registration_id: str) -> str:
    return ctx.db.execute("SELECT decision_id FROM decision_items WHERE origin = ? AND"
                          " registration_id = ?", [PROVINCE, registration_id]).fetchone()[0]


def test_an_erasure_withdraws_the_signed_copies_and_the_issuer_signs_again(demo):
    with demo.open(COMMUNE) as commune:
        person_id, name, registration_id = person_on_province_decision(commune)
        decision_id = _decision_of(commune, registration_id)
        signed = commune.pdf_signatures.signed_copy(decision_id)
        assert signed is not None, "the demo's province signs its issued decisions"
        assert name in pdfcheck.text(signed)
        copies = _copies(commune, decision_id)
        result = commune.privacy.erase(person_id)
        # At the office that erased: withdrawn at once, bytes deleted, records kept.
        assert result.signed_copies >= 1
        assert _copies(commune, decision_id) == copies
        assert not any(_held(commune, c["pdf_sha256"]) for c in copies)
        assert all(c.withdrawn for c in commune.pdf_signatures.signed_copies(decision_id))
        with pytest.raises(DvkError, match=WITHDRAWN) as said:
            commune.pdf_signatures.signed_copy(decision_id)
        assert "có thể ký lại" in str(said.value)
        assert commune.maintenance.check().ok

    demo.send(COMMUNE, PROVINCE, "up.dvk")
    with demo.open(PROVINCE) as province:
        # The issuer imported the erasure: its lines and paper erased, its signed
        # copies withdrawn (the records stay, as the proof that it was signed).
        assert _copies(province, decision_id) == copies
        assert not any(_held(province, c["pdf_sha256"]) for c in copies)
        with pytest.raises(DvkError, match=WITHDRAWN):
            province.pdf_signatures.signed_copy(decision_id)
        assert _named_anywhere(province, name) == []
        # The reprint says why it is not the paper as issued...
        doc = province.recognition_papers.decision_document(decision_id)
        paper = province.pdf_signatures.issued_paper(decision_id)
        assert doc.frozen.erased and "đã bị xóa" in province.printing.reprint_note(doc, paper)
        assert hashlib.sha256(paper).hexdigest() not in {c["paper_sha256"] for c in copies}
        assert name not in pdfcheck.text(paper) and ERASED in pdfcheck.text(paper)
        # ...and the office signs it again as it now reads (the demo's certificate file;
        # a token signs through the same code path: tests/pdfsign/test_token.py).
        assert province.pdf_signatures.erased_since_issued(decision_id)
    again = _resign_at_province(demo, decision_id)
    with demo.open(PROVINCE) as province:
        assert again.data.startswith(paper)  # the erased paper, byte for byte
        assert province.pdf_signatures.signed_copy(decision_id) == again.data
        assert province.pdf_signatures.verify_bytes(again.data).ok
        state = province.pdf_signatures.signed_copies(decision_id)
        assert [c.withdrawn for c in state] == [True] * len(copies) + [False]
        new = state[-1]
        assert new.previous_sha256 == ""  # a new chain, over the erased paper
        assert new.paper_sha256 == hashlib.sha256(paper).hexdigest()
        assert province.maintenance.check().ok

    result = demo.send(PROVINCE, COMMUNE, "down.dvk")
    with demo.open(COMMUNE) as commune:
        # The new copy arrived with the erased lines and is the one saved; the old
        # records stay withdrawn; the name is in no table and no stored file.
        assert commune.pdf_signatures.signed_copy(decision_id) == again.data
        state = commune.pdf_signatures.signed_copies(decision_id)
        assert [c.withdrawn for c in state] == [True] * len(copies) + [False]
        assert _named_anywhere(commune, name) == []
        assert commune.maintenance.check().ok
    assert result.exists()


def test_a_bundle_brings_withdrawn_copies_without_their_bytes(demo):
    """A genuine bundle carries the records of withdrawn copies without their PDF: the
    importer takes them (none rejected) and says they were withdrawn; a copy of the
    paper as issued that still has its bytes somewhere is withdrawn where it lands."""
    with demo.open(COMMUNE) as commune:
        person_id, name, registration_id = person_on_province_decision(commune)
        decision_id = _decision_of(commune, registration_id)
        copies = _copies(commune, decision_id)
        commune.privacy.erase(person_id)
    demo.send(COMMUNE, PROVINCE, "up.dvk")
    # The commune forgets the copies' records (as an office that never had them).
    with demo.open(COMMUNE) as commune, commune.transaction():
        commune.db.execute("DELETE FROM decision_signatures WHERE decision_id = ?",
                           [decision_id])
    out = demo.folder / "down-full.dvk"
    with demo.open(PROVINCE) as province:
        province.sync.export(COMMUNE, out, passphrase="demo", full=True)
    with demo.open(COMMUNE) as commune:
        imported = commune.sync.import_bundle(out, passphrase="demo")
        summary = imported.preview.combined().get("decision_signatures")
        assert summary is not None and summary.rejected == 0, imported.preview.as_json()
        assert _copies(commune, decision_id) == copies
        assert all(c.withdrawn for c in commune.pdf_signatures.signed_copies(decision_id))
        with pytest.raises(DvkError, match=WITHDRAWN) as said:
            commune.pdf_signatures.signed_copy(decision_id)
        assert "ký lại" in str(said.value)
        assert _named_anywhere(commune, name) == []


def test_the_command_line_and_the_record_say_the_copy_was_withdrawn(demo, capsys,
                                                                     monkeypatch):
    from app.cli.main import main

    with demo.open(COMMUNE) as commune:
        person_id, _name, registration_id = person_on_province_decision(commune)
        decision_id = _decision_of(commune, registration_id)
        number = commune.decisions.get(decision_id).number
        commune.privacy.erase(person_id)
        line = commune.audit.entries(limit=5)
    assert any(e.action == "erase" and json.loads(e.detail)["signed_copies"] >= 1
               for e in line)
    capsys.readouterr()
    out = demo.folder / "ban-ky.pdf"
    code = main(["--db", str(demo.path(COMMUNE)), "signed-copy", number, "--issuer",
                 PROVINCE, "--out", str(out)])
    error = capsys.readouterr().err
    assert code == 1 and WITHDRAWN in error and not out.exists()


def _resign_at_province(demo, decision_id: str):
    """The province signs its erased decision again with the demo's certificate file."""
    from app.demo.signatures import FOLDER, OFFICE_KEY
    from app.demo.sync import DEMO_PASSPHRASE
    from app.pdfsign.keys import FileKey

    key = FileKey(str(demo.folder / FOLDER / OFFICE_KEY.format(code=PROVINCE)))
    with demo.open(PROVINCE) as province:
        return province.pdf_signatures.sign_decision(decision_id, key, DEMO_PASSPHRASE)


def test_a_copy_of_the_erased_paper_without_its_pdf_is_not_taken_as_withdrawn(
        demo, tmp_path):
    """Only a withdrawn copy travels without its PDF: the new signed copy of the erased
    paper, its PDF left out of a bundle signed with the province's own key, is
    rejected as missing its file (the withdrawn ones are taken), and the next bundle
    brings it whole."""
    from app.signing import canonical
    from app.sync import manifest as mf
    from tests.sync.builders import forge, members
    from tests.sync.redteam import PASSPHRASE
    from tests.sync.redteam import DemoNet as RedNet

    with demo.open(COMMUNE) as commune:
        person_id, name, registration_id = person_on_province_decision(commune)
        decision_id = _decision_of(commune, registration_id)
        copies = _copies(commune, decision_id)
        commune.privacy.erase(person_id)
    demo.send(COMMUNE, PROVINCE, "up.dvk")
    again = _resign_at_province(demo, decision_id)
    new = hashlib.sha256(again.data).hexdigest()
    red = RedNet(demo.folder)
    genuine = red.genuine(PROVINCE, COMMUNE, tmp_path / "down.dvk")
    entries = members(genuine)
    assert f"blobs/{new}" in entries
    assert not any(f"blobs/{c['pdf_sha256']}" in entries for c in copies)
    files = {n: d for n, d in entries.items()
             if n not in (mf.MANIFEST, mf.SIGNATURE, f"blobs/{new}")}
    bundle = forge(tmp_path / "without-pdf.dvk", files, red.signing(PROVINCE),
                   base=canonical.loads(entries[mf.MANIFEST], limit=1 << 24))
    result = red.imported(COMMUNE, bundle)
    assert result.preview.combined()["decision_signatures"].rejected == 1
    with demo.open(COMMUNE) as commune:
        assert _copies(commune, decision_id) == copies  # withdrawn, the new one not taken
        with pytest.raises(DvkError, match=WITHDRAWN):
            commune.pdf_signatures.signed_copy(decision_id)
    with demo.open(PROVINCE) as province:
        bundle = province.sync.export(COMMUNE, tmp_path / "again.dvk", passphrase=PASSPHRASE,
                                      full=True, new_line=True).path
    red.imported(COMMUNE, bundle)
    with demo.open(COMMUNE) as commune:
        assert commune.pdf_signatures.signed_copy(decision_id) == again.data
        assert _named_anywhere(commune, name) == []


def test_the_decisions_screen_says_the_copy_was_withdrawn_and_shows_the_new_one(
        demo, qtbot, monkeypatch):
    from ui.jobs import JobRunner
    from ui.screens.decisions_screen import DecisionsScreen

    said: list[str] = []
    # The screen's own refusals, and those of its actions run through run_action.
    for where in ("ui.screens.decisions_screen.show_error", "ui.actions.show_error"):
        monkeypatch.setattr(where, lambda _parent, error, *a: said.append(str(error)))

    def shown(ctx, decision_id: str) -> DecisionsScreen:
        screen = DecisionsScreen(ctx, JobRunner())
        qtbot.addWidget(screen)
        screen.year.setCurrentIndex(screen.year.findData(
            ctx.decisions.get(decision_id).year))
        screen.select(decision_id)
        return screen

    with demo.open(COMMUNE) as commune:
        person_id, _name, registration_id = person_on_province_decision(commune)
        decision_id = _decision_of(commune, registration_id)
        screen = shown(commune, decision_id)
        assert "đã ký số:" in screen.number.text()
        commune.privacy.erase(person_id)
        screen = shown(commune, decision_id)
        text = screen.number.text()
        assert "bản ký số đã được gỡ vì có dữ liệu cá nhân đã bị xóa" in text
        assert "đã ký số:" not in text
        assert screen.signed_button.isEnabled() and not screen.sign_button.isEnabled()
        assert screen.save_signed_copy("/nonexistent/never-written.pdf") is None
        assert len(said) == 1 and WITHDRAWN in said[0]
        assert "cơ quan ban hành" in said[0] and "có thể ký lại" in said[0]
    demo.send(COMMUNE, PROVINCE, "up.dvk")
    again = _resign_at_province(demo, decision_id)
    demo.send(PROVINCE, COMMUNE, "down.dvk")
    with demo.open(COMMUNE) as commune:
        screen = shown(commune, decision_id)
        assert "đã ký số:" in screen.number.text()
        assert "đã được gỡ" not in screen.number.text()
        assert commune.pdf_signatures.signed_copy(decision_id) == again.data
