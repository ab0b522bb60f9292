"""The import preview's table: every record of a file, its state and its problems, one row each."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QStyle,
    QTableView,
    QWidget,
)

from lmplanner.core.domain import Role
from lmplanner.core.io import (
    ImportPreview,
    ImportRecord,
)
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.dates import day_text
from lmplanner.ui.dialogs.common import count_text

if TYPE_CHECKING:
    pass

Index = QModelIndex | QPersistentModelIndex
LINE, STATE, DATE, TIME, CHANNEL, ROLE, TITLE, PROBLEMS = range(8)
_COLUMNS = 8
_FIELD_COLUMNS = {"date": DATE, "time": TIME, "channel": CHANNEL, "role": ROLE, "title": TITLE}
_SHORT_WIDTHS = (48, 96, 92, 52, 92, 108)  # line … role: short values, fixed until dragged
PROBLEMS_SHARE = 0.4  # the most of the table's width problems take; longer ones wrap


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


def headers() -> list[str]:
    names = [tr("Line"), tr("State"), tr("Date"), tr("Time"), tr("Channel"), tr("Role")]
    return [*names, tr("Title"), tr("Problems")]


class ImportPreviewModel(QAbstractTableModel):
    """The records of an ImportPreview: what each would become, or why it cannot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._records: tuple[ImportRecord, ...] = ()
        self._palette = QPalette()
        self._icons: dict[str, QIcon] = {}

    def set_preview(self, preview: ImportPreview | None, palette: QPalette | None = None) -> None:
        self.beginResetModel()
        self._records = preview.records if preview is not None else ()
        if palette is not None:
            self._palette = palette
            self._icons.clear()
        self.endResetModel()

    def problem_rows(self) -> list[int]:
        return [row for row, record in enumerate(self._records) if record.problems]

    def row_of_line(self, line: int) -> int:
        return next((row for row, r in enumerate(self._records) if r.line == line), -1)

    @override
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._records)

    @override
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return headers()[section]
        return None

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._state_icon(record_state(record)) if column == STATE else None
        if role == Qt.ItemDataRole.BackgroundRole and not record.valid:
            return QBrush(_problem_colors(self._palette)[0])
        if role == Qt.ItemDataRole.ForegroundRole:
            if not record.valid and (column == PROBLEMS or _has_problem(record, column)):
                return QBrush(_problem_colors(self._palette)[1])
            if record.duplicate:
                return QBrush(theme.quiet_text_color(self._palette))
            return None
        if role == Qt.ItemDataRole.FontRole and (record.duplicate or _has_problem(record, column)):
            font = QFont()
            font.setItalic(record.duplicate)
            font.setBold(not record.valid)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{headers()[column]}: {self._text(record, column)}"
        return None

    def _text(self, record: ImportRecord, column: int) -> str:
        draft = record.draft
        if column == LINE:
            return str(record.line)
        if column == STATE:
            names = {"ready": tr("Ready"), "duplicate": tr("Duplicate"), "invalid": tr("Invalid")}
            return names[record_state(record)]
        if column == PROBLEMS:
            return "; ".join(
                tr("{column}: {message}").format(column=p.column, message=p.message)
                for p in record.problems
            )
        if draft is None:  # invalid: show the file's own text
            key = {DATE: "date", TIME: "time", CHANNEL: "channel", ROLE: "role", TITLE: "title"}
            return record.cells.get(key[column], "")
        if column == DATE:
            return day_text(draft.date) if draft.date else tr("Backlog")
        if column == TIME:
            return draft.time.strftime("%H:%M") if draft.time else ""
        if column == CHANNEL:
            return draft.channel
        if column == ROLE:
            role = Role(draft.role)  # the symbol: a second cue next to the name
            name = f"{theme.role_symbol(role)} {theme.role_name(role)}"
            return tr("{role} (suggested)").format(role=name) if draft.role_suggested else name
        if record.series is not None:  # a recurring calendar event that becomes a series
            posts = count_text(record.series_posts, tr("1 post"), tr("{n} posts"))
            return tr("{title} (series: {posts})").format(title=draft.title, posts=posts)
        return draft.title

    def _tooltip(self, record: ImportRecord, column: int) -> str | None:
        if record.problems:  # "line N, column C: reason", as the command line says it
            return "\n".join(str(problem) for problem in record.problems)
        if record.duplicate and record.series is not None:
            return tr("Already in the plan (a series from the same calendar event): skipped.")
        if record.duplicate:
            return tr("Already in the plan (same date, time, channel and title): skipped.")
        if column == TITLE and record.draft is not None:
            return record.draft.title
        return None

    def _state_icon(self, state: str) -> QIcon:
        if state not in self._icons:
            pixmap = {
                "ready": QStyle.StandardPixmap.SP_DialogApplyButton,
                "duplicate": QStyle.StandardPixmap.SP_MessageBoxInformation,
                "invalid": QStyle.StandardPixmap.SP_MessageBoxCritical,
            }[state]
            self._icons[state] = QApplication.style().standardIcon(pixmap)
        return self._icons[state]


def record_state(record: ImportRecord) -> str:
    return "invalid" if not record.valid else "duplicate" if record.duplicate else "ready"


def _has_problem(record: ImportRecord, column: int) -> bool:
    return any(_FIELD_COLUMNS.get(p.field or "") == column for p in record.problems)


def _problem_colors(palette: QPalette) -> tuple[QColor, QColor]:
    """A red tint for the rows and a red for the text, readable in light and dark themes."""
    dark, base = theme.is_dark(palette), palette.color(QPalette.ColorRole.Base)
    fill = theme.mix(base, QColor("#d32f2f"), 0.22 if dark else 0.1)
    return fill, QColor("#ff8a80" if dark else "#b71c1c")


def lay_out_columns(table: QTableView) -> None:
    """The title, which tells records apart, takes the width the short columns leave; Problems
    is sized by `fit_problems` to what the file's problems need."""
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setHighlightSections(False)
    for column, width in enumerate(_SHORT_WIDTHS):
        header.resizeSection(column, width)
    header.resizeSection(DATE, max(_SHORT_WIDTHS[DATE], date_width(table)))
    header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(PROBLEMS, QHeaderView.ResizeMode.Interactive)
    header.resizeSection(PROBLEMS, header.sectionSizeHint(PROBLEMS))
    table.setWordWrap(True)


def date_width(table: QTableView) -> int:
    """Room for the longest day the locale writes (a day of each month, each weekday), so the
    Date column never cuts a year off."""
    metrics = table.fontMetrics()
    days = (dt.date(2026, month, 22 + month % 7) for month in range(1, 13))
    return max(metrics.horizontalAdvance(day_text(day)) for day in days) + 16


def fit_problems(table: QTableView, model: ImportPreviewModel) -> None:
    """Problems as wide as the shown ones need (just its heading when the file has none), at
    most PROBLEMS_SHARE of the table: a longer one wraps and its row grows to show it all."""
    header = table.horizontalHeader()
    least = header.sectionSizeHint(PROBLEMS)
    rows = model.problem_rows()
    hints = (table.sizeHintForIndex(model.index(row, PROBLEMS)).width() for row in rows[:200])
    wanted = max(least, *hints) if rows else least
    most = max(least, int(table.viewport().width() * PROBLEMS_SHARE))
    header.resizeSection(PROBLEMS, min(wanted, most))
    for row in rows:  # only these: measuring every row of a large file would stall the dialog
        table.resizeRowToContents(row)
