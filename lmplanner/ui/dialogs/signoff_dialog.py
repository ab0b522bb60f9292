"""Sign-offs: a reviewer approves the plan for a period (with a note for the meeting); the list
shows every sign-off, and for each whether posts of its period changed since — and which."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.balance import Period
from lmplanner.ui import theme
from lmplanner.ui.dates import day_text
from lmplanner.ui.dialogs.common import count_text, quiet_label
from lmplanner.ui.dialogs.history_dialog import when_text

if TYPE_CHECKING:
    from lmplanner.core.history import Signoff
    from lmplanner.ui.document import PlanDocument

NOTE_MAX = 1000


def tr(text: str) -> str:
    return QCoreApplication.translate("SignoffDialog", text)


def changed_text(item: Signoff) -> str:
    if not item.changed:
        return tr("No changes since")
    n = len(item.changed)
    return count_text(
        n, tr("Changed since sign-off: {n} post"), tr("Changed since sign-off: {n} posts")
    )


class SignoffDialog(QDialog):
    """Every sign-off of the plan, and a form to sign off a month."""

    def __init__(self, parent: QWidget | None, document: PlanDocument, month: Period) -> None:
        super().__init__(parent)
        from lmplanner.core.services.history import period_text

        self.document = document
        self._period_text = period_text
        self.setObjectName("signoffDialog")
        self.setWindowTitle(tr("Sign-offs"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("signoffTree")
        self.tree.setAccessibleName(tr("Sign-offs, newest first"))
        self.tree.setHeaderLabels([tr("Period"), tr("Approved by"), tr("When"), tr("Note")])
        self.tree.setColumnWidth(0, 190)
        self.tree.setColumnWidth(1, 130)
        self.tree.setColumnWidth(2, 170)
        layout.addWidget(self.tree, 1)
        self.empty = quiet_label(tr("No sign-offs yet."), self)
        layout.addWidget(self.empty)

        box = QGroupBox(tr("Sign off a month"), self)
        form = QFormLayout(box)
        self.month = QDateEdit(QDate(month.start.year, month.start.month, 1), box)
        self.month.setObjectName("signoffMonth")
        self.month.setDisplayFormat("MMMM yyyy")
        self.month.setCalendarPopup(False)
        self.month.setAccessibleName(tr("Month to sign off"))
        form.addRow(tr("&Month:"), self.month)
        self.note = QLineEdit(box)
        self.note.setObjectName("signoffNote")
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText(tr("For the meeting, e.g. “OK for March”"))
        self.note.setAccessibleName(tr("Note"))
        form.addRow(tr("&Note:"), self.note)
        self.sign = QPushButton(tr("&Sign off"), box)
        self.sign.setObjectName("signOff")
        self.sign.setEnabled(document.service.can_sign_off())
        if document.readonly:
            self.sign.setToolTip(tr("This plan is open read-only."))
        elif not self.sign.isEnabled():
            self.sign.setToolTip(tr("Only members of planner_reviewers sign off a team plan."))
        self.sign.clicked.connect(self.sign_off)
        form.addRow("", self.sign)
        layout.addWidget(box)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        document.changed.connect(self._on_changed)
        self.refresh()
        self.note.setFocus()

    def chosen_month(self) -> Period:
        day = self.month.date()
        return Period.month(day.year(), day.month())

    def sign_off(self) -> None:
        period = self.chosen_month()
        note = self.note.text().strip()
        label = tr("Sign off {period}").format(period=self._period_text(period.start, period.end))
        done = self.document.perform(
            label, lambda: self.document.service.sign_off(period.start, period.end, note)
        )
        if done:
            self.note.clear()

    def _on_changed(self, _changes: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        service = self.document.service
        self.tree.clear()
        signoffs = service.signoffs()
        titles = service.post_titles([pid for item in signoffs for pid in item.changed[:50]])
        warn = theme.warning_color(self.palette())
        for item in signoffs:
            row = QTreeWidgetItem(
                [self._period_text(item.start, item.end), item.by, when_text(item.at), item.note]
            )
            row.setToolTip(3, item.note)
            status = QTreeWidgetItem([changed_text(item)])
            if item.changed:
                status.setForeground(0, warn)
            row.addChild(status)
            children = [
                QTreeWidgetItem([changed_post_text(self.document, post_id, titles)])
                for post_id in item.changed[:50]
            ]
            status.addChildren(children)
            self.tree.addTopLevelItem(row)
            # Spanning takes effect once an item is in the tree.
            for spanned in (status, *children):
                spanned.setFirstColumnSpanned(True)
            row.setExpanded(True)
            status.setExpanded(True)
        self.empty.setVisible(not signoffs)

    def done(self, result: int) -> None:
        """Stop following the plan once closed (the document outlives the dialog)."""
        self.document.changed.disconnect(self._on_changed)
        super().done(result)


def changed_post_text(document: PlanDocument, post_id: int, titles: dict[int, str]) -> str:
    from lmplanner.core.errors import NotFoundError

    if post_id not in titles:
        return tr("Post {id} (removed for good)").format(id=post_id)
    try:
        post = document.service.post(post_id, include_deleted=True)
    except NotFoundError:
        return tr("Post {id} (removed for good)").format(id=post_id)
    day = day_text(post.date) if isinstance(post.date, dt.date) else tr("backlog")
    trashed = tr(" — in the trash") if post.deleted_at is not None else ""
    return f"“{post.title}” ({day}){trashed}"


def open_signoff_dialog(
    parent: QWidget | None, document: PlanDocument, month: Period
) -> SignoffDialog:
    dialog = SignoffDialog(parent, document, month)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
