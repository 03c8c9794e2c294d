"""Demo Excel files beside the offices' data files (`DIR/excel/`), so the import and the
exports can be tried on every kind of row without typing a workbook:

- `mau-dang-ky.xlsx`: the template the program hands out;
- `so-dang-ky-cu-<commune>.xlsx`: an old register as a commune office keeps it - a title,
  headers merged over two rows, column numbers, a heading row, blank rows, names typed
  years ago in TCVN3 (.VnTime) and VNI fonts, a date typed as text, an Excel day
  number, a field nobody knows, a row without a name, a formula whose result was never
  saved, a row already in DVK and the same row twice. Its preview shows every outcome;
  importing it adds the new ones;
- `thong-ke-<province>.xlsx`: the province's statistics tables, one sheet each.

Only files are written: the data files stay as the rest of the demo made them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.context import AppContext
from app.domain.legacy_text import TCVN3, VNI, encode

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
    return written


def _old_register(ctx: AppContext, path: Path, year: int) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    office = ctx.units.office()
    units = [u.name for u in ctx.units.subunits()]
    village = next((u for u in units if u.startswith(("Thôn", "Tổ dân phố"))), units[0])
    branch = next((u for u in units if u.startswith("Chi hội")), units[-1])
    cell = next((u for u in units if u.startswith("Chi bộ")), units[1])
    known = ctx.db.execute("SELECT r.name, u.name, r.registered_on FROM registrations r"
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
        rows.append([8, known[0], known[1], None, None, None,
                     dt.datetime.fromisoformat(known[2]), "Đã có trong DVK"])
    rows += [[], []]
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
    book.save(path)
    return path
