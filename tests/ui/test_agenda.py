"""The agenda: a table paged in from the services, sorted and searched by the query, quick with
50 000 posts; Ctrl+F, Enter, Del and Ctrl+A work on it as on the calendar."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_support import ScriptedPrompter
from planning_support import add_posts, close_window, draft, open_window, undo_count
from PySide6.QtCore import QLocale, QMimeData, QPoint, Qt
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Role
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.ui.operations import posts as ops
from lmplanner.ui.views.calendar.mime import decode_post_ids
from lmplanner.ui.window.main_window import AGENDA, MONTH, MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


def titles(win: MainWindow) -> list[str]:
    model = win.agenda.model
    return [model.record(row).title for row in range(model.rowCount())]  # type: ignore[union-attr]


def column(win: MainWindow, key: str) -> int:
    return win.agenda.model.column_of(key)


def test_agenda_lists_the_month_sorts_by_any_column_and_searches(
    qtbot: QtBot, win: MainWindow
) -> None:
    add_posts(
        win,
        draft("Webinar recap", date=dt.date(2026, 3, 20), body="Slides inside"),
        draft("about our roadmap", "leader", date=dt.date(2026, 3, 5), time=dt.time(9, 0)),
        draft("Customer story", "leader", date=dt.date(2026, 3, 5), channel="Blog"),
        draft("April fool", date=dt.date(2026, 4, 1)),
        draft("An idea", date=None),
    )
    qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)
    assert win.view_mode() == AGENDA and win.agenda.table.hasFocus()
    # The month, by date and time (untimed first, as on the calendar).
    assert titles(win) == ["Customer story", "about our roadmap", "Webinar recap"]
    assert win.agenda.count_label.text() == "3 posts in March 2026"
    model = win.agenda.model
    assert model.index(0, column(win, "role")).data() == "Leader"
    assert model.index(0, column(win, "role")).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(1, column(win, "time")).data() == "09:00"
    assert model.index(0, column(win, "channel")).data() == "Blog"

    header = win.agenda.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(column(win, "title")) + 10, 5),
    )
    assert (model.order, model.descending) == ("title", False)
    assert titles(win) == ["about our roadmap", "Customer story", "Webinar recap"]
    win.agenda.table.sortByColumn(column(win, "title"), Qt.SortOrder.DescendingOrder)
    assert titles(win) == ["Webinar recap", "Customer story", "about our roadmap"]
    win.agenda.table.sortByColumn(column(win, "channel"), Qt.SortOrder.AscendingOrder)
    assert titles(win)[0] == "Customer story"  # Blog before LinkedIn

    # Search: titles and bodies, any case, debounced; the whole plan takes in the backlog.
    qtbot.keyClicks(win.agenda.search, "SLIDES")
    qtbot.waitUntil(lambda: titles(win) == ["Webinar recap"], timeout=2000)
    win.agenda.search.clear()
    qtbot.waitUntil(lambda: len(titles(win)) == 3, timeout=2000)
    win.agenda.whole_plan.setChecked(True)
    assert len(titles(win)) == 5
    assert win.agenda.count_label.text() == "5 posts"
    backlog_row = titles(win).index("An idea")
    assert model.index(backlog_row, column(win, "date")).data() == "Backlog"


def test_a_search_without_matches_says_so(qtbot: QtBot, win: MainWindow) -> None:
    add_posts(win, draft("Webinar recap", date=dt.date(2026, 3, 20)))
    qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)
    table = win.agenda.table
    assert table.placeholder() == "No posts here. Ctrl+N plans one on the month."
    qtbot.keyClicks(win.agenda.search, "zebra")
    qtbot.waitUntil(lambda: titles(win) == [] and "zebra" in table.placeholder(), timeout=2000)
    assert table.placeholder() == "No posts match “zebra”."
    win.agenda.search.clear()
    qtbot.waitUntil(lambda: titles(win) == ["Webinar recap"], timeout=2000)
    assert table.placeholder() == "No posts here. Ctrl+N plans one on the month."


def test_ctrl_f_enter_ctrl_a_and_delete_in_the_agenda(qtbot: QtBot, win: MainWindow) -> None:
    ids = add_posts(win, draft("First"), draft("Second", date=dt.date(2026, 3, 12)))
    assert win.view_mode() == MONTH
    qtbot.keyClick(win.current_view(), Qt.Key.Key_F, CTRL)
    assert win.view_mode() == AGENDA
    assert QApplication.focusWidget() is win.agenda.search
    qtbot.keyClicks(win.agenda.search, "Second")
    qtbot.keyClick(win.agenda.search, Qt.Key.Key_Return)  # no need to wait for the debounce
    assert titles(win) == ["Second"]
    win.agenda.search.clear()
    win.agenda.reload()

    table = win.agenda.table
    table.setFocus()
    table.setCurrentIndex(win.agenda.model.index(1, 0))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    editor = win.editor()
    assert editor is not None and editor.post_id == ids[1]
    editor.reject()
    qtbot.waitUntil(lambda: win.editor() is None)

    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, CTRL)
    assert table.all_selected() and win.selected_ids() == ids
    assert win.commands.move_later.isEnabled()
    before = undo_count(win)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert win.service.count_posts() == 0 and undo_count(win) == before + 1
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert titles(win) == ["First", "Second"]


def test_rows_drag_as_the_calendar_payload(
    qtbot: QtBot, win: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = add_posts(win, draft("Idea one", date=None), draft("Idea two", date=None))
    win.backlog_dock.show()
    table = win.backlog.table
    table.selectAll()
    dragged: list[QMimeData] = []

    class FakeDrag:
        def __init__(self, source: object) -> None:
            pass

        def setMimeData(self, mime: QMimeData) -> None:
            dragged.append(mime)

        def setPixmap(self, pixmap: Any) -> None:
            assert not pixmap.isNull()

        def exec(self, *args: Any) -> Qt.DropAction:
            return Qt.DropAction.MoveAction

    monkeypatch.setattr("lmplanner.ui.views.post_table.QDrag", FakeDrag)
    table.startDrag(Qt.DropAction.MoveAction)
    assert sorted(decode_post_ids(dragged[0])) == sorted(ids)
    assert table.posts.rowCount() == 2  # a move is the drop target's job, not a row removal


def test_a_bulk_role_change_on_the_agenda_selection_is_one_undo_step(
    qtbot: QtBot, win: MainWindow
) -> None:
    ids = add_posts(win, *(draft(f"Tip {n}", date=dt.date(2026, 3, 1 + n)) for n in range(6)))
    win.set_view_mode(AGENDA)
    table = win.agenda.table
    table.setFocus()
    table.select_rows([1, 2, 4])
    chosen = [ids[1], ids[2], ids[4]]
    assert win.selected_ids() == chosen
    before = undo_count(win)
    ops.set_role(win.document, win.selected_ids(), Role.LEADER)
    assert [win.service.post(i).role for i in ids].count(Role.LEADER) == 3
    assert undo_count(win) == before + 1
    assert win.agenda.selected_post_ids() == chosen  # kept by id across the reload
    assert win.meter.report().leader == 3  # type: ignore[union-attr]
    win.undo_group.undo()
    assert {win.service.post(i).role for i in ids} == {Role.MANAGER}

    # Ctrl+Shift+Right moves the agenda's selection a day later, in one step.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Right, CTRL | SHIFT)
    assert [win.service.post(i).date.day for i in chosen] == [3, 4, 6]  # type: ignore[union-attr]
    assert win.undo_group.undoText() == "Move 3 posts"  # replaces the undone step
    assert win.agenda.selected_post_ids() == chosen


def build_big_plan(path: Path, count: int = 50_000) -> None:
    rng = random.Random(7)
    words = [
        "launch",
        "vision",
        "story",
        "tips",
        "webinar",
        "how",
        "why",
        "roadmap",
        "pricing",
        "team",
        "hiring",
    ]
    channels = ["LinkedIn", "Instagram", "X", "Newsletter", "Blog"]
    start = dt.date(2020, 1, 1)
    plan = open_plan(path, create=True)
    try:
        service = PlanService(plan)
        for chunk in range(0, count, 5000):
            service.add_posts(
                [
                    PostDraft(
                        title=f"{rng.choice(words).title()} {rng.choice(words)} {n}",
                        role="leader" if n % 3 == 0 else "manager",
                        channel=channels[n % 5],
                        date=start + dt.timedelta(days=n % 3650) if n % 50 else None,
                    )
                    for n in range(chunk, min(count, chunk + 5000))
                ]
            )
    finally:
        plan.close()


def test_fifty_thousand_posts_count_sort_and_select_without_reading_them_all(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "big.lmplan"
    build_big_plan(path)
    win = open_window(qtbot, path, ScriptedPrompter())
    try:
        win.set_view_mode(AGENDA)
        agenda, model, table = win.agenda, win.agenda.model, win.agenda.table
        agenda.whole_plan.setChecked(True)
        assert model.rowCount() == 50_000
        assert agenda.count_label.text() == f"{QLocale().toString(50_000)} posts"

        # How long this takes is benchmarks/bench_gui.py's "agenda sort by title" figure.
        model.pages_read = 0
        table.sortByColumn(model.column_of("title"), Qt.SortOrder.AscendingOrder)
        table.grab()  # paint the first screen of rows
        first = [model.record(r).title for r in range(20)]  # type: ignore[union-attr]
        assert first == sorted(first, key=str.casefold)
        assert first[0].casefold().startswith("hiring")
        assert model.pages_read <= 2, model.pages_read  # a page, never 50 000 rows

        # The last rows are one more page away, not a walk through the others.
        table.scrollToBottom()
        table.grab()
        assert model.pages_read <= 4
        last = model.record(49_999)
        assert last is not None and last.title.casefold().startswith("why")

        # Ctrl+A over all of them: one id query, in row order.
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_A, CTRL)
        reads = model.pages_read
        ids = win.selected_ids()
        assert len(ids) == 50_000 and model.pages_read == reads
        assert ids[0] == model.post_id(0) and ids[-1] == last.id
    finally:
        close_window(win)


def test_the_agenda_keeps_its_sort_and_columns_across_sessions(
    qtbot: QtBot, plan_path: Path
) -> None:
    first = open_window(qtbot, plan_path, ScriptedPrompter())
    table = first.agenda.table
    table.sortByColumn(first.agenda.model.column_of("title"), Qt.SortOrder.DescendingOrder)
    table.setColumnWidth(first.agenda.model.column_of("channel"), 211)
    first.close()
    again = open_window(qtbot, plan_path, ScriptedPrompter())
    try:
        model = again.agenda.model
        assert (model.order, model.descending) == ("title", True)
        assert again.agenda.table.columnWidth(model.column_of("channel")) == 211
    finally:
        close_window(again)


def test_the_title_leads_and_takes_the_room_empty_columns_shrink(
    qtbot: QtBot, win: MainWindow
) -> None:
    add_posts(win, draft("A post with no author, campaign, kind or time"))
    win.resize(1440, 900)
    qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)
    table = win.agenda.table
    qtbot.waitUntil(lambda: table.width() > 900)
    header = table.horizontalHeader()
    assert header.logicalIndex(0) == column(win, "title")  # the key column comes first
    title_width = table.columnWidth(column(win, "title"))
    assert all(
        title_width > table.columnWidth(column(win, key))
        for key in ("date", "channel", "role", "status", "author", "campaign")
    )
    # "Open comments" is wider as a header than its numbers: that column has nothing to give.
    empty = {"time", "kind", "author", "campaign", "pillar", "series"}
    assert set(win.agenda.empty_columns_narrowed()) == empty  # "follows" starts hidden
    add_posts(win, draft("Timed", time=dt.time(9, 0), author="Maya Chen"))
    still_empty = {"kind", "campaign", "pillar", "series"}
    qtbot.waitUntil(lambda: set(win.agenda.empty_columns_narrowed()) == still_empty)


def test_the_title_keeps_room_in_a_narrow_agenda_and_a_width_the_user_dragged(
    qtbot: QtBot, win: MainWindow
) -> None:
    add_posts(win, draft("A title long enough to need its room", author="Maya Chen"))
    win.resize(1000, 800)
    qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)
    table = win.agenda.table
    title = column(win, "title")
    em = table.fontMetrics().averageCharWidth()
    qtbot.waitUntil(lambda: table.isVisible() and table.viewport().width() > 300)
    # The other columns overflow a narrow agenda: they scroll, the title keeps 24 characters.
    assert table.columnWidth(title) >= 24 * em
    win.resize(2400, 800)
    viewport = table.viewport()
    shown = [c for c in range(win.agenda.model.columnCount()) if not table.isColumnHidden(c)]
    qtbot.waitUntil(lambda: sum(table.columnWidth(c) for c in shown) >= viewport.width())
    wide = table.columnWidth(title)
    assert wide > 40 * em  # the spare width went to the title
    header = table.horizontalHeader()
    edge = QPoint(header.sectionViewportPosition(title) + wide - 1, header.height() // 2)
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=edge)
    qtbot.mouseMove(header.viewport(), edge - QPoint(120, 0))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=edge - QPoint(120, 0))
    dragged = table.columnWidth(title)
    assert dragged < wide and table.title_sized_by_user()
    before = viewport.width()
    win.resize(1800, 800)
    qtbot.waitUntil(lambda: viewport.width() != before)
    assert table.columnWidth(title) == dragged


def test_default_channel_colours_are_told_apart() -> None:
    from PySide6.QtGui import QColor

    from lmplanner.core.domain import DEFAULT_CHANNELS

    hues = {name: QColor(color).hslHue() for name, color in DEFAULT_CHANNELS}
    coloured = {
        n: h for n, h in hues.items() if QColor(dict(DEFAULT_CHANNELS)[n]).hslSaturation() > 60
    }
    for a in coloured:
        for b in coloured:
            if a < b:
                gap = abs(coloured[a] - coloured[b])
                assert min(gap, 360 - gap) >= 25, (a, b)  # LinkedIn and Facebook were both blue


def ink_rows(image: QImage, left: int, right: int, top: int, bottom: int) -> list[int]:
    """The rows (from `top`) of a cell's strip that hold dark text pixels."""
    return [
        y - top
        for y in range(top, bottom)
        if any(image.pixelColor(x, y).lightness() < 110 for x in range(left, right))
    ]


def test_a_title_with_markup_and_emoji_keeps_the_rows_baseline(
    qtbot: QtBot, win: MainWindow, screenshots: Path
) -> None:
    # Urdu's ے comes from Amiri and emoji from Symbola (CI installs both): fonts whose lines are
    # taller than the row. The title must not ride up and lose its top.
    add_posts(
        win,
        draft("Launch ے 🚀 <b>day</b> &amp; 🎉", date=dt.date(2026, 3, 10)),
        draft("Launch plain day", date=dt.date(2026, 3, 11)),
    )
    win.set_view_mode(AGENDA)
    table = win.agenda.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 2)
    table.clearSelection()
    table.setColumnWidth(column(win, "title"), 360)
    image = table.viewport().grab().toImage()
    image.save(str(screenshots / "agenda-emoji-title.png"))
    strips = {}
    for row in range(2):
        cell = table.visualRect(table.model().index(row, column(win, "title")))
        # The word "Launch" starts both titles: the same letters, so the same ink if aligned.
        ink = ink_rows(image, cell.left() + 3, cell.left() + 40, cell.top(), cell.bottom())
        strips[titles(win)[row]] = ink
    emoji_row, plain_row = strips["Launch ے 🚀 <b>day</b> &amp; 🎉"], strips["Launch plain day"]
    assert plain_row and emoji_row == plain_row
    assert emoji_row[0] > 0  # nothing cut at the top of the row


def drag_title_edge(qtbot: QtBot, win: MainWindow, by: int) -> int:
    """Drag the title column's right edge `by` pixels, as a person would; its new width."""
    table = win.agenda.table
    header = table.horizontalHeader()
    title = column(win, "title")
    edge = QPoint(
        header.sectionViewportPosition(title) + table.columnWidth(title) - 1,
        header.height() // 2,
    )
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=edge)
    qtbot.mouseMove(header.viewport(), edge + QPoint(by, 0))
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=edge + QPoint(by, 0))
    return table.columnWidth(title)


def show_agenda(qtbot: QtBot, win: MainWindow) -> None:
    if win.view_mode() != AGENDA:
        qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)
    table = win.agenda.table
    qtbot.waitUntil(lambda: table.isVisible() and table.viewport().width() > 300)


def test_a_dragged_title_width_is_kept_for_the_next_session(qtbot: QtBot, plan_path: Path) -> None:
    first = open_window(qtbot, plan_path, ScriptedPrompter())
    add_posts(first, draft("A title long enough to need its room", author="Maya Chen"))
    first.resize(1400, 800)
    show_agenda(qtbot, first)
    fitted = first.agenda.table.columnWidth(column(first, "title"))
    dragged = drag_title_edge(qtbot, first, -90)
    assert dragged < fitted and first.agenda.table.title_sized_by_user()
    first.close()

    again = open_window(qtbot, plan_path, ScriptedPrompter())
    try:
        show_agenda(qtbot, again)
        table, title = again.agenda.table, column(again, "title")
        assert table.columnWidth(title) == dragged and table.title_sized_by_user()
        viewport = table.viewport()
        before = viewport.width()
        again.resize(again.width() + 400, again.height())  # a width the person set stands
        qtbot.waitUntil(lambda: viewport.width() != before)
        assert table.columnWidth(title) == dragged
        # The header's menu gives the title the spare room again, for this and later sessions.
        header = table.horizontalHeader()
        header.customContextMenuRequested.emit(QPoint(10, header.height() // 2))
        menu = next(
            w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()
        )
        fit = menu.findChild(QAction, "fitTitleAction")
        assert fit is not None and fit.isEnabled()
        assert fit.text() == "&Automatic title width"  # what it does: no promise to fit
        fit.trigger()
        menu.close()
        assert not table.title_sized_by_user() and table.columnWidth(title) != dragged
    finally:
        again.close()
    third = open_window(qtbot, plan_path, ScriptedPrompter())
    try:
        show_agenda(qtbot, third)
        assert not third.agenda.table.title_sized_by_user()
    finally:
        close_window(third)


def test_view_menu_fits_a_dragged_title_from_the_keyboard(qtbot: QtBot, plan_path: Path) -> None:
    win = open_window(qtbot, plan_path, ScriptedPrompter())
    try:
        add_posts(win, draft("A title long enough to need its room", author="Maya Chen"))
        win.resize(1400, 800)
        show_agenda(qtbot, win)
        table, title = win.agenda.table, column(win, "title")
        fitted = table.columnWidth(title)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
        view_menu = win.commands.view_menu
        fit = view_menu.findChild(QAction, "fitTitles") or win.commands.fit_titles
        # Nothing dragged yet: View › Automatic title width is there, but has nothing to do.
        qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is view_menu)
        assert fit in view_menu.actions() and not fit.isEnabled()
        assert fit.text() == "Automatic t&itle width"
        qtbot.keyClick(view_menu, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
        dragged = drag_title_edge(qtbot, win, -90)
        assert dragged < fitted and table.title_sized_by_user()
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is view_menu)
        assert fit.isEnabled()
        qtbot.keyClick(view_menu, Qt.Key.Key_I)  # its mnemonic: Automatic t&itle width
        qtbot.waitUntil(lambda: not table.title_sized_by_user())
        assert table.columnWidth(title) == fitted
    finally:
        close_window(win)


def test_deleting_a_post_of_another_month_leaves_the_window_where_it_is(
    qtbot: QtBot, win: MainWindow
) -> None:
    # The whole plan's list holds a June post while March is shown; deleting it keeps March.
    ids = add_posts(win, draft("March post"), draft("June post", date=dt.date(2026, 6, 3)))
    shown = win.current_view().period_range()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_F, CTRL)
    win.agenda.whole_plan.setChecked(True)
    qtbot.waitUntil(lambda: titles(win) == ["March post", "June post"])
    table = win.agenda.table
    table.setFocus()
    table.setCurrentIndex(win.agenda.model.index(1, 0))
    assert win.selected_ids() == [ids[1]]
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert win.service.count_posts() == 1
    assert win.current_view().period_range() == shown
    # Its undo shows the post back where it is (June); the redo stays there.
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    june = win.current_view().period_range()
    assert june[0] <= dt.date(2026, 6, 3) <= june[1]
    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL | SHIFT)
    assert win.service.count_posts() == 1 and win.current_view().period_range() == june
