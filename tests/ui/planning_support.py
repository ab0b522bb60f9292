"""Helpers for the planning tests: a window on a plan, posts put in through the document, and
real drops (enter, move, drop events) on any widget."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app_support import TODAY, ScriptedPrompter, close_message_boxes
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lmplanner.core.services import PostDraft
from lmplanner.ui.views.calendar.mime import encode_post_ids
from lmplanner.ui.window.main_window import MainWindow

MARCH = dt.date(2026, 3, 1)


def open_window(
    qtbot: QtBot, plan_path: Path, prompter: ScriptedPrompter, *, welcome: bool = False
) -> MainWindow:
    """The main window on a new plan, active and focused; past the welcome panel unless
    `welcome` asks to see it."""
    win = MainWindow(prompter=prompter, today=TODAY)
    qtbot.addWidget(win)
    assert win.open_plan_at(plan_path, create=True)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    if win.welcome_visible() and not welcome:
        win.start_empty()
    win.current_view().setFocus()
    return win


def close_window(win: MainWindow) -> None:
    close_message_boxes()
    editor = win.editor()
    if editor is not None:
        editor.reject()


def add_posts(win: MainWindow, *drafts: PostDraft) -> list[int]:
    """Posts added as one undoable step, as an import would."""
    assert win.document is not None
    service = win.document.service
    applied = win.document.perform("Add posts", lambda: service.add_posts(list(drafts)))
    assert applied is not None
    return applied.created()


def draft(title: str, role: str = "manager", **fields: Any) -> PostDraft:
    values: dict[str, Any] = {"channel": "LinkedIn", "date": dt.date(2026, 3, 10)}
    values.update(fields)
    return PostDraft(title=title, role=role, **values)


def undo_count(win: MainWindow) -> int:
    assert win.document is not None
    return int(win.document.undo_stack.count())


def drop(widget: QWidget, pos: QPoint, payload: QMimeData | Sequence[int]) -> bool:
    """A real drop of posts at `pos` of `widget` (enter, move, drop); whether it was taken."""
    mime = payload if isinstance(payload, QMimeData) else encode_post_ids(payload)
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    move = QDragMoveEvent(pos, actions, mime, buttons, mods)
    QApplication.sendEvent(widget, move)
    if not move.isAccepted():
        return False
    event = QDropEvent(QPointF(pos), actions, mime, buttons, mods)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()
