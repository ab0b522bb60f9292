"""The window's layout kept between sessions: size and place, docks and toolbars, and the column
widths, order and sort of its tables (QSettings)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTableView

from lmplanner.ui import state

#: Wide enough for the backlog beside the month and the meter.
ROOMY_WIDTH = 1600


def restore_layout(
    window: QMainWindow,
    settings: QSettings,
    backlog: QDockWidget,
    tables: Mapping[str, QTableView],
) -> None:
    """As the window was left; the first time, sized to the screen (backlog shown if it fits)."""
    screen = window.screen().availableGeometry()
    roomy = screen.width() >= ROOMY_WIDTH
    geometry = settings.value(state.GEOMETRY)
    if geometry is None or not window.restoreGeometry(geometry):
        width = min(1560 if roomy else 1320, int(screen.width() * 0.92))
        window.resize(width, min(840, int(screen.height() * 0.9)))
    window_state = settings.value(state.WINDOW_STATE)
    if window_state is not None:
        window.restoreState(window_state)
    else:
        backlog.setVisible(roomy)
    restore_tables(settings, tables)


def restore_tables(settings: QSettings, tables: Mapping[str, QTableView]) -> None:
    """Column widths, order and sort as they were left (also for a table made later)."""
    for key, table in tables.items():
        header = settings.value(key)
        if header is not None:
            table.horizontalHeader().restoreState(header)


def save_layout(window: QMainWindow, settings: QSettings, tables: Mapping[str, QTableView]) -> None:
    state.put(settings, state.GEOMETRY, window.saveGeometry())
    state.put(settings, state.WINDOW_STATE, window.saveState())
    for key, table in tables.items():
        state.put(settings, key, table.horizontalHeader().saveState())
