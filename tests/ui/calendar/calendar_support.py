"""Posts, palettes, points and drops shared by the calendar view tests."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDropEvent, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from lmplanner.core.domain import Kind, PostRecord, Role, Status
from lmplanner.ui.views.calendar import MonthView, WeekView
from lmplanner.ui.views.calendar.mime import encode_post_ids

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
