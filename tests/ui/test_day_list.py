"""The "+N more" day list: one dialog at a time, however many days are opened in turn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from app_support import TODAY, ScriptedPrompter, close_message_boxes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lmplanner.ui.window.main_window import MainWindow


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(window)
    assert window.open_plan_at(plan_path, create=True)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    yield window
    close_message_boxes()


def day_dialogs() -> list[QWidget]:
    return [
        w for w in QApplication.topLevelWidgets() if w.objectName() == "dayDialog" and w.isVisible()
    ]


def test_each_day_opened_in_turn_replaces_the_one_before(qtbot: QtBot, win: MainWindow) -> None:
    view = win.current_view()
    days = sorted({p.date for p in win.service.posts() if p.date})[:3]  # type: ignore[union-attr]
    for day in days:
        before = day_dialogs()
        view.moreRequested.emit(day)
        for old in before:  # the one replaced is deleted (on close) before the next day opens
            qtbot.waitUntil(lambda old=old: not shiboken6.isValid(old))
        shown = day_dialogs()
        assert len(shown) == 1 and shown[0].day == day  # type: ignore[attr-defined]
    shown[0].close()
