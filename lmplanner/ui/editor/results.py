"""The editor's Results section: what a post achieved (six counts) and the day they were read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from lmplanner.core.domain import DATE_MAX, DATE_MIN, METRICS, PostRecord
from lmplanner.ui.editor.time_field import pydate, qdate

COLUMNS = 3  # counts per row: two rows of three fit under the editor's two columns


def tr(text: str) -> str:
    return QCoreApplication.translate("ResultsSection", text)


def metric_label(name: str) -> str:
    """A metric's name as people read it (the agenda's headers and the meter use it too)."""
    return {
        "impressions": tr("Impressions"),
        "reactions": tr("Reactions"),
        "comments": tr("Comments"),
        "shares": tr("Shares"),
        "clicks": tr("Clicks"),
        "new_followers": tr("New followers"),
    }[name]


class ResultsSection(QGroupBox):
    """Six optional counts (empty: not read) and when they were read. A count typed while no day
    is set sets it to today, as that is when numbers are usually copied from a channel."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("Results"), parent)
        self.setObjectName("resultsSection")
        self.count_edits: dict[str, QLineEdit] = {}
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(10)
        digits = QRegularExpressionValidator(
            QRegularExpression(r"[0-9][0-9 ,.\x{00a0}']{0,18}"), self
        )
        for index, name in enumerate(METRICS):
            edit = QLineEdit(self)
            edit.setObjectName(f"result_{name}")
            edit.setAccessibleName(metric_label(name))
            edit.setPlaceholderText(tr("not read"))
            edit.setAlignment(Qt.AlignmentFlag.AlignRight)
            edit.setValidator(digits)
            edit.textEdited.connect(self._count_edited)
            text = metric_label(name)  # the editor's Alt letters are all taken
            label = QLabel(text, self)
            label.setBuddy(edit)
            row, column = divmod(index, COLUMNS)
            grid.addWidget(label, row, column * 2)
            grid.addWidget(edit, row, column * 2 + 1)
            self.count_edits[name] = edit
        self.read_check = QCheckBox(tr("Read on"), self)
        self.read_check.setObjectName("resultsReadCheck")
        self.read_edit = QDateEdit(self)
        self.read_edit.setObjectName("resultsReadOn")
        self.read_edit.setCalendarPopup(True)
        self.read_edit.setDisplayFormat("ddd d MMM yyyy")
        self.read_edit.setDateRange(qdate(DATE_MIN), qdate(DATE_MAX))
        self.read_edit.setAccessibleName(tr("Results read on"))
        self.read_check.toggled.connect(self.read_edit.setEnabled)
        self.read_check.toggled.connect(lambda _on: self.changed.emit())
        self.read_edit.dateChanged.connect(lambda _day: self.changed.emit())
        rows = (len(METRICS) + COLUMNS - 1) // COLUMNS
        grid.addWidget(self.read_check, rows, 0)
        grid.addWidget(self.read_edit, rows, 1)
        for column in range(COLUMNS):
            grid.setColumnStretch(column * 2 + 1, 1)
        self.load(None)

    def load(self, post: PostRecord | None) -> None:
        for name, edit in self.count_edits.items():
            value = getattr(post, name) if post is not None else None
            edit.setText("" if value is None else str(value))
        read_on = post.read_on if post is not None else None
        self.read_check.setChecked(read_on is not None)
        self.read_edit.setEnabled(read_on is not None)
        self.read_edit.setDate(qdate(read_on or dt.date.today()))

    def _count_edited(self, text: str) -> None:
        if text.strip() and not self.read_check.isChecked():
            self.read_edit.setDate(qdate(dt.date.today()))
            self.read_check.setChecked(True)
        self.changed.emit()

    def values(self) -> dict[str, Any]:
        """The counts as numbers (text that is none goes to validation, which says so at its
        field) and the day read, or None where not set."""
        values: dict[str, Any] = {}
        for name, edit in self.count_edits.items():
            values[name] = _count(edit.text())
        values["read_on"] = pydate(self.read_edit.date()) if self.read_check.isChecked() else None
        return values

    def widget(self, field: str | None) -> QWidget | None:
        if field == "read_on":
            return self.read_edit
        return self.count_edits.get(field or "")


def _count(text: str) -> int | str | None:
    from lmplanner.core.io.csv_format import parse_count

    if not text.strip():
        return None
    try:
        return parse_count(text)
    except ValueError:
        number, ok = QLocale().toLongLong(text.strip())  # the locale's own grouping
        return number if ok else text
