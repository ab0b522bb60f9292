"""Plan settings > Strategy: the vision, the pillars (add, rename, colour, target, description,
reorder by drag or buttons, remove with the count of posts it clears) and the strategy flags'
thresholds. Nothing is written until the dialog's OK, which asks this tab for its service calls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.balance import count_of
from lmplanner.core.domain import PILLARS_MAX, VISION_MAX, PillarRecord, name_key
from lmplanner.core.services import KEEP
from lmplanner.core.services.pillars import PILLAR_PALETTE
from lmplanner.ui.badges import swatch
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.settings_names import IdRole

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.core.domain import PlanSettings
    from lmplanner.core.services import PlanService

Call = Callable[["PlanService"], "ChangeSet"]
NAME, COLOR, TARGET, DESCRIPTION, USED = range(5)
NO_TARGET = -1  # the target cell's value for "no target"


def tr(text: str) -> str:
    return QCoreApplication.translate("PlanSettings", text)


class PercentDelegate(QStyledItemDelegate):
    """A pillar's target: "25 %" or "—", edited with a spin box whose lowest step is "—"."""

    @override
    def displayText(self, value: Any, locale: Any) -> str:
        return tr("—") if value is None or int(value) < 0 else f"{int(value)} %"

    @override
    def createEditor(self, parent: QWidget, option: Any, index: Any) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(NO_TARGET, 100)
        spin.setSuffix(" %")
        spin.setSpecialValueText(tr("—"))
        spin.setAccessibleName(tr("Target share"))
        spin.setFrame(False)
        return spin


class StrategyEditor(QWidget):
    """The Strategy tab; `settings_values()`, `problem()` and `calls()` are read at OK."""

    def __init__(
        self,
        current: PlanSettings,
        pillars: Sequence[PillarRecord],
        usage: dict[int, int],
        parent: QWidget | None = None,
        *,
        choose_color: Callable[[QWidget, str], str | None],
    ) -> None:
        super().__init__(parent)
        self.setObjectName("strategyTab")
        self.records = {p.id: p for p in pillars}
        self.usage = usage
        self.removed: list[int] = []
        self.choose_color = choose_color
        layout = QVBoxLayout(self)
        layout.addWidget(self._vision_box(current.vision))
        layout.addWidget(self._pillar_box(pillars), 1)
        layout.addWidget(self._threshold_box(current))

    # ------------------------------------------------------------------ building
    def _vision_box(self, vision: str) -> QWidget:
        box = QWidget(self)
        self.vision_edit = QPlainTextEdit(vision, box)
        self.vision_edit.setObjectName("visionEdit")
        self.vision_edit.setAccessibleName(tr("Vision"))
        self.vision_edit.setPlaceholderText(
            tr("What your company stands for, in a sentence or two")
        )
        self.vision_edit.setTabChangesFocus(True)
        self.vision_edit.setMaximumHeight(self.fontMetrics().height() * 3 + 14)
        self.vision_count = QLabel(box)
        self.vision_count.setObjectName("visionCount")
        self.vision_edit.textChanged.connect(self._count_vision)
        label = QLabel(tr("&Vision:"), box)
        label.setBuddy(self.vision_edit)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.addWidget(self.vision_edit)
        column.addWidget(self.vision_count, 0, Qt.AlignmentFlag.AlignRight)
        row.addLayout(column, 1)
        self._count_vision()
        return box

    def _pillar_box(self, pillars: Sequence[PillarRecord]) -> QGroupBox:
        box = QGroupBox(tr("Pillars: the themes your vision stands on"), self)
        self.table = QTableWidget(0, 5, box)
        self.table.setObjectName("pillarTable")
        self.table.setAccessibleName(tr("Pillars"))
        self.table.setHorizontalHeaderLabels(
            [tr("Name"), tr("Colour"), tr("Target"), tr("Description"), tr("Posts")]
        )
        self.table.setItemDelegateForColumn(TARGET, PercentDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        rows = self.table.verticalHeader()
        rows.setSectionsMovable(True)  # drag a row by its grip to reorder
        rows.setToolTip(tr("Drag to reorder"))
        rows.setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        for column, mode in (
            (NAME, QHeaderView.ResizeMode.ResizeToContents),
            (DESCRIPTION, QHeaderView.ResizeMode.Stretch),
        ):
            header.setSectionResizeMode(column, mode)
        buttons = self._pillar_buttons()
        for pillar in pillars:
            self.add_row(pillar)
        self.table.setCurrentCell(0 if pillars else -1, NAME)
        self.table.currentCellChanged.connect(lambda *_: self._sync())
        layout = QVBoxLayout(box)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._sync()
        return box

    def _pillar_buttons(self) -> QHBoxLayout:
        self.add_button = self._button("addPillar", tr("&Add pillar"), lambda: self.add_row())
        self.up_button = self._button("pillarUp", tr("Move &up"), lambda: self.move_current(-1))
        self.down_button = self._button(
            "pillarDown", tr("Move do&wn"), lambda: self.move_current(1)
        )
        self.remove_button = self._button("removePillar", tr("&Remove"), self.remove_current)
        self.note = QLabel(self)
        self.note.setObjectName("pillarNote")
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # it quotes a pillar's name
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button):
            row.addWidget(button)
        row.addWidget(self.note, 1)
        return row

    def _button(self, name: str, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _threshold_box(self, current: PlanSettings) -> QGroupBox:
        balance = current.balance
        box = QGroupBox(tr("When to raise a strategy flag"), self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.untied = self._spin("untiedMax", round(balance.untied_max * 100), 0, 100, " %")
        form.addRow(tr("Manager posts tied to nothing above:"), self.untied)
        self.lead_days = self._spin("pillarLeadDays", balance.pillar_lead_days, 1, 999, tr(" days"))
        form.addRow(tr("A leader post carries its pillar for:"), self.lead_days)
        self.tolerance = self._spin(
            "pillarTolerance", round(balance.pillar_tolerance * 100), 0, 100, tr(" points")
        )
        form.addRow(tr("A pillar may drift from its target by:"), self.tolerance)
        return box

    def _spin(self, name: str, value: int, low: int, high: int, suffix: str) -> QSpinBox:
        box = QSpinBox(self)
        box.setObjectName(name)
        box.setRange(low, high)
        box.setSuffix(suffix)
        box.setValue(value)
        return box

    def _count_vision(self) -> None:
        count = len(self.vision_edit.toPlainText())
        self.vision_count.setText(f"{count} / {VISION_MAX}")

    # ------------------------------------------------------------------ rows
    def add_row(self, record: PillarRecord | None = None) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setVerticalHeaderItem(row, QTableWidgetItem("⠿"))
        name = QTableWidgetItem(record.name if record else "")
        name.setData(IdRole, record.id if record else None)
        self.table.setItem(row, NAME, name)
        self._set_color(row, record.color if record else PILLAR_PALETTE[row % len(PILLAR_PALETTE)])
        target = QTableWidgetItem()
        value = NO_TARGET if record is None or record.target is None else round(record.target * 100)
        target.setData(Qt.ItemDataRole.EditRole, value)
        target.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, TARGET, target)
        self.table.setItem(row, DESCRIPTION, QTableWidgetItem(record.description if record else ""))
        used = self.usage.get(record.id, 0) if record else 0
        count = QTableWidgetItem(str(used) if used else "")
        count.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(row, USED, count)
        if record is None:
            self.table.setFocus()  # the editor's focus comes back to the table, not the button
            self.table.setCurrentCell(row, NAME)
            self.table.editItem(name)
        self._sync()
        return row

    def _set_color(self, row: int, color: str) -> None:
        button = QPushButton(swatch(color), color, self.table)
        button.setFlat(True)
        button.setProperty("color", color)
        button.setAccessibleName(tr("Colour {color}").format(color=color))
        button.clicked.connect(lambda: self._pick_color(button))
        self.table.setCellWidget(row, COLOR, button)

    def _pick_color(self, button: QPushButton) -> None:
        chosen = self.choose_color(self, str(button.property("color")))
        if chosen:
            button.setProperty("color", chosen)
            button.setIcon(swatch(chosen))
            button.setText(chosen)
            button.setAccessibleName(tr("Colour {color}").format(color=chosen))

    def order(self) -> list[int]:
        """The table's rows (logical numbers) in the order shown, drags included."""
        header = self.table.verticalHeader()
        return [header.logicalIndex(visual) for visual in range(self.table.rowCount())]

    def move_current(self, step: int) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        header = self.table.verticalHeader()
        visual = header.visualIndex(row)
        to = visual + step
        if 0 <= to < self.table.rowCount():
            header.moveSection(visual, to)
        self.table.setCurrentCell(row, NAME)
        self._sync()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        key = self._row_id(row)
        name = self.row_values(row)["name"] or tr("the new pillar")
        used = self.usage.get(key, 0) if key is not None else 0
        if key is not None:
            self.removed.append(key)
        self.table.removeRow(row)
        if used:
            self.note.setText(
                tr("OK clears “{name}” from {posts} (Undo brings it back).").format(
                    name=name, posts=count_of(used, tr("post"), tr("posts"))
                )
            )
        else:
            self.note.setText("")
        self._sync(keep_note=True)

    def _row_id(self, row: int) -> int | None:
        item = self.table.item(row, NAME)
        value = item.data(IdRole) if item else None
        return int(value) if value is not None else None

    def _sync(self, *, keep_note: bool = False) -> None:
        row = self.table.currentRow()
        visual = self.table.verticalHeader().visualIndex(row) if row >= 0 else -1
        self.add_button.setEnabled(self.table.rowCount() < PILLARS_MAX)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(visual > 0)
        self.down_button.setEnabled(0 <= visual < self.table.rowCount() - 1)
        key = self._row_id(row) if row >= 0 else None
        used = self.usage.get(key, 0) if key is not None else 0
        self.remove_button.setToolTip(
            tr("Removing it clears it from {posts}").format(
                posts=count_of(used, tr("post"), tr("posts"))
            )
            if used
            else tr("No post uses it")
        )
        if not keep_note:
            self.note.setText("")

    # ------------------------------------------------------------------ reading
    def row_values(self, row: int) -> dict[str, Any]:
        def text(column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item else ""

        target_item = self.table.item(row, TARGET)
        target = target_item.data(Qt.ItemDataRole.EditRole) if target_item else NO_TARGET
        button = self.table.cellWidget(row, COLOR)
        return {
            "name": " ".join(text(NAME).split()),
            "color": str(button.property("color")).lower() if button else PILLAR_PALETTE[0],
            "target": None if target is None or int(target) < 0 else int(target),
            "description": text(DESCRIPTION).strip(),
        }

    def names_in_order(self) -> list[str]:
        return [self.row_values(row)["name"] for row in self.order()]

    def settings_values(self) -> dict[str, Any]:
        return {
            "vision": self.vision_edit.toPlainText().strip(),
            "untied_max": self.untied.value() / 100,
            "pillar_lead_days": self.lead_days.value(),
            "pillar_tolerance": self.tolerance.value() / 100,
        }

    def problem(self) -> str | None:
        """What the services would refuse, said before anything is written."""
        if len(self.vision_edit.toPlainText().strip()) > VISION_MAX:
            return tr("The vision is longer than {n} characters.").format(n=VISION_MAX)
        seen: set[str] = set()
        total = 0
        for row in self.order():
            values = self.row_values(row)
            if not values["name"]:
                return tr("Every pillar needs a name.")
            if name_key(values["name"]) in seen:
                return tr("There are two pillars called “{name}”.").format(name=values["name"])
            seen.add(name_key(values["name"]))
            total += values["target"] or 0
        if total > 100:
            return tr("The pillars' targets add up to {total} %; at most 100 %.").format(
                total=total
            )
        return None

    def calls(self) -> list[Call]:
        """Removals first (freeing names and target room), then lowered targets, additions,
        raised targets, and last the order."""
        first: list[Call] = [_call("delete_pillar", key) for key in self.removed]
        lowered: list[Call] = []
        adds: list[Call] = []
        raised: list[Call] = []
        for row in self.order():
            values = self.row_values(row)
            key = self._row_id(row)
            if key is None:
                adds.append(_call("add_pillar", values.pop("name"), **values))
                continue
            old = self.records[key]
            before: dict[str, Any] = {
                "name": old.name,
                "color": old.color.lower(),
                "target": None if old.target is None else round(old.target * 100),
                "description": old.description,
            }
            changed = {k: v for k, v in values.items() if v != before[k]}
            if changed:
                patch = {k: changed.get(k, KEEP) for k in values}
                old_target: int = before["target"] or 0
                up = "target" in changed and int(changed["target"] or 0) > old_target
                (raised if up else lowered).append(_call("update_pillar", key, **patch))
        wanted = self.names_in_order()
        before_order = [p.name for p in self.records.values() if p.id not in self.removed]
        reorder = [_reorder(wanted)] if (adds or wanted != before_order) else []
        return [*first, *lowered, *adds, *raised, *reorder]


def _call(method: str, *args: Any, **kwargs: Any) -> Call:
    def run(service: PlanService) -> ChangeSet:
        result: ChangeSet = getattr(service, method)(*args, **kwargs)
        return result

    return run


def _reorder(names: list[str]) -> Call:
    """Put the pillars in this order, one move at a time (each a part of the same undo step)."""

    def run(service: PlanService) -> ChangeSet:
        from lmplanner.core.changes import ChangeSet

        done: list[ChangeSet] = []
        for place, name in enumerate(names):
            pillars = service.pillars()
            found = next(p for p in pillars if name_key(p.name) == name_key(name))
            if pillars.index(found) != place:
                done.append(service.update_pillar(found.id, position=place + 1))
        return ChangeSet.merge("Reorder pillars", done)

    return run
