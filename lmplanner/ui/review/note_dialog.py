"""Asking a reviewer what should change: a note, kept as a comment on each post."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import COMMENT_MAX
from lmplanner.ui.compat import override


def tr(text: str) -> str:
    return QCoreApplication.translate("RequestChanges", text)


class ChangesNoteDialog(QDialog):
    """The note of "Request changes…"; OK stays off until there is something to say."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changesNoteDialog")
        self.setWindowTitle(tr("Request changes"))
        what = (
            tr("What should change in this post?")
            if count == 1
            else tr("What should change in these {n} posts?").format(n=count)
        )
        label = QLabel(what, self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setObjectName("changesNote")
        self.note_edit.setAccessibleName(tr("Requested changes"))
        self.note_edit.setTabChangesFocus(True)
        label.setBuddy(self.note_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("Request changes"))
        ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.note_edit.textChanged.connect(
            lambda: ok.setEnabled(0 < len(self.note().strip()) <= COMMENT_MAX)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.note_edit, 1)
        layout.addWidget(self.buttons)
        self.resize(420, 220)

    def note(self) -> str:
        return self.note_edit.toPlainText()

    @override
    def accept(self) -> None:
        if self.note().strip():
            super().accept()
