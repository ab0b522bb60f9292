"""Public holidays in the month and week views: named in the day, and in its tooltip."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import ScriptedPrompter
from planning_support import close_window, open_window
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from lmplanner.ui.window.main_window import MainWindow
from lmplanner.ui.window.view_switcher import MONTH, WEEK

EASTER_MONDAY = dt.date(2026, 4, 6)


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


def tooltip_at(qtbot: QtBot, view: object, pos: QPoint) -> str:
    event = QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos))  # type: ignore[attr-defined]
    QApplication.sendEvent(view, event)  # type: ignore[arg-type]
    qtbot.waitUntil(QToolTip.isVisible)
    return QToolTip.text()


def test_holidays_show_once_the_plan_names_a_country(qtbot: QtBot, win: MainWindow) -> None:
    month = win.views[MONTH]
    month.set_period(EASTER_MONDAY)
    assert month.holiday_name(EASTER_MONDAY) == ""
    assert win.document is not None
    service = win.document.service
    win.document.perform("Settings", lambda: service.update_settings(country="DE", region="BY"))
    assert month.holiday_name(EASTER_MONDAY) == "Easter Monday"
    assert month.holiday_name(dt.date(2026, 4, 7)) == ""
    cell = month.cell_rect(EASTER_MONDAY)
    assert cell is not None
    assert tooltip_at(qtbot, month, cell.center().toPoint()) == "Easter Monday"

    week = win.views[WEEK]
    win.set_view_mode(WEEK)
    week.set_period(EASTER_MONDAY)
    assert week.holiday_name(EASTER_MONDAY) == "Easter Monday"
    assert week.holiday_name(dt.date(2026, 4, 3)) == ""  # Good Friday: the week before
    plain_height = week.minimumSizeHint().height()
    win.document.perform("Settings", lambda: service.update_settings(country="", region=""))
    assert week.holiday_name(EASTER_MONDAY) == ""
    assert week.minimumSizeHint().height() < plain_height  # no holiday line without a country
