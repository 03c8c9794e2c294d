"""Run the built program's entry (installer/dvk_main.py) the way the windowed dvk.exe
runs on Windows: no console, so sys.stdout and sys.stderr are None. The window opens
on a demo commune, every screen is shown, an error nobody catches is raised in a slot,
the daily backup runs, and the window is closed. What happened is written to the JSON
file named by the first argument (there is nowhere else to print it).

    python tests/windows/gui_without_console.py RESULT.json DATA_FILE
"""

import json
import runpy
import sys
from pathlib import Path

result_file, data_file = Path(sys.argv[1]), sys.argv[2]
root = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(root))
sys.stdout = None
sys.stderr = None

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

app = QApplication(sys.argv[:1])
seen: dict = {"screens": [], "messages": []}


def window():
    from ui.main_window import MainWindow

    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, MainWindow) and w.isVisible()), None)


def drive(step: int = 0) -> None:
    main = window()
    if main is None:
        QTimer.singleShot(50, lambda: drive(step))
        return
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        seen["messages"].append(box.text())
        box.done(0)
    if step < len(main.pages):
        name = main.pages[step][1]
        main.open_screen(name)
        seen["screens"].append(name)
        QTimer.singleShot(10, lambda: drive(step + 1))
    elif step == len(main.pages):
        QTimer.singleShot(0, lambda: 1 / 0)  # a bug in a slot: nobody catches it
        QTimer.singleShot(200, lambda: drive(step + 1))
    elif main.jobs.wait(10_000):  # the daily backup
        seen["title"] = main.windowTitle()
        main.close()


QTimer.singleShot(0, drive)
sys.argv = ["dvk", "--db", data_file]  # no command: a double click opens the window
code = None
try:
    runpy.run_path(str(root / "installer" / "dvk_main.py"), run_name="__main__")
except SystemExit as done:
    code = done.code
seen.update(code=code, stdout=type(sys.stdout).__name__, stderr=type(sys.stderr).__name__,
            written=getattr(sys.stdout, "written", None), errors_written=getattr(
                sys.stderr, "written", None))
result_file.write_text(json.dumps(seen, ensure_ascii=False), encoding="utf-8")
