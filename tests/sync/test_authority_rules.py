"""The rule of authority is written once, for every kind (issue 15)."""

from __future__ import annotations

from pathlib import Path

from app.sync import authority
from app.sync.kinds import DOWN, UP, all_kinds

DOCS = Path(__file__).resolve().parents[2] / "docs" / "authority.md"


def test_every_kind_has_its_rule_and_no_rule_is_left_without_a_kind():
    """A kind added to kinds.py without its rule in authority.py fails here."""
    assert set(authority.RULES) == {kind.name for kind in all_kinds()}


def test_a_kind_is_exported_in_exactly_the_directions_it_may_travel():
    for kind in all_kinds():
        rule = authority.rule(kind)
        for way in (UP, DOWN):
            assert (kind.export_where.get(way) is not None) == (way in rule.travels), (
                kind.name, way)


def test_the_written_rule_names_every_kind():
    text = DOCS.read_text(encoding="utf-8")
    for kind in all_kinds():
        assert f"`{kind.name}`" in text, kind.name


def test_frozen_columns_and_parents_name_real_columns(tmp_path):
    from app.context import AppContext
    from app.repositories import table_columns

    with AppContext.open(tmp_path / "x.sqlite") as ctx:
        for kind in all_kinds():
            rule = authority.rule(kind)
            columns = {name for name, _type, _nn in table_columns.columns(ctx.db, kind.table)}
            assert set(rule.frozen) <= columns, kind.name
            if rule.parent is not None:
                column, parent = rule.parent
                assert column in columns and parent in authority.RULES, kind.name
