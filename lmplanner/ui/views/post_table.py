"""A table of posts paged in from the services, for the agenda and the backlog.

The model never holds a whole plan: `count_posts` gives the row count and `posts(offset, limit)`
reads blocks of PAGE rows as the view scrolls to them (a small LRU row cache, as Anki's browser
keeps one). Sorting asks the service for another order; filtering is the query's. So a plan of
50 000 posts opens, scrolls and sorts as fast as one of 50.

The view drags the selected posts as the calendar's `application/x-lmplanner-posts` payload and,
where asked (the backlog), accepts that payload back.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
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
    QFont,
    QIcon,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from lmplanner.core.domain import PostRecord, Role, name_key
from lmplanner.ui import theme
from lmplanner.ui.badges import dot_icon, role_badge
from lmplanner.ui.compat import override
from lmplanner.ui.views.calendar.chips import chip_tooltip, format_time, status_name
from lmplanner.ui.views.calendar.mime import (
    MIME_TYPE,
    decode_post_ids,
    encode_post_ids,
    has_post_ids,
)

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService, PostFilter

log = logging.getLogger(__name__)

PAGE = 200
CACHED_PAGES = 25
AnyIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    return QCoreApplication.translate("PostTable", text)


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # also the service's sort key
    header: str


def columns(*keys: str) -> tuple[Column, ...]:
    headers = {
        "date": tr("Date"),
        "time": tr("Time"),
        "channel": tr("Channel"),
        "role": tr("Role"),
        "kind": tr("Kind"),
        "status": tr("Status"),
        "author": tr("Author"),
        "campaign": tr("Campaign"),
        "title": tr("Title"),
        "created": tr("Added"),
    }
    return tuple(Column(key, headers[key]) for key in keys)


@dataclass(frozen=True, slots=True)
class PostQuery:
    """Which posts a table shows; the order is the model's."""

    start: dt.date | None = None
    end: dt.date | None = None
    backlog: bool | None = None
    flt: PostFilter | None = None


def kind_text(post: PostRecord) -> str:
    return str(post.kind.value).replace("-", " ").capitalize() if post.kind else ""


class PostTableModel(QAbstractTableModel):
    """Rows of posts read a page at a time; `pages_read` counts the service calls for posts."""

    def __init__(self, cols: Sequence[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cols = tuple(cols)
        self.service: PlanService | None = None
        self.query = PostQuery()
        self.order = "date"
        self.descending = False
        self._count = 0
        self._pages: OrderedDict[int, list[PostRecord]] = OrderedDict()
        self._channel_icons: dict[str, QIcon] = {}
        self._palette = QPalette()
        self.pages_read = 0
        self.compact_role = False  # the L/M badge alone, for narrow tables

    # ------------------------------------------------------------------ source
    def set_source(self, service: PlanService | None, query: PostQuery) -> None:
        """Show these posts; the rows are read again (after any change to the plan)."""
        self.beginResetModel()
        self.service = service
        self.query = query
        self._reload()
        self.endResetModel()

    def _reload(self) -> None:
        self._pages.clear()
        self._count = 0
        if self.service is None:
            return
        q = self.query
        try:
            self._count = self.service.count_posts(
                start=q.start, end=q.end, backlog=q.backlog, flt=q.flt
            )
        except Exception:
            log.exception("Counting posts failed")

    def set_channel_colors(self, colors: dict[str, str]) -> None:
        self._channel_icons = {
            name_key(name): dot_icon(theme.channel_color(color)) for name, color in colors.items()
        }
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(self.cols) - 1))

    def set_palette(self, palette: QPalette) -> None:
        self._palette = QPalette(palette)

    def column_of(self, key: str) -> int:
        return next(i for i, c in enumerate(self.cols) if c.key == key)

    # ------------------------------------------------------------------ rows
    def record(self, row: int) -> PostRecord | None:
        if not 0 <= row < self._count or self.service is None:
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._read_page(number)
        else:
            self._pages.move_to_end(number)
        offset = row - number * PAGE
        return page[offset] if offset < len(page) else None

    def _read_page(self, number: int) -> list[PostRecord]:
        assert self.service is not None
        q = self.query
        self.pages_read += 1
        try:
            page = self.service.posts(
                start=q.start,
                end=q.end,
                backlog=q.backlog,
                flt=q.flt,
                order=self.order,
                descending=self.descending,
                offset=number * PAGE,
                limit=PAGE,
            )
        except Exception:
            log.exception("Reading posts failed")
            page = []
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def post_id(self, row: int) -> int | None:
        record = self.record(row)
        return record.id if record else None

    def ids_of_rows(self, rows: Sequence[int]) -> list[int]:
        """Ids of these rows in row order: from the cache where it has them, else one id query
        per run of rows (a shift-selected range of thousands never loads their records)."""
        ids: list[int] = []
        for first, last in _runs(sorted(set(rows))):
            if all((r // PAGE) in self._pages for r in (first, last)) and last - first < PAGE:
                ids += [pid for r in range(first, last + 1) if (pid := self.post_id(r))]
            else:
                ids += self.all_ids(offset=first, limit=last - first + 1)
        return ids

    def all_ids(self, *, offset: int = 0, limit: int | None = None) -> list[int]:
        """The ids of the rows, in row order, straight from the service."""
        if self.service is None:
            return []
        q = self.query
        return list(
            self.service.post_ids(
                q.flt,
                start=q.start,
                end=q.end,
                backlog=q.backlog,
                order=self.order,
                descending=self.descending,
                offset=offset,
                limit=limit,
            )
        )

    def rows_of(self, ids: Sequence[int]) -> list[int]:
        wanted = set(ids)
        if not wanted:
            return []
        return [row for row, pid in enumerate(self.all_ids()) if pid in wanted]

    # ------------------------------------------------------------------ Qt model
    @override
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    @override
    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.cols)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.cols[section].header
        return None

    @override
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        post = self.record(index.row())
        if post is None:
            return None
        key = self.cols[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "role" and self.compact_role:
                return None
            return self._text(post, key)
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "role":
                return role_badge(post.role, self._palette)
            if key == "channel":
                return self._channel_icons.get(name_key(post.channel))
        if role == Qt.ItemDataRole.ToolTipRole and key in ("title", "role", "date", "channel"):
            return chip_tooltip(post)
        if role == Qt.ItemDataRole.FontRole and key == "date" and post.date is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole and key == "role":
            return theme.role_name(post.role)
        if role == Qt.ItemDataRole.UserRole:
            return post.id
        return None

    def _text(self, post: PostRecord, key: str) -> str:
        if key == "date":
            if post.date is None:
                return tr("Backlog")
            day = QDate(post.date.year, post.date.month, post.date.day)
            return QLocale().toString(day, "ddd d MMM yyyy")
        if key == "time":
            return format_time(post.time)
        if key == "role":
            return theme.role_name(post.role)
        if key == "kind":
            return kind_text(post)
        if key == "status":
            return status_name(post.status)
        if key == "created":
            return post.created_at.astimezone().strftime("%Y-%m-%d") if post.created_at else ""
        value = getattr(post, key)
        return "" if value is None else str(value)

    @override
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is another query, never a Python sort over the rows."""
        if not 0 <= column < len(self.cols):
            return
        self.order = self.cols[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.set_source(self.service, self.query)

    @override
    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    @override
    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        return encode_post_ids(self.ids_of_rows([i.row() for i in indexes]))

    @override
    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


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

    def stretch(self, key: str) -> None:
        """Give the room left over to one column (the title) instead of the last one."""
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(self.posts.column_of(key), QHeaderView.ResizeMode.Stretch)

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
        for first, end in _runs(sorted(set(rows))):
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
