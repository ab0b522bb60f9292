"""The main window's views and panels driven from the keyboard and mouse: periods, the meter
and its flags, the help dialogs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, message_boxes
from main_window_support import CTRL, key, report, start_empty
from planning_support import add_posts, close_window, draft, open_window
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from lmplanner.ui.window.main_window import MONTH, WEEK, MainWindow


@pytest.fixture
def window(qtbot: QtBot, plan_path: Path, prompter: ScriptedPrompter) -> Iterator[MainWindow]:
    win = open_window(qtbot, plan_path, prompter, welcome=True)
    yield win
    close_window(win)


def test_keyboard_navigation_moves_periods_and_the_meter(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    start_empty(qtbot, win)
    view = win.current_view()
    assert win.view_mode() == MONTH and report(win).period.start == dt.date(2026, 3, 1)
    key(qtbot, win, Qt.Key.Key_PageDown)
    assert report(win).period.start == dt.date(2026, 4, 1)
    assert win.period_label.text() == "April 2026"
    assert view.selected_date() == dt.date(2026, 4, 11)
    key(qtbot, win, Qt.Key.Key_PageUp)
    key(qtbot, win, Qt.Key.Key_PageUp)
    assert report(win).period.start == dt.date(2026, 2, 1)
    key(qtbot, win, Qt.Key.Key_T)
    assert view.selected_date() == TODAY and report(win).period.start == dt.date(2026, 3, 1)

    # Arrows move the selected day; leaving the month moves the period with it.
    key(qtbot, win, Qt.Key.Key_Right)
    assert view.selected_date() == TODAY + dt.timedelta(days=1)
    for _ in range(4):
        key(qtbot, win, Qt.Key.Key_Down)
    assert view.selected_date() == dt.date(2026, 4, 9)
    assert report(win).period.start == dt.date(2026, 4, 1)

    # Ctrl+2: the week of the selected day; the meter follows the week.
    key(qtbot, win, Qt.Key.Key_2, CTRL)
    assert win.view_mode() == WEEK
    assert report(win).period.start == dt.date(2026, 4, 6)
    assert report(win).period.end == dt.date(2026, 4, 12)
    assert not win.meter.meter.shows_weeks()
    key(qtbot, win, Qt.Key.Key_PageDown)
    assert report(win).period.start == dt.date(2026, 4, 13)
    key(qtbot, win, Qt.Key.Key_Left)
    assert win.current_view().selected_date() == dt.date(2026, 4, 15)
    key(qtbot, win, Qt.Key.Key_1, CTRL)
    assert win.view_mode() == MONTH and report(win).period.start == dt.date(2026, 4, 1)


def test_clicking_a_flag_selects_its_days_and_posts(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    qtbot.mouseClick(win.welcome.sample_button, Qt.MouseButton.LeftButton)
    flags = win.meter.flags()
    drought = next(f for f in flags if f.code == "LEADER_DROUGHT")
    row = flags.index(drought)
    view = win.meter.flag_view
    rect = view.visualRect(win.meter.flag_model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.current_view().highlighted_dates() == sorted(drought.dates)
    assert sorted(win.current_view().selected_post_ids()) == sorted(drought.post_ids)
    assert win.commands.delete.isEnabled()  # the selection is a real one
    assert view.selectionModel().isRowSelected(row)  # the flag shown stays marked…
    key(qtbot, win, Qt.Key.Key_Escape)  # …until the selection moves on
    assert not view.selectionModel().hasSelection()


def test_help_dialogs_open_and_close(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    shortcuts = win.show_shortcuts()
    texts = [
        shortcuts.tree.topLevelItem(i).child(j).text(0)
        for i in range(shortcuts.tree.topLevelItemCount())
        for j in range(shortcuts.tree.topLevelItem(i).childCount())
    ]
    assert "Undo" in " ".join(texts) and "Today" in texts and "Week" in texts
    # A submenu's entries read on after its name, in lower case like every other entry.
    assert "Move: a day earlier" in texts and "Move: a week later" in texts
    assert "Filter: clear filters" in texts
    assert not [text for text in texts if ": " in text and text.split(": ", 1)[1][0].isupper()]
    shortcuts.close()
    help_dialog = win.show_leader_help()
    assert "earn" in help_dialog.browser.toPlainText()
    assert "aims for 30 %–60 % leader posts" in help_dialog.browser.toPlainText()
    help_dialog.close()
    win.commands.about.trigger()
    assert message_boxes()


def test_double_click_on_a_next_month_post_opens_that_post(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The first click on a greyed next-month chip switches the month; the second click of the
    pair then lands on another day of the new grid, yet the post first pointed at opens."""
    win = window
    start_empty(qtbot, win)
    april_2 = dt.date(2026, 4, 2)
    [post_id] = add_posts(win, draft("Spring launch", date=april_2))
    win.go_to(TODAY)  # adding showed April; back to March, where 2 April is a greyed day
    view = win.current_view()
    chip = view.chip_rect(post_id)
    assert chip is not None and view.period_range() == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    handle = win.windowHandle()
    assert handle is not None
    where = view.mapTo(win, chip.center().toPoint())
    # Through the window, as a real mouse: press, release, double-click, release.
    QTest.mouseDClick(handle, Qt.MouseButton.LeftButton, pos=QPoint(where))
    editor = win.editor()
    assert editor is not None and editor.post_id == post_id
    assert view.period_range()[0] == dt.date(2026, 4, 1) and view.selected_date() == april_2
    assert view.selected_post_ids() == [post_id]
    assert win.service.count_posts() == 1
