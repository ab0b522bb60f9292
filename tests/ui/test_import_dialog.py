"""File > Import… driven through the dialog: preview, problems inline, options, one undo step."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QLocale, QPoint, Qt, QTimer
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot
from screenshot_support import assert_painted, region, save_screenshot

from lmplanner.core.domain import Role
from lmplanner.core.services import PostDraft
from lmplanner.ui.dialogs.import_dialog import ImportDialog, open_import_dialog
from lmplanner.ui.dialogs.import_preview import DATE, LINE, PROBLEMS, STATE, TITLE
from lmplanner.ui.document import PlanDocument
from lmplanner.ui.workers import wait_for_all

CSV_WITH_BAD_ROW = """date,time,channel,role,title
2026-03-02,09:00,LinkedIn,leader,Why we plan in public
2026-03-03,,LinkedIn,manager,Five planning shortcuts
2026-13-45,10:00,LinkedIn,leader,A post with a broken date
2026-03-05,11:00,Blog,M,Webinar on Thursday
,,Blog,leader,An idea for later
"""


def make_dialog(qtbot: QtBot, document: PlanDocument, path: Path) -> ImportDialog:
    dialog = ImportDialog(None, document, path=path)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_parsed(qtbot, dialog)
    return dialog


def wait_parsed(qtbot: QtBot, dialog: ImportDialog, timeout: int = 20_000) -> None:
    qtbot.waitUntil(lambda: not dialog.is_parsing(), timeout=timeout)


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator (a wide box only takes clicks on its text and mark)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def cell(dialog: ImportDialog, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole):
    return dialog.model.data(dialog.model.index(row, column), role)


def test_the_date_column_writes_days_as_the_locale_does(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    source = tmp_path / "march.csv"
    source.write_text(CSV_WITH_BAD_ROW, encoding="utf-8")
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        dialog = make_dialog(qtbot, document, source)
        days = [cell(dialog, row, DATE) for row in range(dialog.model.rowCount())]
    finally:
        QLocale.setDefault(before)
    # A bad date shows as the file wrote it, so the person can find it there.
    assert days == [
        "Mo., 2. März 2026",
        "Di., 3. März 2026",
        "2026-13-45",
        "Do., 5. März 2026",
        "Backlog",
    ]


def test_an_invalid_row_is_shown_inline_and_blocks_until_skipped(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path, screenshots: Path
) -> None:
    source = tmp_path / "march.csv"
    source.write_text(CSV_WITH_BAD_ROW, encoding="utf-8")
    dialog = make_dialog(qtbot, document, source)

    assert dialog.preview is not None
    assert dialog.model.rowCount() == 5
    bad = dialog.model.row_of_line(4)  # the header is line 1
    assert bad == 2
    assert cell(dialog, bad, LINE) == "4"
    assert cell(dialog, bad, STATE) == "Invalid"
    assert "date" in cell(dialog, bad, PROBLEMS)
    assert "line 4" in cell(dialog, bad, TITLE, Qt.ItemDataRole.ToolTipRole)
    assert cell(dialog, bad, TITLE, Qt.ItemDataRole.BackgroundRole) is not None
    assert cell(dialog, 0, STATE) == "Ready"
    assert cell(dialog, 4, 2) == "Backlog"
    assert dialog.summary() == "4 ready, 1 invalid"
    assert "Detected" not in dialog.detected_label.text()
    assert "LM Planner CSV" in dialog.detected_label.text()

    # Nothing is imported while a record is invalid …
    assert not dialog.import_button.isEnabled()
    assert "Skip invalid records" in dialog.message_label.text()
    button = dialog.import_button  # laid out for its new text before the picture is taken
    qtbot.waitUntil(lambda: button.width() >= button.sizeHint().width())
    image = save_screenshot(dialog, screenshots, "import-preview.png")
    assert_painted(image, region(dialog, dialog.message_label))

    # … until "skip invalid" is ticked; that needs no new parse.
    tick(qtbot, dialog.skip_box)
    assert dialog.skip_box.isChecked()
    assert not dialog.is_parsing()
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "&Import 4 posts"

    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    assert result.imported == 4 and result.rejected_records == 1
    titles = {p.title for p in document.service.posts()}
    assert titles == {
        "Why we plan in public",
        "Five planning shortcuts",
        "Webinar on Thursday",
        "An idea for later",
    }
    assert dialog.result_box is not None and "Imported 4" in dialog.result_box.text()
    assert document.undo_stack.count() == 1

    # One undo removes the whole import; redo brings it back.
    document.undo_stack.undo()
    assert document.service.count_posts() == 0
    assert document.service.backlog_count() == 0
    document.undo_stack.redo()
    assert {p.title for p in document.service.posts()} == titles


def test_the_import_is_not_taken_for_a_change_made_elsewhere(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker commits through its own connection; the window's watcher polls meanwhile.
    import lmplanner.ui.dialogs.import_dialog as import_dialog
    from lmplanner.ui.document import OutsideChange

    written, go = threading.Event(), threading.Event()
    commit = import_dialog.commit_import

    def commit_then_wait(*args: Any, **kwargs: Any) -> Any:
        result = commit(*args, **kwargs)
        written.set()
        go.wait(30)
        return result

    monkeypatch.setattr(import_dialog, "commit_import", commit_then_wait)
    seen: list[object] = []
    document.changed.connect(seen.append)
    source = tmp_path / "march.csv"
    source.write_text(CSV_WITH_BAD_ROW, encoding="utf-8")
    dialog = make_dialog(qtbot, document, source)
    tick(qtbot, dialog.skip_box)
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(written.is_set, timeout=20_000)
        assert not document.watcher.poll()  # written, not yet handed back: still our own
        go.set()
    assert not document.watcher.poll()
    assert seen and not [c for c in seen if isinstance(c, OutsideChange)]
    assert document.watcher.settled()


def test_duplicates_are_marked_and_nothing_new_means_no_import(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    document.service.add_post(
        PostDraft(
            title="Why we plan in public",
            role=Role.LEADER,
            channel="LinkedIn",
            date=dt.date(2026, 3, 2),
            time=dt.time(9, 0),
        )
    )
    source = tmp_path / "one.csv"
    source.write_text(
        "date,time,channel,role,title\n2026-03-02,09:00,linkedin,leader,Why we plan in public\n",
        encoding="utf-8",
    )
    dialog = make_dialog(qtbot, document, source)
    assert cell(dialog, 0, STATE) == "Duplicate"
    assert "Already in the plan" in cell(dialog, 0, TITLE, Qt.ItemDataRole.ToolTipRole)
    assert dialog.summary() == "0 ready, 1 duplicate skipped"
    assert not dialog.import_button.isEnabled()
    assert "already in the plan" in dialog.message_label.text()


def test_options_reparse_a_hootsuite_file(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    source = tmp_path / "hootsuite.csv"
    source.write_text(
        '03/04/2026 09:00,"Our view on planning\nMore text",https://example.com\n'
        "04/05/2026 10:30,Tips for Tuesday\n",
        encoding="utf-8",
    )
    dialog = make_dialog(qtbot, document, source)
    # No role or channel in the file and no defaults yet: the dialog says what to set.
    assert dialog.preview is None
    assert "default role" in dialog.message_label.text().lower()
    assert not dialog.import_button.isEnabled()

    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.MANAGER))
    wait_parsed(qtbot, dialog)
    assert "channel" in dialog.message_label.text().lower()
    dialog.channel_combo.setCurrentText("LinkedIn")
    wait_parsed(qtbot, dialog)
    assert dialog.preview is not None and dialog.preview.format.value == "hootsuite"
    assert dialog.preview.ready[0].draft.date == dt.date(2026, 3, 4)  # month first
    assert cell(dialog, 0, TITLE) == "Our view on planning"

    tick(qtbot, dialog.day_first_box)
    wait_parsed(qtbot, dialog)
    assert dialog.preview.ready[0].draft.date == dt.date(2026, 4, 3)  # day first
    assert dialog.import_button.isEnabled()


def test_a_backup_needs_replace_in_a_plan_with_posts(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    from lmplanner.core.io import ExportFormat, export_plan

    service = document.service
    service.add_post(PostDraft(title="Kept in the backup", role=Role.LEADER, channel="Blog"))
    backup = tmp_path / "backup.json"
    export_plan(service, backup, ExportFormat.JSON)
    assert json.loads(backup.read_text(encoding="utf-8"))
    dialog = make_dialog(qtbot, document, backup)
    assert dialog.preview is not None and dialog.is_json()
    assert dialog.replace_box.isEnabled() and not dialog.day_first_box.isEnabled()
    assert not dialog.import_button.isEnabled()
    assert "Replace" in dialog.message_label.text()
    dialog.replace_box.setChecked(True)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20_000):
        dialog.import_button.click()
    posts = service.posts()
    assert [p.title for p in posts] == ["Kept in the backup"]
    assert len(service.posts(trash=True)) == 1  # the replaced post went to the trash
    assert document.undo_stack.count() == 1


def test_open_import_dialog_asks_for_the_file_first(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    asked: list[str] = []

    def nothing(*args: object) -> None:
        asked.append(str(args[1]))

    assert open_import_dialog(None, document, choose_path=nothing) is None
    assert asked == ["Import posts"]

    source = tmp_path / "march.csv"
    source.write_text(CSV_WITH_BAD_ROW, encoding="utf-8")
    dialog = open_import_dialog(None, document, choose_path=lambda *_a: str(source))
    assert dialog is not None
    # Not qtbot.addWidget: the dialog deletes itself on close, and pytest-qt would close it again
    # through a wrapper whose C++ object is gone whenever something still holds the wrapper.
    request.addfinalizer(lambda: shiboken6.isValid(dialog) and dialog.close())
    wait_parsed(qtbot, dialog)
    assert dialog.isVisible() and dialog.path == source
    assert dialog.model.rowCount() == 5
    with qtbot.waitSignal(dialog.destroyed):  # Cancel closes it and lets it go
        dialog.reject()


def test_a_read_only_plan_can_preview_but_not_import(
    qtbot: QtBot, plan_path: Path, tmp_path: Path
) -> None:
    from lmplanner.core.store import open_plan

    open_plan(plan_path).close()
    plan = open_plan(plan_path, create=False, readonly=True)
    document = PlanDocument(plan)
    try:
        source = tmp_path / "march.csv"
        source.write_text(CSV_WITH_BAD_ROW, encoding="utf-8")
        dialog = make_dialog(qtbot, document, source)
        dialog.skip_box.setChecked(True)
        assert dialog.preview is not None and len(dialog.preview.ready) == 4
        assert not dialog.import_button.isEnabled()
        assert "read-only" in dialog.message_label.text().lower()
    finally:
        assert wait_for_all(30)
        plan.close()


@pytest.mark.slow
def test_a_50000_row_file_never_freezes_the_window(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    lines = ["date,time,channel,role,title"]
    start = dt.date(2026, 1, 1)
    # 50 000 rows: the preview, faster since December 2026, must still take long enough for the
    # count of event-loop turns below to mean something on a busy two-core machine.
    for i in range(50_000):
        day = start + dt.timedelta(days=i % 365)
        lines.append(f"{day},09:00,LinkedIn,{'leader' if i % 3 else 'manager'},Post number {i}")
    source = tmp_path / "big.csv"
    source.write_text("\n".join(lines), encoding="utf-8")

    # A timer ticking every 20 ms counts how often the event loop ran during the work; work on
    # the UI thread would leave it at zero. (A count, not a timing: the machine may be busy.)
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    dialog = ImportDialog(None, document, path=source)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.is_parsing() and dialog.busy_bar.isVisible()
    wait_parsed(qtbot, dialog, timeout=120_000)
    assert dialog.preview is not None and len(dialog.preview.ready) == 50_000
    assert dialog.model.rowCount() == 50_000
    assert len(ticks) >= 3, ticks

    ticks.clear()
    with qtbot.waitSignal(dialog.imported, timeout=120_000):
        dialog.import_button.click()
        assert dialog.import_button.isEnabled() is False
    timer.stop()
    assert len(ticks) >= 3, ticks
    assert document.service.count_posts() == 50_000
    assert document.undo_stack.count() == 1


def test_titles_take_the_spare_width_and_problems_only_what_they_need(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    long_title = "Why we stopped chasing reach: our vision for a calmer content calendar"
    clean = tmp_path / "clean.csv"
    clean.write_text(
        f"date,time,channel,role,title\n2026-03-02,09:00,LinkedIn,leader,{long_title}\n",
        encoding="utf-8",
    )
    dialog = make_dialog(qtbot, document, clean)
    dialog.resize(1400, 700)
    table, header = dialog.table, dialog.table.horizontalHeader()
    qtbot.waitUntil(lambda: table.viewport().width() > 1100)
    # No problems: their column is as wide as its heading; the title has the rest, uncut.
    assert header.sectionSize(PROBLEMS) == header.sectionSizeHint(PROBLEMS)
    assert header.sectionSize(TITLE) >= table.sizeHintForColumn(TITLE)
    assert header.sectionSize(TITLE) > 3 * header.sectionSize(PROBLEMS)
    assert table.horizontalScrollBar().maximum() == 0
    # The date, written as the locale writes days ("Mon, 2 Mar 2026"), is never cut.
    assert header.sectionSize(DATE) >= table.sizeHintForColumn(DATE)

    broken = tmp_path / "broken.csv"
    broken.write_text(CSV_WITH_BAD_ROW, encoding="utf-8")
    dialog.set_path(broken)
    wait_parsed(qtbot, dialog)
    bad = dialog.model.row_of_line(4)
    needed = table.sizeHintForIndex(dialog.model.index(bad, PROBLEMS))
    # A problem widens its column to its text (within 40 % of the table), or wraps in a taller row.
    assert header.sectionSize(PROBLEMS) > header.sectionSizeHint(PROBLEMS)
    assert header.sectionSize(PROBLEMS) <= table.viewport().width() * 0.4 + 1
    fits = header.sectionSize(PROBLEMS) >= needed.width()
    assert fits or table.rowHeight(bad) > table.rowHeight(0)
    assert header.sectionSize(TITLE) >= header.sectionSize(PROBLEMS)
    assert table.horizontalScrollBar().maximum() == 0
