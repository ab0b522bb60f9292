"""The post editor on its own: fields, the role choice, kinds, the counter, validation, keys."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import (
    LEADER_KINDS,
    MANAGER_KINDS,
    RESULT_FIELDS,
    Kind,
    PostRecord,
    Role,
    Status,
)
from lmplanner.ui.editor.editor import PostEditor

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
DAY = dt.date(2026, 3, 12)
CHANNELS = ["LinkedIn", "X", "Instagram", "Blog"]


@pytest.fixture
def editor(qtbot: QtBot) -> PostEditor:
    dialog = PostEditor(date=DAY, channels=CHANNELS, authors=["Maya Chen"], campaigns=["Spring"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def kinds_offered(editor: PostEditor) -> list[Kind]:
    combo = editor.kind_combo
    return [Kind(combo.itemData(i)) for i in range(combo.count()) if combo.itemData(i)]


def test_a_new_post_has_no_role_until_one_is_chosen(qtbot: QtBot, editor: PostEditor) -> None:
    assert editor.windowTitle() == "New post"
    assert editor.role() is None
    assert not editor.kind_combo.isEnabled()
    assert editor.leader_button.accessibleName() == "Leader post"
    assert "Example:" in editor.manager_button.accessibleDescription()
    qtbot.keyClick(editor, Qt.Key.Key_L, ALT)
    assert editor.role() is Role.LEADER and editor.leader_button.isChecked()
    assert kinds_offered(editor) == list(LEADER_KINDS)
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(Kind.STORY.value))
    qtbot.mouseClick(editor.manager_button, Qt.MouseButton.LeftButton)
    assert editor.role() is Role.MANAGER and not editor.leader_button.isChecked()
    assert kinds_offered(editor) == list(MANAGER_KINDS)
    assert editor.kind() is None  # a story is no manager kind: cleared, not carried over


def test_ctrl_enter_hands_back_every_field(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClicks(editor.title_edit, "  Why we   plan in public ")
    qtbot.keyClick(editor, Qt.Key.Key_L, ALT)
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findData(Kind.VISION.value))
    editor.channel_combo.lineEdit().clear()
    qtbot.keyClicks(editor.channel_combo.lineEdit(), "Blog")
    qtbot.keyClicks(editor.author_combo.lineEdit(), "Maya Chen")
    qtbot.keyClicks(editor.campaign_combo.lineEdit(), "Spring")
    editor.time_check.setChecked(True)
    editor.time_edit.setTime(editor.time_edit.time().fromString("14:30", "HH:mm"))
    qtbot.keyClicks(editor.body_edit, "A point of view.")
    qtbot.keyClicks(editor.link_edit, "https://example.org/p")
    qtbot.keyClicks(editor.notes_edit, "ask Jonas")
    with qtbot.waitSignal(editor.submitted) as submitted:
        qtbot.keyClick(editor.body_edit, Qt.Key.Key_Return, CTRL)
    values = submitted.args[0]
    assert values == {
        "title": "  Why we   plan in public ",
        "role": Role.LEADER,
        "kind": Kind.VISION,
        "channel": "Blog",
        "author": "Maya Chen",
        "campaign": "Spring",
        "date": DAY,
        "time": dt.time(14, 30),
        "status": Status.DRAFT,
        "body": "A point of view.",
        "link": "https://example.org/p",
        "notes": "ask Jonas",
        "role_suggested": False,
        **dict.fromkeys(RESULT_FIELDS),  # no results typed: none recorded
    }


def test_backlog_clears_date_and_time_and_makes_an_idea(qtbot: QtBot, editor: PostEditor) -> None:
    editor.time_check.setChecked(True)
    qtbot.mouseClick(editor.backlog_check, Qt.MouseButton.LeftButton)
    values = editor.values()
    assert values["date"] is None and values["time"] is None
    assert values["status"] is Status.IDEA
    assert not editor.date_edit.isEnabled() and not editor.time_edit.isEnabled()
    qtbot.mouseClick(editor.backlog_check, Qt.MouseButton.LeftButton)
    assert editor.values()["date"] == DAY and editor.values()["status"] is Status.DRAFT
    # A status the person chose is kept when the date changes.
    editor.status_combo.setCurrentIndex(editor.status_combo.findData(Status.SCHEDULED.value))
    editor.status_combo.activated.emit(editor.status_combo.currentIndex())
    qtbot.mouseClick(editor.backlog_check, Qt.MouseButton.LeftButton)
    assert editor.values()["status"] is Status.SCHEDULED


def test_counter_warns_past_the_channel_limit(qtbot: QtBot, editor: PostEditor) -> None:
    editor.channel_combo.setCurrentText("X")
    qtbot.keyClicks(editor.body_edit, "x" * 280)
    assert editor.counter.text() == "280 / 280 characters for X"
    assert not editor.is_over_limit()
    qtbot.keyClicks(editor.body_edit, "!!")
    assert editor.is_over_limit()
    assert editor.counter.text() == "282 / 280 — 2 over X’s usual limit"
    editor.channel_combo.setCurrentText("LinkedIn")
    assert not editor.is_over_limit() and "3,000" in editor.counter.text()
    editor.channel_combo.setCurrentText("Blog")
    assert editor.counter.text() == "282 characters"


def test_validation_is_inline_and_reuses_the_service_rules(
    qtbot: QtBot, editor: PostEditor
) -> None:
    with qtbot.assertNotEmitted(editor.submitted):
        qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return, CTRL)
    assert editor.error_text() == "A post needs a title."
    assert editor.error_label.isVisible() and editor.isVisible()
    assert QApplication.focusWidget() is editor.title_edit
    qtbot.keyClicks(editor.title_edit, "T" * 301)
    qtbot.keyClick(editor, Qt.Key.Key_M, ALT)
    assert editor.error_text() == "The title is 301 characters long; the limit is 300."
    editor.title_edit.setText("Fine")
    assert editor.error_text() == ""
    editor.channel_combo.setCurrentText("   ")
    assert editor.error_text() == "A post needs a channel."


def test_escape_cancels(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClicks(editor.title_edit, "Never mind")
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)  # a changed editor asks (issue 20)
    discard = discard_box(qtbot).button(QMessageBox.StandardButton.Discard)
    with qtbot.waitSignal(editor.rejected), qtbot.assertNotEmitted(editor.submitted):
        qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()


def test_editing_loads_the_post_and_reports_only_changes(qtbot: QtBot) -> None:
    post = PostRecord(
        id=7,
        title="The customer who taught us to delete features",
        role=Role.LEADER,
        channel="Instagram",
        date=DAY,
        time=dt.time(17, 0),
        body="A story.",
        kind=Kind.STORY,
        status=Status.SCHEDULED,
        author="Maya Chen",
        version=4,
        role_suggested=True,
    )
    editor = PostEditor(post=post, channels=CHANNELS)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.windowTitle() == "Edit post"
    assert (editor.post_id, editor.opened_version) == (7, 4)
    assert editor.role() is Role.LEADER and editor.kind() is Kind.STORY
    assert editor.suggestion_button.text() == "Role suggested on import — confirm?"
    values = editor.values()
    assert (values["date"], values["time"], values["status"]) == (
        DAY,
        dt.time(17),
        Status.SCHEDULED,
    )
    assert editor.changed_fields() == {}
    editor.title_edit.setText("The customer who taught us to remove features")
    assert editor.changed_fields() == {"title": "The customer who taught us to remove features"}
    qtbot.mouseClick(editor.leader_button, Qt.MouseButton.LeftButton)  # confirming the role
    assert editor.suggestion_button.text() != "Role suggested on import — confirm?"
    assert editor.changed_fields()["role_suggested"] is False


def test_the_date_field_holds_only_the_supported_range(qtbot: QtBot, editor: PostEditor) -> None:
    from PySide6.QtCore import QDate

    from lmplanner.core.domain import DATE_MAX, DATE_MIN

    edit = editor.date_edit
    assert edit.minimumDate() == QDate(DATE_MIN.year, DATE_MIN.month, DATE_MIN.day)
    assert edit.maximumDate() == QDate(DATE_MAX.year, DATE_MAX.month, DATE_MAX.day)
    edit.setDate(QDate(9999, 12, 31))
    assert edit.date() == QDate(2999, 12, 31)
    edit.setDate(QDate(1800, 1, 1))
    assert edit.date() == QDate(1900, 1, 1)


@pytest.mark.parametrize("select_all", [True, False])
@pytest.mark.parametrize("typed", ["12:00", "1200", "7:45"])
def test_a_typed_time_is_the_time_saved(
    qtbot: QtBot, editor: PostEditor, typed: str, select_all: bool
) -> None:
    qtbot.keyClicks(editor.title_edit, "Lunch post")
    qtbot.keyClick(editor, Qt.Key.Key_M, ALT)
    qtbot.mouseClick(editor.time_check, Qt.MouseButton.LeftButton)
    field = editor.time_edit
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=field.rect().center())
    qtbot.waitUntil(field.hasSelectedText)  # a click into the field selects the time
    if select_all:
        qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(field, typed)
    with qtbot.waitSignal(editor.submitted) as submitted:
        qtbot.keyClick(field, Qt.Key.Key_Return, CTRL)
    expected = {"12:00": dt.time(12, 0), "1200": dt.time(12, 0), "7:45": dt.time(7, 45)}
    assert submitted.args[0]["time"] == expected[typed]
    qtbot.keyClick(field, Qt.Key.Key_Up)  # Up and Down still step the time
    later = dt.datetime.combine(DAY, expected[typed]) + dt.timedelta(minutes=15)
    assert field.time().toString("HH:mm") == later.strftime("%H:%M")


def test_a_time_that_is_no_time_is_refused_at_the_field(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClicks(editor.title_edit, "Late post")
    qtbot.keyClick(editor, Qt.Key.Key_M, ALT)
    editor.time_check.setChecked(True)
    editor.time_edit.selectAll()
    qtbot.keyClicks(editor.time_edit, "25:00")
    assert not editor.try_submit()
    assert "time" in editor.error_text()


def discard_box(qtbot: QtBot) -> QMessageBox:
    def shown() -> QMessageBox | None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        return next((b for b in boxes if b.isVisible()), None)

    qtbot.waitUntil(lambda: shown() is not None)
    box = shown()
    assert box is not None and box.windowTitle() == "Discard changes?"
    return box


def test_esc_on_an_unchanged_editor_closes_it_at_once(qtbot: QtBot, editor: PostEditor) -> None:
    with qtbot.waitSignal(editor.rejected):
        qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_esc_or_cancel_on_a_changed_editor_asks_first(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClicks(editor.title_edit, "Half a thought")
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    box = discard_box(qtbot)
    labels = [b.text().replace("&", "") for b in box.buttons()]
    assert set(labels) == {"Save", "Discard", "Keep editing"}
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc on the question: keep editing
    qtbot.waitUntil(lambda: not box.isVisible())
    assert editor.isVisible() and editor.title_edit.text() == "Half a thought"
    cancel = editor.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    box = discard_box(qtbot)
    with qtbot.waitSignal(editor.rejected):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Discard), Qt.MouseButton.LeftButton)
    assert not editor.isVisible()


def test_save_in_the_question_saves(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClicks(editor.title_edit, "Keep this")
    qtbot.keyClick(editor, Qt.Key.Key_M, ALT)
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Escape)
    box = discard_box(qtbot)
    with qtbot.waitSignal(editor.submitted) as submitted:
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert submitted.args[0]["title"] == "Keep this"


def test_the_empty_kind_says_no_kind(qtbot: QtBot, editor: PostEditor) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_M, ALT)
    assert editor.kind_combo.itemText(0) == "No kind"  # not the filter's "— any —"
    assert editor.kind_combo.itemData(0) is None


def test_the_other_role_and_back_brings_each_kind_back(qtbot: QtBot) -> None:
    post = PostRecord(
        id=7,
        title="Our story",
        role=Role.LEADER,
        channel="LinkedIn",
        date=DAY,
        kind=Kind.STORY,
        other_kind=Kind.HOW_TO,
    )
    dialog = PostEditor(post=post, channels=CHANNELS)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.manager_button, Qt.MouseButton.LeftButton)
    assert dialog.kind() is Kind.HOW_TO  # the kind it had as a manager post
    qtbot.mouseClick(dialog.leader_button, Qt.MouseButton.LeftButton)
    assert dialog.kind() is Kind.STORY and not dialog.is_changed()
