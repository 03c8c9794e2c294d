"""The audit log reads as sentences: the short stable details services chain into the
log ("sent 1/TTr-UBND", "2026 xa->tinh", a bundle's totals as JSON) are shown in the
reader's language on the screen, on paper and in `dvk audit`."""

from __future__ import annotations

import json
import re

import pytest

from app.context import AppContext
from app.i18n import set_language
from app.services.audit import AuditService, action_label
from app.services.audit_details import readable

# What a detail written for machines looks like; none may reach a Vietnamese reader.
MACHINE = re.compile(r"->|^(sent|issued|draft|propose|recognise|refuse|amends|removed|locked)"
                     r"\b|\b(self|passed|evidence|profile|office|merged_into|parent_code)=|"
                     r"^\{|\b(da_duyet|da_nop|khoa|tap_the|ca_nhan|coso)\b")


def _offices(network):
    return json.loads((network / "network.json").read_text(encoding="utf-8"))["offices"]


def test_every_entry_of_the_demo_network_reads_in_vietnamese(demo_network):
    set_language("vi")
    shown = 0
    for office in _offices(demo_network):
        with AppContext.open(demo_network / office["db"]) as ctx:
            for entry in ctx.audit.entries(limit=100_000):
                texts = AuditService.row_texts(entry)
                detail = texts[5].split(": ", 1)[-1] if entry.record_id else texts[5]
                assert not MACHINE.search(detail), (entry.action, entry.kind, detail)
                assert texts[3] == action_label(entry.action)
                assert texts[3] != entry.action, entry.action  # every action named
                shown += 1
    assert shown > 500


@pytest.mark.parametrize("action, kind, detail, vietnamese, english", [
    ("send", "proposals", "sent 1/TTr-UBND", "số 1/TTr-UBND", "number 1/TTr-UBND"),
    ("issue", "decisions", "issued 12/QĐ-UBND", "số 12/QĐ-UBND", "number 12/QĐ-UBND"),
    ("create", "proposals", "2026 xa->tinh", "năm 2026, từ xã lên tỉnh",
     "year 2026, from commune to province"),
    ("create", "recognition_steps", "propose xa->tinh 3/TTr-UBND",
     "đề nghị từ xã lên tỉnh, tờ trình số 3/TTr-UBND",
     "proposed from commune to province, proposal 3/TTr-UBND"),
    ("create", "decisions", "draft 2026 tinh", "dự thảo năm 2026, cấp tỉnh",
     "draft for 2026, province"),
    ("approve", "score_sheets", "da_duyet", "Đã duyệt", "Approved"),
    ("score", "score_sheets", "ĐK1 passed=True; 1.2 self=8,5; + Ngô Xuân Sơn",
     "ĐK1 điều kiện: đạt; 1.2 tự chấm: 8,5; thêm thành viên hội đồng: Ngô Xuân Sơn",
     "ĐK1 condition: met; 1.2 self score: 8,5; council member added: Ngô Xuân Sơn"),
    ("import", "bundle", json.dumps({"sender": "13987", "seq": 2, "new": 5, "updated": 1,
                                     "unchanged": 0, "conflicting": 0, "rejected": 3}),
     "từ 13987, gói số 2: 5 mới, 1 thay đổi, 0 không đổi, 0 xung đột, 3 bị từ chối",
     "from 13987, bundle no. 2: 5 new, 1 changed, 0 unchanged, 0 conflicts, 3 refused"),
    ("update", "campaign_years", "registration_deadline=2026-03-31",
     "hạn đăng ký: 31/03/2026", "registration deadline: 31/03/2026"),
    ("create", "unit_mergers", "13741->13744 on 2026-07-01",
     "13741 sáp nhập vào 13744 từ 01/07/2026", "13741 merged into 13744 from 01/07/2026"),
])
def test_known_shapes_become_sentences_in_both_languages(action, kind, detail, vietnamese,
                                                         english):
    set_language("vi")
    assert readable(action, kind, detail) == vietnamese
    set_language("en")
    assert readable(action, kind, detail) == english


def test_free_text_and_unknown_shapes_pass_unchanged():
    set_language("vi")
    reason = "Trùng nội dung với mô hình đã đăng ký -> xem lại"
    assert readable("withdraw", "registrations", reason) == reason
    assert readable("import", "bundle", "{not json") == "{not json"
    assert readable("create", "registrations", "sent by post") == "sent by post"
    assert readable("create", "units", "") == ""
