"""After a change the window re-reads only the posts it touched: what it shows must stay exactly
what a full read shows (edits, moves out of the month, deletes, backlog ideas, undo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, close_message_boxes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Role
from lmplanner.ui.operations import posts as ops
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
