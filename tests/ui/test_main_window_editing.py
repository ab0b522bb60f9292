"""The main window driven like a person would: posts created, edited and deleted through keys and
the editor, undo/redo, conflicts with outside changes, the day list and drops."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, close_message_boxes, message_boxes
from main_window_support import (
    ALT,
    CTRL,
    SHIFT,
    create_post_via_editor,
    key,
    only_post,
    open_editor,
    report,
    start_empty,
)
from planning_support import close_window, open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmplanner.core.balance import Verdict
from lmplanner.core.domain import Role
from lmplanner.ui.editor.editor import PostEditor
from lmplanner.ui.meter.meter import verdict_line
from lmplanner.ui.window.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, plan_path: Path, prompter: ScriptedPrompter) -> Iterator[MainWindow]:
    win = open_window(qtbot, plan_path, prompter, welcome=True)
    yield win
    close_window(win)


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
