"""Alt+letter does one thing: the menu bar's and the welcome panel's mnemonics never share a key."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import ScriptedPrompter
from main_window_support import ALT
from planning_support import close_window, open_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from lmplanner.ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, plan_path: Path, prompter: ScriptedPrompter) -> Iterator[MainWindow]:
    win = open_window(qtbot, plan_path, prompter, welcome=True)
    yield win
    close_window(win)


def mnemonic(text: str) -> str | None:
    """The letter after a single '&' ("&&" is a literal ampersand), lower-cased."""
    key = QKeySequence.mnemonic(text)
    return key.toString().removeprefix("Alt+").lower() or None


def visible_mnemonics(win: MainWindow) -> list[tuple[str, str]]:
    """(letter, text) for the menu bar's menus and every visible button and buddied label."""
    found = [(mnemonic(a.text()), a.text()) for a in win.menuBar().actions() if a.isVisible()]
    for widget in win.findChildren(QWidget):
        if not widget.isVisibleTo(win):
            continue
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            found.append((mnemonic(widget.text()), widget.text()))
    return [(letter, text) for letter, text in found if letter]


def test_welcome_panel_and_menu_bar_mnemonics_are_unique(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    assert win.welcome_visible()
    found = visible_mnemonics(win)
    letters = Counter(letter for letter, _text in found)
    assert {"f", "e", "v", "h"} <= set(letters)  # the menu bar's own are in the list
    assert len(found) > 4  # and so are the panel's
    shared = {
        letter: [text for key, text in found if key == letter]
        for letter, n in letters.items()
        if n > 1
    }
    assert shared == {}, "".join(sorted(letter for letter, _t in found))

    # Alt+E opens the Edit menu, not "Start empty".
    edit_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "&Edit")
    qtbot.keyClick(win, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is edit_menu)
    edit_menu.close()
    assert win.welcome_visible()
