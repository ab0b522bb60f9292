"""Planning by moving things around: drops between backlog and calendar, keyboard moves and bulk
changes of a multi-selection, each one service call and one undo step; filters in every view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import ScriptedPrompter
from planning_support import add_posts, close_window, draft, drop, open_window, undo_count
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Kind, Role, Status
from lmplanner.ui.views.calendar import MonthView, WeekView
from lmplanner.ui.window.main_window import AGENDA, MONTH, WEEK, MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TEN = dt.date(2026, 3, 10)


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


def month(win: MainWindow) -> MonthView:
    view = win.views[MONTH]
    assert isinstance(view, MonthView)
    return view


def cell(view: MonthView, day: dt.date) -> QPoint:
    rect = view.cell_rect(day)
    assert rect is not None
    return QPoint(round(rect.center().x()), round(rect.bottom() - 4))


def chip(view: MonthView | WeekView, post_id: int) -> QPoint:
    rect = view.chip_rect(post_id)
    assert rect is not None, f"post {post_id} has no chip"
    return rect.center().toPoint()


def test_a_backlog_idea_dropped_on_a_day_is_scheduled_in_one_undo_step(
    qtbot: QtBot, win: MainWindow
) -> None:
    idea, other = add_posts(
        win, draft("An idea", date=None), draft("Another idea", "leader", date=None)
    )
    win.backlog_dock.show()
    panel = win.backlog
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    assert panel.count_label.text() == "2 ideas"

    # The backlog drags the selected rows as the calendar's payload.
    row = panel.table.posts.rows_of([idea])[0]
    panel.table.selectRow(row)
    payload = panel.model.mimeData([panel.model.index(row, 0)])
    before = undo_count(win)
    target = dt.date(2026, 3, 18)
    assert drop(month(win), cell(month(win), target), payload)

    post = win.service.post(idea)
    assert (post.date, post.time, post.status) == (target, None, Status.DRAFT)
    assert undo_count(win) == before + 1 and win.undo_group.undoText() == "Move post"
    assert [p.id for p in month(win).posts_on(target)] == [idea]
    assert panel.model.rowCount() == 1 and panel.model.post_id(0) == other
    assert win.meter.report().manager == 1  # type: ignore[union-attr]

    win.undo_group.undo()
    post = win.service.post(idea)
    assert (post.date, post.status) == (None, Status.IDEA)
    assert panel.model.rowCount() == 2


def test_a_chip_dropped_on_the_backlog_is_unscheduled(qtbot: QtBot, win: MainWindow) -> None:
    (post_id,) = add_posts(win, draft("Webinar", time=dt.time(14, 0), status="scheduled"))
    win.backlog_dock.show()
    table = win.backlog.table
    assert table.posts.rowCount() == 0
    before = undo_count(win)
    assert drop(table.viewport(), table.viewport().rect().center(), [post_id])
    post = win.service.post(post_id)
    # Off its day, it loses its time; a scheduled post becomes a draft again.
    assert (post.date, post.time, post.status) == (None, None, Status.DRAFT)
    assert undo_count(win) == before + 1
    assert win.undo_group.undoText() == "Move to backlog"
    assert table.posts.rowCount() == 1 and not month(win).posts_on(TEN)
    win.undo_group.undo()
    post = win.service.post(post_id)
    assert (post.date, post.time, post.status) == (TEN, dt.time(14, 0), Status.SCHEDULED)


def test_a_chip_dropped_on_another_day_keeps_its_time(qtbot: QtBot, win: MainWindow) -> None:
    (post_id,) = add_posts(win, draft("Morning tip", time=dt.time(9, 30)))
    view = month(win)
    before = undo_count(win)
    target = dt.date(2026, 3, 24)
    assert drop(view, cell(view, target), [post_id])
    post = win.service.post(post_id)
    assert (post.date, post.time) == (target, dt.time(9, 30))
    assert undo_count(win) == before + 1
    # Dropping it back where it is is no step at all.
    assert drop(view, cell(view, target), [post_id])
    assert undo_count(win) == before + 1
    win.undo_group.undo()
    assert win.service.post(post_id).date == TEN


def test_a_drop_at_a_time_in_the_week_view_sets_the_time(qtbot: QtBot, win: MainWindow) -> None:
    idea, timed = add_posts(
        win, draft("Idea", date=None), draft("Timed", time=dt.time(9, 0), date=TEN)
    )
    qtbot.keyClick(win.current_view(), Qt.Key.Key_2, CTRL)
    assert win.view_mode() == WEEK
    view = win.current_view()
    assert isinstance(view, WeekView)
    column = view.column_rect(dt.date(2026, 3, 12))
    assert column is not None
    at_four = QPoint(round(column.center().x()), round(view.y_for_time(dt.time(16, 0))))
    before = undo_count(win)
    assert drop(view, at_four, [idea])
    post = win.service.post(idea)
    assert (post.date, post.time) == (dt.date(2026, 3, 12), dt.time(16, 0))
    assert undo_count(win) == before + 1

    # Several posts dropped at a time all get it, still one step.
    at_eleven = QPoint(round(column.center().x()), round(view.y_for_time(dt.time(11, 15))))
    assert drop(view, at_eleven, [idea, timed])
    assert {win.service.post(i).time for i in (idea, timed)} == {dt.time(11, 15)}
    assert undo_count(win) == before + 2
    win.undo_group.undo()
    assert win.service.post(timed).time == dt.time(9, 0)


def test_ctrl_click_then_ctrl_shift_arrows_move_the_selection_in_one_step(
    qtbot: QtBot, win: MainWindow
) -> None:
    first, second, third = add_posts(
        win,
        draft("Early", time=dt.time(8, 0)),
        draft("Late", time=dt.time(17, 45)),
        draft("Stays", time=dt.time(12, 0)),
    )
    view = month(win)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=chip(view, first))
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, CTRL, chip(view, second))
    assert sorted(win.selected_ids()) == sorted([first, second])
    before = undo_count(win)

    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL | SHIFT)
    moved = {i: win.service.post(i) for i in (first, second, third)}
    assert {moved[i].date for i in (first, second)} == {dt.date(2026, 3, 11)}
    assert (moved[first].time, moved[second].time) == (dt.time(8, 0), dt.time(17, 45))
    assert moved[third].date == TEN
    assert undo_count(win) == before + 1 and win.undo_group.undoText() == "Move 2 posts"
    assert sorted(win.selected_ids()) == sorted([first, second])  # the selection follows

    qtbot.keyClick(view, Qt.Key.Key_Down, CTRL | SHIFT)  # a week later
    assert win.service.post(first).date == dt.date(2026, 3, 18)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert {win.service.post(i).date for i in (first, second)} == {TEN}


def test_ctrl_a_in_a_day_then_a_bulk_role_change_is_one_undo_step(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = add_posts(
        win,
        draft("How to plan", kind=Kind.HOW_TO),
        draft("Price drop", kind=Kind.PROMOTION),
        draft("Our story", "leader", kind=Kind.STORY),
    )
    view = month(win)
    view.set_selected_date(TEN)
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    assert sorted(win.selected_ids()) == sorted(ids)
    assert win.meter.report().leader == 1  # type: ignore[union-attr]
    before = undo_count(win)
    role_menu = win.commands.role_menu
    assert role_menu is not None and role_menu.isEnabled()
    leader = next(a for a in role_menu.actions() if a.objectName() == "setRoleLeader")
    leader.trigger()
    posts = [win.service.post(i) for i in ids]
    assert {p.role for p in posts} == {Role.LEADER}
    assert [p.kind for p in posts] == [None, None, Kind.STORY]  # manager kinds cannot stay
    assert undo_count(win) == before + 1
    assert win.meter.report().leader == 3  # type: ignore[union-attr]
    # Back to manager: each post gets the kind it had as a manager post, in one more step.
    next(a for a in role_menu.actions() if a.objectName() == "setRoleManager").trigger()
    assert [win.service.post(i).kind for i in ids] == [Kind.HOW_TO, Kind.PROMOTION, None]
    assert undo_count(win) == before + 2
    win.undo_group.undo()
    assert [win.service.post(i).kind for i in ids] == [None, None, Kind.STORY]

    # Status and channel work the same way, each one step.
    status_menu = win.commands.status_menu
    assert status_menu is not None
    next(a for a in status_menu.actions() if a.objectName() == "setStatusScheduled").trigger()
    channel_menu = win.commands.channel_menu
    assert channel_menu is not None
    channel_menu.aboutToShow.emit()
    next(a for a in channel_menu.actions() if a.text() == "Instagram").trigger()
    assert {(p.status, p.channel) for p in map(win.service.post, ids)} == {
        (Status.SCHEDULED, "Instagram")
    }
    assert undo_count(win) == before + 3
    for _ in range(3):
        win.undo_group.undo()
    assert [win.service.post(i).role for i in ids] == [Role.MANAGER, Role.MANAGER, Role.LEADER]
    assert [win.service.post(i).kind for i in ids] == [Kind.HOW_TO, Kind.PROMOTION, Kind.STORY]


def test_duplicate_and_delete_of_a_selection_and_the_context_menu(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = add_posts(win, draft("One"), draft("Two"))
    view = month(win)
    view.select_posts(ids)
    menu = win.show_context_menu(view, chip(view, ids[0]))
    assert menu is not None
    labels = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert labels[:3] == ["Edit post…", "Duplicate", "Delete"]
    assert {"Move", "Set role", "Set status", "Set channel"} <= set(labels)
    menu.close()
    before = undo_count(win)
    win.commands.duplicate.trigger()
    assert win.service.count_posts() == 4 and undo_count(win) == before + 1
    view.select_posts(ids)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert win.service.count_posts() == 2 and undo_count(win) == before + 2
    win.undo_group.undo()
    assert win.service.count_posts() == 4


def test_filters_apply_to_every_view_and_the_meter_follows_channel_but_not_role(
    qtbot: QtBot, win: MainWindow
) -> None:
    add_posts(
        win,
        draft("LI leader", "leader", channel="LinkedIn"),
        draft("LI manager", channel="LinkedIn", date=dt.date(2026, 3, 11)),
        draft("LI manager 2", channel="LinkedIn", date=dt.date(2026, 3, 12)),
        draft("IG manager", channel="Instagram"),
        draft("IG manager 2", channel="Instagram", date=dt.date(2026, 3, 13)),
        draft("IG idea", channel="Instagram", date=None),
        draft("LI idea", "leader", channel="LinkedIn", date=None),
    )
    win.backlog_dock.show()
    bar = win.filter_bar
    meter = win.meter

    def shown(view_mode: str) -> set[str]:
        win.set_view_mode(view_mode)
        if view_mode == AGENDA:
            model = win.agenda.model
            return {model.record(r).title for r in range(model.rowCount())}  # type: ignore[union-attr]
        view = win.current_view()
        start, end = view.visible_range()
        days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        return {p.title for d in days for p in view.posts_on(d)}

    def backlog() -> set[str]:
        model = win.backlog.model
        return {model.record(r).title for r in range(model.rowCount())}  # type: ignore[union-attr]

    report = meter.report()
    assert report is not None and (report.leader, report.manager, report.backlog) == (1, 4, 2)
    assert not meter.filter_note.isVisible()

    bar.set_checked("channel", ["LinkedIn"])
    linkedin = {"LI leader", "LI manager", "LI manager 2"}
    for mode in (MONTH, WEEK, AGENDA):  # the week of the 11th holds all of them
        assert shown(mode) == linkedin, mode
    assert backlog() == {"LI idea"}
    report = meter.report()
    assert report is not None and (report.leader, report.manager, report.backlog) == (1, 2, 1)
    assert dict(report.filters) == {"channel": "LinkedIn"}
    assert meter.filter_note.text() == "Filtered: channel LinkedIn"
    assert bar.buttons["channel"].text().replace("&", "").startswith("Channel: LinkedIn")

    # A role filter narrows every view but never the meter: a share of leaders only means nothing.
    bar.set_checked("role", ["leader"])
    assert shown(MONTH) == {"LI leader"} and shown(AGENDA) == {"LI leader"}
    assert backlog() == {"LI idea"}
    report = meter.report()
    assert report is not None and (report.leader, report.manager) == (1, 2)
    assert "Role and status filters do not change the balance." in meter.filter_note.text()

    bar.clear()
    assert shown(MONTH) == linkedin | {"IG manager", "IG manager 2"}
    assert backlog() == {"IG idea", "LI idea"}
    assert meter.report().total == 5  # type: ignore[union-attr]
    assert not meter.filter_note.isVisible()


def test_the_filter_menus_follow_the_plans_names_and_stay_open(
    qtbot: QtBot, win: MainWindow
) -> None:
    add_posts(win, draft("By Ana", author="Ana", campaign="Spring"))
    bar = win.filter_bar
    authors = [a.text() for a in bar.menus["author"].actions()]
    assert authors == ["Ana"]
    assert [a.text() for a in bar.menus["campaign"].actions()] == ["Spring"]
    menu = bar.menus["author"]
    menu.popup(QPoint(10, 10))
    qtbot.waitExposed(menu)
    action = menu.actions()[0]
    menu.setActiveAction(action)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    assert action.isChecked() and menu.isVisible()  # ticking several needs the menu open
    assert win.post_filter is not None and win.post_filter.authors == ("Ana",)
    menu.close()
    # View > Filter offers the same menus for the keyboard.
    view_menu = win.commands.view_menu
    filter_menu = next(a.menu() for a in view_menu.actions() if a.text() == "&Filter")
    assert bar.menus["author"] in [a.menu() for a in filter_menu.actions()]
    QApplication.processEvents()


def test_edit_actions_follow_the_focus_into_the_backlog(qtbot: QtBot, win: MainWindow) -> None:
    idea, dated = add_posts(win, draft("Idea", date=None), draft("Dated"))
    view = month(win)
    view.select_posts([dated])
    win.backlog_dock.show()
    table = win.backlog.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.selectRow(0)
    assert win.selected_ids() == [idea]
    assert win.commands.delete.isEnabled()
    assert not win.commands.move_later.isEnabled()  # an idea has no day to move from
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert win.service.count_posts(backlog=True) == 0
    assert win.service.post(dated).date == TEN  # the calendar's selection was left alone
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    editor = win.editor()
    assert editor is not None and editor.post_id == idea
    editor.reject()
    qtbot.waitUntil(lambda: win.editor() is None)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.select_posts([dated])
    assert win.selected_ids() == [dated] and win.commands.move_later.isEnabled()
