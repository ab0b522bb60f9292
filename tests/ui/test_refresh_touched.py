"""After a change the window re-reads only the posts it touched: what it shows must stay exactly
what a full read shows (edits, moves out of the month, deletes, backlog ideas, undo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, close_message_boxes
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Role
from lmplanner.ui.compat import override
from lmplanner.ui.operations import posts as ops
from lmplanner.ui.views.calendar import MonthView
from lmplanner.ui.window.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(win)
    assert win.open_plan_at(plan_path, create=True)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.mouseClick(win.welcome.sample_button, Qt.MouseButton.LeftButton)
    win.backlog_dock.show()
    yield win
    close_message_boxes()


def shows_what_the_plan_holds(win: MainWindow) -> None:
    assert win.service is not None
    view = win.current_view()
    start, end = view.visible_range()
    full = sorted(win.service.posts(start=start, end=end), key=lambda p: p.id)
    assert sorted(view.shown_posts(), key=lambda p: p.id) == full  # type: ignore[union-attr]
    assert win.meter.report() == win.service.balance(win.current_period())
    assert win.backlog.model.rowCount() == win.service.backlog_count()


def test_a_change_shows_as_a_full_read_would(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    document, service = win.document, win.service
    assert document is not None and service is not None
    period = win.current_period()
    first, second = service.posts(start=period.start, end=period.end, limit=2)
    role = Role.MANAGER if first.role is Role.LEADER else Role.LEADER
    document.perform("Role", lambda: service.update_post(first.id, {"role": role, "kind": None}))
    shows_what_the_plan_holds(win)
    assert win.current_view().posts_on(first.date)  # type: ignore[arg-type]
    # Out of the visible weeks: the window follows the post there, then comes back without it.
    far = period.end + dt.timedelta(days=120)
    document.perform("Move", lambda: service.update_post(second.id, {"date": far}))
    shows_what_the_plan_holds(win)
    assert win.current_period().start <= far <= win.current_period().end
    win.go_to(period.start)
    shows_what_the_plan_holds(win)
    assert second.id not in [p.id for p in win.current_view().shown_posts()]  # type: ignore[union-attr]
    ops.to_backlog(document, [first.id])  # an idea now: the backlog reloads
    shows_what_the_plan_holds(win)
    ideas = [p.id for p in service.posts(backlog=True)]
    ops.delete_posts(document, ideas[:2], lambda *_: None)
    shows_what_the_plan_holds(win)
    for _ in range(3):
        qtbot.keyClick(win.current_view(), Qt.Key.Key_Z, CTRL)
        shows_what_the_plan_holds(win)


class PaintRecorder(QObject):
    """The bounding rectangles of the paints `widget` gets from now on."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted: list[QRect] = []
        widget.installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QPaintEvent):
            self.painted.append(event.region().boundingRect())
        return False


def test_an_edit_repaints_its_day_not_the_whole_month(qtbot: QtBot, window: MainWindow) -> None:
    """One post changed: the chips of its day are painted again, not every chip of the month;
    a move repaints both days; what is shown is still exactly what the plan holds."""
    win = window
    document, service, view = win.document, win.service, win.current_view()
    assert document is not None and service is not None and isinstance(view, MonthView)
    period = win.current_period()
    posts = service.posts(start=period.start, end=period.end)
    post = posts[0]
    other_day = next(p.date for p in posts if p.date != post.date)
    assert post.date is not None and other_day is not None
    view.select_posts([post.id])  # as the edit will: a new selection repaints by itself
    qtbot.waitUntil(view.isVisible)
    QApplication.processEvents()  # the sample month painted: only the edit's paint is seen
    recorder = PaintRecorder(view)
    document.perform("Title", lambda: service.update_post(post.id, {"title": "Retitled"}))
    qtbot.waitUntil(lambda: bool(recorder.painted))
    cell = view.cell_rect(post.date)
    assert cell is not None
    painted = recorder.painted[0]
    assert cell.toAlignedRect().adjusted(-3, -3, 3, 3).contains(painted), (painted, cell)
    assert painted.width() * painted.height() < view.width() * view.height() / 10
    shows_what_the_plan_holds(win)
    assert "Retitled" in [p.title for p in view.posts_on(post.date)]

    recorder.painted.clear()
    document.perform("Move", lambda: service.update_post(post.id, {"date": other_day}))
    qtbot.waitUntil(lambda: bool(recorder.painted))
    for day in (post.date, other_day):
        day_cell = view.cell_rect(day)
        assert day_cell is not None
        assert any(rect.intersects(day_cell.toAlignedRect()) for rect in recorder.painted), day
    shows_what_the_plan_holds(win)
