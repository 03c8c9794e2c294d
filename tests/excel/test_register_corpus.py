"""The register corpus (tests/fixtures/registers, issue 16): 28 books as offices keep
them - Excel's and LibreOffice's .xlsx, .xls, .ods, .xlsm, TCVN3, VNI and NFD text,
group and total rows, signature blocks, hidden rows, one sheet per field or per commune,
exemplar lists, downloads cut short - each imported with no options but what its JSON
names, and every row checked against what its clerk meant."""

from __future__ import annotations

import json

import pytest

from app.domain import legacy_text
from tests.fixtures.registers import score

BOOKS = score.books()
# Characters TCVN3 or VNI text shows in place of Vietnamese letters: a reason that
# holds one shows the clerk raw legacy text.
_RAW_LEGACY = set("©ËÞñ¸µ¨®¬§¹»¶·¼½¾ÆÇÐÒÖ×ØÜßøÿ") | {"\xad"}


def test_the_corpus_is_large_and_varied():
    abouts = [json.loads(path.read_text(encoding="utf-8")) for path in BOOKS]
    assert len(abouts) >= 25
    flavours = {about["flavour"] for about in abouts}
    assert {"excel", "inline", "lo-xlsx", "xls", "ods", "xlsm"} <= flavours
    suffixes = {about["file"].rsplit(".", 1)[1] for about in abouts}
    assert suffixes == {"xlsx", "xls", "ods", "xlsm"}
    for about in abouts:
        assert (score.HERE / about["file"]).exists()


@pytest.mark.parametrize("path", BOOKS, ids=[p.name[:-5] for p in BOOKS])
def test_every_row_is_read_as_its_clerk_meant(path, tmp_path):
    good, total, wrong = score.score(path, tmp_path)
    assert wrong == [], "\n".join(wrong)
    assert good == total > 0


@pytest.mark.parametrize("path", [p for p in BOOKS if "tcvn3" in p.name or "vni" in p.name],
                         ids=lambda p: p.name[:-5])
def test_no_reason_or_note_shows_raw_legacy_text(path, tmp_path):
    about = json.loads(path.read_text(encoding="utf-8"))
    ctx = score.open_office(tmp_path, about["office"])
    try:
        report = ctx.excel.run_import(score.HERE / about["file"], score.options_of(about),
                                      apply=False)
    finally:
        ctx.close()
    for row in report.rows:
        for text in row.reasons + row.notes + [row.name, row.registrant]:
            assert not (_RAW_LEGACY & set(text)), (row.row, text)
            assert legacy_text.detect(text) is None, (row.row, text)
    assert any("TM. UBND" in " ".join(row.reasons) for row in report.rows) or \
        "vni" in path.name
