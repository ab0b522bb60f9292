"""Offscreen screenshots of the planning tools on the sample month (screenshots/, git-ignored):
the agenda, the backlog dock beside the month, the filter bar at work, the day dialog and the
plan settings tabs. The assertions only check a picture was made; the point is looking at them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, close_message_boxes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from lmplanner.ui.dialogs.settings_dialog import PlanSettingsDialog
from lmplanner.ui.window.main_window import AGENDA, MainWindow
from tests.screenshot_folder import SCREENSHOTS as SHOTS


@pytest.fixture
def demo(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(window)
    assert window.open_plan_at(plan_path, create=True)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    window.start_with_sample()
    yield window
    close_message_boxes()


def save(widget: QWidget, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    QApplication.processEvents()
    path = SHOTS / name
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 10_000
    return path


def test_agenda(demo: MainWindow) -> None:
    demo.set_view_mode(AGENDA)
    demo.agenda.table.selectRow(2)
    save(demo, "agenda.png")
    demo.agenda.search.setText("launch")
    demo.agenda.reload()
    save(demo, "agenda-search.png")


def test_backlog_beside_the_month(demo: MainWindow) -> None:
    demo.backlog_dock.show()
    demo.resizeDocks([demo.backlog_dock], [340], Qt.Orientation.Horizontal)
    save(demo, "month-backlog.png")
    demo.filter_bar.set_checked("channel", ["LinkedIn"])
    demo.filter_bar.set_checked("role", ["leader"])
    save(demo, "month-filtered.png")


def test_day_dialog(demo: MainWindow) -> None:
    view = demo.current_view()
    start, end = view.visible_range()
    busiest = max(
        (p.date for p in demo.service.posts(start=start, end=end) if p.date),
        key=lambda d: len(view.posts_on(d)),
    )
    dialog = demo.show_day_list(busiest)
    dialog.select_all()
    save(dialog, "day-dialog.png")
    dialog.close()


def test_plan_settings(qtbot: QtBot, demo: MainWindow) -> None:
    dialog = demo.show_plan_settings()
    assert isinstance(dialog, PlanSettingsDialog)
    qtbot.waitExposed(dialog)
    for index, name in enumerate(["general", "balance", "channels", "people", "campaigns"]):
        dialog.tabs.setCurrentIndex(index)
        save(dialog, f"settings-{name}.png")
    dialog.reject()
