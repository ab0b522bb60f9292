"""Selecting in MonthView and WeekView with the mouse and the keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from calendar_support import NOV, SIZE, centre, empty_point, post
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lmplanner.ui.views.calendar import MonthView, WeekView


def test_click_ctrl_click_and_empty_click(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    day = dt.date(2025, 11, 12)
    posts = [post(1, day, dt.time(9)), post(2, day, dt.time(10)), post(3, dt.date(2025, 11, 14))]
    view = make_view(MonthView, posts)
    seen: list[list[int]] = []
    days: list[dt.date] = []
    view.selectionChanged.connect(seen.append)
    view.selectedDateChanged.connect(days.append)
    left, ctrl = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier

    qtbot.mouseClick(view, left, pos=centre(view, 1))
    assert seen[-1] == [1] and view.selected_date() == day and days == [day]
    qtbot.mouseClick(view, left, ctrl, centre(view, 3))
    assert seen[-1] == [1, 3]
    qtbot.mouseClick(view, left, ctrl, centre(view, 1))
    assert seen[-1] == [3]
    assert view.selected_post_ids() == [3]
    qtbot.mouseClick(view, left, pos=empty_point(view, dt.date(2025, 11, 20)))
    assert seen[-1] == [] and view.selected_date() == dt.date(2025, 11, 20)


def test_shift_click_extends_within_the_day(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(i, day, dt.time(8 + i)) for i in range(1, 5)])
    left = Qt.MouseButton.LeftButton
    qtbot.mouseClick(view, left, pos=centre(view, 1))
    qtbot.mouseClick(view, left, Qt.KeyboardModifier.ShiftModifier, centre(view, 3))
    assert sorted(view.selected_post_ids()) == [1, 2, 3]


def test_set_posts_keeps_selection_of_present_ids(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(1, day), post(2, day, dt.time(10))])
    view.select_posts([1, 2, 99])
    assert view.selected_post_ids() == [1, 2]
    with qtbot.waitSignal(view.selectionChanged) as blocker:
        view.set_posts([post(2, dt.date(2025, 11, 13), dt.time(10))])
    assert blocker.args == [[2]]


def test_double_click_chip_activates_and_empty_day_creates(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(7, day)])
    with qtbot.waitSignal(view.postActivated) as blocker:
        qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=centre(view, 7))
    assert blocker.args == [7]
    empty = dt.date(2025, 11, 21)
    with qtbot.waitSignal(view.createRequested) as blocker:
        qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=empty_point(view, empty))
    assert blocker.args == [empty]


def test_week_double_click_empty_slot_creates(
    make_view: Callable[..., WeekView], qtbot: QtBot
) -> None:
    view = make_view(WeekView, [], anchor=dt.date(2025, 11, 12))
    column = view.column_rect(dt.date(2025, 11, 14))
    assert column is not None
    pos = QPoint(round(column.center().x()), round(view.y_for_time(dt.time(15))))
    with qtbot.waitSignal(view.createRequested) as blocker:
        qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [dt.date(2025, 11, 14)]


# ---------------------------------------------------------------------- keyboard


@pytest.mark.parametrize(
    ("start", "key", "expected"),
    [
        (dt.date(2025, 11, 12), Qt.Key.Key_Left, dt.date(2025, 11, 11)),
        (dt.date(2025, 11, 12), Qt.Key.Key_Right, dt.date(2025, 11, 13)),
        (dt.date(2025, 11, 12), Qt.Key.Key_Up, dt.date(2025, 11, 5)),
        (dt.date(2025, 11, 12), Qt.Key.Key_Down, dt.date(2025, 11, 19)),
        (dt.date(2025, 11, 30), Qt.Key.Key_Right, dt.date(2025, 12, 1)),
        (dt.date(2025, 11, 1), Qt.Key.Key_Left, dt.date(2025, 10, 31)),
        (dt.date(2025, 11, 27), Qt.Key.Key_Down, dt.date(2025, 12, 4)),
    ],
)
def test_arrows_move_the_selected_day(
    make_view: Callable[..., MonthView],
    qtbot: QtBot,
    start: dt.date,
    key: Qt.Key,
    expected: dt.date,
) -> None:
    view = make_view(MonthView, selected=start)
    view.setFocus()
    with qtbot.waitSignal(view.selectedDateChanged) as blocker:
        qtbot.keyClick(view, key)
    assert blocker.args == [expected]
    assert view.selected_date() == expected


def test_month_edge_then_owner_switches_period(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    view = make_view(MonthView, selected=dt.date(2025, 11, 30))

    def follow(day: dt.date) -> None:
        start, end = view.period_range()
        if not start <= day <= end:
            view.set_period(day)

    view.selectedDateChanged.connect(follow)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.period_range() == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert view.selected_date() == dt.date(2025, 12, 1)


def test_week_arrows_cross_the_week(make_view: Callable[..., WeekView], qtbot: QtBot) -> None:
    view = make_view(WeekView, anchor=dt.date(2025, 11, 16), selected=dt.date(2025, 11, 16))
    view.setFocus()
    with qtbot.waitSignal(view.selectedDateChanged) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert blocker.args == [dt.date(2025, 11, 17)]


def test_enter_opens_a_post_of_the_day_and_creates_only_on_an_empty_day(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(5, day), post(6, day, dt.time(8))], selected=day)
    view.setFocus()
    # Issue 20: Enter on a day with posts opens one, never "New post".
    with qtbot.waitSignal(view.postActivated) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [6]  # the day's first post (the 8:00 one)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.selected_post_ids() == []  # an empty day: nothing to select
    with qtbot.waitSignal(view.createRequested) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert blocker.args == [day + dt.timedelta(days=1)]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.selected_post_ids() == [6]  # an arrow onto a day selects its first post
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_post_ids() == [5]  # Tab steps on through the day
    view.select_posts([5])
    with qtbot.waitSignal(view.postActivated) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert blocker.args == [5]


def test_tab_cycles_chips_space_toggles_ctrl_a_selects_day(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(
        MonthView,
        [post(1, day, dt.time(9)), post(2, day, dt.time(10)), post(3, dt.date(2025, 11, 13))],
        selected=day,
    )
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_post_ids() == [1] and view.current_post_id() == 1
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_post_ids() == [2]
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_post_ids() == [1]
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.selected_post_ids() == []
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.selected_post_ids() == [1]
    with qtbot.waitSignal(view.selectionChanged) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert sorted(blocker.args[0]) == [1, 2]


def test_tab_past_the_last_chip_leaves_the_view(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    day = dt.date(2025, 11, 12)
    view = MonthView(host)
    view.resize(*SIZE)
    view.set_period(NOV)
    view.set_selected_date(day)
    view.set_posts([post(1, day)])
    after = QWidget(host)
    after.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    view.setFocus()
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.current_post_id() == 1 and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert after.hasFocus()
