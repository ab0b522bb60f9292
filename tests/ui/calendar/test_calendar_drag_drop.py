"""Dragging chips out of MonthView and WeekView and dropping posts on them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from calendar_support import NOV, centre, drop, empty_point, post
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lmplanner.core.services import KEEP
from lmplanner.ui.views.calendar import MIME_TYPE, MonthView, WeekView, decode_post_ids, dragdrop
from lmplanner.ui.views.calendar.chips import ChipFonts, chip_pixmap
from lmplanner.ui.views.calendar.mime import decode_ids, encode_ids, encode_post_ids


def test_mime_payload_round_trip_and_rejects_garbage() -> None:
    assert decode_ids(encode_ids([3, 1, 3])) == [3, 1]
    mime = encode_post_ids([5, 6])
    assert mime.hasFormat(MIME_TYPE)
    assert decode_post_ids(mime) == [5, 6]
    for bad in (b"", b"{}", b"[1, true]", b'["1"]', b"[0]", b"\xff", b"[1.5]"):
        assert decode_ids(bad) == []
    assert decode_post_ids(QMimeData()) == []


def test_month_drop_keeps_time(make_view: Callable[..., MonthView], qtbot: QtBot) -> None:
    view = make_view(MonthView, [post(1, dt.date(2025, 11, 12), dt.time(9, 30))])
    target = dt.date(2025, 11, 19)
    assert view.drop_target_at(empty_point(view, target)) == (target, KEEP)
    with qtbot.waitSignal(view.postsDropped) as blocker:
        drop(view, empty_point(view, target), [1, 42])
    ids, day, time = blocker.args
    assert ids == [1, 42] and day == target and time is KEEP


def test_drop_back_on_the_same_day_is_silent(
    make_view: Callable[..., MonthView], qtbot: QtBot
) -> None:
    day = dt.date(2025, 11, 12)
    view = make_view(MonthView, [post(1, day)])
    with qtbot.assertNotEmitted(view.postsDropped):
        drop(view, empty_point(view, day), [1])


def test_week_drop_on_grid_sets_rounded_time(
    make_view: Callable[..., WeekView], qtbot: QtBot
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
    with qtbot.waitSignal(view.postsDropped) as blocker:
        drop(view, QPoint(x, round(y)), [1])
    assert blocker.args == [[1], day, dt.time(10, 15)]


def test_week_drop_on_all_day_strip_keeps_time(
    make_view: Callable[..., WeekView], qtbot: QtBot
) -> None:
    view = make_view(WeekView, [], anchor=dt.date(2025, 11, 12))
    day = dt.date(2025, 11, 13)
    column = view.column_rect(day)
    assert column is not None
    top_of_grid = view.y_for_time(dt.time(6, 0))
    pos = QPoint(round(column.center().x()), round(top_of_grid - 20))
    assert view.drop_target_at(pos) == (day, KEEP)
    with qtbot.waitSignal(view.postsDropped) as blocker:
        drop(view, pos, [8])
    assert blocker.args[0] == [8] and blocker.args[1] == day and blocker.args[2] is KEEP
    assert view.drop_target_at(QPoint(5, pos.y())) is None  # the hours axis is no day


def test_dragging_selected_chips_carries_their_ids(
    make_view: Callable[..., MonthView], qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
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
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, start + QPoint(30, 40))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=start + QPoint(30, 40))
    assert started == [[1, 2]]
    assert sorted(view.selected_post_ids()) == [1, 2]


def test_drag_pixmap_shows_a_count_for_several_posts(qtbot: QtBot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
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
