"""Reading bundles the way a second implementation would: zip and JSON only."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from app.context import AppContext
from app.sync import sealed

DEMO_PASSPHRASE = "demo"


def plain_bytes(path: Path, network: Path | None = None) -> bytes:
    """The bundle's bytes; an encrypted one opened with its recipient's demo key."""
    data = path.read_bytes()
    if not sealed.is_sealed(data):
        return data
    header = sealed.read_header(data)
    offices = json.loads((network / "network.json").read_text(encoding="utf-8"))["offices"]
    office = next(o for o in offices if o["code"] == header.recipient)
    with AppContext.open(network / office["db"], actor="test") as ctx:
        signing = ctx.keys.unlock_key(header.key_id, DEMO_PASSPHRASE)
    return sealed.open_sealed(data, signing)


def records(data: bytes) -> Iterator[tuple[str, dict]]:
    """(kind, record) of a bundle and of every bundle it forwards."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("records/") and name.endswith(".jsonl"):
                kind = name[len("records/"):-len(".jsonl")]
                for line in archive.read(name).decode("utf-8").splitlines():
                    yield kind, json.loads(line)
            elif name.startswith("relayed/"):
                yield from records(archive.read(name))


def members(data: bytes) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            yield name, archive.read(name)
            if name.startswith("relayed/"):
                yield from members(archive.read(name))
