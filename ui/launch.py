"""Starting the window (`dvk gui`) and rendering screenshots (`dvk screenshots`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import errorlog
from app.context import AppContext, stick_warning
from app.errors import DvkError
from app.i18n import _, set_language
from app.paths import default_db_path, demo_dir, resource


def app_icon():
    """The program's icon (resources/icons, drawn by tools/make_icon.py): every window's
    title bar and the taskbar. The executables carry dvk.ico themselves."""
    from PySide6.QtGui import QIcon

    return QIcon(str(resource("icons", "dvk.png")))


def _application():
    from PySide6.QtWidgets import QApplication

    from ui import qt_i18n

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("DVK")
        app.setOrganizationName("DVK")
        qt_i18n.install(app)
    app.setWindowIcon(app_icon())
    from ui import placement

    placement.install(app)
    return app


def demo_office_db(folder: Path | None = None) -> Path:
    """The first commune of the ready-made demo network, created on first use."""
    # Imported here: the generator (and Pillow under it) is not needed to open a window.
    from app.demo.network import DemoOptions, generate_network, load_network

    folder = folder or demo_dir()
    if not (folder / "network.json").exists():
        generate_network(folder, DemoOptions())
    network = load_network(folder)
    office = next(o for o in network["offices"] if o["level"] == "xa")
    return folder / office["db"]


def report_unexpected(kind: type[BaseException], error: BaseException, trace) -> None:
    """sys.excepthook while the window runs: an error nobody caught (in a slot, a
    timer) goes to dvk-errors.log and the clerk is told, never to a console the
    windowed program does not have."""
    if issubclass(kind, KeyboardInterrupt):
        return
    from ui.messages import show_error

    log = errorlog.record(error, trace) or errorlog.LOG_NAME
    if getattr(report_unexpected, "showing", False):
        return  # one message at a time; every error is in the log
    report_unexpected.showing = True
    try:
        show_error(None, _("Unexpected error; nothing saved was lost. Details are in "
                           "{log}.").format(log=log))
    finally:
        report_unexpected.showing = False


def run_gui(db: Path | None, demo: bool, lang: str) -> int:
    set_language(lang)
    app = _application()
    previous_hook, sys.excepthook = sys.excepthook, report_unexpected
    try:
        return _run_window(app, db, demo)
    finally:
        sys.excepthook = previous_hook


def _run_window(app, db: Path | None, demo: bool) -> int:
    from ui.main_window import MainWindow
    from ui.messages import show_error
    from ui.screens.login_dialog import LoginDialog
    from ui.screens.setup_dialog import SetupDialog
    from ui.windows import enter_window

    try:
        path = demo_office_db() if demo and db is None else (db or default_db_path())
        ctx = open_or_rescue(Path(path))
    # Not run_action: the start, before any window (the refusal is the start's message)
    except DvkError as error:
        show_error(None, error, _("DVK cannot start"))
        return 1
    if ctx is None:
        return 1
    warning = stick_warning(ctx.path)
    if warning:
        show_error(None, warning, _("The data file is on a USB stick"))
    # Sign in first: choosing the office is the administrator's job once accounts are on.
    if ctx.accounts.enabled() and not LoginDialog(ctx).exec():
        ctx.close()
        return 0
    first_run = ctx.setup.needs_setup()
    if first_run:
        if not SetupDialog(ctx).exec():
            ctx.close()
            return 0
    if not demo:
        ctx = offer_encryption(ctx, first_run=first_run)
        if ctx is None:
            return 0
    try:
        enter_window(ctx)
    # Not run_action: the start, before any window (the refusal is the start's message)
    except DvkError as error:
        show_error(None, error, _("DVK cannot start"))
        ctx.close()
        return 1
    window = MainWindow(ctx)
    window.show()
    window.start_daily_backup()
    window.check_clock()
    code = app.exec()
    ctx.close()
    return code


def offer_encryption(ctx: AppContext, *, first_run: bool) -> AppContext | None:
    """The data file encrypted at rest (app/atrest.py): always in portable mode (a
    stick gets lost), offered to the administrator on a PC at the first start and when
    asked from the Tools menu. Encrypting replaces the file, so the context is closed
    and opened again (as the same signed-in user). None: in portable mode the clerk
    would not encrypt (DVK stops; nothing was changed)."""
    from app import atrest
    from app.domain.accounts import ADMIN
    from app.errors import PermissionDenied
    from app.paths import portable_dir
    from ui.messages import ask, show_error
    from ui.screens.data_key_dialog import EncryptDialog

    path = Path(ctx.path) if str(ctx.path) != ":memory:" else None
    if path is None or atrest.is_encrypted(path) or ctx.read_only:
        return ctx  # a read-only file (a locked stick, a CD) cannot be replaced
    portable = portable_dir() is not None
    asked = ctx.privacy.encryption_asked()
    if not (portable or asked or first_run):
        return ctx
    if not portable:
        try:
            ctx.accounts.require(ADMIN)
        except PermissionDenied:
            return ctx  # the administrator will be asked at their next start
    if not portable and not asked and ask(None, _("Encrypt the data file?"), _(
            "On a PC several people use, the data file can be encrypted: a stolen PC or a "
            "lost backup then shows nobody the citizens' data, and DVK asks a passphrase "
            "at every start. (Tools > Encrypt the data file... later.)"),
            [("yes", _("Encrypt")), ("cancel", _("Not now"))], default="yes") != "yes":
        return ctx
    office = ctx.units.office().name if ctx.setting("office_code") else ""
    reopen = ctx.opener()
    ctx.close()
    EncryptDialog(path, office, required=portable).exec()
    encrypted = atrest.is_encrypted(path)
    ctx = reopen()
    if encrypted:
        ctx.privacy.encryption_done()
    if portable and not encrypted:
        show_error(None, _("In portable mode (DVK on a USB stick) the data file must be "
                           "encrypted: a lost stick would show the citizens' data. DVK "
                           "stops; start it again to encrypt."), _("Encrypt the data file"))
        ctx.close()
        return None
    return ctx


def open_or_rescue(path: Path) -> AppContext | None:
    """Open the data file (an encrypted one after its passphrase); when it is damaged,
    offer to restore a backup in its place (the damaged file is kept under another
    name); when it is missing, say so and offer a backup or, if the clerk says so, a
    new empty file (never made silently). None: the user gave up."""
    from app import atrest
    from app.services.backup import open_error_is_damage
    from ui.messages import ask
    from ui.screens.data_key_dialog import unlock

    if not path.exists():
        return _missing(path)
    # An encrypted file: its passphrase first (a wrong one changes nothing and is
    # asked again; giving up quits).
    if atrest.needs_unlocking(path) and not unlock(path):
        return None
    try:
        return AppContext.open(path, create=False)
    # Not run_action: the start; a missing or damaged file is offered its rescue instead
    except DvkError as error:
        if getattr(error, "reason", "") == "missing":
            return _missing(path)
        if not open_error_is_damage(error):
            raise
        damage = error
    choice = ask(None, _("DVK cannot start"), damage.message + "\n\n" + _(
        "Restore the data file from a backup now? The damaged file is kept beside it under "
        "another name."), [("restore", _("Restore from a backup...")), ("cancel", _("Quit"))],
        default="restore")
    if choice != "restore":
        return None
    return _restore_in_place(path, damage.message)


def _restore_in_place(path: Path, intro: str) -> AppContext | None:
    from ui.screens.restore_dialog import RestoreDialog

    dialog = RestoreDialog(None, ctx=None, db_path=path, intro=intro)
    if not dialog.exec() or dialog.chosen is None:
        return None
    ctx = AppContext.open(path, create=False)
    ctx.backups.after_restore()
    return ctx


def _missing(path: Path) -> AppContext | None:
    """The data file is not where it was: the very first start makes it; otherwise the
    clerk is told, and chooses between a backup, a new empty file and quitting."""
    from app import atrest
    from app.services.backup import rescue_candidates
    from ui.messages import ask
    from ui.screens.data_key_dialog import unlock

    if atrest.needs_unlocking(path):  # its key file is left: the encrypted backups
        unlock(path)  # can then be listed (without it, a backup can still be chosen)
    backups = rescue_candidates(path)
    if not backups and path == default_db_path():
        return AppContext.open(path, create=True)  # the first start on this PC
    text = _(
        "The data file {path} is not there. If it was moved or deleted (an antivirus, "
        "someone tidying up), put it back and start DVK again, or restore it from a "
        "backup. DVK does not make a new, empty data file in its place unless you ask."
    ).format(path=path)
    choices = ([("restore", _("Restore from a backup..."))] if backups else []) + [
        ("new", _("Make a new, empty data file")), ("cancel", _("Quit"))]
    choice = ask(None, _("The data file is missing"), text, choices, default="cancel")
    if choice == "restore":
        return _restore_in_place(path, text)
    if choice == "new":
        return AppContext.open(path, create=True)
    return None


def run_screenshots(db: Path | None, out: str, lang: str) -> int:
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") \
            and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # What a commune PC shows: a 1366x768 screen less its 40-pixel taskbar.
    from ui.placement import AREA_ENV

    os.environ.setdefault(AREA_ENV, "1366x728")
    set_language(lang)
    _application()
    from ui.screenshots import render_all

    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    if db is None:
        import tempfile

        db = demo_office_db(Path(tempfile.mkdtemp(prefix="dvk-shots-")))
    files = render_all(Path(db), out_dir)
    for path in files:
        print(path)
    return 0
