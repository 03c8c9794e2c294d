"""Schema 0021: the digitally signed copies of an issued decision (issue 22).

An office signs the paper of a decision it issued with its official digital signature
(PAdES, app/pdfsign); the signed PDF is kept as a blob and described here, and travels
with the decision in the bundles down (and up), so communes keep the official signed
copy. Each row is one signed PDF: the first signs the frozen paper as issued
(decisions.paper_sha256), a later one adds a signature to the previous signed PDF
(previous_sha256), as an organisation's signature follows its leader's. A row never
changes (app/sync/authority.py). `texts_sha256` names the frozen texts the paper signed
was rendered from: when a person's data on the decision is erased (issue 26) those texts
change, and the signed PDFs of the older texts are withdrawn (their bytes deleted, the
row kept as the proof it was signed: app/repositories/decision_signatures.py).
"""

from __future__ import annotations

from sqlite_utils import Database

from db.migrations.m001_foundation import SYNC_COLUMNS
from db.sqlscript import run_script

SCHEMA = f"""
CREATE TABLE decision_signatures (
    id TEXT PRIMARY KEY,
    decision_id TEXT NOT NULL REFERENCES decisions (id) DEFERRABLE INITIALLY DEFERRED,
    paper_sha256 TEXT NOT NULL CHECK (length(paper_sha256) = 64),
    texts_sha256 TEXT NOT NULL CHECK (length(texts_sha256) = 64),
    pdf_sha256 TEXT NOT NULL CHECK (length(pdf_sha256) = 64),
    previous_sha256 TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    certificate_issuer TEXT NOT NULL DEFAULT '',
    certificate_sha256 TEXT NOT NULL CHECK (length(certificate_sha256) = 64),
    signed_at TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('B-B', 'B-T')),
    {SYNC_COLUMNS}
);
CREATE INDEX decision_signatures_decision ON decision_signatures (decision_id);
CREATE INDEX decision_signatures_rev ON decision_signatures (rev);
"""


def decision_signatures(db: Database) -> None:
    run_script(db, SCHEMA)
