"""A real headless browser for the verifier page: Debian's `chromium` (with
`chromium-driver` installed beside it), run with --dump-dom. Tests that need it are
marked `browser` and skipped cleanly where no Chromium is installed (CI need not have
one)."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

DEVICE_TZ = "America/Los_Angeles"
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str | None:
    override = os.environ.get("DVK_CHROMIUM")
    if override:
        return override
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


needs_browser = [pytest.mark.browser, pytest.mark.skipif(
    chromium() is None, reason="no Chromium installed (apt-get install chromium)")]


def dump_dom(url: str, *, budget_ms: int = 3000, timeout: int = 90) -> str:
    """The page's DOM after its scripts ran (virtual time lets promises settle)."""
    with tempfile.TemporaryDirectory(prefix="dvk-chromium-") as profile:
        result = subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--disable-extensions", f"--user-data-dir={profile}",
             f"--virtual-time-budget={budget_ms}", "--dump-dom", url],
            capture_output=True, timeout=timeout, check=False,
            # A device far from Vietnam: the page must still show Vietnam's days, as DVK.
            env={**os.environ, "TZ": DEVICE_TZ})
    return result.stdout.decode("utf-8", "replace")


def result_of(dom: str) -> dict[str, str]:
    """The verdict the page shows: outcome and reason, headline, explanation."""
    box = re.search(r'<div id="result"([^>]*)>', dom)
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', box.group(1))) if box else {}
    def text(element: str) -> str:
        found = re.search(rf'<p id="{element}">(.*?)</p>', dom, re.S)
        return html.unescape(found.group(1)) if found else ""
    return {"outcome": attributes.get("data-outcome", ""),
            "reason": attributes.get("data-reason", ""),
            "headline": text("headline"), "explanation": text("explanation")}


BATCH = """<script type="application/json" id="batch-codes">{codes}</script>
<script>
(async function () {{
  var codes = JSON.parse(document.getElementById("batch-codes").textContent), out = [];
  for (var i = 0; i < codes.length; i++) {{
    var v = await window.dvkCheck(codes[i]);
    out.push([v.outcome, v.reason, v.explanation]);
  }}
  var pre = document.createElement("pre");
  pre.id = "batch";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}})();
</script>
</body>"""


def check_many(page: Path, codes: list[str], folder: Path) -> list[list[str]]:
    """[outcome, reason, explanation] of each code, as the page's own check gives them
    (the page, with a script added that runs its `dvkCheck` on each)."""
    payload = json.dumps(codes).replace("<", "\\u003c")
    harness = folder / f"batch-{page.stem}.html"
    harness.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", BATCH.format(codes=payload)), encoding="utf-8")
    dom = dump_dom(harness.as_uri(), budget_ms=5000)
    found = re.search(r'<pre id="batch">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    return json.loads(html.unescape(found.group(1)))
