"""Issue 20: `dvk publish-verifier` writes one offline web page that checks certificate
codes: it loads and sends nothing, and holds no personal data."""

from __future__ import annotations

import re

import pytest

from app.cli.main import main
from app.openformat.verifier import page_data, render
from tests.sync.redteam import DemoNet


@pytest.fixture
def net(ba_cap) -> DemoNet:
    return DemoNet(ba_cap)


def test_the_page_is_one_file_that_loads_and_sends_nothing(net, tmp_path):
    office = net.of_level("tinh")[0]
    out = tmp_path / "xac-minh.html"
    assert main(["--db", str(net.path(office)), "publish-verifier", "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in page and "connect-src 'none'" in page
    assert not re.search(r"""\b(src|href)\s*=|fetch\(|XMLHttpRequest|import\(|WebSocket""",
                         page)
    with net.open(office) as ctx:
        data = page_data(ctx)
    assert data["office"] == office and data["keys"] and data["decisions"]
    # no names or personal data of the models: registration ids only
    with net.open(office) as ctx:
        personal = [v for row in ctx.db.execute(
            "SELECT p.phone, p.address, p.full_name, r.name, r.contact_phone FROM persons p"
            " JOIN registrations r ON r.person_id = p.id") for v in row if v]
    assert personal and not [v for v in personal if v in page]
    # the data cannot close its script element, whatever a name holds
    evil = dict(data, office_name="</script><script>alert(1)</script>")
    assert "</script><script>alert" not in render(evil).split('id="dvk-data">')[1]
