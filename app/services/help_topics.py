"""Help on each screen and dialog (F1 in the window) and the keyboard shortcuts: what
a screen is for, the steps a clerk takes there, what to look out for. The user guide
(app/services/guide.py) prints the same topics, so the window and the paper never
disagree.

Texts are made when asked (the language may change). Names of screens, menus and
buttons are the very messages the window shows (`_("New registration")`...), so help
never names a button that the window calls something else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from app.i18n import N_, _

# The main window's screens, in the order of its navigation list: (key, title).
SCREENS: list[tuple[str, str]] = [
    ("home", N_("What to do")),
    ("registrations", N_("Registrations")),
    ("stats", N_("Statistics")),
    ("scoring", N_("Scoring")),
    ("council", N_("Council view")),
    ("recognition", N_("Recognition")),
    ("proposals", N_("Proposals")),
    ("decisions", N_("Decisions")),
    ("review", N_("Review of the period")),
    ("units", N_("Units")),
    ("sync", N_("Data exchange")),
    ("communes", N_("Communes")),
    ("rubrics", N_("Rubrics")),
    ("audit", N_("Audit log")),
    ("verify_certificate", N_("Check a certificate")),
    ("privacy", N_("Personal data")),
]


@dataclass(frozen=True)
class Shortcut:
    """A key of the window: `keys` in Qt's portable form ("Ctrl+N"), what it does."""

    name: str
    keys: str
    label: str  # N_() text


# Every shortcut the main window sets (ui/main_window.py reads them from here, the guide
# prints them): one table, so a menu, the help and the paper say the same key.
SHORTCUTS: list[Shortcut] = [
    Shortcut("help", "F1", N_("Help on the screen or window you are in")),
    Shortcut("new", "Ctrl+N", N_("New registration (on the Scoring screen: a new score "
                                 "sheet)")),
    Shortcut("find", "Ctrl+F", N_("Find: the search box of the screen (the registrations' "
                                  "by default)")),
    Shortcut("import_excel", "Ctrl+I", N_("Import registrations from Excel...")),
    Shortcut("export_excel", "Ctrl+E", N_("Export the registrations to Excel...")),
    Shortcut("backup", "Ctrl+B", N_("Back up now...")),
    Shortcut("quit", "Ctrl+Q", N_("Quit")),
    *(Shortcut(f"screen_{key}", f"Ctrl+{number}", title)
      for number, (key, title) in enumerate(SCREENS[:9], start=1)),
]
SHORTCUT_KEYS = {shortcut.name: shortcut.keys for shortcut in SHORTCUTS}
# Keys of the form and the lists (Qt's own or the form's; not menu entries).
FORM_KEYS: list[tuple[str, str]] = [
    ("Enter", N_("In a form: go to the next field, as in Excel")),
    ("Tab / Shift+Tab", N_("Next or previous field; after the last field of a tab, the "
                           "next tab")),
    ("Ctrl+S", N_("Save the registration form")),
    ("Esc", N_("Close a dialog or a message")),
    ("Enter", N_("In a list: open the chosen line")),
]


def shortcut_text(shortcut: Shortcut) -> str:
    """What a shortcut does, in words (a screen's key names the screen)."""
    if shortcut.name.startswith("screen_"):
        return _("Go to the screen {name}").format(name=screen(shortcut.name[len("screen_"):]))
    return _(shortcut.label).rstrip(".")


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    intro: list[str]
    steps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def ui(text: str) -> str:
    """A name as the window shows it, quoted: menus lose their '&', buttons their '...'."""
    return "\u201c" + text.replace("&", "").rstrip(".").strip() + "\u201d"


def screen(key: str) -> str:
    return ui(_(dict(SCREENS)[key]))


def _menu(menu: str, item: str) -> str:
    return f"{ui(_(menu))} > {ui(_(item))}"


def _home() -> Topic:
    return Topic("home", _("What to do"), [
        _("The first screen: the deadlines of this campaign year with the days left or "
          "late, and the work waiting at this office (registrations of the year, score "
          "sheets waiting for the council, models to recognise, proposals not sent, "
          "decisions to issue)."),
    ], [
        _("Read the deadlines: a red line is late, an orange one is due within two weeks."),
        _("Click a line (or go to it with Tab and press Enter or the space bar) to open the "
          "screen where that work is done."),
        _("Come back here with Ctrl+1 at any time."),
    ], [
        _("The dates come from the office's calendar, which the province sends down; they "
          "are never fixed in the program."),
    ])


def _registrations() -> Topic:
    return Topic("registrations", _("Registrations"), [
        _("Every model and exemplar registered at this office and the offices below it, "
          "newest first. A grey line is a registration that was withdrawn: it is kept, "
          "never deleted."),
    ], [
        _("Press {button} (Ctrl+N) to register a model or an exemplar.").format(
            button=ui(_("New registration"))),
        _("Type part of a name in the search box (Ctrl+F): letters without diacritics are "
          "enough, \"dan van\" finds \"Dân vận\". The boxes beside it choose a year, a "
          "field, models or exemplars, new or replicated, a status or a sub-unit."),
        _("Click a column heading to sort by it; click again for the other direction."),
        _("Double-click a line (or choose it and press Enter) to open it; {replicate} "
          "registers a copy of it in another place; {withdraw} marks it withdrawn with a "
          "reason.").format(replicate=ui(_("Replicate")), withdraw=ui(_("Withdraw..."))),
        _("{print} shows the paper form for signing, ready to print or save as PDF.").format(
            print=ui(_("Print the registration..."))),
        _("{import_} reads a register kept in Excel; {export} writes the list as it is "
          "filtered to an Excel workbook.").format(import_=ui(_("Import from Excel...")),
                                                  export=ui(_("Export to Excel..."))),
    ], [
        _("A form left unsaved when the program stopped waits as a draft: the yellow bar "
          "above the list offers to reopen it."),
    ])


def _stats() -> Topic:
    return Topic("stats", _("Statistics"), [
        _("Counts of models registered, replicated, scored, recognised and withdrawn, by "
          "field, kind, status, sub-unit, unit below, level or year, as a table and a "
          "chart."),
    ], [
        _("Choose the year and what to split the counts by."),
        _("Click a number to see the registrations it counts in the list."),
        _("{export} writes every table to one Excel workbook.").format(
            export=ui(_("Export to Excel..."))),
    ])


def _scoring() -> Topic:
    return Topic("scoring", _("Scoring"), [
        _("The score sheets (phiếu chấm điểm) of the models: the self-assessment of the "
          "registrant and the scores of the appraisal council, criterion by criterion, "
          "with the total and the rating the rubric gives."),
    ], [
        _("Press {button} and choose the model to score.").format(
            button=ui(_("New score sheet..."))),
        _("Type each self score and council score (\"8,5\" is accepted); a cell that "
          "cannot be read turns red and no rating is shown until it is fixed."),
        _("{save} keeps the sheet as a draft; {submit} locks the self scores (you are "
          "asked first); {approve} records the council's scores; {lock} closes the sheet "
          "for good.").format(save=ui(_("Save")), submit=ui(_("Submit")),
                              approve=ui(_("Approve")), lock=ui(_("Lock"))),
        _("Several council members: {add} gives each a column; the council's score is "
          "the mean of the members'.").format(add=ui(_("Add member..."))),
    ], [
        _("A locked sheet is changed only with {correct}, which keeps the old edition and "
          "the reason.").format(correct=ui(_("Correct..."))),
    ])


def _council() -> Topic:
    return Topic("council", _("Council view"), [
        _("The ranking of the approved score sheets, by council, field and rubric: what "
          "the appraisal council looks at before it proposes models for recognition."),
    ], [
        _("Choose the year and the level."),
        _("Green lines are eligible to be proposed to the level above (rating Tiêu biểu); "
          "pink ones did not meet a prerequisite."),
        _("Double-click a line to open its score sheet."),
    ])


def _recognition() -> Topic:
    return Topic("recognition", _("Recognition"), [
        _("Every model of the year with where it stands: registered, scored, recognised "
          "or not at this level, proposed or recognised above."),
    ], [
        _("Choose a model and press {recognise}, or {refuse} with the reason, or {back} to "
          "return it to the clerk.").format(recognise=ui(_("Recognise")),
                                            refuse=ui(_("Not recognised...")),
                                            back=ui(_("Send back..."))),
        _("Many at once: Ctrl+click or Shift+click several lines, or {waiting}, then "
          "{recognise}; the list keeps its order.").format(
            waiting=ui(_("Choose those waiting")), recognise=ui(_("Recognise"))),
        _("{sheet} opens its score sheet (or starts one); {history} shows its steps and "
          "the models that replicate it.").format(
            sheet=ui(_("Score sheet")), history=ui(_("History and replications..."))),
    ], [
        _("Green: recognised; pink: not recognised or not eligible."),
    ])


def _proposals() -> Topic:
    return Topic("proposals", _("Proposals"), [
        _("Proposals (tờ trình) to the level above, with the list of recognised models "
          "this office proposes for recognition there."),
    ], [
        _("Press {new} and tick the models to propose.").format(
            new=ui(_("New proposal..."))),
        _("{print} prints the proposal for signing.").format(
            print=ui(_("Print the proposal..."))),
        _("{send} marks it sent: it travels in the next bundle to the office above "
          "({exchange}).").format(send=ui(_("Send")), exchange=screen("sync")),
    ], [
        _("A sent proposal is shown in green and no longer changes."),
    ])


def _decisions() -> Topic:
    return Topic("decisions", _("Decisions"), [
        _("Recognition decisions (quyết định công nhận) with their annex, numbered from "
          "the office's numbering book, and their certificates."),
    ], [
        _("Press {new}, then add the recognised models.").format(
            new=ui(_("New decision"))),
        _("Before issuing, {preview} shows the draft marked DỰ THẢO; {add} and {remove} "
          "change its list (in commune order, then by name).").format(
            preview=ui(_("Preview the draft...")), add=ui(_("Add models...")),
            remove=ui(_("Take off the draft"))),
        _("{issue} gives it its number and the date it is signed (today, or the day you "
          "choose); an issued decision never changes ({correct} makes a new one that "
          "replaces it).").format(issue=ui(_("Issue...")), correct=ui(_("Correct..."))),
        _("{print} prints the decision and its annex; {certificates} previews the "
          "certificates, then saves them all in one PDF.").format(
            print=ui(_("Print the decision...")), certificates=ui(_("Certificates..."))),
        _("{one} prints again the certificate of the model chosen (damaged, misspelt); "
          "{commune} those of one commune, for its envelope.").format(
            one=ui(_("Certificate of the model chosen...")),
            commune=ui(_("Certificates of a commune..."))),
    ], [
        _("Certificates of this office carry a signed QR code: anyone can check them "
          "with {check}.").format(check=screen("verify_certificate")),
    ])


def _review() -> Topic:
    return Topic("review", _("Review of the period"), [
        _("The figures of a mid-term or final review (sơ kết, tổng kết) of the movement's "
          "period, year by year."),
    ], [
        _("Choose the period and read the tables."),
        _("{print} prints the summary report.").format(
            print=ui(_("Print the summary report..."))),
    ])


def _units() -> Topic:
    return Topic("units", _("Units"), [
        _("This office, the office it reports to, and its sub-units: villages, residential "
          "groups, Party cells, association branches, agencies. Registrations of "
          "collectives name one of them."),
    ], [
        _("Press {add} and type the name and the kind of each sub-unit.").format(
            add=ui(_("Add sub-unit..."))),
        _("{merge} records that a unit was merged into another (sáp nhập) from a day: the "
          "old unit and its records are kept.").format(merge=ui(_("Merge units..."))),
    ])


def _sync() -> Topic:
    return Topic("sync", _("Data exchange"), [
        _("Sending this office's data to the office above (and decisions down) as a "
          "signed bundle on a USB stick, and importing the bundles others send."),
    ], [
        _("The first time: {connect} makes the office key, the key card to send up, and "
          "tells you what to say on the phone.").format(
            connect=ui(_("Connect with the office above..."))),
        _("{send}: choose the office, press {write} and save the bundle on the stick.").format(
            send=ui(_("Send")), write=ui(_("Write bundle..."))),
        _("{receive}: press {choose}, read the preview (new, updated, unchanged, refused), "
          "then {import_}.").format(receive=ui(_("Receive")),
                                    choose=ui(_("Choose bundles...")),
                                    import_=ui(_("Import into this office's data"))),
        _("Above the communes, {folder} takes a whole USB stick at once (or drag the bundles "
          "onto the tab): every bundle is checked, shown commune by commune and imported "
          "in order, with one report of who sent what and which communes are still "
          "missing.").format(folder=ui(_("Choose a folder or the USB stick..."))),
        _("{all}: one bundle for every commune below (or those chosen), each in a folder "
          "named after it, the passphrase asked once; the list of bundles written says "
          "whether each commune has imported its bundle.").format(
            all=ui(_("Send to every office below..."))),
        _("{keys}: the keys this office trusts; enrol another office's key card here after "
          "hearing its check code on the phone.").format(keys=ui(_("Keys"))),
    ], [
        _("The passphrase of the office key is asked once per session; {lock} closes the "
          "key again.").format(lock=ui(_("Lock the signing key"))),
        _("A bundle that cannot be trusted is refused whole, with the reason, and nothing "
          "is written."),
    ])


def _communes() -> Topic:
    return Topic("communes", _("Communes"), [
        _("At an office above the communes: every commune below it, who has sent this "
          "year and who has not, what waits for a decision and what is late, and whether "
          "each commune has imported the decisions sent down."),
    ], [
        _("Choose the year; tick {missing} to see only the communes that sent nothing.").format(
            missing=ui(_("Only those that have sent nothing this year"))),
        _("{print} prints the board, {excel} saves it for Excel.").format(
            print=ui(_("Print...")), excel=ui(_("Export to Excel..."))),
    ], [
        _("A commune has imported a bundle sent down when its next bundle up says so: "
          "until then it shows as not yet imported."),
    ])


def _rubrics() -> Topic:
    return Topic("rubrics", _("Rubrics"), [
        _("The criteria and points of the score sheets, one rubric for collectives and one "
          "for individuals (suggested defaults: adjust them to your local guideline)."),
    ], [
        _("Choose a rubric, change its criteria or thresholds and press {save}; a rubric "
          "already used by a score sheet is kept, and the change becomes a new edition.").format(
            save=ui(_("Save"))),
        _("{assign} chooses which rubric scores a year and level.").format(
            assign=ui(_("Use for a year and level..."))),
    ])


def _audit() -> Topic:
    return Topic("audit", _("Audit log"), [
        _("Who did what and when in this data file: every save, import, export, decision "
          "and sign-in, in a log that cannot be rewritten unseen."),
    ], [
        _("Filter by person or date and press {show}; {print} prints it.").format(
            show=ui(_("Show")), print=ui(_("Print..."))),
    ])


def _verify() -> Topic:
    return Topic("verify_certificate", _("Check a certificate"), [
        _("Is a printed certificate genuine? DVK reads its QR code and checks the "
          "signature offline."),
    ], [
        _("Press {choose} and pick a photo, a scan or the PDF of the certificate, or paste "
          "the code's text and press {check}.").format(
            choose=ui(_("Choose a photo, scan or PDF...")), check=ui(_("Check the code"))),
        _("Read the verdict: genuine, not genuine, or cannot be confirmed (with the reason)."),
    ])


def _privacy() -> Topic:
    return Topic("privacy", _("Personal data"), [
        _("What this office holds about a person (an individual registered as an "
          "exemplar), and the person's requests under the law on personal data."),
    ], [
        _("Type the person's name and press {find}.").format(find=ui(_("Find"))),
        _("{correct} corrects the person's data; {erase} erases it (the model's record and "
          "the decisions' numbers stay; the erasure travels to the other offices).").format(
            correct=ui(_("Correct...")), erase=ui(_("Erase..."))),
    ])


def _registration_form() -> Topic:
    return Topic("registration_form", _("The registration form"), [
        _("One model or exemplar: who registers, its name and field, its situation and "
          "goals, forces and resources, timeline and results, and evidence files."),
    ], [
        _("Fill the tabs from left to right. Enter moves to the next field, as in Excel; "
          "Tab after the last field of a tab goes on to the next tab."),
        _("A field with a problem is marked in red with what to do, and its tab is marked; "
          "what you typed is kept as a draft meanwhile."),
        _("Press {save} (Ctrl+S) when done; the form can be printed from the list.").format(
            save=ui(_("Save"))),
    ])


def _score_sheet() -> Topic:
    topic = _scoring()
    return Topic("score_sheet", _("A score sheet"), topic.intro, topic.steps, topic.notes)


def _excel_import() -> Topic:
    return Topic("excel_import", _("Importing from Excel"), [
        _("Registrations read from an Excel register as the office keeps it (titles, "
          "group rows, several sheets), shown before anything is saved."),
    ], [
        _("Check which sheets are read and which column holds what."),
        _("Read the preview: every row that will be added, updated, refused (with the "
          "reason) or skipped."),
        _("Import: the rows without problems are saved; correct the refused ones in Excel "
          "and import the file again (nothing is added twice)."),
    ])


def _print_preview() -> Topic:
    return Topic("print_preview", _("Print preview"), [
        _("The paper exactly as it will print, page by page."),
    ], [
        _("{print} sends it to the printer; {save} writes the PDF (to send or print "
          "elsewhere), then {open_} or {folder} show it.").format(
            print=ui(_("Print...")), save=ui(_("Save PDF...")),
            open_=ui(_("Open the PDF")), folder=ui(_("Open the folder"))),
    ])


def _restore() -> Topic:
    return Topic("restore", _("Restoring a backup"), [
        _("The backups found, grouped by office, newest first, and what the chosen one "
          "holds before anything changes."),
    ], [
        _("Choose a backup of your office and read what it holds (date, office, counts)."),
        _("Press {restore}: the data as it is now is copied aside first, nothing is "
          "deleted.").format(restore=ui(_("Restore this backup"))),
    ])


def _connect() -> Topic:
    return Topic("connect", _("Connect with the office above"), [
        _("The first exchange with the office above, step by step: the office key, the key "
          "card, the phone call."),
    ], [
        _("Choose a passphrase (type it twice) and keep it safe: it unlocks the office's "
          "signature."),
        _("Save or print the key card and send the file to the office above."),
        _("Call them and read the check code group by group; they type each group. Then "
          "enrol their card the same way."),
    ])


def _setup() -> Topic:
    return Topic("setup", _("Which office is this?"), [
        _("The first start: DVK asks which office this data file belongs to."),
    ], [
        _("Type part of the commune's or ward's name (without diacritics is enough) and "
          "choose it in the list."),
        _("Choose the organisation: two tiers (commune - province, since July 2025) or "
          "three tiers (with the district)."),
    ])


def _sign_in() -> Topic:
    return Topic("sign_in", _("Signing in"), [
        _("This office uses accounts: each person signs in with their own name, so the "
          "audit log names who did what."),
    ], [
        _("Type your user name and password. Forgotten: ask the administrator of the "
          "office (quản trị) to set a new one."),
    ])


def _accounts() -> Topic:
    return Topic("accounts", _("Accounts"), [
        _("The people who may use this data file and their roles: data entry, approve "
          "and sign, administrator."),
    ], [
        _("Add each person with a role; disable an account when someone leaves."),
    ])


def _print_settings() -> Topic:
    return Topic("print_settings", _("Print settings"), [
        _("What the office's papers print: the bodies' names, the place, the signer, the "
          "emblem, Party or State layout."),
    ], [
        _("Empty fields print the default shown in grey; fill in the signer's name and "
          "title once."),
    ])


_TOPICS: dict[str, Callable[[], Topic]] = {
    "home": _home, "registrations": _registrations, "stats": _stats, "scoring": _scoring,
    "council": _council, "recognition": _recognition, "proposals": _proposals,
    "decisions": _decisions, "review": _review, "units": _units, "sync": _sync,
    "communes": _communes,
    "rubrics": _rubrics, "audit": _audit, "verify_certificate": _verify,
    "privacy": _privacy, "registration_form": _registration_form,
    "score_sheet": _score_sheet, "excel_import": _excel_import,
    "print_preview": _print_preview, "restore": _restore, "connect": _connect,
    "setup": _setup, "sign_in": _sign_in, "accounts": _accounts,
    "print_settings": _print_settings,
}
DIALOGS = [key for key in _TOPICS if key not in dict(SCREENS)]


def topic(key: str) -> Topic:
    """The help of a screen or dialog by its key (`SCREENS`, `DIALOGS`)."""
    return _TOPICS[key]()


def screen_topics() -> list[Topic]:
    return [topic(key) for key, _title in SCREENS]
