"""The file name a printed paper is offered under: readable words, no marks, the year.

"ban-dang-ky-b3a3b6a3.pdf" told a clerk nothing; "Ban-dang-ky-Phan-loai-rac-tai-nguon-
2026.pdf" says which paper it is in a folder full of them, and travels through any PC,
zip tool or e-mail (app.filenames.readable_file_name). The first word comes from the
catalog, so an English window offers English names.
"""

from __future__ import annotations

from app.filenames import readable_file_name
from app.i18n import _

PDF = ".pdf"


def registration(name: str, year: int | None) -> str:
    return readable_file_name(_("Registration form"), name, year, suffix=PDF)


def decision(number: str) -> str:
    return readable_file_name(_("Decision"), number, suffix=PDF)


def certificates(number: str, which: str | None = None) -> str:
    """All the certificates of a decision, or `which` of them (a model's name, a
    commune's)."""
    return readable_file_name(_("Certificates"), number, which, suffix=PDF)


def proposal(year: int | None, number: str | None = None) -> str:
    return readable_file_name(_("Proposal"), number, year, suffix=PDF)


def report(year: int | None) -> str:
    return readable_file_name(_("Summary report"), year, suffix=PDF)
