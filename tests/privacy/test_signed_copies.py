"""Issue 22 with issue 26: an erasure does to the digitally signed copy of an issued
decision what it does to the decision's paper as issued (its frozen paper): nothing.
Both are the record the office archives (docs/privacy.md, "Issued decisions and their
signed copies"); the erasure empties the decision's lines that lists and screens show
(decision_items' snapshot), and the signed copy stays byte for byte, valid, and keeps
travelling with the decision."""

from __future__ import annotations

import hashlib

from app.domain.privacy import ERASED
from app.pdfsign.keys import FileKey
from app.services.demo.signatures import FOLDER, OFFICE_KEY
from app.services.demo.sync import DEMO_PASSPHRASE
from tests.privacy.conftest import COMMUNE, PROVINCE, person_on_province_decision


def _paper(ctx, decision_id: str) -> tuple:
    """The decision's paper as issued: its frozen texts and the hash of its PDF."""
    return (ctx.db.execute("SELECT paper, paper_sha256 FROM decisions WHERE id = ?",
                           [decision_id]).fetchone(),
            ctx.db.execute("SELECT id, paper FROM decision_items WHERE decision_id = ?"
                           " ORDER BY id", [decision_id]).fetchall())


def _copies(ctx, decision_id: str) -> list:
    """The signed copies' records as they travel (`rev` is each office's own counter)."""
    cursor = ctx.db.execute("SELECT * FROM decision_signatures WHERE decision_id = ?"
                            " ORDER BY id", [decision_id])
    columns = [d[0] for d in cursor.description]
    return [{c: v for c, v in zip(columns, row, strict=True) if c != "rev"} for row in cursor]


def _snapshot(ctx, registration_id: str) -> tuple:
    return ctx.db.execute("SELECT registrant, detail, model_name FROM decision_items"
                          " WHERE origin = ? AND registration_id = ?",
                          [PROVINCE, registration_id]).fetchone()


def test_an_erasure_keeps_the_signed_copy_as_it_keeps_the_paper_as_issued(demo):
    with demo.open(COMMUNE) as commune:
        person_id, name, registration_id = person_on_province_decision(commune)
        decision_id = commune.db.execute(
            "SELECT decision_id FROM decision_items WHERE origin = ? AND registration_id = ?",
            [PROVINCE, registration_id]).fetchone()[0]
        signed = commune.pdf_signatures.signed_copy(decision_id)
        assert signed is not None, "the demo's province signs its issued decisions"
        paper, copies = _paper(commune, decision_id), _copies(commune, decision_id)
        assert name in str(paper)  # the paper as issued names the person
        commune.privacy.erase(person_id)
        assert commune.pdf_signatures.signed_copy(decision_id) == signed

    demo.send(COMMUNE, PROVINCE, "up.dvk")
    with demo.open(PROVINCE) as province:
        # The province erased the person's line in its own decision, as main does...
        registrant, detail, model_name = _snapshot(province, registration_id)
        assert (registrant, detail) == (ERASED, "") and name not in model_name
        # ...and kept the paper as issued and its signed copy, byte for byte and valid.
        assert _paper(province, decision_id) == paper
        assert _copies(province, decision_id) == copies
        assert province.pdf_signatures.signed_copy(decision_id) == signed
        assert province.pdf_signatures.verify_bytes(signed).ok
        # The paper is still the one signed: a later signature signs the same bytes.
        issued = province.pdf_signatures.issued_paper(decision_id)
        assert signed.startswith(issued)
        assert hashlib.sha256(issued).hexdigest() == paper[0][1]
        key = FileKey(str(demo.folder / FOLDER / OFFICE_KEY.format(code=PROVINCE)))
        again = province.pdf_signatures.sign_decision(decision_id, key, DEMO_PASSPHRASE)
        assert again.data.startswith(signed)
        assert province.maintenance.check().ok

    # Down again, everything the province holds: the erased lines, the kept paper and
    # both signed copies travel together and are taken whole.
    demo.send(PROVINCE, COMMUNE, "down.dvk", full=True)
    with demo.open(COMMUNE) as commune:
        registrant, detail, model_name = _snapshot(commune, registration_id)
        assert (registrant, detail) == (ERASED, "") and name not in model_name
        assert _paper(commune, decision_id) == paper
        assert len(_copies(commune, decision_id)) == len(copies) + 1
        assert commune.pdf_signatures.signed_copy(decision_id) == again.data
        report = commune.pdf_signatures.verify_bytes(again.data)
        assert report.ok and len(report.signatures) == 2
        assert commune.maintenance.check().ok
