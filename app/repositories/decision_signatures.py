"""The digitally signed copies of issued decisions (schema 0021): one row per signed
PDF, the PDF itself a blob.

A signed PDF cannot be changed without breaking its signature, so when a person's data
on a decision is erased (issue 26, docs/privacy.md) its signed copies are withdrawn at
every office the erasure reaches: their bytes are deleted, as evidence files' are, and
the rows stay (hash, signer, certificate, time: the proof that it was signed; that it was
withdrawn follows from them and the decision's erased lines). Once an erasure reached a
decision, a copy is withdrawn when it signs the paper as issued (`paper_sha256`, which
names the person) or texts the decision no longer has (`texts_sha256`), and every copy is
while the decision still names a person whose registration is erased here (at the
office that erased it, or where the owner's erased registration arrived before the
issuer's erased lines). The issuer may sign the decision again as it now reads
("[đã xóa]"); that copy is not withdrawn until another erasure touches the decision.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from app.domain.privacy import ERASED
from app.domain.registration import Subject


def of_decision(db: Database, decision_id: str) -> list[dict[str, Any]]:
    """Every signed copy of a decision, first signed first."""
    cursor = db.execute("SELECT * FROM decision_signatures WHERE decision_id = ?"
                        " ORDER BY signed_at, created_at, id", [decision_id])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def latest(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The copy no later copy adds a signature to (the one with every signature)."""
    followed = {row["previous_sha256"] for row in rows if row["previous_sha256"]}
    ends = [row for row in rows if row["pdf_sha256"] not in followed]
    return ends[-1] if ends else None


def signed_counts(db: Database) -> dict[str, int]:
    """decision id -> how many signed copies this office holds."""
    return {row[0]: row[1] for row in db.execute(
        "SELECT decision_id, count(*) FROM decision_signatures GROUP BY decision_id")}


# -- what a signed copy was signed from, and its withdrawal by an erasure ----------------
def _digest(paper: str, items: list[str]) -> str:
    texts = json.dumps([paper, items], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(texts.encode("utf-8")).hexdigest()


def texts_sha256(db: Database, decision_id: str) -> str:
    """SHA-256 of the frozen texts the decision's paper renders from (its own and its
    lines' frozen paper, app/printing/frozen.py), "" without a frozen paper. It is the
    same at every office that holds the same decision, whatever DVK lays it out with."""
    return decision_texts(db, decision_id).texts_sha256


@dataclass
class DecisionTexts:
    """What decides which signed copies of a decision are withdrawn: its frozen texts
    now (`texts_sha256`), the hash of its paper as issued, whether a line of it was
    erased and whether a line not erased yet names a person whose erasure is known."""
    texts_sha256: str
    paper_sha256: str
    erased_lines: bool
    names_erased: bool

    @property
    def erased(self) -> bool:
        """An erasure reached the decision: its paper as issued names an erased person."""
        return self.erased_lines or self.names_erased

    def withdrawn(self, copy: dict[str, Any]) -> bool:
        """A copy is withdrawn once an erasure reached the decision, when it signs the
        paper as issued (which names the person) or texts the decision no longer has;
        while the decision still names an erased person, every copy is."""
        if not self.erased:
            return False
        return self.names_erased or copy.get("paper_sha256") == self.paper_sha256 or \
            copy.get("texts_sha256") != self.texts_sha256


_LINE = ("id", "position", "removed", "paper", "registrant", "registration_id", "subject")


def decision_texts(db: Database, decision_id: str, *,
                   decision: dict[str, Any] | None = None,
                   items: Iterable[dict[str, Any]] = (),
                   erasing: Iterable[str] = ()) -> DecisionTexts:
    """The decision's DecisionTexts, at this office or, during an import, as it will
    be once the import writes `decision` (its record, when the bundle brings it),
    `items` (decision lines it writes, of any decision) and the registrations
    `erasing` (arriving with their registrant erased)."""
    if decision is None:
        row = db.execute("SELECT paper, paper_sha256 FROM decisions WHERE id = ?",
                         [decision_id]).fetchone()
        paper, issued = (row[0] or "", row[1] or "") if row else ("", "")
    else:
        paper, issued = decision.get("paper") or "", decision.get("paper_sha256") or ""
    lines = {str(row[0]): dict(zip(_LINE, row, strict=True)) for row in db.execute(
        f"SELECT {', '.join(_LINE)} FROM decision_items WHERE decision_id = ?",
        [decision_id])}
    for item in items:
        if str(item.get("decision_id")) == decision_id:
            lines[str(item["id"])] = {**lines.get(str(item["id"]), {}),
                                      **{c: item.get(c) for c in _LINE if c in item}}
    shown = sorted((line for line in lines.values() if not line.get("removed")),
                   key=lambda line: (line.get("position") or 0, str(line["id"])))
    named = [line for line in shown if line.get("subject") == Subject.INDIVIDUAL
             and line.get("registrant") != ERASED and line.get("registration_id")]
    erased_here = erased_registrations(db, [str(line["registration_id"]) for line in named])
    gone = erased_here | {str(r) for r in erasing}
    return DecisionTexts(
        texts_sha256=_digest(paper, [line.get("paper") or "" for line in shown])
        if paper else "",
        paper_sha256=issued,
        erased_lines=any(line.get("registrant") == ERASED for line in shown),
        names_erased=any(str(line["registration_id"]) in gone for line in named))


def erased_registrations(db: Database, registration_ids: list[str]) -> set[str]:
    """Which of these registrations held here had their person's data erased (the
    registrant erased: by this office, or by their owner, whose registrations no other
    office may change). An erasure record alone withdraws nothing: a decision of
    another office is erased when its lines arrive erased from its issuer, as its paper
    is (app/sync/authority.py)."""
    if not registration_ids:
        return set()
    return {row[0] for row in db.execute(
        "SELECT id FROM registrations WHERE registrant = ? AND id IN (SELECT value FROM"
        " json_each(?))", [ERASED, json.dumps(sorted(set(registration_ids)))])}


def withdrawn(db: Database, decision_id: str,
              rows: list[dict[str, Any]] | None = None) -> set[str]:
    """The ids of the decision's signed copies withdrawn by an erasure."""
    rows = of_decision(db, decision_id) if rows is None else rows
    if not rows:
        return set()
    state = decision_texts(db, decision_id)
    return {row["id"] for row in rows if state.withdrawn(row)}


def withdraw(db: Database, decision_ids: Iterable[str]) -> int:
    """Delete the bytes of the signed copies of these decisions that an erasure
    withdrew (the rows stay); returns how many PDFs were deleted. A PDF a copy still
    held (or an evidence file) uses is kept."""
    deleted = 0
    for decision_id in sorted(set(decision_ids)):
        rows = of_decision(db, decision_id)
        gone = withdrawn(db, decision_id, rows)
        if not gone:
            continue
        stale = [r["pdf_sha256"] for r in rows if r["id"] in gone]
        kept = [r["pdf_sha256"] for r in rows if r["id"] not in gone]
        deleted += db.execute(
            "DELETE FROM blobs WHERE sha256 IN (SELECT value FROM json_each(?)) AND sha256"
            " NOT IN (SELECT value FROM json_each(?)) AND sha256 NOT IN (SELECT sha256 FROM"
            " evidence WHERE removed = 0)", [json.dumps(stale), json.dumps(kept)]).rowcount
    return deleted


def signed_decisions_naming(db: Database, registration_ids: Iterable[str]) -> list[str]:
    """The decisions with a signed copy here that have a line about these registrations."""
    return [row[0] for row in db.execute(
        "SELECT DISTINCT decision_id FROM decision_items WHERE registration_id IN (SELECT"
        " value FROM json_each(?)) AND decision_id IN (SELECT decision_id FROM"
        " decision_signatures) ORDER BY decision_id",
        [json.dumps(sorted({str(r) for r in registration_ids}))])]


def withdraw_for_registrations(db: Database, registration_ids: Iterable[str]) -> int:
    return withdraw(db, signed_decisions_naming(db, registration_ids))


def withdraw_for_decisions(db: Database, records: list[dict[str, Any]]) -> None:
    """Run in an import's transaction with the decision lines or signed copies it wrote:
    a line arriving erased, or a copy arriving for a decision already erased here,
    withdraws the copies of the paper as it was."""
    withdraw(db, [str(r["decision_id"]) for r in records if r.get("decision_id")])
