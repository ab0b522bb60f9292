"""The window's layout kept between sessions: size and place, docks and toolbars, and the column
widths, order and sort of its tables (QSettings)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTableView

from lmplanner.ui import state
from lmplanner.ui.views.post_table import PostTable

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
    """Column widths, order and sort as they were left (also for a table made later), and a
    title width the person dragged: without it the title would take the spare room again."""
    for key, table in tables.items():
        header = settings.value(key)
        if header is not None:
            table.horizontalHeader().restoreState(header)
        if isinstance(table, PostTable):
            table.set_user_title_width(_whole(settings.value(title_width_key(key))))


def save_layout(window: QMainWindow, settings: QSettings, tables: Mapping[str, QTableView]) -> None:
    """Put what changed since the file was last saved, by this copy of the app or another (it
    is read afresh first, once: keys the caller puts next compare with the disk too)."""
    state.fresh(settings)
    state.put(settings, state.GEOMETRY, window.saveGeometry())
    state.put(settings, state.WINDOW_STATE, window.saveState())
    for key, table in tables.items():
        state.put(settings, key, table.horizontalHeader().saveState())
        if isinstance(table, PostTable):
            width = table.user_title_width()
            if width is None:
                if settings.contains(title_width_key(key)):
                    settings.remove(title_width_key(key))
            else:
                state.put(settings, title_width_key(key), str(width))  # INI reads back text


def connect_fit_titles(
    action: QAction, menu: QMenu, tables: Callable[[], Mapping[str, QTableView]]
) -> None:
    """View › Automatic title width: the agenda's and the backlog's header menus offer
    "Automatic title width", which no key reaches (a table's own menu is its posts' menu); the
    View menu offers it for every list whose title width was dragged."""

    def dragged() -> list[PostTable]:
        found = tables().values()
        return [t for t in found if isinstance(t, PostTable) and t.title_sized_by_user()]

    def fit() -> None:
        for table in dragged():
            table.set_user_title_width(None)

    menu.aboutToShow.connect(lambda: action.setEnabled(bool(dragged())))
    action.triggered.connect(fit)


def title_width_key(header_key: str) -> str:
    """Where a table's dragged title width is kept, beside its header: "agenda/titleWidth"."""
    return header_key.rsplit("/", 1)[0] + "/titleWidth"


def _whole(value: object) -> int | None:
    """A positive whole number read back from the settings (INI files give strings)."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if number > 0 else None
