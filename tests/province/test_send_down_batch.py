"""Issue 25, sending down to all in a few seconds: one send-down reads the province's
records once for every commune (app/sync/down_batch.py), and each commune still gets
exactly what exporting to it alone gives: the same records, kind by kind and row by
row, which its own import judges the same way; never a record about another
commune's models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from app.context import AppContext
from app.demo.reliability import DEMO_PASSWORD
from app.demo.scoring import score_as_council
from app.domain.recognition import PROPOSED, SCORED
from app.sync import authority as rules
from app.sync import down_batch, exporter, tree
from app.sync.kinds import get as get_kind
from app.sync.send_down import folder_name
from tests.province.conftest import PROVINCE
from tests.sync.builders import manifest_of, members

PASSPHRASE = "demo"


def _signed_in(ctx: AppContext) -> AppContext:
    if ctx.accounts.enabled():
        ctx.accounts.login("duyet", DEMO_PASSWORD)
    return ctx


def _records(bundle: Path) -> dict[str, list[dict]]:
    """kind -> its records in the bundle, as they travel."""
    found = {}
    for name, data in members(bundle).items():
        if name.startswith("records/"):
            found[name[len("records/"):-len(".jsonl")]] = [
                json.loads(line) for line in data.decode("utf-8").splitlines()]
    return found


def _bundle(folder: Path) -> Path:
    (only,) = list(folder.glob("*.dvk"))
    return only


def _copy(path: Path, target: Path) -> Path:
    with AppContext.open(path, actor="test") as ctx:
        ctx.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(path, target)
    return target


def _alone(path: Path, codes: list[str], out: Path) -> None:
    """The baseline: each commune's export on its own, in the same order."""
    with _signed_in(AppContext.open(path, actor="test")) as ctx:
        below = dict(ctx.send_down.children())
        for code in codes:
            folder = out / folder_name(code, below[code])
            folder.mkdir()
            ctx.sync.export(code, folder, passphrase=PASSPHRASE, encrypt=False)


def _batched(path: Path, codes: list[str] | None, out: Path, monkeypatch) -> dict:
    """The send-down, counting how often the province's records were read and how many
    exports were planned without the batch."""
    seen = {"reads": 0, "alone": 0}
    read, chosen = down_batch.DownBatch._read, exporter._chosen

    def counted_read(self):
        seen["reads"] += 1
        return read(self)

    def counted_chosen(*args, **kwargs):
        seen["alone"] += 1
        return chosen(*args, **kwargs)

    monkeypatch.setattr(down_batch.DownBatch, "_read", counted_read)
    monkeypatch.setattr(exporter, "_chosen", counted_chosen)
    with _signed_in(AppContext.open(path, actor="test")) as ctx:
        sent = ctx.send_down.send(out, codes, passphrase=PASSPHRASE, encrypt=False)
    monkeypatch.undo()
    assert not [s for s in sent if s.error]
    seen["sent"] = [s.code for s in sent]
    return seen


def _same_for_every_commune(codes: list[str], batched: Path, alone: Path,
                            names: dict[str, str]) -> int:
    records = 0
    for code in codes:
        folder = folder_name(code, names[code])
        mine, theirs = _bundle(batched / folder), _bundle(alone / folder)
        assert _records(mine) == _records(theirs), code
        a, b = manifest_of(mine), manifest_of(theirs)
        assert a["counts"] == b["counts"] and a["seq"] == b["seq"], code
        assert sorted(f["name"] for f in a["files"]) == sorted(f["name"] for f in b["files"])
        records += sum(a["counts"].values())
    return records


def _about_its_own_only(province: AppContext, code: str, bundle: Path) -> int:
    """Every record of the commune's bundle is the province's or the commune's own,
    and points at nothing of another commune. Returns how many point into the
    commune's own part of the tree (its models' decision lines, sheets...)."""
    allowed = {PROVINCE} | tree.domain(province.db, code)
    others = {c for c, _name in province.send_down.children()} - {code}
    about_it = 0
    for kind_name, rows in _records(bundle).items():
        kind = get_kind(kind_name)
        for row in rows:
            assert rules.owner(kind, row) in allowed | {None}, (kind_name, row)
            for column, target_name in kind.refs.items():
                if row.get(column) is None:
                    continue
                target = get_kind(target_name)
                found = province.db.execute(
                    f"SELECT * FROM [{target.table}] WHERE [{target.key}] = ?",
                    [row[column]]).fetchone()
                if found is None:
                    continue
                found = dict(zip([d[0] for d in province.db.execute(
                    f"SELECT * FROM [{target.table}] LIMIT 0").description], found,
                    strict=True))
                owner = rules.owner(target, found)
                if found.get("origin") == "VN":
                    continue
                assert owner not in others and owner in allowed, (kind_name, column, owner)
                about_it += owner != PROVINCE
    return about_it


def _judged_alike(commune: Path, mine: Path, theirs: Path) -> None:
    """The commune's own import judges both bundles the same: the same counts per kind,
    nothing refused by its authority checks."""
    with AppContext.open(commune, actor="test") as ctx:
        a, b = ctx.sync.verify(mine), ctx.sync.verify(theirs)
        assert {k: s.as_dict() for k, s in a.combined().items()} == \
            {k: s.as_dict() for k, s in b.combined().items()}
        assert a.all_rejections() == b.all_rejections() == []
        assert a.total > 0


def test_each_commune_gets_what_its_own_export_gives(october, tmp_path, monkeypatch):
    first, second = october.communes
    province_db = october.network / "tinh-37.sqlite"
    with _signed_in(AppContext.open(province_db, actor="test")) as ctx:
        ctx.stick.run([october.stick])
        # The province scores and recognises what both communes proposed, and issues
        # one decision listing models of both.
        year = max(ctx.recognition.years())
        for row in ctx.recognition.models(year):
            if row.state.level == "tinh" and row.state.stage == PROPOSED:
                score_as_council(ctx, row.id)
        waiting = [r.id for r in ctx.recognition.models(year)
                   if r.state.level == "tinh" and r.state.stage == SCORED]
        done, _refused = ctx.recognition.recognise_many(waiting)
        assert done
        ctx.keys.unlock(PASSPHRASE)
        decision = ctx.decisions.draft(year)
        number = ctx.decisions.issue(decision)
        issued = ctx.decisions.as_json(decision)["entries"]
        assert {e["commune_code"] for e in issued} >= {first["code"], second["code"]}
        names = dict(ctx.send_down.children())
        codes = [code for code, _name in ctx.send_down.children()]
        since = {code: ctx.db.execute("SELECT coalesce(max(max_rev), 0) FROM outbox WHERE"
                                      " recipient = ?", [code]).fetchone()[0]
                 for code in codes}
    # the two communes with data files had bundles before: the others start from 0
    assert since[first["code"]] > 0 and since[second["code"]] > 0
    assert min(since.values()) == 0
    alone_db = _copy(province_db, tmp_path / "alone.sqlite")

    # 1. every commune at once: the records read once, no export planned alone
    out, baseline = tmp_path / "batched", tmp_path / "alone"
    out.mkdir()
    baseline.mkdir()
    seen = _batched(province_db, None, out, monkeypatch)
    assert seen == {"reads": 1, "alone": 0, "sent": codes}
    _alone(alone_db, codes, baseline)
    assert _same_for_every_commune(codes, out, baseline, names) > 0
    with AppContext.open(province_db, actor="test") as province:
        for commune in (first, second):  # its decision lines and sheets, nobody else's
            bundle = _bundle(out / folder_name(commune["code"], names[commune["code"]]))
            assert _about_its_own_only(province, commune["code"], bundle) > 0
        for code in codes:
            _about_its_own_only(province, code, _bundle(out / folder_name(code, names[code])))
    for commune in (first, second):
        folder = folder_name(commune["code"], names[commune["code"]])
        copy = _copy(october.network / commune["db"], tmp_path / f"{commune['code']}.sqlite")
        _judged_alike(copy, _bundle(out / folder), _bundle(baseline / folder))

    # 2. again, after the province corrected its decision for the first commune only:
    # the two communes chosen, each from its own last bundle (one of them is the oldest)
    with _signed_in(AppContext.open(province_db, actor="test")) as ctx:
        amendment = ctx.decisions.amend(number, "Sửa tên mô hình")
        theirs = [e["id"] for e in ctx.decisions.as_json(amendment)["entries"]
                  if e["commune_code"] != first["code"]]
        ctx.decisions.remove_many(amendment, theirs)
        ctx.keys.unlock(PASSPHRASE)
        ctx.decisions.issue(amendment)
    alone_db = _copy(province_db, tmp_path / "alone-2.sqlite")
    two = sorted([first["code"], second["code"]], key=codes.index)
    out, baseline = tmp_path / "batched-2", tmp_path / "alone-2"
    out.mkdir()
    baseline.mkdir()
    seen = _batched(province_db, two, out, monkeypatch)
    assert seen == {"reads": 1, "alone": 0, "sent": two}
    _alone(alone_db, two, baseline)
    _same_for_every_commune(two, out, baseline, names)
    with AppContext.open(province_db, actor="test") as province:
        for code in two:
            _about_its_own_only(province, code, _bundle(out / folder_name(code, names[code])))
    lines = _records(_bundle(out / folder_name(first["code"], names[first["code"]])))
    assert lines.get("decision_items") and lines.get("decisions")
