"""Templates and clashes in the app, driven by keys and clicks: Edit > New post from template,
the editor's Templates button, the meter's leader flags, and clash warnings (never refusals)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter
from planning_support import add_posts, close_window, draft, drop, open_window
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Kind, Role
from lmplanner.core.templates import LEADER_FLAGS
from lmplanner.ui.editor.templates import TemplatePicker
from lmplanner.ui.window.main_window import MONTH, MainWindow

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


def picker(qtbot: QtBot) -> TemplatePicker:
    found: list[TemplatePicker] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, TemplatePicker)]
        return bool(found) and found[0].isVisible()

    qtbot.waitUntil(shown)
    return found[0]


def test_new_post_from_a_built_in_template(qtbot: QtBot, win: MainWindow) -> None:
    qtbot.keyClick(win.current_view(), Qt.Key.Key_N, CTRL_ALT)
    chooser = picker(qtbot)
    assert chooser.list.accessibleName() == "Templates"
    qtbot.keyClick(chooser.list, Qt.Key.Key_Down)  # the second built-in prompt
    assert "mistake" in chooser.preview.text().lower()
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.editor() is not None)
    editor = win.editor()
    assert editor is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    assert editor.title_edit.text() == "The mistake we stopped making (and what it cost us first)"
    assert editor.role() is Role.LEADER and editor.kind() is Kind.STORY
    assert "noticed it was wrong" in editor.body_edit.toPlainText()
    qtbot.keyClicks(editor.title_edit, "We stopped guessing")  # the title was selected: replaced
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.document is not None
    [post] = win.document.service.posts()
    assert (post.title, post.role, post.kind, post.date) == (
        "We stopped guessing",
        Role.LEADER,
        Kind.STORY,
        TODAY,
    )


def test_an_edited_post_saved_as_a_template_is_one_undo_step(qtbot: QtBot, win: MainWindow) -> None:
    [post_id] = add_posts(win, draft("Webinar invite", kind=Kind.EVENT, body="Join us"))
    editor = win.edit_post(post_id)
    assert editor is not None
    button = editor.findChild(type(editor.save_button), "templatesButton")
    assert button is not None and button.menu() is not None
    actions = {a.objectName(): a for a in button.menu().actions()}
    assert set(actions) == {"saveAsTemplate"}  # an existing post is not filled from one
    actions["saveAsTemplate"].trigger()
    qtbot.waitUntil(lambda: editor.findChild(QInputDialog, "templateNameDialog") is not None)
    ask = editor.findChild(QInputDialog, "templateNameDialog")
    assert ask.textValue() == "Webinar invite"
    ask.setTextValue("Invite")
    ask.accept()
    assert win.document is not None
    service = win.document.service
    saved = service.template("Invite")
    assert (saved.title, saved.role, saved.kind, saved.body) == (
        "Webinar invite",
        Role.MANAGER,
        Kind.EVENT,
        "Join us",
    )
    win.document.undo_stack.undo()
    assert [t.name for t in service.templates() if not t.builtin] == []


def test_a_leader_flag_offers_a_leader_post_from_a_template(qtbot: QtBot, win: MainWindow) -> None:
    # Four manager posts in a week and no leader post: the meter flags a drought.
    add_posts(win, *(draft(f"Tip {n}", date=dt.date(2026, 3, 9 + n)) for n in range(4)))
    meter = win.meter
    qtbot.waitUntil(lambda: any(f.code == "LEADER_DROUGHT" for f in meter.flags()))
    row = next(i for i, f in enumerate(meter.flags()) if f.code == "LEADER_DROUGHT")
    assert not meter.leader_button.isVisible()
    meter.activate_flag(row)
    qtbot.waitUntil(meter.leader_button.isVisible)
    qtbot.mouseClick(meter.leader_button, Qt.MouseButton.LeftButton)
    chooser = picker(qtbot)
    assert chooser.windowTitle() == "Plan a leader post from a template"
    assert {t.role for t in chooser.templates} == {Role.LEADER}
    chooser.accept()
    qtbot.waitUntil(lambda: win.editor() is not None)
    editor = win.editor()
    assert editor is not None and editor.role() is Role.LEADER
    flag = meter.flags()[row]
    expected = flag.dates[len(flag.dates) // 2]
    assert editor.values()["date"] == expected


def test_a_pillar_flag_starts_the_leader_post_in_its_pillar(qtbot: QtBot, win: MainWindow) -> None:
    assert win.document is not None
    service = win.document.service
    win.document.perform("Pillars", lambda: service.add_pillar("Product tips"))
    win.document.perform("Pillars", lambda: service.add_pillar("Craft"))
    add_posts(
        win,
        *(draft(f"Tip {n}", pillar="Product tips", date=dt.date(2026, 3, 2 + n)) for n in range(7)),
    )
    meter = win.meter
    qtbot.waitUntil(lambda: any(f.code == "PILLAR_WITHOUT_LEADER" for f in meter.flags()))
    row = next(i for i, f in enumerate(meter.flags()) if f.code == "PILLAR_WITHOUT_LEADER")
    assert meter.flags()[row].pillar == "Product tips"
    meter.activate_flag(row)
    qtbot.waitUntil(meter.leader_button.isVisible)
    qtbot.mouseClick(meter.leader_button, Qt.MouseButton.LeftButton)
    chooser = picker(qtbot)
    chooser.accept()
    qtbot.waitUntil(lambda: win.editor() is not None)
    editor = win.editor()
    assert editor is not None and editor.role() is Role.LEADER
    assert editor.strategy.pillar() == "Product tips"
    assert editor.strategy.pillar_combo.currentText() == "Product tips"


def test_the_leader_button_hides_when_its_flag_goes(qtbot: QtBot, win: MainWindow) -> None:
    add_posts(win, *(draft(f"Tip {n}", date=dt.date(2026, 3, 9 + n)) for n in range(4)))
    meter = win.meter
    qtbot.waitUntil(lambda: any(f.code == "LEADER_DROUGHT" for f in meter.flags()))
    row = next(i for i, f in enumerate(meter.flags()) if f.code == "LEADER_DROUGHT")
    meter.activate_flag(row)
    qtbot.waitUntil(meter.leader_button.isVisible)
    # A new report whose flags the button does not answer (the tester saw it after a redo):
    # nothing else changes, the calendar selection stays, so only the flag list can hide it.
    report = meter.report()
    assert report is not None
    others = tuple(f for f in report.flags if f.code not in LEADER_FLAGS)
    meter.set_report(replace(report, flags=others))
    assert all(f.code != "LEADER_DROUGHT" for f in meter.flags())
    # Hidden itself (not merely inside a hidden meter), so it stays away when the meter shows.
    qtbot.waitUntil(meter.leader_button.isHidden)
    assert meter.isVisible() and not meter.leader_button.isVisible()


def test_the_editor_warns_of_a_clash_but_saves(qtbot: QtBot, win: MainWindow) -> None:
    add_posts(win, draft("Morning post", date=TODAY, time=dt.time(9, 0)))
    editor = win.new_post(TODAY)
    assert editor is not None
    note = editor.findChild(type(editor.error_label), "clashNote")
    assert note is not None and not note.isVisible()
    qtbot.keyClicks(editor.title_edit, "Second post")
    qtbot.mouseClick(editor.manager_button, Qt.MouseButton.LeftButton)
    editor.channel_combo.setCurrentText("LinkedIn")
    editor.time_check.setChecked(True)
    editor.time_edit.setText("09:30")
    qtbot.waitUntil(note.isVisible)
    assert "“Second post” and “Morning post” are 30 minutes apart on LinkedIn" in note.text()
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.document is not None and win.document.service.count_posts() == 2


def test_the_clash_warning_shows_a_markup_title_as_typed(qtbot: QtBot, win: MainWindow) -> None:
    add_posts(win, draft("<b>Bold</b> plan", date=TODAY, time=dt.time(9, 0)))
    editor = win.new_post(TODAY)
    assert editor is not None
    note = editor.findChild(type(editor.error_label), "clashNote")
    assert note is not None
    qtbot.keyClicks(editor.title_edit, "<i>x</i>")
    qtbot.mouseClick(editor.manager_button, Qt.MouseButton.LeftButton)
    editor.channel_combo.setCurrentText("LinkedIn")
    editor.time_check.setChecked(True)
    editor.time_edit.setText("09:30")
    qtbot.waitUntil(note.isVisible)
    assert "“<i>x</i>” and “<b>Bold</b> plan” are 30 minutes apart" in note.text()
    # Qt would take this text for rich text and show "Bold" bold, the tags gone: the label
    # must show the characters the person typed.
    assert QtGui.Qt.mightBeRichText(note.text())
    assert note.textFormat() == Qt.TextFormat.PlainText
    editor.reject()


def test_a_drop_that_clashes_is_made_and_said(qtbot: QtBot, win: MainWindow) -> None:
    _first, second = add_posts(
        win,
        draft("Morning post", date=TODAY, time=dt.time(9, 0)),
        draft("Other day", date=TODAY + dt.timedelta(days=1), time=dt.time(9, 20)),
    )
    month = win.views[MONTH]
    target = month.cell_rect(TODAY)
    assert target is not None
    assert drop(month, target.center().toPoint(), [second])  # a month drop keeps the time
    assert win.document is not None
    assert win.document.service.post(second).date == TODAY  # moved, not refused
    qtbot.waitUntil(lambda: "Clash:" in win.statusBar().currentMessage())
    assert "20 minutes apart" in win.statusBar().currentMessage()


def _template_with_pillar(win: MainWindow) -> None:
    assert win.document is not None
    service = win.document.service
    win.document.perform("Pillars", lambda: service.add_pillar("Vision"))
    [post_id] = add_posts(win, draft("Where we go", "leader", pillar="Vision", body="Ahead"))
    win.document.perform(
        "Template", lambda: service.add_template("Vision post", service.post(post_id))
    )


def test_new_post_from_template_shows_and_saves_its_pillar(qtbot: QtBot, win: MainWindow) -> None:
    _template_with_pillar(win)
    qtbot.keyClick(win.current_view(), Qt.Key.Key_N, CTRL_ALT)
    chooser = picker(qtbot)
    chooser.list.setCurrentRow(next(i for i, t in enumerate(chooser.templates) if not t.builtin))
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: win.editor() is not None)
    editor = win.editor()
    assert editor is not None
    assert editor.strategy.pillar_combo.currentText() == "Vision"
    # The pillar shown is the one saved: a person who changes it gets their choice.
    editor.strategy.set_pillar(None)
    qtbot.keyClicks(editor.title_edit, "No pillar after all")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.document is not None
    saved = [p for p in win.document.service.posts() if p.title == "No pillar after all"]
    assert [p.pillar for p in saved] == [None]


def test_fill_from_template_in_the_editor_shows_its_pillar(qtbot: QtBot, win: MainWindow) -> None:
    _template_with_pillar(win)
    editor = win.new_post(TODAY)
    assert editor is not None
    button = editor.findChild(type(editor.save_button), "templatesButton")
    actions = {a.objectName(): a for a in button.menu().actions()}
    actions["fillFromTemplate"].trigger()
    chooser = picker(qtbot)
    chooser.list.setCurrentRow(next(i for i, t in enumerate(chooser.templates) if not t.builtin))
    qtbot.keyClick(chooser.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.title_edit.text() == "Where we go")
    assert editor.strategy.pillar_combo.currentText() == "Vision"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.document is not None
    assert [p.pillar for p in win.document.service.posts()] == ["Vision", "Vision"]


def test_new_post_from_template_lists_a_template_saved_elsewhere(
    qtbot: QtBot, win: MainWindow, plan_path: Path
) -> None:
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    qtbot.keyClick(win.current_view(), Qt.Key.Key_N, CTRL_ALT)
    first = picker(qtbot)
    assert all(t.builtin for t in first.templates)
    first.reject()
    qtbot.waitUntil(lambda: not first.isVisible())
    # Another window (or the CLI) saves a template while this one is open.
    with open_plan(plan_path) as plan:
        other = PlanService(plan)
        [post_id] = other.add_post(draft("Roadmap", "leader")).created()
        other.add_template("Roadmap post", other.post(post_id))
    qtbot.keyClick(win.current_view(), Qt.Key.Key_N, CTRL_ALT)
    second = picker(qtbot)
    qtbot.waitUntil(lambda: second is not first)
    assert [t.name for t in second.templates if not t.builtin] == ["Roadmap post"]
