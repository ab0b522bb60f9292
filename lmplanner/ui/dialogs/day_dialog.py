"""The day dialog behind "+N more": every post of a day as the calendar's chips, with the same
actions (open, new, delete, move, duplicate, change role / status / channel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QAction, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import PostRecord, name_key
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.operations import posts as ops
from lmplanner.ui.operations import series as series_ops
from lmplanner.ui.operations.review import review_menu
from lmplanner.ui.views.calendar.base import day_sort_key
from lmplanner.ui.views.calendar.chips import ChipFonts, paint_chip
from lmplanner.ui.views.post_text import chip_tooltip

if TYPE_CHECKING:
    from lmplanner.ui.session import PlanSession

OpenPost = Callable[[int], object]
NewPost = Callable[[dt.date], object]

AnyIndex = QModelIndex | QPersistentModelIndex
PostRole = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("DayDialog", text)


class DayPostsModel(QAbstractListModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.posts: list[PostRecord] = []

    def set_posts(self, posts: Sequence[PostRecord]) -> None:
        self.beginResetModel()
        self.posts = sorted(posts, key=day_sort_key)
        self.endResetModel()

    @override
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.posts)

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.posts):
            return None
        post = self.posts[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return post.title
        if role == Qt.ItemDataRole.AccessibleTextRole:
            when = f"{post.time:%H:%M} " if post.time else ""
            return f"{when}{theme.role_name(post.role)}, {post.channel}: {post.title}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return chip_tooltip(post)
        if role == PostRole:
            return post
        return None


class ChipDelegate(QStyledItemDelegate):
    """Rows painted as the calendar's chips, one line each."""

    def __init__(self, view: QListView, colors: dict[str, str]) -> None:
        super().__init__(view)
        self._view = view
        self._colors = {name_key(k): theme.channel_color(v) for k, v in colors.items()}

    def _fonts(self) -> ChipFonts:
        return ChipFonts.from_font(self._view.font())

    @override
    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        return QSize(320, round(self._fonts().line_height + 6))

    @override
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        post = index.data(PostRole)
        if post is None:
            return
        rect = QRectF(option.rect).adjusted(6, 3, -6, -3)
        state = option.state
        paint_chip(
            painter,
            rect,
            post,
            self._view.palette(),
            self._fonts(),
            channel=self._colors.get(name_key(post.channel)) or theme.channel_color(None),
            selected=bool(state & QStyle.StateFlag.State_Selected),
            current=bool(state & QStyle.StateFlag.State_HasFocus),
        )


class DayDialog(QDialog):
    """One day's posts; stays open and follows the plan as posts are changed."""

    def __init__(
        self,
        parent: QWidget,
        session: PlanSession,
        day: dt.date,
        *,
        edit_post: OpenPost,
        new_post: NewPost,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dayDialog")
        self.session = session
        self._edit_post = edit_post
        self.day = day
        self.setWindowTitle(parent.locale().toString(_qdate(day), "dddd d MMMM yyyy"))
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.model = DayPostsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("dayPosts")
        self.list.setAccessibleName(tr("Posts of the day"))
        self.list.setModel(self.model)
        service = session.service
        colors = {c.name: c.color for c in service.channels()} if service else {}
        self.list.setItemDelegate(ChipDelegate(self.list, colors))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(1)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.activated.connect(lambda index: self._open(index.data(PostRole)))
        self.heading.setBuddy(self.list)

        self.open_button = QPushButton(tr("&Open"), self)
        self.open_button.clicked.connect(self.open_current)
        self.new_button = QPushButton(tr("&New post…"), self)
        self.new_button.clicked.connect(lambda: new_post(self.day))
        self.more_button = QPushButton(tr("&Actions"), self)
        self.more_button.setMenu(self._actions_menu())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.more_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        # The window's keys, for this dialog's selection.
        for text, keys, slot in (
            (tr("Delete"), [QKeySequence(Qt.Key.Key_Delete)], self.delete),  # Ctrl+D: Duplicate
            (tr("Duplicate"), [QKeySequence("Ctrl+D")], self.duplicate),
            (tr("A day earlier"), [QKeySequence("Ctrl+Shift+Left")], lambda: self.move_by(-1)),
            (tr("A day later"), [QKeySequence("Ctrl+Shift+Right")], lambda: self.move_by(1)),
            (tr("A week earlier"), [QKeySequence("Ctrl+Shift+Up")], lambda: self.move_by(-7)),
            (tr("A week later"), [QKeySequence("Ctrl+Shift+Down")], lambda: self.move_by(7)),
        ):
            action = QAction(text, self)
            action.setShortcuts(keys)
            action.triggered.connect(slot)
            self.addAction(action)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(460, 420)
        session.refreshed.connect(self.reload)
        self.reload()
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))
        self.list.setFocus()

    def _actions_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(tr("D&uplicate"), self.duplicate)
        menu.addAction(tr("&Delete"), self.delete)
        move = menu.addMenu(tr("&Move"))
        move.addAction(tr("A day &earlier"), lambda: self.move_by(-1))
        move.addAction(tr("A day &later"), lambda: self.move_by(1))
        move.addAction(tr("A &week earlier"), lambda: self.move_by(-7))
        move.addAction(tr("A wee&k later"), lambda: self.move_by(7))
        move.addSeparator()
        move.addAction(
            tr("To the &backlog"), lambda: ops.to_backlog(self.session.document, self.ids())
        )
        menu.addSeparator()
        menu.addMenu(ops.role_menu(menu, self.session, self.ids))
        menu.addMenu(ops.status_menu(menu, self.session, self.ids))
        menu.addMenu(ops.channel_menu(menu, self.session, self.ids))
        menu.addMenu(review_menu(menu, self.session, self.ids, dialogs=self))
        return menu

    def reload(self) -> None:
        """The day's posts as they are now, through the window's filters."""
        service = self.session.service
        if service is None:
            self.reject()
            return
        keep = set(self.ids())
        posts = service.posts(start=self.day, end=self.day, flt=self.session.post_filter)
        self.model.set_posts(posts)
        count = len(posts)
        posts_text = tr("1 post") if count == 1 else tr("{n} posts").format(n=count)
        self.heading.setText(f"{self.windowTitle()} · {posts_text}")
        selection = self.list.selectionModel()
        for row, post in enumerate(self.model.posts):
            if post.id in keep:
                selection.select(self.model.index(row, 0), selection.SelectionFlag.Select)
        self.open_button.setEnabled(count > 0)
        self.more_button.setEnabled(count > 0 and not self._readonly())
        self.new_button.setEnabled(not self._readonly())

    def _readonly(self) -> bool:
        return self.session.readonly

    def ids(self) -> list[int]:
        rows = sorted(i.row() for i in self.list.selectionModel().selectedIndexes())
        if not rows and self.list.currentIndex().isValid():
            rows = [self.list.currentIndex().row()]
        return [self.model.posts[r].id for r in rows if r < len(self.model.posts)]

    def select_all(self) -> None:
        self.list.selectAll()

    def open_current(self) -> None:
        ids = self.ids()
        if ids:
            self._edit_post(ids[0])

    def _open(self, post: PostRecord | None) -> None:
        if post is not None:
            self._edit_post(post.id)

    def delete(self) -> None:
        series_ops.delete_posts(self.session.document, self, self.ids(), self.session.message.emit)

    def duplicate(self) -> None:
        ops.duplicate_posts(self.session.document, self.ids())

    def move_by(self, days: int) -> None:
        series_ops.move_by(self.session.document, self, self.ids(), days)

    def _context_menu(self, pos: QPoint) -> None:
        menu = self._actions_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.list.viewport().mapToGlobal(pos))


def _qdate(day: dt.date) -> Any:
    from PySide6.QtCore import QDate

    return QDate(day.year, day.month, day.day)
