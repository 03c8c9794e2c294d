"""Benchmark databases: N registrations of a national-size office, built fast and cached.

    python bench/datasets.py 1m          # build (or find) the 1,000,000-row file
    python bench/datasets.py 10k 100k    # the growth sizes

The file is a real DVK database: `AppContext.open` creates it (migrations, shipped unit
list of 34 provinces and 3,321 communes) and sets it up as a province office. Every
commune gets its villages, cells, branches and bodies as sub-units, as its office would
send them up; the registrations of all communes over the periods 2021-2025 and
2026-2030 are written with executemany in big transactions, with every column the
registration service writes (`name_fold`, `registrant_fold` and `search_words` computed
by the same functions) and the full-text index filled by the schema's own triggers.
Only this builder relaxes durability pragmas (nothing here needs a power-cut promise).

The schema has no national level, so the office is a province (Ninh Bình, the demo
network's province) holding the registrations of the other 33 provinces' 3,192 communes:
what matters for speed is the number of rows, the spread of words and the shape of the
tree. Ninh Bình's own 129 communes are left out: their year comes in as the demo
generator's real commune bundles (`bench/province.py`), imported by `bench_bundles.py`
into a copy of the national file, as a national body would receive a province. Child
rows (targets, milestones, evidence) and the audit log are left empty: neither the list
nor the search reads them.

Files are cached under bench/.cache/ keyed by N, DATASET_VERSION and the schema's
migration names, so reruns are instant and a new migration gets a fresh file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import shutil
import sys
import time
import uuid
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app import clock  # noqa: E402
from app.context import AppContext  # noqa: E402
from app.demo import content as C  # noqa: E402
from app.domain.text import fold  # noqa: E402
from app.domain.units import PROFILE_TWO_TIER, Unit, bare_name, receiving_body  # noqa: E402
from app.paths import resource  # noqa: E402
from app.repositories.registrations import search_words  # noqa: E402
from db.migrations import SCHEMA_NAMES  # noqa: E402

# Bump when the generated content changes, so cached files are rebuilt.
DATASET_VERSION = "4"
CACHE = Path(__file__).resolve().parent / ".cache"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
OFFICE_CODE = "37"  # Ninh Bình, the demo province (its communes come as bundles)
YEARS = range(2021, 2031)
ACTOR = "bench"
BATCH = 20_000

# More words than the demo pools, so searches have the selectivity of real data:
# common words ("dân", "văn", "thôn") match most rows, names and places far fewer.
EXTRA_MODELS: dict[int, list[str]] = {
    1: ["Chi hội nông dân liên kết chăn nuôi bò sinh sản",
        "Hợp tác xã nuôi trồng thủy sản nước ngọt",
        "Vận động nhân dân chuyển đổi cơ cấu cây trồng trên đất lúa kém hiệu quả",
        "Phát triển sản phẩm OCOP từ đặc sản địa phương",
        "Tổ tiết kiệm và vay vốn giúp nhau làm kinh tế",
        "Vườn mẫu nông thôn mới kiểu mẫu",
        "Làng nghề mây tre đan xuất khẩu tạo việc làm cho lao động nông thôn",
        "Cánh đồng mẫu lớn liên kết sản xuất lúa chất lượng cao",
        "Trồng rừng gỗ lớn gắn với bảo vệ rừng đầu nguồn",
        "Du lịch cộng đồng homestay bản làng"],
    2: ["Khu dân cư văn hóa, gia đình văn hóa tiêu biểu",
        "Câu lạc bộ dân ca, dân vũ giữ gìn bản sắc dân tộc",
        "Nhà văn hóa thôn sạch đẹp, hoạt động hiệu quả",
        "Chung tay xóa nhà tạm, nhà dột nát cho hộ nghèo",
        "Vận động học sinh đến trường, chống bỏ học giữa chừng",
        "Tiếng kẻng vệ sinh môi trường ngày thứ Bảy",
        "Câu lạc bộ dưỡng sinh người cao tuổi",
        "Nuôi heo đất giúp học sinh nghèo vượt khó",
        "Bếp ăn bán trú cho học sinh vùng cao",
        "Vận động tiêm chủng đầy đủ cho trẻ em dưới năm tuổi",
        "Ngày Chủ nhật xanh thu gom rác thải nhựa"],
    3: ["Tổ an ninh xung kích tự quản giữ gìn trật tự thôn xóm",
        "Khu dân cư không có tội phạm và tệ nạn xã hội",
        "Phòng chống ma túy từ gia đình",
        "Tiếng loa an ninh trật tự hằng tuần",
        "Tổ liên gia tự quản phòng cháy chữa cháy",
        "Dòng họ không có người vi phạm pháp luật",
        "Tuần tra kiểm soát biên giới cùng đồn biên phòng",
        "Hỗ trợ nhân dân phòng chống thiên tai, lũ lụt",
        "Zalo an ninh kết nối công an với nhân dân"],
    4: ["Chi bộ bốn tốt, đảng viên gương mẫu nơi cư trú",
        "Tiếp công dân và giải quyết khiếu nại ngay từ cơ sở",
        "Số hóa hồ sơ đảng viên, sinh hoạt chi bộ trực tuyến",
        "Ngày thứ Bảy cùng dân làm dịch vụ công trực tuyến",
        "Mặt trận lắng nghe ý kiến nhân dân trước kỳ họp",
        "Giám sát đầu tư của cộng đồng đối với công trình xây dựng",
        "Cán bộ đi từng ngõ, gõ từng nhà vận động nhân dân",
        "Hòm thư góp ý điện tử của Đảng ủy"],
}
EXTRA_VILLAGES = [
    "Mới", "Chùa", "Bến", "Làng Hạ", "Làng Thượng", "An Lạc", "An Phú", "Hòa Bình",
    "Hòa Lạc", "Thanh Bình", "Tân Lập", "Tân Hòa", "Vĩnh Phúc", "Phú Xuân", "Bình An",
    "Bình Minh", "Hưng Thịnh", "Kim Liên", "Ngọc Lâm", "Đồng Xuân", "Mỹ Hòa", "Quang Trung",
    "Lê Lợi", "Trần Phú", "Nà Lừa", "Phố Cũ", "Cốc Lùng", "Tân Thạnh", "Long Hòa",
    "Khe Sanh", "Đồng Mới", "Yên Thịnh", "Trại", "Cầu",
]
EXTRA_GIVEN_MALE = ["An", "Bảo", "Chiến", "Đạt", "Đông", "Giang", "Hiếu", "Hòa", "Huy",
                    "Kiên", "Lâm", "Mạnh", "Nam", "Nhân", "Phong", "Quân", "Tài", "Thành",
                    "Trung", "Việt", "Vinh", "Khánh", "Kheo", "Đoàn", "Tâm"]
EXTRA_GIVEN_FEMALE = ["Anh", "Bích", "Chi", "Dung", "Giang", "Hằng", "Hiền", "Hoài",
                      "Hồng", "Khánh", "Linh", "Loan", "My", "Ngân", "Oanh", "Phương",
                      "Quyên", "Tâm", "Thơ", "Trang", "Tuyết", "Uyên", "Xuân", "Hòa", "Hoa"]
# Family names with their share of the population (%): Nguyễn is four people in ten.
FAMILY_SHARES = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 4, "Huỳnh": 1, "Phan": 4.5,
    "Vũ": 3, "Võ": 1, "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1,
    "Lý": 0.5, "Đinh": 0.6, "Mai": 0.5, "Trịnh": 0.5, "Lương": 0.4, "Tạ": 0.3, "Cao": 0.4,
    "Chu": 0.3, "Hà": 0.5, "Lưu": 0.3, "Tô": 0.3, "Lò": 0.3, "Triệu": 0.3, "Nông": 0.3,
    "Quách": 0.2, "Kiều": 0.2,
}
NAME_SUFFIXES = ["", "", "", " tại {sub}", " ở {village}", " {kind} {place}",
                 " giai đoạn {period}", " năm {year}"]


def _schema_key() -> str:
    """Changes with any migration (its name or its text)."""
    digest = hashlib.sha256(",".join(SCHEMA_NAMES).encode())
    for module in sorted((ROOT / "db" / "migrations").glob("m*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:8]


def dataset_path(n: int) -> Path:
    schema = _schema_key()
    return CACHE / f"dvk-{n}-v{DATASET_VERSION}-{schema}.sqlite"


def ensure(n: int, *, seed: int = 2025, quiet: bool = False) -> Path:
    """The cached database of `n` registrations, built first if missing."""
    path = dataset_path(n)
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    started = time.perf_counter()
    _build(partial, n, seed, quiet)
    partial.rename(path)
    if not quiet:
        size = path.stat().st_size / 1e6
        print(f"built {path.name}: {n:,} registrations, {size:,.0f} MB in "
              f"{time.perf_counter() - started:,.0f} s", file=sys.stderr)
    return path


# The encrypted copies (issue 26: the cost of encryption at rest): a known passphrase,
# cheap key derivation (its real cost is measured on its own, bench_window's "unlock").
BENCH_PASSPHRASE = "bench-mat-khau"


def ensure_encrypted(n: int, *, quiet: bool = False) -> Path:
    """The cached database of `n` registrations encrypted as `dvk encryption on` does
    it (SQLCipher, a data key wrapped in the key file beside it), built first if missing;
    unlocked for this process."""
    from app import atrest

    plain = ensure(n, quiet=quiet)
    path = plain.with_name(plain.stem + "-ma-hoa.sqlite")
    if not (path.exists() and atrest.key_file(path).exists()):
        started = time.perf_counter()
        partial = plain.with_name(plain.stem + "-ma-hoa.partial")
        for side in (partial, atrest.key_file(partial), path, atrest.key_file(path)):
            side.unlink(missing_ok=True)
        shutil.copyfile(plain, partial)
        atrest.enable(partial, BENCH_PASSPHRASE, fast=True)
        atrest.key_file(partial).rename(atrest.key_file(path))
        partial.rename(path)
        if not quiet:
            print(f"encrypted {path.name} in {time.perf_counter() - started:,.0f} s",
                  file=sys.stderr)
    unlock(path)
    return path


def unlock(path: Path) -> None:
    """Unlock an encrypted data set for this process (no-op for a plain one)."""
    from app import atrest

    if atrest.is_encrypted(path):
        atrest.unlock(path, passphrase=BENCH_PASSPHRASE)


def size_arg(text: str) -> int:
    return SIZES[text.lower()] if text.lower() in SIZES else int(text.replace("_", ""))


# -- building ---------------------------------------------------------------------

class _Ids:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def __call__(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


@lru_cache(maxsize=200_000)
def _fold(text: str) -> str:
    return fold(text)


def _words(name: str, registrant: str, subunit: str | None) -> str:
    """search_words as the service computes it (cached: names repeat a lot)."""
    return _search_words(name, registrant, subunit)


_search_words = lru_cache(maxsize=400_000)(search_words)


def _stamp(day: dt.date, rng: random.Random) -> str:
    moment = dt.datetime.combine(day, dt.time(1, 0)) + dt.timedelta(seconds=rng.randint(0, 36_000))
    return moment.isoformat(timespec="milliseconds") + "Z"


class _Builder:
    def __init__(self, ctx: AppContext, rng: random.Random):
        self.ctx = ctx
        self.db = ctx.db
        self.rng = rng
        self.make_id = _Ids(rng)
        self.rev = 0
        province = ctx.units.office()
        self.province = province
        self.communes = [u for u in json.loads(resource("units-2025.json").read_text("utf-8"))
                         if u["parent"] not in (None, OFFICE_CODE)]

    def next_rev(self) -> int:
        self.rev += 1
        return self.rev

    # Sub-units of every commune, as `network._add_subunits` makes them.
    def subunits(self) -> dict[str, list[tuple[str, str, str]]]:
        rng = self.rng
        now = "2025-07-15T02:00:00.000Z"
        rows = []
        result: dict[str, list[tuple[str, str, str]]] = {}
        pool = C.VILLAGES + EXTRA_VILLAGES
        for commune in self.communes:
            place = bare_name(commune["name"])
            kind = "phường" if commune["type"] == "phuong" else "xã"
            units: list[tuple[str, str]] = []
            if commune["type"] == "phuong":
                for number in range(1, rng.randint(4, 8) + 1):
                    units += [(t, tpl.format(n=number)) for t, tpl in C.SUBUNITS_PER_WARD_GROUP]
            else:
                for village in rng.sample(pool, rng.randint(4, 7)):
                    units += [(t, tpl.format(v=village)) for t, tpl in C.SUBUNITS_PER_VILLAGE]
            units += [(t, tpl.format(c=place, kind=kind)) for t, tpl in C.COMMUNE_BODIES]
            mine = []
            for number, (unit_type, name) in enumerate(units, start=1):
                code = f"{commune['code']}-{number:03d}"
                rows.append((self.make_id(), code, name, unit_type, "coso", commune["code"], 0,
                             _fold(name), commune["code"], now, now, ACTOR, self.next_rev()))
                mine.append((code, name, unit_type))
            result[commune["code"]] = mine
        self.db.conn.executemany(
            "INSERT INTO units (id, code, name, type, level, parent_code, official, name_fold,"
            " origin, created_at, updated_at, updated_by, rev)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return result

    def registrations(self, n: int, subunits: dict[str, list[tuple[str, str, str]]],
                      quiet: bool) -> None:
        rng = self.rng
        communes = self.communes
        weights = [rng.uniform(0.3, 1.7) for _ in communes]
        models = {f: [m[0] for m in C.MODELS[f]] + EXTRA_MODELS[f] for f in C.MODELS}
        details = {f: C.MODELS[f] for f in C.MODELS}
        families = list(FAMILY_SHARES)
        shares = list(FAMILY_SHARES.values())
        male = C.GIVEN_MALE + EXTRA_GIVEN_MALE
        female = C.GIVEN_FEMALE + EXTRA_GIVEN_FEMALE
        bodies: dict[tuple[str, bool], str] = {}
        per_year = [n // len(YEARS) + (1 if i < n % len(YEARS) else 0)
                    for i in range(len(YEARS))]
        seq = 0
        recent: dict[int, list[str]] = {1: [], 2: [], 3: [], 4: []}
        started = time.perf_counter()
        for year, count in zip(YEARS, per_year, strict=True):
            period = "2021-2025" if year <= 2025 else "2026-2030"
            chosen = rng.choices(range(len(communes)), weights=weights, k=count)
            done = 0
            while done < count:
                size = min(BATCH, count - done)
                regs, persons = [], []
                for index in chosen[done:done + size]:
                    seq += 1
                    commune = communes[index]
                    code = commune["code"]
                    place = bare_name(commune["name"])
                    kind_word = "phường" if commune["type"] == "phuong" else "xã"
                    subs = subunits[code]
                    field = rng.randint(1, 4)
                    day = dt.date(year, 1, 5) + dt.timedelta(days=rng.randint(0, 95))
                    stamp = _stamp(day, rng)
                    reg_id = self.make_id()
                    individual = rng.random() < 0.25
                    person_id = None
                    if individual:
                        villages = [s for s in subs if s[2] in ("thon", "to_dan_pho")] or subs
                        sub_code, sub_name, sub_type = rng.choice(villages)
                        female_person = rng.random() < 0.55
                        full = " ".join([
                            rng.choices(families, shares)[0],
                            rng.choice(C.MIDDLE_FEMALE if female_person else C.MIDDLE_MALE),
                            rng.choice(female if female_person else male)])
                        person_id = self.make_id()
                        persons.append((
                            person_id, full, rng.randint(1955, 2000),
                            "nu" if female_person else "nam", rng.choice(C.POSITIONS),
                            f"{sub_name}, {commune['name']}",
                            "09" + str(rng.randint(10_000_000, 99_999_999)),
                            code, stamp, stamp, ACTOR, self.next_rev()))
                        registrant = full
                        name = f"{'Bà' if female_person else 'Ông'} {full} - " + rng.choice(
                            C.EXEMPLAR_DEEDS[field])
                        texts = ("", "", "", f"{sub_name}, {commune['name']}", "", "")
                        forces = ("", "", "")
                        resources = sustainability = ""
                        phone = persons[-1][6]
                    else:
                        fitting = [s for s in subs if s[2] in C.REGISTRANT_TYPES[field]] or subs
                        sub_code, sub_name, sub_type = rng.choice(fitting)
                        registrant = sub_name
                        base = rng.choice(models[field])
                        suffix = rng.choice(NAME_SUFFIXES).format(
                            sub=sub_name[0].lower() + sub_name[1:], year=year, period=period,
                            village=rng.choice(C.VILLAGES + EXTRA_VILLAGES), kind=kind_word,
                            place=place)
                        name = base + suffix
                        if rng.random() < 0.15 and not base.startswith("Dân vận khéo"):
                            name = "Dân vận khéo trong " + name[0].lower() + name[1:]
                        _name, situation, goals, methods, target, outputs, _t = rng.choice(
                            details[field])
                        texts = (situation, goals, methods, f"{sub_name}, {commune['name']}",
                                 target, outputs)
                        forces = rng.choice(C.FORCES)
                        resources = rng.choice(C.RESOURCES)
                        sustainability = rng.choice(C.SUSTAINABILITY)
                        phone = "02" + str(rng.randint(100_000_000, 999_999_999))
                    above = sub_type in ("to_chuc_cap_xa", "luc_luong_vu_trang")
                    body = bodies.get((code, above))
                    if body is None:
                        office = Unit(code=code, name=commune["name"], type=commune["type"],
                                      level="xa", parent_code=commune["parent"])
                        body = bodies[(code, above)] = receiving_body(
                            profile=PROFILE_TWO_TIER, office=office, parent=self.province,
                            registrant_type=sub_type)
                    replicates = None
                    pool = recent[field]
                    if pool and rng.random() < 0.3:
                        replicates = rng.choice(pool)
                    withdrawn = rng.random() < 0.05
                    regs.append((
                        seq, reg_id, year, "dien_hinh" if individual else "mo_hinh",
                        "ca_nhan" if individual else "tap_the", code, sub_code, person_id,
                        registrant, name, field, "nhan_rong" if replicates else "moi",
                        replicates, texts[0], texts[1], texts[2], texts[3], texts[4],
                        forces[0], forces[1], forces[2], resources,
                        f"{year}-04-01", f"{year}-12-31", texts[5], sustainability,
                        day.isoformat(), body, phone,
                        "rut" if withdrawn else "da_dang_ky",
                        rng.choice(C.WITHDRAW_REASONS) if withdrawn else "",
                        f"{year}-06-15" if withdrawn else None,
                        _fold(name), _fold(registrant), _words(name, registrant, sub_name),
                        code, 2 if withdrawn else 1, stamp, stamp, ACTOR, self.next_rev()))
                    if rng.random() < 0.02:
                        pool.append(reg_id)
                        if len(pool) > 500:
                            del pool[:250]
                with self.ctx.transaction():
                    self.db.conn.executemany(_PERSON_SQL, persons)
                    self.db.conn.executemany(_REGISTRATION_SQL, regs)
                done += size
                if not quiet:
                    rate = seq / max(time.perf_counter() - started, 1e-9)
                    print(f"\r  {seq:,}/{n:,} registrations ({rate:,.0f}/s)", end="",
                          file=sys.stderr, flush=True)
        if not quiet:
            print(file=sys.stderr)


_REGISTRATION_COLUMNS = (
    "seq, id, year, kind, subject, unit_code, subunit_code, person_id, registrant, name,"
    " field, mode, replicates_id, situation, goals, content_methods, area, target_group,"
    " force_lead, force_coordinating, force_participating, resources, start_date, end_date,"
    " outputs, sustainability, registered_on, receiving_body, contact_phone, status,"
    " withdraw_reason, withdrawn_on, name_fold, registrant_fold, search_words, origin,"
    " version, created_at, updated_at, updated_by, rev"
)
_REGISTRATION_SQL = (
    f"INSERT INTO registrations ({_REGISTRATION_COLUMNS}) VALUES"
    f" ({', '.join('?' * len(_REGISTRATION_COLUMNS.split(',')))})"
)
_PERSON_SQL = (
    "INSERT INTO persons (id, full_name, birth_year, gender, position, address, phone, origin,"
    " created_at, updated_at, updated_by, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _build(path: Path, n: int, seed: int, quiet: bool) -> None:
    rng = random.Random(seed)
    clock.set_fixed(dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC))
    try:
        with AppContext.open(path, actor=ACTOR) as ctx:
            ctx.make_id = _Ids(random.Random(rng.getrandbits(64)))
            ctx.setup.configure(profile=PROFILE_TWO_TIER, unit_code=OFFICE_CODE)
            conn = ctx.db.conn
            # Bench builder only: the data is generated, so no power-cut promise is needed.
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA cache_size = -400000")
            conn.execute("PRAGMA foreign_keys = OFF")
            builder = _Builder(ctx, rng)
            with ctx.transaction():
                subunits = builder.subunits()
            # Indexes are built once at the end (same definitions), not row by row.
            indexes = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name = 'registrations' AND sql IS NOT NULL").fetchall()
            with ctx.transaction():
                for name, _sql in indexes:
                    conn.execute(f"DROP INDEX [{name}]")
            builder.registrations(n, subunits, quiet)
            with ctx.transaction():
                for _name, sql in indexes:
                    conn.execute(sql)
            with ctx.transaction():
                builder.db.execute("UPDATE sync_clock SET rev = ? WHERE id = 1", [builder.rev])
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        clock.set_fixed(None)


def main(argv: list[str]) -> int:
    for text in argv or ["10k"]:
        print(ensure(size_arg(text)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
