"""The bodies an office issues its papers as (resources/print/presets.json): after the
2025 reorganisation a province's Ban Tuyên giáo và Dân vận Tỉnh ủy, a commune's Đảng ủy
or the Ban Thường trực Ủy ban MTTQ, a special zone's Ban Tuyên giáo và Dân vận, a
People's Committee, or the movement's steering committee (Ban Chỉ đạo) as before.

A preset is the default of every print setting the office leaves unset: the heading,
who decides and signs, the numbering symbol ("05-QĐ/ĐU", "01/QĐ-UBND"), who executes
a decision (Điều 3), where papers are filed ("Lưu: VT, VHXH.") and whom a report goes
to ("Kính gửi"). Pure: the print service hands in the unit names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from app.domain.units import PROFILE_THREE_TIER, Unit, bare_name, party_committee
from app.errors import DvkError
from app.i18n import _
from app.paths import resource
from app.printing.templates import fill

PARTY, STATE = "party", "state"
FALLBACK = {PARTY: "bcd", STATE: "ubnd"}  # for an office that never chose a preset
TEXT_KEYS = ("superior", "body", "authority", "signer_on_behalf", "signer_title",
             "executor", "archive", "report_to")


@dataclass(frozen=True)
class Preset:
    code: str
    name: str
    system: str
    levels: tuple[str, ...]
    texts: dict[str, Any]
    symbol: str
    wording: dict[str, dict[str, Any]] = field(default_factory=dict)
    types: tuple[str, ...] = ()  # only for units of these types (a special zone)

    def text(self, key: str, level: str, names: dict[str, str]) -> str:
        value = self.texts.get(key, "")
        if isinstance(value, dict):
            value = value.get(level) or next(iter(value.values()), "")
        return fill(value, **names)


@cache
def _data() -> dict[str, Any]:
    return json.loads(resource("print", "presets.json").read_text(encoding="utf-8"))


@cache
def presets() -> dict[str, Preset]:
    data = _data()
    result = {}
    for code in data["order"]:
        item = data["presets"][code]
        result[code] = Preset(
            code=code, name=item["name"], system=item["system"],
            levels=tuple(item["levels"]), symbol=item["symbol"],
            texts={k: item.get(k, "") for k in TEXT_KEYS}, wording=item.get("wording", {}),
            types=tuple(item.get("types", ())))
    return result


def get(code: str) -> Preset:
    found = presets().get(code)
    if found is None:
        raise DvkError(_("Unknown preset {code}. Choose one of: {codes}.").format(
            code=code, codes=", ".join(presets())))
    return found


def for_unit(unit: Unit) -> list[Preset]:
    """The presets an office of this unit may choose, in the shipped order."""
    return [p for p in presets().values()
            if unit.level in p.levels and (not p.types or unit.type in p.types)]


def suggested(unit: Unit, profile: str) -> str:
    """The preset setup proposes: what such an office issues as since 2025 (the
    steering committee in the three-tier world of the 2021 guideline)."""
    if profile == PROFILE_THREE_TIER:
        return "ban_dan_van_huyen" if unit.level == "huyen" else "bcd"
    if unit.level == "tinh":
        return "btgdv_tinh"
    if unit.type == "dac_khu":
        return "btgdv_dac_khu"
    return "dang_uy"


def lower_first(name: str) -> str:
    """'Phường Yên Thắng' -> 'phường Yên Thắng' (a unit name inside a sentence)."""
    return name[:1].lower() + name[1:] if name else name


def names(office: Unit, parent: Unit | None, province: Unit | None, profile: str
          ) -> dict[str, str]:
    """What preset texts may name, for this office."""
    above = parent if parent is not None and parent.code != office.code else None
    board = ""
    if above is not None:
        committee = party_committee(above.name)
        board = (f"Ban Tuyên giáo và Dân vận {committee}"
                 if above.level == "tinh" and profile != PROFILE_THREE_TIER
                 else f"Ban Dân vận {committee}")
    elif office.level == "tinh":
        board = "Ban Tuyên giáo và Dân vận Trung ương"
    return {
        "office": lower_first(office.name), "bare": bare_name(office.name),
        "parent": lower_first(parent.name) if parent else "",
        "province": lower_first(province.name) if province else "",
        "party_committee": party_committee(office.name),
        "parent_party": f"Đảng bộ {lower_first((above or province or office).name)}",
        "board_above": board,
    }


def book_patterns(symbol: str, system: str) -> dict[str, tuple[str, str]]:
    """kind -> (pattern, scope) of the numbering books of a body with `symbol`: Party
    papers "05-QĐ/ĐU" numbered per term, State papers "01/QĐ-UBND" per calendar year
    (from 01: Decree 30/2020 writes 01 to 09 with the zero)."""
    if system == STATE:
        return {"decision": (f"{{n:02d}}/QĐ-{symbol}", "year"),
                "certificate": ("{n:02d}/GCN", "year"),
                "proposal": (f"{{n:02d}}/TTr-{symbol}", "year"),
                "report": (f"{{n:02d}}/BC-{symbol}", "year")}
    return {"decision": (f"{{n:02d}}-QĐ/{symbol}", "term"),
            "certificate": ("{n:02d}/GCN", "term"),
            "proposal": (f"{{n:02d}}-TTr/{symbol}", "term"),
            "report": (f"{{n:02d}}-BC/{symbol}", "term")}
