"""Results in the app: the editor's Results section, File > Import results… (preview, problems,
skip, one undo step), the meter's Results view and the agenda's sortable metric columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, close_message_boxes
from planning_support import add_posts, close_window, draft, open_window, undo_count
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QTableView
from pytestqt.qtbot import QtBot

from lmplanner.ui.dialogs.results_import import ResultsImportDialog, open_results_import
from lmplanner.ui.window.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
DAY = dt.date(2026, 3, 2)


@pytest.fixture
def win(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, plan_path, ScriptedPrompter())
    yield window
    close_window(window)


def test_the_editors_results_section_records_and_clears_counts(
    qtbot: QtBot, win: MainWindow
) -> None:
    (pid,) = add_posts(win, draft("Launch recap", date=DAY))
    editor = win.edit_post(pid)
    assert editor is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    section = editor.results_section
    assert section.title() == "Results" and not section.read_check.isChecked()
    comments = section.count_edits["comments"]
    assert comments.accessibleName() == "Comments"
    comments.setFocus()
    qtbot.keyClicks(comments, "1,204")
    qtbot.keyClicks(section.count_edits["impressions"], "18000")
    assert section.read_check.isChecked()  # a typed count sets the day read to today
    qtbot.keyClicks(section.count_edits["shares"], "x")  # refused by the field's validator
    assert section.count_edits["shares"].text() == ""
    qtbot.keyClick(comments, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: win.editor() is None)
    post = win.service.post(pid)
    assert (post.comments, post.impressions, post.shares) == (1204, 18000, None)
    assert post.read_on == dt.date.today()

    editor = win.edit_post(pid)
    assert editor is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    assert editor.results_section.count_edits["comments"].text() == "1204"
    editor.results_section.count_edits["comments"].clear()
    assert editor.changed_fields() == {"comments": None}
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: win.editor() is None)
    assert win.service.post(pid).comments is None
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    qtbot.keyClick(win.current_view(), Qt.Key.Key_Z, CTRL)
    assert win.service.post(pid).comments == 1204


def write_results(path: Path, *rows: str) -> Path:
    path.write_text("\n".join(["Date,Channel,Title,Impressions,Likes,Comments", *rows]) + "\n")
    return path


def test_import_results_dialog_shows_problems_then_records_in_one_step(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    add_posts(
        win,
        draft("Why we plan", "leader", date=DAY, channel="LinkedIn"),
        draft("Launch day", date=DAY, channel="X"),
    )
    path = write_results(
        tmp_path / "numbers.csv",
        "2026-03-02,LinkedIn,Why we plan,900,40,22",
        "2026-03-02,X,Launch day,4000,80,3",
        "2026-03-09,X,No such post,1,1,1",
    )
    assert win.commands.import_results.text() == "Import res&ults…"
    assert win.commands.import_results.isEnabled()
    dialog = open_results_import(win, win.document, path=path)  # type: ignore[arg-type]
    assert isinstance(dialog, ResultsImportDialog)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: not dialog.is_reading())
    assert dialog.summary.text() == "2 rows match posts. 1 row cannot be used."
    model = dialog.model
    assert model.index(0, 1).data() == "Why we plan"
    assert model.index(2, model.columnCount() - 1).data().startswith("no post of this plan")
    # The row that matched nothing shows what it named and its numbers, as the file has them.
    assert model.index(2, 1).data() == "2026-03-09 · X · No such post"
    assert model.index(2, model.keys.index("impressions")).data() == "1"
    # Its problem wraps inside the table instead of running past its right edge.
    table = dialog.table
    problem = model.columnCount() - 1
    header = table.horizontalHeader()
    right = header.sectionViewportPosition(problem) + table.columnWidth(problem)
    assert right <= table.viewport().width()
    assert table.rowHeight(2) > table.rowHeight(0)  # its text on more lines
    assert model.index(2, problem).data(Qt.ItemDataRole.ToolTipRole).startswith("no post")
    assert not dialog.import_button.isEnabled()  # all or nothing until skipping is chosen
    box = dialog.skip_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked() and dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    counts = sorted((p.title, p.impressions, p.comments) for p in win.service.posts())
    assert counts == [("Launch day", 4000, 3), ("Why we plan", 900, 22)]
    close_message_boxes()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    win.current_view().setFocus()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_Z, CTRL)  # one step takes it all back
    assert all(p.impressions is None for p in win.service.posts())


def test_the_read_on_column_writes_days_as_the_locale_does(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    add_posts(win, draft("Launch day", date=DAY, channel="X"))
    path = tmp_path / "read.csv"
    path.write_text(
        "Date,Channel,Title,Impressions,Date read\n2026-03-02,X,Launch day,40,2026-03-09\n"
    )
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        dialog = open_results_import(win, win.document, path=path)  # type: ignore[arg-type]
        assert isinstance(dialog, ResultsImportDialog)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: not dialog.is_reading())
        model = dialog.model
        shown = model.index(0, model.keys.index("read_on")).data()
    finally:
        QLocale.setDefault(before)
    assert shown == "Mo., 9. März 2026"
    dialog.reject()


def test_the_results_file_is_read_in_a_worker_with_progress(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    add_posts(win, draft("Launch day", date=DAY, channel="X"))
    rows = [f"2026-03-{1 + i % 28:02},X,Other {i},1,1,1" for i in range(299)]
    path = write_results(tmp_path / "many.csv", "2026-03-02,X,Launch day,4000,80,3", *rows)
    dialog = ResultsImportDialog(win, win.document, path)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    task = dialog.read_task
    assert task is not None and dialog.is_reading() and dialog.progress_bar.isVisibleTo(dialog)
    assert dialog.summary.text() == "Reading many.csv…" and not dialog.import_button.isEnabled()
    reports: list[tuple[int, int]] = []
    task.progressed.connect(lambda done, total: reports.append((done, total)))
    with qtbot.waitSignal(dialog.previewReady, timeout=30_000):
        pass
    assert task.outcome == "succeeded" and task.objectName() == "results preview"
    assert reports and reports[-1] == (300, 300) and {t for _d, t in reports} == {300}
    assert not dialog.progress_bar.isVisibleTo(dialog)
    assert dialog.summary.text() == "1 row matches a post. 299 rows cannot be used."
    assert dialog.model.rowCount() == 300


def test_cancel_stops_reading_the_results_file(
    qtbot: QtBot, win: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    import lmplanner.core.results as results

    (pid,) = add_posts(win, draft("Launch day", date=DAY, channel="X"))
    path = write_results(tmp_path / "numbers.csv", *["2026-03-02,X,Launch day,4000,80,3"] * 3)
    gate = threading.Event()
    real = results.preview_results

    def held(*args: object, progress: Callable[[int, int], None], **kwargs: object) -> object:
        def step(done: int, total: int) -> None:
            if done == 1:  # hold the read mid-file until the person has pressed Cancel
                assert gate.wait(30)
            progress(done, total)

        return real(*args, progress=step, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(results, "preview_results", held)
    dialog = open_results_import(win, win.document, path=path)  # type: ignore[arg-type]
    assert dialog is not None
    qtbot.waitExposed(dialog)
    task = dialog.read_task
    assert task is not None
    qtbot.waitUntil(lambda: dialog.progress_bar.maximum() == 3)  # the first report arrived
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: task.outcome == "cancelled", timeout=30_000)
    assert win.service.post(pid).impressions is None and undo_count(win) == 1


def test_a_results_file_that_cannot_be_read_says_why(
    qtbot: QtBot, win: MainWindow, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("title,views\nA,1\n")
    dialog = ResultsImportDialog(win, win.document, bad)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.is_reading())
    assert "line 1: the header names no results column" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()


def test_a_defect_while_reading_is_logged_and_named_not_dumped(
    qtbot: QtBot,
    win: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import lmplanner.core.results as results

    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("impressions")  # a defect, not a problem of the file

    monkeypatch.setattr(results, "preview_results", broken)
    path = write_results(tmp_path / "numbers.csv", "2026-03-02,X,Launch day,4000,80,3")
    dialog = ResultsImportDialog(win, win.document, path)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.is_reading())
    assert dialog.summary.text() == (
        "numbers.csv cannot be imported: an unexpected problem (KeyError); "
        "the details are in the log"
    )
    assert not dialog.import_button.isEnabled()
    (record,) = [r for r in caplog.records if "numbers.csv failed" in r.getMessage()]
    assert record.exc_info is not None and record.exc_info[0] is KeyError


def test_the_meters_results_view_and_the_agendas_metric_columns(
    qtbot: QtBot, win: MainWindow
) -> None:
    drafts = []
    for day in range(2, 12):
        leader = day % 2 == 0
        drafts.append(
            draft(
                f"{'Lead' if leader else 'Serve'} {day}",
                "leader" if leader else "manager",
                date=dt.date(2026, 3, day),
                impressions=1000 if leader else 3000 + day % 2 * day,
                comments=30 if leader else 10,
                new_followers=10 if leader else 2,
            )
        )
    add_posts(win, *drafts)
    panel = win.meter
    assert panel.tabs.tabText(1) == "Results"
    panel.tabs.setCurrentIndex(1)
    view = panel.results_view
    qtbot.waitUntil(lambda: view.report is not None)
    assert view.finding.text() == (
        "Manager posts reached 3.0× more people per post; "
        "leader posts earned 3.0× more comments and 5.0× more new followers."
    )
    rows = view.roles.rows
    assert rows[0] == ["Posts with results", "5", "5", ""]
    assert rows[3] == ["Comments", "30", "10", "3.0×"]
    # Reach: 1000 a leader post, 3003 … 3011 a manager post: the middle two are 1000 and 3003.
    # Relationship: 40 a leader post, 12 a manager post.
    assert view.pillars.rows == [["No pillar", "10", QLocale().toString(2001.5, "f", 1), "26"]]
    # A change refreshes the view it shows.
    service = win.service
    first = service.posts()[0].id
    win.document.perform("Edit", lambda: service.update_post(first, {"comments": None}))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: view.roles.rows[3][1] == "30")

    qtbot.keyClick(win.current_view(), Qt.Key.Key_3, CTRL)
    model, table = win.agenda.model, win.agenda.table
    assert win.agenda.result_columns_shown()
    column = model.column_of("impressions")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Impressions"
    table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert model.order == "impressions" and model.descending
    assert model.index(0, model.column_of("title")).data() == "Serve 11"
    assert model.index(0, column).data() == QLocale().toString(3011)
    table.sortByColumn(model.column_of("comments"), Qt.SortOrder.AscendingOrder)
    last = model.rowCount() - 1
    assert model.index(last, model.column_of("comments")).data() == ""  # unread goes last
    win.agenda.search.setText("no such post")  # nothing listed has results: columns give way
    qtbot.waitUntil(lambda: not win.agenda.result_columns_shown())
    assert TODAY.year == 2026


def test_the_editors_mnemonics_stay_unique_with_the_results_section(qtbot: QtBot) -> None:
    from test_export_dialog import mnemonics

    from lmplanner.ui.editor.editor import PostEditor

    editor = PostEditor(date=DAY, channels=["LinkedIn"])
    qtbot.addWidget(editor)
    keys = mnemonics(editor)
    assert "t" in keys  # &Title, beside the Results section
    assert len(keys) == len(set(keys)), sorted(keys)


def contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        parts = [
            v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c.getRgbF()[:3]
        ]
        return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_results_tab_without_results_reads_cleanly(qtbot: QtBot, win: MainWindow) -> None:
    add_posts(win, draft("No numbers yet", date=dt.date(2026, 3, 2)))
    panel = win.meter
    qtbot.mouseClick(
        panel.tabs.tabBar(), Qt.MouseButton.LeftButton, pos=panel.tabs.tabBar().tabRect(1).center()
    )
    view = panel.results_view
    assert view.parent() is panel.results_tab and len(view.findChildren(QTableView)) == 2
    qtbot.waitUntil(view.isVisible)
    qtbot.waitUntil(lambda: view.report is not None)
    text = view.finding.text()
    assert text.startswith("No post of ") and "…." not in text and ".." not in text
    assert text.endswith("Import results… in the File menu.")
    note = view.note
    assert note.isEnabled()  # quieter, not "does not apply"
    palette = note.palette()
    ink = palette.color(QPalette.ColorRole.WindowText)
    ground = palette.color(QPalette.ColorRole.Window)
    assert contrast(ink, ground) >= 4.5
    assert ink != view.finding.palette().color(QPalette.ColorRole.WindowText)  # still quieter


def test_the_results_tab_is_made_when_a_plan_is_read_or_the_tab_shown(qtbot: QtBot) -> None:
    from lmplanner.ui.meter.meter import MeterPanel

    panel = MeterPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    assert not panel.results_tab.findChildren(QTableView)  # no plan: nothing made yet
    panel.tabs.setCurrentIndex(1)  # shown: made now, and says what it lacks
    view = panel.results_view
    qtbot.waitUntil(view.isVisible)
    assert view.finding.text() == "Open a plan to see what its posts achieved."
    other = MeterPanel()
    qtbot.addWidget(other)
    other.set_results_source(lambda: None)  # type: ignore[arg-type,return-value]
    assert len(other.results_tab.findChildren(QTableView)) == 2  # a plan's: made, still hidden
    assert not other.results_view.isVisible()
