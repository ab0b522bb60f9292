"""The Trash dialog: recently deleted posts, searchable; Restore brings them back (undoable)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.services import PostFilter
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.common import (
    count_text,
    quiet_label,
)

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.core.domain import PostRecord
    from lmplanner.ui.document import PlanDocument

Index = QModelIndex | QPersistentModelIndex
TITLE, ROLE, CHANNEL, DATE, DELETED = range(5)
MAX_ROWS = 5000  # far more than a month of deletions; the search finds older ones


def tr(text: str) -> str:
    return QCoreApplication.translate("TrashDialog", text)


def local_time_text(moment: dt.datetime | None) -> str:
    """A stored UTC time shown in the computer's time zone."""
    if moment is None:
        return ""
    local = moment.astimezone() if moment.tzinfo else moment
    stamp = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(stamp, "ddd d MMM yyyy, HH:mm")


def day_text(post: PostRecord) -> str:
    if post.date is None:
        return tr("Backlog")
    day = QLocale().toString(
        QDate(post.date.year, post.date.month, post.date.day), "ddd d MMM yyyy"
    )
    return f"{day} {post.time:%H:%M}" if post.time else day


class TrashModel(QAbstractTableModel):
    """Deleted posts, newest deletion first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._posts: list[PostRecord] = []

    def set_posts(self, posts: list[PostRecord]) -> None:
        self.beginResetModel()
        self._posts = list(posts)
        self.endResetModel()

    def post(self, row: int) -> PostRecord:
        return self._posts[row]

    def row_of(self, post_id: int) -> int:
        return next((row for row, p in enumerate(self._posts) if p.id == post_id), -1)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._posts)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Title"), tr("Role"), tr("Channel"), tr("Planned for"), tr("Deleted"))[
                section
            ]
        return None

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        post = self._posts[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == TITLE:
                return post.title
            if column == ROLE:
                return f"{theme.role_symbol(post.role)} {theme.role_name(post.role)}"
            if column == CHANNEL:
                return post.channel
            if column == DATE:
                return day_text(post)
            return local_time_text(post.deleted_at)
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            body = post.body.strip()
            body = body[:300] + "…" if len(body) > 300 else body
            return f"{post.title}\n\n{body}" if body else post.title
        return None


class TrashDialog(QDialog):
    """A window on the plan's trash. Non-modal: it follows the plan while it stays open."""

    restoredPosts = Signal(list)  # ids brought back

    def __init__(self, parent: QWidget | None, document: PlanDocument) -> None:
        super().__init__(parent)
        self.setObjectName("trashDialog")
        self.setWindowTitle(tr("Trash"))
        self.document = document

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("trashSearch")
        self.search_edit.setPlaceholderText(tr("Search titles and text"))
        self.search_edit.setAccessibleName(tr("Search the trash"))
        self.search_edit.setClearButtonEnabled(True)
        search_label = QLabel(tr("&Search:"), self)
        search_label.setBuddy(self.search_edit)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)

        self.model = TrashModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("trashTable")
        self.table.setAccessibleName(tr("Deleted posts"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in ((ROLE, 110), (CHANNEL, 110), (DATE, 170), (DELETED, 190)):
            header.resizeSection(column, width)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.empty_label = QLabel(tr("The trash is empty."), self.table)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("trashCount")
        self.keep_label = quiet_label("", self)
        self.keep_label.setObjectName("trashKeep")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(tr("&Restore"), self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setToolTip(tr("Put the selected posts back in the plan (Enter)"))
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons.rejected.connect(self.reject)
        # Enter restores (the table keeps the focus), as the button says.
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.restore_selected)

        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.keep_label)
        layout.addWidget(self.buttons)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        document.changed.connect(self._on_changed)
        document.destroyed.connect(self.close)
        self.resize(860, 480)
        self.refresh()
        self.table.setFocus()

    def search_text(self) -> str:
        return self.search_edit.text().strip()

    def refresh(self) -> None:
        """Read the trash again, keeping the selection where the posts still are."""
        self._search_timer.stop()
        service = self.document.service
        selected = self.selected_ids()
        flt = PostFilter(search=self.search_text()) if self.search_text() else None
        posts = service.posts(trash=True, flt=flt, order="deleted", descending=True, limit=MAX_ROWS)
        self.model.set_posts(posts)
        self.select_ids(selected)
        total = service.count_posts(trash=True)
        if self.search_text():
            self.count_label.setText(
                tr("{shown} of {total} deleted posts match “{text}”.").format(
                    shown=len(posts), total=total, text=self.search_text()
                )
            )
        else:
            self.count_label.setText(
                count_text(total, tr("1 post in the trash."), tr("{n} posts in the trash."))
            )
        days = service.settings().trash_days
        self.keep_label.setText(
            count_text(
                days,
                tr("Deleted posts stay here for 1 day, then are removed for good."),
                tr("Deleted posts stay here for {n} days, then are removed for good."),
            )
        )
        self.empty_label.setText(
            tr("No deleted post matches.") if self.search_text() else tr("The trash is empty.")
        )
        self.empty_label.setVisible(not posts)
        self.empty_label.resize(self.table.viewport().size())
        self.empty_label.move(self.table.viewport().pos())
        self._update()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.post(row).id for row in rows]

    def select_ids(self, post_ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for post_id in post_ids:
            row = self.model.row_of(post_id)
            if row >= 0:
                selection.select(self.model.index(row, 0), flags)

    def _update(self, *_args: object) -> None:
        writable = not self.document.readonly
        self.restore_button.setEnabled(writable and bool(self.selected_ids()))
        if not writable:
            self.restore_button.setToolTip(
                self.document.plan.readonly_reason or tr("This plan is read-only.")
            )

    def restore_selected(self) -> ChangeSet | None:
        """Bring the selected posts back, as one undoable step."""
        ids = self.selected_ids()
        if not ids or self.document.readonly:
            return None
        service = self.document.service
        label = count_text(len(ids), tr("Restore a post from the trash"), tr("Restore {n} posts"))
        applied = self.document.perform(label, lambda: service.undelete_posts(ids))
        if applied:
            self.restoredPosts.emit(ids)
        return applied

    def _on_changed(self, _changes: object) -> None:
        self.refresh()

    @override
    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.empty_label.resize(self.table.viewport().size())
        self.empty_label.move(self.table.viewport().pos())


def open_trash_dialog(parent: QWidget | None, document: PlanDocument) -> TrashDialog:
    """View > Trash: shows the plan's trash (non-modal; one per window, raised if open)."""
    if parent is not None:
        for existing in parent.findChildren(TrashDialog):
            if existing.document is document and existing.isVisible():
                existing.raise_()
                existing.activateWindow()
                return existing
    dialog = TrashDialog(parent, document)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
