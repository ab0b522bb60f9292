"""The editor's strategy part: the pillar choice, the searchable "Follows up" picker (search, pick,
clear), a leader post's follow-ups with "Plan a follow-up", and the notice when a link stops
counting. Driven with keys and clicks on the real editor of a real window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import ScriptedPrompter
from planning_support import add_posts, close_window, draft, open_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Role
from lmplanner.ui.editor.editor import PostEditor
from lmplanner.ui.editor.follow_picker import FollowPicker
from lmplanner.ui.window.main_window import MainWindow


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    service = window.service
    assert window.document is not None
    window.document.perform("Pillars", lambda: service.add_pillar("Craft", color="#3949ab"))
    window.document.perform("Pillars", lambda: service.add_pillar("Community"))
    yield window
    close_window(window)


def leaders(win: MainWindow) -> dict[str, int]:
    ids = add_posts(
        win,
        draft("Why craft wins", "leader", pillar="Craft", date=dt.date(2026, 3, 2)),
        draft("Our community story", "leader", pillar="Community", date=dt.date(2026, 3, 9)),
        draft("A far-off craft essay", "leader", pillar="Craft", date=dt.date(2025, 1, 5)),
        draft("A manager note", "manager", date=dt.date(2026, 3, 3)),
    )
    return dict(zip(("craft", "community", "old", "manager"), ids, strict=True))


def press(qtbot: QtBot, editor: PostEditor, key: Qt.Key, mods: Qt.KeyboardModifier) -> None:
    """A shortcut typed in the editor: it is the active window, the key goes to its focus."""
    editor.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    target = QApplication.focusWidget()
    qtbot.keyClick(target if target is not None else editor, key, mods)


def title_of(line: str) -> str:
    """The title in a picker or follow-up line: "Mon 2 Mar 2026 — Title · Pillar"."""
    return line.split(" — ", 1)[1].split(" · ")[0]


def open_picker(qtbot: QtBot, editor: PostEditor) -> FollowPicker:
    qtbot.mouseClick(editor.strategy.choose_button, Qt.MouseButton.LeftButton)
    picker = editor.findChild(FollowPicker)
    assert picker is not None
    qtbot.waitExposed(picker)
    return picker


def test_pick_a_leader_post_by_search_save_and_clear_it(qtbot: QtBot, win: MainWindow) -> None:
    ids = leaders(win)
    editor = win.edit_post(ids["manager"])
    assert editor is not None
    assert editor.strategy.follows_row.isVisibleTo(editor)
    assert not editor.strategy.followups_box.isVisibleTo(editor)
    picker = open_picker(qtbot, editor)
    # Leader posts only, nearby dates first; the manager post itself is not offered.
    assert [title_of(t) for t in picker.titles()] == [
        "Why craft wins",
        "Our community story",
        "A far-off craft essay",
    ]
    qtbot.keyClicks(picker.search, "community")
    assert [title_of(t) for t in picker.titles()] == ["Our community story"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.findChild(FollowPicker) is None or not picker.isVisible())
    assert "Our community story" in editor.strategy.follows_label.text()
    # No pillar yet: the post takes its leader post's, as the services do.
    assert editor.strategy.pillar() == "Community"
    press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert editor.error_text() == ""
    qtbot.waitUntil(lambda: win.editor() is None)
    saved = win.service.post(ids["manager"])
    assert (saved.follows, saved.pillar) == (ids["community"], "Community")

    editor = win.edit_post(ids["manager"])
    assert editor is not None
    qtbot.mouseClick(editor.strategy.clear_button, Qt.MouseButton.LeftButton)
    assert editor.strategy.follows_label.text() == "Follows up no leader post"
    press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.service.post(ids["manager"]).follows is None
    win.commands.undo.trigger()
    assert win.service.post(ids["manager"]).follows == ids["community"]


def test_picker_keys_move_through_the_list_and_same_pillar_comes_first(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = leaders(win)
    editor = win.edit_post(ids["manager"])
    assert editor is not None
    editor.strategy.pillar_combo.setCurrentIndex(editor.strategy.pillar_combo.findData("Craft"))
    picker = open_picker(qtbot, editor)
    titles = [title_of(t) for t in picker.titles()]
    assert titles[:2] == ["Why craft wins", "A far-off craft essay"]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.chosen() == ids["old"]
    qtbot.keyClicks(picker.search, "nothing like this")
    assert picker.titles() == [] and not picker.empty.isHidden()
    picker.reject()
    assert editor.strategy.follows is None


def test_plan_a_follow_up_opens_a_linked_manager_post_in_the_pillar(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = leaders(win)
    editor = win.edit_post(ids["craft"])
    assert editor is not None
    box = editor.strategy
    assert box.followups_box.isVisibleTo(editor) and not box.follows_row.isVisibleTo(editor)
    assert box.followups.item(0).text() == "No follow-ups yet"
    press(qtbot, editor, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: win.editor() is not None and win.editor() is not editor)
    follow_up = win.editor()
    assert follow_up is not None and follow_up.post is None
    assert follow_up.role() is Role.MANAGER
    assert follow_up.strategy.pillar() == "Craft"
    assert follow_up.strategy.follows == ids["craft"]
    assert follow_up.date() == dt.date(2026, 3, 4)
    qtbot.keyClicks(follow_up.title_edit, "How to write like a craftsperson")
    press(qtbot, follow_up, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.editor() is None)
    [new] = win.service.follow_ups(ids["craft"])
    assert (new.title, new.pillar, new.role) == (
        "How to write like a craftsperson",
        "Craft",
        "manager",
    )

    editor = win.edit_post(ids["craft"])
    assert editor is not None
    assert title_of(editor.strategy.followups.item(0).text()) == "How to write like a craftsperson"
    assert editor.strategy.followups_label.text() == "Follow-ups (1):"
    # Opening a follow-up from the list puts its editor in place of this one.
    editor.strategy.followups.setCurrentRow(0)
    editor.strategy.followups.itemActivated.emit(editor.strategy.followups.item(0))
    qtbot.waitUntil(lambda: win.editor() is not None and win.editor() is not editor)
    opened = win.editor()
    assert opened is not None and opened.post is not None and opened.post.id == new.id
    # ...and "Open" goes back to the leader post.
    press(qtbot, opened, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: win.editor() is not None and win.editor() is not opened)
    back = win.editor()
    assert back is not None and back.post is not None and back.post.id == ids["craft"]


def test_the_editor_says_when_a_link_stops_counting(qtbot: QtBot, win: MainWindow) -> None:
    ids = leaders(win)
    service = win.service
    assert win.document is not None
    win.document.perform(
        "Link", lambda: service.update_post(ids["manager"], {"follows": ids["craft"]})
    )
    editor = win.edit_post(ids["manager"])
    assert editor is not None and editor.strategy.notice_text() == ""
    editor.reject()
    qtbot.waitUntil(lambda: win.editor() is None)

    win.document.perform("Role", lambda: service.update_post(ids["craft"], {"role": "manager"}))
    editor = win.edit_post(ids["manager"])
    assert editor is not None
    assert "is now a manager post" in editor.strategy.notice_text()
    editor.reject()
    qtbot.waitUntil(lambda: win.editor() is None)

    win.commands.undo.trigger()  # a leader post again: the link counts
    win.document.perform("Trash", lambda: service.delete_posts([ids["craft"]]))
    editor = win.edit_post(ids["manager"])
    assert editor is not None
    assert "is in the trash" in editor.strategy.notice_text()
    # A manager post that becomes a leader post keeps its link, which then does not count.
    editor.reject()
    qtbot.waitUntil(lambda: win.editor() is None)
    win.commands.undo.trigger()
    editor = win.edit_post(ids["manager"])
    assert editor is not None and editor.strategy.notice_text() == ""
    press(qtbot, editor, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert "does not count while this is a leader post" in editor.strategy.notice_text()
    changed = editor.changed_fields()
    assert changed["role"] == "leader" and "follows" not in changed
    editor.reject()
    QApplication.processEvents()


def test_pillar_choice_lists_the_plan_pillars_and_saves(qtbot: QtBot, win: MainWindow) -> None:
    editor = win.new_post(dt.date(2026, 3, 12))
    assert editor is not None
    combo = editor.strategy.pillar_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["No pillar", "Craft", "Community"]
    assert combo.accessibleName() == "Pillar"
    qtbot.keyClicks(editor.title_edit, "Notes from the workshop")
    press(qtbot, editor, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    press(qtbot, editor, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert combo.hasFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert editor.strategy.pillar() == "Craft"
    press(qtbot, editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.editor() is None)
    [post] = win.service.posts(start=dt.date(2026, 3, 12), end=dt.date(2026, 3, 12))
    assert post.pillar == "Craft"
