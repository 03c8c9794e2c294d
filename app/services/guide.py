"""The user guide (Hướng dẫn sử dụng DVK): a printable paper the program makes with its
own printing code (a GuideDoc through the one renderer), in the window's language.

It holds what a commune clerk does in the first week, day by day; the campaign year
step by step, with this office's own deadlines from its calendar (never dates fixed
in the program); every screen and window as its F1 help shows it
(app/services/help_topics.py); the keyboard shortcuts; and what to do when something
goes wrong. The window opens it from Help (*Trợ giúp > Hướng dẫn sử dụng*), the command
line writes it with `dvk guide --out FILE.pdf`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import app
from app import clock
from app.errors import DvkError
from app.i18n import _, format_date
from app.printing.model import GuideDoc, GuideSection, Step, TableBlock
from app.repositories import calendar as calendar_repo
from app.repositories.storage import storage_errors
from app.services.help_topics import (
    DIALOGS,
    FORM_KEYS,
    SCREENS,
    SHORTCUTS,
    Topic,
    screen,
    shortcut_text,
    topic,
    ui,
)

if TYPE_CHECKING:
    from app.datafile.office_file import OfficeFile
    from app.services.printing import PrintService
    from app.services.registrations import RegistrationService
    from app.services.units import UnitService

FILE_NAME = "Huong-dan-su-dung-DVK.pdf"


def _menu(*path: str) -> str:
    return " > ".join(ui(_(part)) for part in path)


class GuideService:
    def __init__(self, file: OfficeFile, *, units: UnitService,
                 registrations: RegistrationService, printing: Callable[[], PrintService]):
        self.file = file
        self.units = units
        self.registrations = registrations
        self._printing = printing

    # -- what the office knows ------------------------------------------------------------
    def _office_name(self) -> str:
        try:
            return self.units.office().name
        except DvkError:
            return ""

    def _year_and_deadlines(self) -> tuple[int, dict[str, dt.date]]:
        """The campaign year a registration made today is for, and its deadlines."""
        try:
            year = self.registrations.default_year()
            with storage_errors():
                row = calendar_repo.campaign_year(self.file.db, year)
        except DvkError:
            return clock.today().year, {}
        if row is None:
            return year, {}
        return year, {key: dt.date.fromisoformat(row[f"{key}_deadline"])
                      for key in ("registration", "proposal", "recognition")
                      if row.get(f"{key}_deadline")}

    # -- the paper ------------------------------------------------------------------------
    def document(self) -> GuideDoc:
        office = self._office_name()
        year, deadlines = self._year_and_deadlines()
        return GuideDoc(
            title=_("DVK USER GUIDE"),
            subtitle=(_("For {office}, campaign year {year}").format(office=office, year=year)
                      if office else _("Campaign year {year}").format(year=year)),
            sections=[self._about(), self._first_week(), *self._year(year, deadlines),
                      *self._screens(), self._shortcuts(), self._trouble()],
            footer=_("Made by DVK {version} on {date}. F1 in any screen of the program shows "
                     "the part of this guide about it.").format(
                version=app.__version__, date=format_date(clock.today())))

    def render(self) -> bytes:
        return self._printing().render(self.document())

    def save(self, target: str | Path) -> Path:
        return self._printing().save(self.document(), target)

    def _about(self) -> GuideSection:
        return GuideSection(_("1. What DVK does"), paragraphs=[
            _("DVK keeps the \"Dân vận khéo\" movement of an office on one PC, with no "
              "network: the models and exemplars registered each year, their score sheets, "
              "recognition and decisions, the papers to print (registration forms, score "
              "sheets, proposals, decisions, certificates, reports), and the exchange of "
              "data with the office above on a USB stick."),
            _("The window has a list of screens on the left; {home} opens first and says "
              "what is due. Every screen has its help: press F1. The menus {file}, {tools} "
              "and {help} hold the rest; a menu entry shows its keyboard shortcut beside "
              "it.").format(home=screen("home"), file=ui(_("&File")), tools=ui(_("&Tools")),
                            help=ui(_("&Help"))),
        ])

    def _first_week(self) -> GuideSection:
        return GuideSection(_("2. The first week of a commune clerk"), paragraphs=[
            _("What to do, day by day, when DVK arrives at a commune or ward office."),
        ], steps=[
            Step(_("Day 1 - Start DVK and say which office this is."), [
                _("At the first start DVK asks for the office: type part of the commune's "
                  "name (\"lien ha\" finds \"Xã Liêm Hà\") and choose it; choose \"two "
                  "tiers\" (commune - province, since July 2025)."),
                _("Read {home}: the deadlines of the year and the work waiting.").format(
                    home=screen("home")),
                _("{settings}: the names the papers print, the signer, the emblem.").format(
                    settings=_menu("&Tools", "Print settings...")),
            ]),
            Step(_("Day 1 - Enter the sub-units."), [
                _("In {units}, press {add} for each village, residential group, Party cell, "
                  "association branch and agency of the commune.").format(
                    units=screen("units"), add=ui(_("Add sub-unit..."))),
            ]),
            Step(_("Day 2 - Enter the registrations."), [
                _("In {screen}, press {new} (Ctrl+N) for each model or exemplar; fill the "
                  "tabs and save (Ctrl+S). Enter moves to the next field.").format(
                    screen=screen("registrations"), new=ui(_("New registration"))),
                _("A register kept in Excel: {menu} (Ctrl+I) reads it and shows every row "
                  "before saving. Villages may also fill in {template}.").format(
                    menu=_menu("&File", "Import registrations from Excel..."),
                    template=_menu("&File", "Excel template for registrations...")),
            ]),
            Step(_("Day 3 - Print the forms; back up."), [
                _("{print} gives each registration form for signing.").format(
                    print=ui(_("Print the registration..."))),
                _("{backup} (Ctrl+B) copies the data file to a USB stick. DVK also makes a "
                  "backup by itself on the first start of each day.").format(
                    backup=_menu("&Tools", "Back up now...")),
                _("If several people share the PC: {accounts}, one account each.").format(
                    accounts=_menu("&Tools", "Accounts...")),
            ]),
            Step(_("Day 4 - Connect with the office above."), [
                _("In {sync}, tab {send}, press {connect}: DVK makes the office key (choose "
                  "a passphrase and keep it safe), the key card to send to the province, and "
                  "says what to read on the phone.").format(
                    sync=screen("sync"), send=ui(_("Send")),
                    connect=ui(_("Connect with the office above..."))),
                _("Call the province and read the check code group by group; enrol the "
                  "province's key card in {keys} the same way.").format(
                    keys=ui(_("Keys"))),
            ]),
            Step(_("Day 5 - Send the first bundle."), [
                _("{send}: choose the province, press {write} and save the bundle on the "
                  "stick; take it or send it to the province.").format(
                    send=ui(_("Send")), write=ui(_("Write bundle..."))),
                _("When the province sends a bundle back: {receive}, {choose}, read the "
                  "preview, then import.").format(receive=ui(_("Receive")),
                                                  choose=ui(_("Choose bundles..."))),
            ]),
        ])

    def _year(self, year: int, deadlines: dict[str, dt.date]) -> list[GuideSection]:
        def due(key: str) -> str:
            return format_date(deadlines[key]) if key in deadlines else _("(not set)")

        cycle = GuideSection(
            _("3. The campaign year {year}, step by step").format(year=year), paragraphs=[
                _("The deadlines below are this office's, from its calendar (the province "
                  "sends it down); {home} counts the days left.").format(home=screen("home")),
            ], steps=[
                Step(_("Registration of new and replicated models: before {date}.").format(
                    date=due("registration")), [
                    _("Collect the registration forms, enter them in {screen}, print them "
                      "for signing.").format(screen=screen("registrations")),
                ]),
                Step(_("Carrying out: through the year."), [
                    _("Add milestones and evidence files (photos, documents) to each "
                      "registration; withdraw the ones that stop, with the reason."),
                ]),
                Step(_("Self-assessment and scoring."), [
                    _("In {scoring}, a score sheet per model: the self scores, {submit}; the "
                      "council's scores, {approve}, {lock}. {council} ranks them.").format(
                        scoring=screen("scoring"), submit=ui(_("Submit")),
                        approve=ui(_("Approve")), lock=ui(_("Lock")),
                        council=screen("council")),
                ]),
                Step(_("Recognition at the commune."), [
                    _("In {recognition}, {recognise} each model that deserves it; in "
                      "{decisions}, a decision with its annex, {issue}, then print it and "
                      "the certificates.").format(
                        recognition=screen("recognition"), recognise=ui(_("Recognise")),
                        decisions=screen("decisions"), issue=ui(_("Issue..."))),
                ]),
                Step(_("Proposals to the level above: before {date}.").format(
                    date=due("proposal")), [
                    _("In {proposals}, a proposal with the best models, printed and signed, "
                      "{send}; then a bundle to the province in {sync}.").format(
                        proposals=screen("proposals"), send=ui(_("Send")),
                        sync=screen("sync")),
                ]),
                Step(_("Recognition at every level: before {date}.").format(
                    date=due("recognition")), [
                    _("The province's decisions arrive in its bundle: import it, and the "
                      "models recognised above show in {recognition}.").format(
                        recognition=screen("recognition")),
                ]),
                Step(_("Figures and reports."), [
                    _("{stats} counts the year (and exports it to Excel); {review} prints "
                      "the summary report of a mid-term or final review.").format(
                        stats=screen("stats"), review=screen("review")),
                ]),
            ])
        return [cycle]

    def _screens(self) -> list[GuideSection]:
        sections = [GuideSection(_("4. The screens"), paragraphs=[
            _("What each screen of the left-hand list is for (F1 there shows the same).")])]
        sections += [self._topic_section(f"4.{index}", topic(key))
                     for index, (key, _title) in enumerate(SCREENS, start=1)]
        sections.append(GuideSection(_("5. The windows"), paragraphs=[
            _("Windows that open over the screens (F1 in them shows the same).")]))
        sections += [self._topic_section(f"5.{index}", topic(key))
                     for index, key in enumerate(DIALOGS, start=1)]
        return sections

    @staticmethod
    def _topic_section(number: str, item: Topic) -> GuideSection:
        return GuideSection(f"{number}. {item.title}", paragraphs=list(item.intro),
                            steps=[Step(text) for text in item.steps], after=list(item.notes))

    def _shortcuts(self) -> GuideSection:
        rows = [[shortcut.keys, shortcut_text(shortcut)] for shortcut in SHORTCUTS]
        rows += [[keys, _(label)] for keys, label in FORM_KEYS]
        return GuideSection(_("6. Keyboard shortcuts"), paragraphs=[
            _("The menus show the same keys beside their entries; {menu} lists them in the "
              "window.").format(menu=_menu("&Help", "Keyboard shortcuts..."))],
            tables=[TableBlock([_("Keyboard keys"), _("What they do")], rows, widths=[1, 3])])

    def _trouble(self) -> GuideSection:
        return GuideSection(_("7. When something goes wrong"), steps=[
            Step(_("DVK says the data file is damaged or missing."), [
                _("Choose {restore}: the backups of this office are listed, newest first; "
                  "what is there now is kept aside, nothing is deleted.").format(
                    restore=ui(_("Restore from a backup...")))]),
            Step(_("A yellow bar says the PC's clock is wrong."), [
                _("Set the date and time of Windows right, then restart DVK: dates of "
                  "registrations and decisions come from the clock.")]),
            Step(_("The province refuses a bundle."), [
                _("Read the reason it gives. Most often the key was not enrolled yet: do "
                  "day 4 of the first week again, then send a new bundle.")]),
            Step(_("The passphrase of the office key is forgotten."), [
                _("Nobody can recover it. Call the office above: a new office key is made "
                  "here (the technician runs \"dvk keys init --replace\"), its key card goes "
                  "up, and the office above puts it in place of the old one with "
                  "{replace}.").format(replace=ui(_("Replace a lost key...")))]),
            Step(_("Anything else."), [
                _("Note what the message says, then call the office above. DVK writes "
                  "details for the technician in dvk-errors.log in its data folder.")]),
        ])
