"""Test vectors (docs/vectors/): real files a second implementation must judge as DVK
does, each with the verdict and reason code DVK gives it.

A small three-tier network (province 37, Huyện Yên Mô, Phường Yên Thắng 14725, made by
the demo generator with known keys, a fixed clock and seeded ids) exchanges bundles up
and down; its files become the vectors: the three offices' key cards, a commune's
bundle, the district's bundle forwarding it, the province's bundle down, the
district's bundle down forwarding the province's, an encrypted bundle (with the
district's test key, published), altered bundles, and certificate codes genuine and
forged. `vectors.json` says, for each, which office judges it, what that office knows
(the key cards it enrolled, the vectors it imported before) and what it answers.

`judge()` answers exactly that from the files alone: a fresh office set up as the
vector says (profile, unit tree, enrolled key cards, earlier bundles imported), then
`dvk verify` or `dvk verify-certificate`. The generator writes the answers it gives;
the tests judge the committed files again and compare. The same seed gives the same
bytes, except the encrypted bundle (libsodium draws its keys itself), whose plain
bundle is compared instead.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import random
import tempfile
import zipfile
from pathlib import Path
from typing import Any
from unittest import mock

from app import clock
from app.certificates import codec
from app.context import AppContext
from app.demo import network as demo
from app.demo.recognition import decide_received
from app.domain.registration import Status
from app.domain.units import PROFILE_THREE_TIER, derived_code
from app.filenames import safe_file_name
from app.repositories import sync_tables
from app.signing import crypto
from app.sync import sealed
from app.sync.errors import BundleRefused
from app.sync.writer import build_zip, pack_files

INDEX = "vectors.json"
PASSPHRASE = "demo"
START = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
CHECKED_AT = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
PROVINCE, DISTRICT_NAME, COMMUNE = "37", "Huyện Yên Mô", "14725"
DISTRICT = derived_code(PROVINCE, DISTRICT_NAME)
# Known keys: the seeds are published with the vectors (test keys, never real ones).
SEEDS = {PROVINCE: bytes(range(1, 33)), DISTRICT: bytes(range(33, 65)),
         COMMUNE: bytes(range(65, 97))}
OFFICES = [(PROVINCE, "tinh", None), (DISTRICT, "huyen", PROVINCE),
           (COMMUNE, "xa", DISTRICT)]


@dataclasses.dataclass
class Vector:
    name: str
    kind: str  # key_card | bundle | certificate
    verifier: str = ""  # the office that judges it
    after: list[str] = dataclasses.field(default_factory=list)  # bundles it imported first
    note: str = ""
    outcome: str = ""
    reason: str = ""

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v not in ("", [])}


# -- a network with known keys --------------------------------------------------------------
def _named(stem: str, suffix: str) -> str:
    return safe_file_name(stem, suffix=suffix)


def card_name(code: str) -> str:
    """The key card vector of an office: key-card-<code>.dvkkey."""
    return _named(f"key-card-{code}", ".dvkkey")


class _Lines:
    """Sequence lines from a seed instead of the system's randomness: stands in for
    the `secrets` module of app.repositories.sync_tables only, so that nothing else that draws
    random names (a backup's temporary file...) moves the sequence."""

    def __init__(self) -> None:
        self.rng = random.Random("dvk-vectors-lines")

    def token_hex(self, _n: int = 8) -> str:
        return f"{self.rng.getrandbits(64):016x}"


@contextlib.contextmanager
def _known_randomness():
    with mock.patch.object(sync_tables, "secrets", _Lines()):
        yield


class _Net:
    def __init__(self, folder: Path):
        self.folder = folder
        self.time = START

    def path(self, code: str) -> Path:
        return self.folder / _named(code, ".sqlite")

    def open(self, code: str) -> AppContext:
        return AppContext.open(self.path(code), actor="vectors")

    def tick(self, hours: int = 1) -> None:
        self.time += dt.timedelta(hours=hours)
        clock.set_fixed(self.time)


def _tree(ctx: AppContext, code: str) -> None:
    """The office's unit tree as the vectors describe it (docs/vectors/README.md)."""
    level = dict((c, lv) for c, lv, _p in OFFICES)[code]
    if level == "xa":
        ctx.setup.configure(profile=PROFILE_THREE_TIER, unit_code=code,
                            district_name=DISTRICT_NAME)
    elif level == "huyen":
        ctx.setup.configure(profile=PROFILE_THREE_TIER, new_unit_name=DISTRICT_NAME,
                            new_unit_type="huyen", parent_code=PROVINCE)
    else:
        ctx.setup.configure(profile=PROFILE_THREE_TIER, unit_code=code)
    if ctx.units.get(DISTRICT) is None:
        ctx.units.add_unit(DISTRICT_NAME, "huyen", PROVINCE)
    ctx.units.set_parent(COMMUNE, DISTRICT)


def _build(folder: Path) -> dict[str, bytes]:
    """Run the network; return the vector files by name."""
    net = _Net(folder)
    files: dict[str, bytes] = {}
    options = demo.DemoOptions(profile=PROFILE_THREE_TIER, communes=1, models=4, seed=20,
                               today=START.date())
    clock.set_fixed(START)
    for index, (code, level, _parent) in enumerate(OFFICES):
        rng = random.Random(f"vectors:{code}")
        with net.open(code) as ctx, ctx.transaction():
            ctx.make_id = demo.SeededIds(random.Random(f"ids:{code}"))
            _tree(ctx, code)
            if level == "xa":
                unit = ctx.units.office()
                subunits = demo._add_subunits(ctx, unit, rng)
                demo._add_registrations(ctx, unit, subunits, options, rng)
                demo.add_score_sheets(ctx, options.today.year, rng)
        if level == "xa":
            with net.open(code) as ctx:
                ctx.make_id = demo.SeededIds(random.Random(f"ids2:{code}"))
                demo.add_commune_recognition(ctx, options.today, random.Random(f"rec:{index}"))
    net.tick()
    for code, _level, _parent in OFFICES:
        with net.open(code) as ctx:
            ctx.keys.create(PASSPHRASE, demo=True, seed=SEEDS[code])
            card = ctx.keys.write_card(folder / _named(code, ".dvkkey"), PASSPHRASE)
            files[card_name(code)] = (folder / _named(code, ".dvkkey")).read_bytes()
            assert card.key_id == crypto.key_id(bytes(crypto_public(SEEDS[code])))
    net.tick()
    for code, _level, parent in OFFICES:
        if parent is None:
            continue
        for office, other in ((code, parent), (parent, code)):
            with net.open(office) as ctx:
                card = ctx.keys.read_card(folder / f"{other}.dvkkey")
                ctx.keys.trust(folder / f"{other}.dvkkey", card.fingerprint)

    def hop(sender: str, recipient: str, name: str, *, encrypt: bool = False,
            decide: bool = False) -> None:
        net.tick()
        if decide:
            with net.open(sender) as ctx:
                ctx.make_id = demo.SeededIds(random.Random(f"decide:{sender}"))
                decide_received(ctx, options.today, random.Random(f"decide:{sender}"))
        with net.open(sender) as ctx:
            path = ctx.sync.export(recipient, folder / name, passphrase=PASSPHRASE,
                                   encrypt=encrypt).path
        files[name] = path.read_bytes()
        with net.open(recipient) as ctx:
            ctx.sync.import_bundle(path, passphrase=PASSPHRASE if encrypt else None)

    hop(COMMUNE, DISTRICT, "commune-up.dvk")
    hop(DISTRICT, PROVINCE, "relayed-up.dvk", decide=True)
    hop(PROVINCE, DISTRICT, "province-down.dvk", decide=True)
    hop(DISTRICT, COMMUNE, "downward.dvk")
    with net.open(COMMUNE) as ctx:
        _touch(ctx)
    hop(COMMUNE, DISTRICT, "commune-up-encrypted.dvk", encrypt=True)
    files.update(_altered(files))
    files.update(_codes(net))
    return files


def crypto_public(seed: bytes) -> bytes:
    import nacl.signing

    return nacl.signing.SigningKey(seed).verify_key.encode()


def _touch(ctx: AppContext) -> None:
    row = ctx.db.execute("SELECT id FROM registrations WHERE origin = ? AND status = ?"
                         " ORDER BY id LIMIT 1", [ctx.office_code, Status.REGISTERED]).fetchone()
    reg = ctx.registrations.to_input(row[0])
    reg.outputs = (reg.outputs + "\nĐã có thêm 12 hộ tham gia.").strip()
    ctx.registrations.save(reg, row[0])


def _altered(files: dict[str, bytes]) -> dict[str, bytes]:
    good = files["commune-up.dvk"]
    flipped = bytearray(good)
    flipped[len(flipped) // 2] ^= 0x01
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    manifest = members[0][1]
    signature = bytearray(members[1][1])
    signature[5] ^= 0x01  # a bit of the signature itself; the zip stays well formed
    forged = build_zip(manifest, bytes(signature), pack_files(members[2:]))
    # The same content signed by another office's key (the province's)
    other = build_zip(manifest, crypto_signer(SEEDS[PROVINCE])(manifest),
                      pack_files(members[2:]))
    return {"altered-byte.dvk": bytes(flipped), "altered-signature.dvk": forged,
            "signed-by-another-key.dvk": other, "truncated.dvk": good[: len(good) // 3]}


def _codes(net: _Net) -> dict[str, bytes]:
    """Certificate codes, one per line: genuine ones of the three offices and forged
    ones of every kind."""
    lines: list[tuple[str, str]] = []
    for office in (COMMUNE, DISTRICT, PROVINCE):
        with net.open(office) as ctx:
            codes = ctx.certificate_codes
            summary = codes.summary_for_issued_item(office)
            if summary is None:
                continue
            signer = codes.signer(PASSPHRASE)
            genuine = codes.payload(summary, signer)
            lines.append((f"genuine-{office}", genuine))
            if office != COMMUNE:
                continue
            decoded = codec.decode(genuine)
            lines += [
                ("link", "https://dvk.ninhbinh.gov.vn/xac-minh.html#" + genuine),
                ("altered-registrant", codec.encode(codec.fit(dataclasses.replace(
                    decoded.summary, registrant="Ông Nguyễn Văn Giả")),
                    lambda _m, sig=decoded.signature: sig)),
                ("wrong-level", codes.payload(dataclasses.replace(summary, level="tinh"),
                                              signer)),
                ("wrong-decision", codes.payload(dataclasses.replace(
                    summary, model_id="6f1c2a4e-8b3d-4c5e-9f70-112233445566"), signer)),
                ("wrong-unit", codes.payload(dataclasses.replace(summary, unit_code="00004"),
                                             signer)),
                ("wrong-issuer", codec.encode(codec.fit(dataclasses.replace(
                    decoded.summary, issuer_unit_code=DISTRICT)), signer.sign)),
                ("too-long", codec.encode(dataclasses.replace(
                    decoded.summary, model_name=decoded.summary.model_name + " x" * 40),
                    signer.sign)),
                ("not-nfc", codec.encode(dataclasses.replace(
                    decoded.summary, registrant="Chi hội Phu\u0323 nữ"), signer.sign)),
                ("unknown-level", codec.encode(dataclasses.replace(
                    decoded.summary, level="trung_uong"), signer.sign)),
                ("unknown-key", codec.encode(dataclasses.replace(
                    decoded.summary, issuer_key_id=crypto.key_id(crypto_public(bytes(32)))),
                    crypto_signer(bytes(32)))),
                ("newer-format", "DVK2:" + genuine[5:]),
                ("not-a-code", "https://example.org/"),
                ("cut-short", genuine[:-10]),
            ]
    text = "".join(f"{name}\t{code}\n" for name, code in lines)
    return {"certificate-codes.tsv": text.encode("utf-8")}


def crypto_signer(seed: bytes):
    import nacl.signing

    key = nacl.signing.SigningKey(seed)
    return lambda message: key.sign(message).signature


# -- the index ---------------------------------------------------------------------------------
def vectors() -> list[Vector]:
    """Every vector, who judges it, after importing what."""
    cards = [Vector(card_name(code), "key_card",
                     note="genuine key card (fingerprint in vectors.json)") for code in SEEDS]
    up = [DISTRICT, []]
    bundles = [
        Vector("commune-up.dvk", "bundle", *up, note="a commune's bundle to its district"),
        Vector("relayed-up.dvk", "bundle", PROVINCE, [],
               note="the district's bundle up, forwarding the commune's (relayed/)"),
        Vector("province-down.dvk", "bundle", DISTRICT, ["commune-up.dvk"],
               note="the province's decisions and settings down to the district"),
        Vector("downward.dvk", "bundle", COMMUNE, [],
               note="the district's bundle down, forwarding the province's"),
        Vector("commune-up-encrypted.dvk", "bundle", DISTRICT, ["commune-up.dvk"],
               note="encrypted to the district's key (test key in vectors.json)"),
        Vector("altered-byte.dvk", "bundle", *up, note="commune-up.dvk with one bit flipped"),
        Vector("altered-signature.dvk", "bundle", *up,
               note="commune-up.dvk with a bit of manifest.sig flipped"),
        Vector("signed-by-another-key.dvk", "bundle", *up,
               note="commune-up.dvk signed with the province's key"),
        Vector("truncated.dvk", "bundle", *up, note="the first third of commune-up.dvk"),
        Vector("commune-up.dvk", "bundle", PROVINCE, [],
               note="the commune's bundle taken straight to the province"),
    ]
    return cards + bundles


CODE_VERIFIERS = [(COMMUNE, ["downward.dvk"]), (PROVINCE, ["relayed-up.dvk"])]


# -- judging ------------------------------------------------------------------------------------
def _fresh(folder: Path, office: str, vectors_dir: Path, after: list[str]) -> Path:
    """A new office as the vector describes it: its tree, the key cards of its parent
    and children enrolled after comparing fingerprints, its own test key, and the
    earlier bundles imported."""
    path = folder / _named(f"judge-{office}-{'-'.join(after) or 'fresh'}", ".sqlite")
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with AppContext.open(path, actor="judge") as ctx:
        _tree(ctx, office)
        ctx.keys.create(PASSPHRASE, demo=True, seed=SEEDS[office])
        relatives = [c for c, _lv, parent in OFFICES
                     if parent == office or dict((x, p) for x, _l, p in OFFICES)[office] == c]
        for other in relatives:
            card_path = vectors_dir / card_name(other)
            card = ctx.keys.read_card(card_path)
            ctx.keys.trust(card_path, card.fingerprint)
        for name in after:
            ctx.sync.import_bundle(vectors_dir / name, passphrase=PASSPHRASE)
    return path


def judge(vectors_dir: Path, vector: Vector, work: Path) -> tuple[str, str]:
    """(outcome, reason) a fresh office gives the vector's file."""
    previous = clock.now() if clock._fixed else None
    clock.set_fixed(CHECKED_AT)
    try:
        if vector.kind == "key_card":
            try:
                crypto.read_card((vectors_dir / vector.name).read_bytes())
            except crypto.BadCard as error:
                return "refused", str(error)
            return "accepted", "genuine"
        path = _fresh(work, vector.verifier, vectors_dir, vector.after)
        with AppContext.open(path, actor="judge") as ctx:
            try:
                ctx.sync.verify(vectors_dir / vector.name, PASSPHRASE)
            except BundleRefused as error:
                return "refused", error.reason
            # Any other failure (DvkError included) is no verdict: it propagates with its
            # message, so neither the generator nor the tests turn it into an answer.
        return "accepted", "accepted"
    finally:
        clock.set_fixed(previous)


def judge_codes(vectors_dir: Path, work: Path) -> list[dict[str, str]]:
    """The verdict on every code of certificate-codes.tsv at each code verifier."""
    previous = clock.now() if clock._fixed else None
    clock.set_fixed(CHECKED_AT)
    try:
        lines = [line.split("\t", 1) for line in (vectors_dir / "certificate-codes.tsv")
                 .read_text(encoding="utf-8").splitlines() if line]
        result = []
        for office, after in CODE_VERIFIERS:
            path = _fresh(work, office, vectors_dir, after)
            with AppContext.open(path, actor="judge") as ctx:
                for name, code in lines:
                    v = ctx.certificate_codes.verify_text(code)
                    result.append({"name": name, "verifier": office, "outcome": v.outcome,
                                   "reason": v.reason})
        return result
    finally:
        clock.set_fixed(previous)


# -- writing ------------------------------------------------------------------------------------
def index(vectors_dir: Path, work: Path) -> dict[str, Any]:
    entries = []
    for vector in vectors():
        outcome, reason = judge(vectors_dir, vector, work)
        entries.append(dataclasses.replace(vector, outcome=outcome, reason=reason).as_json())
    cards = {}
    for code in SEEDS:
        card = crypto.read_card((vectors_dir / card_name(code)).read_bytes())
        cards[code] = {"key_id": card.key_id, "fingerprint": card.fingerprint,
                       "public_key": card.public_key.hex()}
    encrypted = (vectors_dir / "commune-up-encrypted.dvk").read_bytes()
    header = sealed.read_header(encrypted)
    return {
        "format": "dvk-vectors", "format_version": 1,
        "generated_by": "python tools/openformat.py",
        "checked_at": CHECKED_AT.isoformat().replace("+00:00", "Z"),
        "tree": {"profile": PROFILE_THREE_TIER, "units_file": "resources/units-2025.json",
                 "added": [{"code": DISTRICT, "name": DISTRICT_NAME, "type": "huyen",
                            "level": "huyen", "parent": PROVINCE}],
                 "parents": {COMMUNE: DISTRICT}},
        "offices": {code: {"level": level, "parent": parent, **cards[code]}
                    for code, level, parent in OFFICES},
        "test_keys": {
            "note": "Ed25519 seeds of the test offices (32 bytes, hex): never real keys. "
                    "The encrypted bundle opens with the district's: its X25519 private "
                    "key is crypto_sign_ed25519_sk_to_curve25519(seed || public key).",
            "seeds": {code: seed.hex() for code, seed in SEEDS.items()}},
        "encrypted": {"file": "commune-up-encrypted.dvk", "recipient": header.recipient,
                      "key_id": header.key_id, "plain_size": header.size,
                      "header": header.raw.decode("utf-8")},
        "vectors": entries,
        "certificate_codes": {"file": "certificate-codes.tsv",
                              "verdicts": judge_codes(vectors_dir, work)},
    }


def build(target: Path) -> list[str]:
    """Make every vector file and vectors.json in `target`; return the names written."""
    target.mkdir(parents=True, exist_ok=True)
    previous = clock.now() if clock._fixed else None
    with tempfile.TemporaryDirectory(prefix="dvk-vectors-") as temp, _known_randomness():
        work = Path(temp)
        try:
            files = _build(_mkdir(work / "net"))
        finally:
            clock.set_fixed(previous)
        written = []
        for name, data in sorted(files.items()):
            path = target / name
            if name == "commune-up-encrypted.dvk" and path.exists() and \
                    _same_plain(path.read_bytes(), data):
                continue  # libsodium's fresh randomness: keep the committed file
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
                written.append(name)
        text = json.dumps(index(target, _mkdir(work / "judge")), ensure_ascii=False,
                          indent=2) + "\n"
        if not (target / INDEX).exists() or (target / INDEX).read_text(encoding="utf-8") \
                != text:
            (target / INDEX).write_text(text, encoding="utf-8")
            written.append(INDEX)
    return written


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_test_bundle(data: bytes) -> bytes:
    """The plain bundle inside the encrypted vector, opened with the district's test key."""
    import nacl.signing

    return sealed.open_sealed(data, nacl.signing.SigningKey(SEEDS[DISTRICT]))


def _same_plain(old: bytes, new: bytes) -> bool:
    try:
        return open_test_bundle(old) == open_test_bundle(new)
    except sealed.SealError:
        return False


def write(target: Path) -> list[str]:
    return build(target)
