"""A long fuzz run of the certificate verifier (the test suite runs ~600 cases).

    python bench/fuzz_certificates.py [--cases 100000] [--seed 1]

Five kinds of input, a fifth each: any text (letters, Vietnamese, symbols, control
characters); "DVK1:" and random base64url characters; "DVK1:" and the base64url of
random bytes (so the binary parser is reached every time); real signed codes with
one to four mutations (characters replaced, deleted, inserted, bits flipped, cut
short); and real codes with one field changed and the original signature kept (well
formed, so the signature check itself is reached every time). Every case is checked at the signing commune and at its province (which trusts
the commune's key). Holds when: no exception escapes, every answer is one of the
three verdicts, the data files are not written (total_changes stays 0), and nothing
but the untouched code (spaces aside) is ever called genuine.
"""

from __future__ import annotations

import argparse
import base64
import collections
import dataclasses
import datetime as dt
import random
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.certificates import codec, verify
from app.certificates.model import CertificateSummary
from app.context import AppContext
from tests.certificates.mutations import flip_bit

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
TEXT = B64 + " .,:;/+=-_\n\t\x00\x7f\x85…Đđàáảãạăằắẳẵặâầấẩẫậưừứửữựỳýỷỹỵ€漢😀\ufeff\u200b"
FIELD_TEXT = "".join(ch for ch in TEXT if ch.isprintable())  # what a signed field may hold


def _offices(folder: Path) -> tuple[AppContext, AppContext, list[str]]:
    commune = AppContext.open(folder / "xa.sqlite", actor="fuzz")
    commune.setup.configure(profile="hai_cap", unit_code="14725")
    province = AppContext.open(folder / "tinh.sqlite", actor="fuzz")
    province.setup.configure(profile="hai_cap", unit_code="37")
    public = bytes.fromhex(commune.keys.create("fuzz", demo=True).public_key)
    province.keys.trust_public_key("14725", "Phường Yên Thắng", public)
    signer = commune.certificate_codes.signer("fuzz")
    codes = []
    for index, (model, registrant) in enumerate([
            ("Dân vận khéo trong giải phóng mặt bằng đường ven biển", "Chi bộ tổ dân phố số 2"),
            ("Camera an ninh - Mắt thần khu phố", "Công an phường Yên Thắng"),
            ("Vận động hiến đất mở rộng đường thôn", "Bà Trần Thị Ánh Tuyết")]):
        codes.append(commune.certificate_codes.payload(CertificateSummary(
            unit_code="14725", unit_name="Phường Yên Thắng", model_id=str(uuid.uuid4()),
            model_name=model, registrant=registrant, level="xa", year=2025,
            decision_number="05-QĐ/BCĐ", decision_date=dt.date(2025, 10, 5),
            certificate_number=f"{index + 1:02d}/GCN"), signer))
    return commune, province, codes


def _mutate(rng: random.Random, text: str) -> str:
    for _step in range(rng.randint(1, 4)):
        kind = rng.choice(("replace", "delete", "insert", "flip", "truncate"))
        index = rng.randrange(len(text) + 1)
        if kind == "flip":
            text = flip_bit(text, rng.randrange(codec.MAX_CHARS), rng.randrange(8))
        elif kind == "replace" and index < len(text):
            text = text[:index] + rng.choice(TEXT) + text[index + 1:]
        elif kind == "delete":
            text = text[:index] + text[index + rng.randint(1, 30):]
        elif kind == "insert":
            text = text[:index] + "".join(rng.choices(TEXT, k=rng.randint(1, 8))) + text[index:]
        elif kind == "truncate":
            text = text[:index]
    return text


def _changed_field(rng: random.Random, original: str) -> str:
    decoded = codec.decode(original)
    summary = decoded.summary
    field = rng.choice([*codec.TEXT_FIELDS, "year", "decision_date", "model_id",
                        "issuer_key_id"])
    if field == "year":
        value = rng.randint(1, 65535)
    elif field == "decision_date":
        value = rng.choice([None, codec.EPOCH + dt.timedelta(days=rng.randint(1, 65535))])
    elif field == "model_id":
        value = str(uuid.UUID(bytes=rng.randbytes(16)))
    elif field == "issuer_key_id":
        value = rng.randbytes(8).hex()
    else:
        value = "".join(rng.choices(FIELD_TEXT, k=rng.randint(0, 40)))
    changed = dataclasses.replace(summary, **{field: value})
    if changed == summary:
        changed = dataclasses.replace(summary, year=summary.year + 1)
    return codec.encode(changed, lambda _message: decoded.signature)


def _case(rng: random.Random, codes: list[str]) -> tuple[str, str, str | None]:
    """(kind, text, the real code it came from or None)."""
    kind = rng.randrange(5)
    if kind == 4:
        return "real code, a field changed", _changed_field(rng, rng.choice(codes)), None
    if kind == 0:
        return "any text", "".join(rng.choices(TEXT, k=rng.randint(0, 400))), None
    if kind == 1:
        return "DVK1: + base64 chars", codec.MAGIC + "".join(
            rng.choices(B64, k=rng.randint(0, 420))), None
    if kind == 2:
        raw = rng.randbytes(rng.randint(0, 300))
        return "DVK1: + random bytes", codec.MAGIC + base64.urlsafe_b64encode(raw).rstrip(
            b"=").decode(), None
    original = rng.choice(codes)
    return "mutated real code", _mutate(rng, original), original


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures: list[str] = []
    outcomes: collections.Counter = collections.Counter()
    reasons: collections.Counter = collections.Counter()
    kinds: collections.Counter = collections.Counter()
    unchanged_genuine = 0
    with tempfile.TemporaryDirectory() as scratch:
        commune, province, codes = _offices(Path(scratch))
        before = (commune.db.conn.total_changes, province.db.conn.total_changes)
        start = time.perf_counter()
        for number in range(args.cases):
            kind, text, original = _case(rng, codes)
            kinds[kind] += 1
            for ctx in (commune, province):
                try:
                    verdict = ctx.certificate_codes.verify_text(text)
                    verdict.content()
                    verdict.as_dict()
                except Exception:  # the point of the run: none may escape
                    failures.append(f"case {number} ({kind}): {text!r}\n"
                                    f"{traceback.format_exc()}")
                    continue
                outcomes[verdict.outcome] += 1
                reasons[verdict.reason] += 1
                if verdict.outcome not in (verify.GENUINE, verify.NOT_GENUINE,
                                           verify.CANNOT_CONFIRM):
                    failures.append(f"case {number}: odd outcome {verdict.outcome}")
                if verdict.genuine:
                    if original is None or "".join(text.split()) != original:
                        failures.append(f"case {number} ({kind}) called genuine: {text!r}")
                    else:
                        unchanged_genuine += 1
        elapsed = time.perf_counter() - start
        written = (commune.db.conn.total_changes - before[0],
                   province.db.conn.total_changes - before[1])
        commune.close()
        province.close()
    checks = 2 * args.cases
    print(f"cases: {args.cases:,} ({checks:,} verifications, seed {args.seed}) in "
          f"{elapsed:.1f} s, {elapsed / checks * 1e6:.0f} µs per verification")
    print("inputs: " + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items())))
    print("verdicts: " + ", ".join(f"{k} {v:,}" for k, v in sorted(outcomes.items())))
    print("reasons: " + ", ".join(f"{k} {v:,}" for k, v in reasons.most_common()))
    print(f"genuine only for untouched codes (spaces aside): {unchanged_genuine:,}")
    print(f"rows written while checking: {written[0] + written[1]}")
    print(f"unhandled exceptions or wrong verdicts: {len(failures)}")
    for failure in failures[:5]:
        print(failure)
    ok = not failures and written == (0, 0)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
