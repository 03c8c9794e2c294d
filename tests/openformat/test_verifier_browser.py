"""Issue 20: the published verifier page, in a real browser (headless Chromium,
WebCrypto Ed25519), gives the same verdicts, reason codes and words as
`dvk verify-certificate` at the office that published it: on the demo's printed
certificates and on codes made for every verdict, at a province, a district and a
commune of the three-tier demo network. Skipped where no Chromium is installed."""

from __future__ import annotations

import pytest

from app.certificates import verify
from app.cli.main import main
from tests.openformat.browser import check_many, dump_dom, needs_browser, result_of
from tests.openformat.verifier_codes import every_verdict, issued, python_verdicts
from tests.sync.redteam import DemoNet

pytestmark = needs_browser


@pytest.fixture
def net(ba_cap) -> DemoNet:
    return DemoNet(ba_cap)


@pytest.mark.parametrize("level", ["tinh", "huyen", "xa"])
def test_the_page_gives_the_verdicts_of_dvk_verify_certificate(net, ba_cap, tmp_path, level):
    codes = every_verdict(net, ba_cap)
    office = [c for c in net.of_level(level) if issued(net, c)][0]
    page = tmp_path / f"xac-minh-{office}.html"
    assert main(["--db", str(net.path(office)), "publish-verifier", "--out", str(page)]) == 0
    expected = python_verdicts(net, office, codes)
    shown = check_many(page, codes, tmp_path)
    assert len(shown) == len(codes)
    for code, want, got in zip(codes, expected, shown, strict=True):
        assert got == want, (office, code[:60], want, got)
    outcomes = {tuple(v[:2]) for v in expected}
    print(f"\n{office}: {len(codes)} codes, same verdicts in Chromium:", sorted(outcomes))
    assert {o for o, _r in outcomes} == {verify.GENUINE, verify.NOT_GENUINE,
                                         verify.CANNOT_CONFIRM}


def test_a_link_with_the_code_after_the_hash_opens_the_verdict(net, ba_cap, tmp_path):
    """What a phone does with the QR code's link: open the page with the code after
    "#" (here from a file; the same on the province's https address)."""
    from app.demo.certificates import CODES_TXT, FOLDER

    printed = [line for line in (ba_cap / FOLDER / CODES_TXT).read_text(
        encoding="utf-8").splitlines() if line and not line.startswith("#")]
    genuine, forged, foreign = printed[0], printed[-2], printed[-1]
    office = codec_issuer(genuine)
    page = tmp_path / "xac-minh.html"
    assert main(["--db", str(net.path(office)), "publish-verifier", "--out", str(page)]) == 0
    seen = {}
    for name, code in (("genuine", genuine), ("forged", forged), ("foreign", foreign)):
        seen[name] = result_of(dump_dom(page.as_uri() + "#" + code))
    with net.open(office) as ctx:
        for name, code in (("genuine", genuine), ("forged", forged), ("foreign", foreign)):
            want = ctx.certificate_codes.verify_text(code)
            assert (seen[name]["outcome"], seen[name]["reason"]) == (want.outcome, want.reason)
            assert seen[name]["headline"] == want.headline
            assert seen[name]["explanation"] == want.explanation
    assert seen["genuine"]["outcome"] == verify.GENUINE
    assert seen["forged"]["outcome"] == verify.NOT_GENUINE
    assert seen["foreign"]["outcome"] == verify.CANNOT_CONFIRM


def codec_issuer(code: str) -> str:
    from app.certificates import codec

    return codec.decode(code).summary.issuer_unit_code


def test_a_key_whose_certificate_expires_after_publication_expires_on_the_page(
        net, ba_cap, tmp_path):
    """The page judges expiry by the phone's clock: a key valid when the page was made
    is "cannot confirm, expired" once its certificate's end has passed."""
    import json

    from app.openformat.verifier import page_data, render
    from tests.openformat.verifier_codes import code_of

    district = [c for c in net.of_level("huyen") if issued(net, c)][0]
    province = net.of_level("tinh")[0]
    code = code_of(net, district)
    with net.open(province) as ctx:
        data = page_data(ctx)
        assert ctx.certificate_codes.verify_text(code).outcome == verify.GENUINE
    key_id = code_issuer_key(code)
    state = data["keys"][key_id]["units"][district]
    assert state["expires_at"] and not state["expired_at"]  # certified for five years
    page = tmp_path / "now.html"
    page.write_text(render(data), encoding="utf-8")
    later = json.loads(json.dumps(data))
    later["keys"][key_id]["units"][district]["expires_at"] = "2020-01-01T00:00:00.000Z"
    page_later = tmp_path / "later.html"
    page_later.write_text(render(later), encoding="utf-8")
    (now_outcome, now_reason, _w), = check_many(page, [code], tmp_path)
    (outcome, reason, words), = check_many(page_later, [code], tmp_path)
    assert (now_outcome, now_reason) == (verify.GENUINE, verify.SIGNED_BY_TRUSTED)
    assert (outcome, reason) == (verify.CANNOT_CONFIRM, verify.EXPIRED_KEY)
    assert "01/01/2020" in words


def code_issuer_key(code: str) -> str:
    from app.certificates import codec

    return codec.decode(code).summary.issuer_key_id


def test_the_page_judges_the_docs_vectors_as_vectors_json_says(tmp_path):
    """The certificate codes of docs/vectors/, at the offices vectors.json names: the
    page each office publishes gives the verdicts listed there."""
    import json
    from pathlib import Path

    from app import clock
    from app.context import AppContext
    from app.openformat import vectors
    from app.openformat.verifier import publish

    folder = Path(__file__).resolve().parents[2] / "docs" / "vectors"
    index = json.loads((folder / vectors.INDEX).read_text(encoding="utf-8"))
    lines = [line.split("\t", 1) for line in (folder / "certificate-codes.tsv").read_text(
        encoding="utf-8").splitlines() if line]
    checked = 0
    for office, after in vectors.CODE_VERIFIERS:
        clock.set_fixed(vectors.CHECKED_AT)
        try:
            path = vectors._fresh(tmp_path, office, folder, after)
            with AppContext.open(path, actor="test") as ctx:
                page = Path(publish(ctx, tmp_path / f"page-{office}.html")["path"])
        finally:
            clock.set_fixed(None)
        shown = check_many(page, [code for _name, code in lines], tmp_path)
        expected = [(v["outcome"], v["reason"]) for v in
                    index["certificate_codes"]["verdicts"] if v["verifier"] == office]
        assert [tuple(v[:2]) for v in shown] == expected, office
        checked += len(shown)
    print(f"\n{checked} vector codes: the page agrees with vectors.json")
