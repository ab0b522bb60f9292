"""Offscreen screenshots of the app on the sample month, for people to look at (screenshots/).

The assertions only check that each picture was made at a sensible size; the point is looking at
them: light and dark month, the week, the editor, the welcome panel and a selected flag.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lmplanner.ui.window.main_window import WEEK, MainWindow
from tests.screenshot_folder import SCREENSHOTS as SHOTS


def dark_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#232629",
        QPalette.ColorRole.WindowText: "#eff0f1",
        QPalette.ColorRole.Base: "#1b1e20",
        QPalette.ColorRole.AlternateBase: "#262a2e",
        QPalette.ColorRole.Text: "#eff0f1",
        QPalette.ColorRole.Button: "#31363b",
        QPalette.ColorRole.ButtonText: "#eff0f1",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#3daee9",
        QPalette.ColorRole.HighlightedText: "#1b1e20",
        QPalette.ColorRole.ToolTipBase: "#31363b",
        QPalette.ColorRole.ToolTipText: "#eff0f1",
        QPalette.ColorRole.PlaceholderText: "#8a9096",
        QPalette.ColorRole.Link: "#3daee9",
        QPalette.ColorRole.Light: "#4d5257",
        QPalette.ColorRole.Midlight: "#3f4449",
        QPalette.ColorRole.Mid: "#2b2f33",
        QPalette.ColorRole.Dark: "#16181a",
        QPalette.ColorRole.Shadow: "#0e0f10",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(disabled, role, QColor("#6e7479"))
    return palette


@pytest.fixture
def app_palette() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    yield
    app.setPalette(original)


@pytest.fixture
def demo_window(qtbot: QtBot, plan_path: Path) -> MainWindow:
    window = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(window)
    assert window.open_plan_at(plan_path, create=True)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    window.start_with_sample()
    return window


def save(widget: QWidget, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    QApplication.processEvents()
    path = SHOTS / name
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 10_000
    return path


def test_month_light(demo_window: MainWindow) -> None:
    save(demo_window, "month-light.png")


def test_month_dark(qtbot: QtBot, app_palette: None, plan_path: Path) -> None:
    QApplication.setPalette(dark_palette())
    window = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(window)
    assert window.open_plan_at(plan_path, create=True)
    window.resize(1440, 900)
    window.show()
    window.start_with_sample()
    save(window, "month-dark.png")
    post = next(p for p in window.service.posts() if p.role.value == "manager" and p.kind)
    editor = window.edit_post(post.id)
    assert editor is not None
    save(editor, "editor-dark.png")
    editor.reject()


def test_week(demo_window: MainWindow) -> None:
    demo_window.go_to(TODAY.replace(day=17))  # the sample month's activity-only week
    demo_window.set_view_mode(WEEK)
    save(demo_window, "week-light.png")


def test_flag_selected(qtbot: QtBot, demo_window: MainWindow) -> None:
    meter = demo_window.meter
    row = next(i for i, f in enumerate(meter.flags()) if f.code == "LEADER_DROUGHT")
    meter.activate_flag(row)
    save(demo_window, "month-flag-selected.png")


def test_editor(qtbot: QtBot, demo_window: MainWindow) -> None:
    post = next(p for p in demo_window.service.posts() if p.kind is not None and p.body)
    editor = demo_window.edit_post(post.id)
    assert editor is not None
    editor.resize(editor.sizeHint().expandedTo(editor.size()))
    save(editor, "editor.png")
    editor.reject()


def test_editor_new_with_problem(qtbot: QtBot, demo_window: MainWindow) -> None:
    editor = demo_window.new_post(TODAY)
    assert editor is not None
    editor.channel_combo.setCurrentText("X")
    editor.title_edit.setText("Our launch-week checklist")
    editor.body_edit.setPlainText("Ten things to prepare before a launch week. " * 8)
    editor.try_submit()  # no role chosen yet: the inline message shows
    save(editor, "editor-new.png")
    editor.reject()


def test_welcome(qtbot: QtBot, plan_path: Path) -> None:
    window = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(window)
    assert window.open_plan_at(plan_path, create=True)
    window.resize(1440, 900)
    window.show()
    assert window.welcome_visible()
    save(window, "welcome.png")
    qtbot.mouseClick(window.welcome.empty_button, Qt.MouseButton.LeftButton)


def test_help_dialogs(qtbot: QtBot, demo_window: MainWindow) -> None:
    shortcuts = demo_window.show_shortcuts()
    save(shortcuts, "shortcuts.png")
    shortcuts.close()
    help_dialog = demo_window.show_leader_help()
    save(help_dialog, "leader-help.png")
    help_dialog.close()
