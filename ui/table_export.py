"""Export any list on the screen to Excel, as it is shown (its columns, its order, its
filters), with dates and numbers as real dates and numbers. The rows are taken from
the table model on the UI thread; the file is written off it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from app.excel.writer import write_table
from app.i18n import _
from ui.jobs import JobRunner
from ui.saving import save_in_job, show_saved


def export_model(parent: QWidget, model: QAbstractItemModel, title: str,
                 suggested: str) -> None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Export the list to Excel"), suggested, _("Excel workbooks") + " (*.xlsx)")
    if path:
        export_model_to(parent, model, title, path)


def export_model_to(parent: QWidget, model: QAbstractItemModel, title: str, path: str):
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    columns = range(model.columnCount())
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    rows = [[model.index(r, c).data() for c in columns] for r in range(model.rowCount())]
    runner = getattr(parent.window(), "jobs", None)
    if not isinstance(runner, JobRunner):
        runner = JobRunner(parent)
    # A workbook of that name open in Excel: try again or another name (ui/saving.py).
    return save_in_job(
        parent, runner, _("Exporting the list"), path,
        lambda target, progress: write_table(
            target, title, headers, rows,
            lambda done, total, text: progress.report(done, total)),
        lambda written: show_saved(parent, _("Written: {path}").format(path=written),
                                   written, _("Export to Excel")))
