"""Start-up: the month is painted from a snapshot before the data layer is loaded, looks the same
once the plan has attached, and nothing can be edited in between."""

from __future__ import annotations

import datetime as dt
import os
import threading
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, close_message_boxes
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QWidget
from pytestqt.qtbot import QtBot

from lmplanner.core.demo import create_demo
from lmplanner.core.domain import Status
from lmplanner.core.services import PlanService
from lmplanner.core.store import open_plan
from lmplanner.ui.startup import Startup
from lmplanner.ui.window.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class HeldStartup(Startup):
    """A start-up whose data layer arrives only when the test says so."""

    def __init__(self, window: MainWindow, location: str) -> None:
        super().__init__(window, location)
        self.go = threading.Event()
        self.loading = threading.Event()  # painted, and the data layer's loader has started
        self.attached = False  # the loader's signal has arrived on the UI thread

    def _load(self) -> None:
        self.loading.set()
        self.go.wait(30)
        super()._load()

    def _attach(self) -> None:
        super()._attach()
        self.attached = True


def start(qtbot: QtBot, win: MainWindow, plan: Path) -> HeldStartup:
    startup = HeldStartup(win, str(plan))
    startup.window_painted()
    if startup.snapshot_shown:  # painted and laid out, data layer held back
        qtbot.waitUntil(startup.loading.is_set)
        qtbot.waitUntil(lambda: startup.review_counted)  # the status bar's count, read aside
    return startup


def attach(qtbot: QtBot, startup: HeldStartup) -> None:
    startup.go.set()
    qtbot.waitUntil(lambda: startup.attached, timeout=30_000)
    assert startup.window.document is not None


def shown_window(qtbot: QtBot) -> MainWindow:
    win = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def image(widget: QWidget) -> QImage:
    return widget.grab().toImage()


def looks(win: MainWindow) -> dict[str, object]:
    """What a person sees of the plan: month, meter, toolbar buttons, title and the banner."""
    return {
        "window": image(win),
        "view": image(win.current_view()),
        "meter": image(win.meter),
        "toolbar": [(a.text(), a.isEnabled()) for a in win.toolbar.actions()],
        "title": win.windowTitle(),
        "period": win.period_label.text(),
        "banner": win.plan_banner.text(),
        "actions": [(a.objectName(), a.isEnabled()) for a in win.commands.plan_actions()],
    }


def test_the_snapshot_looks_exactly_like_the_attached_plan(qtbot: QtBot, demo_plan: Path) -> None:
    win = shown_window(qtbot)
    startup = start(qtbot, win, demo_plan)
    assert startup.snapshot_shown and win.document is None  # painted without the data layer
    view = win.current_view()
    assert view.first_weekday() == 6 and len(view.posts_on(TODAY)) >= 1
    assert win.meter.report() is not None and win.meter.report().total > 20  # type: ignore[union-attr]
    before = looks(win)
    assert before["title"] == "Spring plan — LM Planner"
    attach(qtbot, startup)
    after = looks(win)
    assert after == before
    assert win.meter.report() == win.service.balance(win.current_period())
    close_message_boxes()


def test_browsing_works_from_snapshots_and_a_change_waits_for_the_document(
    qtbot: QtBot, demo_plan: Path
) -> None:
    win = shown_window(qtbot)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    startup = start(qtbot, win, demo_plan)
    assert QApplication.overrideCursor() is None  # nothing to wait for while looking around
    view = win.current_view()
    view.setFocus()
    period = win.period_label.text()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # the next month, read from a snapshot
    assert win.period_label.text() != period and win.document is None
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert win.period_label.text() == period and win.document is None
    assert len(view.posts_on(TODAY)) >= 1 and win.meter.report() is not None
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton)  # selecting a day is looking, too
    assert win.document is None and not startup.attached
    startup.go.set()  # the loader may finish; its signal has not been delivered yet
    qtbot.keyClick(view, Qt.Key.Key_N, CTRL)  # New post: waits for the document, then opens
    assert win.document is not None and startup.attached
    qtbot.waitUntil(lambda: win.editor() is not None)
    assert QApplication.overrideCursor() is None
    win.editor().reject()  # type: ignore[union-attr]
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert win.period_label.text() != period


def test_browsing_reads_just_the_days_shown(
    qtbot: QtBot, demo_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first snapshot learns the plan's first day of the week and reads the days shown in
    those weeks; later periods are read for exactly the days they show."""
    from lmplanner.core.store import snapshot

    ranges: list[tuple[dt.date, dt.date]] = []  # the days each snapshot holds
    real_read = snapshot.read_snapshot

    def recorded(
        path: Path, first: dt.date, last: dt.date, *, days_for: snapshot.DaysFor | None = None
    ) -> snapshot.PlanSnapshot | None:
        read = real_read(path, first, last, days_for=days_for)
        assert read is not None
        ranges.append((read.start, read.end))
        return read

    monkeypatch.setattr(snapshot, "read_snapshot", recorded)
    win = shown_window(qtbot)
    view = win.current_view()
    before = view.visible_range()  # Monday weeks until the plan says otherwise
    startup = start(qtbot, win, demo_plan)
    assert view.first_weekday() == 6  # the plan's Sunday weeks, from that first read
    shown = view.visible_range()
    assert shown != before and ranges == [shown]  # no week's margin either side
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert win.document is None and view.visible_range() != shown
    assert ranges[1:] == [view.visible_range()]
    assert view.visible_range()[0].weekday() == 6  # still Sunday weeks
    qtbot.keyClick(view, Qt.Key.Key_2, CTRL)  # the week view: a week of the days read
    week = win.current_view()
    assert week is not view and win.document is None and len(ranges) == 2
    assert week.visible_range()[0].weekday() == 6  # covered by the month's read: none more
    attach(qtbot, startup)
    close_message_boxes()


def test_the_agenda_brings_the_document_in(qtbot: QtBot, demo_plan: Path) -> None:
    win = shown_window(qtbot)
    startup = start(qtbot, win, demo_plan)
    startup.go.set()
    win.current_view().setFocus()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)  # the agenda needs the services
    assert win.document is not None and win.agenda.isVisible()


def test_an_agenda_made_while_the_plan_loads_says_loading_not_empty(
    qtbot: QtBot, demo_plan: Path
) -> None:
    win = shown_window(qtbot)
    startup = start(qtbot, win, demo_plan)
    agenda = win.switcher.agenda  # made now, as Ctrl+3 makes it, before the plan is there
    assert win.document is None and agenda.loading()
    assert agenda.table.placeholder() == "Loading the plan…"
    assert agenda.count_label.text() == "Loading…"
    assert "No posts" not in agenda.table.placeholder() + agenda.count_label.text()
    startup.go.set()
    win.current_view().setFocus()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)
    assert win.document is not None and not agenda.loading()
    qtbot.waitUntil(lambda: agenda.model.rowCount() > 0)
    assert agenda.count_label.text().startswith(f"{agenda.model.rowCount()} posts in ")
    assert agenda.table.placeholder().startswith("No posts here.")


def test_a_read_only_plan_says_so_from_the_first_paint(
    qtbot: QtBot, demo_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    win = shown_window(qtbot)
    startup = start(qtbot, win, demo_plan)
    assert startup.snapshot_shown
    before = looks(win)
    assert "read-only" in str(before["banner"]) and str(before["title"]).endswith(
        "(read-only) — LM Planner"
    )
    assert not win.commands.new_post.isEnabled()
    assert not win.plan_banner.icon.pixmap().isNull()  # the notice's icon comes with its text
    attach(qtbot, startup)
    assert win.document is not None and win.document.readonly
    assert looks(win) == before


def test_plans_the_snapshot_cannot_stand_in_for_open_the_normal_way(
    qtbot: QtBot, plan_path: Path, tmp_path: Path
) -> None:
    win = shown_window(qtbot)
    new_plan = tmp_path / "new.lmplan"
    startup = Startup(win, str(new_plan))
    startup.window_painted()  # no file yet: created and opened at once, welcome panel
    assert not startup.snapshot_shown and win.document is not None and win.welcome_visible()
    other = shown_window(qtbot)
    open_plan(plan_path).close()  # an empty plan: maybe the welcome panel, the document decides
    startup = Startup(other, str(plan_path))
    startup.window_painted()
    assert not startup.snapshot_shown and other.document is not None


def test_the_start_up_order_survives_a_month_far_from_today(qtbot: QtBot, plan_path: Path) -> None:
    with open_plan(plan_path) as plan:  # posts only in another year: the month shown is empty
        create_demo(PlanService(plan), 2020, 1)
    win = shown_window(qtbot)
    startup = start(qtbot, win, plan_path)
    assert startup.snapshot_shown  # the backlog says the plan is not empty
    assert win.current_view().posts_on(TODAY) == []
    attach(qtbot, startup)
    assert not win.welcome_visible()
    assert win.current_period().start == dt.date(TODAY.year, TODAY.month, 1)


def test_closing_the_window_while_the_plan_loads(qtbot: QtBot, demo_plan: Path) -> None:
    win = shown_window(qtbot)
    startup = start(qtbot, win, demo_plan)
    win.close()
    startup.go.set()
    startup.wait()
    qtbot.waitUntil(lambda: startup.attached)  # the loader's signal: a closed window is left alone
    assert win.document is None
    assert QApplication.overrideCursor() is None  # and the busy cursor is gone


def test_the_backlog_never_looks_empty_while_the_plan_loads(qtbot: QtBot, demo_plan: Path) -> None:
    win = shown_window(qtbot)
    panel = win.backlog
    assert panel.count_label.text() == "Loading…"  # before anything is known
    startup = start(qtbot, win, demo_plan)
    assert startup.snapshot_shown and win.document is None
    assert panel.count_label.text() == "4 ideas"  # the snapshot's count, as the meter says
    assert panel.table.placeholder() == "Loading…"  # not "No ideas waiting"
    attach(qtbot, startup)
    win.backlog_dock.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    assert panel.count_label.text() == "4 ideas"
    assert panel.table.placeholder().startswith("No ideas waiting")  # true from now on
    close_message_boxes()


# ------------------------------------------------------------------ parts made when first shown
def agenda_titles(win: MainWindow) -> list[str]:
    model = win.agenda.model
    return [model.record(row).title for row in range(model.rowCount())]  # type: ignore[union-attr]


def test_the_agenda_is_made_when_first_shown_while_the_plan_loads(
    qtbot: QtBot, demo_plan: Path
) -> None:
    win = shown_window(qtbot)
    assert win.views.agenda is None  # not built for the first paint
    startup = start(qtbot, win, demo_plan)
    view = win.current_view()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)  # browsing from snapshots does not make it
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert win.views.agenda is None and win.document is None
    startup.go.set()
    qtbot.keyClick(view, Qt.Key.Key_3, CTRL)  # waits for the document, then the agenda
    agenda = win.views.agenda
    assert agenda is not None and win.document is not None and agenda.isVisible()
    assert agenda.table.hasFocus()
    period = win.current_period()
    shown = win.service.posts(start=period.start, end=period.end)  # type: ignore[union-attr]
    assert sorted(agenda_titles(win)) == sorted(p.title for p in shown) != []
    # Colours handed to the views before it existed reach it too.
    channel = agenda.model.column_of("channel")
    icon = agenda.model.index(0, channel).data(Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()
    qtbot.keyClick(agenda.table, Qt.Key.Key_1, CTRL)
    assert win.view_mode() == "month" and win.views.agenda is agenda  # made once


def test_the_agenda_made_after_loading_keeps_its_columns(
    qtbot: QtBot, demo_plan: Path, tmp_path: Path
) -> None:
    win = shown_window(qtbot)
    attach(qtbot, start(qtbot, win, demo_plan))
    assert win.views.agenda is None
    win.current_view().setFocus()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)
    assert win.views.agenda is not None and win.agenda.isVisible() and agenda_titles(win)
    header = win.agenda.table.horizontalHeader()
    kind = win.agenda.model.column_of("kind")
    assert not header.isSectionHidden(kind)
    header.hideSection(kind)
    qtbot.keyClick(win.agenda.table, Qt.Key.Key_1, CTRL)
    win.close()  # the layout is kept, the agenda's columns with it
    again = MainWindow(prompter=ScriptedPrompter(), today=TODAY, settings=win.settings)
    qtbot.addWidget(again)
    assert again.views.agenda is None  # the window left on the month: no agenda yet
    assert again.open_plan_at(demo_plan)
    again.show()
    qtbot.waitExposed(again)
    again.current_view().setFocus()
    qtbot.keyClick(again.current_view(), Qt.Key.Key_3, CTRL)
    assert again.agenda.table.horizontalHeader().isSectionHidden(kind)
    again.close()
    third = MainWindow(prompter=ScriptedPrompter(), today=TODAY, settings=win.settings)
    qtbot.addWidget(third)
    assert third.view_mode() == "month" and third.views.agenda is None


def test_the_backlog_panel_is_made_when_the_dock_is_first_shown(
    qtbot: QtBot, demo_plan: Path
) -> None:
    win = shown_window(qtbot)
    dock = win.backlog_dock
    assert dock.isHidden() and dock.made is None  # a narrow screen: hidden, not built
    startup = start(qtbot, win, demo_plan)
    toggle = win.findChild(QAction, "toggleBacklog")
    assert toggle is not None
    toggle.trigger()  # View > Show backlog while the plan loads: the snapshot's count
    qtbot.waitUntil(dock.isVisible)
    panel = dock.made
    assert panel is not None and panel.count_label.text() == "4 ideas"
    assert panel.table.placeholder() == "Loading…"
    assert win.document is None
    attach(qtbot, startup)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    assert panel.table.placeholder().startswith("No ideas waiting")
    win.current_view().setFocus()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_B, CTRL | SHIFT)  # hidden again, still there
    assert dock.isHidden() and dock.made is panel
    qtbot.keyClick(win.current_view(), Qt.Key.Key_B, CTRL | SHIFT)
    qtbot.waitUntil(dock.isVisible)
    assert dock.made is panel and panel.model.rowCount() == 4


def test_the_backlog_shown_with_the_keyboard_after_loading(qtbot: QtBot, demo_plan: Path) -> None:
    win = shown_window(qtbot)
    attach(qtbot, start(qtbot, win, demo_plan))
    assert win.backlog_dock.made is None
    view = win.current_view()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_B, CTRL | SHIFT)
    qtbot.waitUntil(win.backlog_dock.isVisible)
    panel = win.backlog_dock.made
    assert panel is not None
    qtbot.waitUntil(lambda: panel.model.rowCount() == 4)
    assert panel.count_label.text() == "4 ideas"
    first = panel.table.visualRect(panel.model.index(0, 0)).center()
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=first)
    qtbot.waitUntil(lambda: panel.selected_post_ids() != [])
    assert win.selected_ids() == panel.selected_post_ids()  # Edit acts on the backlog's idea
    assert win.commands.edit_post.isEnabled() and not win.commands.to_backlog.isEnabled()
    close_message_boxes()


def test_the_count_of_posts_in_review_is_read_beside_the_first_paint(
    qtbot: QtBot, demo_plan: Path
) -> None:
    with open_plan(demo_plan) as plan:
        service = PlanService(plan)
        for post in service.posts()[:2]:
            service.update_post(post.id, {"status": Status.DRAFT})
            service.submit_for_review([post.id])
        assert service.waiting_for_review() == 2
    win = shown_window(qtbot)
    startup = start(qtbot, win, demo_plan)  # waits for the count, read on a thread of its own
    label = win.review_status.waiting_label
    assert win.document is None and startup.review_counted
    assert not label.isHidden() and label.text() == "2 posts waiting for review"
    win.current_view().setFocus()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_PageDown)  # browsing keeps it
    assert win.document is None and label.text() == "2 posts waiting for review"
    attach(qtbot, startup)
    assert not label.isHidden() and label.text() == "2 posts waiting for review"
    close_message_boxes()


def test_garbage_collection_resumes_once_the_plan_has_attached(
    qtbot: QtBot, demo_plan: Path
) -> None:
    """run() pauses the cyclic collector for the start-up; the attached plan turns it back on."""
    import gc

    win = shown_window(qtbot)
    gc.disable()  # as run() leaves it before the window is made
    try:
        startup = start(qtbot, win, demo_plan)
        assert not gc.isenabled()  # browsing the snapshot: still paused
        attach(qtbot, startup)
        assert gc.isenabled()
    finally:
        gc.enable()


def test_a_part_made_while_the_snapshot_shows_is_gated_too(qtbot: QtBot, demo_plan: Path) -> None:
    """The gate watches the window's widgets, each as it is polished: the backlog panel, made when
    its dock is first shown during loading, brings the document in on a click; a dialog of the
    window's is its own business."""
    win = shown_window(qtbot)
    startup = start(qtbot, win, demo_plan)
    toggle = win.findChild(QAction, "toggleBacklog")
    assert toggle is not None
    if win.backlog_dock.isHidden():
        toggle.trigger()
    qtbot.waitUntil(win.backlog_dock.isVisible)
    panel = win.backlog_dock.made
    assert panel is not None and win.document is None
    from PySide6.QtWidgets import QDialog, QLineEdit

    dialog = QDialog(win)
    field = QLineEdit(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(field, "x")  # typing in a dialog of the window's: no document needed
    assert win.document is None and field.text() == "x"
    dialog.close()
    startup.go.set()  # the loader may finish; its signal has not been delivered yet
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton)
    assert win.document is not None and startup.attached


def test_the_agenda_made_later_takes_its_place_in_the_tab_order(
    qtbot: QtBot, demo_plan: Path
) -> None:
    """Made on first use, the agenda's controls still follow the other views in the Tab order,
    not every other control of the window: Tab from the week view reaches its search field."""
    win = shown_window(qtbot)
    attach(qtbot, start(qtbot, win, demo_plan))
    win.current_view().setFocus()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)
    agenda = win.views.agenda
    assert agenda is not None and agenda.isVisible()
    chain, widget = [], win.views.week.nextInFocusChain()
    while len(chain) < 12 and widget is not win.views.week:
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain[0] is agenda.search
    assert agenda.table in chain
    agenda.search.setFocus()
    qtbot.waitUntil(agenda.search.hasFocus)
    qtbot.keyClick(agenda.search, Qt.Key.Key_Backtab)  # back to what comes before the views
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName() == "statusFilterButton"


def test_the_view_menu_shows_the_style_icons_of_previous_and_next(qtbot: QtBot) -> None:
    # The icons are asked of the style when the View menu first opens (the toolbar shows text).
    win = shown_window(qtbot)
    menu = win.findChild(QMenu, "viewMenu")
    assert menu is not None
    shown = (win.commands.previous, win.commands.next)
    bar = win.menuBar()
    at = bar.actionGeometry(menu.menuAction()).center()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=at)
    qtbot.waitUntil(menu.isVisible)
    assert all(not action.icon().isNull() for action in shown)
    for action, pixmap in zip(shown, ("SP_ArrowBack", "SP_ArrowForward"), strict=True):
        expected = win.style().standardIcon(QStyle.StandardPixmap[pixmap]).pixmap(16, 16)
        assert action.icon().pixmap(16, 16).toImage() == expected.toImage()
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())
