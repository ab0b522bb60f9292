"""Review operations on posts: send to review, approve, request changes (with a note). Each is
one service call through the document, so one undo step; on a team plan the database decides
whether the acting role may approve, and its refusal is shown like any other."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from lmplanner.ui.operations.posts import perform

if TYPE_CHECKING:
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.session import PlanSession

Ids = Callable[[], list[int]]


def tr(text: str) -> str:
    return QCoreApplication.translate("ReviewOperations", text)


def submit_for_review(document: PlanDocument | None, ids: Sequence[int]) -> Any:
    chosen = list(ids)
    return perform(document, tr("Send to review"), chosen, lambda s: s.submit_for_review(chosen))


def approve(document: PlanDocument | None, ids: Sequence[int], note: str | None = None) -> Any:
    chosen = list(ids)
    return perform(document, tr("Approve"), chosen, lambda s: s.approve(chosen, note))


def request_changes(document: PlanDocument | None, ids: Sequence[int], note: str) -> Any:
    chosen = list(ids)
    return perform(
        document, tr("Request changes"), chosen, lambda s: s.request_changes(chosen, note)
    )


def ask_for_changes(parent: QWidget, session: PlanSession, ids: Sequence[int]) -> QWidget | None:
    """Ask for the note (window-modal, not blocking), then request the changes."""
    from lmplanner.ui.review.note_dialog import ChangesNoteDialog

    chosen = list(ids)
    if not chosen or session.document is None or session.readonly:
        return None
    dialog = ChangesNoteDialog(len(chosen), parent)
    dialog.accepted.connect(lambda: request_changes(session.document, chosen, dialog.note()))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def review_menu(
    parent: QWidget, session: PlanSession, ids: Ids, *, dialogs: QWidget | None = None
) -> QMenu:
    """Re&view: the steps a post takes before it is scheduled. `dialogs` is what the note's
    dialog is window-modal to (default: `parent`; a short-lived popup menu cannot be)."""
    owner = dialogs or parent
    menu = QMenu(tr("Re&view"), parent)
    menu.setObjectName("reviewMenu")
    send = menu.addAction(tr("Send to &review"))
    send.setObjectName("reviewSubmit")
    send.setShortcut(QKeySequence("Ctrl+Alt+R"))
    send.triggered.connect(lambda: submit_for_review(session.document, ids()))
    yes = menu.addAction(tr("&Approve"))
    yes.setObjectName("reviewApprove")
    yes.setShortcut(QKeySequence("Ctrl+Alt+A"))
    yes.triggered.connect(lambda: approve(session.document, ids()))
    changes = menu.addAction(tr("Request &changes…"))
    changes.setObjectName("reviewRequestChanges")
    changes.setShortcut(QKeySequence("Ctrl+Alt+C"))
    changes.triggered.connect(lambda: ask_for_changes(owner, session, ids()))
    return menu
