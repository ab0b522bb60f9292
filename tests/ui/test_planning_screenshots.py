"""Offscreen screenshots of the planning tools on the sample month ($LMPLANNER_SCREENSHOTS or a
temporary folder): the agenda, the backlog dock beside the month, the filter bar at work, the day
dialog and the plan settings tabs. Each is checked for its painted parts and what changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, close_message_boxes
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from screenshot_support import assert_painted, region, save_screenshot

from lmplanner.ui.dialogs.settings_dialog import PlanSettingsDialog
from lmplanner.ui.window.main_window import AGENDA, MainWindow


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


def test_agenda(demo: MainWindow, screenshots: Path) -> None:
    demo.set_view_mode(AGENDA)
    demo.agenda.table.selectRow(2)
    table = region(demo, demo.agenda.table)
    full = save_screenshot(demo, screenshots, "agenda.png")
    assert_painted(full, table)
    demo.agenda.search.setText("launch")
    demo.agenda.reload()
    searched = save_screenshot(demo, screenshots, "agenda-search.png")
    assert_painted(searched, region(demo, demo.agenda.search))
    assert searched.copy(table) != full.copy(table)  # fewer rows shown


def test_backlog_beside_the_month(demo: MainWindow, screenshots: Path) -> None:
    demo.backlog_dock.show()
    demo.resizeDocks([demo.backlog_dock], [340], Qt.Orientation.Horizontal)
    beside = save_screenshot(demo, screenshots, "month-backlog.png")
    assert_painted(beside, region(demo, demo.backlog_dock))
    month = region(demo, demo.current_view())
    assert_painted(beside, month)
    demo.filter_bar.set_checked("channel", ["LinkedIn"])
    demo.filter_bar.set_checked("role", ["leader"])
    filtered = save_screenshot(demo, screenshots, "month-filtered.png")
    assert filtered.copy(month) != beside.copy(month)  # posts filtered out of the month


def test_day_dialog(demo: MainWindow, screenshots: Path) -> None:
    view = demo.current_view()
    start, end = view.visible_range()
    busiest = max(
        (p.date for p in demo.service.posts(start=start, end=end) if p.date),
        key=lambda d: len(view.posts_on(d)),
    )
    dialog = demo.show_day_list(busiest)
    dialog.select_all()
    save_screenshot(dialog, screenshots, "day-dialog.png")
    dialog.close()


def test_plan_settings(qtbot: QtBot, demo: MainWindow, screenshots: Path) -> None:
    dialog = demo.show_plan_settings()
    assert isinstance(dialog, PlanSettingsDialog)
    qtbot.waitExposed(dialog)
    pages = []
    for index, name in enumerate(["general", "balance", "channels", "people", "campaigns"]):
        dialog.tabs.setCurrentIndex(index)
        image = save_screenshot(dialog, screenshots, f"settings-{name}.png")
        page = dialog.tabs.currentWidget()
        assert_painted(image, region(dialog, page))
        pages.append(image.copy(region(dialog, page)))
    assert len(set(map(bytes, (p.constBits() for p in pages)))) == len(pages)  # five pages
    dialog.reject()
