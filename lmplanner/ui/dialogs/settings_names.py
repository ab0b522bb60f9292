"""The plan settings' lists of names: channels (colour, weekly target), people and campaigns
(colour, dates). Edited in place; nothing is written until the dialog's OK, which asks each
list for the service calls that turn the plan's names into the edited ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.balance import count_of
from lmplanner.core.domain import name_key
from lmplanner.core.services import CHANNEL_PALETTE, KEEP, NamedRecord
from lmplanner.ui.badges import swatch
from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.core.services import PlanService

Call = Callable[["PlanService"], "ChangeSet"]
IdRole = Qt.ItemDataRole.UserRole + 1
NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "—"


def tr(text: str) -> str:
    return QCoreApplication.translate("PlanSettings", text)


@dataclass(frozen=True, slots=True)
class NameList:
    """One of the plan's lists of names: its service calls and what it shows."""

    table: str
    what: str
    color: bool = False
    target: bool = False
    dates: bool = False


CHANNELS = NameList("channel", "channel", color=True, target=True)
PEOPLE = NameList("person", "person")
CAMPAIGNS = NameList("campaign", "campaign", color=True, dates=True)


class TargetDelegate(QStyledItemDelegate):
    """Posts a week, edited in place: plain text ("3", "—") until the cell is edited, then a spin
    box for that one cell; a table of always-open spin boxes was cramped."""

    @override
    def displayText(self, value: Any, locale: Any) -> str:
        return str(value) if value else tr("—")

    @override
    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(0, 1000)
        spin.setSpecialValueText(tr("—"))
        spin.setAccessibleName(tr("Posts a week"))
        spin.setFrame(False)
        return spin


class NamesEditor(QWidget):
    """A table of names with Add and Delete; used names cannot be deleted (and say why)."""

    def __init__(
        self,
        name_list: NameList,
        records: Sequence[NamedRecord],
        usage: dict[int, int],
        parent: QWidget | None = None,
        *,
        choose_color: Callable[[QWidget, str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.name_list = name_list
        self.records = {r.id: r for r in records}
        self.usage = usage
        self.deleted: list[int] = []
        self.choose_color = choose_color or ask_color
        headers = [tr("Name")]
        if name_list.color:
            headers.append(tr("Colour"))
        if name_list.target:
            headers.append(tr("Posts a week"))
        if name_list.dates:
            headers += [tr("Starts"), tr("Ends")]
        headers.append(tr("Used by"))
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName(f"{name_list.table}Table")
        self.table.setHorizontalHeaderLabels(headers)
        if name_list.target:
            target_delegate = TargetDelegate(self.table)
            self.table.setItemDelegateForColumn(self._column("target"), target_delegate)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(tr("&Add {what}").format(what=tr(name_list.what)), self)
        self.add_button.setObjectName(f"add{name_list.table.title()}")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.delete_button = QPushButton(tr("&Delete"), self)
        self.delete_button.setObjectName(f"delete{name_list.table.title()}")
        self.delete_button.clicked.connect(self.delete_current)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setObjectName("namesNote")
        self.table.currentCellChanged.connect(lambda *_: self._sync_delete())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        for record in records:
            self.add_row(record)
        self.table.setCurrentCell(0 if records else -1, 0)
        self._sync_delete()

    # ------------------------------------------------------------------ rows
    def _column(self, name: str) -> int:
        order = ["name"]
        if self.name_list.color:
            order.append("color")
        if self.name_list.target:
            order.append("target")
        if self.name_list.dates:
            order += ["start", "end"]
        order.append("used")
        return order.index(name)

    def add_row(self, record: NamedRecord | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(record.name if record else "")
        name.setData(IdRole, record.id if record else None)
        self.table.setItem(row, 0, name)
        if self.name_list.color:
            default = CHANNEL_PALETTE[row % len(CHANNEL_PALETTE)]
            self._set_color(row, (record.color if record else "") or default)
        if self.name_list.target:
            target = QTableWidgetItem()
            target.setData(Qt.ItemDataRole.EditRole, (record.weekly_target or 0) if record else 0)
            target.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, self._column("target"), target)
        if self.name_list.dates:
            for key, value in (
                ("start", record.start_date if record else None),
                ("end", record.end_date if record else None),
            ):
                self.table.setCellWidget(row, self._column(key), _date_edit(self.table, value))
        used = self.usage.get(record.id, 0) if record else 0
        count = QTableWidgetItem(str(used) if used else "")
        count.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, self._column("used"), count)
        if record is None:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(name)
        return row

    def _set_color(self, row: int, color: str) -> None:
        column = self._column("color")
        button = QPushButton(swatch(color), color, self.table)
        button.setFlat(True)
        button.setProperty("color", color)
        button.setAccessibleName(tr("Colour {color}").format(color=color))
        button.clicked.connect(lambda: self._pick_color(button))
        self.table.setCellWidget(row, column, button)

    def _pick_color(self, button: QPushButton) -> None:
        chosen = self.choose_color(self, str(button.property("color")))
        if chosen:
            button.setProperty("color", chosen)
            button.setIcon(swatch(chosen))
            button.setText(chosen)

    def _row_id(self, row: int) -> int | None:  # None: a row added here
        item = self.table.item(row, 0)
        value = item.data(IdRole) if item else None
        return int(value) if value is not None else None

    def _sync_delete(self) -> None:
        row = self.table.currentRow()
        key = self._row_id(row) if row >= 0 else None
        used = self.usage.get(key, 0) if key is not None else 0
        self.delete_button.setEnabled(row >= 0 and not used)
        self.note.setText(
            tr("Used by {posts}, so it cannot be deleted; rename it instead.").format(
                posts=count_of(used, tr("post"), tr("posts"))
            )
            if used
            else ""
        )

    def delete_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        key = self._row_id(row)
        if key is not None:
            if self.usage.get(key):
                return
            self.deleted.append(key)
        self.table.removeRow(row)
        self._sync_delete()

    # ------------------------------------------------------------------ reading
    def row_values(self, row: int) -> dict[str, Any]:
        item = self.table.item(row, 0)
        values: dict[str, Any] = {"name": " ".join((item.text() if item else "").split())}
        if self.name_list.color:
            button = self.table.cellWidget(row, self._column("color"))
            values["color"] = str(button.property("color")).lower()
        if self.name_list.target:
            target = self.table.item(row, self._column("target"))
            number = target.data(Qt.ItemDataRole.EditRole) if target is not None else 0
            values["weekly_target"] = int(number or 0) or None
        if self.name_list.dates:
            for key, field in (("start", "start_date"), ("end", "end_date")):
                edit = self.table.cellWidget(row, self._column(key))
                assert isinstance(edit, QDateEdit)
                values[field] = None if edit.date() == NO_DATE else edit.date().toPython()
        return values

    def problem(self) -> str | None:
        """A name left empty or used twice, said before anything is written."""
        seen: set[str] = set()
        for row in range(self.table.rowCount()):
            name = self.row_values(row)["name"]
            if not name:
                return tr("Every {what} needs a name.").format(what=tr(self.name_list.what))
            if name_key(name) in seen:
                return tr("There are two of “{name}”.").format(name=name)
            seen.add(name_key(name))
        return None

    def calls(self) -> list[Call]:
        """The service calls that make the plan's list this one: deletes first (freeing names),
        then changes, then additions."""
        table = self.name_list.table
        deletes = [_call(f"delete_{table}", key) for key in self.deleted]
        updates: list[Call] = []
        adds: list[Call] = []
        for row in range(self.table.rowCount()):
            values = self.row_values(row)
            key = self._row_id(row)
            if key is None:
                name = values.pop("name")
                adds.append(_call(f"add_{table}", name, **values))
                continue
            old = self.records[key]
            changed = {
                field: value for field, value in values.items() if value != _old_value(old, field)
            }
            if changed:
                patch = {field: changed.get(field, KEEP) for field in values}
                updates.append(_call(f"update_{table}", key, **patch))
        return [*deletes, *updates, *adds]


def _call(method: str, *args: Any, **kwargs: Any) -> Call:
    def run(service: PlanService) -> ChangeSet:
        result: ChangeSet = getattr(service, method)(*args, **kwargs)
        return result

    return run


def _old_value(record: NamedRecord, field: str) -> Any:
    if field == "weekly_target":
        return record.weekly_target
    value = getattr(record, field)
    return value.lower() if field == "color" and isinstance(value, str) else value


def _date_edit(parent: QWidget, value: dt.date | None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(tr("—"))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
    return edit


def ask_color(parent: QWidget, current: str) -> str | None:
    color = QColorDialog.getColor(QColor(current), parent, tr("Choose a colour"))
    return color.name() if color.isValid() else None
