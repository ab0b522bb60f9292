"""File > Export…: the plan (or a period of it) as CSV, iCalendar or a JSON backup.

Also home to what the report and export dialogs share: the period chooser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.balance import Period
from lmplanner.core.io import ExportFormat, export_plan
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.common import (
    ChoosePath,
    NameParts,
    OpenUrl,
    ask_save_path,
    count_text,
    documents_folder,
    error_box,
    quiet_label,
    saved_box,
    with_suffix,
)
from lmplanner.ui.workers import Task, document_service, show_progress

if TYPE_CHECKING:
    from lmplanner.core.io import ExportResult
    from lmplanner.ui.document import PlanDocument


WHOLE, MONTH, VISIBLE, QUARTER, CUSTOM = "whole", "month", "visible", "quarter", "custom"


def tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


class PeriodChooser(QGroupBox):
    """Which days: the whole plan, this month, what the calendar shows, a quarter, or a range."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        *,
        kinds: Sequence[str],
        today: dt.date,
        visible: Period | None = None,
        default: str = MONTH,
    ) -> None:
        super().__init__(tr("Period"), parent)
        self.setObjectName("periodChooser")
        self._today = today
        self._visible = visible
        self.buttons: dict[str, QRadioButton] = {}
        self._group = QButtonGroup(self)
        rows = QVBoxLayout(self)
        this_month = Period.month(today.year, today.month)
        texts = {
            WHOLE: tr("The &whole plan"),
            MONTH: tr("This &month ({period})").format(period=this_month.label()),
            VISIBLE: tr("As shown in the calen&dar ({period})").format(
                period=visible.label() if visible else ""
            ),
            QUARTER: tr("A &quarter:"),
            CUSTOM: tr("&From"),
        }
        self.quarter_combo = QComboBox(self)
        self.quarter_combo.setObjectName("quarterCombo")
        self.quarter_combo.setAccessibleName(tr("Quarter"))
        for year in (today.year - 1, today.year, today.year + 1):
            for quarter in range(1, 5):
                self.quarter_combo.addItem(_quarter_label(year, quarter), (year, quarter))
        self.quarter_combo.setCurrentIndex(4 + (today.month - 1) // 3)
        self.from_edit = _date_edit(self, tr("First day"), this_month.start)
        self.to_edit = _date_edit(self, tr("Last day"), this_month.end)
        self.from_edit.dateChanged.connect(self._keep_order)
        to_label = QLabel(tr("&to"), self)
        to_label.setBuddy(self.to_edit)
        details: dict[str, tuple[QWidget, ...]] = {
            QUARTER: (self.quarter_combo,),
            CUSTOM: (self.from_edit, to_label, self.to_edit),
        }
        # The calendar showing this very month: one choice, not the same period twice.
        same = visible is not None and (visible.start, visible.end) == (
            this_month.start,
            this_month.end,
        )
        if same and default == VISIBLE and MONTH in kinds:
            default = MONTH
        for kind in kinds:
            if kind == VISIBLE and (visible is None or (same and MONTH in kinds)):
                continue
            button = QRadioButton(texts[kind], self)
            button.setObjectName(f"period_{kind}")
            self.buttons[kind] = button
            self._group.addButton(button)
            row = QHBoxLayout()  # the option's own choices right after its text
            row.addWidget(button)
            for widget in details.get(kind, ()):
                row.addWidget(widget)
            row.addStretch(1)
            rows.addLayout(row)
        self.quarter_combo.setVisible(QUARTER in self.buttons)
        for widget in (self.from_edit, self.to_edit, to_label):
            widget.setVisible(CUSTOM in self.buttons)
        self.set_kind(default if default in self.buttons else next(iter(self.buttons)))
        self._group.buttonToggled.connect(self._on_toggled)
        # Picking a quarter or a date chooses that option: no extra click on its button.
        self.quarter_combo.currentIndexChanged.connect(lambda _i: self._pick(QUARTER))
        self.from_edit.dateChanged.connect(lambda _d: self._pick(CUSTOM))
        self.to_edit.dateChanged.connect(lambda _d: self._pick(CUSTOM))

    def kind(self) -> str:
        for kind, button in self.buttons.items():
            if button.isChecked():
                return kind
        return next(iter(self.buttons))

    def set_kind(self, kind: str) -> None:
        self.buttons[kind].setChecked(True)

    def set_range(self, start: dt.date, end: dt.date) -> None:
        self.from_edit.setDate(QDate(start.year, start.month, start.day))
        self.to_edit.setDate(QDate(end.year, end.month, end.day))
        self.set_kind(CUSTOM)

    def period(self) -> Period | None:
        """The chosen days; None for the whole plan."""
        kind = self.kind()
        if kind == WHOLE:
            return None
        if kind == VISIBLE and self._visible is not None:
            return self._visible
        if kind == QUARTER:
            year, quarter = self.quarter_combo.currentData()
            first = Period.month(year, quarter * 3 - 2)
            return Period(first.start, Period.month(year, quarter * 3).end)
        if kind == CUSTOM:
            return Period(_pydate(self.from_edit.date()), _pydate(self.to_edit.date()))
        return Period.month(self._today.year, self._today.month)

    def label(self) -> str:
        """The period in words, for file names and titles."""
        period = self.period()
        if period is None:
            return tr("whole plan")
        if self.kind() == QUARTER:
            year, quarter = self.quarter_combo.currentData()
            return f"Q{quarter} {year}"
        return period.label()

    def _pick(self, kind: str) -> None:
        if kind in self.buttons and not self.buttons[kind].isChecked():
            self.buttons[kind].setChecked(True)
        self.changed.emit()

    def _on_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.changed.emit()

    def _keep_order(self, start: QDate) -> None:
        self.to_edit.setMinimumDate(start)


def _date_edit(parent: QWidget, name: str, day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")  # as in the post editor
    edit.setAccessibleName(name)
    edit.setObjectName("fromEdit" if name == tr("First day") else "toEdit")
    edit.setMinimumWidth(edit.sizeHint().width() + 16)
    return edit


def _quarter_label(year: int, quarter: int) -> str:
    months = Period(Period.month(year, quarter * 3 - 2).start, Period.month(year, quarter * 3).end)
    return tr("Q{quarter} {year} ({months})").format(
        quarter=quarter, year=year, months=months.label().removesuffix(f" {year}")
    )


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


# ---------------------------------------------------------------------------- the dialog
_FORMATS = (
    (
        ExportFormat.CSV,
        QT_TRANSLATE_NOOP("ExportDialog", "&Spreadsheet (CSV)"),
        QT_TRANSLATE_NOOP(
            "ExportDialog", "Every field of every post; opens in Excel, Numbers or LibreOffice."
        ),
    ),
    (
        ExportFormat.ICS,
        QT_TRANSLATE_NOOP("ExportDialog", "Ca&lendar (iCalendar .ics)"),
        QT_TRANSLATE_NOOP(
            "ExportDialog", "Dated posts as events for Outlook, Google Calendar or Apple Calendar."
        ),
    ),
    (
        ExportFormat.JSON,
        QT_TRANSLATE_NOOP("ExportDialog", "Full &backup (JSON)"),
        QT_TRANSLATE_NOOP(
            "ExportDialog",
            "The whole plan — settings, channels, people, campaigns and posts — to restore later.",
        ),
    ),
)
_FILTERS = {
    ExportFormat.CSV: QT_TRANSLATE_NOOP("ExportDialog", "CSV files (*.csv)"),
    ExportFormat.ICS: QT_TRANSLATE_NOOP("ExportDialog", "iCalendar files (*.ics)"),
    ExportFormat.JSON: QT_TRANSLATE_NOOP("ExportDialog", "JSON backups (*.json)"),
}


class ExportDialog(QDialog):
    """Format, period, then a file name; the export runs off the UI thread."""

    exported = Signal(object)  # ExportResult

    def __init__(
        self,
        parent: QWidget | None,
        document: PlanDocument,
        *,
        visible_period: Period | None = None,
        today: dt.date | None = None,
        choose_path: ChoosePath | None = None,
        open_url: OpenUrl | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(tr("Export"))
        self.document = document
        self._choose_path = choose_path or ask_save_path
        self._open_url = open_url
        self.task: Task | None = None
        self.result_box: QMessageBox | None = None
        self.last_result: ExportResult | None = None

        self.formats = formats = QGroupBox(tr("Format"), self)
        format_layout = QVBoxLayout(formats)
        self.format_buttons: dict[ExportFormat, QRadioButton] = {}
        for fmt, text, hint_text in _FORMATS:
            note = str(hint_text)
            button = QRadioButton(tr(str(text)), formats)
            button.setObjectName(f"format_{fmt.value}")
            button.setToolTip(tr(note))
            hint = quiet_label(tr(note), formats)
            hint.setIndent(24)
            format_layout.addWidget(button)
            format_layout.addWidget(hint)
            self.format_buttons[fmt] = button
        self.format_buttons[ExportFormat.CSV].setChecked(True)

        self.period = PeriodChooser(
            self,
            kinds=(WHOLE, VISIBLE, CUSTOM),
            today=today or dt.date.today(),
            visible=visible_period,
            default=WHOLE,
        )
        self.json_note = quiet_label(tr("A backup always holds the whole plan."), self)
        for button in self.format_buttons.values():
            button.toggled.connect(self._update)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.export_button = QPushButton(tr("&Export…"), self)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(formats)
        layout.addWidget(self.period)
        layout.addWidget(self.json_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._update()
        self.resize(max(self.sizeHint().width(), 520), self.sizeHint().height())
        self.format_buttons[ExportFormat.CSV].setFocus()

    def export_format(self) -> ExportFormat:
        for fmt, button in self.format_buttons.items():
            if button.isChecked():
                return fmt
        return ExportFormat.CSV

    def set_format(self, fmt: ExportFormat | str) -> None:
        self.format_buttons[ExportFormat(fmt)].setChecked(True)

    def _update(self, *_args: object) -> None:
        is_json = self.export_format() is ExportFormat.JSON
        self.period.setEnabled(not is_json)
        self.json_note.setVisible(is_json)

    def suggested_path(self) -> Path:
        fmt = self.export_format()
        name = self.document.service.settings().name
        period = "" if fmt is ExportFormat.JSON else f" {self.period.label()}"
        suffix = " backup" if fmt is ExportFormat.JSON else ""
        parts = NameParts.around("{plan}{more}", name, more=f"{suffix}{period}")
        return documents_folder() / parts.fitted(f".{fmt.value}")

    def start_export(self) -> Task | None:
        """Ask where, then write the file in a worker; None when the person cancelled."""
        fmt = self.export_format()
        path = self._choose_path(
            self, tr("Export to"), str(self.suggested_path()), tr(str(_FILTERS[fmt]))
        )
        if not path:
            return None
        target = with_suffix(path, f".{fmt.value}")
        period = None if fmt is ExportFormat.JSON else self.period.period()
        service_factory = document_service(self.document)

        def work(_control: Any) -> ExportResult:
            with service_factory() as service:
                return export_plan(service, target, fmt, period)

        task = Task(work, name="export")
        task.succeeded.connect(self._on_exported)
        task.failed.connect(self._on_failed)
        task.finished.connect(self._on_task_finished)
        self._set_busy(True)
        self.task = task
        show_progress(self, task, tr("Exporting to {name}…").format(name=target.name))
        return task.start()

    def _on_exported(self, result: ExportResult) -> None:
        self.last_result = result
        self.exported.emit(result)
        posts = count_text(result.posts, tr("1 post"), tr("{n} posts"))
        texts = {
            ExportFormat.CSV: tr("Exported {posts} to {path}."),
            ExportFormat.ICS: tr("Exported {posts} with a date as calendar events to {path}."),
            ExportFormat.JSON: tr("Backed up the whole plan ({posts}) to {path}."),
        }
        text = texts[result.format].format(posts=posts, path=result.path)
        parent = self.parentWidget()
        self.accept()
        self.result_box = saved_box(
            parent,
            tr("Export finished"),
            text,
            result.path,
            open_url=self._open_url,
            offer_open=False,
        )

    def _on_failed(self, error: BaseException) -> None:
        error_box(self, tr("The export failed"), str(error))

    def _on_task_finished(self) -> None:
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.formats, self.export_button):
            widget.setEnabled(not busy)
        self.period.setEnabled(not busy and self.export_format() is not ExportFormat.JSON)

    @override
    def reject(self) -> None:
        if self.task is not None and self.task.is_running():
            self.task.cancel()
        super().reject()


def open_export_dialog(
    parent: QWidget | None,
    document: PlanDocument,
    *,
    visible_period: Period | None = None,
    choose_path: ChoosePath | None = None,
) -> ExportDialog:
    """File > Export…: shows the dialog (window-modal, returns at once) and runs the export."""
    dialog = ExportDialog(parent, document, visible_period=visible_period, choose_path=choose_path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
