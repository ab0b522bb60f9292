"""MonthView and WeekView driven through their real surface: mouse, keys, drops and paint."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QDropEvent, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from lmplanner.core.domain import DEFAULT_CHANNELS, Kind, PostRecord, Role, Status
from lmplanner.core.services import KEEP
from lmplanner.ui import theme
from lmplanner.ui.calendar import MIME_TYPE, MonthView, WeekView, decode_post_ids, dragdrop
from lmplanner.ui.calendar.chips import ChipFonts, chip_pixmap, chip_tooltip, short_channel
from lmplanner.ui.calendar.mime import decode_ids, encode_ids, encode_post_ids

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
NOV = dt.date(2025, 11, 1)  # a Saturday: the grid start depends on the first weekday
SIZE = (1100, 750)

ViewType = type[MonthView] | type[WeekView]


def post(
    post_id: int,
    day: dt.date | None,
    time: dt.time | None = dt.time(9, 0),
    *,
    role: Role = Role.LEADER,
    title: str | None = None,
    channel: str = "LinkedIn",
    status: Status = Status.SCHEDULED,
) -> PostRecord:
    return PostRecord(
        id=post_id,
        title=title or f"Post {post_id}",
        role=role,
        channel=channel,
        date=day,
        time=time,
        kind=Kind.VISION if role is Role.LEADER else Kind.TIP,
        status=status,
        author="Maya Chen",
    )


def dark_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#1f2023",
        QPalette.ColorRole.WindowText: "#e8e8ea",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#222326",
        QPalette.ColorRole.Text: "#e8e8ea",
        QPalette.ColorRole.Button: "#2b2d30",
        QPalette.ColorRole.ButtonText: "#e8e8ea",
        QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2b2d30",
        QPalette.ColorRole.ToolTipText: "#e8e8ea",
        QPalette.ColorRole.PlaceholderText: "#8a8b8e",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    return palette


@pytest.fixture
def make_view(qtbot: object) -> Callable[..., MonthView | WeekView]:
    def make(
        kind: ViewType = MonthView,
        posts: list[PostRecord] | None = None,
        *,
        anchor: dt.date = NOV,
        first_weekday: int = 0,
        selected: dt.date | None = None,
    ) -> MonthView | WeekView:
        view = kind()
        qtbot.addWidget(view)  # type: ignore[attr-defined]
        view.resize(*SIZE)
        view.set_today(dt.date(2025, 11, 18))
        view.set_first_weekday(first_weekday)
        view.set_period(anchor)
        view.set_selected_date(selected or anchor)
        view.set_channel_colors(dict(DEFAULT_CHANNELS))
        view.set_posts(posts or [])
        with qtbot.waitExposed(view):  # type: ignore[attr-defined]
            view.show()
        return view

    return make


def centre(view: QWidget, post_id: int) -> QPoint:
    assert isinstance(view, MonthView | WeekView)
    rect = view.chip_rect(post_id)
    assert rect is not None, f"post {post_id} has no visible chip"
    return rect.center().toPoint()


def empty_point(view: MonthView, day: dt.date) -> QPoint:
    cell = view.cell_rect(day)
    assert cell is not None
    return QPoint(round(cell.center().x()), round(cell.bottom() - 6))


def drop(view: QWidget, pos: QPoint, ids: list[int]) -> None:
    """Deliver a real drop of the posts payload at `pos` (enter, move, drop)."""
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent

    mime = encode_post_ids(ids)
    point = QPointF(pos)
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(view, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(view, move)
    assert move.isAccepted()
    assert not view.grab().isNull()  # paints the drop indicator
    event = QDropEvent(point, actions, mime, buttons, mods)
    QApplication.sendEvent(view, event)


# ---------------------------------------------------------------------- grid and periods


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
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    view = make_view(MonthView, selected=dt.date(2025, 11, 30))
    with qtbot.waitSignal(view.selectedDateChanged) as blocker:  # type: ignore[attr-defined]
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
    for upper, lower in itertools.pairwise(rects):
        assert upper is not None and lower is not None
        assert upper.bottom() <= lower.top()
    assert rects[-1] is not None and rects[-1].bottom() <= view.height()


def test_week_hour_range_widens_for_early_and_late_posts(
    make_view: Callable[..., WeekView],
) -> None:
    day = dt.date(2025, 11, 12)
    posts = [post(1, day, dt.time(5, 30)), post(2, day, dt.time(23, 0))]
    view = make_view(WeekView, posts, anchor=day)
    assert view.hour_range() == (5, 24)
    assert view.chip_rect(1) is not None and view.chip_rect(2) is not None


def test_more_label_on_overflow_emits_more_requested(
    make_view: Callable[..., MonthView], qtbot: object
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
    with qtbot.waitSignal(view.moreRequested) as blocker:  # type: ignore[attr-defined]
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=more.center().toPoint())  # type: ignore[attr-defined]
    assert blocker.args == [day]
    assert view.selected_date() == day
    asked: list[dt.date] = []
    view.moreRequested.connect(asked.append)
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=more.center().toPoint())  # type: ignore[attr-defined]
    assert asked == []  # a double-click's second press does not open a second list
    # A day that fits has no "+N more".
    assert view.more_rect(dt.date(2025, 11, 13)) is None


# ---------------------------------------------------------------------- mouse selection


def test_click_ctrl_click_and_empty_click(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    day = dt.date(2025, 11, 12)
    posts = [post(1, day, dt.time(9)), post(2, day, dt.time(10)), post(3, dt.date(2025, 11, 14))]
    view = make_view(MonthView, posts)
    seen: list[list[int]] = []
    days: list[dt.date] = []
    view.selectionChanged.connect(seen.append)
    view.selectedDateChanged.connect(days.append)
    left, ctrl = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier

    qtbot.mouseClick(view, left, pos=centre(view, 1))  # type: ignore[attr-defined]
    assert seen[-1] == [1] and view.selected_date() == day and days == [day]
    qtbot.mouseClick(view, left, ctrl, centre(view, 3))  # type: ignore[attr-defined]
    assert seen[-1] == [1, 3]
    qtbot.mouseClick(view, left, ctrl, centre(view, 1))  # type: ignore[attr-defined]
    assert seen[-1] == [3]
    assert view.selected_post_ids() == [3]
    qtbot.mouseClick(view, left, pos=empty_point(view, dt.date(2025, 11, 20)))  # type: ignore[attr-defined]
    assert seen[-1] == [] and view.selected_date() == dt.date(2025, 11, 20)


def test_shift_click_extends_within_the_day(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(i, day, dt.time(8 + i)) for i in range(1, 5)])
    left = Qt.MouseButton.LeftButton
    qtbot.mouseClick(view, left, pos=centre(view, 1))  # type: ignore[attr-defined]
    qtbot.mouseClick(view, left, Qt.KeyboardModifier.ShiftModifier, centre(view, 3))  # type: ignore[attr-defined]
    assert sorted(view.selected_post_ids()) == [1, 2, 3]


def test_set_posts_keeps_selection_of_present_ids(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(1, day), post(2, day, dt.time(10))])
    view.select_posts([1, 2, 99])
    assert view.selected_post_ids() == [1, 2]
    with qtbot.waitSignal(view.selectionChanged) as blocker:  # type: ignore[attr-defined]
        view.set_posts([post(2, dt.date(2025, 11, 13), dt.time(10))])
    assert blocker.args == [[2]]


def test_double_click_chip_activates_and_empty_day_creates(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(7, day)])
    with qtbot.waitSignal(view.postActivated) as blocker:  # type: ignore[attr-defined]
        qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=centre(view, 7))  # type: ignore[attr-defined]
    assert blocker.args == [7]
    empty = dt.date(2025, 11, 21)
    with qtbot.waitSignal(view.createRequested) as blocker:  # type: ignore[attr-defined]
        qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=empty_point(view, empty))  # type: ignore[attr-defined]
    assert blocker.args == [empty]


def test_week_double_click_empty_slot_creates(
    make_view: Callable[..., WeekView], qtbot: object
) -> None:
    view = make_view(WeekView, [], anchor=dt.date(2025, 11, 12))
    column = view.column_rect(dt.date(2025, 11, 14))
    assert column is not None
    pos = QPoint(round(column.center().x()), round(view.y_for_time(dt.time(15))))
    with qtbot.waitSignal(view.createRequested) as blocker:  # type: ignore[attr-defined]
        qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=pos)  # type: ignore[attr-defined]
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
    qtbot: object,
    start: dt.date,
    key: Qt.Key,
    expected: dt.date,
) -> None:
    view = make_view(MonthView, selected=start)
    view.setFocus()
    with qtbot.waitSignal(view.selectedDateChanged) as blocker:  # type: ignore[attr-defined]
        qtbot.keyClick(view, key)  # type: ignore[attr-defined]
    assert blocker.args == [expected]
    assert view.selected_date() == expected


def test_month_edge_then_owner_switches_period(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    view = make_view(MonthView, selected=dt.date(2025, 11, 30))

    def follow(day: dt.date) -> None:
        start, end = view.period_range()
        if not start <= day <= end:
            view.set_period(day)

    view.selectedDateChanged.connect(follow)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)  # type: ignore[attr-defined]
    assert view.period_range() == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert view.selected_date() == dt.date(2025, 12, 1)


def test_week_arrows_cross_the_week(make_view: Callable[..., WeekView], qtbot: object) -> None:
    view = make_view(WeekView, anchor=dt.date(2025, 11, 16), selected=dt.date(2025, 11, 16))
    view.setFocus()
    with qtbot.waitSignal(view.selectedDateChanged) as blocker:  # type: ignore[attr-defined]
        qtbot.keyClick(view, Qt.Key.Key_Right)  # type: ignore[attr-defined]
    assert blocker.args == [dt.date(2025, 11, 17)]


def test_enter_opens_single_selection_else_creates(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(5, day)], selected=day)
    view.setFocus()
    with qtbot.waitSignal(view.createRequested) as blocker:  # type: ignore[attr-defined]
        qtbot.keyClick(view, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert blocker.args == [day]
    view.select_posts([5])
    with qtbot.waitSignal(view.postActivated) as blocker:  # type: ignore[attr-defined]
        qtbot.keyClick(view, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
    assert blocker.args == [5]


def test_tab_cycles_chips_space_toggles_ctrl_a_selects_day(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(
        MonthView,
        [post(1, day, dt.time(9)), post(2, day, dt.time(10)), post(3, dt.date(2025, 11, 13))],
        selected=day,
    )
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
    assert view.selected_post_ids() == [1] and view.current_post_id() == 1
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
    assert view.selected_post_ids() == [2]
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)  # type: ignore[attr-defined]
    assert view.selected_post_ids() == [1]
    qtbot.keyClick(view, Qt.Key.Key_Space)  # type: ignore[attr-defined]
    assert view.selected_post_ids() == []
    qtbot.keyClick(view, Qt.Key.Key_Space)  # type: ignore[attr-defined]
    assert view.selected_post_ids() == [1]
    with qtbot.waitSignal(view.selectionChanged) as blocker:  # type: ignore[attr-defined]
        qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # type: ignore[attr-defined]
    assert sorted(blocker.args[0]) == [1, 2]


def test_tab_past_the_last_chip_leaves_the_view(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    host = QWidget()
    qtbot.addWidget(host)  # type: ignore[attr-defined]
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
    qtbot.waitUntil(host.isActiveWindow)  # type: ignore[attr-defined]
    view.setFocus()
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
    assert view.current_post_id() == 1 and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Tab)  # type: ignore[attr-defined]
    assert after.hasFocus()


# ---------------------------------------------------------------------- drag-and-drop


def test_mime_payload_round_trip_and_rejects_garbage() -> None:
    assert decode_ids(encode_ids([3, 1, 3])) == [3, 1]
    mime = encode_post_ids([5, 6])
    assert mime.hasFormat(MIME_TYPE)
    assert decode_post_ids(mime) == [5, 6]
    for bad in (b"", b"{}", b"[1, true]", b'["1"]', b"[0]", b"\xff", b"[1.5]"):
        assert decode_ids(bad) == []
    assert decode_post_ids(QMimeData()) == []


def test_month_drop_keeps_time(make_view: Callable[..., MonthView], qtbot: object) -> None:
    view = make_view(MonthView, [post(1, dt.date(2025, 11, 12), dt.time(9, 30))])
    target = dt.date(2025, 11, 19)
    assert view.drop_target_at(empty_point(view, target)) == (target, KEEP)
    with qtbot.waitSignal(view.postsDropped) as blocker:  # type: ignore[attr-defined]
        drop(view, empty_point(view, target), [1, 42])
    ids, day, time = blocker.args
    assert ids == [1, 42] and day == target and time is KEEP


def test_drop_back_on_the_same_day_is_silent(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(1, day)])
    with qtbot.assertNotEmitted(view.postsDropped):  # type: ignore[attr-defined]
        drop(view, empty_point(view, day), [1])


def test_week_drop_on_grid_sets_rounded_time(
    make_view: Callable[..., WeekView], qtbot: object
) -> None:
    view = make_view(WeekView, [post(1, dt.date(2025, 11, 12))], anchor=dt.date(2025, 11, 12))
    day = dt.date(2025, 11, 14)
    column = view.column_rect(day)
    assert column is not None
    x = round(column.center().x())
    y = (
        view.y_for_time(dt.time(10, 0))
        + (view.y_for_time(dt.time(11, 0)) - view.y_for_time(dt.time(10, 0))) * 20 / 60
    )  # 10:20 → 10:15
    assert view.drop_target_at(QPointF(x, y)) == (day, dt.time(10, 15))
    with qtbot.waitSignal(view.postsDropped) as blocker:  # type: ignore[attr-defined]
        drop(view, QPoint(x, round(y)), [1])
    assert blocker.args == [[1], day, dt.time(10, 15)]


def test_week_drop_on_all_day_strip_keeps_time(
    make_view: Callable[..., WeekView], qtbot: object
) -> None:
    view = make_view(WeekView, [], anchor=dt.date(2025, 11, 12))
    day = dt.date(2025, 11, 13)
    column = view.column_rect(day)
    assert column is not None
    top_of_grid = view.y_for_time(dt.time(6, 0))
    pos = QPoint(round(column.center().x()), round(top_of_grid - 20))
    assert view.drop_target_at(pos) == (day, KEEP)
    with qtbot.waitSignal(view.postsDropped) as blocker:  # type: ignore[attr-defined]
        drop(view, pos, [8])
    assert blocker.args[0] == [8] and blocker.args[1] == day and blocker.args[2] is KEEP
    assert view.drop_target_at(QPoint(5, pos.y())) is None  # the hours axis is no day


def test_dragging_selected_chips_carries_their_ids(
    make_view: Callable[..., MonthView], qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[int]] = []

    class FakeDrag:
        def __init__(self, source: QWidget) -> None:
            self.mime: QMimeData | None = None

        def setMimeData(self, mime: QMimeData) -> None:
            self.mime = mime

        def setPixmap(self, pixmap: object) -> None:
            assert not pixmap.isNull()  # type: ignore[attr-defined]

        def setHotSpot(self, point: QPoint) -> None:
            pass

        def exec(self, *args: object) -> Qt.DropAction:
            started.append(decode_post_ids(self.mime))
            return Qt.DropAction.MoveAction

    monkeypatch.setattr(dragdrop, "QDrag", FakeDrag)
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(1, day), post(2, day, dt.time(11))])
    view.select_posts([1, 2])
    start = centre(view, 2)
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)  # type: ignore[attr-defined]
    qtbot.mouseMove(view, start + QPoint(30, 40))  # type: ignore[attr-defined]
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(30, 40))  # type: ignore[attr-defined]
    assert started == [[1, 2]]
    assert sorted(view.selected_post_ids()) == [1, 2]


def test_drag_pixmap_shows_a_count_for_several_posts(qtbot: object) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)  # type: ignore[attr-defined]
    fonts = ChipFonts.from_font(widget.font())
    palette, blue = widget.palette(), QColor("#0a66c2")
    one = chip_pixmap(
        post(1, NOV), QSize(140, 20), palette, fonts, channel=blue, device_pixel_ratio=2.0
    )
    many = chip_pixmap(
        post(1, NOV), QSize(140, 20), palette, fonts, channel=blue, device_pixel_ratio=2.0, count=3
    )
    assert one.width() == 280 and one.devicePixelRatio() == 2.0
    assert many.width() > one.width()


# ---------------------------------------------------------------------- paint, theme, text


def test_tooltip_names_everything_and_escapes_user_text() -> None:
    record = post(1, NOV, title="<b>Q&A</b>", role=Role.MANAGER, channel="Blog")
    tip = chip_tooltip(record)
    assert "&lt;b&gt;Q&amp;A&lt;/b&gt;" in tip
    for word in ("Manager", "Blog", "Tip", "Scheduled", "Maya Chen", "2025-11-01 09:00"):
        assert word in tip


def test_hovering_a_chip_shows_its_tooltip(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QToolTip

    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(1, day, title="Why planning tools should have opinions")])
    pos = centre(view, 1)
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, pos, view.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)  # type: ignore[attr-defined]
    assert "Why planning tools should have opinions" in QToolTip.text()
    assert "Leader" in QToolTip.text()
    QToolTip.hideText()


def test_select_dates_highlights_until_the_next_click(
    make_view: Callable[..., MonthView], qtbot: object
) -> None:
    view = make_view(MonthView)
    days = [dt.date(2025, 11, 10), dt.date(2025, 11, 11)]
    view.select_dates(days)
    assert view.highlighted_dates() == days
    assert not view.grab().isNull()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=empty_point(view, dt.date(2025, 11, 20)))  # type: ignore[attr-defined]
    assert view.highlighted_dates() == []


def test_short_channel_names() -> None:
    assert short_channel("Instagram") == "IG"
    assert short_channel("linkedin") == "LI"
    assert short_channel("Blog") == "Blog"
    assert short_channel("Company Town Hall") == "CTH"
    assert short_channel("Podcasting") == "Podc"


def test_role_colours_differ_and_lighten_in_dark(qtbot: object) -> None:
    light, dark = QApplication.palette(), dark_palette()
    assert not theme.is_dark(light) and theme.is_dark(dark)
    for palette in (light, dark):
        leader = theme.role_color(Role.LEADER, palette)
        manager = theme.role_color(Role.MANAGER, palette)
        assert leader.hue() != manager.hue()
        # The lightness gap stays visible without hue (greyscale / colour-blind check).
        assert abs(leader.lightness() - manager.lightness()) > 12 or palette is dark
    assert (
        theme.role_color(Role.LEADER, dark).lightness()
        > theme.role_color(Role.LEADER, light).lightness()
    )
    assert theme.role_letter(Role.LEADER) != theme.role_letter(Role.MANAGER)
    assert theme.role_symbol(Role.LEADER) != theme.role_symbol(Role.MANAGER)
    assert theme.channel_color("nonsense").isValid()
    assert theme.channel_color("#0a66c2").name() == "#0a66c2"


def test_painting_three_hundred_posts(make_view: Callable[..., MonthView | WeekView]) -> None:
    start = dt.date(2025, 10, 27)
    posts = [
        post(
            i,
            start + dt.timedelta(days=i % 42),
            None if i % 9 == 0 else dt.time(6 + i % 16, (i * 15) % 60),
            role=Role.LEADER if i % 3 else Role.MANAGER,
            title=f"Post {i} " + "with a rather long title " * (i % 3),
            channel=DEFAULT_CHANNELS[i % len(DEFAULT_CHANNELS)][0],
            status=list(Status)[i % 4],
        )
        for i in range(1, 301)
    ]
    for kind in (MonthView, WeekView):
        view = make_view(kind, posts, anchor=dt.date(2025, 11, 12))
        view.select_posts([1, 2, 3])
        view.select_dates([dt.date(2025, 11, 12)])
        for palette in (QApplication.palette(), dark_palette()):
            view.setPalette(palette)
            image = view.grab()
            assert not image.isNull()
        if kind is MonthView:
            assert view.more_rect(dt.date(2025, 11, 12)) is not None
        view.resize(view.minimumSizeHint())
        assert not view.grab().isNull()


# ---------------------------------------------------------------------- screenshots


def _demo_view(kind: ViewType, service: object, qtbot: object, palette: QPalette | None) -> QWidget:
    from lmplanner.core.demo import create_demo
    from lmplanner.core.services import PlanService

    assert isinstance(service, PlanService)
    create_demo(service, 2025, 11)
    view = kind()
    qtbot.addWidget(view)  # type: ignore[attr-defined]
    if palette is not None:
        view.setPalette(palette)
    view.resize(*SIZE)
    view.set_today(dt.date(2025, 11, 18))
    view.set_first_weekday(service.settings().balance.first_weekday)
    view.set_period(dt.date(2025, 11, 12))
    view.set_selected_date(dt.date(2025, 11, 12))
    view.set_channel_colors({c.name: c.color for c in service.channels()})
    start, end = view.visible_range()
    posts = service.posts(start=start, end=end)
    view.set_posts(posts)
    assert posts and all(view.chip_rect(p.id) is not None for p in posts if p.date)
    first = posts[0]
    view.select_posts([first.id])
    with qtbot.waitExposed(view):  # type: ignore[attr-defined]
        view.show()
    return view


@pytest.mark.parametrize(
    ("name", "kind", "dark"),
    [
        ("month-light", MonthView, False),
        ("month-dark", MonthView, True),
        ("week-light", WeekView, False),
        ("week-dark", WeekView, True),
    ],
)
def test_screenshots(service: object, qtbot: object, name: str, kind: ViewType, dark: bool) -> None:
    view = _demo_view(kind, service, qtbot, dark_palette() if dark else None)
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"calendar-{name}.png"
    assert view.grab().save(str(path))
    assert path.stat().st_size > 10_000
