"""The editor's clash warning: a line under the fields while the post, as typed, would clash
with another (same channel too close in time, or the same title on the day). A save is never
refused for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout

if TYPE_CHECKING:
    from lmplanner.ui.editor.editor import PostEditor

CHECK_DELAY_MS = 250  # after typing pauses: a check reads the day's posts


def tr(text: str) -> str:
    return QCoreApplication.translate("PostEditor", text)


class ClashNote(QLabel):
    def __init__(self, editor: PostEditor, check: Callable[[dict[str, Any]], list[str]]) -> None:
        super().__init__(editor)
        self.setObjectName("clashNote")
        self.setWordWrap(True)
        # the message quotes titles the user typed: markup in them is text, never formatting
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(tr("Clash warning"))
        self.setVisible(False)
        self._editor = editor
        self._check = check
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        for signal in (
            editor.title_edit.textChanged,
            editor.channel_combo.currentTextChanged,
            editor.date_edit.dateChanged,
            editor.time_edit.textChanged,
            editor.time_check.toggled,
            editor.backlog_check.toggled,
        ):
            signal.connect(self._timer.start)
        layout = editor.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(layout.indexOf(editor.error_label), self)
        self.refresh()

    def refresh(self) -> None:
        messages = self._check(self._editor.values())
        shown = tr("Clash: {text} You can still save.").format(text=" ".join(messages))
        self.setText(shown if messages else "")
        self.setVisible(bool(messages))
