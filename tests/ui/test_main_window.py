"""The main window driven like a person would: keys, the editor, undo/redo, and the meter."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
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
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from lmplanner.core.balance import BalanceReport, Verdict
from lmplanner.core.domain import Role
from lmplanner.ui.editor.editor import PostEditor
from lmplanner.ui.meter.meter import verdict_line
from lmplanner.ui.window.main_window import MONTH, WEEK, MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def prompter() -> ScriptedPrompter:
    return ScriptedPrompter()


@pytest.fixture
def window(qtbot: QtBot, plan_path: Path, prompter: ScriptedPrompter) -> Iterator[MainWindow]:
    win = MainWindow(prompter=prompter, today=TODAY)
    qtbot.addWidget(win)
    assert win.open_plan_at(plan_path, create=True)
    win.show()
    qtbot.waitExposed(win)
    activate(qtbot, win)
    yield win
    close_message_boxes()
    if win.editor() is not None:
        win.editor().reject()  # type: ignore[union-attr]


def activate(qtbot: QtBot, win: MainWindow) -> None:
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.current_view().setFocus()


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


def test_create_edit_delete_with_undo_and_redo(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    start_empty(qtbot, win)
    assert report(win).total == 0
    assert report(win).verdict is Verdict.EMPTY

    # Create three posts through the editor: one leader, two manager → 33 %, balanced.
    create_post_via_editor(qtbot, win, "Why we plan in public", Role.LEADER, "A point of view.")
    assert report(win).leader == 1 and report(win).leader_share == 1.0
    assert not report(win).enough_data
    create_post_via_editor(qtbot, win, "Five planning shortcuts", Role.MANAGER)
    create_post_via_editor(qtbot, win, "Webinar on Thursday", Role.MANAGER)
    r = report(win)
    assert (r.leader, r.manager) == (1, 2)
    assert r.leader_share == pytest.approx(1 / 3)
    assert r.verdict is Verdict.BALANCED
    # 20 days after the 11th; enough posts and no pillars named yet.
    assert {f.code for f in r.flags} == {"LEADER_DROUGHT", "NO_PILLARS"}
    leader_id = only_post(win, "Why we plan in public")
    post = win.service.post(leader_id)
    assert (post.date, post.role, post.channel, post.body) == (
        TODAY,
        Role.LEADER,
        "LinkedIn",
        "A point of view.",
    )

    # Undo the last creation, redo it.
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert report(win).total == 2 and report(win).leader_share == 0.5
    assert [p.title for p in win.service.posts() if p.title == "Webinar on Thursday"] == []
    assert win.statusBar().currentMessage() == "Undone: Add “Webinar on Thursday”"
    assert win.undo_group.redoText() == "Add “Webinar on Thursday”"
    key(qtbot, win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert report(win).total == 3 and report(win).verdict is Verdict.BALANCED
    assert only_post(win, "Webinar on Thursday")

    # Edit: select the leader post, Ctrl+E, switch it to manager → all activity, no vision.
    win.current_view().select_posts([leader_id])
    key(qtbot, win, Qt.Key.Key_E, CTRL)
    editor = open_editor(qtbot, win)
    assert editor.post_id == leader_id
    qtbot.keyClick(editor, Qt.Key.Key_M, ALT)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: win.editor() is None)
    r = report(win)
    assert r.leader == 0 and r.verdict is Verdict.ALL_ACTIVITY
    assert r.flags[0].code == "ALL_ACTIVITY_NO_VISION"
    assert win.meter.flags()[0].code == "ALL_ACTIVITY_NO_VISION"
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert report(win).verdict is Verdict.BALANCED
    assert win.service.post(leader_id).role is Role.LEADER
    key(qtbot, win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert report(win).verdict is Verdict.ALL_ACTIVITY
    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # leave it a leader post again

    # Delete the leader post with Del; undo brings it back; redo deletes it again.
    win.current_view().select_posts([leader_id])
    key(qtbot, win, Qt.Key.Key_Delete)
    assert win.statusBar().currentMessage().startswith("Moved 1 post to the trash — ")
    r = report(win)
    assert r.total == 2 and r.leader == 0 and not r.enough_data
    assert verdict_line(r) == "Too early to tell"  # two posts are too few to judge
    assert "A verdict needs at least 3 posts." in win.meter.meter.accessibleDescription()
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert report(win).total == 3 and report(win).verdict is Verdict.BALANCED
    assert win.current_view().selected_post_ids() == [leader_id]
    key(qtbot, win, Qt.Key.Key_Z, CTRL | SHIFT)
    assert report(win).total == 2
    assert win.service.posts(trash=True)[0].id == leader_id
    assert not message_boxes()


def test_keyboard_navigation_moves_periods_and_the_meter(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    start_empty(qtbot, win)
    view = win.current_view()
    assert win.view_mode() == MONTH and report(win).period.start == dt.date(2026, 3, 1)
    key(qtbot, win, Qt.Key.Key_PageDown)
    assert report(win).period.start == dt.date(2026, 4, 1)
    assert win.period_label.text() == "April 2026"
    assert view.selected_date() == dt.date(2026, 4, 11)
    key(qtbot, win, Qt.Key.Key_PageUp)
    key(qtbot, win, Qt.Key.Key_PageUp)
    assert report(win).period.start == dt.date(2026, 2, 1)
    key(qtbot, win, Qt.Key.Key_T)
    assert view.selected_date() == TODAY and report(win).period.start == dt.date(2026, 3, 1)

    # Arrows move the selected day; leaving the month moves the period with it.
    key(qtbot, win, Qt.Key.Key_Right)
    assert view.selected_date() == TODAY + dt.timedelta(days=1)
    for _ in range(4):
        key(qtbot, win, Qt.Key.Key_Down)
    assert view.selected_date() == dt.date(2026, 4, 9)
    assert report(win).period.start == dt.date(2026, 4, 1)

    # Ctrl+2: the week of the selected day; the meter follows the week.
    key(qtbot, win, Qt.Key.Key_2, CTRL)
    assert win.view_mode() == WEEK
    assert report(win).period.start == dt.date(2026, 4, 6)
    assert report(win).period.end == dt.date(2026, 4, 12)
    assert not win.meter.meter.shows_weeks()
    key(qtbot, win, Qt.Key.Key_PageDown)
    assert report(win).period.start == dt.date(2026, 4, 13)
    key(qtbot, win, Qt.Key.Key_Left)
    assert win.current_view().selected_date() == dt.date(2026, 4, 15)
    key(qtbot, win, Qt.Key.Key_1, CTRL)
    assert win.view_mode() == MONTH and report(win).period.start == dt.date(2026, 4, 1)


def test_enter_creates_on_an_empty_day_and_opens_a_post(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    start_empty(qtbot, win)
    key(qtbot, win, Qt.Key.Key_Right)
    key(qtbot, win, Qt.Key.Key_Return)
    editor = win.editor()
    assert editor is not None and editor.post_id is None
    assert editor.values()["date"] == TODAY + dt.timedelta(days=1)
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc cancels: nothing is written
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.service.count_posts() == 0
    create_post_via_editor(qtbot, win, "A story from the road", Role.LEADER)
    post_id = only_post(win, "A story from the road")
    assert win.current_view().selected_post_ids() == [post_id]  # a new post is selected
    key(qtbot, win, Qt.Key.Key_Return)
    editor = win.editor()
    assert editor is not None and editor.post_id == post_id
    assert editor.title_edit.text() == "A story from the road"


def test_editor_shows_validation_inline_and_stays_open(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    start_empty(qtbot, win)
    key(qtbot, win, Qt.Key.Key_N, CTRL)
    editor = open_editor(qtbot, win)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return, CTRL)
    assert editor.isVisible() and editor.error_text() == "A post needs a title."
    qtbot.keyClicks(editor.title_edit, "Untitled no more")
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return, CTRL)
    assert editor.error_text() == "A post needs a role: leader or manager."
    qtbot.keyClick(editor, Qt.Key.Key_L, ALT)
    assert editor.error_text() == ""  # the message follows the fix
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.service.count_posts() == 1
    assert not message_boxes()


def test_an_edit_that_conflicts_asks_keep_mine_take_theirs_or_cancel(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    win = window
    start_empty(qtbot, win)
    create_post_via_editor(qtbot, win, "Original title", Role.LEADER)
    post_id = only_post(win, "Original title")

    def save_over_a_colleague(title: str, theirs: str) -> PostEditor:
        win.edit_post(post_id)
        editor = open_editor(qtbot, win)
        win.service.update_post(post_id, {"title": theirs, "body": "Their body."})  # elsewhere
        editor.title_edit.setText(title)
        qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return, CTRL)
        return editor

    # Cancel: back in the editor with the text kept, nothing written.
    editor = save_over_a_colleague("My version", "Changed by a colleague")
    assert prompter.conflicts[-1][0] == {"title": "My version"}
    assert prompter.conflicts[-1][1].title == "Changed by a colleague"
    assert editor.isVisible() and editor.title_edit.text() == "My version"
    assert win.service.post(post_id).title == "Changed by a colleague"
    editor.reject()
    qtbot.waitUntil(lambda: win.editor() is None)

    # Keep mine: my title on top of their version (their body stays), one undoable edit.
    prompter.conflict_choices.append("mine")
    save_over_a_colleague("My version", "Second colleague title")
    qtbot.waitUntil(lambda: win.editor() is None)
    post = win.service.post(post_id)
    assert (post.title, post.body) == ("My version", "Their body.")
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert win.service.post(post_id).title == "Second colleague title"

    # Take theirs: the editor closes and nothing of mine is written.
    prompter.conflict_choices.append("theirs")
    save_over_a_colleague("Dropped", "Third colleague title")
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.service.post(post_id).title == "Third colleague title"
    assert not prompter.errors and not message_boxes()


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


def test_sample_month_is_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    assert win.welcome_visible()
    qtbot.mouseClick(win.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert not win.welcome_visible()
    r = report(win)
    assert r.total > 20 and r.backlog > 0 and r.period.start == dt.date(2026, 3, 1)
    assert win.meter.flags()  # the sample has an activity-only week to point at
    assert win.undo_group.undoText() == "Add the sample month"
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert win.service.count_posts() == 0 and report(win).total == 0
    assert not win.undo_group.canUndo()


def test_clicking_a_flag_selects_its_days_and_posts(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    qtbot.mouseClick(win.welcome.sample_button, Qt.MouseButton.LeftButton)
    flags = win.meter.flags()
    drought = next(f for f in flags if f.code == "LEADER_DROUGHT")
    row = flags.index(drought)
    view = win.meter.flag_view
    rect = view.visualRect(win.meter.flag_model.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert win.current_view().highlighted_dates() == sorted(drought.dates)
    assert sorted(win.current_view().selected_post_ids()) == sorted(drought.post_ids)
    assert win.commands.delete.isEnabled()  # the selection is a real one
    assert view.selectionModel().isRowSelected(row)  # the flag shown stays marked…
    key(qtbot, win, Qt.Key.Key_Escape)  # …until the selection moves on
    assert not view.selectionModel().hasSelection()


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


def test_help_dialogs_open_and_close(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    shortcuts = win.show_shortcuts()
    texts = [
        shortcuts.tree.topLevelItem(i).child(j).text(0)
        for i in range(shortcuts.tree.topLevelItemCount())
        for j in range(shortcuts.tree.topLevelItem(i).childCount())
    ]
    assert "Undo" in " ".join(texts) and "Today" in texts and "Week" in texts
    shortcuts.close()
    help_dialog = win.show_leader_help()
    assert "earn" in help_dialog.browser.toPlainText()
    assert "aims for 30 %–60 % leader posts" in help_dialog.browser.toPlainText()
    help_dialog.close()
    win.commands.about.trigger()
    assert message_boxes()


def _run_app(plan: Path, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "LMPLANNER_EXIT_AFTER_PAINT": "1",
        "LMPLANNER_DATA_DIR": str(data_dir),
    }
    code = "import sys; from lmplanner.ui.app import run; sys.exit(run(sys.argv[1]))"
    return subprocess.run(
        [sys.executable, "-c", code, str(plan)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_app_starts_on_a_demo_plan_and_quits_after_painting(
    tmp_path: Path, data_dir: Path
) -> None:
    from lmplanner.core.demo import create_demo
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan
    from lmplanner.ui import state

    plan = tmp_path / "demo.lmplan"
    with open_plan(plan) as opened:
        today = dt.date.today()
        create_demo(PlanService(opened), today.year, today.month)
    result = _run_app(plan, data_dir)
    assert result.returncode == 0, result.stderr
    noise = [
        line
        for line in result.stderr.splitlines()
        if line.strip() and "does not support propagateSizeHints" not in line
    ]
    assert noise == []  # no Qt warnings, no tracebacks
    assert state.ui_settings().value(state.LAST_PLAN) == str(plan)
    # A foreign file given on the command line: exit code 1 and the file untouched.
    foreign = write_foreign_files(tmp_path / "foreign")["noise"]
    before = foreign.read_bytes()
    result = _run_app(foreign, data_dir)
    assert result.returncode == 1 and "could not open" in result.stderr
    assert foreign.read_bytes() == before


def test_nothing_slow_is_imported_before_the_window_shows() -> None:
    code = (
        "import sys, lmplanner.ui.app, lmplanner.ui.window.main_window; "
        "print(','.join(m for m in ('sqlmodel', 'sqlalchemy', 'alembic', 'lmplanner.core.store',"
        " 'reportlab', 'pypdfium2', 'PySide6.QtPrintSupport', 'lmplanner.core.services')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == ""


def test_void_calls_and_signals_do_not_wear_out_none_or_true(qtbot: QtBot) -> None:
    """Guards against a binding that loses references to None/True (PySide6 6.12.0 does, and on
    Python 3.11 that aborts the interpreter with "deallocating None"; see ui/compat.py)."""
    from lmplanner.ui.meter.meter import MeterPanel

    panel = MeterPanel()
    qtbot.addWidget(panel)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2_000):
        panel.update()
    for _ in range(200):
        panel.flagActivated.emit(None)
    assert sys.getrefcount(None) > none_before - 100
    assert sys.getrefcount(True) > true_before - 100


def test_an_undo_that_would_overwrite_an_outside_change_is_refused(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    win = window
    start_empty(qtbot, win)
    create_post_via_editor(qtbot, win, "Ours", Role.LEADER)
    post_id = only_post(win, "Ours")
    win.service.update_post(post_id, {"title": "Theirs"})  # another window or the CLI
    key(qtbot, win, Qt.Key.Key_Z, CTRL)  # undoing our "add" would delete their edit
    assert prompter.errors and "could not be undone" in prompter.errors[0][1]
    assert win.service.post(post_id).title == "Theirs"
    close_message_boxes()
    qtbot.waitUntil(lambda: not win.undo_group.canUndo() and not win.undo_group.canRedo())


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


def test_more_opens_the_day_list_and_a_drop_moves_posts(qtbot: QtBot, window: MainWindow) -> None:
    from lmplanner.core.services import KEEP

    win = window
    qtbot.mouseClick(win.welcome.sample_button, Qt.MouseButton.LeftButton)
    view = win.current_view()
    day = next(
        d
        for d in sorted({p.date for p in win.service.posts() if p.date})
        if len(view.posts_on(d)) >= 2
    )
    titles = [p.title for p in view.posts_on(day)]
    with qtbot.waitSignal(view.moreRequested):
        view.moreRequested.emit(day)
    dialogs = [
        w for w in QApplication.topLevelWidgets() if w.objectName() == "dayDialog" and w.isVisible()
    ]
    assert len(dialogs) == 1
    dialog = dialogs[0]
    assert [p.title for p in dialog.model.posts] == titles  # the calendar's chip order
    dialog.list.setCurrentIndex(dialog.model.index(0, 0))
    dialog.open_current()
    editor = open_editor(qtbot, win)
    assert editor.title_edit.text() == titles[0]
    editor.reject()
    qtbot.waitUntil(lambda: win.editor() is None)

    # The same actions as the calendar, on the dialog's selection: one undo step.
    dialog.select_all()
    ids = dialog.ids()
    dialog.move_by(7)
    assert {win.service.post(i).date for i in ids} == {day + dt.timedelta(days=7)}
    assert dialog.model.rowCount() == 0  # the dialog follows the plan
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert dialog.model.rowCount() == len(titles)
    dialog.close()

    # Dropping a chip on another day: one service call that keeps the time, one undo step.
    post = view.posts_on(day)[0]
    target = day + dt.timedelta(days=1)
    view.postsDropped.emit([post.id], target, KEEP)
    moved = win.service.post(post.id)
    assert (moved.date, moved.time) == (target, post.time)
    assert win.undo_group.undoText() == "Move post"
    key(qtbot, win, Qt.Key.Key_Z, CTRL)
    assert win.service.post(post.id).date == day


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
