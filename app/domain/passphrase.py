"""How strong a passphrase looks, said to the clerk while typing it.

Not a gate (the key service only asks for MIN_LENGTH characters): a hint that pushes
towards a few words or a long mixed string instead of "12345678" or the office's name.
Scored on length and on kinds of characters; a passphrase made of one repeated
character, a run of digits or a well-known word is weak whatever its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import _

MIN_LENGTH = 8

TOO_SHORT, WEAK, FAIR, STRONG = 0, 1, 2, 3

# The passwords most often tried first (lists of leaked passwords), Vietnamese ones too.
COMMON = {"12345678", "123456789", "1234567890", "password", "matkhau", "matkhau123",
          "qwertyui", "abcdefgh", "11111111", "00000000", "88888888", "iloveyou",
          "admin123", "abc12345", "vietnam", "danvankheo", "dvk12345"}


@dataclass(frozen=True)
class Strength:
    level: int  # TOO_SHORT .. STRONG
    label: str
    advice: str


def strength(passphrase: str) -> Strength:
    text = passphrase or ""
    folded = "".join(ch for ch in text.lower() if not ch.isspace())
    if len(text) < MIN_LENGTH:
        return Strength(TOO_SHORT, _("too short"), _(
            "At least {count} characters.").format(count=MIN_LENGTH))
    kinds = sum([any(c.islower() for c in text), any(c.isupper() for c in text),
                 any(c.isdigit() for c in text), any(not c.isalnum() for c in text)])
    words = len(text.split())
    plain = (len(set(folded)) <= 3 or folded in COMMON or folded.isdigit()
             or any(folded.startswith(word) and len(folded) < len(word) + 4
                    for word in COMMON))
    if plain:
        return Strength(WEAK, _("weak"), _(
            "Easy to guess: use a few words only you would put together, or a longer "
            "mix of letters, digits and signs."))
    if len(text) >= 16 or (words >= 3 and len(text) >= 14) or (len(text) >= 12 and kinds >= 3):
        return Strength(STRONG, _("strong"), _("Good. Write it down and keep it in a safe "
                                                "place."))
    return Strength(FAIR, _("fair"), _(
        "Could be longer: three or four words, or 12 characters with digits and signs."))
