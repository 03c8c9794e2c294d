"""Jobs off the UI thread: each runs a plain function with a progress reporter, in a
thread pool, and reports back through signals; a dialog shows a bar and a cancel
button. Jobs that touch the database open their own connection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app import errorlog
from app.core.progress import Cancelled, Progress
from app.errors import DvkError
from app.i18n import _


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object, object)  # (job, result)
    failed = Signal(object, object)  # (job, error)


class Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any]):
        super().__init__()
        self.fn = fn
        self.signals = _Signals()
        self.progress = Progress(lambda done, total, text: self.signals.progress.emit(
            done, total, text))
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except BaseException as error:  # reported to the UI thread, never lost
            self._emit(self.signals.failed, error)
        else:
            self._emit(self.signals.finished, result)

    def _emit(self, signal, value) -> None:
        try:
            signal.emit(self, value)
        except RuntimeError:
            pass  # the window that asked is gone (program closing): nobody to tell


class JobRunner(QObject):
    """Starts jobs and keeps them alive until they end. Results are delivered through
    this object's slots, so when the window that owns the runner is gone, late results
    are dropped instead of reaching deleted widgets."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self._running: dict[Job, tuple[Callable, Callable | None]] = {}

    def start(self, fn: Callable[[Progress], Any], *, on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None] | None = None,
              on_progress: Callable[[int, int, str], None] | None = None) -> Job:
        job = Job(fn)
        self._running[job] = (on_done, on_error)
        # Bound slots of this QObject: Qt drops the connection when the runner dies.
        job.signals.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        if on_progress:
            job.signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
        self.pool.start(job)
        return job

    @Slot(object, object)
    def _finished(self, job: Job, result: Any) -> None:
        on_done, _on_error = self._running.pop(job, (None, None))
        if on_done:
            on_done(result)

    @Slot(object, object)
    def _failed(self, job: Job, error: BaseException) -> None:
        _on_done, on_error = self._running.pop(job, (None, None))
        if on_error:
            on_error(error)

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)


def run_with_progress(parent: QWidget, runner: JobRunner, title: str,
                      fn: Callable[[Progress], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None] | None = None,
                      handled: Callable[[BaseException], bool] | None = None) -> Job:
    """A modal progress bar with a cancel button around a job. A failure is shown
    (a cancel is not, nor one `handled` says `on_error` deals with), then `on_error`
    hears of it."""
    from ui.messages import show_error

    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)
        if text:
            dialog.setLabelText(text)

    def done(result: Any) -> None:
        dialog.reset()
        on_done(result)

    def failed(error: BaseException) -> None:
        dialog.reset()
        if not isinstance(error, Cancelled | DvkError):
            errorlog.record(error)
        if not isinstance(error, Cancelled) and not (handled and handled(error)):
            show_error(parent, error if isinstance(error, DvkError) else DvkError(
                _("The job stopped with an unexpected error: {detail}").format(detail=error)))
        if on_error is not None:
            on_error(error)

    job = runner.start(fn, on_done=done, on_error=failed, on_progress=progress)
    dialog.canceled.connect(job.progress.cancel)
    return job
