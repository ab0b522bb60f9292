"""The review's part of the status bar: who is acting, how many posts wait for review, and a
word when an edit sent an approved post back to review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from lmplanner.core.domain import Status
from lmplanner.core.errors import ValidationError
from lmplanner.ui.dialogs.common import count_text

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.session import PlanSession


def tr(text: str) -> str:
    return QCoreApplication.translate("ReviewStatus", text)


def may_change_waiting(changes: ChangeSet) -> bool:
    """True unless `changes` is known row by row and no post in it was or is in review (an
    outside change is not known row by row: it may have changed anything)."""
    if not changes.changes:
        return True
    for change in changes.changes:
        if change.table != "post":
            continue
        for row in (change.before, change.after):
            if row is not None and row.get("status", Status.IN_REVIEW) == Status.IN_REVIEW:
                return True
    return False


class ReviewStatus(QWidget):
    """Two permanent status-bar labels, kept current from the session."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.actor_label = QLabel(self)
        self.actor_label.setObjectName("actorLabel")
        self.actor_label.setAccessibleName(tr("Acting as"))
        self.waiting_label = QLabel(self)
        self.waiting_label.setObjectName("waitingForReview")
        self.waiting_label.setAccessibleName(tr("Posts waiting for review"))
        self._document: PlanDocument | None = None
        session.documentChanged.connect(self._document_changed)
        session.actorChanged.connect(self.update_actor)

    @classmethod
    def install(cls, window: QMainWindow, session: PlanSession) -> ReviewStatus:
        status = cls(session, window)
        status.hide()  # only its labels show, in the status bar
        bar = window.statusBar()
        bar.addPermanentWidget(status.waiting_label)
        bar.addPermanentWidget(status.actor_label)
        status.update_actor()
        status.update_counts()
        return status

    def _document_changed(self, document: PlanDocument | None) -> None:
        if self._document is not None:
            self._document.changed.disconnect(self._changed)
        self._document = document
        if document is not None:
            document.changed.connect(self._changed)
        self.update_actor()
        self.update_counts()

    def _changed(self, changes: ChangeSet) -> None:
        from lmplanner.core.services.approval import returned_to_review

        if may_change_waiting(changes):
            self.update_counts()  # a whole-plan count: not after every edit or period switch
        returned = returned_to_review(changes)
        if returned and self._document is not None and self._document.last_step == "":
            text = count_text(
                len(returned),
                tr("An approved post went back to review: what the reviewer saw has changed."),
                tr("{n} approved posts went back to review: what the reviewer saw has changed."),
            )
            self.session.message.emit(text, 8000)

    def show_snapshot(self, in_review: int | None) -> None:
        """The start-up snapshot of a plan file: the same labels the plan will show (the count
        of posts in review once it is known)."""
        from lmplanner.core.actor import default_actor
        from lmplanner.ui.review.identity import chosen_name

        try:
            self._show_actor(default_actor(chosen_name(self.session.settings)), team=False)
        except ValidationError as error:
            self._show_no_actor(str(error))
        if in_review is not None:
            self._show_waiting(in_review)

    def update_actor(self) -> None:
        service = self.session.service
        if service is None:
            self.actor_label.clear()
            self.actor_label.hide()
            return
        try:
            actor = service.actor
        except ValidationError as error:  # a chosen name too long: refused, never cut
            self._show_no_actor(str(error))
            return
        except Exception:  # a team plan's server gone: the banner says so, nothing to add here
            return
        self._show_actor(actor, team=service.plan.is_team)

    def _show_actor(self, actor: str, *, team: bool) -> None:
        self.actor_label.setText(tr("Acting as {name}").format(name=actor))
        self.actor_label.setToolTip(
            tr("The database role you are connected as")
            if team
            else tr("Your comments and approvals carry this name (Edit > Preferences)")
        )
        self.actor_label.show()

    def _show_no_actor(self, why: str) -> None:
        # Every change is refused with the same reason until a usable name is chosen.
        self.actor_label.setText(tr("No name to act under"))
        self.actor_label.setToolTip(
            tr("{why} Choose your name in Edit > Preferences.").format(why=why)
        )
        self.actor_label.show()

    def update_counts(self) -> None:
        service = self.session.service
        waiting = 0
        if service is not None:
            try:
                waiting = service.waiting_for_review()
            except Exception:  # reading failed: the window has said so already
                waiting = 0
        self._show_waiting(waiting)

    def _show_waiting(self, waiting: int) -> None:
        self.waiting_label.setVisible(waiting > 0)
        self.waiting_label.setText(
            count_text(
                waiting, tr("{n} post waiting for review"), tr("{n} posts waiting for review")
            )
        )
