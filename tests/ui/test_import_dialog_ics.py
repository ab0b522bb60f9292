"""File > Import… with an .ics file: detected as iCalendar, previewed, imported as one step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from lmplanner.ui.dialogs.import_dialog import ImportDialog
from lmplanner.ui.dialogs.import_preview import DATE, ROLE, STATE, TIME, TITLE
from lmplanner.ui.document import PlanDocument
from lmplanner.ui.workers import wait_for_all

OUTLOOK = Path(__file__).parent.parent / "data" / "ics" / "outlook.ics"


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
        ["2026-11-12", "09:30", "How to export your reports"],
        ["2026-07-02", "08:00", "Summer office hours"],
    ]
    assert {row[0] for row in rows} == {"Ready"}
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].imported == 2
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert document.service.count_posts() == 0
