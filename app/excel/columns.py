"""The registration columns of the Excel template and of the import: what each column
holds and its header. The headers offices already use for each column are data
(app.excel.synonyms, resources/excel-synonyms.json).

Headers are matched in canonical form (no case, no marks, punctuation as spaces), so
"TÊN MÔ HÌNH", "Ten mo hinh" and "Tên mô hình" are the same column. A header made of
merged cells over two rows ("Thời gian" over "Bắt đầu" and "Kết thúc") is matched as
"thoi gian bat dau" and also by its last part. A header typed in a legacy font (TCVN3
under .VnTimeH, VNI-Times) is matched once converted.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from app import i18n
from app.domain import legacy_text
from app.excel import synonyms
from app.i18n import N_, _

TEXT, NUMBER, DATE, CHOICE = "text", "number", "date", "choice"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # N_() text: the template's header (translated when written)
    kind: str = TEXT
    width: int = 18  # characters, in the template and exports


IGNORE = "__ignore__"

COLUMNS: tuple[Column, ...] = (
    Column("year", N_("Campaign year"), NUMBER, 10),
    Column("name", N_("Name of the model"), TEXT, 48),
    Column("kind", N_("Kind"), CHOICE, 12),
    Column("subject", N_("Registrant is"), CHOICE, 14),
    Column("registrant", N_("Collective / sub-unit"), TEXT, 32),
    Column("person_name", N_("Full name"), TEXT, 24),
    Column("birth_year", N_("Year of birth"), NUMBER, 10),
    Column("gender", N_("Gender"), CHOICE, 9),
    Column("position", N_("Position"), TEXT, 22),
    Column("address", N_("Address"), TEXT, 28),
    Column("phone", N_("Phone"), TEXT, 14),
    Column("field", N_("Field"), CHOICE, 24),
    Column("mode", N_("Form"), CHOICE, 14),
    Column("replicates", N_("Replicates"), TEXT, 30),
    Column("registered_on", N_("Registration date"), DATE, 13),
    Column("start_date", N_("Start date"), DATE, 13),
    Column("end_date", N_("End date"), DATE, 13),
    Column("situation", N_("Situation and reason"), TEXT, 40),
    Column("goals", N_("Goals"), TEXT, 40),
    Column("content_methods", N_("Content and methods"), TEXT, 40),
    Column("area", N_("Area"), TEXT, 24),
    Column("target_group", N_("Target group"), TEXT, 24),
    Column("force_lead", N_("Lead force"), TEXT, 24),
    Column("force_coordinating", N_("Coordinating forces"), TEXT, 24),
    Column("force_participating", N_("Participating forces"), TEXT, 24),
    Column("resources", N_("Resources"), TEXT, 24),
    Column("outputs", N_("Verifiable outputs"), TEXT, 36),
    Column("sustainability", N_("Sustainability and replication"), TEXT, 30),
    Column("receiving_body", N_("Receiving body"), TEXT, 30),
    Column("contact_phone", N_("Contact phone"), TEXT, 14),
    # An individual's consent to DVK holding their data (optional; issue 26).
    Column("consent_on", N_("Consent signed on"), DATE, 13),
    Column("consent_how", N_("Consent given by"), CHOICE, 16),
    # Last: the record's id, filled in exported lists; rows with it update that record.
    Column("id", N_("Record ID (do not change)"), TEXT, 38),
)
# Columns a register may have that the template does not: "Năm sinh" merged over
# "Nam | Nữ" (the year written under the person's gender), "Giới tính" over "Nam | Nữ"
# (a mark under it).
IMPORT_ONLY: tuple[Column, ...] = (
    Column("birth_year_male", N_("Year of birth (men)"), NUMBER, 10),
    Column("birth_year_female", N_("Year of birth (women)"), NUMBER, 10),
    Column("gender_male", N_("Gender: man (a mark)"), TEXT, 6),
    Column("gender_female", N_("Gender: woman (a mark)"), TEXT, 6),
)
BY_KEY = {column.key: column for column in (*COLUMNS, *IMPORT_ONLY)}


def header(key: str) -> str:
    return _(BY_KEY[key].header)


@cache
def _own_forms(language: str) -> dict[str, str]:
    """The template's headers (English msgid and the language in use) -> key."""
    forms: dict[str, str] = {}
    for column in (*COLUMNS, *IMPORT_ONLY):
        for text in (column.header, _(column.header)):
            forms.setdefault(synonyms.canonical(text), column.key)
    return forms


def _lookup(text: str) -> str | None:
    forms = synonyms.column_forms()
    candidates = [text]
    if " / " in text:  # a header over two rows: the whole, then its last part
        candidates.append(text.rsplit(" / ", 1)[1])
    for candidate in candidates:
        form = synonyms.canonical(candidate)
        if not form:
            continue
        if form in synonyms.not_imported():
            return IGNORE
        key = _own_forms(i18n.language()).get(form) or forms.get(form)
        if key:
            return key
    return None


def match(text: str) -> str | None:
    """The column key a header names (IGNORE for numbering and notes), or None. A
    header typed in TCVN3 or VNI is tried once converted."""
    if not isinstance(text, str) or not text.strip():
        return None
    found = _lookup(text)
    if found is None and not text.isascii() and legacy_text.fits_cp1252(text):
        for encoding in legacy_text.ENCODINGS:
            found = _lookup(legacy_text.decode(text, encoding))
            if found:
                break
    return found


def readable(text: str) -> str:
    """A header as the clerk reads it: converted when it was typed in a legacy font."""
    if isinstance(text, str) and not text.isascii() and legacy_text.fits_cp1252(text):
        if _lookup(text) is None:
            for encoding in legacy_text.ENCODINGS:
                converted = legacy_text.decode(text, encoding)
                if _lookup(converted):
                    return converted
        found = legacy_text.detect(text)
        if found:
            return found.text
    return text


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
