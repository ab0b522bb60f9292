"""The editor's time of day: a plain HH:MM field where what is typed is the time; and the
conversions between Python's and Qt's dates and times the editor's parts share."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from lmplanner.ui.compat import override


class TimeField(QLineEdit):
    """Typed digits fill the hours, then the minutes, whatever was selected before.

    A QTimeEdit after a click and Ctrl+A keeps typing in its minutes section, so "12:00" typed
    over 09:00 gave 09:00. A masked line edit has no sections to get lost in; Up and Down
    still step by a quarter of an hour."""

    timeChanged = Signal(QTime)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setInputMask("09:99")
        self.setText("09:00")
        self.textChanged.connect(lambda _text: self.timeChanged.emit(self.time()))

    def time(self) -> QTime:
        """The typed time, or an invalid QTime when the text is not one ("25:00", "9:")."""
        hours, _, minutes = self.text().partition(":")
        hours, minutes = hours.strip(), minutes.strip()
        if not hours or len(minutes) != 2:
            return QTime()
        return QTime(int(hours), int(minutes)) if int(hours) < 24 and int(minutes) < 60 else QTime()

    def setTime(self, time: QTime) -> None:  # QTimeEdit's name, for its callers
        self.setText(time.toString("HH:mm"))

    @override
    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # After the click has placed the cursor: typing then replaces the whole time.
        QTimer.singleShot(0, self.selectAll)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Up: 15, Qt.Key.Key_Down: -15}.get(Qt.Key(event.key()))
        if step is not None and self.time().isValid():
            self.setTime(self.time().addSecs(step * 60))
            return
        super().keyPressEvent(event)


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def pytime(time: QTime) -> dt.time:
    return dt.time(time.hour(), time.minute())
