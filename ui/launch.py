"""Starting the window (`dvk gui`) and rendering screenshots (`dvk screenshots`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.context import AppContext
from app.errors import DvkError
from app.i18n import _, set_language
from app.paths import default_db_path, demo_dir, resource
from app.services.demo.network import DemoOptions, generate_network, load_network


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
    return app


def demo_office_db(folder: Path | None = None) -> Path:
    """The first commune of the ready-made demo network, created on first use."""
    folder = folder or demo_dir()
    if not (folder / "network.json").exists():
        generate_network(folder, DemoOptions())
    network = load_network(folder)
    office = next(o for o in network["offices"] if o["level"] == "xa")
    return folder / office["db"]


def run_gui(db: Path | None, demo: bool, lang: str) -> int:
    set_language(lang)
    app = _application()
    from ui.main_window import MainWindow
    from ui.messages import show_error
    from ui.screens.setup_dialog import SetupDialog

    try:
        path = demo_office_db() if demo and db is None else (db or default_db_path())
        ctx = AppContext.open(path)
    except DvkError as error:
        show_error(None, error, _("DVK cannot start"))
        return 1
    if ctx.setup.needs_setup():
        if not SetupDialog(ctx).exec():
            ctx.close()
            return 0
    window = MainWindow(ctx)
    window.show()
    code = app.exec()
    ctx.close()
    return code


def run_screenshots(db: Path | None, out: str, lang: str) -> int:
    if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") \
            and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
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
