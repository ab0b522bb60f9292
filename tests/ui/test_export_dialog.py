"""File > Export… through the dialog: CSV, iCalendar and JSON files, and the count written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from lmplanner.core.balance import Period
from lmplanner.core.domain import Role
from lmplanner.core.io import ExportFormat
from lmplanner.core.paths import FILE_NAME_BYTES
from lmplanner.core.services import PostDraft
from lmplanner.ui.dialogs.common import (
    safe_file_name,
)
from lmplanner.ui.dialogs.export_dialog import (
    CUSTOM,
    VISIBLE,
    WHOLE,
    ExportDialog,
    open_export_dialog,
)
from lmplanner.ui.document import PlanDocument
from lmplanner.ui.workers import wait_for_all

TODAY = dt.date(2026, 3, 11)
WEEK = Period(dt.date(2026, 3, 9), dt.date(2026, 3, 15))


@pytest.fixture
def document(plan: object) -> Iterator[PlanDocument]:
    doc = PlanDocument(plan)  # type: ignore[arg-type]
    service = doc.service
    service.add_post(
        PostDraft("Why we plan in public", Role.LEADER, "LinkedIn", dt.date(2026, 3, 2))
    )
    service.add_post(
        PostDraft(
            "=Five planning shortcuts",
            Role.MANAGER,
            "Blog",
            dt.date(2026, 3, 10),
            dt.time(9, 30),
        )
    )
    service.add_post(PostDraft("An idea for later", Role.LEADER, "Blog"))  # backlog
    yield doc
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.done(0)
    assert wait_for_all(30)


def export(
    qtbot: QtBot, document: PlanDocument, fmt: ExportFormat, target: Path, period: str = WHOLE
) -> ExportDialog:
    asked: list[str] = []

    def choose(_parent: object, _caption: str, suggested: str, filters: str) -> str:
        asked.append(suggested)
        assert f"*.{fmt.value}" in filters
        return str(target)

    opened: list[QUrl] = []
    dialog = ExportDialog(
        None,
        document,
        visible_period=WEEK,
        today=TODAY,
        choose_path=choose,
        open_url=lambda url: bool(opened.append(url)) or True,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_format(fmt)
    if dialog.period.isEnabled():
        dialog.period.set_kind(period)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked and Path(asked[0]).suffix == f".{fmt.value}"
    assert not dialog.isVisible()
    dialog.opened = opened  # type: ignore[attr-defined]
    return dialog


def test_export_csv_of_the_whole_plan(qtbot: QtBot, document: PlanDocument, tmp_path: Path) -> None:
    dialog = export(qtbot, document, ExportFormat.CSV, tmp_path / "plan")
    out = tmp_path / "plan.csv"
    assert dialog.last_result is not None and dialog.last_result.path == out
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["title"] for r in rows} == {
        "Why we plan in public",
        "'=Five planning shortcuts",  # formula-injection safe
        "An idea for later",
    }
    box = dialog.result_box
    assert box is not None and box.isVisible()
    assert box.text() == f"Exported 3 posts to {out}."
    assert box.findChild(QPushButton, "openButton") is None
    qtbot.mouseClick(box.findChild(QPushButton, "folderButton"), Qt.MouseButton.LeftButton)
    assert dialog.opened == [QUrl.fromLocalFile(str(tmp_path))]  # type: ignore[attr-defined]


def test_export_ics_of_the_visible_week(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    import icalendar

    out = tmp_path / "week.ics"
    dialog = export(qtbot, document, ExportFormat.ICS, out, period=VISIBLE)
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["SUMMARY"]) for e in events] == ["[Manager] =Five planning shortcuts"]
    assert dialog.result_box is not None
    assert dialog.result_box.text().startswith("Exported 1 post with a date")


def test_export_json_backup_is_always_the_whole_plan(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    out = tmp_path / "backup.json"
    dialog = ExportDialog(None, document, visible_period=WEEK, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.set_format(ExportFormat.JSON)
    assert not dialog.period.isEnabled()
    assert dialog.suggested_path().name == "test backup.json"
    dialog.set_format(ExportFormat.CSV)
    assert dialog.period.isEnabled()
    assert dialog.suggested_path().name == "test whole plan.csv"
    dialog.period.set_kind(VISIBLE)
    assert dialog.suggested_path().name == "test 9–15 Mar 2026.csv"

    dialog = export(qtbot, document, ExportFormat.JSON, out, period=VISIBLE)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["posts"]) == 3
    assert dialog.result_box is not None and "(3 posts)" in dialog.result_box.text()


def test_custom_range_csv(qtbot: QtBot, document: PlanDocument, tmp_path: Path) -> None:
    out = tmp_path / "range.csv"
    dialog = ExportDialog(
        None, document, today=TODAY, choose_path=lambda *_a: str(out), open_url=lambda _u: True
    )
    qtbot.addWidget(dialog)
    assert VISIBLE not in dialog.period.buttons  # no visible period given: no such choice
    dialog.period.set_range(dt.date(2026, 3, 1), dt.date(2026, 3, 5))
    assert dialog.period.kind() == CUSTOM
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        dialog.export_button.click()
    assert blocker.args[0].posts == 1
    assert "Why we plan in public" in out.read_text(encoding="utf-8-sig")


def test_a_failed_export_says_why_and_keeps_the_dialog(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    target = tmp_path / "no such folder" / "plan.csv"
    dialog = ExportDialog(None, document, today=TODAY, choose_path=lambda *_a: str(target))
    qtbot.addWidget(dialog)
    dialog.show()
    task = dialog.start_export()
    assert task is not None
    qtbot.waitUntil(lambda: task.outcome == "failed", timeout=30_000)
    boxes = [w for w in dialog.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and "does not exist" in boxes[0].text()
    assert dialog.isVisible() and dialog.export_button.isEnabled()


def test_cancel_in_the_file_question_writes_nothing(qtbot: QtBot, document: PlanDocument) -> None:
    dialog = ExportDialog(None, document, today=TODAY, choose_path=lambda *_a: None)
    qtbot.addWidget(dialog)
    assert dialog.start_export() is None and dialog.task is None


def test_entry_point_and_file_names(qtbot: QtBot, document: PlanDocument) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = open_export_dialog(parent, document, visible_period=WEEK)
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    dialog.reject()
    assert safe_file_name('Q4: "growth" / plan?') == "Q4 growth plan"
    assert safe_file_name("...") == "LM Planner"


def mnemonics(widget: QWidget) -> list[str]:
    """The Alt+letter keys of every visible button, label and group in a dialog."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    keys = []
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget):
            continue
        if isinstance(child, (QAbstractButton, QLabel)):
            text = child.text()
        elif isinstance(child, QGroupBox):
            text = child.title()
        else:
            continue
        found = re.search(r"&([^&\s])", text)
        if found:
            keys.append(found.group(1).lower())
    return keys


def test_keyboard_mnemonics_are_unique_in_every_dialog(
    qtbot: QtBot, document: PlanDocument, plan_path: Path
) -> None:
    from lmplanner.core.errors import ConflictError
    from lmplanner.ui.dialogs.backup_dialog import RestoreBackupDialog
    from lmplanner.ui.dialogs.conflict import ConflictDialog
    from lmplanner.ui.dialogs.import_dialog import ImportDialog
    from lmplanner.ui.dialogs.report_dialog import PRINT, ReportDialog
    from lmplanner.ui.dialogs.results_import import ResultsImportDialog
    from lmplanner.ui.dialogs.trash_dialog import TrashDialog

    post = document.service.posts()[0]
    results = plan_path.with_name("results.csv")
    results.write_text("link,comments\nhttps://nowhere.example,1\n")
    dialogs = [
        ExportDialog(None, document, visible_period=WEEK, today=TODAY),
        ReportDialog(None, document, visible_period=WEEK, today=TODAY),
        ReportDialog(None, document, mode=PRINT, visible_period=WEEK, today=TODAY),
        ImportDialog(None, document),
        RestoreBackupDialog(None, plan_path, document.plan.uuid, reopen=lambda _l: None),
        TrashDialog(None, document),
        ConflictDialog(None, ConflictError("changed"), {"title": "Mine"}, post),
        ResultsImportDialog(None, document, results),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        keys = mnemonics(dialog)
        assert keys, dialog.objectName()
        assert len(keys) == len(set(keys)), f"{dialog.objectName()}: {sorted(keys)}"


def test_a_long_plan_name_keeps_the_period_in_the_suggested_name(
    qtbot: QtBot, document: PlanDocument
) -> None:
    document.service.update_settings(name="計画の名前" * 40)  # 600 bytes; 255 is the limit
    dialog = ExportDialog(None, document, visible_period=WEEK, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.period.set_kind(VISIBLE)
    name = dialog.suggested_path().name
    assert name.endswith(" 9–15 Mar 2026.csv") and name.startswith("計画の名前")
    assert len(os.fsencode(name)) <= FILE_NAME_BYTES
    dialog.set_format(ExportFormat.JSON)
    backup = dialog.suggested_path().name
    assert backup.endswith(" backup.json") and backup.startswith("計画の名前")
