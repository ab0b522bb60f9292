"""The role suggestion in the post editor: it appears as the person types, one click or Alt+S
takes it, and it never overrides a role the person chose."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Kind, PostRecord, Role, Status
from lmplanner.core.suggest import RoleSuggestion
from lmplanner.ui.editor.editor import PostEditor
from lmplanner.ui.editor.role_choice import ACCEPT, CONFIRM, confidence_words, describe

ALT = Qt.KeyboardModifier.AltModifier
DAY = dt.date(2026, 3, 12)
VISION = "The future of content planning is calm, not busy"
HOW_TO = "How to plan a month of posts in 30 minutes"


@pytest.fixture
def editor(qtbot: QtBot) -> PostEditor:
    return show(qtbot, PostEditor(date=DAY, channels=["LinkedIn", "Blog"]))


def show(qtbot: QtBot, dialog: PostEditor) -> PostEditor:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def line_text(editor: PostEditor) -> str:
    return editor.suggestion_button.text()


def wait_for_line(qtbot: QtBot, editor: PostEditor, start: str) -> None:
    qtbot.waitUntil(lambda: line_text(editor).startswith(start), timeout=2000)


def test_typing_a_title_shows_a_suggestion_that_a_key_accepts(
    qtbot: QtBot, editor: PostEditor
) -> None:
    assert line_text(editor) == ""  # nothing typed, nothing suggested
    qtbot.keyClicks(editor.title_edit, VISION)
    # Debounced: the text is read once typing pauses, not on every key.
    assert line_text(editor) == "" and editor.suggestion() is None
    wait_for_line(qtbot, editor, "Suggested: Leader")
    assert line_text(editor) == "Suggested: Leader · Vision — states a belief about the future"
    assert editor.suggestion_button.detail() == "fairly sure · Alt+S or a click accepts"
    assert "• states a belief about the future" in editor.suggestion_button.toolTip()
    assert editor.role() is None  # shown, not applied
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, ALT)
    assert editor.role() is Role.LEADER and editor.leader_button.isChecked()
    assert editor.kind() is Kind.VISION  # the suggested kind, as none was chosen
    assert editor.suggestion_button.detail() == "fairly sure · agrees with your choice"
    assert editor.suggestion_button.line().action is None
    assert editor.values()["role_suggested"] is False  # accepted: the person's choice
    assert QApplication.focusWidget() is editor.title_edit  # typing carries on


def test_a_click_accepts_and_the_body_counts_too(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClicks(editor.title_edit, "Spring webinar")
    qtbot.keyClicks(editor.body_edit, "Join our live session on Thursday at 14:00. Register now!")
    wait_for_line(qtbot, editor, "Suggested: Manager")
    assert editor.suggestion() is not None and editor.suggestion().kind is Kind.EVENT
    qtbot.mouseClick(editor.suggestion_button, Qt.MouseButton.LeftButton)
    assert editor.role() is Role.MANAGER and editor.kind() is Kind.EVENT


def test_a_chosen_role_is_never_overwritten(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_M, ALT)  # the person decides first
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(Kind.HOW_TO.value))
    qtbot.keyClicks(editor.title_edit, VISION)
    wait_for_line(qtbot, editor, "Suggested: Leader")
    assert editor.role() is Role.MANAGER and editor.kind() is Kind.HOW_TO
    assert "differs from your choice" in editor.suggestion_button.detail()
    # More typing, more suggestions: the role stays what the person chose.
    qtbot.keyClicks(editor.body_edit, " We believe the next decade belongs to small teams.")
    editor.update_suggestion()  # what the pause in typing does, without waiting for it
    assert editor.role() is Role.MANAGER and editor.kind() is Kind.HOW_TO
    # Only the person's own click on the hint switches it.
    qtbot.mouseClick(editor.suggestion_button, Qt.MouseButton.LeftButton)
    assert editor.role() is Role.LEADER


def test_an_agreeing_suggestion_can_still_fill_in_the_kind(
    qtbot: QtBot, editor: PostEditor
) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_M, ALT)
    qtbot.keyClicks(editor.title_edit, HOW_TO)
    wait_for_line(qtbot, editor, "Suggested: Manager")
    assert editor.suggestion_button.detail().endswith("Alt+S also sets the kind")
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, ALT)
    assert editor.role() is Role.MANAGER and editor.kind() is Kind.HOW_TO


def test_weak_or_foreign_text_gets_no_clear_suggestion(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClicks(editor.title_edit, "Wir planen den Sommer gemeinsam mit unseren Kunden")
    wait_for_line(qtbot, editor, "No clear suggestion")
    assert "not enough English text to judge" in editor.suggestion_button.toolTip()
    assert not editor.accept_suggestion()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, ALT)
    assert editor.role() is None
    editor.title_edit.clear()
    qtbot.waitUntil(lambda: line_text(editor) == "")


def test_alt_s_right_after_typing_reads_the_latest_text(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClicks(editor.title_edit, HOW_TO)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, ALT)  # no pause for the debounce
    assert editor.role() is Role.MANAGER


def test_a_role_suggested_on_import_asks_for_confirmation(qtbot: QtBot) -> None:
    post = PostRecord(
        id=3,
        title=HOW_TO,
        role=Role.MANAGER,
        channel="Blog",
        date=DAY,
        status=Status.DRAFT,
        version=2,
        role_suggested=True,
    )
    editor = show(qtbot, PostEditor(post=post, channels=["Blog"]))
    assert line_text(editor) == "Role suggested on import — confirm?"
    assert editor.suggestion_button.detail() == "Alt+S or a click confirms Manager"
    assert editor.changed_fields() == {}  # looking is not confirming
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, ALT)
    assert editor.role() is Role.MANAGER
    assert editor.changed_fields() == {"role_suggested": False}
    assert line_text(editor).startswith("Suggested: Manager")  # now just the live suggestion


def test_choosing_the_other_role_also_clears_the_import_mark(qtbot: QtBot) -> None:
    post = PostRecord(
        id=4, title=VISION, role=Role.MANAGER, channel="Blog", date=DAY, role_suggested=True
    )
    editor = show(qtbot, PostEditor(post=post, channels=["Blog"]))
    qtbot.keyClick(editor, Qt.Key.Key_L, ALT)
    assert editor.changed_fields() == {"role": Role.LEADER, "role_suggested": False}
    assert line_text(editor).startswith("Suggested: Leader")


def test_an_opened_post_keeps_its_role_whatever_the_text_says(qtbot: QtBot) -> None:
    post = PostRecord(id=5, title=VISION, role=Role.MANAGER, channel="Blog", date=DAY)
    editor = show(qtbot, PostEditor(post=post, channels=["Blog"]))
    # Shown at once for an opened post: the hint disagrees, the role stays.
    assert line_text(editor).startswith("Suggested: Leader")
    assert "differs from your choice" in editor.suggestion_button.detail()
    qtbot.keyClicks(editor.title_edit, " - and why")
    editor.update_suggestion()  # what the pause in typing does, without waiting for it
    assert editor.role() is Role.MANAGER and editor.changed_fields().keys() == {"title"}


def test_the_line_in_words() -> None:
    sure = RoleSuggestion(Role.LEADER, 0.95, ("states a vision",), Kind.VISION)
    line = describe(sure, None, None, imported=False)
    assert (line.text, line.role, line.action) == (
        "Suggested: Leader · Vision — states a vision",
        Role.LEADER,
        ACCEPT,
    )
    assert describe(sure, Role.LEADER, Kind.VISION, imported=False).action is None
    assert describe(sure, Role.MANAGER, None, imported=True).action == CONFIRM
    weak = RoleSuggestion(Role.MANAGER, 0.59, ("no clear cue",))
    assert describe(weak, None, None, imported=False).text == "No clear suggestion"
    assert describe(None, None, None, imported=False).text == ""
    assert [confidence_words(c) for c in (0.99, 0.8, 0.6)] == [
        "fairly sure",
        "likely",
        "possibly",
    ]
