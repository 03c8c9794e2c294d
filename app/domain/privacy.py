"""Personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): what counts as a person's
data in DVK, how consent is recorded, and what an erasure changes (no I/O).

docs/privacy.md says the same for an office: every personal field, why it is held,
who receives it and for how long.

An erasure keeps the model's non-personal record (its field, year, unit, scores,
decisions and their numbers) and replaces the person's fields: a name becomes ERASED
(also where the name appears inside the model's name, "Ông [đã xóa] - liên kết bao
tiêu nông sản"), every other personal field is emptied. The same text is what the
authority rule and the decisions' trigger (schema 0014) accept as an erasure of a
sealed record.
"""

from __future__ import annotations

import json
import re
from typing import Any

from app.domain.text import fold
from app.i18n import N_, _

# What a name becomes (stored as data: it travels and prints; schema 0014 repeats it).
ERASED = "[đã xóa]"

CONSENT_METHODS = {
    "phieu_dang_ky": N_("signed the consent line of the paper registration form"),
    "van_ban": N_("signed a separate written consent"),
}
# The same, as a cell of an Excel register says it.
CONSENT_SHORT = {"phieu_dang_ky": N_("Registration form"), "van_ban": N_("Separate statement")}
ERASURE_REASONS = {
    "yeu_cau": N_("the person asked"),
    "het_han": N_("the retention period ended"),
}
REQUEST_ACTIONS = {"erase": N_("erase"), "correct": N_("correct")}

# The personal fields of a person (persons table) and what each becomes when erased.
PERSON_ERASED: dict[str, Any] = {
    "full_name": ERASED, "birth_year": None, "gender": None, "position": "",
    "address": "", "phone": "",
}
# The personal fields of a registration of an individual (besides the name inside
# its texts, replaced by `erase_name`).
REGISTRATION_ERASED: dict[str, Any] = {"registrant": ERASED, "contact_phone": ""}
# Registration texts where the person's name may appear (the form's free texts).
REGISTRATION_TEXTS = (
    "name", "situation", "goals", "content_methods", "area", "target_group", "force_lead",
    "force_coordinating", "force_participating", "resources", "outputs", "sustainability",
)
# Fields of a person's record that a correction may change.
CORRECTABLE = ("full_name", "birth_year", "gender", "position", "address", "phone")
# Left out of Excel exports and reports unless the clerk asks (minimisation).
CONTACT_COLUMNS = ("birth_year", "address", "phone", "contact_phone")

# Sealed records (an issued decision's items, a locked sheet's council members) may
# change only by an erasure: these columns, each to its erased value, and nothing else
# but the version stamps (`erased_values`).
SEALED_ERASABLE: dict[str, tuple[str, ...]] = {
    "decision_items": ("registrant", "detail", "model_name", "paper"),
    "council_members": ("name",),
}
STAMPS = ("version", "updated_at", "updated_by")


# How the audit log writes a person's name inside a model's name: the log says what
# was done to which record, never who the person is (an append-only log cannot erase).
LOG_HIDDEN = "…"


def log_name(name: str, subject: str | None, person_name: str | None) -> str:
    """A model's name as the audit log records it: an individual's own name left out
    ("Ông … - liên kết bao tiêu nông sản")."""
    if subject != "ca_nhan" or not person_name or not name:
        return name
    return re.sub(re.escape(person_name), LOG_HIDDEN, name, flags=re.IGNORECASE)


def log_name_of(registration) -> str:
    """`log_name` of a registration as entered (RegistrationInput)."""
    person = registration.person
    return log_name(registration.name, registration.subject,
                    person.full_name if person else None)


def consent_label(how: str | None) -> str:
    return _(CONSENT_METHODS[how]) if how in CONSENT_METHODS else _("not recorded")


def is_erased_name(value: str | None) -> bool:
    return value == ERASED


def erase_name(text: str, name: str) -> str:
    """`text` with every occurrence of the person's `name` (any case) replaced by
    ERASED; unchanged when the name is empty or already erased."""
    if not text or not name or name == ERASED:
        return text
    return re.sub(re.escape(name), ERASED, text, flags=re.IGNORECASE)


def erase_paper(paper: str, name: str, detail: str) -> str:
    """An issued decision item's frozen paper (its annex line and certificate as issued,
    canonical JSON: app/printing/frozen.py) with the person's data erased as the item's
    columns are: the certificate's recipient becomes ERASED and its detail empty, the
    name is replaced inside every text of the certificate and of the annex line, a cell
    holding just the detail is emptied, and the certificate's signed code is dropped (it
    carries the name; a reprint of an erased certificate has no code). Unchanged when
    the paper is empty or unreadable, or the name already erased."""
    if not paper or not name or name == ERASED:
        return paper
    try:
        item = json.loads(paper)
    except ValueError:
        return paper
    if not isinstance(item, dict):
        return paper

    def scrub(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if detail.strip() and value.strip() == detail.strip():
            return ""
        return erase_name(value, name)

    if isinstance(item.get("row"), list):
        item["row"] = [scrub(cell) for cell in item["row"]]
    certificate = item.get("certificate")
    if isinstance(certificate, dict):
        for key, value in certificate.items():
            certificate[key] = scrub(value)
        certificate.update(recipient=ERASED, recipient_detail="", qr_payload="")
    # The same canonical form as app/printing/frozen.dumps (domain imports no printing).
    return json.dumps(item, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def erased_values(table: str, stored: dict[str, Any]) -> dict[str, Any]:
    """What the personal columns of a sealed record become when erased: a decision's
    item loses the registrant's name and detail, the name inside the model's name and
    inside its frozen paper (`erase_paper`); a council member loses their name."""
    if table == "decision_items":
        registrant = stored.get("registrant") or ""
        values = {"registrant": ERASED, "detail": "",
                  "model_name": erase_name(stored.get("model_name") or "", registrant)}
        if stored.get("paper"):
            values["paper"] = erase_paper(stored["paper"], registrant,
                                          stored.get("detail") or "")
        return values
    if table == "council_members":
        return {"name": ERASED}
    return {}


def is_erasure(table: str, stored: dict[str, Any], incoming: dict[str, Any]) -> bool:
    """Does `incoming` differ from the `stored` row of a sealed record only by the
    erasure of its personal fields, exactly as `erased_values` makes it, in a newer
    version?"""
    wanted = erased_values(table, stored)
    changed = [c for c in incoming if c != "rev" and stored.get(c) != incoming.get(c)]
    if not wanted or not any(c in wanted for c in changed):
        return False
    if int(incoming.get("version") or 0) <= int(stored.get("version") or 0):
        return False
    return all(column in STAMPS or (column in wanted and incoming[column] == wanted[column])
               for column in changed)


def same_person(name_a: str | None, name_b: str | None) -> bool:
    """Names that are the same person's for a search: equal without case and marks."""
    return bool(name_a) and bool(name_b) and fold(name_a) == fold(name_b)
