"""A post's comment thread beside the editor: read it, add to it, resolve, reopen, and delete
one's own. Text is plain and shown exactly as typed; every change goes through the document."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import COMMENT_MAX, CommentRecord
from lmplanner.core.errors import PlannerError, ValidationError
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.common import count_text, error_label

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.ui.document import PlanDocument

ROLE_ID = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    return QCoreApplication.translate("CommentPanel", text)


def _is_ctrl_enter(event: QKeyEvent) -> bool:
    ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
    return bool(ctrl) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CommentPanel(QWidget):
    """The thread of one saved post (`post_id`); a new post has none until it is saved."""

    def __init__(
        self, document: PlanDocument, post_id: int | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("commentPanel")
        self.setAccessibleName(tr("Comments"))
        self.document = document
        self.post_id = post_id
        self.comments: list[CommentRecord] = []
        self._build()
        document.changed.connect(self._changed)
        self.reload()

    def _build(self) -> None:
        self.heading = QLabel(tr("Comments"), self)
        self.heading.setObjectName("commentHeading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.thread_list = QListWidget(self)
        self.thread_list.setObjectName("commentThread")
        self.thread_list.setAccessibleName(tr("Comment thread"))
        self.thread_list.setWordWrap(True)
        # Wrapped items are measured again at every width, or long comments overlap.
        self.thread_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.thread_list.setSpacing(3)
        self.thread_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.thread_list.setAlternatingRowColors(True)
        self.thread_list.currentItemChanged.connect(self._update_buttons)
        self.resolve_button = self._button("resolveComment", tr("Resolve"), self._toggle_resolved)
        self.delete_button = self._button("deleteComment", tr("Delete"), self._delete)
        self.new_edit = QPlainTextEdit(self)
        self.new_edit.setObjectName("newComment")
        self.new_edit.setAccessibleName(tr("New comment"))
        self.new_edit.setPlaceholderText(tr("Add a comment… (Ctrl+Enter)"))
        self.new_edit.setTabChangesFocus(True)
        self.new_edit.setMaximumHeight(96)
        self.new_edit.textChanged.connect(self._update_counter)
        self.counter = QLabel(self)
        self.counter.setObjectName("commentCounter")
        self.add_button = self._button("addComment", tr("Comment"), self.add_comment)
        # Ctrl+Enter in the comment box adds the comment; elsewhere in the editor it saves.
        self.new_edit.installEventFilter(self)
        self.error = error_label(self)
        self.error.setObjectName("commentError")
        thread_buttons = QHBoxLayout()
        thread_buttons.addWidget(self.resolve_button)
        thread_buttons.addWidget(self.delete_button)
        thread_buttons.addStretch(1)
        new_row = QHBoxLayout()
        new_row.addWidget(self.counter, 1)
        new_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.thread_list, 1)
        layout.addLayout(thread_buttons)
        layout.addWidget(self.new_edit)
        layout.addLayout(new_row)
        layout.addWidget(self.error)
        self._update_counter()

    # The editor around the panel has used every Alt letter: the panel's buttons are reached
    # with Tab, and Ctrl+Enter in the comment box adds the comment.
    def _button(self, name: str, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)  # Enter in the editor saves the post, not a comment
        button.clicked.connect(slot)
        return button

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.new_edit and event.type() in (
            QEvent.Type.ShortcutOverride,
            QEvent.Type.KeyPress,
        ):
            key = event if isinstance(event, QKeyEvent) else None
            if key is not None and _is_ctrl_enter(key):
                event.accept()  # the editor's own Ctrl+Enter (save) must not take it
                if event.type() == QEvent.Type.KeyPress:
                    self.add_comment()
                return True
        return super().eventFilter(watched, event)

    @override
    def sizeHint(self) -> QSize:
        return QSize(300, super().sizeHint().height())

    # ------------------------------------------------------------------ showing
    def reload(self) -> None:
        """Show the thread as stored; keeps the selected comment where it still exists."""
        current = self.selected()
        self.comments = []
        if self.post_id is not None:
            try:
                self.comments = self.document.service.comments(self.post_id)
            except PlannerError as error:
                self.error.setText(str(error))
                self.error.show()
        self.thread_list.clear()
        for comment in self.comments:
            self.thread_list.addItem(self._item(comment))
            if current is not None and comment.id == current.id:
                self.thread_list.setCurrentRow(self.thread_list.count() - 1)
        self._show_heading()
        self._update_buttons()

    def _item(self, comment: CommentRecord) -> QListWidgetItem:
        when = comment.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        state = tr("resolved") if comment.resolved else tr("open")
        # Plain text in a list item: markup, entities and emoji show exactly as typed.
        item = QListWidgetItem(f"{comment.author} · {when} · {state}\n{comment.text}")
        item.setData(ROLE_ID, comment.id)
        item.setToolTip(comment.text)
        if comment.resolved:
            item.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
        return item

    def _show_heading(self) -> None:
        if self.post_id is None:
            self.heading.setText(tr("Comments"))
            self.new_edit.setPlaceholderText(tr("Save the post to start its comment thread."))
            self.new_edit.setEnabled(False)
            return
        still_open = sum(1 for c in self.comments if not c.resolved)
        self.heading.setText(
            count_text(still_open, tr("Comments ({n} open)"), tr("Comments ({n} open)"))
            if self.comments
            else tr("Comments")
        )
        self.new_edit.setEnabled(not self.document.readonly)

    def selected(self) -> CommentRecord | None:
        item = self.thread_list.currentItem()
        if item is None:
            return None
        wanted = item.data(ROLE_ID)
        return next((c for c in self.comments if c.id == wanted), None)

    def _update_buttons(self, *_args: object) -> None:
        comment = self.selected()
        writable = not self.document.readonly
        self.resolve_button.setEnabled(writable and comment is not None)
        self.resolve_button.setText(
            tr("Reopen") if comment is not None and comment.resolved else tr("Resolve")
        )
        own = comment is not None and comment.author == self._actor()
        self.delete_button.setEnabled(writable and own)
        self.delete_button.setToolTip("" if own or comment is None else tr("Only its author"))

    def _update_counter(self) -> None:
        length = len(self.new_edit.toPlainText())
        self.counter.setText(f"{length:,} / {COMMENT_MAX:,}")
        too_long = length > COMMENT_MAX
        self.counter.setForegroundRole(
            QPalette.ColorRole.BrightText if too_long else QPalette.ColorRole.PlaceholderText
        )
        self.add_button.setEnabled(
            self.post_id is not None
            and not self.document.readonly
            and bool(self.new_edit.toPlainText().strip())
        )

    def _actor(self) -> str:
        try:
            return self.document.service.actor
        except Exception:  # a team plan's server gone: nothing counts as one's own
            return ""

    # ------------------------------------------------------------------ changing
    def add_comment(self) -> None:
        text = self.new_edit.toPlainText()
        if self.post_id is None or not text.strip():
            return
        post_id = self.post_id
        applied = self._perform(
            tr("Add comment"), lambda: self.document.service.add_comment(post_id, text)
        )
        if applied is not None:
            self.new_edit.clear()
            self.thread_list.setCurrentRow(self.thread_list.count() - 1)

    def _toggle_resolved(self) -> None:
        comment = self.selected()
        if comment is None:
            return
        service = self.document.service
        if comment.resolved:
            self._perform(tr("Reopen comment"), lambda: service.reopen_comment(comment.id))
        else:
            self._perform(tr("Resolve comment"), lambda: service.resolve_comment(comment.id))

    def _delete(self) -> None:
        comment = self.selected()
        if comment is not None:
            service = self.document.service
            self._perform(tr("Delete comment"), lambda: service.delete_comment(comment.id))

    def _perform(self, label: str, fn: object) -> ChangeSet | None:
        self.error.hide()

        def inline(error: PlannerError) -> bool:
            if isinstance(error, ValidationError):
                self.error.setText(str(error))
                self.error.show()
                return True
            return False  # a database failure: the window's dialog says so

        return self.document.perform(label, fn, on_error=inline)  # type: ignore[arg-type]

    def _changed(self, changes: ChangeSet) -> None:
        if "comment" in changes.tables() or not changes.tables():
            self.reload()  # its own change, an undo, or a team member's (outside) change
