"""First run: the shipped reference data, and telling the program which office it is."""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING

from app import clock
from app.core.events import SETTINGS_CHANGED
from app.domain import limits
from app.domain.accounts import ADMIN
from app.domain.text import clean, fold
from app.domain.units import PROFILES, UNIT_TYPES, Unit, bare_name, derived_code
from app.errors import ValidationError
from app.i18n import _
from app.paths import resource
from app.repositories import audit
from app.repositories import registrations as registrations_repo
from app.repositories import settings as settings_repo
from app.repositories import units as units_repo
from app.repositories.records import RecordWriter

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.accounts import AccountService

# Bump when the shipped unit list, fields or calendar change; offices reload them.
REFERENCE_VERSION = 1
# Bump when `search_words` changes form; rows written before are rewritten once.
SEARCH_WORDS_VERSION = 2
CALENDAR_NAMESPACE = uuid.UUID("0b0d7a4e-56a4-4f0e-b4a1-2a7ad1b5e2c3")


class SetupService:
    def __init__(self, file: OfficeFile, *, accounts: AccountService):
        self.file = file
        self.accounts = accounts

    def ensure_reference_data(self) -> None:
        db = self.file.db
        if settings_repo.get(db, "reference_version", 0) >= REFERENCE_VERSION:
            return
        with self.file.transaction():
            units_repo.load_reference(db, resource("units-2025.json"))
            for item in json.loads(resource("fields.json").read_text(encoding="utf-8")):
                db.execute(
                    "INSERT INTO fields (code, name, description) VALUES (?, ?, ?)"
                    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                    " description = excluded.description",
                    [item["code"], item["name"], item["description"]],
                )
            self._load_calendar()
            settings_repo.put(db, "reference_version", REFERENCE_VERSION)

    def ensure_search_words(self) -> None:
        """Once per data file: search words kept to ASCII (see registration_list)."""
        db = self.file.db
        if settings_repo.get(db, "search_words_version", 1) >= SEARCH_WORDS_VERSION:
            return
        with self.file.transaction():
            registrations_repo.ensure_ascii_words(db)
            settings_repo.put(db, "search_words_version", SEARCH_WORDS_VERSION)

    def _load_calendar(self) -> None:
        """Default periods and deadlines; rev 0 (they only travel once changed)."""
        db = self.file.db
        now = clock.stamp()
        data = json.loads(resource("calendar.json").read_text(encoding="utf-8"))
        for period in data["periods"]:
            period_id = str(uuid.uuid5(CALENDAR_NAMESPACE, "period:" + period["code"]))
            db.execute(
                "INSERT OR IGNORE INTO periods (id, code, name, start_year, end_year, origin,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [period_id, period["code"], period["name"], period["start_year"],
                 period["end_year"], units_repo.REFERENCE_ORIGIN, now, now],
            )
            for year in range(period["start_year"], period["end_year"] + 1):
                dates = {**period["deadlines"], **period["overrides"].get(str(year), {})}
                db.execute(
                    "INSERT OR IGNORE INTO campaign_years (id, year, period_id,"
                    " registration_deadline, proposal_deadline, recognition_deadline, origin,"
                    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [str(uuid.uuid5(CALENDAR_NAMESPACE, f"year:{year}")), year, period_id,
                     f"{year}-{dates['registration']}", f"{year}-{dates['proposal']}",
                     f"{year}-{dates['recognition']}", units_repo.REFERENCE_ORIGIN, now, now],
                )

    # -- which office is this -------------------------------------------------------
    def needs_setup(self) -> bool:
        return not self.file.setting("office_code")

    def provinces(self) -> list[Unit]:
        return units_repo.by_level(self.file.db, "tinh")

    def communes(self, province_code: str) -> list[Unit]:
        return units_repo.children(self.file.db, province_code, level="xa") + [
            unit
            for district in units_repo.children(self.file.db, province_code, level="huyen")
            for unit in units_repo.children(self.file.db, district.code, level="xa")
        ]

    def districts(self, province_code: str) -> list[Unit]:
        return units_repo.children(self.file.db, province_code, level="huyen")

    def configure(
        self,
        *,
        profile: str,
        unit_code: str | None = None,
        new_unit_name: str | None = None,
        new_unit_type: str | None = None,
        parent_code: str | None = None,
        district_name: str | None = None,
        place_name: str | None = None,
    ) -> Unit:
        """Make this database the office of a unit.

        Either `unit_code` names a unit of the shipped list, or `new_unit_name` and
        `new_unit_type` describe one to add under `parent_code`. In the three-tier
        profile a commune office names its district (`district_name`), which is added
        when it does not exist yet.
        """
        # Which office the file belongs to: the administrator's job once accounts are on.
        self.accounts.require(ADMIN)
        errors: dict[str, str] = {}
        if profile not in PROFILES:
            errors["profile"] = _("Choose the two-tier or the three-tier profile.")
        db = self.file.db
        unit = units_repo.get(db, unit_code) if unit_code else None
        if unit_code and unit is None:
            errors["unit"] = _("No unit has the code {code}.").format(code=unit_code)
        if not unit_code and not clean(new_unit_name):
            errors["unit"] = _("Choose your commune or province, or type the name of your unit.")
        if new_unit_type and new_unit_type not in UNIT_TYPES:
            errors["unit_type"] = _("Unknown kind of unit: {type}.").format(type=new_unit_type)
        for key, value, most in (("unit", new_unit_name, limits.UNIT_NAME),
                                 ("district", district_name, limits.UNIT_NAME),
                                 ("place", place_name, limits.NAME)):
            problem = limits.length_problem(clean(value), most)
            if problem:
                errors[key] = problem
        if errors:
            raise ValidationError(errors)
        actor = self.file.actor
        with self.file.transaction():
            if unit is None:
                unit = self._add_typed_unit(clean(new_unit_name), new_unit_type or "xa",
                                            parent_code, actor)
            if profile == "ba_cap" and unit.level == "xa" and clean(district_name):
                district = self._district(clean(district_name), unit, actor)
                units_repo.set_parent(RecordWriter(db, origin=unit.code, actor=actor,
                                                   make_id=self.file.make_id), unit,
                                      district.code)
                unit = units_repo.get(db, unit.code)
            settings_repo.put(db, "office_code", unit.code)
            settings_repo.put(db, "profile", profile)
            settings_repo.put(db, "place_name", clean(place_name) or _default_place(unit.name))
            settings_repo.put(db, "configured_at", clock.stamp())
            audit.append(db, actor=actor, action="setup", kind="settings", record_id=unit.code,
                         detail=f"office={unit.code} profile={profile}")
        self.file.events.emit(SETTINGS_CHANGED)
        return unit

    def _add_typed_unit(self, name: str, unit_type: str, parent_code: str | None,
                        actor: str) -> Unit:
        """An office unit that is not in the shipped list (see `derived_code`)."""
        db = self.file.db
        existing = units_repo.find_by_name(db, name, parent_code)
        if existing:
            return existing
        writer = RecordWriter(db, origin=parent_code or "VN", actor=actor,
                              make_id=self.file.make_id)
        return units_repo.add(writer, code=derived_code(parent_code or "L", name), name=name,
                              unit_type=unit_type, parent_code=parent_code)

    def _district(self, name: str, commune: Unit, actor: str) -> Unit:
        """The commune's district in the three-tier profile, added when new."""
        province = commune.parent_code
        parent = units_repo.get(self.file.db, commune.parent_code)
        if parent and parent.level == "huyen":
            province = parent.parent_code
        unit_type = district_type(name)
        if unit_type == "huyen" and not fold(name).startswith("huyen "):
            name = f"Huyện {name}"
        return self._add_typed_unit(name, unit_type, province, actor)


def district_type(name: str) -> str:
    folded = fold(name)
    for prefix, unit_type in (("quan ", "quan"), ("thi xa ", "thi_xa"),
                              ("thanh pho ", "thanh_pho")):
        if folded.startswith(prefix):
            return unit_type
    return "huyen"


def _default_place(unit_name: str) -> str:
    return bare_name(unit_name)
