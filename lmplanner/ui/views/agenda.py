"""The agenda: every post of the month (or of the whole plan) as a sortable, searchable table.

It stands beside the month and week views in the window and answers the same questions (period,
selected posts, select these posts), so the window treats the three alike. Rows are paged in by
`PostTableModel`; search and sort are the query's.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import METRICS, PostRecord, clamp_date
from lmplanner.ui.views.post_model import PAGE, PostQuery, PostTableModel, columns
from lmplanner.ui.views.post_table import PostTable

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService, PostFilter

SEARCH_DELAY_MS = 200
# The title is what a person reads a row by: first, and it takes the spare width.
# Results follow, each as wide as its header (numbers are short), shown while some listed
# post has results. Sorting by one ranks the posts by what they achieved (unread last).
AGENDA_COLUMNS = columns(
    "title",
    "date",
    "time",
    "channel",
    "role",
    "kind",
    "status",
    "author",
    "campaign",
    "pillar",
    "follows",
    "open_comments",
    "series",
    *METRICS,
)
WIDTHS = {
    "date": 16,
    "time": 6,
    "channel": 12,
    "role": 10,
    "kind": 12,
    "status": 10,
    "author": 13,
    "campaign": 14,
    "pillar": 12,
    "follows": 18,
    "open_comments": 9,
    "series": 10,
}
OPTIONAL = (
    "time",
    "kind",
    "author",
    "campaign",
    "pillar",
    "follows",
    "open_comments",
    "series",
)  # narrowed to their header when all empty


def tr(text: str) -> str:
    return QCoreApplication.translate("Agenda", text)


def month_range(day: dt.date) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


class AgendaView(QWidget):
    """Search box, "whole plan" switch and the table; the month of `set_period` by default."""

    # The calendar views' signals, so the window connects all three the same way.
    selectedDateChanged = Signal(object)
    postActivated = Signal(int)
    createRequested = Signal(object)
    selectionChanged = Signal(list)
    moreRequested = Signal(object)
    postsDropped = Signal(list, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agendaView")
        self._anchor = dt.date.today()
        self._service: PlanService | None = None
        self._filter: PostFilter | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("agendaSearch")
        self.search.setClearButtonEnabled(True)
        find = QKeySequence(QKeySequence.StandardKey.Find).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self.search.setPlaceholderText(tr("Search titles and text ({keys})").format(keys=find))
        self.search.setAccessibleName(tr("Search posts"))
        self.whole_plan = QCheckBox(tr("&Whole plan, backlog included"), self)
        self.whole_plan.setObjectName("agendaWholePlan")
        self.whole_plan.setToolTip(
            tr("Show every post of the plan instead of the month; the meter keeps the month.")
        )
        self.by_series = QCheckBox(tr("Group by &series"), self)
        self.by_series.setObjectName("agendaBySeries")
        self.by_series.setToolTip(tr("Keep the posts of each recurring series together."))
        self.count_label = QLabel(self)
        self.count_label.setObjectName("agendaCount")
        self.count_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = PostTableModel(AGENDA_COLUMNS, self)
        self._empty_text = tr("No posts here. Ctrl+N plans one on the month.")
        # Made while the plan still loads (Ctrl+3 at start-up) it has no rows yet, which is
        # not an empty month: it says it is loading until the plan's services arrive.
        self._loading_text = tr("Loading the plan…")
        self.count_label.setText(tr("Loading…"))
        self.table = PostTable(self.model, self, placeholder=self._loading_text)
        self.table.setObjectName("agendaTable")
        self.table.setAccessibleName(tr("Agenda"))
        self.table.set_column_widths(WIDTHS)
        # "Follows up" waits in the header's menu: the title keeps its room on a laptop.
        self.table.show_columns([c.key for c in AGENDA_COLUMNS if c.key != "follows"])
        self._fit_result_columns()
        self.table.stretch("title")
        self.table.sort_by("date")
        self.table.postActivated.connect(self.postActivated)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._show_count)
        self.model.modelReset.connect(self._narrow_empty_columns)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.whole_plan.toggled.connect(lambda _on: self.reload())
        self.by_series.toggled.connect(self._group_by_series)

        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 2)
        bar.setSpacing(12)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.whole_plan)
        bar.addWidget(self.by_series)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.table)

    def _group_by_series(self, on: bool) -> None:
        """Grouping is a sort by series (then date): another query, as every sort is."""
        self.table.sort_by("series" if on else "date")

    # ------------------------------------------------------------------ the window's questions
    def set_period(self, anchor: dt.date) -> None:
        # Months stop at the supported range's ends, as the calendar views do.
        self._anchor = clamp_date(anchor)

    def period_range(self) -> tuple[dt.date, dt.date]:
        return month_range(self._anchor)

    def visible_range(self) -> tuple[dt.date, dt.date]:
        return self.period_range()

    def selected_date(self) -> dt.date:
        """The current row's day when it has one in the month, else the day the month was
        opened on: where a new post goes, and what the calendar shows next."""
        index = self.table.currentIndex()
        record = self.model.record(index.row()) if index.isValid() else None
        start, end = self.period_range()
        if record is not None and record.date is not None and start <= record.date <= end:
            return record.date
        return self._anchor

    def set_selected_date(self, day: dt.date) -> None:
        start, end = self.period_range()
        if start <= day <= end:
            self._anchor = day

    def set_today(self, day: dt.date) -> None:
        """The agenda marks no today; here for the window's loop over views."""

    def set_first_weekday(self, weekday: int) -> None:
        """Months do not depend on the first day of the week."""

    def set_channel_colors(self, colors: Mapping[str, str]) -> None:
        self.model.set_channel_colors(dict(colors))

    def set_pillar_colors(self, colors: Mapping[str, str]) -> None:
        self.model.set_pillar_colors(dict(colors))

    def set_posts(self, posts: Sequence[PostRecord]) -> None:
        """The agenda reads its own rows a page at a time (`set_source`)."""

    def posts_on(self, day: dt.date) -> list[PostRecord]:
        return []

    def select_dates(self, days: Sequence[dt.date]) -> None:
        """A flag's days: select the flag's posts instead (the window does)."""

    def selected_post_ids(self) -> list[int]:
        return self.table.selected_post_ids()

    def has_selection(self) -> bool:
        return self.table.has_selection()

    def select_posts(self, ids: Sequence[int]) -> None:
        self.table.select_ids(ids)

    # ------------------------------------------------------------------ rows
    def query(self) -> PostQuery:
        from lmplanner.core.services import PostFilter  # not needed for the first paint

        flt = self._filter or PostFilter()
        flt = replace(flt, search=self.search.text().strip())
        if self.whole_plan.isChecked():
            return PostQuery(flt=flt)
        start, end = self.period_range()
        return PostQuery(start=start, end=end, flt=flt)

    def set_source(self, service: PlanService | None, flt: PostFilter | None) -> None:
        """The plan and the window's filters; the agenda adds its search and its range."""
        self._service = service
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        self._search_timer.stop()
        query = self.query()
        # An empty search result is not an empty month: say which words found nothing.
        words = self.search.text().strip()
        if self._service is None:
            placeholder = self._loading_text
        elif words:
            placeholder = tr("No posts match “{words}”.").format(words=words)
        else:
            placeholder = self._empty_text
        self.table.set_placeholder(placeholder)
        self.table.reload(self._service, query)

    def _search_now(self) -> None:
        if self._search_timer.isActive():
            self.reload()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _selection_changed(self, *_args: object) -> None:
        # Ids are read lazily by whoever asks; a 50 000-row selection is not listed here.
        self.selectionChanged.emit([])

    def _narrow_empty_columns(self) -> None:
        """Columns nobody filled in (no times, kinds, authors or campaigns) shrink to their
        header, leaving the room to the titles; checked when the rows fit in one page."""
        model = self.model
        rows = model.rowCount(QModelIndex())
        self._show_result_columns(rows)
        if rows > PAGE:
            return
        em = self.table.fontMetrics().averageCharWidth()
        header = self.table.horizontalHeader()
        for key in OPTIONAL:
            column = model.column_of(key)
            if self.table.isColumnHidden(column):
                continue
            empty = not any(model.index(row, column).data() for row in range(rows))
            if empty:
                title = str(model.headerData(column, Qt.Orientation.Horizontal))
                width = header.fontMetrics().horizontalAdvance(title) + 28
            else:
                width = WIDTHS[key] * em + 28
            self.table.setColumnWidth(column, width)

    def _show_result_columns(self, rows: int) -> None:
        """The metric columns while some listed post has results: a plan that records none
        keeps its room for the titles."""
        model = self.model
        keys = [model.column_of(key) for key in METRICS]
        # Past a page, looking would read every row in: a plan that big shows the columns.
        shown = rows > PAGE or any(
            model.index(row, column).data() for row in range(rows) for column in keys
        )
        for column in keys:
            self.table.setColumnHidden(column, not shown)

    def result_columns_shown(self) -> bool:
        return not self.table.isColumnHidden(self.model.column_of(METRICS[0]))

    def _fit_result_columns(self) -> None:
        header = self.table.horizontalHeader()
        for key in METRICS:
            column = self.model.column_of(key)
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            self.table.setColumnWidth(column, header.fontMetrics().horizontalAdvance(title) + 28)

    def empty_columns_narrowed(self) -> list[str]:
        """The optional columns now at their header's width (for tests and screen readers)."""
        em = self.table.fontMetrics().averageCharWidth()
        return [
            key
            for key in OPTIONAL
            if not self.table.isColumnHidden(self.model.column_of(key))
            and self.table.columnWidth(self.model.column_of(key)) < WIDTHS[key] * em + 28
        ]

    def loading(self) -> bool:
        """Whether the agenda still waits for the plan (and says so)."""
        return self._service is None

    def _show_count(self) -> None:
        if self._service is None:
            self.count_label.setText(tr("Loading…"))
            return
        count = self.model.rowCount(QModelIndex())
        number = QLocale().toString(count)
        text = tr("1 post") if count == 1 else tr("{n} posts").format(n=number)
        if not self.whole_plan.isChecked():
            start, _ = self.period_range()
            month = QLocale().standaloneMonthName(start.month)
            text = tr("{count} in {month} {year}").format(count=text, month=month, year=start.year)
        self.count_label.setText(text)
