"""The posts a table shows, paged in from the services (the agenda's and the backlog's model).

The model never holds a whole plan: `count_posts` gives the row count and `posts(offset, limit)`
reads blocks of PAGE rows as the view scrolls to them (a small LRU row cache, as Anki's browser
keeps one). Sorting asks the service for another order; filtering is the query's. So a plan of
50 000 posts opens, scrolls and sorts as fast as one of 50.
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
    QLocale,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import (
    QFont,
    QIcon,
    QPalette,
)
from PySide6.QtWidgets import QWidget

from lmplanner.core.domain import METRICS, PostRecord, name_key
from lmplanner.ui import theme
from lmplanner.ui.badges import dot_icon, role_badge
from lmplanner.ui.compat import override
from lmplanner.ui.views.calendar.mime import (
    MIME_TYPE,
    encode_post_ids,
)
from lmplanner.ui.views.post_text import chip_tooltip, format_time, status_name

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
        "pillar": tr("Pillar"),
        "follows": tr("Follows up"),
        "impressions": tr("Impressions"),
        "reactions": tr("Reactions"),
        "comments": tr("Comments"),
        "shares": tr("Shares"),
        "clicks": tr("Clicks"),
        "new_followers": tr("New followers"),
        "open_comments": tr("Open comments"),
        "series": tr("Series"),
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
        self._pillar_icons: dict[str, QIcon] = {}
        self._titles: dict[int, str] = {}  # followed posts' titles, read once per reload
        self._open_comments: dict[int, int] = {}  # post id → open comments, read with its page
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
        self._titles.clear()
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

    def set_pillar_colors(self, colors: dict[str, str]) -> None:
        from lmplanner.ui.badges import swatch

        self._pillar_icons = {name_key(name): swatch(color) for name, color in colors.items()}
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(self.cols) - 1))

    def _followed_title(self, post_id: int) -> str:
        if post_id not in self._titles:
            title = ""
            if self.service is not None:
                try:
                    title = self.service.post(post_id, include_deleted=True).title
                except Exception:  # gone for good: the column says nothing
                    log.debug("Followed post %s is gone", post_id)
            self._titles[post_id] = title
        return self._titles[post_id]

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
            if any(c.key == "open_comments" for c in self.cols) and page:
                counts = self.service.open_comment_counts([p.id for p in page])
                self._open_comments.update({p.id: counts.get(p.id, 0) for p in page})
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
        for first, last in row_runs(sorted(set(rows))):
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
            if key == "title" and self.order == "series" and post.series:
                return self._series_mark(index.row(), post) + post.title
            return self._text(post, key)
        if role == Qt.ItemDataRole.DecorationRole:
            if key == "role":
                return role_badge(post.role, self._palette)
            if key == "channel":
                return self._channel_icons.get(name_key(post.channel))
            if key == "pillar" and post.pillar:
                return self._pillar_icons.get(name_key(post.pillar))
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
        if role == Qt.ItemDataRole.TextAlignmentRole and key in METRICS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _series_mark(self, row: int, post: PostRecord) -> str:
        """Sorted by series, a series' rows hang together as a tree does: "┌ " opens the
        group, "├ " continues it, "└ " closes it, so one reads which rows belong together."""
        before = self.record(row - 1)
        after = self.record(row + 1)
        first = before is None or before.series != post.series
        last = after is None or after.series != post.series
        if first and last:
            return "\u2500 "
        if first:
            return "\u250c "
        return "\u2514 " if last else "\u251c "

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
        if key == "follows":
            return self._followed_title(post.follows) if post.follows else ""
        if key == "open_comments":
            count = self._open_comments.get(post.id, 0)
            return str(count) if count else ""
        if key == "series":
            return tr("\u21bb Series {id}").format(id=post.series) if post.series else ""
        if key == "created":
            return post.created_at.astimezone().strftime("%Y-%m-%d") if post.created_at else ""
        if key in METRICS:
            count = getattr(post, key)
            return "" if count is None else QLocale().toString(count)
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


def row_runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
