"""The ordered list of schema migrations (sqlite-utils Migrations).

Append new migrations at the end; never edit or reorder one that has shipped. A test
upgrades a database saved by each previous schema (tests/fixtures/schema/).
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

from db.migrations import (
    m001_foundation,
    m002_sync,
    m003_scoring,
    m004_list_indexes,
    m005_recognition,
    m006_trust,
    m007_accounts,
    m008_scale,
    m009_search_index_deferral,
    m010_down_relays,
    m011_figures,
    m012_shared_pc,
    m013_audit_checkpoints,
    m014_privacy,
    m015_frozen_papers,
    m016_state_numbers,
    m017_period_guidelines,
    m018_list_filters,
    m019_province,
    m020_list_subunit_order,
)

MIGRATIONS = Migrations("dvk")

_ORDERED = [
    ("0001_foundation", m001_foundation.foundation),
    ("0002_sync", m002_sync.sync),
    ("0003_scoring", m003_scoring.scoring),
    ("0004_list_indexes", m004_list_indexes.list_indexes),
    ("0005_recognition", m005_recognition.recognition),
    ("0006_trust", m006_trust.trust),
    ("0007_accounts", m007_accounts.accounts),
    ("0008_scale", m008_scale.scale),
    ("0009_search_index_deferral", m009_search_index_deferral.search_index_deferral),
    ("0010_down_relays", m010_down_relays.down_relays),
    ("0011_figures", m011_figures.figures),
    ("0012_shared_pc", m012_shared_pc.shared_pc),
    ("0013_audit_checkpoints", m013_audit_checkpoints.audit_checkpoints),
    ("0014_privacy", m014_privacy.privacy),
    ("0015_frozen_papers", m015_frozen_papers.frozen_papers),
    ("0016_state_numbers", m016_state_numbers.state_numbers),
    ("0017_period_guidelines", m017_period_guidelines.period_guidelines),
    ("0018_list_filters", m018_list_filters.list_filters),
    ("0019_province", m019_province.province),
    ("0020_list_subunit_order", m020_list_subunit_order.list_subunit_order),
]

for _name, _fn in _ORDERED:
    MIGRATIONS(name=_name)(_fn)

SCHEMA_NAMES = [name for name, _ in _ORDERED]
