"""A read-only table model over a list of rows, for the small tables of dialogs and panels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from lmplanner.ui.compat import override

AnyIndex = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """Rows replaced as a whole (`set_rows`), one header per column.

    Rows that are sequences of strings show as they are, with the columns in `numeric`
    right-aligned; other rows say what a cell shows by overriding `cell`.
    """

    def __init__(
        self,
        headers: Sequence[str],
        parent: QObject | None = None,
        *,
        numeric: Sequence[int] = (),
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.numeric = frozenset(numeric)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    @override
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    @override
    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    @override
    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    @override
    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(self.rows[index.row()], index.column(), role)

    def cell(self, row: Row, column: int, role: int) -> Any:
        """What `row` shows in `column` for `role`; None for nothing."""
        if role == Qt.ItemDataRole.DisplayRole:
            return row[column]  # type: ignore[index]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric:
            return RIGHT
        return None
