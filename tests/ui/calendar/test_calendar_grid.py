"""MonthView and WeekView grids, periods, chips and hit-testing."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from calendar_support import NOV, centre, empty_point, post
from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Role
from lmplanner.ui.views.calendar import MonthView, WeekView
from lmplanner.ui.views.calendar.chips import ChipFonts, plan_line


def test_month_grid_monday_first(make_view: Callable[..., MonthView]) -> None:
    view = make_view(MonthView, first_weekday=0)
    assert view.period_range() == (dt.date(2025, 11, 1), dt.date(2025, 11, 30))
    assert view.visible_range() == (dt.date(2025, 10, 27), dt.date(2025, 12, 7))
    cell = view.cell_rect(dt.date(2025, 10, 27))
    assert cell is not None and cell.left() == 0
    assert view.day_at(cell.center()) == dt.date(2025, 10, 27)


def test_month_grid_sunday_first(make_view: Callable[..., MonthView]) -> None:
    view = make_view(MonthView, first_weekday=6)
    assert view.visible_range() == (dt.date(2025, 10, 26), dt.date(2025, 12, 6))
    # The 1st (a Saturday) is the last column of the first row.
    cell = view.cell_rect(NOV)
    assert cell is not None
    assert cell.right() == pytest.approx(view.width())
    assert view.day_at(QPointF(cell.center())) == NOV


def test_month_starting_on_first_weekday_has_no_leading_days(
    make_view: Callable[..., MonthView],
) -> None:
    view = make_view(MonthView, anchor=dt.date(2025, 12, 10), first_weekday=0)  # Dec 1 = Monday
    assert view.visible_range()[0] == dt.date(2025, 12, 1)


def test_week_periods_follow_first_weekday(make_view: Callable[..., WeekView]) -> None:
    view = make_view(WeekView, anchor=dt.date(2025, 11, 12))
    assert view.period_range() == (dt.date(2025, 11, 10), dt.date(2025, 11, 16))
    assert view.visible_range() == view.period_range()
    view.set_first_weekday(6)
    assert view.period_range() == (dt.date(2025, 11, 9), dt.date(2025, 11, 15))


def test_set_period_moves_selected_day_into_period(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    view = make_view(MonthView, selected=dt.date(2025, 11, 30))
    with qtbot.waitSignal(view.selectedDateChanged) as blocker:
        view.set_period(dt.date(2026, 2, 10))
    assert blocker.args == [dt.date(2026, 2, 28)]
    assert view.selected_date() == dt.date(2026, 2, 28)


# ---------------------------------------------------------------------- chips and hit-testing


def test_chips_hit_test_to_their_posts(make_view: Callable[..., MonthView]) -> None:
    day = dt.date(2025, 11, 12)
    posts = [
        post(1, day, dt.time(16, 0)),
        post(2, day, dt.time(8, 30), role=Role.MANAGER),
        post(3, day, None, title="Untimed"),
        post(4, dt.date(2025, 11, 13)),
    ]
    view = make_view(MonthView, posts)
    # Untimed first, then by time.
    assert [p.id for p in view.posts_on(day)] == [3, 2, 1]
    for post_id in (1, 2, 3, 4):
        assert view.post_at(centre(view, post_id)) == post_id
    rect3, rect2 = view.chip_rect(3), view.chip_rect(2)
    assert rect3 is not None and rect2 is not None and rect3.top() < rect2.top()
    assert view.post_at(empty_point(view, day)) is None


def test_week_chips_are_tall_in_time_order_and_untimed_on_top(
    make_view: Callable[..., WeekView],
) -> None:
    day = dt.date(2025, 11, 12)
    posts = [post(1, day, dt.time(14, 0)), post(2, day, dt.time(9, 15)), post(3, day, None)]
    view = make_view(WeekView, posts, anchor=day)
    r1, r2, r3 = (view.chip_rect(i) for i in (1, 2, 3))
    assert r1 is not None and r2 is not None and r3 is not None
    assert r3.bottom() < r2.top() < r1.top()
    assert r2.height() > r3.height()  # tall chip vs all-day one-liner
    assert abs(r2.top() - view.y_for_time(dt.time(9, 15))) < 1
    for post_id in (1, 2, 3):
        assert view.post_at(centre(view, post_id)) == post_id


def test_week_chips_at_the_same_time_do_not_overlap(make_view: Callable[..., WeekView]) -> None:
    day = dt.date(2025, 11, 12)
    posts = [post(i, day, dt.time(10, 0)) for i in range(1, 7)]
    view = make_view(WeekView, posts, anchor=day)
    rects = [view.chip_rect(i) for i in range(1, 7)]
    assert all(r is not None for r in rects)
    for one, other in itertools.combinations(rects, 2):
        assert one is not None and other is not None
        assert not one.intersects(other), (one, other)
    assert all(r is not None and r.bottom() <= view.height() for r in rects)
    # Rows of as many as fit side by side: the first row on 10:00 itself.
    at = view.y_for_time(dt.time(10, 0))
    assert sum(1 for r in rects if r is not None and abs(r.top() - at) < 1) > 1


def test_week_posts_at_one_time_sit_side_by_side_on_that_time(
    make_view: Callable[..., WeekView],
) -> None:
    day = dt.date(2025, 11, 12)
    posts = [post(1, day, dt.time(9, 30)), post(2, day, dt.time(9, 30), title="Planning clinic")]
    posts.append(post(3, day, dt.time(11, 0)))
    view = make_view(WeekView, posts, anchor=day)
    first, second, later = (view.chip_rect(i) for i in (1, 2, 3))
    assert first is not None and second is not None and later is not None
    at = view.y_for_time(dt.time(9, 30))
    assert abs(first.top() - at) < 1 and abs(second.top() - at) < 1  # both on 09:30
    assert first.right() <= second.left()  # side by side, not one over the other
    column = view.column_rect(day)
    assert column is not None and first.left() >= column.left() and second.right() <= column.right()
    assert abs(later.top() - view.y_for_time(dt.time(11, 0))) < 1
    assert view.post_at(centre(view, 2)) == 2


def test_more_same_time_posts_than_fit_fill_rows_of_as_many_as_fit() -> None:
    # Three posts at 10:00 in a column with room for two side by side: two share the 10:00
    # row and the third goes below them (stacked one a row, they read as 11:00 and 12:30).
    from lmplanner.ui.views.calendar.week_view import CHIP_GAP, SIDE_MIN_WIDTH, side_by_side

    day = dt.date(2025, 11, 12)
    same = [post(i, day, dt.time(10, 0)) for i in (1, 2, 3)]
    later = post(4, day, dt.time(13, 0))
    two = 2 * SIDE_MIN_WIDTH + CHIP_GAP + 1
    rows = side_by_side([*same, later], two)
    assert [[p.id for p in row] for row in rows] == [[1, 2], [3], [4]]
    assert [[p.id for p in row] for row in side_by_side(same, SIDE_MIN_WIDTH)] == [[1], [2], [3]]
    wide = side_by_side(same, 3 * SIDE_MIN_WIDTH + 2 * CHIP_GAP)
    assert [[p.id for p in row] for row in wide] == [[1, 2, 3]]


def test_a_narrow_one_line_title_is_cut_at_its_end_not_in_its_middle(
    make_view: Callable[..., WeekView],
) -> None:
    fonts = ChipFonts.from_font(make_view(WeekView).font())
    record = post(1, None, None, title="Product tips for busy solo founders")
    narrow = plan_line(record, fonts, fonts.title_metrics.averageCharWidth() * 12, lines=1)
    assert narrow.title[0].startswith("Produ") and narrow.title[0].endswith("…")
    wide = plan_line(record, fonts, fonts.title_metrics.averageCharWidth() * 26, lines=1)
    assert wide.title[0].endswith("founders")  # roomy: still cut in the middle


def test_week_hour_range_widens_for_early_and_late_posts(
    make_view: Callable[..., WeekView],
) -> None:
    day = dt.date(2025, 11, 12)
    posts = [post(1, day, dt.time(5, 30)), post(2, day, dt.time(23, 0))]
    view = make_view(WeekView, posts, anchor=day)
    assert view.hour_range() == (5, 24)
    assert view.chip_rect(1) is not None and view.chip_rect(2) is not None


def test_more_label_on_overflow_emits_more_requested(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    day = dt.date(2025, 11, 12)
    posts = [post(i, day, dt.time(8 + i, 0)) for i in range(1, 9)]
    view = make_view(MonthView, posts)
    more = view.more_rect(day)
    assert more is not None
    shown = [i for i in range(1, 9) if view.chip_rect(i) is not None]
    assert 0 < len(shown) < 8
    assert shown == list(range(1, len(shown) + 1))  # the earliest are the ones shown
    assert view.more_at(more.center()) == day
    with qtbot.waitSignal(view.moreRequested) as blocker:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=more.center().toPoint())
    assert blocker.args == [day]
    assert view.selected_date() == day
    asked: list[dt.date] = []
    view.moreRequested.connect(asked.append)
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=more.center().toPoint())
    assert asked == []  # a double-click's second press does not open a second list
    # A day that fits has no "+N more".
    assert view.more_rect(dt.date(2025, 11, 13)) is None
