"""Rubrics as the score sheet needs them.

The scoring service owns rubrics and will ship the defaults as resources/rubrics/*.json.
Until then this reads the same structure (rubric-defaults.md as JSON):

    {"code": "tap_the-2026", "name": "...", "subject": "tap_the", "version": 1,
     "note": "Mẫu gợi ý - chỉnh theo hướng dẫn của địa phương",
     "conditions": [{"code": "ĐK1", "text": "..."}],
     "criteria": [{"code": "1", "text": "...", "max_points": 15}],
     "ratings": [{"name": "Tiêu biểu", "min_points": 90}, ...]}

("max"/"title"/"min" are accepted as aliases.) When no rubric file exists, the built-in
copy of rubric-defaults.md below is used, so a blank paper sheet can always be printed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.errors import DvkError
from app.i18n import _
from app.paths import resource
from app.printing.model import Rubric, RubricCondition, RubricCriterion, RubricRating

NOTE = "Mẫu gợi ý - chỉnh theo hướng dẫn của địa phương"
_RATINGS = [{"name": "Tiêu biểu", "min_points": 90}, {"name": "Đạt", "min_points": 70},
            {"name": "Chưa đạt", "min_points": 0}]

BUILT_IN: dict[str, dict[str, Any]] = {
    "tap_the": {
        "code": "tap_the-mac-dinh", "name": "Mô hình tập thể", "subject": "tap_the",
        "version": 1, "note": NOTE,
        "conditions": [
            {"code": "ĐK1", "text": "Có tên mô hình, địa chỉ cụ thể."},
            {"code": "ĐK2", "text": "Nội dung thuộc một trong 4 lĩnh vực."},
            {"code": "ĐK3", "text": "Đã đăng ký với cơ quan phát động, triển khai."},
        ],
        "criteria": [
            {"code": "1", "max_points": 15,
             "text": "Gắn liền với sự lãnh đạo, chỉ đạo của cấp ủy, chính quyền"},
            {"code": "2", "max_points": 15,
             "text": "Có sự phối hợp, huy động được nhiều lực lượng cùng tham gia"},
            {"code": "3", "max_points": 15,
             "text": "Được các tầng lớp nhân dân đồng tình, hưởng ứng tham gia; đáp ứng yêu "
                     "cầu phát triển của cơ quan, đơn vị, địa phương"},
            {"code": "4", "max_points": 20,
             "text": "Giải quyết được khó khăn, vấn đề cấp bách, nhiệm vụ chính trị mà cấp "
                     "ủy, chính quyền đang tập trung thực hiện"},
            {"code": "5", "max_points": 20,
             "text": "Hiệu quả thiết thực: đạt hoặc vượt các nội dung, tiêu chí đã đăng ký; "
                     "có sáng kiến, cách làm sáng tạo"},
            {"code": "6", "max_points": 15,
             "text": "Có sức lan tỏa, khả năng nhân rộng; tính bền vững, kế thừa và phát "
                     "triển"},
        ],
        "ratings": _RATINGS,
    },
    "ca_nhan": {
        "code": "ca_nhan-mac-dinh", "name": "Điển hình cá nhân", "subject": "ca_nhan",
        "version": 1, "note": NOTE,
        "conditions": [
            {"code": "ĐK1", "text": "Có họ tên, nơi cư trú/công tác cụ thể."},
            {"code": "ĐK2", "text": "Nội dung thuộc một trong 4 lĩnh vực."},
            {"code": "ĐK3", "text": "Đã đăng ký với cơ quan phát động, triển khai."},
        ],
        "criteria": [
            {"code": "1", "max_points": 15, "text": "Bản thân và gia đình gương mẫu chấp "
                                                   "hành chủ trương, chính sách, pháp luật"},
            {"code": "2", "max_points": 20, "text": "Có ý tưởng, sáng kiến hay trong tuyên "
                                                   "truyền, vận động nhân dân"},
            {"code": "3", "max_points": 20, "text": "Đề xuất, tham gia giải quyết vấn đề "
                                                   "khó khăn, bức xúc ở cơ sở"},
            {"code": "4", "max_points": 20, "text": "Tận tình phục vụ nhân dân, được nhân "
                                                   "dân tín nhiệm, đồng tình"},
            {"code": "5", "max_points": 25, "text": "Kết quả đạt hoặc vượt nội dung đã đăng "
                                                   "ký; có sức lan tỏa, được nhân rộng"},
        ],
        "ratings": _RATINGS,
    },
}


def _first(item: dict, *keys: str, default: Any = None) -> Any:
    for key in keys:
        if key in item:
            return item[key]
    return default


def rubric_from_dict(data: dict[str, Any]) -> Rubric:
    """A Rubric from the JSON structure above; DvkError when it is not one."""
    try:
        return Rubric(
            code=str(data["code"]), name=str(data.get("name", "")),
            subject=str(data.get("subject", "tap_the")), version=int(data.get("version", 1)),
            note=str(data.get("note", "")),
            conditions=[RubricCondition(str(c["code"]), str(_first(c, "text", "title")))
                        for c in data.get("conditions", [])],
            criteria=[RubricCriterion(str(c["code"]), str(_first(c, "text", "title")),
                                      float(_first(c, "max_points", "max")))
                      for c in data["criteria"]],
            ratings=[RubricRating(str(r["name"]), float(_first(r, "min_points", "min", default=0)))
                     for r in data.get("ratings", [])],
            council_total=str(data.get("council_total") or "sum_of_means"),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise DvkError(_("The rubric file is not a rubric ({detail}).").format(
            detail=error)) from error


def load_rubric_file(path: Path) -> Rubric:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DvkError(_("The rubric file {name} cannot be read ({detail}).").format(
            name=Path(path).name, detail=error)) from error
    if not isinstance(data, dict):
        raise DvkError(_("The rubric file {name} must hold one rubric (an object).").format(
            name=Path(path).name))
    return rubric_from_dict(data)


def default_rubric(subject: str, folder: Path | None = None) -> tuple[Rubric, bool]:
    """The shipped default rubric for a subject and whether it came from a rubric file
    (False: the built-in copy, used while resources/rubrics/ does not exist)."""
    folder = folder or resource("rubrics")
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            try:
                rubric = load_rubric_file(path)
            except DvkError:
                continue
            if rubric.subject == subject:
                return rubric, True
    return rubric_from_dict(BUILT_IN.get(subject, BUILT_IN["tap_the"])), False
