"""The province's October (issue 25) at the demo province's size: Ninh Bình's 129
communes (bench/province.py), through the code the window and `dvk` run.

    python bench/bench_october.py [--network FOLDER] [--recognise 300]

1. The whole stick: every commune's bundles to the province (the demo network's
   `bundles/*-to-37-*.dvk`, each commune's full year and its next bundle: 10,062
   registrations with their sheets and proposals) imported with `dvk import FOLDER`'s
   code (app/sync/batch.py: found, previewed, ordered, each in its own transaction, one
   report) into a fresh province file. Baseline: the same files imported one by one
   with the single-file import into another fresh province file, in the same order.
   Target: <= 1.5x (the batch's preview and report on top of the imports).
2. Recognise many: 300 of the models the communes proposed, scored by the province's
   council of three (set up first, not timed), recognised with one call
   (`recognise_many`, the window's "Recognise" on a multiple choice). Baseline: the
   same number recognised one at a time (`recognise`, 300 clicks before issue 25) in a
   copy of the file. Target: a few seconds (< 5 s).
3. The decision and its certificates: the draft with the 300 models printed (DỰ THẢO),
   issued, then printed as issued, and its 300 certificates into one PDF. Target: each
   a few seconds (< 5 s).
4. Send down to all: one bundle for each of the 129 communes into a folder per commune
   (`dvk export --all-children`), key unlocked once. Target: a few seconds per 40
   communes, so < 15 s for 129 (reported per commune too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app import clock  # noqa: E402
from app.context import AppContext  # noqa: E402
from app.demo.network import demo_moment  # noqa: E402
from app.demo.scoring import score_as_council  # noqa: E402
from app.domain.recognition import PROPOSED, SCORED  # noqa: E402
from bench import datasets, province  # noqa: E402
from bench.protocol import Result, within  # noqa: E402

PASSPHRASE = "bench-passphrase"
IMPORT_RATIO = 1.5
SECONDS = 5.0
SEND_DOWN_SECONDS = 15.0
RECOGNISE = 300

SCALES = {"1x": "the demo province: 129 communes, 10,062 registrations, 300 recognised"}


def _fresh_province(path: Path, keys: dict[str, bytes]) -> Path:
    """A new data file of Tỉnh Ninh Bình that trusts the communes' keys."""
    with AppContext.open(path, actor="bench") as ctx:
        ctx.setup.configure(profile="hai_cap", unit_code=province.PROVINCE)
        ctx.keys.create(PASSPHRASE, demo=True)
        for code, public in keys.items():
            ctx.keys.trust_public_key(code, code, public)
    return path


def stick(network: Path) -> list[Path]:
    """The bundles the communes wrote for the province, in sender and number order."""
    return sorted((network / "bundles").glob(f"*-to-{province.PROVINCE}-*.dvk"))


def measure_import(network: Path, work: Path) -> dict:
    keys = province.commune_keys(network)
    files = stick(network)
    folder = work / "E"
    folder.mkdir()
    for file in files:
        shutil.copy(file, folder / file.name)
    one_by_one = _fresh_province(work / "baseline.sqlite", keys)
    with AppContext.open(one_by_one, actor="bench") as ctx:
        start = time.perf_counter()
        for file in files:
            ctx.sync.import_bundle(file)
        baseline = time.perf_counter() - start
    batched = _fresh_province(work / "tinh.sqlite", keys)
    with AppContext.open(batched, actor="bench") as ctx:
        start = time.perf_counter()
        report = ctx.stick.run([folder])
        figure = time.perf_counter() - start
        registrations = ctx.db.execute("SELECT count(*) FROM registrations").fetchone()[0]
    return {"import_s": figure, "baseline_s": baseline, "files": len(files),
            "imported": len(report.imported), "refused": len(report.refused),
            "registrations": registrations, "path": batched}


def measure_recognition(path: Path, work: Path, count: int) -> dict:
    with AppContext.open(path, actor="bench") as ctx:
        year = max(ctx.recognition.years())
        proposed = [r for r in ctx.recognition.models(year)
                    if r.state.stage == PROPOSED and r.state.level == "tinh"][:count]
        start = time.perf_counter()
        for row in proposed:
            score_as_council(ctx, row.id)
        scoring = time.perf_counter() - start
        waiting = [r.id for r in ctx.recognition.models(year)
                   if r.state.stage == SCORED and r.state.level == "tinh"]
    copy = work / "one-at-a-time.sqlite"
    with AppContext.open(path, actor="bench") as ctx:
        ctx.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(path, copy)
    with AppContext.open(copy, actor="bench") as ctx:
        start = time.perf_counter()
        for model in waiting:
            ctx.recognition.recognise(model)
        baseline = time.perf_counter() - start
    with AppContext.open(path, actor="bench") as ctx:
        start = time.perf_counter()
        done, refused = ctx.recognition.recognise_many(waiting)
        figure = time.perf_counter() - start
    return {"recognise_s": figure, "baseline_s": baseline, "recognised": len(done),
            "refused": len(refused), "scoring_s": scoring, "year": year}


def measure_papers(path: Path, year: int) -> dict:
    with AppContext.open(path, actor="bench") as ctx:
        decision = ctx.decisions.draft(year)
        models = len(ctx.decisions.as_json(decision)["entries"])
        start = time.perf_counter()
        ctx.printing.render(ctx.recognition_papers.decision_document(decision))
        draft = time.perf_counter() - start
        start = time.perf_counter()
        ctx.decisions.issue(decision, on=clock.today())
        issue = time.perf_counter() - start
        start = time.perf_counter()
        ctx.printing.render(ctx.recognition_papers.decision_document(decision))
        issued = time.perf_counter() - start
        ctx.keys.unlock(PASSPHRASE)
        start = time.perf_counter()
        docs = ctx.recognition_papers.certificate_documents(
            decision, ctx.certificate_codes.signer())
        pdf = ctx.printing.renderer().render_certificates(docs)
        certificates = time.perf_counter() - start
    return {"models": models, "draft_s": draft, "issue_s": issue, "decision_s": issued,
            "certificates_s": certificates, "certificates": len(docs), "pdf_bytes": len(pdf)}


def measure_send_down(path: Path, work: Path) -> dict:
    out = work / "xuong"
    out.mkdir()
    with AppContext.open(path, actor="bench") as ctx:
        ctx.keys._signing = None  # the passphrase is unlocked inside, once
        start = time.perf_counter()
        sent = ctx.send_down.send(out, passphrase=PASSPHRASE)
        figure = time.perf_counter() - start
    return {"send_down_s": figure, "communes": len(sent),
            "failed": len([s for s in sent if s.error]),
            "records": sum(s.result.records for s in sent if s.result)}


def run(network: Path, count: int = RECOGNISE) -> list[Result]:
    # The day the demo network was made, two hours on: the province enrols the
    # communes' keys that day and their bundles were made that day.
    clock.set_fixed(demo_moment(province.OPTIONS) + dt.timedelta(hours=2))
    try:
        with tempfile.TemporaryDirectory(prefix="dvk-bench-october-",
                                         dir=datasets.CACHE) as folder:
            work = Path(folder)
            i = measure_import(network, work)
            r = measure_recognition(i["path"], work, count)
            p = measure_papers(i["path"], r["year"])
            s = measure_send_down(i["path"], work)
    finally:
        clock.set_fixed(None)
    return [
        Result("stick", f"the whole stick: {i['files']} bundle files of 129 communes "
               f"({i['registrations']:,} registrations), previewed and imported in order",
               i["import_s"], "s", i["baseline_s"], "the same files, one import each",
               f"<= {IMPORT_RATIO}x", within(i["import_s"] / i["baseline_s"], IMPORT_RATIO),
               grows="linear", detail={"imported": i["imported"], "refused": i["refused"]}),
        Result("recognise_many", f"recognise {r['recognised']} models at once",
               r["recognise_s"], "s", r["baseline_s"], "one at a time",
               f"< {SECONDS:.0f} s", r["recognise_s"] < SECONDS, grows="linear",
               detail={"refused": r["refused"], "council_scoring_s": r["scoring_s"]}),
        Result("decision_draft", f"the draft decision of {p['models']} models printed "
               "(DỰ THẢO)", p["draft_s"], "s", target=f"< {SECONDS:.0f} s",
               ok=p["draft_s"] < SECONDS, grows="linear"),
        Result("decision_issue", f"issuing it ({p['models']} certificate numbers)",
               p["issue_s"], "s", target=f"< {SECONDS:.0f} s", ok=p["issue_s"] < SECONDS,
               grows="linear"),
        Result("decision_print", "the issued decision with its annex, printed",
               p["decision_s"], "s", target=f"< {SECONDS:.0f} s",
               ok=p["decision_s"] < SECONDS, grows="linear"),
        Result("certificates", f"its {p['certificates']} certificates with signed codes, "
               "one PDF", p["certificates_s"], "s", target=f"< {SECONDS:.0f} s",
               ok=p["certificates_s"] < SECONDS, grows="linear"),
        Result("send_down", f"send down to all {s['communes']} communes, a folder each "
               f"({s['records']:,} records)", s["send_down_s"], "s",
               target=f"< {SEND_DOWN_SECONDS:.0f} s",
               ok=s["send_down_s"] < SEND_DOWN_SECONDS and not s["failed"], grows="linear",
               detail={"per_commune_s": s["send_down_s"] / max(1, s["communes"]),
                       "failed": s["failed"]}),
    ]


def cases(scale: str) -> list[Result]:
    return run(province.ensure())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--network", type=Path, help="a demo network already built "
                        "(default: bench/province.py's cached one, built if missing)")
    parser.add_argument("--recognise", type=int, default=RECOGNISE)
    args = parser.parse_args(argv)
    results = run(args.network or province.ensure(), args.recognise)
    for r in results:
        print(r.line(with_detail=True))
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
