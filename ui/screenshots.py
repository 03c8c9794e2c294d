"""Render every main screen to PNG (`dvk screenshots --out DIR`), to look at them."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from app.context import AppContext
from ui.main_window import MainWindow
from ui.screens.registration_dialog import RegistrationDialog
from ui.screens.setup_dialog import SetupDialog


def _settle() -> None:
    for _round in range(3):
        QApplication.processEvents()


def _shot(widget: QWidget, path: Path) -> Path:
    widget.show()
    _settle()
    widget.grab().save(str(path))
    return path


def render_scoring(window: MainWindow, out: Path) -> list[Path]:
    """The scoring list, a sheet being typed, the council view and the rubrics."""
    files = []
    window.nav.setCurrentRow(window.stack.indexOf(window.scoring))
    files.append(_shot(window, out / "08-scoring.png"))
    screen = window.scoring
    approved = next((row for row in range(screen.model.rowCount())
                     if screen.model.standing(row).state == "da_duyet"), 0)
    screen.table.selectRow(approved)
    dialog = screen.open_selected()
    if dialog is not None:
        files.append(_shot(dialog, out / "09-score-sheet.png"))
        dialog.close()
    draft = next((row for row in range(screen.model.rowCount())
                  if screen.model.standing(row).state == "nhap"), None)
    if draft is not None:
        screen.table.selectRow(draft)
        dialog = screen.open_selected()
        if dialog is not None:
            table = dialog.screen.table
            table.setCurrentCell(0, 2)
            table.item(0, 2).setText("16")
            files.append(_shot(dialog, out / "10-score-sheet-error.png"))
            dialog.screen.dirty = False
            dialog.close()
    window.nav.setCurrentRow(window.stack.indexOf(window.council))
    files.append(_shot(window, out / "11-council.png"))
    window.nav.setCurrentRow(window.stack.indexOf(window.rubrics))
    files.append(_shot(window, out / "12-rubrics.png"))
    return files


def render_stats(window: MainWindow, db: Path, out: Path) -> list[Path]:
    """Statistics (the office's, and the province's when the demo network is there), a
    figure clicked through to its list, and the import of an old register."""
    files = []
    screen = window.stats
    window.nav.setCurrentRow(window.stack.indexOf(screen))
    screen.by.setCurrentIndex(screen.by.findData("field"))
    files.append(_shot(window, out / "40-statistics.png"))
    row = next((i for i, r in enumerate(screen.current.rows) if r.counts["replications"]), 0)
    column = [name for name, _l in screen.current.measures].index("replications") + 1
    screen.open_cell(row, column)
    window.jobs.wait(5000)
    files.append(_shot(window, out / "41-statistics-list.png"))
    window.registrations.clear_extra_filters()
    window.registrations.show_query(type(window.registrations.model.query)())
    folder = Path(db).parent / "excel"
    own = folder / f"so-dang-ky-cu-{window.ctx.office_code}.xlsx"
    register = own if own.exists() else next(iter(sorted(folder.glob("so-dang-ky-cu-*.xlsx"))),
                                               None)
    if register is not None:
        dialog = window.registrations.import_excel(str(register))
        window.jobs.wait(10000)
        _settle()
        files.append(_shot(dialog, out / "42-import-columns.png"))
        dialog.preview()
        window.jobs.wait(10000)
        _settle()
        files.append(_shot(dialog, out / "43-import-preview.png"))
        dialog.close()
    province = next(iter(sorted(Path(db).parent.glob("tinh-*.sqlite"))), None)
    if province is not None:
        ctx = AppContext.open(province)
        other = MainWindow(ctx)
        other.resize(1280, 800)
        other.nav.setCurrentRow(other.stack.indexOf(other.stats))
        files.append(_shot(other, out / "44-statistics-province.png"))
        other.stats.by.setCurrentIndex(other.stats.by.findData("subunit"))
        files.append(_shot(other, out / "45-statistics-subunits.png"))
        other.jobs.wait(3000)
        other.close()
        ctx.close()
    return files


def render_all(db: Path, out: Path) -> list[Path]:
    files: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh = AppContext.open(Path(scratch) / "new.sqlite")
        setup = SetupDialog(fresh)
        province = next(i for i in range(setup.province.count())
                        if "Ninh Bình" in setup.province.itemText(i))
        setup.province.setCurrentIndex(province)
        files.append(_shot(setup, out / "01-setup.png"))
        setup.close()
        fresh.close()

    ctx = AppContext.open(db)
    window = MainWindow(ctx)
    window.resize(1280, 800)
    files.append(_shot(window, out / "02-registrations.png"))
    window.registrations.search.setText("dan van")
    window.registrations.apply_filters()
    files.append(_shot(window, out / "03-registrations-search.png"))
    window.registrations.search.clear()
    window.registrations.apply_filters()

    screen = window.registrations
    screen.table.selectRow(0)
    dialog = screen.open_selected()
    if dialog is not None:
        for index in range(dialog.form.tabs.count()):
            dialog.form.tabs.setCurrentIndex(index)
            files.append(_shot(dialog, out / f"04-form-tab{index + 1}.png"))
        dialog.dirty = False
        dialog.close()

    individual = next((row for row in range(screen.model.rowCount())
                       if screen.model.index(row, 1).data().endswith(")")), None)
    if individual is not None:
        screen.table.selectRow(individual)
        dialog = screen.open_selected()
        if dialog is not None:
            files.append(_shot(dialog, out / "05-form-individual.png"))
            dialog.dirty = False
            dialog.close()

    empty = RegistrationDialog(ctx, window)
    empty.save()
    files.append(_shot(empty, out / "06-form-errors.png"))
    empty.dirty = False
    empty.close()
    for draft in ctx.drafts.listing():
        if draft["id"] == empty.draft_id:
            ctx.drafts.discard(draft["id"])

    window.nav.setCurrentRow(window.stack.indexOf(window.units))
    files.append(_shot(window, out / "07-units.png"))
    window.nav.setCurrentRow(window.stack.indexOf(window.sync))
    for index in range(window.sync.tabs.count()):
        window.sync.tabs.setCurrentIndex(index)
        files.append(_shot(window, out / f"20-exchange-tab{index + 1}.png"))
    waiting = sorted((Path(db).parent / "bundles").glob(f"*-to-{ctx.office_code}-*chua-nhap.dvk"))
    if waiting:
        window.sync.tabs.setCurrentIndex(1)
        window.sync.preview_bundle(str(waiting[0]))
        window.jobs.wait(10000)
        _settle()
        files.append(_shot(window, out / "21-exchange-preview.png"))
    files.extend(render_scoring(window, out))
    files.extend(render_stats(window, db, out))

    window.nav.setCurrentRow(0)
    screen.table.selectRow(0)
    preview = screen.print_selected()
    if preview is not None:
        preview.resize(760, 900)
        files.append(_shot(preview, out / "13-print-preview.png"))
        preview.close()
    settings = window.open_print_settings()
    files.append(_shot(settings, out / "14-print-settings.png"))
    settings.close()
    window.jobs.wait(5000)
    window.close()
    ctx.close()
    return files
