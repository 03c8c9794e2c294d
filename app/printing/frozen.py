"""An issued decision as a record: the paper it was issued as, frozen.

Issuing a decision freezes every text printed on it and on its certificates (heading,
wording, numbers, signer, the annex, each certificate with its signed code) into
canonical JSON stored with the decision (decisions.paper, decision_items.paper, schema
0015). The paper travels with the decision in bundles and never changes; any office
rebuilds the documents from it (`thaw`) and renders them with the fixed font
(app/printing/fixed_fonts.py) and the official wording frozen with it, so the PDF is
the same, byte for byte, at every office and every day: the SHA-256 of the decision's
PDF as issued is stored beside it (decisions.paper_sha256), for a reprint to be checked
against and for a signature over the paper (PAdES) to be made and verified later.

Texts are frozen as printed: NFC, and only characters that Times New Roman and the
bundled font both draw (others become "?", as printing would make them), so no
machine prints a frozen paper differently.

    frame, items = freeze(decision, certificates, official)
    decision, certificates = thaw(frame, items, emblem)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import unicodedata
from typing import Any

from app.domain.privacy import ERASED
from app.errors import DvkError
from app.i18n import _
from app.printing.model import (
    CertificateDoc,
    DecisionDoc,
    Frozen,
    Heading,
    Signer,
    TableBlock,
    with_group_heads,
)

FORMAT = 1
# What every serif font of a Vietnamese office draws: ASCII, Latin-1, Latin Extended-A,
# ơ/ư, the Vietnamese letters of Latin Extended Additional, common punctuation.
_SAFE_RANGES = ((0x20, 0x7E), (0xA0, 0x17F), (0x1A0, 0x1A1), (0x1AF, 0x1B0),
                (0x1E00, 0x1EFF), (0x2013, 0x2014), (0x2018, 0x201A), (0x201C, 0x201E),
                (0x2022, 0x2022), (0x2026, 0x2026), (0x20AB, 0x20AC))
# The certificate's texts that are the same on every certificate of a decision.
_COMMON = ("heading", "title", "authority", "authority_verb", "reference", "signer",
           "qr_caption")
_OWN = ("variant", "recipient", "recipient_detail", "achievement", "model_name",
        "number_line", "qr_payload")


def safe(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return "".join(c if c in "\n" or any(a <= ord(c) <= b for a, b in _SAFE_RANGES)
                   else "?" for c in text)


def _plain(value: Any) -> Any:
    if isinstance(value, str):
        return safe(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def dumps(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _fields(doc: Any, names: tuple[str, ...] | None = None) -> dict[str, Any]:
    names = names or tuple(f.name for f in dataclasses.fields(doc))
    return {name: _plain(dataclasses.asdict(getattr(doc, name))
                         if dataclasses.is_dataclass(getattr(doc, name))
                         else getattr(doc, name))
            for name in names}


def freeze(decision: DecisionDoc, certificates: list[CertificateDoc], official: dict
           ) -> tuple[str, list[str]]:
    """The frozen frame (decisions.paper) and one frozen item per annex line and
    certificate (decision_items.paper), in the annex's order."""
    # An annex grouped by commune: each line keeps its commune's name ("group"), the
    # heading rows are made again when thawed.
    heads = set(decision.annex.group_rows)
    rows, groups, group = [], [], ""
    for index, row in enumerate(decision.annex.rows):
        if index in heads:
            group = row[1]
        else:
            rows.append(row)
            groups.append(group)
    if len(certificates) != len(rows):
        raise ValueError("one certificate per line of the annex")
    body = _fields(decision, tuple(f.name for f in dataclasses.fields(decision)
                                   if f.name != "frozen"))
    body["annex"]["rows"] = []
    body["annex"]["group_rows"] = []
    frame = {"format": FORMAT, "official": _plain(official), "decision": body,
             "certificate": _fields(certificates[0], _COMMON) if certificates else None}
    items = [dumps({"row": _plain(row), "certificate": _fields(cert, _OWN),
                    **({"group": _plain(group)} if heads else {})})
             for row, group, cert in zip(rows, groups, certificates, strict=True)]
    return dumps(frame), items


def _heading(data: dict[str, Any]) -> Heading:
    data = dict(data)
    data["date"] = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    return Heading(**data)


def unreadable() -> DvkError:
    return DvkError(_("The paper stored with this decision cannot be read; it was not "
                      "made by this version of DVK. Update DVK on this computer."))


def thaw(frame_text: str, item_texts: list[str], emblem: bytes | None = None,
         sha256: str = "") -> tuple[DecisionDoc, list[CertificateDoc]]:
    """The decision and its certificates exactly as issued."""
    try:
        frame = json.loads(frame_text)
        if frame.get("format") != FORMAT:
            raise unreadable()
        items = [json.loads(text) for text in item_texts]
        body = dict(frame["decision"])
        annex = dict(body.pop("annex"))
        annex["rows"] = [item["row"] for item in items]
        if items and all("group" in item for item in items):
            annex["rows"], annex["group_rows"] = with_group_heads(
                [item["group"] for item in items], annex["rows"])
        erased = any(item["certificate"].get("recipient") == ERASED for item in items)
        frozen = Frozen(official=frame["official"], sha256=sha256, erased=erased)
        decision = DecisionDoc(heading=_heading(body.pop("heading")),
                               signer=Signer(**body.pop("signer")),
                               annex=TableBlock(**annex), frozen=frozen, **body)
        certificates = []
        common = frame.get("certificate") or {}
        for item in items:
            own = item["certificate"]
            certificates.append(CertificateDoc(
                heading=_heading(common["heading"]), signer=Signer(**common["signer"]),
                emblem=emblem, frozen=Frozen(official=frame["official"]),
                **{k: common[k] for k in _COMMON if k not in ("heading", "signer")},
                **{k: own[k] for k in _OWN}))
    except DvkError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise unreadable() from error
    return decision, certificates


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
