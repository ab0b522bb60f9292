"""A table of posts for the agenda and the backlog, over a `post_model.PostTableModel`.

The view drags the selected posts as the calendar's `application/x-lmplanner-posts` payload and,
where asked (the backlog), accepts that payload back.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from lmplanner.core.domain import Role
from lmplanner.ui import theme
from lmplanner.ui.badges import role_badge
from lmplanner.ui.compat import override
from lmplanner.ui.views.calendar.mime import (
    decode_post_ids,
    encode_post_ids,
    has_post_ids,
)
from lmplanner.ui.views.cell_text import BaselineTextDelegate

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService

from lmplanner.ui.views.post_model import PostQuery, PostTableModel, row_runs, tr

log = logging.getLogger(__name__)


class PostTable(QTableView):
    """A sortable, multi-select table of posts that drags them (and may take them back)."""

    postActivated = Signal(int)
    postsDropped = Signal(list)

    def __init__(
        self,
        model: PostTableModel,
        parent: QWidget | None = None,
        *,
        accepts_drops: bool = False,
        placeholder: str = "",
    ) -> None:
        super().__init__(parent)
        self.posts = model
        model.set_palette(self.palette())
        self.setModel(model)
        self.setItemDelegate(BaselineTextDelegate(self))  # emoji and Urdu stay inside the row
        self._placeholder = placeholder
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setAcceptDrops(accepts_drops)
        self.viewport().setAcceptDrops(accepts_drops)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._drop_highlight = False
        self._stretch_column: int | None = None
        self._stretch_min = 0
        self._stretch_share = 0.0
        self._user_sized = False
        self._fitting = False
        self._header_dragging = False
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        # Fixed row heights: Qt never asks every row for its size, so 50 000 rows stay cheap.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        self.activated.connect(self._activated)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # badges follow a light/dark switch
            self.posts.set_palette(self.palette())
        super().changeEvent(event)

    def set_placeholder(self, text: str) -> None:
        """What an empty table says (e.g. "Loading…" until its rows are read)."""
        self._placeholder = text
        self.viewport().update()

    def placeholder(self) -> str:
        return self._placeholder

    def sort_by(self, key: str, *, descending: bool = False) -> None:
        """Start sorted by a column; from then on the header decides."""
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.horizontalHeader().setSortIndicator(self.posts.column_of(key), order)
        self.setSortingEnabled(True)  # sorts the model once, by the indicator

    def stretch(self, key: str, *, min_chars: int = 24, min_share: float = 0.35) -> None:
        """Give the room left over to one column (the title) instead of the last one.

        Qt's Stretch mode would squeeze the title to a few letters once the other columns
        fill the view and would undo a person's own width; here the title takes the spare
        width but never less than `min_chars` nor `min_share` of the view (the others
        scroll), until someone drags its edge: from then on their width stands."""
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        self._stretch_column = self.posts.column_of(key)
        self._stretch_min = min_chars
        self._stretch_share = min_share
        header.setSectionResizeMode(self._stretch_column, QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._section_resized)
        header.viewport().installEventFilter(self)
        self._fit_stretch()

    def title_sized_by_user(self) -> bool:
        return self._user_sized

    def user_title_width(self) -> int | None:
        """The title's width as the person dragged it; None while it takes the spare room."""
        if self._stretch_column is None or not self._user_sized:
            return None
        return self.columnWidth(self._stretch_column)

    def set_user_title_width(self, width: int | None) -> None:
        """A width the person dragged earlier (kept from the last session) stands again; None
        gives the title the spare room again."""
        column = self._stretch_column
        if column is None:
            return
        self._user_sized = width is not None
        if width is None:
            self._fit_stretch()
            return
        self._fitting = True
        try:
            self.setColumnWidth(column, max(width, self.horizontalHeader().minimumSectionSize()))
        finally:
            self._fitting = False

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if self._fitting:
            return
        if column == self._stretch_column and self._header_dragging:
            self._user_sized = True
        elif column != self._stretch_column:
            self._fit_stretch()

    def _fit_stretch(self) -> None:
        column = self._stretch_column
        if column is None or self._user_sized:
            return
        header = self.horizontalHeader()
        # A saved header state may carry Qt's Stretch mode: the title is sized here instead.
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Interactive:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        others = sum(
            self.columnWidth(c)
            for c in range(self.posts.columnCount())
            if c != column and not self.isColumnHidden(c)
        )
        room = self.viewport().width()
        em = self.fontMetrics().averageCharWidth()
        least = max(self._stretch_min * em + 28, int(room * self._stretch_share))
        self._fitting = True
        try:
            self.setColumnWidth(column, max(least, room - others))
        finally:
            self._fitting = False

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only a drag on the header is the person's own width (not a restore or a refit).
        if watched is self.horizontalHeader().viewport():
            if event.type() == QEvent.Type.MouseButtonPress:
                self._header_dragging = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._header_dragging = False
        return super().eventFilter(watched, event)

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_stretch()

    def show_columns(self, keys: Sequence[str]) -> None:
        """Show only these columns; the header's context menu brings the others back."""
        for column, col in enumerate(self.posts.cols):
            self.setColumnHidden(column, col.key not in keys)
        header = self.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for column, col in enumerate(self.posts.cols):
            action = menu.addAction(col.header)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(column))
            action.toggled.connect(lambda on, c=column: self.setColumnHidden(c, not on))
        if self._stretch_column is not None:
            menu.addSeparator()
            fit = menu.addAction(tr("&Automatic title width"))
            fit.setObjectName("fitTitleAction")
            fit.setEnabled(self._user_sized)  # a dragged width stays until this is chosen
            fit.triggered.connect(lambda: self.set_user_title_width(None))
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    def set_column_widths(self, widths: dict[str, int]) -> None:
        em = self.fontMetrics().averageCharWidth()
        for key, chars in widths.items():
            self.setColumnWidth(self.posts.column_of(key), chars * em + 28)

    def _activated(self, index: QModelIndex) -> None:
        post_id = self.posts.post_id(index.row())
        if post_id is not None:
            self.postActivated.emit(post_id)

    # ------------------------------------------------------------------ selection
    def selected_rows(self) -> list[int]:
        rows: set[int] = set()
        selection = self.selectionModel().selection()
        for span in (selection.at(i) for i in range(selection.count())):
            rows.update(range(span.top(), span.bottom() + 1))
        return sorted(rows)

    def all_selected(self) -> bool:
        count = self.posts.rowCount()
        if count == 0:
            return False
        selection = self.selectionModel().selection()
        covered = sum(
            selection.at(i).bottom() - selection.at(i).top() + 1 for i in range(selection.count())
        )
        return covered >= count and len(self.selected_rows()) == count

    def has_selection(self) -> bool:
        return self.selectionModel().hasSelection()

    def selected_post_ids(self) -> list[int]:
        """The selected posts' ids in row order; "all rows" is one id query, not 50 000 reads."""
        if not self.has_selection():
            return []
        if self.all_selected():
            return self.posts.all_ids()
        return self.posts.ids_of_rows(self.selected_rows())

    def select_ids(self, ids: Sequence[int]) -> None:
        rows = self.posts.rows_of(ids)
        self.select_rows(rows)

    def select_rows(self, rows: Sequence[int]) -> None:
        model = self.posts
        selection = QItemSelection()
        last = model.columnCount() - 1
        for first, end in row_runs(sorted(set(rows))):
            selection.select(model.index(first, 0), model.index(end, last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.selectionModel().select(selection, flags)
        if rows:
            current = model.index(rows[0], 0)
            self.selectionModel().setCurrentIndex(
                current, QItemSelectionModel.SelectionFlag.NoUpdate
            )
            self.scrollTo(current)

    def reload(self, service: PlanService | None, query: PostQuery) -> None:
        """Read the rows again and keep the same posts selected (by id, not by row)."""
        keep_all = self.all_selected()
        keep: list[int] = []
        if not keep_all and self.has_selection() and len(self.selected_rows()) <= 2000:
            keep = self.selected_post_ids()
        scroll = self.verticalScrollBar().value()
        self.posts.set_source(service, query)
        if keep_all:
            self.selectAll()
        elif keep:
            rows = self.posts.rows_of(keep)
            self.select_rows(rows)
        self.verticalScrollBar().setValue(scroll)

    # ------------------------------------------------------------------ drag-and-drop
    @override
    def startDrag(self, supportedActions: Qt.DropAction) -> None:
        ids = self.selected_post_ids()
        if not ids:
            return
        drag = QDrag(self)
        drag.setMimeData(encode_post_ids(ids))
        drag.setPixmap(self._drag_pixmap(ids))
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)

    def _drag_pixmap(self, ids: Sequence[int]) -> QPixmap:
        first = self.posts.record(self.selected_rows()[0]) if self.selected_rows() else None
        text = first.title if first and len(ids) == 1 else tr("{n} posts").format(n=len(ids))
        metrics = self.fontMetrics()
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, 260)
        ratio = self.devicePixelRatioF()
        width, height = metrics.horizontalAdvance(text) + 34, metrics.height() + 10
        pixmap = QPixmap(round(width * ratio), round(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        palette = self.palette()
        role = first.role if first else Role.MANAGER
        with QPainter(pixmap) as p:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(theme.role_color(role, palette))
            p.setBrush(theme.role_fill(role, palette))
            p.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 4, 4)
            role_badge(role, palette).paint(p, 6, (height - 16) // 2, 16, 16)
            p.setPen(palette.color(QPalette.ColorRole.Text))
            p.drawText(QRectF(28, 0, width - 30, height), Qt.AlignmentFlag.AlignVCenter, text)
        return pixmap

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent) -> bool:
        return self.acceptDrops() and event.source() is not self and has_post_ids(event.mimeData())

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._set_drop_highlight(True)
        else:
            event.ignore()

    @override
    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._accepts(event):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    @override
    def dragLeaveEvent(self, event: Any) -> None:
        self._set_drop_highlight(False)
        event.accept()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        self._set_drop_highlight(False)
        ids = decode_post_ids(event.mimeData())
        if not self.acceptDrops() or event.source() is self or not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.MoveAction)
        event.accept()
        self.postsDropped.emit(ids)

    def _set_drop_highlight(self, on: bool) -> None:
        if on != self._drop_highlight:
            self._drop_highlight = on
            self.viewport().update()

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        empty = self.posts.rowCount() == 0 and self._placeholder
        if not (empty or self._drop_highlight):
            return
        with QPainter(self.viewport()) as p:
            palette = self.palette()
            rect = QRectF(self.viewport().rect())
            if self._drop_highlight:
                pen = p.pen()
                pen.setColor(palette.color(QPalette.ColorRole.Highlight))
                pen.setWidthF(2)
                pen.setStyle(Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 6, 6)
            if empty:
                p.setPen(theme.quiet_text_color(palette))
                flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
                p.drawText(rect.adjusted(16, 16, -16, -16), int(flags), self._placeholder)
