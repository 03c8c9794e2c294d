"""Issue 22 in the demo network (the fixture factory and shop window): a made-up CA,
the commune signer's certificate file, the commune's first issued decision signed, and
a copy changed after signing; the commune and the province trust the demo root."""

from __future__ import annotations

from app.context import AppContext
from app.demo.signatures import CHANGED, FOLDER, KEY_FILE, ROOT_FILE, SIGNED
from app.demo.sync import DEMO_PASSPHRASE
from app.pdfsign.keys import FileKey


def test_the_demo_signs_a_decision_and_its_offices_check_it(demo_network):
    folder = demo_network / FOLDER
    commune = next(p for p in sorted(demo_network.glob("xa-*.sqlite")))
    code = commune.stem.split("-")[1]
    assert (folder / ROOT_FILE).exists() and (folder / KEY_FILE).exists()
    with AppContext.open(commune, actor="test") as ctx:
        report = ctx.pdf_signatures.verify_file(folder / SIGNED.format(code=code))
        assert report.ok, report.as_dict()
        assert report.signatures[0].chain[-1] == "CA gốc THỬ NGHIỆM của bản demo DVK"
        changed = ctx.pdf_signatures.verify_file(folder / CHANGED.format(code=code))
        assert not changed.ok and changed.signatures[0].changes == "other"
        # The demo certificate file signs (password demo) through the same code.
        row = ctx.db.execute("SELECT id FROM decisions WHERE issuer_code = ? AND state ="
                             " 'ban_hanh'", [code]).fetchone()
        assert row is not None
        entry = [e for e in ctx.audit.entries(limit=50) if e.action == "pdf_sign"]
        assert entry, "signing is in the audit log"
        resigned = ctx.pdf_signatures.sign_bytes(
            (folder / SIGNED.format(code=code)).read_bytes(),
            FileKey(str(folder / KEY_FILE)), DEMO_PASSPHRASE)
        assert ctx.pdf_signatures.verify_bytes(resigned.data).ok
    with AppContext.open(demo_network / "tinh-37.sqlite", actor="test") as ctx:
        assert ctx.pdf_signatures.verify_file(folder / SIGNED.format(code=code)).ok
