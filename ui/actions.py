"""One way the window runs what a clerk asked for (Anki's op pattern): one service call
per user action, its refusal shown the one way, its result handed on.

    run_action(self, lambda: self.ctx.units.rename(code, name), lambda _: self.refresh())

Without `jobs` the action runs now, on the window's thread (a quick read or write: the
clerk waits for it anyway); a `DvkError` is shown as `ui.messages.show_error` shows it
(the same Vietnamese text, the same dialog), then `on_error` hears of it. Any other
exception is a bug: it goes on up to the window's hook (`ui/launch.py`), which logs it
and tells the clerk, as it did before.

With `jobs` and `progress` (the bar's title) the action runs off the window's thread,
behind a modal bar with a cancel button (`ui/jobs.py::run_with_progress`): `fn` gets the
job's `Progress`; a `DvkError` is shown the same way, an unexpected error is logged and
shown as "the job stopped with an unexpected error", a cancel is not shown. The job
must open its own connection (`AppContext.opener`).

A dialog that says a refusal under its fields instead of in a box (the sign-in, the
accounts) hands `handled=inline(self.error.show_message)`: the same one call, the
message where the clerk is typing.

Not every `except DvkError` in ui/ is an action: a read that fills a label or a list and
falls back to nothing (the window must open even when a table cannot be read), a check
as the clerk types, the start in ui/launch.py (no window yet) keep theirs, with a
comment saying which of these they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from app.core.progress import Progress
from app.errors import DvkError, ValidationError
from ui.jobs import Job, JobRunner, run_with_progress
from ui.messages import show_error


class _NotDone:
    """What `run_action` returns for an action refused with a DvkError (the clerk has
    seen why): `if run_action(...) is NOT_DONE: return`."""

    def __repr__(self) -> str:
        return "NOT_DONE"

    def __bool__(self) -> bool:
        return False


NOT_DONE = _NotDone()


def run_action(widget: QWidget | None, fn: Callable[..., Any],
               on_done: Callable[[Any], Any] | None = None, *,
               jobs: JobRunner | None = None, progress: str | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               handled: Callable[[BaseException], bool] | None = None,
               title: str | None = None) -> Any:
    """Run one user action (see the module's docstring). On the window's thread it
    returns what `fn` returned (after `on_done` had it), or NOT_DONE when the action
    was refused and the refusal shown; off it, the started `Job`."""
    if jobs is not None:
        if progress is None:
            raise ValueError("a job off the window's thread shows its progress")
        return _in_job(widget, jobs, progress, fn, on_done, on_error, handled)
    try:
        result = fn()
    except DvkError as error:
        if not (handled and handled(error)):
            show_error(widget, error, title)
        if on_error is not None:
            on_error(error)
        return NOT_DONE
    if on_done is not None:
        on_done(result)
    return result


def inline(show: Callable[[str], Any]) -> Callable[[BaseException], bool]:
    """`handled` for run_action: a DvkError's message goes to `show` (a label under the
    fields) instead of a message box."""

    def shown(error: BaseException) -> bool:
        if not isinstance(error, DvkError):
            return False
        show(error.message)
        return True

    return shown


def fields_inline(show: Callable[[dict[str, str]], Any]) -> Callable[[BaseException], bool]:
    """`handled` for run_action: a ValidationError's fields (field -> message) go to
    `show`, marked where they were typed; any other refusal is shown in a box."""

    def shown(error: BaseException) -> bool:
        if not isinstance(error, ValidationError):
            return False
        show(error.fields)
        return True

    return shown


def _in_job(widget: QWidget | None, jobs: JobRunner, progress: str,
            fn: Callable[[Progress], Any], on_done: Callable[[Any], Any] | None,
            on_error: Callable[[BaseException], None] | None,
            handled: Callable[[BaseException], bool] | None) -> Job:
    return run_with_progress(widget, jobs, progress, fn,
                             on_done if on_done is not None else _nothing,
                             on_error=on_error, handled=handled)


def _nothing(_result: Any) -> None:
    return None
