"""Edit > Post history… / Plan history… and File > Sign-offs…: opened from the keyboard and the
menus, following the plan live, filtering by person; sign-off one undo step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import ScriptedPrompter
from planning_support import add_posts, close_window, draft, open_window
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QTreeWidget
from pytestqt.qtbot import QtBot

from lmplanner.ui.dates import day_text
from lmplanner.ui.dialogs.history_dialog import HistoryDialog
from lmplanner.ui.dialogs.signoff_dialog import SignoffDialog
from lmplanner.ui.views.calendar import MonthView
from lmplanner.ui.window.main_window import MainWindow
from lmplanner.ui.window.view_switcher import MONTH

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setenv("LMPLANNER_USER", "Ana Ruiz")
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


def top_texts(tree: QTreeWidget, column: int = 2) -> list[str]:
    return [tree.topLevelItem(i).text(column) for i in range(tree.topLevelItemCount())]  # type: ignore[union-attr]


def dialog_of(kind: type, qtbot: QtBot) -> object:
    found: list[object] = []

    def shown() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown)
    return found[0]


def test_plan_history_from_the_keyboard_follows_changes_live(qtbot: QtBot, win: MainWindow) -> None:
    assert win.document is not None
    (pid,) = add_posts(win, draft("Launch"))
    service = win.document.service
    win.document.perform("Edit", lambda: service.update_post(pid, {"title": "Launch day"}))
    qtbot.keyClick(win.current_view(), Qt.Key.Key_H, CTRL | SHIFT)
    dialog = dialog_of(HistoryDialog, qtbot)
    assert isinstance(dialog, HistoryDialog)
    assert dialog.post_id is None
    assert top_texts(dialog.tree) == ["Edit post", "Add posts"]
    assert top_texts(dialog.tree, 1) == ["Ana Ruiz", "Ana Ruiz"]
    first = dialog.tree.topLevelItem(0)
    assert first is not None
    assert first.child(0).text(2) == "“Launch day” — Title: Launch → Launch day"  # type: ignore[union-attr]

    win.activateWindow()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_Z, CTRL)  # undo: recorded, shown at once
    qtbot.waitUntil(lambda: top_texts(dialog.tree)[0] == "Undo: Edit post")


def test_filter_by_person(qtbot: QtBot, win: MainWindow) -> None:
    from lmplanner.core.services import PlanService

    assert win.document is not None
    (pid,) = add_posts(win, draft("Launch"))
    ben = PlanService(win.document.plan, actor="Ben")
    win.document.perform("Edit", lambda: ben.update_post(pid, {"title": "Launch day"}))
    win.plan_files.show_history()
    dialog = dialog_of(HistoryDialog, qtbot)
    assert isinstance(dialog, HistoryDialog)
    combo = dialog.person
    assert [combo.itemText(i) for i in range(combo.count())] == ["Everyone", "Ana Ruiz", "Ben"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last person: Ben
    assert top_texts(dialog.tree, 1) == ["Ben"]
    assert dialog.summary.text() == "1 change."


def test_post_history_of_the_selected_post(qtbot: QtBot, win: MainWindow) -> None:
    assert win.document is not None
    first, other = add_posts(win, draft("Launch"), draft("Other", date=dt.date(2026, 3, 12)))
    service = win.document.service
    win.document.perform("Move", lambda: service.move_posts([first], to_date=dt.date(2026, 3, 17)))
    win.document.perform("Edit", lambda: service.update_post(other, {"title": "Other 2"}))
    view = win.views[MONTH]
    assert isinstance(view, MonthView)
    view.select_posts([first])
    qtbot.keyClick(view, Qt.Key.Key_H, CTRL)
    dialog = dialog_of(HistoryDialog, qtbot)
    assert isinstance(dialog, HistoryDialog)
    assert dialog.post_id == first
    assert dialog.windowTitle() == "History of “Launch”"
    assert top_texts(dialog.tree) == [
        "Move 1 post" if False else top_texts(dialog.tree)[0],
        "Add posts",
    ]
    moved = dialog.tree.topLevelItem(0)
    assert moved is not None
    assert [moved.child(i).text(2) for i in range(moved.childCount())] == [  # type: ignore[union-attr]
        f"Date: {day_text(dt.date(2026, 3, 10))} → {day_text(dt.date(2026, 3, 17))}"
    ]
    # The dialog writes days as the locale does; the CLI's history keeps ISO days.
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        dialog.refresh()
        moved = dialog.tree.topLevelItem(0)
        assert moved is not None
        assert moved.child(0).text(2) == "Date: Di., 10. März 2026 → Di., 17. März 2026"  # type: ignore[union-attr]
    finally:
        QLocale.setDefault(before)


def test_sign_off_a_month_and_see_what_changed_since(qtbot: QtBot, win: MainWindow) -> None:
    assert win.document is not None
    (pid,) = add_posts(win, draft("Launch"))
    win.commands.signoffs.trigger()  # File > Sign-offs…
    dialog = dialog_of(SignoffDialog, qtbot)
    assert isinstance(dialog, SignoffDialog)
    assert dialog.chosen_month().start == dt.date(2026, 3, 1)  # the month the window shows
    assert dialog.empty.isVisible()
    qtbot.keyClicks(dialog.note, "OK for March")
    qtbot.mouseClick(dialog.sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1)
    row = dialog.tree.topLevelItem(0)
    assert row is not None
    assert [row.text(i) for i in (0, 1, 3)] == ["March 2026", "Ana Ruiz", "OK for March"]
    assert row.child(0).text(0) == "No changes since"  # type: ignore[union-attr]
    assert dialog.note.text() == ""

    service = win.document.service
    win.document.perform("Edit", lambda: service.update_post(pid, {"title": "Launch day"}))
    qtbot.waitUntil(
        lambda: "Changed since sign-off: 1 post" in dialog.tree.topLevelItem(0).child(0).text(0)
    )  # type: ignore[union-attr]
    status = dialog.tree.topLevelItem(0).child(0)  # type: ignore[union-attr]
    assert status.child(0).text(0) == f"“Launch day” ({day_text(dt.date(2026, 3, 10))})"  # type: ignore[union-attr]

    win.document.undo_stack.undo()  # the edit
    win.document.undo_stack.undo()  # the sign-off: one undo step
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 0)
    assert service.signoffs() == []


def test_closing_the_dialog_then_changing_the_plan(qtbot: QtBot, win: MainWindow) -> None:
    assert win.document is not None
    (pid,) = add_posts(win, draft("Launch"))
    win.plan_files.show_history()
    dialog = dialog_of(HistoryDialog, qtbot)
    assert isinstance(dialog, HistoryDialog)
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    service = win.document.service
    assert win.document.perform("Edit", lambda: service.update_post(pid, {"title": "Later"}))


def test_comments_show_in_their_posts_history_and_the_plans(qtbot: QtBot, win: MainWindow) -> None:
    assert win.document is not None
    first, other = add_posts(win, draft("Launch"), draft("Other", date=dt.date(2026, 3, 12)))
    service = win.document.service
    added = win.document.perform("Comment", lambda: service.add_comment(first, "Name the venue"))
    assert added is not None
    (cid,) = added.created("comment")
    win.document.perform("Resolve", lambda: service.resolve_comment(cid))
    win.document.perform("Comment", lambda: service.add_comment(other, "Shorter"))
    view = win.views[MONTH]
    assert isinstance(view, MonthView)
    view.select_posts([first])
    qtbot.keyClick(view, Qt.Key.Key_H, CTRL)  # Post history… of the selected post
    dialog = dialog_of(HistoryDialog, qtbot)
    assert isinstance(dialog, HistoryDialog) and dialog.post_id == first
    assert top_texts(dialog.tree) == ["Resolve comment", "Add comment", "Add posts"]
    children = [dialog.tree.topLevelItem(i).child(0).text(2) for i in range(2)]  # type: ignore[union-attr]
    assert children == ["Comment resolved", "Comment added: Name the venue"]
    dialog.reject()

    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win.current_view(), Qt.Key.Key_H, CTRL | SHIFT)  # Plan history…
    plan = dialog_of(HistoryDialog, qtbot)
    assert isinstance(plan, HistoryDialog) and plan.post_id is None
    texts = [plan.tree.topLevelItem(i).child(0).text(2) for i in range(3)]  # type: ignore[union-attr]
    assert texts == [
        "“Other” — Comment added: Shorter",
        "“Launch” — Comment resolved",
        "“Launch” — Comment added: Name the venue",
    ]
