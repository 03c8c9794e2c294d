"""How fast the main window opens on a national-size database, against a bare QMainWindow.

    python bench/bench_window.py                 # 1,000,000 registrations, 5 runs each
    python bench/bench_window.py --size 100k --runs 9

Each run is a fresh process with offscreen Qt, timed from the first line of the script
(before PySide6 is imported) until the window has been shown and painted:
(a) a bare QMainWindow; (b) DVK's MainWindow over `AppContext.open` of the database, as
`dvk gui` does it, its start screen painted, the first page of the list present
(rowCount > 0); the time until the list is shown and painted after a click on it is
reported as a phase.
Runs alternate (a) and (b) so that the noise of a shared machine hits both alike.
Targets: (b) <= 3 x (a); resident memory < 300 MB after opening and after scrolling,
sorting and searching a while.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RATIO_TARGET = 3.0
RSS_TARGET_MB = 300.0
SEARCHES = ["d", "dan van", "dan van kheo", "nguyen thi hoa", "an ninh", "phu nu", "hoa",
            "yen thang", ""]


def _wait_for_paint(app, widget, timeout: float = 30.0) -> bool:
    """Process events until `widget` has received its first paint event."""
    from PySide6.QtCore import QEvent, QObject

    class Watcher(QObject):
        painted = False

        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                Watcher.painted = True
            return False

    watcher = Watcher()
    widget.installEventFilter(watcher)
    deadline = time.perf_counter() + timeout
    while not Watcher.painted and time.perf_counter() < deadline:
        app.processEvents()
    widget.removeEventFilter(watcher)
    return Watcher.painted


def child_bare() -> dict:
    from PySide6.QtWidgets import QApplication, QMainWindow

    from bench.common import rss_mb

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1280, 800)
    window.setWindowTitle("bare")
    window.show()
    painted = _wait_for_paint(app, window)
    elapsed = time.perf_counter() - T0
    rss, _peak = rss_mb()
    return {"open_s": elapsed, "painted": painted, "rss_mb": rss}


def child_dvk(db: str) -> dict:
    from app.context import AppContext
    from app.i18n import set_language
    from bench.common import rss_mb
    from ui.launch import _application
    from ui.main_window import MainWindow

    phases = {"imports": time.perf_counter() - T0}
    set_language("vi")
    app = _application()
    phases["qapplication"] = time.perf_counter() - T0
    from bench.datasets import unlock

    unlock(Path(db))  # an encrypted copy: its data key (cheap derivation, see "unlock")
    ctx = AppContext.open(db)
    phases["context"] = time.perf_counter() - T0
    window = MainWindow(ctx)
    phases["main_window"] = time.perf_counter() - T0
    window.show()
    # The window starts on its home screen (or on the list when typed forms wait); the
    # list's first page is read while the window is built, so it is there at once.
    painted = _wait_for_paint(app, window.stack.currentWidget())
    elapsed = time.perf_counter() - T0
    screen = window.registrations
    rows = screen.model.rowCount()
    assert rows > 0, "the first page of the list is not there"
    window.open_screen("registrations")
    _wait_for_paint(app, screen.table.viewport())
    phases["list_shown"] = time.perf_counter() - T0
    rss_open, _peak = rss_mb()

    # A clerk at work: scroll down a few pages, sort, search, clear.
    table = screen.table
    for _ in range(10):
        table.scrollToBottom()
        app.processEvents()
    scrolled_rows = screen.model.rowCount()
    table.sortByColumn(0, table.horizontalHeader().sortIndicatorOrder())
    app.processEvents()
    for text in SEARCHES:
        screen.search.setText(text)
        screen.apply_filters()
        table.scrollToBottom()
        app.processEvents()
    window.jobs.wait(60_000)
    app.processEvents()
    rss_after, peak = rss_mb()
    window.close()
    ctx.close()
    return {"open_s": elapsed, "painted": painted, "rows": rows, "phases": phases,
            "rss_mb": rss_open, "rss_after_mb": rss_after, "peak_mb": peak,
            "scrolled_rows": scrolled_rows}


def measure(db: Path, runs: int, encrypted: Path | None = None
            ) -> tuple[list[dict], list[dict], list[dict]]:
    """(bare runs, DVK runs, DVK runs on the encrypted copy of `db` when given),
    alternating, after one unmeasured warm-up of each."""
    from bench.common import run_child

    script = str(Path(__file__).resolve())
    files = [db] + ([encrypted] if encrypted else [])
    # One warm-up of each, not counted: the first run pays for a cold disk cache.
    run_child([script, "--child", "bare"])
    for path in files:
        run_child([script, "--child", "dvk", "--db", str(path)])
    bare, dvk, dvk_encrypted = [], [], []
    for _ in range(runs):
        bare.append(run_child([script, "--child", "bare"]))
        dvk.append(run_child([script, "--child", "dvk", "--db", str(db)]))
        if encrypted:
            dvk_encrypted.append(run_child([script, "--child", "dvk", "--db",
                                            str(encrypted)]))
    return bare, dvk, dvk_encrypted


def unlock_cost_ms(repeats: int = 3) -> float:
    """What typing the data file's passphrase costs at every start: Argon2id at the
    cost app/atrest.py sets (the encrypted runs above use the cheapest, so this is
    counted once, here)."""
    import nacl.pwhash
    import nacl.utils

    from app import atrest
    from bench.common import median

    salt = nacl.utils.random(nacl.pwhash.argon2id.SALTBYTES)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        nacl.pwhash.argon2id.kdf(atrest.KEY_BYTES, b"mat-khau-cua-xa", salt,
                                 opslimit=atrest._PASSPHRASE_COST[0],
                                 memlimit=atrest._PASSPHRASE_COST[1])
        times.append((time.perf_counter() - started) * 1000)
    return median(times)


def main(argv: list[str]) -> int:
    from bench import datasets
    from bench.common import median, verdict

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="1m", help="10k, 100k, 1m or a number")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--encrypted", action="store_true",
                        help="also open an encrypted copy (SQLCipher, issue 26)")
    args = parser.parse_args(argv)
    n = datasets.size_arg(args.size)
    db = datasets.ensure(n)
    bare, dvk, encrypted = measure(db, args.runs,
                                   datasets.ensure_encrypted(n) if args.encrypted else None)
    bare_s = median([r["open_s"] for r in bare])
    dvk_s = median([r["open_s"] for r in dvk])
    ratio = dvk_s / bare_s
    rss_open = max(r["rss_mb"] for r in dvk)
    rss_after = max(r["rss_after_mb"] for r in dvk)
    peak = max(r["peak_mb"] for r in dvk)
    phases = {key: median([r["phases"][key] for r in dvk]) for key in dvk[0]["phases"]}
    print(f"database: {n:,} registrations ({db.name}), {args.runs} runs each")
    print(f"bare QMainWindow shown and painted:   median {bare_s * 1000:7.0f} ms "
          f"(RSS {median([r['rss_mb'] for r in bare]):.0f} MB)")
    print(f"DVK main window with the first page:  median {dvk_s * 1000:7.0f} ms "
          f"({dvk[0]['rows']} rows on the first page)")
    print("  of which (cumulative medians): " + ", ".join(
        f"{key} {value * 1000:.0f} ms" for key, value in phases.items()))
    print(f"ratio DVK / bare: {ratio:.2f}x (target <= {RATIO_TARGET:.0f}x)  "
          f"{verdict(ratio <= RATIO_TARGET)}")
    print(f"resident memory: {rss_open:.0f} MB when shown, {rss_after:.0f} MB after scrolling "
          f"{dvk[0]['scrolled_rows']} rows, sorting and {len(SEARCHES)} searches, peak "
          f"{peak:.0f} MB (target < {RSS_TARGET_MB:.0f} MB)  "
          f"{verdict(max(rss_open, rss_after, peak) < RSS_TARGET_MB)}")
    if encrypted:
        encrypted_s = median([r["open_s"] for r in encrypted])
        print(f"DVK main window, encrypted file:      median {encrypted_s * 1000:7.0f} ms "
              f"({encrypted_s / dvk_s:.2f}x the plain file); typing the passphrase adds "
              f"{unlock_cost_ms():.0f} ms (Argon2id)")
    if args.json:
        print(json.dumps({"size": n, "bare_ms": bare_s * 1000, "dvk_ms": dvk_s * 1000,
                          "ratio": ratio, "rss_open_mb": rss_open, "rss_after_mb": rss_after,
                          "peak_mb": peak}))
    return 0


# -- bench/run (bench/protocol.py) ---------------------------------------------------------
SIZES = {"1x": 10_000, "10x": 100_000, "100x": 1_000_000}
SCALES = {"1x": "10,000 registrations", "10x": "100,000 registrations",
          "100x": "1,000,000 registrations (national)"}
DATASETS = {scale: (n,) for scale, n in SIZES.items()}


def cases(scale: str, runs: int = 5) -> list:
    from bench import datasets
    from bench.common import median
    from bench.protocol import Result, within

    bare, dvk, encrypted = measure(datasets.ensure(SIZES[scale]), runs,
                                   datasets.ensure_encrypted(SIZES[scale]))
    bare_ms = median([r["open_s"] for r in bare]) * 1000
    dvk_ms = median([r["open_s"] for r in dvk]) * 1000
    encrypted_ms = median([r["open_s"] for r in encrypted]) * 1000
    encrypted_rss = max(max(r["rss_mb"], r["rss_after_mb"], r["peak_mb"]) for r in encrypted)
    imports = median([r["phases"]["imports"] for r in dvk]) * 1000
    rss = max(max(r["rss_mb"], r["rss_after_mb"], r["peak_mb"]) for r in dvk)
    return [
        Result("open", f"window opens, first page painted (median of {runs} processes)",
               dvk_ms, "ms", bare_ms, "bare QMainWindow", f"<= {RATIO_TARGET:.0f}x",
               within(dvk_ms / bare_ms, RATIO_TARGET), grows="constant",
               detail={"imports_ms": imports, "rows": dvk[0]["rows"]}),
        Result("open_after_imports", "window opens, less the imports (file, window, page, "
               "paint)", dvk_ms - imports, "ms", grows="constant"),
        Result("list_click", "then the list, shown and painted after a click on it",
               median([(r["phases"]["list_shown"] - r["open_s"]) for r in dvk]) * 1000, "ms",
               grows="constant"),
        Result("rss", f"resident memory, peak: window open, {dvk[0]['scrolled_rows']} rows "
               f"scrolled, sorted, {len(SEARCHES)} searches", rss, "MB",
               median([r["rss_mb"] for r in bare]), "bare QMainWindow",
               f"< {RSS_TARGET_MB:.0f} MB", within(rss, RSS_TARGET_MB - 1e-9),
               grows="constant"),
        # Issue 26: the same window over the file encrypted at rest (SQLCipher), against
        # the plain file in the same run; the targets of the plain window hold for it.
        Result("open_encrypted", "window opens, encrypted data file (SQLCipher)",
               encrypted_ms, "ms", dvk_ms, "the same, plain file",
               f"<= {RATIO_TARGET:.0f}x bare", within(encrypted_ms / bare_ms, RATIO_TARGET),
               grows="constant", detail={"vs_bare": encrypted_ms / bare_ms}),
        Result("rss_encrypted", "resident memory, peak, encrypted data file", encrypted_rss,
               "MB", rss, "the same, plain file", f"< {RSS_TARGET_MB:.0f} MB",
               within(encrypted_rss, RSS_TARGET_MB - 1e-9), grows="constant"),
        Result("unlock", "typing the data file's passphrase (Argon2id, once per start)",
               unlock_cost_ms(), "ms", grows="constant"),
    ]


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        result = child_bare() if sys.argv[2] == "bare" else child_dvk(sys.argv[4])
        print(json.dumps(result))
        raise SystemExit(0)
    raise SystemExit(main(sys.argv[1:]))
