"""Demo networks: one database per office (province, districts under "ba cấp",
communes), filled with realistic registrations through the real services.

The demo generator is the project's fixture factory: tests, screenshots and benchmarks
all start from it. The same seed gives the same data (ids and times included).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from app import clock
from app.context import AppContext
from app.core.progress import Progress
from app.demo import content as C
from app.demo.certificates import write_demo_certificates
from app.demo.excel import write_demo_files
from app.demo.figures import add_commune_situations
from app.demo.images import evidence_png
from app.demo.printing import configure_printing
from app.demo.privacy import add_privacy_requests
from app.demo.recognition import add_commune_recognition, decide_received
from app.demo.reliability import add_reliability
from app.demo.scoring import add_score_sheets
from app.demo.sync import ensure_key, link_offices
from app.demo.trust import tell as tell_trust_story
from app.domain.registration import (
    MilestoneInput,
    PersonInput,
    TargetInput,
)
from app.domain.units import PROFILE_THREE_TIER, PROFILE_TWO_TIER, Unit, bare_name, derived_code
from app.printing.presets import lower_first

DEMO_ACTOR = "demo"
NETWORK_FILE = "network.json"


@dataclass
class DemoOptions:
    profile: str = PROFILE_TWO_TIER
    communes: int = 3
    models: int = 30
    seed: int = 1
    today: dt.date = field(default_factory=lambda: dt.date(2026, 11, 20))


@dataclass
class Office:
    code: str
    name: str
    level: str
    parent: str | None
    db: str

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "level": self.level,
                "parent": self.parent, "db": self.db}


class SeededIds:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def __call__(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


def generate_network(out: Path, options: DemoOptions, progress: Progress | None = None) -> dict:
    """Write the offices' databases and `network.json` into `out`; return the network."""
    out.mkdir(parents=True, exist_ok=True)
    previous = clock.now() if clock._fixed else None
    clock.set_fixed(demo_moment(options))
    try:
        offices, seeds = plan_network(options)
        total = len(offices)
        for index, office in enumerate(offices):
            if progress:
                progress.report(index, total, office.name)
            fill_office(out, offices, index, options, seeds[index])
        network = link_network(out, offices, options)
        if progress:
            progress.report(total, total, "")
        return network
    finally:
        clock.set_fixed(previous)


def demo_moment(options: DemoOptions) -> dt.datetime:
    """The fixed time the generator runs at (set it with `clock.set_fixed`)."""
    return dt.datetime.combine(options.today, dt.time(8, 0), tzinfo=dt.UTC)


def plan_network(options: DemoOptions) -> tuple[list[Office], list[tuple[int, int]]]:
    """The offices, and the seeds each office's database is filled from. Offices are
    filled independently of each other, so a large network (the benchmarks' province)
    can fill them in parallel processes and get the same data."""
    rng = random.Random(options.seed)
    offices = _plan_offices(options, rng)
    return offices, [(rng.getrandbits(64), rng.getrandbits(64)) for _office in offices]


def fill_office(out: Path, offices: list[Office], index: int, options: DemoOptions,
                seeds: tuple[int, int]) -> None:
    """One office's database, on its own (run with the clock at `demo_moment`)."""
    office = offices[index]
    path = out / office.db
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with AppContext.open(path, actor=DEMO_ACTOR) as ctx:
        ctx.make_id = SeededIds(random.Random(seeds[0]))
        _fill_office(ctx, office, offices, options, random.Random(seeds[1]))
        ensure_key(ctx)  # the certificates of its decisions carry signed codes
        configure_printing(ctx, index, random.Random(f"print:{options.seed}:{index}"))
        if office.level == "xa":  # decisions take the layout's numbering
            add_commune_recognition(ctx, options.today,
                                    random.Random(f"recognition:{options.seed}:{index}"))
            add_commune_situations(ctx, options.today,
                                   random.Random(f"figures:{options.seed}:{index}"))


def link_network(out: Path, offices: list[Office], options: DemoOptions) -> dict:
    """Keys, bundles up, decisions down, certificates, demo files, the trust story and
    the day's backups (run with the clock at `demo_moment`)."""
    link_offices(out, offices, decide=lambda ctx: decide_received(
        ctx, options.today, random.Random(f"decide:{options.seed}:{ctx.office_code}")))
    first_commune = next((o for o in offices if o.level == "xa"), None)
    if first_commune is not None:
        write_demo_certificates(out, out / first_commune.db, options.today)
    write_demo_files(out, offices, options.today.year)
    network = {
        "profile": options.profile,
        "seed": options.seed,
        "offices": [office.as_json() for office in offices],
    }
    if options.profile == PROFILE_THREE_TIER:
        network["trust"] = tell_trust_story(out, offices, options.today)
        add_privacy_requests(out, offices, options.today)
    # Last: it takes the day's backups and turns accounts on in one commune.
    add_reliability(out, offices, options.today)
    (out / NETWORK_FILE).write_text(json.dumps(network, ensure_ascii=False, indent=2),
                                    encoding="utf-8")
    return network


def _plan_offices(options: DemoOptions, rng: random.Random) -> list[Office]:
    names = _reference_names()
    province = Office(C.PROVINCE_CODE, names[C.PROVINCE_CODE], "tinh", None,
                      f"tinh-{C.PROVINCE_CODE}.sqlite")
    offices = [province]
    if options.profile == PROFILE_THREE_TIER:
        districts = list(C.NINH_BINH_DISTRICTS.values())
        chosen: list[tuple[str, str]] = []  # (district name, commune code)
        round_robin = 0
        while len(chosen) < options.communes and round_robin < 20:
            for name, codes in districts:
                if round_robin < len(codes) and len(chosen) < options.communes:
                    chosen.append((name, codes[round_robin]))
            round_robin += 1
        if len(chosen) >= 3 and sum(name == districts[0][0] for name, _c in chosen) == 1:
            # Two communes in the first district, so one can be merged into the other.
            chosen[-1] = (districts[0][0], districts[0][1][1])
        for district_name in dict.fromkeys(name for name, _code in chosen):
            code = derived_code(C.PROVINCE_CODE, district_name)
            offices.append(Office(code, district_name, "huyen", C.PROVINCE_CODE,
                                  f"huyen-{code}.sqlite"))
        by_name = {o.name: o.code for o in offices if o.level == "huyen"}
        for district_name, code in chosen:
            offices.append(Office(code, names[code], "xa", by_name[district_name],
                                  f"xa-{code}.sqlite"))
    else:
        communes = sorted(code for code, parent in _reference_parents().items()
                          if parent == C.PROVINCE_CODE)
        for code in sorted(rng.sample(communes, min(options.communes, len(communes)))):
            offices.append(Office(code, names[code], "xa", C.PROVINCE_CODE, f"xa-{code}.sqlite"))
    return offices


def _reference() -> list[dict]:
    from app.paths import resource

    return json.loads(resource("units-2025.json").read_text(encoding="utf-8"))


def _reference_names() -> dict[str, str]:
    return {u["code"]: u["name"] for u in _reference()}


def _reference_parents() -> dict[str, str | None]:
    return {u["code"]: u["parent"] for u in _reference()}


def _fill_office(ctx: AppContext, office: Office, offices: list[Office], options: DemoOptions,
                 rng: random.Random) -> None:
    with ctx.transaction():
        if office.level == "xa":
            district = next((o for o in offices if o.code == office.parent and
                             o.level == "huyen"), None)
            ctx.setup.configure(profile=options.profile, unit_code=office.code,
                                district_name=district.name if district else None)
        elif office.level == "huyen":
            ctx.setup.configure(profile=options.profile, new_unit_name=office.name,
                                new_unit_type="huyen", parent_code=office.parent)
        else:
            ctx.setup.configure(profile=options.profile, unit_code=office.code)
        _add_known_offices(ctx, offices, options)
        if office.level == "xa":
            unit = ctx.units.office()
            subunits = _add_subunits(ctx, unit, rng)
            _add_registrations(ctx, unit, subunits, options, rng)
            add_score_sheets(ctx, options.today.year, rng)


def _add_known_offices(ctx: AppContext, offices: list[Office], options: DemoOptions) -> None:
    """Every office of a three-tier network knows the districts and their communes."""
    if options.profile != PROFILE_THREE_TIER:
        return
    for office in offices:
        if office.level == "huyen":
            ctx.units.add_unit(office.name, "huyen", office.parent)
    for office in offices:
        if office.level == "xa":
            ctx.units.set_parent(office.code, office.parent)


def _add_subunits(ctx: AppContext, commune: Unit, rng: random.Random) -> list[Unit]:
    place = bare_name(commune.name)
    kind = "phường" if commune.type == "phuong" else "xã"
    result: list[Unit] = []
    if commune.type == "phuong":
        for number in range(1, rng.randint(4, 6) + 1):
            for unit_type, template in C.SUBUNITS_PER_WARD_GROUP:
                result.append(ctx.units.add_subunit(template.format(n=number), unit_type))
    else:
        villages = rng.sample(C.VILLAGES, rng.randint(4, 6))
        if C.VILLAGES[0] not in villages:
            # Every commune has its "Thôn Đông": the same name in different communes
            # must stay apart in every figure (issue 24).
            villages[-1] = C.VILLAGES[0]
        for village in villages:
            for unit_type, template in C.SUBUNITS_PER_VILLAGE:
                result.append(ctx.units.add_subunit(template.format(v=village), unit_type))
    for unit_type, template in C.COMMUNE_BODIES:
        result.append(ctx.units.add_subunit(template.format(c=place, kind=kind), unit_type))
    return result


def _person(rng: random.Random, address: str) -> PersonInput:
    female = rng.random() < 0.55
    name = " ".join([
        rng.choice(C.FAMILY),
        rng.choice(C.MIDDLE_FEMALE if female else C.MIDDLE_MALE),
        rng.choice(C.GIVEN_FEMALE if female else C.GIVEN_MALE),
    ])
    return PersonInput(
        full_name=name, birth_year=rng.randint(1955, 1998), gender="nu" if female else "nam",
        position=rng.choice(C.POSITIONS), address=address,
        phone="09" + "".join(str(rng.randint(0, 9)) for _ in range(8)),
    )


def _registration_date(rng: random.Random, year: int, today: dt.date) -> dt.date:
    day = dt.date(year, 1, 5) + dt.timedelta(days=rng.randint(0, 95))  # to about 10/4
    return min(day, today)


def _add_registrations(ctx: AppContext, commune: Unit, subunits: list[Unit],
                       options: DemoOptions, rng: random.Random) -> None:
    service = ctx.registrations
    years = [options.today.year - 1, options.today.year]
    villages = [u for u in subunits if u.type in ("thon", "to_dan_pho")]
    saved: list[tuple[str, int, int]] = []  # (id, field, year)
    for index in range(options.models):
        field_code = index % 4 + 1
        year = years[0] if rng.random() < 0.4 else years[1]
        reg = service.blank(year)
        reg.field = field_code
        reg.registered_on = _registration_date(rng, year, options.today)
        individual = rng.random() < 0.25
        reg.kind = "dien_hinh" if individual else "mo_hinh"
        if individual:
            reg.subject = "ca_nhan"
            home = rng.choice(villages) if villages else None
            reg.subunit_code = home.code if home else None
            reg.person = _person(rng, f"{home.name if home else ''}, {commune.name}".strip(", "))
            # Consent (issue 26): the signed line of the paper form, on the day of the
            # registration; about one in eight without it, as offices still have some
            # (the form warns). Chosen from the name, so the rest of the data stays.
            if sum(map(ord, reg.person.full_name)) % 8:
                reg.person.consent_on = reg.registered_on
                reg.person.consent_how = "phieu_dang_ky"
            honorific = "Bà" if reg.person.gender == "nu" else "Ông"
            reg.name = f"{honorific} {reg.person.full_name} - " + rng.choice(
                C.EXEMPLAR_DEEDS[field_code])
            reg.contact_phone = reg.person.phone
        else:
            reg.subject = "tap_the"
            fitting = [u for u in subunits if u.type in C.REGISTRANT_TYPES[field_code]]
            registrant = rng.choice(fitting or subunits)
            reg.subunit_code = registrant.code
            name, situation, goals, methods, target_group, outputs, targets = rng.choice(
                C.MODELS[field_code])
            reg.name = name
            reg.situation = situation
            reg.goals = goals
            reg.content_methods = methods
            reg.target_group = target_group
            reg.outputs = outputs
            reg.targets = [TargetInput(*t) for t in targets]
            reg.area = f"{registrant.name}, {lower_first(commune.name)}"
            lead, coordinating, participating = rng.choice(C.FORCES)
            reg.force_lead, reg.force_coordinating, reg.force_participating = (
                lead, coordinating, participating)
            reg.resources = rng.choice(C.RESOURCES)
            reg.sustainability = rng.choice(C.SUSTAINABILITY)
            reg.contact_phone = "0229 3" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        reg.receiving_body = service.proposed_receiving_body(reg.subject, reg.subunit_code)
        reg.start_date = dt.date(year, 4, 1)
        reg.end_date = dt.date(year, 12, 31)
        reg.milestones = [
            MilestoneInput(dt.date(year, 4, 30), "Họp triển khai, phân công nhiệm vụ"),
            MilestoneInput(dt.date(year, 6, 30), "Sơ kết 6 tháng, rút kinh nghiệm"),
            MilestoneInput(dt.date(year, 9, 15), "Tự đánh giá, hoàn thiện hồ sơ đề nghị công nhận"),
        ]
        older = [s for s in saved if s[1] == field_code and s[2] < year]
        if older and rng.random() < 0.3:
            reg.mode = "nhan_rong"
            reg.replicates_id = rng.choice(older)[0]
        if rng.random() < 0.2:
            reg.evidence = [service.add_evidence_bytes(
                f"anh-minh-chung-{index + 1}.png", evidence_png(rng, field_code))]
        registration_id = service.save(reg)
        saved.append((registration_id, field_code, year))
    withdrawn = min(len(saved), max(1, len(saved) // 20))  # none of none (--models 0)
    for registration_id, _field_code, _year in rng.sample(saved, withdrawn):
        service.withdraw(registration_id, rng.choice(C.WITHDRAW_REASONS))
    _add_draft(ctx, commune, rng)


def _add_draft(ctx: AppContext, commune: Unit, rng: random.Random) -> None:
    """An unsaved form, as if the clerk's power had gone off mid-typing."""
    name = rng.choice(C.MODELS[2])[0]
    ctx.drafts.save(
        ctx.make_id(), kind="registration", record_id=None,
        title=name,
        content={"name": name, "field": 2, "kind": "mo_hinh", "subject": "tap_the",
                 "situation": "Đang soạn, chưa lưu: " + commune.name},
    )


def load_network(folder: Path) -> dict:
    return json.loads((folder / NETWORK_FILE).read_text(encoding="utf-8"))
