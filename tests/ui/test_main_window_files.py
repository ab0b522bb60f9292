"""The main window's plan files: opening foreign or newer files, new plans and their names, a
copy, a read-only plan, and the window state and last plan restored."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import (
    TODAY,
    ScriptedPrompter,
    close_message_boxes,
    message_boxes,
    write_foreign_files,
)
from main_window_support import CTRL, SHIFT, key, report, start_empty
from planning_support import close_window, open_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Role
from lmplanner.ui import theme
from lmplanner.ui.window.main_window import WEEK, MainWindow


@pytest.fixture
def window(qtbot: QtBot, plan_path: Path, prompter: ScriptedPrompter) -> Iterator[MainWindow]:
    win = open_window(qtbot, plan_path, prompter, welcome=True)
    yield win
    close_window(win)


def test_opening_foreign_or_newer_files_shows_a_dialog_and_leaves_them_untouched(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    win = window
    files = write_foreign_files(tmp_path / "elsewhere")
    newer = tmp_path / "elsewhere" / "newer.lmplan"
    from lmplanner.core.store import open_plan

    open_plan(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    files["newer"] = newer
    before = {name: path.read_bytes() for name, path in files.items()}
    plan = win.document.plan  # type: ignore[union-attr]
    expected = {
        "noise": "not an LM Planner plan",
        "empty": "empty file",
        "other": "another program",
        "newer": "newer version of LM Planner",
    }
    for name, path in files.items():
        prompter.open_paths.append(str(path))
        win.commands.open_plan.trigger()
        boxes = message_boxes()
        assert len(boxes) == 1, name
        assert boxes[0].windowTitle() == "Cannot open this plan"
        assert expected[name] in boxes[0].text(), boxes[0].text()
        close_message_boxes()
        assert win.document is not None and win.document.plan is plan  # still on our plan
    after = {name: path.read_bytes() for name, path in files.items()}
    assert after == before
    leftovers = sorted(p.name for p in (tmp_path / "elsewhere").iterdir())
    assert leftovers == sorted(p.name for p in files.values())  # no -wal/-shm/journal


def test_window_state_and_last_plan_are_restored(
    qtbot: QtBot, window: MainWindow, plan_path: Path, prompter: ScriptedPrompter
) -> None:
    from lmplanner.ui import state

    win = window
    start_empty(qtbot, win)
    key(qtbot, win, Qt.Key.Key_2, CTRL)
    win.meter_dock.hide()
    win.resize(790, 560)  # the offscreen screen is 800×600: restoring clamps to it
    saved = win.size()
    win.close()
    assert state.ui_settings().value(state.LAST_PLAN) == str(plan_path)
    again = MainWindow(prompter=prompter, today=TODAY)
    qtbot.addWidget(again)
    again.show()
    assert again.view_mode() == WEEK
    assert again.size() == saved
    assert not again.meter_dock.isVisible()
    assert again.commands.week_view.isChecked()


def test_new_plan_and_save_a_copy(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path, plan_path: Path
) -> None:
    win = window
    qtbot.mouseClick(win.welcome.sample_button, Qt.MouseButton.LeftButton)
    count = win.service.count_posts()
    copy = tmp_path / "copies" / "march"
    copy.parent.mkdir()
    prompter.save_paths.append(str(copy))
    win.commands.save_copy.trigger()
    copied = copy.with_suffix(".lmplan")
    assert copied.is_file() and not message_boxes()
    assert win.document.plan.path == plan_path  # type: ignore[union-attr]

    fresh = tmp_path / "Autumn campaign.lmplan"
    prompter.save_paths.append(str(fresh))
    key(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    assert win.document.plan.path == fresh  # type: ignore[union-attr]
    assert win.windowTitle() == "Autumn campaign — LM Planner"
    assert win.welcome_visible() and win.service.count_posts() == 0
    assert not win.undo_group.canUndo()  # a new plan starts a new history

    prompter.save_paths.append(str(fresh))  # never replaces an existing file
    win.commands.new_plan.trigger()
    assert "already a file" in prompter.errors[-1][1]
    close_message_boxes()

    prompter.open_paths.append(str(copied))
    win.commands.open_plan.trigger()
    assert win.service.count_posts() == count
    win.commands.recent_menu.aboutToShow.emit()
    recent = [a.toolTip() for a in win.commands.recent_menu.actions() if a.toolTip()]
    assert recent[:3] == [str(copied), str(fresh), str(plan_path)]


def test_a_read_only_plan_can_be_looked_at_but_not_changed(
    qtbot: QtBot, window: MainWindow, plan_path: Path
) -> None:
    from lmplanner.core.store import open_plan
    from lmplanner.ui.document import PlanDocument

    win = window
    qtbot.mouseClick(win.welcome.sample_button, Qt.MouseButton.LeftButton)
    win.set_document(None)
    win.set_document(PlanDocument(open_plan(plan_path, readonly=True), win))
    assert win.windowTitle().endswith("(read-only) — LM Planner")
    assert report(win).total > 20 and not win.welcome_visible()
    assert not win.commands.new_post.isEnabled()
    post_id = win.service.posts()[0].id
    win.current_view().select_posts([post_id])
    assert win.commands.edit_post.isEnabled() and not win.commands.delete.isEnabled()
    editor = win.edit_post(post_id)
    assert editor is not None and not editor.save_button.isEnabled()
    editor.reject()


def test_a_new_plan_is_asked_its_name_and_the_title_uses_it(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, tmp_path: Path
) -> None:
    win = window
    fresh = tmp_path / "q1.lmplan"
    prompter.save_paths.append(str(fresh))
    prompter.plan_names.append("Spring campaign")
    key(qtbot, win, Qt.Key.Key_N, CTRL | SHIFT)
    assert prompter.names_suggested == ["q1"]  # prefilled from the file name
    assert win.document.plan.path == fresh  # type: ignore[union-attr]
    assert win.service.settings().name == "Spring campaign"
    assert win.windowTitle() == "Spring campaign — LM Planner"
    cancelled = tmp_path / "never.lmplan"
    prompter.save_paths.append(str(cancelled))
    prompter.plan_names.append(None)  # Cancel on the name: no plan is made
    win.commands.new_plan.trigger()
    assert not cancelled.exists() and win.document.plan.path == fresh  # type: ignore[union-attr]


def test_the_name_question_is_prefilled_and_takes_what_is_typed(qtbot: QtBot) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog

    from lmplanner.ui.dialogs.prompter import Prompter

    def answer() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog))
        assert dialog.textValue() == "q1"
        line = dialog.findChild(QLineEdit)
        qtbot.keyClick(line, Qt.Key.Key_A, CTRL)
        qtbot.keyClicks(line, "  Team   blog ")
        qtbot.keyClick(line, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)  # the question is modal: answer it from the event loop
    assert Prompter().plan_name(None, "q1") == "Team blog"


def test_the_welcome_explains_leader_and_manager_posts_when_shown(
    qtbot: QtBot, window: MainWindow
) -> None:
    # The explanation is laid out when the panel first shows (not while the window is built),
    # in the role colours of the palette in use, and again when the palette changes.
    assert window.welcome_visible() and window.welcome.isVisible()
    label = window.welcome.explanation
    assert label.isVisible() and "Leader" in label.text() and "manager" in label.text()
    leader = theme.role_color(Role.LEADER, window.welcome.palette()).name()
    assert leader in label.text()
    palette = QPalette(window.welcome.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    window.welcome.setPalette(palette)
    dark_leader = theme.role_color(Role.LEADER, window.welcome.palette()).name()
    assert dark_leader != leader and dark_leader in label.text()


def test_the_welcome_panel_names_a_new_plan(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    assert win.welcome_visible()
    field = win.welcome.name_edit
    assert field.text() == win.service.settings().name  # prefilled
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, "Bakery socials")
    qtbot.mouseClick(win.welcome.empty_button, Qt.MouseButton.LeftButton)
    assert win.service.settings().name == "Bakery socials"
    qtbot.waitUntil(lambda: win.windowTitle() == "Bakery socials — LM Planner")
