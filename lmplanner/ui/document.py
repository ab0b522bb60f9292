"""One open plan in the GUI: its plan, service and undo history, and one "changed" signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from lmplanner.core.changes import ChangeSet
from lmplanner.core.errors import ConflictError, PlannerError, ReadOnlyPlanError, ValidationError
from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import Plan

log = logging.getLogger(__name__)

# A handler gets the error and returns True when it showed it itself (an editor's inline message).
ErrorHandler = Callable[[PlannerError], bool]


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


class PlanDocument(QObject):
    """Owns an open Plan, its PlanService and one QUndoStack; every write goes through here."""

    changed = Signal(object)  # the ChangeSet applied by an operation, an undo or a redo
    failed = Signal(str, str)  # title, message: shown by the window as a dialog

    def __init__(self, plan: Plan, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from lmplanner.core.services import PlanService

        self.plan = plan
        self.service: PlanService = PlanService(plan)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        # "undo" or "redo" while `changed` is being emitted for one, else "".
        self.last_step = ""

    @property
    def readonly(self) -> bool:
        return self.plan.readonly

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
        try:
            applied = fn()
        except PlannerError as error:
            if on_error is None or not on_error(error):
                self.failed.emit(error_title(error), str(error))
            return None
        except Exception as error:  # a database or disk failure: say so, never a traceback
            log.exception("Operation %r failed", label)
            self.failed.emit(
                self.tr("Something went wrong"),
                self.tr("“{label}” could not be saved: {error}").format(label=label, error=error),
            )
            return None
        if applied:
            # The service's own label names the change best: “Add ‘Launch week’”, “Move 3 posts”.
            self.undo_stack.push(ChangeSetCommand(self, applied, applied.label or label))
            self.changed.emit(applied)
        return applied

    def _apply_for_history(self, changeset: ChangeSet, step: str) -> ChangeSet | None:
        try:
            result = self.service.apply(changeset)
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
        self.last_step = step
        try:
            self.changed.emit(result)
        finally:
            self.last_step = ""
        return result

    def close(self) -> None:
        self.undo_stack.clear()
        self.plan.close()
