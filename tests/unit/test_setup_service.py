import pytest

from app.context import AppContext
from app.domain.units import derived_code
from app.errors import ValidationError


def test_two_tier_commune_reports_to_its_province(db_path):
    with AppContext.open(db_path) as ctx:
        assert ctx.setup.needs_setup()
        unit = ctx.setup.configure(profile="hai_cap", unit_code="14725")
        assert unit.name == "Phường Yên Thắng"
        assert not ctx.setup.needs_setup()
        assert ctx.units.parent_office().code == "37"
        assert ctx.setting("place_name") == "Yên Thắng"


def test_three_tier_commune_gets_its_district(db_path):
    with AppContext.open(db_path) as ctx:
        ctx.setup.configure(profile="ba_cap", unit_code="14701", district_name="Yên Mô")
        district = ctx.units.parent_office()
        assert district.name == "Huyện Yên Mô" and district.level == "huyen"
        assert district.code == derived_code("37", "Huyện Yên Mô")
        assert district.parent_code == "37"


def test_a_unit_not_in_the_list_can_be_typed(db_path):
    with AppContext.open(db_path) as ctx:
        unit = ctx.setup.configure(profile="ba_cap", new_unit_name="Huyện Kim Sơn",
                                   new_unit_type="huyen", parent_code="37")
        assert unit.code == derived_code("37", "Huyện Kim Sơn")
        assert ctx.units.parent_office().code == "37"


def test_bad_setup_is_refused_with_reasons(db_path):
    with AppContext.open(db_path) as ctx:
        with pytest.raises(ValidationError) as error:
            ctx.setup.configure(profile="bon_cap", unit_code="99999")
        assert set(error.value.fields) == {"profile", "unit"}
        assert ctx.setup.needs_setup()


def test_sub_units_are_numbered_under_the_office(ctx):
    unit = ctx.units.add_subunit("Chi đoàn tổ dân phố số 3", "chi_doan")
    assert unit.code.startswith("14725-") and unit.level == "coso"
    assert ctx.units.add_subunit("chi đoàn tổ dân phố số 3", "chi_doan") == unit
    with pytest.raises(ValidationError):
        ctx.units.add_subunit("", "thon")


def test_merging_keeps_the_old_unit(ctx):
    old = ctx.units.add_subunit("Thôn Đông", "thon")
    new = ctx.units.add_subunit("Thôn Đông Tây", "thon")
    ctx.units.merge(old.code, new.code, "2025-07-01")
    merged = ctx.units.get(old.code)
    assert merged.merged_into == new.code and merged.merged_on == "2025-07-01"
    assert old.code not in [u.code for u in ctx.units.subunits()]
