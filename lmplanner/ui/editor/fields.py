"""What the editor's fields share: Qt and Python dates and times, the warning colour."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QLineEdit

from lmplanner.ui import theme


def line_edit(combo: QComboBox) -> QLineEdit:
    edit = combo.lineEdit()
    assert edit is not None, "only editable combo boxes have a line edit"
    return edit


def warning_color(palette: QPalette) -> QColor:
    return QColor("#ff8a80") if theme.is_dark(palette) else QColor("#b71c1c")


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def pytime(time: QTime) -> dt.time:
    return dt.time(time.hour(), time.minute())
