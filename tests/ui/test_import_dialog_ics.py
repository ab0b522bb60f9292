"""File > Import… with an .ics file: detected as iCalendar, previewed, imported as one step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from lmplanner.ui.dates import day_text
from lmplanner.ui.dialogs.import_dialog import ImportDialog
from lmplanner.ui.dialogs.import_preview import DATE, ROLE, STATE, TIME, TITLE
from lmplanner.ui.document import PlanDocument
from lmplanner.ui.workers import wait_for_all

OUTLOOK = Path(__file__).parent.parent / "data" / "ics" / "outlook.ics"
APPLE = OUTLOOK.with_name("apple.ics")


@pytest.fixture
def document(plan: object) -> Iterator[PlanDocument]:
    doc = PlanDocument(plan)  # type: ignore[arg-type]
    doc.service.update_settings(timezone="Europe/Lisbon")
    yield doc
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.done(0)
    assert wait_for_all(30)


def test_an_outlook_calendar_previews_and_imports_as_one_step(
    qtbot: QtBot, document: PlanDocument
) -> None:
    dialog = ImportDialog(None, document, path=OUTLOOK)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_parsing(), timeout=20_000)
    assert "iCalendar" in dialog.detected_label.text()
    model = dialog.model
    rows = [
        [model.data(model.index(r, c)) for c in (STATE, DATE, TIME, ROLE, TITLE)]
        for r in range(model.rowCount())
    ]
    assert [row[1:3] + row[4:] for row in rows] == [
        [day_text(dt.date(2026, 11, 12)), "09:30", "How to export your reports"],
        [day_text(dt.date(2026, 11, 5)), "09:30", "Planning clinic (series: 6 posts)"],
        [day_text(dt.date(2026, 7, 2)), "08:00", "Summer office hours"],
    ]
    assert {row[0] for row in rows} == {"Ready"}
    assert dialog.summary_label.text() == "1 series (6 posts), 2 posts ready"
    assert dialog.import_button.text() == "&Import 8 posts"
    assert dialog.expand_box.isVisibleTo(dialog) and not dialog.expand_box.isChecked()
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert (blocker.args[0].imported, blocker.args[0].series) == (8, 1)
    assert document.undo_stack.count() == 1
    assert len(document.service.all_series()) == 1
    document.undo_stack.undo()  # one step: the series and every post
    assert document.service.count_posts() == 0 and document.service.all_series() == []


def test_the_checkbox_makes_repeating_events_single_posts(
    qtbot: QtBot, document: PlanDocument
) -> None:
    dialog = ImportDialog(None, document, path=APPLE)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_parsing(), timeout=20_000)
    assert dialog.summary_label.text() == "1 series (4 posts), 7 posts ready"
    # The yearly event cannot be a series: the dialog says so without blocking.
    assert dialog.message_label.text() == (
        "line 47: 'Company anniversary post' repeats yearly; imported as 4 single posts"
    )
    assert dialog.import_button.isEnabled()
    dialog.expand_box.setFocus()
    qtbot.keyClick(dialog.expand_box, Qt.Key.Key_Space)  # from the keyboard
    assert dialog.expand_box.isChecked()
    qtbot.waitUntil(lambda: not dialog.is_parsing(), timeout=20_000)
    assert dialog.summary_label.text() == "11 ready" and dialog.message_label.text() == ""
    qtbot.keyClick(dialog.expand_box, Qt.Key.Key_Space)  # and back
    qtbot.waitUntil(lambda: not dialog.is_parsing(), timeout=20_000)
    assert dialog.summary_label.text() == "1 series (4 posts), 7 posts ready"
    qtbot.keyClick(dialog.expand_box, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not dialog.is_parsing(), timeout=20_000)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert (blocker.args[0].imported, blocker.args[0].series) == (11, 0)
    assert document.service.all_series() == []
    assert all(post.series is None for post in document.service.posts())


def test_the_checkbox_is_only_for_calendars(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    csv = tmp_path / "posts.csv"
    csv.write_text("title,date,role,channel\nA post,2026-12-01,leader,Blog\n")
    dialog = ImportDialog(None, document, path=csv)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_parsing(), timeout=20_000)
    assert not dialog.expand_box.isVisibleTo(dialog)
    assert dialog.expand_box.accessibleName() == "Make repeating events single posts"
