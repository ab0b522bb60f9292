"""Recurring series in the app: the editor's Repeat section with its plain-language summary, the
scope question on drag-and-drop, edit and delete, "Use again", the repeat mark and the agenda's
grouping by series. Each change is one undo step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import ScriptedPrompter
from planning_support import close_window, draft, drop, open_window, undo_count
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QPushButton,
    QSpinBox,
)
from pytestqt.qtbot import QtBot

from lmplanner.core.series import SeriesRule
from lmplanner.ui.dialogs.series_dialogs import ScopeDialog, UseAgainDialog
from lmplanner.ui.editor.repeat import RepeatSection
from lmplanner.ui.views.calendar import MonthView
from lmplanner.ui.views.post_text import chip_tooltip
from lmplanner.ui.window.main_window import AGENDA, MONTH, MainWindow

TEN = dt.date(2026, 3, 10)  # a Tuesday
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


def month(win: MainWindow) -> MonthView:
    view = win.views[MONTH]
    assert isinstance(view, MonthView)
    return view


def add_weekly(win: MainWindow, count: int = 4) -> list[int]:
    assert win.document is not None
    service = win.document.service
    rule = SeriesRule.every(1, "weekly", TEN, count=count)
    applied = win.document.perform(
        "Add series", lambda: service.add_series(draft("Weekly tip", time=dt.time(9)), rule)
    )
    assert applied is not None
    return applied.created()


def answer_scope(qtbot: QtBot, button: str) -> list[str]:
    """Click `button` of the scope question once it is asked; returns the question's text."""
    asked: list[str] = []

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ScopeDialog), dialog
        asked.append(dialog.findChild(QPushButton, "scopeThis").text())
        qtbot.mouseClick(dialog.findChild(QPushButton, button), LEFT)

    QTimer.singleShot(0, click)
    return asked


def cell(view: MonthView, day: dt.date) -> QPoint:
    rect = view.cell_rect(day)
    assert rect is not None
    return QPoint(round(rect.center().x()), round(rect.bottom() - 4))


def test_the_repeat_section_makes_a_series_in_one_step(qtbot: QtBot, win: MainWindow) -> None:
    editor = win.new_post(TEN)
    assert editor is not None
    section = editor.findChild(RepeatSection)
    assert section is not None and section.summary.text() == "Does not repeat."
    qtbot.keyClicks(editor.title_edit, "Office hours")
    qtbot.mouseClick(editor.manager_button, LEFT)
    check = section.findChild(QCheckBox, "repeatCheck")
    check.setFocus()
    qtbot.keyClick(check, Qt.Key.Key_Space)
    assert section.summary.text() == "Every week on Tuesday"  # the start's day, ticked
    every = section.findChild(QSpinBox, "repeatEvery")
    every.selectAll()
    qtbot.keyClicks(every, "2")
    for day in (0, 3, 1):  # Monday and Thursday instead of Tuesday
        qtbot.mouseClick(section.findChild(QCheckBox, f"repeatDay{day}"), LEFT)
    end = section.findChild(QComboBox, "repeatEnd")
    end.setCurrentIndex(end.findData("count"))
    assert section.summary.text() == "Every 2 weeks on Monday and Thursday, 8 times"
    before = undo_count(win)
    qtbot.mouseClick(editor.save_button, LEFT)
    assert editor.error_text() == ""
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.service is not None
    posts = win.service.posts(order="date")
    assert len(posts) == 8 and len({p.series for p in posts}) == 1
    assert posts[0].date == dt.date(2026, 3, 12)  # the first Monday or Thursday from the 10th
    assert {p.date.weekday() for p in posts if p.date} == {0, 3}
    assert undo_count(win) == before + 1
    win.undo_group.undo()
    assert win.service.posts() == [] and win.service.all_series() == []


def test_a_repeating_post_needs_a_date(qtbot: QtBot, win: MainWindow) -> None:
    editor = win.new_post(TEN)
    assert editor is not None
    section = editor.findChild(RepeatSection)
    section.repeat_check.setChecked(True)
    editor.backlog_check.setChecked(True)
    assert "needs a date" in section.summary.text()
    qtbot.keyClicks(editor.title_edit, "Idea")
    qtbot.mouseClick(editor.leader_button, LEFT)
    editor.try_submit()
    assert "needs a date" in editor.error_text() and win.editor() is editor
    assert win.service is not None and win.service.posts() == []


@pytest.mark.parametrize(
    ("button", "moved"),
    [
        ("scopeThis", [TEN, TEN + dt.timedelta(8), TEN + dt.timedelta(14), TEN + dt.timedelta(21)]),
        ("scopeFollowing", [TEN, *(TEN + dt.timedelta(d) for d in (8, 15, 22))]),
        ("scopeAll", [TEN + dt.timedelta(d) for d in (1, 8, 15, 22)]),
    ],
)
def test_dragging_a_post_of_a_series_asks_how_far_the_move_goes(
    qtbot: QtBot, win: MainWindow, button: str, moved: list[dt.date]
) -> None:
    ids = add_weekly(win)
    view = month(win)
    before = undo_count(win)
    asked = answer_scope(qtbot, button)
    assert drop(view, cell(view, dt.date(2026, 3, 18)), [ids[1]])
    assert asked == ["&This post"]
    assert win.service is not None
    assert [win.service.post(i).date for i in ids] == moved
    assert undo_count(win) == before + 1
    assert (win.service.post(ids[1]).series is None) == (button == "scopeThis")
    win.undo_group.undo()
    assert [win.service.post(i).date for i in ids] == [TEN + dt.timedelta(7 * n) for n in range(4)]


def test_cancelling_the_scope_question_moves_nothing(qtbot: QtBot, win: MainWindow) -> None:
    ids = add_weekly(win)
    view = month(win)
    before = undo_count(win)
    answer_scope(qtbot, "scopeCancel")
    drop(view, cell(view, dt.date(2026, 3, 18)), [ids[1]])
    assert win.service is not None
    assert win.service.post(ids[1]).date == TEN + dt.timedelta(7)
    assert undo_count(win) == before


def test_delete_and_edit_of_a_post_of_a_series_ask_too(qtbot: QtBot, win: MainWindow) -> None:
    ids = add_weekly(win)
    assert win.service is not None
    month(win).select_posts([ids[2]])
    answer_scope(qtbot, "scopeFollowing")
    win.commands.delete.trigger()
    assert [p.id for p in win.service.posts(order="date")] == ids[:2]
    editor = win.edit_post(ids[0])
    assert editor is not None
    section = editor.findChild(RepeatSection)
    assert section.summary.text().startswith("Part of a series: Every week on Tuesday")
    editor.title_edit.selectAll()
    qtbot.keyClicks(editor.title_edit, "Renamed tip")
    answer_scope(qtbot, "scopeAll")
    editor.try_submit()
    qtbot.waitUntil(lambda: win.editor() is None)
    assert [p.title for p in win.service.posts()] == ["Renamed tip", "Renamed tip"]


def test_use_again_schedules_copies_every_n_days(qtbot: QtBot, win: MainWindow) -> None:
    assert win.document is not None
    service = win.document.service
    applied = win.document.perform("Add", lambda: service.add_post(draft("Evergreen guide")))
    assert applied is not None
    (post_id,) = applied.created()
    month(win).select_posts([post_id])
    assert win.commands.use_again.isEnabled()

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UseAgainDialog), dialog
        dialog.every.selectAll()
        qtbot.keyClicks(dialog.every, "30")
        dialog.times.selectAll()
        qtbot.keyClicks(dialog.times, "3")
        assert dialog.summary.text().startswith("3 copies, every 30 days")
        qtbot.mouseClick(dialog.findChild(QPushButton, "useAgainOk"), LEFT)

    QTimer.singleShot(0, fill)
    before = undo_count(win)
    win.commands.use_again.trigger()
    copies = [p for p in service.posts(order="date") if p.id != post_id]
    assert [p.date for p in copies] == [TEN + dt.timedelta(30 * n) for n in (1, 2, 3)]
    assert {p.title for p in copies} == {"Evergreen guide"} and undo_count(win) == before + 1


def test_chips_mark_repeats_and_the_agenda_groups_by_series(qtbot: QtBot, win: MainWindow) -> None:
    ids = add_weekly(win, count=2)
    assert win.service is not None
    single = win.service.add_post(draft("Single", date=TEN))
    assert "part of a series" in chip_tooltip(win.service.post(ids[0]))
    assert "part of a series" not in chip_tooltip(win.service.post(single.created()[0]))
    win.set_view_mode(AGENDA)
    agenda = win.views[AGENDA]
    box = agenda.findChild(QCheckBox, "agendaBySeries")
    qtbot.mouseClick(box, LEFT)
    model = agenda.model
    qtbot.waitUntil(lambda: model.order == "series")
    titles = [model.record(row).title for row in range(model.rowCount())]
    assert titles == ["Weekly tip", "Weekly tip", "Single"]
    column = model.column_of("series")
    assert model.index(0, column).data() == f"\u21bb Series {win.service.post(ids[0]).series}"


def test_the_series_horizon_is_a_plan_setting(qtbot: QtBot, win: MainWindow) -> None:
    from lmplanner.ui.dialogs.settings_dialog import PlanSettingsDialog

    win.commands.plan_settings.trigger()
    (dialog,) = [d for d in win.findChildren(PlanSettingsDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    box = dialog.findChild(QSpinBox, "seriesHorizon")
    assert box.value() == 12
    box.selectAll()
    qtbot.keyClicks(box, "36")
    assert dialog.settings_changes() == {"series_horizon_months": 36}
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert win.service is not None and win.service.settings().series_horizon_months == 36


def test_a_new_rule_from_the_editor_reaches_the_series_never_one_post(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = add_weekly(win)
    editor = win.edit_post(ids[1])
    assert editor is not None
    section = editor.findChild(RepeatSection)
    every = section.findChild(QSpinBox, "repeatEvery")
    assert every.value() == 1 and section.findChild(QCheckBox, "repeatDay1").isChecked()
    every.selectAll()
    qtbot.keyClicks(every, "2")
    assert section.summary.text().startswith("Part of a series: Every 2 weeks on Tuesday, 4 times")
    this_enabled: list[bool] = []

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ScopeDialog), dialog
        this_enabled.append(dialog.findChild(QPushButton, "scopeThis").isEnabled())
        qtbot.mouseClick(dialog.findChild(QPushButton, "scopeAll"), LEFT)

    QTimer.singleShot(0, click)
    before = undo_count(win)
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert this_enabled == [False]
    assert win.service is not None
    dates = [p.date for p in win.service.posts(order="date")]
    assert dates == [TEN + dt.timedelta(days=14 * n) for n in range(4)]
    assert undo_count(win) == before + 1
    win.undo_group.undo()
    assert [p.date for p in win.service.posts(order="date")] == [
        TEN + dt.timedelta(days=7 * n) for n in range(4)
    ]


def test_a_whole_series_edit_under_approval_is_said_in_the_status_bar(
    qtbot: QtBot, win: MainWindow
) -> None:
    assert win.document is not None and win.service is not None
    service = win.document.service
    win.document.perform("Require", lambda: service.update_settings(require_approval=True))
    rule = SeriesRule.every(1, "weekly", TEN, count=4)
    approved = draft("Weekly tip", status="approved")
    win.document.perform("Add series", lambda: service.add_series(approved, rule))
    ids = [p.id for p in service.posts(order="date")]
    editor = win.edit_post(ids[1])
    assert editor is not None
    editor.title_edit.selectAll()
    qtbot.keyClicks(editor.title_edit, "Weekly tip, revised")
    answer_scope(qtbot, "scopeAll")
    qtbot.mouseClick(editor.save_button, LEFT)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert {service.post(i).status.value for i in ids} == {"in-review"}
    assert win.statusBar().currentMessage().startswith("4 approved posts went back to review")
    win.undo_group.undo()
    assert {service.post(i).status.value for i in ids} == {"approved"}


def test_grouped_by_series_the_rows_of_each_series_read_as_one_group(
    qtbot: QtBot, win: MainWindow
) -> None:
    add_weekly(win, count=3)
    assert win.service is not None
    win.service.add_post(draft("Single", date=TEN))
    win.set_view_mode(AGENDA)
    agenda = win.views[AGENDA]
    model = agenda.model
    title = model.column_of("title")
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    assert model.index(0, title).data() in ("Weekly tip", "Single")  # by date: no marks
    qtbot.mouseClick(agenda.findChild(QCheckBox, "agendaBySeries"), LEFT)
    qtbot.waitUntil(lambda: model.order == "series")
    shown = [model.index(row, title).data() for row in range(model.rowCount())]
    assert shown == ["\u250c Weekly tip", "\u251c Weekly tip", "\u2514 Weekly tip", "Single"]
    assert model.record(0).title == "Weekly tip"  # the mark is drawn, not stored
