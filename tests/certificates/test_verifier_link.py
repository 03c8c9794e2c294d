"""Issue 20: a certificate's QR code may carry a link to the province's published
verifier page with the code after "#" (`dvk verifier-link URL`); the printed QR code
reads back to that link, and `dvk verify-certificate` judges the code in it."""

from __future__ import annotations

import pytest

from app.certificates import codec, qrread, verify
from app.certificates.link import MAX_LINK, link_base
from app.cli.main import main
from app.errors import DvkError
from app.printing.raster import PdfPages
from tests.certificates.conftest import COMMUNE, PASSPHRASE, PROVINCE, sample_summary
from tests.certificates.test_printed import _certificate_pdf

URL = "https://dvk.ninhbinh.gov.vn/xac-minh.html"


def test_the_link_is_an_office_setting_checked_when_set(net, capsys):
    db = str(net.path(COMMUNE))
    assert main(["--db", db, "verifier-link", URL]) == 0
    assert URL in capsys.readouterr().out
    for bad in ("http://dvk.ninhbinh.gov.vn/x", "https://a b", "https://x/#y",
                "https://" + "a" * MAX_LINK):
        assert main(["--db", db, "verifier-link", bad]) == 1
    with net.open(COMMUNE) as ctx:
        assert link_base(ctx) == URL
    assert main(["--db", db, "verifier-link", "--clear"]) == 0
    with net.open(COMMUNE) as ctx:
        assert link_base(ctx) == ""
        with pytest.raises(DvkError):
            from app.certificates.link import check_link_base

            check_link_base("ftp://x")


@pytest.mark.parametrize("dpi", [150, 200])
def test_a_printed_qr_code_with_the_link_reads_back_and_is_genuine(net, tmp_path, dpi):
    assert main(["--db", str(net.path(COMMUNE)), "verifier-link", URL]) == 0
    with net.open(COMMUNE) as ctx:
        codes = ctx.certificate_codes
        payload = codes.payload(sample_summary(), codes.signer(PASSPHRASE))
    assert payload.startswith(URL + "#DVK1:")
    code = payload.split("#", 1)[1]
    assert len(code) <= codec.MAX_CHARS  # the code keeps its length; the link is extra
    with PdfPages(_certificate_pdf([payload])) as pages:
        png = tmp_path / "scan.png"
        png.write_bytes(pages.png(0, dpi))
    assert qrread.read_codes(png) == [payload]
    for checker in (COMMUNE, PROVINCE):
        with net.open(checker) as ctx:
            verdict, = ctx.certificate_codes.verify_file(png)
        assert verdict.outcome == verify.GENUINE, verdict.explanation
