"""Help texts that several commands share: one wording, and one translation, per meaning.

Marked with `N_()` because they are module constants; commands translate them with
`_()` when they build the parser (after the language is set).
"""

from __future__ import annotations

from app.i18n import N_

JSON = N_("print the result as JSON (for other programs) instead of text")

YEAR_FILTER = N_("only this year, e.g. 2026 (default: every year)")
YEAR_CURRENT = N_("the year, e.g. 2026 (default: the current year)")
YEAR = N_("the year, e.g. 2026")

LEVEL_FILTER = N_("only this level: tinh (province), huyen (district), xa (commune), "
                  "coso (grassroots)")
FIELD_FILTER = N_("only this field: 1 economy, 2 culture and society, 3 defence and "
                  "security, 4 building the political system")
FIELD = N_("the field: 1 economy, 2 culture and society, 3 defence and security, "
           "4 building the political system")

MODEL = N_("the registration id (or its start)")
SHEET = N_("the score sheet id (or its start), as `dvk scores list` shows it")
RUBRIC = N_("the rubric: its family code (such as tap-the-2021: the newest edition) or its "
            "id (or its start)")
PROPOSAL = N_("the proposal (its number or the first characters of its id)")
DECISION = N_("the decision: its number as printed (such as 05-QĐ/BCĐ) or the first "
              "characters of its id")
UNIT_BELOW = N_("code of the office below")
ACCOUNT = N_("the account's sign-in name")

PDF_OUT = N_("the PDF file to write")
XLSX_OUT = N_("the Excel file to write (.xlsx)")
