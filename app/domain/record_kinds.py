"""What each kind of record is called, for people.

The audit log names the kind of every record it logged, and the sync registry
(`app/sync/kinds.py`), the import's messages and the exchange screen name the kinds a
bundle carries. Both read the names here, so the audit service needs nothing from sync
to label a line.
"""

from __future__ import annotations

from app.i18n import N_, _

# The tables that travel in bundles, by kind name (the name of the sync kind).
SYNCED = {
    "units": N_("Units"),
    "persons": N_("Persons"),
    "registrations": N_("Registrations"),
    "targets": N_("Targets"),
    "milestones": N_("Milestones"),
    "evidence": N_("Evidence"),
    "rubrics": N_("Rubrics"),
    "rubric_items": N_("Rubric criteria"),
    "rubric_assignments": N_("Rubric assignments"),
    "score_sheets": N_("Score sheets"),
    "sheet_lines": N_("Score sheet lines"),
    "council_members": N_("Council members"),
    "council_scores": N_("Council scores"),
    "proposals": N_("Proposals"),
    "proposal_items": N_("Proposed models"),
    "recognition_steps": N_("Recognition steps"),
    "decisions": N_("Decisions"),
    "decision_items": N_("Recognised models"),
    "periods": N_("Campaign periods"),
    "campaign_years": N_("Campaign calendar"),
    "unit_mergers": N_("Unit mergers"),
    "erasures": N_("Erasures of personal data"),
    "privacy_requests": N_("Requests about personal data"),
    "audit_checkpoints": N_("Audit log checkpoints"),
    "receipts": N_("Bundles imported (receipts)"),
}

# Kinds of records in the audit log that are not synced tables.
UNSYNCED = {
    "settings": N_("Office settings"),
    "user": N_("Account"),
    "database": N_("Data file"),
    "sync_line": N_("Bundle sequence"),
    "office_key": N_("Office signing key"),
    "trusted_key": N_("Trusted key"),
    "bundle": N_("Bundle"),
}


def label(kind: str) -> str:
    """The translated name of a kind of record; an unknown kind is shown as it is."""
    text = SYNCED.get(kind) or UNSYNCED.get(kind)
    return _(text) if text else kind
