"""Offscreen screenshots of the app on the sample month, for people to look at (written to
$LMPLANNER_SCREENSHOTS or a temporary folder): light and dark month, the week, the editor, the
welcome panel and a selected flag. Each is checked for its size, its painted parts and its theme.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from screenshot_support import assert_painted, lightness, region, save_screenshot

from lmplanner.ui.window.main_window import WEEK, MainWindow

SIZE = (1440, 900)


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
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.start_with_sample()
    return window


def assert_main_parts_painted(window: MainWindow, image: QImage) -> None:
    """The whole window at its size, and the calendar, meter and toolbar each drawn."""
    assert (image.width(), image.height()) == SIZE
    for part in (window.current_view(), window.meter, window.toolbar):
        assert_painted(image, region(window, part))


def test_month_light(demo_window: MainWindow, screenshots: Path) -> None:
    image = save_screenshot(demo_window, screenshots, "month-light.png")
    assert_main_parts_painted(demo_window, image)
    assert lightness(image) > 160  # a light theme


def test_month_dark(qtbot: QtBot, app_palette: None, plan_path: Path, screenshots: Path) -> None:
    QApplication.setPalette(dark_palette())
    window = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(window)
    assert window.open_plan_at(plan_path, create=True)
    window.resize(*SIZE)
    window.show()
    window.start_with_sample()
    image = save_screenshot(window, screenshots, "month-dark.png")
    assert_main_parts_painted(window, image)
    assert lightness(image) < 90  # the dark theme reaches every part, not only the frame
    post = next(p for p in window.service.posts() if p.role.value == "manager" and p.kind)
    editor = window.edit_post(post.id)
    assert editor is not None
    image = save_screenshot(editor, screenshots, "editor-dark.png")
    assert_painted(image, region(editor, editor.title_edit))
    assert lightness(image) < 90
    editor.reject()


def test_week(demo_window: MainWindow, screenshots: Path) -> None:
    demo_window.go_to(TODAY.replace(day=17))  # the sample month's activity-only week
    demo_window.set_view_mode(WEEK)
    image = save_screenshot(demo_window, screenshots, "week-light.png")
    assert_main_parts_painted(demo_window, image)


def test_flag_selected(qtbot: QtBot, demo_window: MainWindow, screenshots: Path) -> None:
    meter = demo_window.meter
    plain = demo_window.grab().toImage()
    row = next(i for i, f in enumerate(meter.flags()) if f.code == "LEADER_DROUGHT")
    meter.activate_flag(row)
    image = save_screenshot(demo_window, screenshots, "month-flag-selected.png")
    assert_main_parts_painted(demo_window, image)
    view = region(demo_window, demo_window.current_view())
    assert image.copy(view) != plain.copy(view)  # the flagged posts are marked in the month


def test_editor(qtbot: QtBot, demo_window: MainWindow, screenshots: Path) -> None:
    post = next(p for p in demo_window.service.posts() if p.kind is not None and p.body)
    editor = demo_window.edit_post(post.id)
    assert editor is not None
    editor.resize(editor.sizeHint().expandedTo(editor.size()))
    image = save_screenshot(editor, screenshots, "editor.png")
    for part in (editor.title_edit, editor.body_edit):
        assert_painted(image, region(editor, part))
    assert lightness(image) > 160
    editor.reject()


def test_editor_new_with_problem(qtbot: QtBot, demo_window: MainWindow, screenshots: Path) -> None:
    editor = demo_window.new_post(TODAY)
    assert editor is not None
    editor.channel_combo.setCurrentText("X")
    editor.title_edit.setText("Our launch-week checklist")
    editor.body_edit.setPlainText("Ten things to prepare before a launch week. " * 8)
    editor.try_submit()  # no role chosen yet: the inline message shows
    image = save_screenshot(editor, screenshots, "editor-new.png")
    for part in (editor.title_edit, editor.body_edit):
        assert_painted(image, region(editor, part))
    editor.reject()


def test_welcome(qtbot: QtBot, plan_path: Path, screenshots: Path) -> None:
    window = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(window)
    assert window.open_plan_at(plan_path, create=True)
    window.resize(*SIZE)
    window.show()
    assert window.welcome_visible()
    image = save_screenshot(window, screenshots, "welcome.png")
    assert (image.width(), image.height()) == SIZE
    assert_painted(image, region(window, window.welcome.empty_button))
    qtbot.mouseClick(window.welcome.empty_button, Qt.MouseButton.LeftButton)


def test_help_dialogs(qtbot: QtBot, demo_window: MainWindow, screenshots: Path) -> None:
    shortcuts = demo_window.show_shortcuts()
    save_screenshot(shortcuts, screenshots, "shortcuts.png")
    shortcuts.close()
    help_dialog = demo_window.show_leader_help()
    save_screenshot(help_dialog, screenshots, "leader-help.png")
    help_dialog.close()
