"""The registration columns of the Excel template and of the import: what each column
holds, its header, and the headers offices already use for it.

Headers are matched folded (no case, no marks, "đ" as "d"), so "TÊN MÔ HÌNH",
"Ten mo hinh" and "Tên mô hình" are the same column. A header made of merged cells over
two rows ("Thời gian" over "Bắt đầu" and "Kết thúc") is matched as "thoi gian / bat
dau" and also by its last part.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.text import fold
from app.i18n import N_, _

TEXT, NUMBER, DATE, CHOICE = "text", "number", "date", "choice"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # N_() text: the template's header (translated when written)
    kind: str = TEXT
    aliases: tuple[str, ...] = ()  # folded headers that mean this column
    width: int = 18  # characters, in the template and exports


IGNORE = "__ignore__"

COLUMNS: tuple[Column, ...] = (
    Column("year", N_("Campaign year"), NUMBER, ("nam", "nam dang ky", "nam phong trao"), 10),
    Column("name", N_("Name of the model"), TEXT, (
        "ten mo hinh", "ten mo hinh, dien hinh", "ten mo hinh/dien hinh", "mo hinh",
        "ten mo hinh dien hinh", "mo hinh, dien hinh", "mo hinh / dien hinh", "ten",
        "ten dien hinh", "noi dung dang ky", "ten mo hinh dan van kheo"), 48),
    Column("kind", N_("Kind"), CHOICE, ("loai", "phan loai", "mo hinh hay dien hinh"), 12),
    Column("subject", N_("Registrant is"), CHOICE, (
        "doi tuong", "tap the/ca nhan", "tap the hay ca nhan", "doi tuong dang ky"), 14),
    Column("registrant", N_("Collective / sub-unit"), TEXT, (
        "don vi", "don vi dang ky", "tap the", "ten don vi", "tap the dang ky",
        "don vi, tap the dang ky", "tap the, ca nhan dang ky", "don vi/ca nhan dang ky",
        "don vi thuc hien", "noi dang ky", "thon, to dan pho"), 32),
    Column("person_name", N_("Full name"), TEXT, (
        "ho ten", "ho va ten", "ca nhan", "ten ca nhan", "ho ten ca nhan"), 24),
    Column("birth_year", N_("Year of birth"), NUMBER, ("nam sinh",), 10),
    Column("gender", N_("Gender"), CHOICE, ("gioi tinh", "nam/nu"), 9),
    Column("position", N_("Position"), TEXT, ("chuc vu", "chuc danh"), 22),
    Column("address", N_("Address"), TEXT, ("dia chi", "noi o", "que quan"), 28),
    Column("phone", N_("Phone"), TEXT, ("dien thoai ca nhan",), 14),
    Column("field", N_("Field"), CHOICE, ("linh vuc", "thuoc linh vuc"), 24),
    Column("mode", N_("Form"), CHOICE, (
        "hinh thuc", "xay dung moi/nhan rong", "moi/nhan rong", "hinh thuc dang ky"), 14),
    Column("replicates", N_("Replicates"), TEXT, (
        "nhan rong tu", "nhan rong mo hinh", "mo hinh goc"), 30),
    Column("registered_on", N_("Registration date"), DATE, (
        "ngay dang ky", "ngay", "ngay thang dang ky", "thoi gian dang ky"), 13),
    Column("start_date", N_("Start date"), DATE, (
        "bat dau", "tu ngay", "thoi gian bat dau", "ngay bat dau", "thoi gian / bat dau",
        "thoi gian thuc hien / bat dau", "thoi gian thuc hien / tu ngay"), 13),
    Column("end_date", N_("End date"), DATE, (
        "ket thuc", "den ngay", "thoi gian ket thuc", "ngay ket thuc", "thoi gian / ket thuc",
        "thoi gian thuc hien / ket thuc", "thoi gian thuc hien / den ngay"), 13),
    Column("situation", N_("Situation and reason"), TEXT, (
        "thuc trang", "thuc trang, ly do", "ly do", "su can thiet"), 40),
    Column("goals", N_("Goals"), TEXT, ("muc tieu", "muc tieu, chi tieu"), 40),
    Column("content_methods", N_("Content and methods"), TEXT, (
        "noi dung", "cach lam", "noi dung, phuong phap", "noi dung, cach lam",
        "noi dung, bien phap", "giai phap"), 40),
    Column("area", N_("Area"), TEXT, ("dia ban", "pham vi", "dia ban thuc hien"), 24),
    Column("target_group", N_("Target group"), TEXT, (
        "doi tuong tac dong", "doi tuong van dong", "doi tuong huong loi"), 24),
    Column("force_lead", N_("Lead force"), TEXT, (
        "luc luong chu tri", "chu tri", "luc luong nong cot"), 24),
    Column("force_coordinating", N_("Coordinating forces"), TEXT, (
        "phoi hop", "luc luong phoi hop"), 24),
    Column("force_participating", N_("Participating forces"), TEXT, (
        "tham gia", "luc luong tham gia"), 24),
    Column("resources", N_("Resources"), TEXT, ("nguon luc", "kinh phi", "nguon kinh phi"), 24),
    Column("outputs", N_("Verifiable outputs"), TEXT, (
        "ket qua", "san pham", "ket qua dat duoc", "san pham kiem chung"), 36),
    Column("sustainability", N_("Sustainability and replication"), TEXT, (
        "duy tri", "ben vung", "kha nang nhan rong", "tinh ben vung"), 30),
    Column("receiving_body", N_("Receiving body"), TEXT, (
        "co quan tiep nhan", "noi nhan", "don vi tiep nhan"), 30),
    Column("contact_phone", N_("Contact phone"), TEXT, (
        "dien thoai", "so dien thoai", "sdt", "dien thoai lien he"), 14),
    # Last: the record's id, filled in exported lists; rows with it update that record.
    Column("id", N_("Record ID (do not change)"), TEXT, ("ma ho so", "id", "ma dang ky"), 38),
)
BY_KEY = {column.key: column for column in COLUMNS}
_IGNORED_HEADERS = {"stt", "so tt", "tt", "so thu tu", "ghi chu", "#"}


def header(key: str) -> str:
    return _(BY_KEY[key].header)


def _forms(column: Column) -> set[str]:
    """Every folded header that names a column: aliases, the English msgid and the
    header in the language in use."""
    return {*column.aliases, fold(column.header), fold(_(column.header))}


def match(text: str) -> str | None:
    """The column key a header names (IGNORE for numbering and notes), or None."""
    folded = fold(text).strip(" :.*")
    if not folded:
        return None
    if folded in _IGNORED_HEADERS:
        return IGNORE
    candidates = [folded]
    if " / " in folded:
        candidates.append(folded.rsplit(" / ", 1)[1])
    for candidate in candidates:
        for column in COLUMNS:
            if candidate in _forms(column):
                return column.key
    return None


def propose(headers: list[str]) -> list[str | None]:
    """A mapping for the sheet's headers: each column at most once, first come first
    served; unknown headers map to None (the clerk chooses in the mapping dialog)."""
    used: set[str] = set()
    result: list[str | None] = []
    for text in headers:
        key = match(text)
        if key and key != IGNORE and key in used:
            key = None
        if key and key != IGNORE:
            used.add(key)
        result.append(None if key == IGNORE else key)
    return result
