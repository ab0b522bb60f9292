"""One open plan in the GUI: its plan, service and undo history, and one "changed" signal that
also tells when someone else (another window, the CLI, a team member) changed the plan."""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from lmplanner.core.changes import ChangeSet
from lmplanner.core.errors import ConflictError, PlannerError, ReadOnlyPlanError, ValidationError
from lmplanner.core.store import PLAN_TABLES
from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.core.services import SeriesService
    from lmplanner.core.store import Plan

log = logging.getLogger(__name__)

# A handler gets the error and returns True when it showed it itself (an editor's inline message).
ErrorHandler = Callable[[PlannerError], bool]

POLL_MS = 500  # how often an open window asks whether the plan changed elsewhere
# A team plan announces our own commits too; one not heard back within this long is written off.
_OWN_NOTICE_S = 5.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanDocument", text)


def error_title(error: Exception) -> str:
    """A dialog title that says what kind of problem it is, in the user's words."""
    if isinstance(error, ValidationError):
        return _tr("The change was not saved")
    if isinstance(error, ConflictError):
        return _tr("Changed elsewhere")
    if isinstance(error, ReadOnlyPlanError):
        return _tr("This plan is read-only")
    return _tr("Something went wrong")


class ChangeSetCommand(QUndoCommand):
    """An operation that already ran; undo and redo apply the inverse of what was applied last.

    The services compare every row with its `before` state, so an undo after an outside change
    refuses with a ConflictError instead of overwriting it.
    """

    def __init__(self, document: PlanDocument, applied: ChangeSet, label: str = "") -> None:
        super().__init__(label or applied.label)
        self._document = document
        self._applied = applied
        self._skip_redo = True  # push() calls redo(); the operation has already run

    @property
    def applied(self) -> ChangeSet:
        return self._applied

    @override
    def undo(self) -> None:
        self._flip("undo")

    @override
    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._flip("redo")

    def _flip(self, step: str) -> None:
        result = self._document._apply_for_history(self._applied.inverse(), step)
        if result is None:
            # The plan no longer matches this history: drop it rather than undo the wrong thing.
            self.setObsolete(True)
            return
        self._applied = result


@dataclass(frozen=True, slots=True)
class OutsideChange(ChangeSet):
    """Someone else committed to the plan. What they changed is not known, so views reload
    everything: every table counts as changed, and there are no rows to follow or select."""

    def tables(self) -> set[str]:
        return set(PLAN_TABLES)

    def __bool__(self) -> bool:
        return True


class PlanDocument(QObject):
    """Owns an open Plan, its PlanService and one QUndoStack; every write goes through here."""

    changed = Signal(object)  # the ChangeSet applied here, or an OutsideChange
    failed = Signal(str, str)  # title, message: shown by the window as a dialog
    noticeChanged = Signal(str)  # why the plan is read-only or not live ("" when neither)

    def __init__(
        self, plan: Plan, parent: QObject | None = None, *, actor: str | None = None
    ) -> None:
        super().__init__(parent)
        from lmplanner.core.services import SeriesService

        self.plan = plan
        # `actor`: the name chosen in Preferences; a team plan acts as its database role. The
        # service has recurring series (a PlanService: every other part uses it so).
        self.service: SeriesService = SeriesService(plan, actor=actor)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        # "undo" or "redo" while `changed` is being emitted for one, else "".
        self.last_step = ""
        self._notice = self.notice()
        self._was_readonly = plan.readonly
        self.watcher = ChangeWatcher(plan, self._on_poll)
        if isinstance(parent, QWidget):
            self.watcher.pause_while_hidden(parent)

    @property
    def readonly(self) -> bool:
        return self.plan.readonly

    def notice(self) -> str:
        """What the window should say above the calendar: why the plan is read-only, or that
        a team member's changes are not shown live; "" when all is well."""
        if self.plan.readonly:
            return self.plan.readonly_reason or self.tr("This plan is open read-only.")
        return self.plan.live_error

    def _on_poll(self, outside: bool) -> None:
        if not shiboken6.isValid(self):
            self.watcher.stop()  # deleted along with its window, never closed
            return
        if outside:
            self.changed.emit(OutsideChange(self.tr("Updated with changes made elsewhere")))
        self._check_notice()

    def _check_notice(self) -> None:
        notice = self.notice()
        if notice != self._notice:
            self._notice = notice
            self.noticeChanged.emit(notice)
        if self.plan.readonly != self._was_readonly:
            # A team member's rights were taken away mid-session: views disable editing.
            self._was_readonly = self.plan.readonly
            self.changed.emit(OutsideChange(notice))

    def perform(
        self,
        label: str,
        fn: Callable[[], ChangeSet],
        *,
        on_error: ErrorHandler | None = None,
    ) -> ChangeSet | None:
        """Run one service operation; push it as one undo step and announce what changed.

        Returns the applied ChangeSet, or None when the operation failed (nothing was written).
        """
        self.watcher.before_own_write()
        try:
            applied = fn()
        except PlannerError as error:
            if on_error is None or not on_error(error):
                self.failed.emit(error_title(error), str(error))
            self._check_notice()  # a team member's rights may have been taken away
            return None
        except Exception as error:  # a database or disk failure: say so, never a traceback
            log.exception("Operation %r failed", label)
            self.failed.emit(
                self.tr("Something went wrong"),
                self.tr("“{label}” could not be saved: {error}").format(label=label, error=error),
            )
            return None
        if applied:
            self.watcher.after_own_write()
            self._record(label, applied)
        return applied

    def begin_background_write(self) -> None:
        """A write is about to run on a worker (through its own connection): until
        `end_background_write`, its commit is ours, never a change made elsewhere."""
        self.watcher.begin_own_write()

    def end_background_write(self, label: str, applied: ChangeSet | None) -> None:
        """The worker's write is over; what it committed (if anything) is one undo step."""
        self.watcher.end_own_write(committed=bool(applied))
        if applied:
            self._record(label, applied)

    def _record(self, label: str, applied: ChangeSet) -> None:
        # The service's own label names the change best: “Add ‘Launch week’”, “Move 3 posts”.
        self.undo_stack.push(ChangeSetCommand(self, applied, applied.label or label))
        self.changed.emit(applied)

    def _apply_for_history(self, changeset: ChangeSet, step: str) -> ChangeSet | None:
        self.watcher.before_own_write()
        try:
            result = self.service.apply(changeset, step=step)
        except Exception as error:
            if not isinstance(error, PlannerError):
                log.exception("Undo/redo of %r failed", changeset.label)
            message = self.tr(
                "“{label}” could not be undone or redone: {error}\n\n"
                "The plan was left as it is and the undo history has been cleared."
            ).format(label=changeset.label, error=error)
            self.failed.emit(error_title(error), message)
            # Not from inside the stack's own undo()/redo() call.
            QTimer.singleShot(0, self.undo_stack.clear)
            return None
        self.watcher.after_own_write()
        self.last_step = step
        try:
            self.changed.emit(result)
        finally:
            self.last_step = ""
        return result

    def close(self) -> None:
        self.watcher.stop()
        self.undo_stack.clear()
        self.plan.close()


class ChangeWatcher:
    """Notices commits made by anyone but its document, and calls `on_poll(outside)` after each
    check (`outside` True when someone else changed the plan).

    A plan file is asked for `PRAGMA data_version` every POLL_MS on the UI thread (a few
    microseconds). It changes after any other connection's commit, ours included, so the value
    is taken again after each own write: our own changes never cause a second refresh. (A
    commit by someone else in the very milliseconds of our own write goes unnoticed until the
    next one.) A team plan is listened to on a thread (`wait_for_change`, which may wait for
    the server), and its counter counts every commit, ours included: each own write expects
    one announcement and absorbs it. A write run on a worker (an import) holds the checks from
    `begin_own_write` to `end_own_write`, so its commit is never taken for someone else's.
    Checks pause while the window is hidden or minimised.

    All watchers share one timer owned by the application: a document may be freed by the
    garbage collector on any thread, and a QTimer of its own must not die off the UI thread.
    """

    def __init__(self, plan: Plan, on_poll: Callable[[bool], None]) -> None:
        self._plan = plan
        self._on_poll = on_poll
        self._team = plan.is_team
        self._widget: QWidget | None = None
        self._pending = False  # an outside change seen just before an own write
        self._own_pending = 0  # own team-plan commits not yet heard back
        self._own_since = 0.0
        self._writing = 0  # own writes running on a worker: polls wait for them
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen = self._read_token()
        self._latest = self._seen
        if self._team:
            self._thread = threading.Thread(
                target=self._listen, name="lmplanner-team-changes", daemon=True
            )
            self._thread.start()
        _Poller.add(self)

    def _read_token(self) -> int | str | None:
        try:
            return self._plan.changes_token()
        except Exception:
            log.warning("Cannot ask %s for changes", self._plan.location, exc_info=True)
            return None

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                self._plan.wait_for_change(0.5)
                token = self._plan.changes_token()
            except Exception:
                log.warning("Listening for team plan changes failed", exc_info=True)
                self._stop.wait(2.0)
                continue
            self._latest = token  # one assignment: read by the UI thread's poll

    def _changed_elsewhere(self) -> bool:
        pending, self._pending = self._pending, False
        if not self._team:
            token = self._read_token()
            if token is None or token == self._seen:
                return pending
            self._seen = token
            return True
        latest = self._latest
        if not isinstance(latest, int) or not isinstance(self._seen, int):
            self._seen = latest
            return pending
        delta = latest - self._seen
        if delta <= 0:
            if self._own_pending and time.monotonic() - self._own_since > _OWN_NOTICE_S:
                self._own_pending = 0  # never heard back (the listener was down): forget them
            return pending
        absorbed = min(delta, self._own_pending)
        self._own_pending -= absorbed
        self._seen = latest
        return pending or delta > absorbed

    def poll(self) -> bool:
        """Check now; True (and `on_poll(True)`) when someone else changed the plan."""
        if self._stop.is_set() or self._writing:
            return False
        changed = self._changed_elsewhere()
        self._on_poll(changed)
        return changed

    def before_own_write(self) -> None:
        """An outside change not noticed yet is kept for the next poll, not taken as ours."""
        if not self._stop.is_set():
            self._pending = self._changed_elsewhere()

    def after_own_write(self) -> None:
        if self._stop.is_set():
            return
        if self._team:
            self._own_pending += 1
            self._own_since = time.monotonic()
        else:
            token = self._read_token()
            if token is not None:
                self._seen = token

    def begin_own_write(self) -> None:
        """An own write starts on another thread: polls are held until `end_own_write`."""
        self.before_own_write()
        self._writing += 1

    def end_own_write(self, *, committed: bool) -> None:
        self._writing = max(0, self._writing - 1)
        if committed:
            self.after_own_write()

    def settled(self) -> bool:
        """True when every commit heard of has been taken in by a poll and no own team-plan
        commit is still expected back: what a test or benchmark waits on instead of the clock."""
        if self._stop.is_set():
            return True
        if self._writing:
            return False
        if self._team:
            return self._own_pending == 0 and self._latest == self._seen
        return not self._pending and self._read_token() == self._seen

    def pause_while_hidden(self, widget: QWidget) -> None:
        self._widget = widget

    def idle(self) -> bool:
        """True while the window is hidden or minimised: nobody would see a refresh."""
        widget = self._widget
        if widget is None:
            return False
        if not shiboken6.isValid(widget):
            return True
        window = widget.window()
        return not window.isVisible() or bool(window.windowState() & Qt.WindowState.WindowMinimized)

    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()
        _Poller.discard(self)
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
            self._thread = None


class _Poller:
    """The one timer that polls every open document's watcher (see ChangeWatcher)."""

    _timer: ClassVar[QTimer | None] = None
    _watchers: ClassVar[weakref.WeakSet[ChangeWatcher]] = weakref.WeakSet()

    @classmethod
    def add(cls, watcher: ChangeWatcher) -> None:
        cls._watchers.add(watcher)
        app = QCoreApplication.instance()
        if app is None:
            return
        if cls._timer is None or not shiboken6.isValid(cls._timer):
            cls._timer = QTimer(app)
            cls._timer.setInterval(POLL_MS)
            cls._timer.timeout.connect(cls._tick)
        if not cls._timer.isActive():
            cls._timer.start()

    @classmethod
    def discard(cls, watcher: ChangeWatcher) -> None:
        cls._watchers.discard(watcher)

    @classmethod
    def _tick(cls) -> None:
        watchers = list(cls._watchers)
        if not watchers and cls._timer is not None:
            cls._timer.stop()
        for watcher in watchers:
            if watcher.stopped() or watcher.idle():
                continue
            try:
                watcher.poll()
            except Exception:
                log.exception("Checking a plan for outside changes failed")
