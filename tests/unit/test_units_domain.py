from app.domain.units import (
    Unit,
    bare_name,
    derived_code,
    office_levels,
    parent_level,
    party_committee,
    receiving_body,
)

COMMUNE = Unit("14725", "Phường Yên Thắng", "phuong", "xa", "37")
PROVINCE = Unit("37", "Tỉnh Ninh Bình", "tinh", "tinh")
DISTRICT = Unit("37-819B300A", "Huyện Yên Mô", "huyen", "huyen", "37")


def test_names_of_party_committees():
    assert party_committee("Xã Yên Mô") == "Đảng ủy xã Yên Mô"
    assert party_committee("Phường Yên Thắng") == "Đảng ủy phường Yên Thắng"
    assert party_committee("Tỉnh Ninh Bình") == "Tỉnh ủy Ninh Bình"
    assert party_committee("Thành phố Hà Nội") == "Thành ủy Hà Nội"
    assert party_committee("Huyện Kim Sơn") == "Huyện ủy Kim Sơn"
    assert bare_name("Đặc khu Phú Quốc") == "Phú Quốc"


def test_grassroots_registrants_go_to_the_commune_bloc():
    for registrant in (None, "thon", "chi_bo", "chi_hoi", "truong_hoc"):
        assert receiving_body(profile="hai_cap", office=COMMUNE, parent=PROVINCE,
                              registrant_type=registrant) == \
            "Khối Dân vận Đảng ủy phường Yên Thắng"


def test_commune_bodies_go_above_the_commune():
    assert receiving_body(profile="hai_cap", office=COMMUNE, parent=PROVINCE,
                          registrant_type="to_chuc_cap_xa") == \
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Ninh Bình"
    assert receiving_body(profile="ba_cap", office=COMMUNE, parent=DISTRICT,
                          registrant_type="luc_luong_vu_trang") == \
        "Ban Dân vận Huyện ủy Yên Mô"


def test_profiles_define_the_chain_of_offices():
    assert office_levels("hai_cap") == ["xa", "tinh"]
    assert office_levels("ba_cap") == ["xa", "huyen", "tinh"]
    assert parent_level("hai_cap", "xa") == "tinh"
    assert parent_level("ba_cap", "xa") == "huyen"
    assert parent_level("ba_cap", "tinh") is None


def test_derived_codes_are_the_same_for_the_same_name_in_every_office():
    assert derived_code("37", "Huyện Yên Mô") == derived_code("37", "huyen yen mo")
    assert derived_code("37", "Huyện Yên Mô") != derived_code("37", "Huyện Kim Sơn")
