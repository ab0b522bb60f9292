"""Long work (reports, big imports, exports) on a pool thread, with progress, cancel and results
delivered back on the UI thread.

Threads and the plan: an SQLite connection must stay in the thread that uses it, so work never
touches `document.service`. `plan_service(location)` opens a second Plan on the same file inside
the worker (cheap: a header check and an engine) and closes it when the work ends. SQLite
serialises that connection's writes with the window's, so a worker may also write (an import);
the ChangeSet it returns is then pushed onto the document's undo stack on the UI thread. Team
plans (a database URL) have no file to reopen; there the worker shares the document's Plan,
whose PostgreSQL engine hands each thread its own pooled connection.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import Plan

log = logging.getLogger(__name__)

# Tasks that are still running: kept alive here, so closing a dialog never deletes a task whose
# worker is about to report back.
_RUNNING: set[Task] = set()
_PROGRESS_INTERVAL = 0.05  # seconds between progress reports sent to the UI thread


def tr(text: str) -> str:
    return QCoreApplication.translate("Workers", text)


class TaskCancelled(Exception):
    """Raised by `TaskControl.check()` once cancel was asked; the task then reports `cancelled`."""


class TaskControl:
    """What the work function sees: a progress callback and the cancel flag (thread-safe)."""

    def __init__(self, report: Callable[[int, int], None]) -> None:
        self._report = report
        self._cancel = threading.Event()
        self._last = 0.0
        self._last_total = -1

    def progress(self, done: int, total: int) -> None:
        """Report progress; calls are thinned out so the UI thread is not flooded."""
        now = time.monotonic()
        if total == self._last_total and done < total and now - self._last < _PROGRESS_INTERVAL:
            return
        self._last, self._last_total = now, total
        self._report(int(done), int(total))

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise TaskCancelled()

    def cancel(self) -> None:
        self._cancel.set()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    @override
    def run(self) -> None:
        self._task._run_in_worker()


class Task(QObject):
    """One piece of work on a QThreadPool thread. Connect to the signals, then `start()`.

    `work(control)` runs in the worker; it calls `control.progress(done, total)` and polls
    `control.cancelled()` (or `control.check()`). Exactly one of `succeeded(result)`,
    `failed(exception)` or `cancelled()` follows on the UI thread, then `finished()`.
    A result that arrives after cancel was asked is handed to `discard` (in the worker) and
    reported as cancelled: a report finished a moment too late is removed, not kept.
    """

    progressed = Signal(int, int)  # done, total (total 0: no idea yet)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()

    _worker_progress = Signal(int, int)
    _worker_done = Signal(str, object)

    def __init__(
        self,
        work: Callable[[TaskControl], Any],
        *,
        discard: Callable[[Any], None] | None = None,
        name: str = "",
    ) -> None:
        super().__init__()
        self.setObjectName(name or "task")
        self._work = work
        self._discard = discard
        self.control = TaskControl(self._worker_progress.emit)
        self._done = threading.Event()
        self._started = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.outcome = ""  # "succeeded" | "failed" | "cancelled" once finished
        # Both receivers are this object, which lives in the UI thread: queued across threads.
        self._worker_progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def start(self, pool: QThreadPool | None = None) -> Task:
        if self._started:
            raise RuntimeError("a task runs once")
        self._started = True
        _RUNNING.add(self)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))
        return self

    def cancel(self) -> None:
        self.control.cancel()

    def is_running(self) -> bool:
        return self._started and not self.outcome

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until the worker has returned (the signals may still be queued)."""
        return self._done.wait(timeout)

    def _run_in_worker(self) -> None:
        outcome, payload = "succeeded", None
        try:
            payload = self._work(self.control)
            if self.control.cancelled():
                outcome = "cancelled"
                if self._discard is not None:
                    try:
                        self._discard(payload)
                    except Exception:
                        log.warning("Discarding the result of %s failed", self.objectName())
                payload = None
        except TaskCancelled:
            outcome = "cancelled"
        except BaseException as error:  # delivered to the UI thread, never lost in a thread
            if self.control.cancelled():
                outcome = "cancelled"  # the work stopped because it was asked to (its own way)
            else:
                outcome, payload = "failed", error
                if not isinstance(error, Exception):
                    log.error("Task %s stopped: %r", self.objectName(), error)
        finally:
            self._done.set()
        self._worker_done.emit(outcome, payload)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if not self.outcome:
            self.progressed.emit(done, total)

    @Slot(str, object)
    def _on_done(self, outcome: str, payload: object) -> None:
        self.outcome = outcome
        try:
            if outcome == "succeeded":
                self.result = payload
                self.succeeded.emit(payload)
            elif outcome == "failed":
                self.error = payload if isinstance(payload, BaseException) else None
                self.failed.emit(payload)
            else:
                self.cancelled.emit()
            self.finished.emit()
        finally:
            _RUNNING.discard(self)


class NewestTask:
    """The newest run of work that is started again and again (a file read anew as options
    change): starting a run cancels the one before it, and only the newest run's end counts.
    The waiting widget connects each run's `finished` to a slot of its own (so Qt drops the
    connection with the widget) and asks `ended` there."""

    def __init__(self) -> None:
        self.task: Task | None = None

    def replace(self, task: Task) -> Task:
        """`task` becomes the newest run; the run before it, if any, is cancelled."""
        self.cancel()
        self.task = task
        return task

    def ended(self, sender: QObject | None) -> Task | None:
        """In a `finished` slot: the run that ended when it is the newest (then none runs),
        else None: an older run that a newer one replaced, whose end does not count."""
        if sender is None or sender is not self.task:
            return None
        self.task = None
        return sender if isinstance(sender, Task) else None

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def running(self) -> bool:
        return self.task is not None


def failure_text(error: BaseException | None, what: str) -> str:
    """What a failed task's error says to a person. A PlannerError or an OS error (a file gone,
    no permission) is already one clear line; anything else is a defect: it goes to the log with
    its traceback and the person is told where the details are. `what` names the work."""
    from lmplanner.core.errors import PlannerError

    if isinstance(error, PlannerError | OSError):
        return str(error)
    log.error("%s failed", what, exc_info=error)
    return tr("an unexpected problem ({kind}); the details are in the log").format(
        kind=type(error).__name__ if error is not None else "?"
    )


def run_task(
    work: Callable[[TaskControl], Any],
    *,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_cancel: Callable[[], None] | None = None,
    discard: Callable[[Any], None] | None = None,
    name: str = "",
) -> Task:
    """Start `work` in the pool with the given UI-thread callbacks; returns the running task."""
    task = Task(work, discard=discard, name=name)
    if on_success is not None:
        task.succeeded.connect(on_success)
    if on_error is not None:
        task.failed.connect(on_error)
    if on_cancel is not None:
        task.cancelled.connect(on_cancel)
    return task.start()


def running_tasks() -> list[Task]:
    return list(_RUNNING)


def wait_for_all(timeout: float = 30.0) -> bool:
    """Wait until every running task's worker has returned (tests; quitting the app)."""
    deadline = time.monotonic() + timeout
    return all(task.wait(max(0.0, deadline - time.monotonic())) for task in list(_RUNNING))


@contextlib.contextmanager
def plan_service(
    location: str, *, readonly: bool = False, shared: Plan | None = None
) -> Iterator[PlanService]:
    """A PlanService of its own for a worker thread (see the module docstring).

    `location` is `document.plan.location`; `shared` is the document's Plan, used instead of a
    second one only for team plans (database URLs), whose engine is thread-safe.
    """
    from lmplanner.core import paths
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    if paths.is_database_url(location):
        if shared is None:
            raise ValueError("a team plan is shared with the worker, not reopened")
        yield PlanService(shared)
        return
    plan = open_plan(location, create=False, readonly=readonly)
    try:
        yield PlanService(plan)
    finally:
        plan.close()


def document_service(document: Any) -> Callable[[], contextlib.AbstractContextManager[Any]]:
    """For a PlanDocument: a factory, safe to call in a worker, of `plan_service(...)`."""
    plan = document.plan
    location, readonly = plan.location, bool(plan.readonly)
    return lambda: plan_service(location, readonly=readonly, shared=plan)


class TaskProgress(QProgressDialog):
    """A window-modal progress dialog that follows a task, cancels it and closes when it ends.

    It appears only when the work takes longer than `minimum_duration` ms, so quick work never
    flashes a dialog. Total 0 shows a busy bar (work that cannot count its steps).
    """

    def __init__(
        self,
        parent: QWidget | None,
        task: Task,
        label: str,
        *,
        cancellable: bool = True,
        minimum_duration: int = 400,
    ) -> None:
        super().__init__(label, tr("Cancel") if cancellable else "", 0, 0, parent)
        self.setObjectName("taskProgress")
        self.setWindowTitle(tr("Working…"))
        self.setAccessibleName(label)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAutoReset(False)
        self.setAutoClose(False)
        self.setMinimumDuration(minimum_duration)
        self.setMinimumWidth(360)
        self._task = task
        self._in_update = False
        if not cancellable:
            self.setCancelButton(None)
        self.canceled.connect(self._cancel)
        task.progressed.connect(self._on_progress)
        task.finished.connect(self._on_finished)
        self.setValue(0)

    def _on_progress(self, done: int, total: int) -> None:
        if self._in_update:  # setValue may process events in a modal dialog: no nesting
            return
        self._in_update = True
        try:
            if total <= 0:
                self.setRange(0, 0)
            else:
                self.setRange(0, total)
                self.setValue(min(done, total))
        finally:
            self._in_update = False

    def _cancel(self) -> None:
        self.setLabelText(tr("Cancelling…"))
        self._task.cancel()

    def _on_finished(self) -> None:
        self.canceled.disconnect(self._cancel)
        self.reset()
        self.hide()
        self.deleteLater()


def show_progress(
    parent: QWidget | None, task: Task, label: str, *, cancellable: bool = True
) -> TaskProgress:
    """A progress dialog for `task` (see TaskProgress)."""
    return TaskProgress(parent, task, label, cancellable=cancellable)
