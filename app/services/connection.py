"""Connecting an office to the office above it, the first time: the guided steps of
"Kết nối với cấp trên" and the papers they make.

An exchange needs two things done once, by people, in this order: this office makes its
signing key, and the office above enrols it from the key card after hearing its check
code over the phone (so nobody can slip in a card of their own); the office above hands
its own card back the same way. `state()` says how far an office got, `card_sheet()`
is the paper the clerk keeps by the phone, `phone_script()` what to say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app import clock
from app.domain.keys import KnownKey, OwnKey
from app.domain.units import Unit
from app.errors import DvkError
from app.filenames import readable_file_name
from app.i18n import _, format_date
from app.printing.model import GuideDoc, GuideSection, Step

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.ports import Keys, Trust
    from app.services.units import UnitService

CARD_SUFFIX = ".dvkkey"


@dataclass(frozen=True)
class ConnectionState:
    office: Unit
    parent: Unit | None  # None: the top of the tree (a province sends only down)
    own_key: OwnKey | None
    parent_key: KnownKey | None  # the parent's valid key this office trusts

    @property
    def has_key(self) -> bool:
        return self.own_key is not None

    @property
    def parent_enrolled(self) -> bool:
        return self.parent_key is not None

    @property
    def connected(self) -> bool:
        return self.has_key and (self.parent is None or self.parent_enrolled)


def groups(fingerprint: str) -> list[str]:
    """The check code's groups of five digits, as read over the phone."""
    return fingerprint.split()


class ConnectionService:
    def __init__(self, file: OfficeFile, *, units: UnitService,
                 keys: Callable[[], Keys], trust: Callable[[], Trust]):
        self.file = file
        self.units = units
        self._keys = keys
        self._trust = trust

    def state(self) -> ConnectionState:
        office = self.units.office()
        parent = self.units.parent_office()
        parent_key = None
        if parent is not None:
            parent_key = next((k for k in self._trust().keys()
                               if k.unit_code == parent.code and k.valid), None)
        return ConnectionState(office, parent, self._keys().own(), parent_key)

    def card_file_name(self) -> str:
        return readable_file_name(_("Key card"), self.units.office().name,
                                  suffix=CARD_SUFFIX)

    def sheet_file_name(self) -> str:
        return readable_file_name(_("Key card"), self.units.office().name,
                                  suffix=".pdf")

    def phone_script(self, fingerprint: str, parent: Unit | None, *,
                     spell_groups: bool = True) -> list[str]:
        """What the clerk says on the phone to the office above, line by line
        (`spell_groups`: each group digit by digit, for the printed sheet)."""
        office = self.units.office()
        lines = [_("This is {office}. We sent you our key card, the file {file}.").format(
            office=office.name, file=self.card_file_name()),
            _("Please open Data exchange > Keys > Enrol a key card..., choose the file, "
              "and type the check code I read now, group by group:")]
        if spell_groups:
            lines += [_("group {number}: {digits}").format(number=number,
                                                           digits=" ".join(group))
                      for number, group in enumerate(groups(fingerprint), start=1)]
        if parent is not None:
            lines.append(_("Then please send us the key card of {parent} and read us its "
                           "check code the same way.").format(parent=parent.name))
        return lines

    def card_sheet(self) -> GuideDoc:
        """The paper to keep by the phone: the check code in large print, whom to send
        the card to, what to say. Holds no secret (the check code is public)."""
        state = self.state()
        if state.own_key is None:
            raise DvkError(_("This office has no signing key yet: create it first."))
        fingerprint = state.own_key.fingerprint
        parent = state.parent.name if state.parent else _("the office above")
        send = GuideSection(_("What to do"), steps=[
            Step(_("Copy the key card file {file} to a USB stick (or attach it to an "
                   "e-mail) and give it to {parent}.").format(file=self.card_file_name(),
                                                              parent=parent)),
            Step(_("Call {parent} on a number you know is theirs. Read out the check code "
                   "above group by group; the person there types each group.").format(
                parent=parent),
                 [_("If a group does not match, the card was changed on the way: make a "
                    "new card and send it again.")]),
            Step(_("Ask {parent} for its own key card and listen to its check code; enrol "
                   "it here in Data exchange > Keys > Enrol a key card...").format(
                parent=parent)),
            Step(_("Done: write bundles in Data exchange > Send; the office above imports "
                   "them in Data exchange > Receive."))])
        say = GuideSection(_("What to say on the phone"),
                           paragraphs=self.phone_script(fingerprint, state.parent))
        return GuideDoc(
            title=_("KEY CARD OF {office}").format(office=state.office.name.upper()),
            subtitle=_("Check code of the signing key, made {date}").format(
                date=format_date(clock.today())),
            large=[_("Check code:"), "   ".join(groups(fingerprint))],
            sections=[send, say],
            footer=_("This paper holds no secret: the check code only lets the other office "
                     "be sure the key card is yours. Never tell anyone the passphrase."))
