"""The unit tree: levels, types, the two hierarchy profiles, and who receives a
registration (DOMAIN.md, "Who receives registrations")."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from app.domain.rows import RowRecord
from app.domain.text import fold
from app.i18n import N_, _

PROFILE_TWO_TIER = "hai_cap"  # xã -> tỉnh, since 1 July 2025
PROFILE_THREE_TIER = "ba_cap"  # xã -> huyện -> tỉnh, as in the 2021 guideline
PROFILES = {
    PROFILE_TWO_TIER: N_("Two tiers (commune -> province, since 07/2025)"),
    PROFILE_THREE_TIER: N_("Three tiers (commune -> district -> province)"),
}

LEVELS = ("tinh", "huyen", "xa", "coso")
LEVEL_NAMES = {
    "tinh": N_("Province"),
    "huyen": N_("District"),
    "xa": N_("Commune"),
    "coso": N_("Grassroots"),
}

# type -> (level, label)
UNIT_TYPES: dict[str, tuple[str, str]] = {
    "tinh": ("tinh", N_("Province")),
    "thanh_pho_tw": ("tinh", N_("Centrally-run city")),
    "huyen": ("huyen", N_("District")),
    "quan": ("huyen", N_("Urban district")),
    "thi_xa": ("huyen", N_("District-level town")),
    "thanh_pho": ("huyen", N_("Provincial city")),
    "xa": ("xa", N_("Commune")),
    "phuong": ("xa", N_("Ward")),
    "thi_tran": ("xa", N_("Township")),
    "dac_khu": ("xa", N_("Special zone")),
    "thon": ("coso", N_("Village (thôn, xóm, bản, ấp)")),
    "to_dan_pho": ("coso", N_("Residential group")),
    "chi_bo": ("coso", N_("Party cell")),
    "ban_cong_tac_mat_tran": ("coso", N_("Front working committee")),
    "chi_hoi": ("coso", N_("Association branch")),
    "chi_doan": ("coso", N_("Youth union branch")),
    "to_doi_nhom": ("coso", N_("Team, group")),
    "co_quan": ("coso", N_("Agency, unit")),
    "truong_hoc": ("coso", N_("School")),
    "doanh_nghiep": ("coso", N_("Enterprise")),
    "luc_luong_vu_trang": ("coso", N_("Armed forces unit")),
    "to_chuc_cap_xa": ("coso", N_("Commune-level body (Party, government, Front, unions)")),
    "khac": ("coso", N_("Other")),
}

SUBUNIT_TYPES = [t for t, (level, _label) in UNIT_TYPES.items() if level == "coso"]

# Registrants whose registrations go above the commune: the commune's own Party
# committee, government, Front and unions, and the armed forces.
_ABOVE_COMMUNE_TYPES = {"to_chuc_cap_xa", "luc_luong_vu_trang"}

_PREFIXES = [
    ("Thành phố", "Thành ủy"),
    ("Tỉnh", "Tỉnh ủy"),
    ("Huyện", "Huyện ủy"),
    ("Quận", "Quận ủy"),
    ("Thị xã", "Thị ủy"),
    ("Thị trấn", "Đảng ủy thị trấn"),
    ("Đặc khu", "Đảng ủy đặc khu"),
    ("Phường", "Đảng ủy phường"),
    ("Xã", "Đảng ủy xã"),
]


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    type: str
    level: str
    parent_code: str | None = None
    official: bool = False
    merged_into: str | None = None
    merged_on: str | None = None
    id: str = ""


@dataclass(frozen=True)
class UnitMerger(RowRecord):
    """A merger this office knows of (`unit_mergers`, a synced record; sáp nhập): the
    unit merged and the one it went into, their codes and names (None: a unit this
    office does not hold), the day it took effect (ISO), the office that recorded it and
    its note."""

    unit_code: str
    unit_name: str | None
    into_code: str
    into_name: str | None
    merged_on: str
    origin: str
    note: str


def level_of_type(unit_type: str) -> str:
    return UNIT_TYPES.get(unit_type, ("coso", ""))[0]


def type_label(unit_type: str) -> str:
    return _(UNIT_TYPES[unit_type][1]) if unit_type in UNIT_TYPES else unit_type


def level_label(level: str) -> str:
    return _(LEVEL_NAMES[level]) if level in LEVEL_NAMES else level


def profile_label(profile: str) -> str:
    return _(PROFILES[profile]) if profile in PROFILES else profile


def office_levels(profile: str) -> list[str]:
    """Office levels from the bottom up."""
    return ["xa", "huyen", "tinh"] if profile == PROFILE_THREE_TIER else ["xa", "tinh"]


def parent_level(profile: str, level: str) -> str | None:
    chain = office_levels(profile)
    if level not in chain:
        return None
    index = chain.index(level)
    return chain[index + 1] if index + 1 < len(chain) else None


def bare_name(name: str) -> str:
    """'Xã Yên Thắng' -> 'Yên Thắng'; names without a known prefix are kept."""
    for prefix, _committee in _PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def party_committee(name: str) -> str:
    """'Tỉnh Ninh Bình' -> 'Tỉnh ủy Ninh Bình'; 'Xã Yên Thắng' -> 'Đảng ủy xã Yên Thắng'."""
    for prefix, committee in _PREFIXES:
        if name.startswith(prefix + " "):
            return f"{committee} {name[len(prefix) + 1 :]}"
    return f"Đảng ủy {name}"


def receiving_body(
    *,
    profile: str,
    office: Unit,
    parent: Unit | None,
    registrant_type: str | None,
) -> str:
    """The body that receives a registration, as DOMAIN.md lays it down.

    At a commune office the Party committee's mass-mobilisation bloc takes villages,
    cells, branches, agencies and individuals; the commune's own bodies and armed
    forces register with the level above (the district committee, or since 2025 the
    province's merged Propaganda and Mass Mobilisation board).
    """
    if office.level == "xa":
        if registrant_type in _ABOVE_COMMUNE_TYPES and parent is not None:
            return _board_of(parent, profile)
        return f"Khối Dân vận {party_committee(office.name)}"
    return _board_of(office, profile)


def _board_of(unit: Unit, profile: str) -> str:
    committee = party_committee(unit.name)
    if unit.level == "tinh" and profile == PROFILE_TWO_TIER:
        return f"Ban Tuyên giáo và Dân vận {committee}"
    return f"Ban Dân vận {committee}"


_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,39}$")


def valid_code(code: str) -> bool:
    return bool(_CODE.match(code or ""))


def derived_code(prefix: str, name: str) -> str:
    """A code for a unit with no official one (a district of the three-tier profile, a
    province agency), the same in every office that types the same name: prefix + '-' +
    a short hash of the folded name, so records about it meet in one unit."""
    return f"{prefix}-" + hashlib.sha256(fold(name).encode()).hexdigest()[:8].upper()
