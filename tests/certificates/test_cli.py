"""`dvk verify-certificate TEXT_OR_IMAGE`: one clear line, the details, exit 0 or 4."""

from __future__ import annotations

import dataclasses
import json

from app.certificates import codec
from app.cli import main
from app.printing import builders, samples, templates
from app.printing.raster import PdfPages
from app.printing.renderer import PdfRenderer
from tests.certificates.conftest import COMMUNE, OTHER, PASSPHRASE, PROVINCE, sample_summary


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _payload(net) -> str:
    with net.open(COMMUNE) as ctx:
        return ctx.certificate_codes.payload(sample_summary(),
                                             ctx.certificate_codes.signer(PASSPHRASE))


def test_genuine_text_exits_0_with_the_verdict_first(net, capsys):
    payload = _payload(net)
    code, out, _err = run(capsys, "--db", str(net.path(PROVINCE)), "verify-certificate",
                          payload)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "Giấy công nhận thật"
    assert "Phường Yên Thắng" in lines[1] and "tin cậy" in lines[1]
    assert "  Tập thể, cá nhân được công nhận: Chi hội Phụ nữ tổ dân phố số 1" in lines
    assert "  Số vào sổ: 02/GCN" in lines


def test_not_genuine_and_cannot_confirm_exit_4(net, capsys):
    payload = _payload(net)
    decoded = codec.decode(payload)
    forged = codec.encode(dataclasses.replace(decoded.summary, certificate_number="99/GCN"),
                          lambda _m: decoded.signature)
    code, out, _err = run(capsys, "--db", str(net.path(PROVINCE)), "verify-certificate",
                          forged)
    assert (code, out.splitlines()[0]) == (4, "KHÔNG phải giấy công nhận thật")
    code, out, _err = run(capsys, "--db", str(net.path(OTHER)), "verify-certificate",
                          payload)
    assert (code, out.splitlines()[0]) == (4, "Chưa xác nhận được")
    assert "(14725)" in out and "CHƯA được xác nhận" in out
    code, out, _err = run(capsys, "--db", str(net.path(OTHER)), "verify-certificate",
                          "xin chào")
    assert (code, out.splitlines()[0]) == (4, "KHÔNG phải giấy công nhận thật")


def test_an_image_file_is_read_and_json_is_offered(net, capsys, tmp_path):
    payload = _payload(net)
    entry = dataclasses.replace(samples.entries()[0], qr_payload=payload)
    doc = builders.certificate(entry, samples.decision_data(), office=samples.sample_office(),
                               wording=templates.defaults("certificate"),
                               official=templates.defaults("official"))
    scan = tmp_path / "ban-quet.png"
    with PdfPages(PdfRenderer().render(doc)) as pages:
        scan.write_bytes(pages.png(0, 150))
    code, out, _err = run(capsys, "--db", str(net.path(COMMUNE)), "verify-certificate",
                          str(scan), "--json")
    result = json.loads(out)
    assert code == 0 and result["genuine"] is True
    verdict, = result["verdicts"]
    assert verdict["outcome"] == "genuine" and verdict["source"] == "ban-quet.png"
    assert verdict["summary"]["model_name"] == sample_summary().model_name
    assert verdict["summary"]["decision_date"] == "2025-10-05"


def test_a_picture_without_a_code_exits_4(net, capsys, tmp_path):
    from PIL import Image

    blank = tmp_path / "trang.png"
    Image.new("L", (300, 200), 255).save(blank)
    code, out, _err = run(capsys, "--db", str(net.path(COMMUNE)), "verify-certificate",
                          str(blank))
    assert code == 4 and out.splitlines()[0] == "Chưa xác nhận được"
    assert "trang.png" in out
