"""Which commune a unit lies in, as the lists above the commune show it (issue 25,
point 3): a sub-unit of another commune, which this office does not hold, is placed by
its code (`<commune code>-<number>`) under its commune from the shipped list, instead of
being shown as if it were a commune."""

from __future__ import annotations

from app.repositories import communes as communes_repo


def _name(ctx, code: str) -> str:
    return ctx.db.execute("SELECT name FROM units WHERE code = ?", [code]).fetchone()[0]


def test_a_sub_unit_of_another_commune_is_placed_under_that_commune(ctx):
    other = "13684"  # a commune of Ninh Bình other than this office's: not this office's
    assert ctx.db.execute("SELECT count(*) FROM units WHERE code LIKE ?",
                          [f"{other}-%"]).fetchone()[0] == 0
    found = communes_repo.of_units(ctx.db, {f"{other}-3", f"{other}-12"})
    assert {c: (f.code, f.name) for c, f in found.items()} == {
        f"{other}-3": (other, _name(ctx, other)), f"{other}-12": (other, _name(ctx, other))}


def test_this_offices_own_sub_unit_and_codes_that_say_nothing(ctx):
    own = ctx.units.add_subunit("Thôn Đông", "thon")
    found = communes_repo.of_units(ctx.db, {own.code, "99999-7", "37-ABCDEF01"})
    assert found[own.code].code == ctx.office_code
    assert found[own.code].name == _name(ctx, ctx.office_code)
    assert "99999-7" not in found  # no such commune: said as it is by the caller
    assert "37-ABCDEF01" not in found  # not a sub-unit's code
