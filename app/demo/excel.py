"""Demo Excel files beside the offices' data files (`DIR/excel/`), so the import and the
exports can be tried on every kind of row without typing a workbook:

- `mau-dang-ky.xlsx`: the template the program hands out;
- `so-dang-ky-cu-<commune>.xlsx`: an old register as a commune office keeps it - a title,
  headers merged over two rows, column numbers, a heading row, blank rows, names typed
  years ago in TCVN3 (.VnTime) and VNI fonts, a date typed as text, an Excel day
  number, a field nobody knows, a row without a name, a formula whose result was never
  saved, a row already in DVK and the same row twice. Its preview shows every outcome;
  importing it adds the new ones;
  Under the table, as offices write them: a total row, the signature block ("Người lập
  biểu", "TM. ĐẢNG ỦY / BÍ THƯ", names), all skipped; a withdrawn model the clerk hid
  (skipped unless hidden rows are included); a person ("Bà ...") in the unit column,
  registered as an individual;
- `so-cac-xa-<province>.xlsx`: a province's book of its communes' models, one sheet per
  commune ("Xã ..."), a summary sheet first, villages of the same name in several
  communes: imported at the province, each sheet is its commune's, and no village
  becomes a sub-unit of the province;
- `thong-ke-<province>.xlsx`: the province's statistics tables, one sheet each.

Only files are written: the data files stay as the rest of the demo made them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.context import AppContext
from app.domain.fields import field_name
from app.domain.legacy_text import TCVN3, VNI, encode
from app.domain.units import bare_name

FOLDER = "excel"


def write_demo_files(out: Path, offices: list, year: int) -> list[Path]:
    folder = out / FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    communes = [o for o in offices if o.level == "xa"]
    province = next((o for o in offices if o.level == "tinh"), None)
    if communes:
        with AppContext.open(out / communes[0].db, actor="demo") as ctx:
            written.append(ctx.excel.template(folder / "mau-dang-ky.xlsx"))
            written.append(_old_register(ctx, folder / f"so-dang-ky-cu-{communes[0].code}.xlsx",
                                         year))
    if province is not None:
        with AppContext.open(out / province.db, actor="demo") as ctx:
            written.append(ctx.excel.export_stats(folder / f"thong-ke-{province.code}.xlsx",
                                                  ctx.statistics.all_tables(year)))
            written.append(_communes_book(ctx, folder / f"so-cac-xa-{province.code}.xlsx",
                                          year))
    return written


def _old_register(ctx: AppContext, path: Path, year: int) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    office = ctx.units.office()
    units = [u.name for u in ctx.units.subunits()]
    village = next((u for u in units if u.startswith(("Thôn", "Tổ dân phố"))), units[0])
    branch = next((u for u in units if u.startswith("Chi hội")), units[-1])
    cell = next((u for u in units if u.startswith("Chi bộ")), units[1])
    known = ctx.db.execute("SELECT r.name, u.name, r.registered_on, r.field"
                           " FROM registrations r"
                           " JOIN units u"
                           " ON u.code = r.subunit_code WHERE r.year = ? AND r.subject ="
                           " 'tap_the' AND r.status = 'da_dang_ky' ORDER BY r.seq LIMIT 1",
                           [year]).fetchone()
    tcvn3 = ("Dân vận khéo trong vận động nhân dân làm đường giao thông nông thôn", village)
    vni = ("Dân vận khéo trong giữ gìn vệ sinh môi trường khu dân cư", branch)
    rows = [
        [f"ĐẢNG BỘ {office.name.upper()}"],
        [f"DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO ĐĂNG KÝ NĂM {year}"],
        [],
        ["STT", "Tên mô hình", "Đơn vị đăng ký", "Lĩnh vực", "Thời gian thực hiện", None,
         "Ngày đăng ký", "Ghi chú"],
        [None, None, None, None, "Bắt đầu", "Kết thúc", None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"],
        ["I. LĨNH VỰC KINH TẾ"],
        [1, encode(tcvn3[0], TCVN3), encode(tcvn3[1], TCVN3), encode("Kinh tế", TCVN3),
         dt.datetime(year, 4, 1), dt.datetime(year, 12, 31), f"15/3/{year}",
         "Gõ bằng phông .VnTime"],
        [2, "Tổ hợp tác sản xuất rau sạch theo chuỗi giá trị", cell, "Kinh tế", None, None,
         dt.datetime(year, 3, 10), None],
        [],
        ["II. LĨNH VỰC VĂN HÓA - XÃ HỘI"],
        [3, encode(vni[0], VNI), encode(vni[1], VNI), encode("Văn hóa - xã hội", VNI),
         None, None, (dt.date(year, 3, 12) - dt.date(1899, 12, 30)).days,
         "Gõ bằng phông VNI-Times; ngày là số của Excel"],
        [4, "Câu lạc bộ dưỡng sinh người cao tuổi", village, "Thể dục thể thao", None, None,
         f"20/3/{year}", "Lĩnh vực không có"],
        [5, None, village, "Văn hóa - xã hội", None, None, f"21/3/{year}", "Thiếu tên"],
        [6, "Dân vận khéo trong chuyển đổi số ở khu dân cư", cell,
         "Xây dựng hệ thống chính trị", None, None, "=TODAY()", "Công thức chưa tính"],
        [7, encode(tcvn3[0], TCVN3), encode(tcvn3[1], TCVN3), encode("Kinh tế", TCVN3),
         None, None, f"15/3/{year}", "Trùng dòng 1"],
    ]
    if known:
        rows.append([8, known[0], known[1], field_name(known[3]), None, None,
                     dt.datetime.fromisoformat(known[2]), "Đã có trong DVK"])
    rows.append([9, "Gương mẫu vận động hiến đất làm đường", "Bà Nguyễn Thị Hạnh",
                 "Kinh tế", None, None, f"18/3/{year}", "Cá nhân trong cột đơn vị"])
    hidden_row = len(rows) + 1
    rows.append([10, "Tổ liên gia tự quản (đã rút)", village, "Quốc phòng - an ninh", None,
                 None, f"19/3/{year}", "Đã rút, dòng ẩn"])
    rows += [[], [None, f"Tổng cộng: {len(rows) - 8} mô hình"], [],
             [None, "Người lập biểu", None, None, "TM. ĐẢNG ỦY"],
             [None, None, None, None, "BÍ THƯ"], [], [],
             [None, "Nguyễn Thị Lan", None, None, "Trần Văn Bình"], [], []]
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for row in rows:
        sheet.append(row)
    for cells in ("A1:H1", "A2:H2", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:F4", "G4:G5",
                  "H4:H5", "A7:H7", "A11:H11"):
        sheet.merge_cells(cells)
    for number, font in ((8, ".VnTime"), (12, "VNI-Times"), (16, ".VnTime")):
        for column in "BCD":
            sheet[f"{column}{number}"].font = Font(name=font)
    for column, width in zip("ABCDEFGH", (5, 50, 30, 22, 12, 12, 13, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.row_dimensions[hidden_row].hidden = True
    book.save(path)
    return path


def _communes_book(ctx: AppContext, path: Path, year: int) -> Path:
    """A province's book of its communes' models: a summary sheet, then one sheet per
    commune (at most four) named "Xã ...", each with a title, group rows, villages of
    the same names ("Thôn Đông") and a signature block."""
    from openpyxl import Workbook

    communes = [u for u in ctx.units.children(ctx.office_code) if u.level == "xa"][:4]
    models = [(1, "Tổ hợp tác chăn nuôi bò sinh sản"), (1, "Cánh đồng mẫu lớn"),
              (2, "Câu lạc bộ văn nghệ quần chúng"), (3, "Camera an ninh thôn xóm"),
              (4, "Chi bộ bốn tốt")]
    villages = ["Thôn Đông", "Thôn Đoài", "Xóm Trại"]
    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    summary.append([f"TỔNG HỢP MÔ HÌNH DÂN VẬN KHÉO CÁC XÃ NĂM {year}"])
    summary.append(["STT", "Xã", "Số mô hình"])
    for number, unit in enumerate(communes, start=1):
        summary.append([number, unit.name, len(models)])
    for index, unit in enumerate(communes):
        # Offices name the sheets both ways: "Xã Gia Vân" and "Gia Vân".
        sheet = book.create_sheet(unit.name if index % 2 == 0 else bare_name(unit.name))
        sheet.append([f"ĐẢNG ỦY {unit.name.upper()}"])
        sheet.append([f"DANH SÁCH MÔ HÌNH DÂN VẬN KHÉO NĂM {year}"])
        sheet.append([])
        sheet.append(["STT", "Tên mô hình", "Thôn, xóm", "Ngày đăng ký"])
        number = 0
        for field in (1, 2, 3, 4):
            sheet.append([("I", "II", "III", "IV")[field - 1] + ". LĨNH VỰC " +
                          field_name(field).upper()])
            for code, name in models:
                if code == field:
                    number += 1
                    sheet.append([number, name, villages[(number + index) % len(villages)],
                                  dt.datetime(year, 3, 2 + number)])
        sheet.append([None, f"Tổng cộng: {number} mô hình"])
        sheet.append([])
        sheet.append([None, "Người lập biểu", None, f"TM. UBND {unit.name.upper()}"])
        sheet.append([None, None, None, "CHỦ TỊCH"])
        sheet.column_dimensions["B"].width = 45
        sheet.column_dimensions["C"].width = 18
    book.save(path)
    return path
