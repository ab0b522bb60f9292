"""Review in the app, driven like a person would: the comment panel beside the editor, the
Review menu's approve / request changes, the status bar, and Preferences' name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, close_message_boxes
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Status
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.ui.review import ChangesNoteDialog, CommentPanel, PreferencesDialog
from lmplanner.ui.review.identity import NAME_KEY
from lmplanner.ui.window.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
DAY = TODAY + dt.timedelta(days=2)
TYPED = "<b>not bold</b> &amp; 🎉"  # ends in a space and an emoji


@pytest.fixture
def window(
    qtbot: QtBot, plan_path: Path, prompter: ScriptedPrompter, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    monkeypatch.setenv("LMPLANNER_USER", "Ana")
    win = MainWindow(prompter=prompter, today=TODAY)
    qtbot.addWidget(win)
    assert win.open_plan_at(plan_path, create=True)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    yield win
    close_message_boxes()
    if win.editor() is not None:
        win.editor().reject()  # type: ignore[union-attr]


def service(win: MainWindow) -> PlanService:
    assert win.document is not None
    return win.document.service


def add_post(win: MainWindow, title: str = "Launch", status: Status = Status.DRAFT) -> int:
    draft = PostDraft(title=title, role="leader", channel="X", date=DAY, status=status)
    assert win.document is not None
    applied = win.document.perform("Add", lambda: service(win).add_post(draft))
    assert applied is not None
    return applied.focus[0]


def open_panel(qtbot: QtBot, win: MainWindow, pid: int) -> CommentPanel:
    editor = win.edit_post(pid)
    assert editor is not None
    qtbot.waitExposed(editor)
    panel = editor.findChild(CommentPanel)
    assert panel is not None and panel.isVisible()
    return panel


def test_the_comment_panel_adds_and_shows_text_exactly(qtbot: QtBot, window: MainWindow) -> None:
    pid = add_post(window)
    panel = open_panel(qtbot, window, pid)
    assert not panel.add_button.isEnabled()  # nothing typed yet
    panel.new_edit.setFocus()
    # QTest types one UTF-16 unit per key, so the emoji comes in as a paste or an IME would.
    qtbot.keyClicks(panel.new_edit, TYPED[:-2])
    panel.new_edit.insertPlainText(TYPED[-2:])
    assert panel.counter.text() == f"{len(TYPED)} / 5,000"
    qtbot.keyClick(panel.new_edit, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: panel.thread_list.count() == 1)
    [comment] = service(window).comments(pid)
    assert (comment.author, comment.text, comment.resolved) == ("Ana", TYPED, False)
    item = panel.thread_list.item(0).text()
    assert item.startswith("Ana · ") and item.endswith("· open\n" + TYPED)
    assert panel.new_edit.toPlainText() == ""
    assert panel.heading.text() == "Comments (1 open)"
    # Undo in the window takes the comment away again; the panel follows.
    assert window.document is not None
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.thread_list.count() == 0)
    assert service(window).comments(pid) == []


def test_too_long_a_comment_is_refused_inline(qtbot: QtBot, window: MainWindow) -> None:
    panel = open_panel(qtbot, window, add_post(window))
    panel.new_edit.setPlainText("x" * 5001)
    assert panel.counter.text() == "5,001 / 5,000"
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.error.isVisible()
    assert "5,001 characters long; the limit is 5,000" in panel.error.text()
    assert panel.thread_list.count() == 0
    assert panel.new_edit.toPlainText() == "x" * 5001  # nothing typed is lost


def test_resolve_reopen_and_delete_only_ones_own(qtbot: QtBot, window: MainWindow) -> None:
    pid = add_post(window)
    assert window.document is not None
    bo = PlanService(window.document.plan, actor="Bo")
    window.document.perform("Bo", lambda: bo.add_comment(pid, "From Bo"))
    window.document.perform("Ana", lambda: service(window).add_comment(pid, "Mine"))
    panel = open_panel(qtbot, window, pid)
    panel.thread_list.setCurrentRow(0)
    assert not panel.delete_button.isEnabled()  # Bo's
    assert panel.delete_button.toolTip() == "Only its author"
    qtbot.mouseClick(panel.resolve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: service(window).comments(pid)[0].resolved)
    assert panel.resolve_button.text() == "Reopen"
    assert panel.thread_list.item(0).text().split("\n")[0].endswith("· resolved")
    qtbot.mouseClick(panel.resolve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not service(window).comments(pid)[0].resolved)
    panel.thread_list.setCurrentRow(1)
    assert panel.delete_button.isEnabled()
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [c.text for c in service(window).comments(pid)] == ["From Bo"])


def test_a_new_post_has_no_thread_yet(qtbot: QtBot, window: MainWindow) -> None:
    editor = window.new_post(DAY)
    assert editor is not None
    panel = editor.findChild(CommentPanel)
    assert panel is not None
    assert not panel.new_edit.isEnabled() and not panel.add_button.isEnabled()
    assert "Save the post" in panel.new_edit.placeholderText()


def select(qtbot: QtBot, win: MainWindow, pid: int) -> None:
    win.refresh()
    view = win.current_view()
    view.select_posts([pid])
    view.setFocus()
    qtbot.waitUntil(lambda: win.selected_ids() == [pid])


def test_review_menu_sends_approves_and_requests_changes(qtbot: QtBot, window: MainWindow) -> None:
    pid = add_post(window)
    waiting = window.review_status.waiting_label
    assert not waiting.isVisible()
    select(qtbot, window, pid)
    qtbot.keyClick(window.current_view(), Qt.Key.Key_R, CTRL | ALT)  # Send to review
    qtbot.waitUntil(lambda: service(window).post(pid).status is Status.IN_REVIEW)
    qtbot.waitUntil(waiting.isVisible)
    assert waiting.text() == "1 post waiting for review"
    qtbot.keyClick(window.current_view(), Qt.Key.Key_C, CTRL | ALT)  # Request changes…
    dialog = window.findChild(ChangesNoteDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.note_edit, "Name the venue")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: service(window).post(pid).status is Status.CHANGES_REQUESTED)
    assert [c.text for c in service(window).comments(pid)] == ["Name the venue"]
    qtbot.waitUntil(lambda: not waiting.isVisible())
    select(qtbot, window, pid)
    qtbot.keyClick(window.current_view(), Qt.Key.Key_R, CTRL | ALT)
    qtbot.waitUntil(lambda: service(window).post(pid).status is Status.IN_REVIEW)
    menu = window.commands.review_menu
    assert menu is not None and menu.isEnabled()
    approve = next(a for a in menu.actions() if a.objectName() == "reviewApprove")
    approve.trigger()
    qtbot.waitUntil(lambda: service(window).post(pid).status is Status.APPROVED)
    assert window.document is not None
    window.document.undo_stack.undo()  # one step back: in review, the stamp gone
    assert service(window).post(pid).status is Status.IN_REVIEW
    assert [c.text for c in service(window).comments(pid)] == ["Name the venue"]


def test_a_refused_step_is_said_in_a_dialog(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter
) -> None:
    pid = add_post(window, "An idea", Status.IDEA)
    select(qtbot, window, pid)
    qtbot.keyClick(window.current_view(), Qt.Key.Key_A, CTRL | ALT)
    qtbot.waitUntil(lambda: bool(QApplication.activeModalWidget() or prompter.errors))
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    texts = [b.text() for b in boxes if b.isVisible()] + [t for _, t in prompter.errors]
    assert any(f"post {pid} is idea; approve takes a post that is" in t for t in texts)
    assert service(window).post(pid).status is Status.IDEA


def test_an_edit_after_approval_is_said_in_the_status_bar(qtbot: QtBot, window: MainWindow) -> None:
    assert window.document is not None
    window.document.perform(
        "Require", lambda: service(window).update_settings(require_approval=True)
    )
    pid = add_post(window)
    window.document.perform("Approve", lambda: service(window).approve([pid]))
    editor = window.edit_post(pid)
    assert editor is not None
    qtbot.waitExposed(editor)
    editor.title_edit.selectAll()
    qtbot.keyClicks(editor.title_edit, "Launch, revised")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: service(window).post(pid).status is Status.IN_REVIEW)
    assert "went back to review" in window.statusBar().currentMessage()


def test_preferences_name_is_kept_and_used(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LMPLANNER_USER")
    actor = window.review_status.actor_label
    assert actor.isVisible() and actor.text().startswith("Acting as ")
    edit_menu = window.menuBar().findChild(QMenu, "editMenu")
    assert edit_menu is not None and window.commands.preferences in edit_menu.actions()
    window.commands.preferences.trigger()
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    note = dialog.findChild(QLabel, "preferencesNote")
    assert note is not None and "plan files" in note.text()
    name = dialog.findChild(QLineEdit, "preferencesName")
    assert name is not None and name.accessibleName() == "Your name"
    name.setFocus()
    qtbot.keyClicks(name, "  Rita   Reviewer ")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.settings.value(NAME_KEY) == "Rita Reviewer"
    assert actor.text() == "Acting as Rita Reviewer"
    pid = add_post(window)
    assert window.document is not None
    window.document.perform("c", lambda: service(window).add_comment(pid, "Hello"))
    assert service(window).comments(pid)[0].author == "Rita Reviewer"
    # The name is kept for the next time the app starts.
    again = QSettings(window.settings.fileName(), QSettings.Format.IniFormat)
    assert again.value(NAME_KEY) == "Rita Reviewer"


def test_chips_agenda_and_filters_show_review(qtbot: QtBot, window: MainWindow) -> None:
    quiet = add_post(window, "Quiet")
    talked = add_post(window, "Talked about")
    window.refresh()
    month = window.current_view()
    before = month.grab().toImage()
    assert window.document is not None
    window.document.perform("c", lambda: service(window).add_comment(talked, "One"))
    window.document.perform("c", lambda: service(window).add_comment(talked, "Two"))
    window.document.perform("r", lambda: service(window).submit_for_review([talked]))
    qtbot.waitUntil(lambda: month.grab().toImage() != before)  # the marks are painted
    # The status filter offers the review states; ticking one shows only those posts.
    menu = window.filter_bar.menus["status"]
    names = [a.text() for a in menu.actions()]
    assert names[2:5] == ["In review", "Changes requested", "Approved"]
    in_review = next(a for a in menu.actions() if a.data() == "in-review")
    in_review.trigger()
    qtbot.waitUntil(lambda: [p.id for p in month.posts_on(DAY)] == [talked])
    window.filter_bar.clear()
    qtbot.waitUntil(lambda: {p.id for p in month.posts_on(DAY)} == {quiet, talked})
    # The agenda has a column of open comments, and sorts by it.
    qtbot.keyClick(month, Qt.Key.Key_3, CTRL)
    model = window.agenda.model
    column = model.column_of("open_comments")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Open comments"
    window.agenda.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: model.post_id(0) == talked)
    assert model.index(0, column).data() == "2"
    assert model.index(1, column).data() == ""
    assert model.index(0, model.column_of("status")).data() == "In review"


def test_plan_settings_turn_approval_on_and_undo_turns_it_off(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtWidgets import QCheckBox, QDialogButtonBox

    from lmplanner.ui.dialogs.settings_dialog import PlanSettingsDialog

    window.commands.plan_settings.trigger()
    dialog = next(d for d in window.findChildren(PlanSettingsDialog) if d.isVisible())
    qtbot.waitExposed(dialog)
    check = dialog.findChild(QCheckBox, "requireApproval")
    assert check is not None and not check.isChecked()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: service(window).settings().require_approval)
    pid = add_post(window)
    assert window.document is not None
    refused = window.document.perform(
        "Schedule", lambda: service(window).update_post(pid, {"status": "scheduled"})
    )
    assert refused is None
    close_message_boxes()
    window.undo_group.undo()  # the post
    window.undo_group.undo()  # the setting
    assert service(window).settings().require_approval is False


def test_the_editor_with_its_panel_has_unique_alt_letters(qtbot: QtBot, window: MainWindow) -> None:
    import re

    from PySide6.QtWidgets import QAbstractButton

    panel = open_panel(qtbot, window, add_post(window))
    editor = panel.window()
    texts = [w.text() for w in editor.findChildren(QLabel) if w.buddy() is not None]
    texts += [b.text() for b in editor.findChildren(QAbstractButton) if b.isVisible()]
    letters = [m.group(1).lower() for t in texts if (m := re.search(r"&([^&\s])", t))]
    letters += ["l", "m", "s"]  # Alt+L, Alt+M (role) and Alt+S (take the suggestion)
    assert len(letters) == len(set(letters)), sorted(letters)


def test_a_name_too_long_to_act_under_is_refused_with_its_reason(
    qtbot: QtBot, window: MainWindow, prompter: ScriptedPrompter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LMPLANNER_USER", "Ana " + "x" * 96)  # 100 characters
    assert window.document is not None
    window.document.service.act_as(None)
    window.review_status.update_actor()
    actor = window.review_status.actor_label
    assert actor.text() == "No name to act under"
    assert actor.toolTip() == (
        "$LMPLANNER_USER is 100 characters long; a name may have at most 80. "
        "Choose your name in Edit > Preferences."
    )
    draft = PostDraft(title="Launch", role="leader", channel="X", date=DAY)
    assert window.document.perform("Add", lambda: service(window).add_post(draft)) is None
    assert prompter.errors[-1][1] == actor.toolTip().removesuffix(
        " Choose your name in Edit > Preferences."
    )
    assert service(window).posts() == []  # nothing half-written
    close_message_boxes()
    window.commands.preferences.trigger()  # a name chosen in Preferences wins over the variable
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    name = dialog.findChild(QLineEdit, "preferencesName")
    assert name is not None
    name.setFocus()
    qtbot.keyClicks(name, "Rita")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: actor.text() == "Acting as Rita")
    assert add_post(window) and service(window).posts()[0].title == "Launch"


def test_the_waiting_count_is_read_again_only_when_it_can_change(
    qtbot: QtBot, window: MainWindow, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting the posts in review reads the whole plan: an edit that leaves every post's
    review state alone, or a month switch, does not pay for it; anything that can change it does
    (a post sent to review, its undo, a change made by someone else)."""
    waiting = window.review_status.waiting_label
    reviewed = add_post(window, "Reviewed", Status.IN_REVIEW)
    other = add_post(window, "Other")
    qtbot.waitUntil(lambda: waiting.text() == "1 post waiting for review")
    counts: list[int] = []
    count = PlanService.waiting_for_review
    monkeypatch.setattr(
        PlanService, "waiting_for_review", lambda self: counts.append(1) or count(self)
    )
    document = window.document
    assert document is not None
    document.perform("Rename", lambda: service(window).update_post(other, {"title": "Renamed"}))
    qtbot.keyClick(window.current_view(), Qt.Key.Key_PageDown)
    qtbot.keyClick(window.current_view(), Qt.Key.Key_PageUp)
    assert counts == [] and waiting.text() == "1 post waiting for review"

    document.perform(
        "Send", lambda: service(window).update_post(other, {"status": Status.IN_REVIEW})
    )
    assert (len(counts), waiting.text()) == (1, "2 posts waiting for review")
    document.undo_stack.undo()
    qtbot.waitUntil(lambda: waiting.text() == "1 post waiting for review")
    assert len(counts) == 2

    with open_plan(plan_path) as plan:  # another member approves the post in review
        PlanService(plan).update_post(reviewed, {"status": Status.APPROVED})
    qtbot.waitUntil(lambda: not waiting.isVisible(), timeout=5000)
    assert len(counts) == 3
