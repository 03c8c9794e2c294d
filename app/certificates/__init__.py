"""Certificate codes: the signed summary printed as a QR code on every certificate, and
checking one offline (issue 6, point 4).

    model.py     CertificateSummary (what a certificate says)
    summary.py   signed_payload(summary, signer, link_base): the code printed from it
    codec.py     the code's text form: "DVK1:" + base64url(body + Ed25519 signature);
                 pure, no database (docs/certificate-code.md describes the format)
    signer.py    CertificateSigner: the office key unlocked once for a whole batch
    verify.py    Verifier.verify_payload(text) -> Verdict (genuine / not genuine / cannot
                 confirm, and why, in words a clerk understands); reads, never writes
    qrread.py    QR codes read back from a photo, a scan or a PDF page (zxing-cpp)
    link.py      the verifier page a QR code may link to
    service.py   CertificateCodeService (`ctx.certificate_codes`): built with the services
                 it uses (app/context.py wires it), the one way to all of the above

How recognition prints certificates with codes: ask `ctx.certificate_codes.status()`;
when the office has a key, get one signer for the whole batch (`signer(passphrase)`:
the window asks the passphrase once with ui/signing.py, the command line reads
DVK_PASSPHRASE), then `codes.payload(summary, signer)` per certificate and
hand the text to the print layer as `RecognisedEntry.qr_payload`. On the command line:

    from app.certificates.service import NO_KEY
    from app.cli.passphrase import passphrase

    codes = ctx.certificate_codes
    signer = None if codes.status() == NO_KEY else codes.signer(passphrase())
    entry.qr_payload = codes.payload(summary, signer) if signer else None

`codes.summary_for_registration(registration_id, level=..., year=..., decision_number=...,
decision_date=..., certificate_number=...)` builds the summary; the demo's
app/demo/certificates.py `signed_entries` does all of it for a decision.
"""
