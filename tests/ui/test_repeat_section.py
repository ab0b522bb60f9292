"""The editor's Repeat section in detail: days written in the person's language, the start's
weekday ticked for a new weekly repeat, and ending a series (on a day or after N posts) from the
editor of one of its posts, asked for its scope and undone in one step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import ScriptedPrompter
from planning_support import close_window, draft, open_window, undo_count
from PySide6.QtCore import QDate, QLocale, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDateTimeEdit, QPushButton
from pytestqt.qtbot import QtBot

from lmplanner.core.series import SeriesRule
from lmplanner.ui.dates import day_format, day_text
from lmplanner.ui.dialogs.series_dialogs import ScopeDialog, UseAgainDialog
from lmplanner.ui.editor.repeat import RepeatSection
from lmplanner.ui.window.main_window import MainWindow

TEN = dt.date(2026, 3, 10)  # a Tuesday
WEEK = dt.timedelta(weeks=1)
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


@pytest.fixture
def german() -> Iterator[QLocale]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield QLocale()
    QLocale.setDefault(before)


def add_weekly(win: MainWindow, **ends: object) -> list[int]:
    assert win.document is not None
    service = win.document.service
    rule = SeriesRule.every(1, "weekly", TEN, **ends)  # type: ignore[arg-type]
    applied = win.document.perform(
        "Add series", lambda: service.add_series(draft("Weekly tip", time=dt.time(9)), rule)
    )
    assert applied is not None
    return [p.id for p in service.posts(order="date")]


def section_of(win: MainWindow, post_id: int | None = None) -> RepeatSection:
    editor = win.edit_post(post_id) if post_id is not None else win.new_post(TEN)
    assert editor is not None
    section = editor.findChild(RepeatSection)
    assert section is not None
    return section


def answer_scope(qtbot: QtBot, button: str) -> None:
    def click() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ScopeDialog), dialog
        qtbot.mouseClick(dialog.findChild(QPushButton, button), LEFT)

    QTimer.singleShot(0, click)


def choose(qtbot: QtBot, combo: QComboBox, data: str) -> None:
    """Pick the item holding `data` with the keyboard, as a person tabbing through does."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


# ---------------------------------------------------------------------- the person's language
def test_days_read_in_the_locales_own_order_never_as_numbers() -> None:
    day = dt.date(2026, 12, 16)
    c = QLocale.c()
    assert day_text(day, c) == "Wed, 16 Dec 2026"  # the C locale's short form is "16 12 2026"
    assert day_text(day, QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) == (
        "Wed, Dec 16, 2026"
    )
    assert day_text(day, QLocale(QLocale.Language.German, QLocale.Country.Germany)) == (
        "Mi., 16. Dez. 2026"
    )
    japanese = QLocale(QLocale.Language.Japanese, QLocale.Country.Japan)
    assert day_text(day, japanese) == "2026年12月16日水"
    for locale in (c, japanese):  # what it writes, a date field reads back
        assert locale.toDate(day_text(day, locale), day_format(locale)) == QDate(2026, 12, 16)


def test_the_repeat_section_writes_days_as_the_locale_does(
    qtbot: QtBot, win: MainWindow, german: QLocale
) -> None:
    ids = add_weekly(win, until=dt.date(2026, 3, 31))
    section = section_of(win, ids[0])
    assert section.until_edit.text() == "Di., 31. März 2026"
    assert section.summary.text() == (
        "Part of a series: Every week on Dienstag, until Di., 31. März 2026. "
        "Saving asks which of its posts change."
    )


def test_use_again_says_its_days_as_the_locale_does(qtbot: QtBot, german: QLocale) -> None:
    dialog = UseAgainDialog(None, "Guide", TEN)
    qtbot.addWidget(dialog)
    assert "the first on Mo., 8. Juni 2026, the last on So., 6. Sept. 2026" in dialog.summary.text()


# ---------------------------------------------------------------------- the start's weekday
def test_a_new_weekly_repeat_ticks_the_start_day_which_follows_the_date(
    qtbot: QtBot, win: MainWindow
) -> None:
    section = section_of(win)
    editor = section.editor
    qtbot.mouseClick(section.repeat_check, LEFT)
    ticked = [day for day, check in enumerate(section.day_checks) if check.isChecked()]
    assert ticked == [1] and section.summary.text() == "Every week on Tuesday"
    editor.date_edit.setFocus()
    editor.date_edit.setCurrentSection(QDateTimeEdit.Section.DaySection)
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Up)
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Up)  # Thursday the 12th
    assert [d for d, check in enumerate(section.day_checks) if check.isChecked()] == [3]
    assert section.summary.text() == "Every week on Thursday"
    qtbot.mouseClick(section.day_checks[0], LEFT)  # the person's own choice stays put
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Up)
    assert [d for d, check in enumerate(section.day_checks) if check.isChecked()] == [0, 3]
    assert section.summary.text() == "Every week on Monday and Thursday"
    choose(qtbot, section.unit_combo, "daily")
    choose(qtbot, section.unit_combo, "weekly")
    assert section.summary.text() == "Every week on Monday and Thursday"


def test_unticking_every_day_leaves_the_rule_on_the_start_day(
    qtbot: QtBot, win: MainWindow
) -> None:
    """No box ticked is the rule's own default (the start's weekday), said in the summary."""
    section = section_of(win)
    qtbot.mouseClick(section.repeat_check, LEFT)
    qtbot.mouseClick(section.day_checks[1], LEFT)
    assert not any(check.isChecked() for check in section.day_checks)
    assert section.summary.text() == "Every week on Tuesday"


# ---------------------------------------------------------------------- ending a series
def test_an_open_series_ends_on_a_day_from_the_editor_in_one_step(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = add_weekly(win)
    assert win.service is not None and len(ids) > 20
    third = TEN + 2 * WEEK
    section = section_of(win, ids[2])
    choose(qtbot, section.end_combo, "until")
    assert section.until_edit.isVisible() and section.until_edit.isEnabled()
    assert section.until_edit.date() == QDate(third.year, third.month, third.day)  # ends here
    assert section.summary.text().startswith(
        f"Part of a series: Every week on Tuesday, until {day_text(third)}."
    )
    before = undo_count(win)
    answer_scope(qtbot, "scopeAll")
    qtbot.mouseClick(section.editor.save_button, LEFT)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert [p.date for p in win.service.posts(order="date")] == [TEN, TEN + WEEK, third]
    (series,) = win.service.all_series()
    assert series.rule.until == third and series.occurrences == 3
    assert undo_count(win) == before + 1
    win.undo_group.undo()
    assert [p.id for p in win.service.posts(order="date")] == ids
    assert win.service.all_series()[0].rule.until is None


def test_a_series_ends_after_n_posts_from_this_one_on(qtbot: QtBot, win: MainWindow) -> None:
    ids = add_weekly(win)
    assert win.service is not None
    section = section_of(win, ids[1])
    choose(qtbot, section.end_combo, "count")
    section.count_spin.setFocus()
    section.count_spin.selectAll()
    qtbot.keyClicks(section.count_spin, "3")
    assert section.summary.text().startswith("Part of a series: Every week on Tuesday, 3 times")
    before = undo_count(win)
    answer_scope(qtbot, "scopeFollowing")
    qtbot.mouseClick(section.editor.save_button, LEFT)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert [p.date for p in win.service.posts(order="date")] == [TEN + n * WEEK for n in range(4)]
    # One series that ends, never a split into two: the post before keeps its place in it.
    (series,) = win.service.all_series()
    assert (series.rule.start, series.rule.count, series.occurrences) == (TEN, 4, 4)
    assert undo_count(win) == before + 1
    win.undo_group.undo()
    assert [p.id for p in win.service.posts(order="date")] == ids
    assert len(win.service.all_series()) == 1


def test_ending_on_a_day_from_a_later_post_ends_the_one_series(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = add_weekly(win)
    assert win.service is not None
    fourth = TEN + 3 * WEEK
    section = section_of(win, ids[2])
    choose(qtbot, section.end_combo, "until")
    section.until_edit.setDate(QDate(fourth.year, fourth.month, fourth.day))
    answer_scope(qtbot, "scopeFollowing")
    qtbot.mouseClick(section.editor.save_button, LEFT)
    qtbot.waitUntil(lambda: win.editor() is None)
    (series,) = win.service.all_series()
    assert (series.id, series.rule.start, series.rule.until) == (1, TEN, fourth)
    assert [p.id for p in win.service.posts(order="date")] == ids[:4]
    assert {p.series for p in win.service.posts()} == {series.id}


def test_an_ended_series_can_run_on_for_good_again(qtbot: QtBot, win: MainWindow) -> None:
    ids = add_weekly(win, count=2)
    assert win.service is not None
    section = section_of(win, ids[0])
    choose(qtbot, section.end_combo, "never")
    assert section.summary.text().startswith("Part of a series: Every week on Tuesday.")
    answer_scope(qtbot, "scopeAll")
    qtbot.mouseClick(section.editor.save_button, LEFT)
    qtbot.waitUntil(lambda: win.editor() is None)
    (series,) = win.service.all_series()
    assert series.rule.count is None and series.occurrences > 20


def test_a_new_repeat_ending_on_a_day_starts_three_months_on(qtbot: QtBot, win: MainWindow) -> None:
    """Never a last day before the first (the field's blank 1 Jan 2000 was one)."""
    section = section_of(win)
    qtbot.mouseClick(section.repeat_check, LEFT)
    choose(qtbot, section.end_combo, "until")
    june = dt.date(2026, 6, 10)
    assert section.until_edit.date() == QDate(2026, 6, 10)
    assert section.until_floor() == QDate(2026, 3, 10)
    assert section.summary.text() == f"Every week on Tuesday, until {day_text(june)}"
    editor = section.editor
    editor.date_edit.setFocus()
    editor.date_edit.setCurrentSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClick(editor.date_edit, Qt.Key.Key_Up)  # 10 Mar 2027, past the last day
    assert section.until_edit.date() == QDate(2027, 6, 10)
    assert section.summary.text().endswith(f"until {day_text(dt.date(2027, 6, 10))}")


def test_after_n_posts_means_n_posts_when_the_series_skips_a_day(
    qtbot: QtBot, win: MainWindow
) -> None:
    # A calendar's weekly tip on 2, 16 and 23 Nov: 9 Nov is a day it skips (an EXDATE).
    assert win.document is not None and win.service is not None
    service, nov = win.document.service, dt.date(2026, 11, 2)
    rule = SeriesRule.every(1, "weekly", nov, until=dt.date(2026, 11, 23))
    tip = draft("Weekly tip", time=dt.time(9))
    skip = (dt.date(2026, 11, 9),)
    win.document.perform("Add series", lambda: service.add_series(tip, rule, skip=skip))
    first = win.service.posts(order="date")[0].id
    section = section_of(win, first)
    choose(qtbot, section.end_combo, "count")
    section.count_spin.setFocus()
    section.count_spin.selectAll()
    qtbot.keyClicks(section.count_spin, "2")
    answer_scope(qtbot, "scopeAll")
    qtbot.mouseClick(section.editor.save_button, LEFT)
    qtbot.waitUntil(lambda: win.editor() is None)
    days = [p.date for p in win.service.posts(order="date")]
    assert days == [nov, dt.date(2026, 11, 16)]
    (series,) = win.service.all_series()
    assert series.rule.count == 3  # RFC 5545: COUNT counts the skipped day too
    # Opened again, the section says what the series makes: 2 posts, and saving changes nothing.
    section = section_of(win, first)
    assert section.count_spin.value() == 2 and section.rule() is None


def type_day(qtbot: QtBot, edit: QDateTimeEdit, digits: str) -> None:
    """Double-click the day's number in `edit` (which selects it), type `digits`, then Tab."""
    line = edit.lineEdit()
    text = line.text()
    day = str(edit.date().day())
    at = text.index(f" {day} ") + 1 if f" {day} " in text else text.index(day)
    metrics = line.fontMetrics()
    x = metrics.horizontalAdvance(text[:at]) + metrics.horizontalAdvance(day) // 2
    x += line.cursorRect().width() // 2 + line.textMargins().left() + 2
    qtbot.mouseDClick(line, LEFT, pos=QPoint(x, line.height() // 2))
    assert line.selectedText() == day
    qtbot.keyClicks(line, digits)
    qtbot.keyClick(line, Qt.Key.Key_Tab)


def test_a_last_day_typed_in_the_field_is_taken(qtbot: QtBot, win: MainWindow) -> None:
    section = section_of(win)  # a post on Tuesday 10 March 2026
    qtbot.mouseClick(section.repeat_check, LEFT)
    choose(qtbot, section.end_combo, "until")
    edit = section.until_edit
    edit.setDate(QDate(2026, 3, 17))
    type_day(qtbot, edit, "31")  # "3" is on the way to "31": not refused for being before
    assert edit.date() == QDate(2026, 3, 31)
    assert (
        section.summary.text() == f"Every week on Tuesday, until {day_text(dt.date(2026, 3, 31))}"
    )
    type_day(qtbot, edit, "4")  # before the first day: lifted to it
    assert edit.date() == QDate(2026, 3, 10)


def test_the_editor_fits_the_available_screen_and_its_fields_scroll(
    qtbot: QtBot, win: MainWindow
) -> None:
    section = section_of(win)  # every section: strategy, results and repeat
    editor = section.editor
    qtbot.waitExposed(editor)
    screen = editor.screen()
    room = screen.availableGeometry()
    assert room.contains(editor.frameGeometry()), (room, editor.frameGeometry())
    bar = editor.fields_area.verticalScrollBar()
    body = editor.fields_area.widget()
    assert body is not None
    if body.sizeHint().height() > editor.fields_area.viewport().height():
        assert bar.maximum() > 0  # what does not fit scrolls, Save stays in view
    save = editor.save_button
    assert editor.rect().contains(save.mapTo(editor, save.rect().bottomRight()))


def test_skipped_days_are_listed_and_one_is_restored_in_one_step(
    qtbot: QtBot, win: MainWindow
) -> None:
    # A calendar's Monday tip through November that skips 9 and 23 Nov (its EXDATEs).
    assert win.document is not None and win.service is not None
    service, nov = win.document.service, dt.date(2026, 11, 2)
    ninth, twenty_third = dt.date(2026, 11, 9), dt.date(2026, 11, 23)
    rule = SeriesRule.every(1, "weekly", nov, until=dt.date(2026, 11, 30))
    tip = draft("Weekly tip", time=dt.time(9))
    skip = (ninth, twenty_third)
    win.document.perform("Add series", lambda: service.add_series(tip, rule, skip=skip))
    steps = undo_count(win)
    section = section_of(win, win.service.posts(order="date")[0].id)
    qtbot.waitUntil(section.isVisible)
    label = section.skipped_label
    assert label.isVisible() and section.restore_button.isVisible()
    assert label.text() == f"Skipped: {day_text(ninth)}, {day_text(twenty_third)}"
    assert section.restore_button.accessibleName() == "Restore a skipped day"
    offered: list[str] = []

    def restore_first() -> None:
        menu = QApplication.activePopupWidget()
        assert menu is section.restore_menu, menu
        offered.extend(action.text() for action in menu.actions())
        qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    # The menu runs its own event loop once shown: answer it from inside that loop.
    section.restore_menu.aboutToShow.connect(lambda: QTimer.singleShot(0, restore_first))
    section.restore_button.setFocus()
    qtbot.keyClick(section.restore_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: label.text() == f"Skipped: {day_text(twenty_third)}")
    assert offered == [f"Restore {day_text(ninth)}", f"Restore {day_text(twenty_third)}"]
    days = [p.date for p in win.service.posts(order="date")]
    assert ninth in days and twenty_third not in days
    assert win.service.all_series()[0].skipped == (twenty_third,)
    assert undo_count(win) == steps + 1  # one step for the list and the post
    section.editor.reject()
    qtbot.waitUntil(lambda: win.editor() is None)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    assert win.undo_group.undoText() == f"Restore {day_text(ninth)} to “Weekly tip”"
    # Undo and Redo both show the month of the day they take away or bring back.
    win.go_to(dt.date(2026, 12, 14))
    qtbot.keyClick(win.current_view(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert ninth not in [p.date for p in win.service.posts(order="date")]
    assert win.service.all_series()[0].skipped == skip
    assert win.current_period().start == dt.date(2026, 11, 1)
    assert win.undo_group.redoText() == f"Restore {day_text(ninth)} to “Weekly tip”"
    win.go_to(dt.date(2026, 12, 14))
    win.undo_group.redo()
    assert ninth in [p.date for p in win.service.posts(order="date")]
    assert win.current_period().start == dt.date(2026, 11, 1)


def test_many_skipped_days_are_counted_and_all_named_in_the_tip(
    qtbot: QtBot, win: MainWindow
) -> None:
    assert win.document is not None and win.service is not None
    service = win.document.service
    rule = SeriesRule.every(1, "daily", TEN, count=10)
    skip = tuple(TEN + dt.timedelta(days=n) for n in (1, 2, 4, 6, 8))
    tip = draft("Daily tip")
    win.document.perform("Add series", lambda: service.add_series(tip, rule, skip=skip))
    section = section_of(win, win.service.posts(order="date")[0].id)
    named = ", ".join(day_text(day) for day in skip[:3])
    assert section.skipped_label.text() == f"Skipped: {named} and 2 more"
    assert section.skipped_label.toolTip() == ", ".join(day_text(day) for day in skip)
    assert len(section.restore_menu.actions()) == 5
    # A new post, of no series yet, shows no such row.
    section.editor.reject()
    qtbot.waitUntil(lambda: win.editor() is None)
    fresh = section_of(win)
    assert not fresh.skipped_label.isVisibleTo(fresh)
    assert not fresh.restore_button.isVisibleTo(fresh)


def test_restoring_a_day_keeps_unsaved_rule_edits_and_an_undo_shows_in_the_editor(
    qtbot: QtBot, win: MainWindow
) -> None:
    assert win.document is not None and win.service is not None
    service, nov, ninth = win.document.service, dt.date(2026, 11, 2), dt.date(2026, 11, 9)
    rule = SeriesRule.every(1, "weekly", nov, until=dt.date(2026, 11, 30))
    tip = draft("Weekly tip")
    win.document.perform("Add series", lambda: service.add_series(tip, rule, skip=(ninth,)))
    section = section_of(win, win.service.posts(order="date")[0].id)
    qtbot.waitUntil(section.isVisible)
    # Rule edits not saved yet: every 2 weeks (typed), until 23 Nov.
    section.every_spin.setFocus()
    section.every_spin.selectAll()
    qtbot.keyClicks(section.every_spin, "2")
    section.until_edit.setDate(QDate(2026, 11, 23))
    edits = (section.every_spin.value(), section.until_edit.date())
    assert edits == (2, QDate(2026, 11, 23))

    def restore_ninth() -> None:
        menu = QApplication.activePopupWidget()
        assert menu is section.restore_menu, menu
        qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    section.restore_menu.aboutToShow.connect(lambda: QTimer.singleShot(0, restore_ninth))
    section.restore_button.setFocus()
    qtbot.keyClick(section.restore_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not section.skipped_label.isVisible())
    assert ninth in [p.date for p in win.service.posts(order="date")]
    assert (section.every_spin.value(), section.until_edit.date()) == edits
    assert section.series is not None and section.series.skipped == ()
    assert section.rule() is not None  # the edits are still there to be saved
    # Undoing the restore (the document's undo, as Edit › Undo does) lists the day again.
    win.document.undo_stack.undo()
    qtbot.waitUntil(lambda: section.skipped_label.text() == f"Skipped: {day_text(ninth)}")
    assert [a.text() for a in section.restore_menu.actions()] == [f"Restore {day_text(ninth)}"]
    assert (section.every_spin.value(), section.until_edit.date()) == edits
