"""Translations (gettext catalogs compiled by Babel) and Vietnamese dates and numbers.

Message ids in code are English; the Vietnamese catalog is the one users see by
default, the English catalog sits beside it. Each feature keeps its own catalog file
(`i18n/<lang>/LC_MESSAGES/<domain>.po`) so features can grow independently; at run
time all catalogs of a language are chained into one.

Strings defined at import time must be marked with `N_()` and translated with `_()`
where they are shown, so that switching language takes effect.
"""

from __future__ import annotations

import datetime as dt
import gettext
from pathlib import Path

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal

from app import clock
from app.paths import catalogs_dir

SUPPORTED = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

_current = DEFAULT_LANGUAGE
_translations: gettext.NullTranslations = gettext.NullTranslations()


def load_catalogs(lang: str, root: Path | None = None) -> gettext.NullTranslations:
    """All compiled catalogs of one language chained together (missing -> identity)."""
    folder = (root or catalogs_dir()) / lang / "LC_MESSAGES"
    chain: gettext.NullTranslations = gettext.NullTranslations()
    first: gettext.NullTranslations | None = None
    for mo in sorted(folder.glob("*.mo")) if folder.is_dir() else []:
        with mo.open("rb") as fp:
            catalog = gettext.GNUTranslations(fp)
        if first is None:
            first = catalog
        else:
            first.add_fallback(catalog)
    if first is None:
        return chain
    return first


# The chained catalogs of each language, read once per catalog folder: parsing the
# twenty .mo files takes about 40 ms, and some jobs (the open-data dictionary, written
# in both languages) switch thousands of times.
_loaded: dict[tuple[str, Path], gettext.NullTranslations] = {}


def _catalogs(lang: str) -> gettext.NullTranslations:
    key = (lang, catalogs_dir())
    if key not in _loaded:
        _loaded[key] = load_catalogs(lang)
    return _loaded[key]


def _supported(lang: str | None) -> str:
    lang = (lang or DEFAULT_LANGUAGE).lower()
    return lang if lang in SUPPORTED else DEFAULT_LANGUAGE


def set_language(lang: str | None) -> str:
    global _current, _translations
    lang = _supported(lang)
    _current = lang
    _translations = _catalogs(lang)
    _translated.clear()
    return lang


def gettext_in(lang: str, message: str) -> str:
    """`message` in the language `lang`, whatever the current language is."""
    return _catalogs(_supported(lang)).gettext(message)


def language() -> str:
    return _current


# Messages already looked up in the current language. A message missing from the first
# catalog of the chain walks every fallback (eleven catalogs), and an import of 10,000
# rows asks for the same column headers and labels tens of thousands of times.
_translated: dict[str, str] = {}
_TRANSLATED_LIMIT = 20_000


def _(message: str) -> str:
    try:
        return _translated[message]
    except KeyError:
        if len(_translated) > _TRANSLATED_LIMIT:  # someone translates data: stay small
            _translated.clear()
        text = _translated[message] = _translations.gettext(message)
        return text


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _translations.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


_printed: list[gettext.NullTranslations] = []


def printed_(message: str) -> str:
    """A message in Vietnamese whatever the window's language: for texts printed on
    papers (a rating, a sheet's state), which are Vietnamese documents."""
    if not _printed:
        _printed.append(load_catalogs(DEFAULT_LANGUAGE))
    return _printed[0].gettext(message)


def locale() -> Locale:
    return Locale.parse(_current)


def format_date(value: dt.date | None) -> str:
    """dd/MM/yyyy in both languages: the form Vietnamese offices write."""
    if value is None:
        return ""
    return _babel_format_date(value, "dd/MM/yyyy", locale=_current)


def format_timestamp(stamp: str | None) -> str:
    """A stored UTC time ("2026-11-29T09:13:10.177Z") as the clerk's local
    "29/11/2026 16:13"; unreadable text is shown as it is."""
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = clock.in_vietnam(moment)
    return f"{format_date(moment.date())} {moment:%H:%M}"


def format_long_date(value: dt.date, place: str = "") -> str:
    """The place-and-date line of a document: "Yên Thắng, ngày 05 tháng 10 năm 2025".

    Printed papers are Vietnamese whatever the window's language, so this is not
    translated. Decree 30/2020: days below 10 and the months 1 and 2 take a leading
    zero ("ngày 05 tháng 02", but "tháng 3").
    """
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def format_printed_number(value: float | int, digits: int = 1) -> str:
    """A number on a printed paper: Vietnamese ("92,5", "1.234") whatever the window's
    language, since the papers are Vietnamese documents."""
    if isinstance(value, int) or float(value).is_integer():
        return format_decimal(int(value), locale=DEFAULT_LANGUAGE)
    return format_decimal(round(value, digits), format=f"#,##0.{'#' * digits}",
                          locale=DEFAULT_LANGUAGE)


def format_number(value: float | int, digits: int = 1) -> str:
    """Numbers the Vietnamese way: "8,5", "1.234"."""
    if isinstance(value, int) or float(value).is_integer():
        return format_decimal(int(value), locale=_current)
    return format_decimal(round(value, digits), format=f"#,##0.{'#' * digits}", locale=_current)


set_language(DEFAULT_LANGUAGE)
