"""Plan settings > Strategy: the vision, pillars added, renamed, recoloured, retargeted, reordered
(buttons and drag) and removed with the count they clear, the strategy thresholds; OK is one undo
step that Undo takes back whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import ScriptedPrompter
from planning_support import add_posts, close_window, draft, open_window, undo_count
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from lmplanner.ui.dialogs.settings_dialog import PlanSettingsDialog
from lmplanner.ui.dialogs.settings_strategy import DESCRIPTION, NAME, TARGET
from lmplanner.ui.window.main_window import MainWindow


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


def open_strategy(qtbot: QtBot, win: MainWindow) -> PlanSettingsDialog:
    win.commands.plan_settings.trigger()
    [dialog] = [d for d in win.findChildren(PlanSettingsDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentWidget() is dialog.strategy
    return dialog


def ok(dialog: PlanSettingsDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def type_cell(qtbot: QtBot, dialog: PlanSettingsDialog, row: int, column: int, text: str) -> None:
    """Double-click the cell, type over its text, press Enter."""
    table = dialog.strategy.table
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    rect = table.visualItemRect(table.item(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    index = table.model().index(row, column)
    qtbot.waitUntil(lambda: isinstance(table.indexWidget(index), QLineEdit))
    editor = table.indexWidget(index)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, column).text() == text)


def pillars(win: MainWindow) -> list[tuple[str, str, float | None, str]]:
    return [(p.name, p.color, p.target, p.description) for p in win.service.pillars()]


def test_vision_pillars_and_thresholds_in_one_undo_step(qtbot: QtBot, win: MainWindow) -> None:
    dialog = open_strategy(qtbot, win)
    strategy = dialog.strategy
    qtbot.keyClicks(strategy.vision_edit, "Fewer, better posts.")
    assert strategy.vision_count.text() == "20 / 500"
    for name in ("Craft", "Community"):
        qtbot.mouseClick(strategy.add_button, Qt.MouseButton.LeftButton)
        index = strategy.table.model().index(strategy.table.currentRow(), 0)
        editor = strategy.table.indexWidget(index)
        assert isinstance(editor, QLineEdit)
        qtbot.keyClicks(editor, name)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        # The closed editor is gone (deleteLater ran) before the next one opens.
        qtbot.waitUntil(lambda: strategy.table.viewport().findChild(QLineEdit) is None)
    strategy.table.item(0, TARGET).setData(Qt.ItemDataRole.EditRole, 40)
    type_cell(qtbot, dialog, 1, DESCRIPTION, "Our people and theirs")
    strategy.tolerance.setValue(15)
    before = undo_count(win)
    ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert win.service.settings().vision == "Fewer, better posts."
    assert [(n, t, d) for n, _c, t, d in pillars(win)] == [
        ("Craft", 0.4, ""),
        ("Community", None, "Our people and theirs"),
    ]
    assert win.service.settings().balance.pillar_tolerance == pytest.approx(0.15)
    assert undo_count(win) == before + 1
    win.commands.undo.trigger()
    assert pillars(win) == [] and win.service.settings().vision == ""
    win.commands.redo.trigger()
    assert [p.name for p in win.service.pillars()] == ["Craft", "Community"]


def seed(win: MainWindow) -> list[int]:
    service = win.service
    assert win.document is not None
    for name in ("Craft", "Community", "Product"):
        win.document.perform("Pillar", lambda name=name: service.add_pillar(name, target=20))
    return add_posts(
        win,
        draft("One", pillar="Craft"),
        draft("Two", pillar="Craft", date=dt.date(2026, 3, 12)),
        draft("Three", pillar="Product"),
    )


def test_rename_reorder_by_buttons_and_drag_recolour_and_undo(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = seed(win)
    dialog = open_strategy(qtbot, win)
    strategy = dialog.strategy
    type_cell(qtbot, dialog, 0, NAME, "Craftsmanship")
    strategy.table.setCurrentCell(2, NAME)
    qtbot.mouseClick(strategy.up_button, Qt.MouseButton.LeftButton)  # Product above Community
    assert strategy.names_in_order() == ["Craftsmanship", "Product", "Community"]
    # A drag by the row grip is a move of the vertical header's section.
    strategy.table.verticalHeader().moveSection(0, 2)
    assert strategy.names_in_order() == ["Product", "Community", "Craftsmanship"]
    dialog.strategy.choose_color = lambda _parent, _current: "#123456"
    strategy.table.cellWidget(1, 1).click()  # Community's colour (row 1 is Community)
    ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [(n, c) for n, c, _t, _d in pillars(win)] == [
        ("Product", "#cc79a7"),
        ("Community", "#123456"),
        ("Craftsmanship", "#0072b2"),
    ]
    assert win.service.post(ids[0]).pillar == "Craftsmanship"
    win.commands.undo.trigger()
    assert [p.name for p in win.service.pillars()] == ["Craft", "Community", "Product"]
    assert win.service.post(ids[0]).pillar == "Craft"


def test_remove_says_how_many_posts_it_clears_and_undo_restores(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = seed(win)
    dialog = open_strategy(qtbot, win)
    strategy = dialog.strategy
    assert [strategy.table.item(r, 4).text() for r in range(3)] == ["2", "", "1"]
    strategy.table.setCurrentCell(0, NAME)
    assert strategy.remove_button.toolTip() == "Removing it clears it from 2 posts"
    qtbot.keyClick(strategy.remove_button, Qt.Key.Key_Space)
    assert strategy.note.text() == "OK clears “Craft” from 2 posts (Undo brings it back)."
    ok(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [p.name for p in win.service.pillars()] == ["Community", "Product"]
    assert win.service.post(ids[0]).pillar is None
    win.commands.undo.trigger()
    assert [p.name for p in win.service.pillars()] == ["Craft", "Community", "Product"]
    assert [win.service.post(i).pillar for i in ids] == ["Craft", "Craft", "Product"]


def test_targets_over_100_and_duplicates_are_said_and_nothing_is_written(
    qtbot: QtBot, win: MainWindow
) -> None:
    seed(win)
    dialog = open_strategy(qtbot, win)
    strategy = dialog.strategy
    strategy.table.item(1, TARGET).setData(Qt.ItemDataRole.EditRole, 70)
    before = undo_count(win)
    ok(dialog)
    assert dialog.isVisible()
    assert dialog.error.text() == "The pillars' targets add up to 110 %; at most 100 %."
    strategy.table.item(1, TARGET).setData(Qt.ItemDataRole.EditRole, -1)  # "—": no target
    type_cell(qtbot, dialog, 2, NAME, "craft")
    ok(dialog)
    assert dialog.error.text() == "There are two pillars called “craft”."
    assert undo_count(win) == before
    dialog.reject()
