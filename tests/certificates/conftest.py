"""Certificate codes are checked across a small network: the sync tests' province 37
with two communes and a stranger office (keys made, parents and children trusting
each other). GUI tests here use the same modal-box watchdog and translator as
tests/gui."""

from __future__ import annotations

import datetime as dt
import os
import uuid

os.environ.setdefault("DVK_PRINT_FONT", "bundled")

import pytest

from app.certificates.model import CertificateSummary
from tests.gui.conftest import modal_watchdog, qt_translations  # noqa: F401
from tests.sync.conftest import (  # noqa: F401
    COMMUNE,
    OFFICES,
    OTHER,
    PASSPHRASE,
    PROVINCE,
    STRANGER,
    net,
    sync_template,
)

OFFICES_FILES = OFFICES  # unit code -> data file name in the network folder


def sample_summary(**changes) -> CertificateSummary:
    """A certificate of Phường Yên Thắng with every kind of Vietnamese letter."""
    values = dict(
        unit_code=COMMUNE, unit_name="Phường Yên Thắng",
        model_id=str(uuid.UUID("6f1c2a4e-8b3d-4c5e-9f70-112233445566")),
        model_name="Dân vận khéo trong giải phóng mặt bằng đường ven biển",
        registrant="Chi hội Phụ nữ tổ dân phố số 1", level="xa", year=2025,
        decision_number="05-QĐ/BCĐ", decision_date=dt.date(2025, 10, 5),
        certificate_number="02/GCN")
    values.update(changes)
    return CertificateSummary(**values)


@pytest.fixture
def summary() -> CertificateSummary:
    return sample_summary()
