"""The main window tests' shared parts: keys sent the way a
person presses them, and the editor driven to create a post."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmplanner.core.balance import BalanceReport
from lmplanner.core.domain import Role
from lmplanner.ui.editor.editor import PostEditor
from lmplanner.ui.window.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def start_empty(qtbot: QtBot, win: MainWindow) -> None:
    assert win.welcome_visible()
    qtbot.mouseClick(win.welcome.empty_button, Qt.MouseButton.LeftButton)
    assert not win.welcome_visible()


def key(
    qtbot: QtBot,
    win: MainWindow,
    k: Qt.Key,
    mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    if QApplication.activeWindow() is not win:
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win.current_view(), k, mods)


def create_post_via_editor(
    qtbot: QtBot, win: MainWindow, title: str, role: Role, body: str = ""
) -> None:
    key(qtbot, win, Qt.Key.Key_N, CTRL)
    editor = open_editor(qtbot, win)
    qtbot.keyClicks(editor.title_edit, title)
    qtbot.keyClick(editor, Qt.Key.Key_L if role is Role.LEADER else Qt.Key.Key_M, ALT)
    assert editor.role() is role
    editor.channel_combo.lineEdit().clear()
    qtbot.keyClicks(editor.channel_combo.lineEdit(), "LinkedIn")
    if body:
        qtbot.keyClicks(editor.body_edit, body)
    qtbot.keyClick(editor.body_edit, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: win.editor() is None)


def open_editor(qtbot: QtBot, win: MainWindow) -> PostEditor:
    editor = win.editor()
    assert editor is not None and editor.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    return editor


def report(win: MainWindow) -> BalanceReport:
    found = win.meter.report()
    assert found is not None
    return found


def only_post(win: MainWindow, title: str) -> int:
    ids = [p.id for p in win.service.posts() if p.title == title]
    assert len(ids) == 1, ids
    return ids[0]
