"""File > Export report… driven through the dialog: periods, sections and paper, the report
written in a worker and read back with pypdf, cancel and errors."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from report_dialog_support import (
    MARCH,
    TITLES,
    TODAY,
    Opened,
    make_dialog,
    pdf_text,
    qtbot_left,
    report_document,
)
from screenshot_support import assert_painted, region, save_screenshot

from lmplanner.core.balance import Period
from lmplanner.core.paths import FILE_NAME_BYTES
from lmplanner.core.report import Paper, Section
from lmplanner.ui.dialogs import report_dialog
from lmplanner.ui.dialogs.export_dialog import CUSTOM, MONTH, QUARTER, VISIBLE
from lmplanner.ui.dialogs.report_dialog import (
    locale_paper,
    open_print_report_dialog,
    open_report_dialog,
)
from lmplanner.ui.document import PlanDocument
from lmplanner.ui.workers import TaskProgress


@pytest.fixture
def document(plan: object) -> Iterator[PlanDocument]:
    yield from report_document(plan)


def test_export_a_report_and_offer_to_open_it(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path, screenshots: Path
) -> None:
    opened = Opened()
    asked: list[tuple[str, str]] = []

    def choose(_parent: object, caption: str, suggested: str, _filters: str) -> str:
        asked.append((caption, suggested))
        return str(tmp_path / "board meeting")  # no suffix: the dialog adds .pdf

    dialog = make_dialog(qtbot, document, choose_path=choose, open_url=opened)
    assert dialog.period.kind() == MONTH  # the calendar's month is this month: one choice
    assert dialog.suggested_name() == "test strategy report March 2026.pdf"
    image = save_screenshot(dialog, screenshots, "report-dialog.png")
    assert_painted(image, region(dialog, dialog.run_button))

    with qtbot.waitSignal(dialog.reportReady, timeout=60_000) as blocker:
        qtbot.mouseClick(dialog.run_button, qtbot_left())
    result = blocker.args[0]
    out = tmp_path / "board meeting.pdf"
    assert result.path == out and out.is_file()
    assert asked and asked[0][1].endswith("test strategy report March 2026.pdf")
    text = pdf_text(out)
    for title in TITLES:
        assert title in text
    assert result.posts == 3 and result.pages >= 3

    box = dialog.result_box
    assert box is not None and box.isVisible()
    assert "3 posts" in box.text() and str(out) in box.text()
    assert box.findChild(QPushButton, "openButton") is box.defaultButton()
    folder_button = box.findChild(QPushButton, "folderButton")
    qtbot.mouseClick(folder_button, qtbot_left())
    assert opened.urls == [QUrl.fromLocalFile(str(tmp_path))]
    assert not dialog.isVisible()


def test_cancel_mid_way_leaves_no_file(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build = report_dialog.build_report
    reached = []
    pressed = threading.Event()  # Cancel has been clicked

    def held_build(service: Any, period: Period, **kwargs: Any) -> Any:
        progress, cancelled = kwargs["progress"], kwargs["cancelled"]

        def hold(done: int, total: int) -> None:
            progress(done, total)
            if done > 0:  # hold mid-way (after the data is read) until Cancel is pressed
                reached.append(done)
                pressed.wait(20)
                assert cancelled()

        return real_build(service, period, **{**kwargs, "progress": hold})

    monkeypatch.setattr(report_dialog, "build_report", held_build)
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / "cancelled.pdf"
    dialog = make_dialog(qtbot, document, choose_path=lambda *_a: str(out))
    task = dialog.start()
    assert task is not None
    qtbot.waitUntil(lambda: bool(reached), timeout=30_000)
    progress = dialog.findChild(TaskProgress)
    assert progress is not None
    qtbot.waitUntil(progress.isVisible, timeout=5_000)  # shown once the work takes a while
    cancel = progress.findChild(QPushButton)
    qtbot.mouseClick(cancel, qtbot_left())
    pressed.set()
    qtbot.waitUntil(lambda: task.outcome == "cancelled", timeout=30_000)
    assert not out.exists()
    assert list(folder.iterdir()) == []  # no temporary file left either
    assert dialog.isVisible() and dialog.run_button.isEnabled()  # ready for another try
    assert dialog.result_box is None


def test_periods_sections_and_paper(qtbot: QtBot, document: PlanDocument) -> None:
    dialog = make_dialog(qtbot, document, visible_period=Period.week_of(TODAY, 0))
    assert dialog.period.period() == Period(dt.date(2026, 3, 9), dt.date(2026, 3, 15))
    dialog.period.set_kind(MONTH)
    assert dialog.period.period() == MARCH
    # Picking a quarter in its list chooses the quarter option.
    dialog.period.quarter_combo.setCurrentIndex(dialog.period.quarter_combo.currentIndex() + 1)
    assert dialog.period.kind() == QUARTER
    assert dialog.period.period() == Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    assert dialog.period.label() == "Q2 2026"
    dialog.period.set_range(dt.date(2026, 2, 20), dt.date(2026, 3, 5))
    assert dialog.period.kind() == CUSTOM
    assert dialog.period.period() == Period(dt.date(2026, 2, 20), dt.date(2026, 3, 5))
    # The end cannot be put before the start.
    dialog.period.to_edit.setDate(dialog.period.from_edit.date().addDays(-3))
    assert dialog.period.period().end == dt.date(2026, 2, 20)

    assert dialog.run_button.isEnabled()
    dialog.section_boxes[Section.POSTS].setChecked(False)
    assert not dialog.bodies_box.isEnabled()
    dialog.set_sections(set())
    assert not dialog.run_button.isEnabled()
    assert dialog.start() is None
    dialog.set_sections({Section.POSTS})
    dialog.bodies_box.setChecked(True)
    assert dialog.run_button.isEnabled() and dialog.bodies_box.isEnabled()
    dialog.paper_combo.setCurrentIndex(dialog.paper_combo.findData(Paper.LETTER))
    options = dialog.options()
    assert options.sections == frozenset({Section.POSTS})
    assert options.include_bodies and options.paper is Paper.LETTER


def test_paper_follows_the_locale() -> None:
    from PySide6.QtCore import QLocale

    assert locale_paper(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)) is (
        Paper.LETTER
    )
    assert locale_paper(QLocale(QLocale.Language.German, QLocale.Country.Germany)) is Paper.A4
    assert locale_paper(QLocale(QLocale.Language.French, QLocale.Country.Canada)) is Paper.LETTER


def test_a_folder_that_cannot_be_written_gives_an_error(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "report.pdf"
    dialog = make_dialog(qtbot, document, choose_path=lambda *_a: str(target))
    task = dialog.start()
    assert task is not None
    qtbot.waitUntil(lambda: task.outcome == "failed", timeout=30_000)
    boxes = [w for w in dialog.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and boxes[0].windowTitle() == "The report could not be written"
    assert dialog.isVisible() and dialog.run_button.isEnabled()
    assert not target.exists()


def test_cancel_in_the_file_question_starts_nothing(qtbot: QtBot, document: PlanDocument) -> None:
    dialog = make_dialog(qtbot, document, choose_path=lambda *_a: None)
    assert dialog.start() is None
    assert dialog.task is None and dialog.isVisible()


def test_entry_points_open_window_modal_dialogs(qtbot: QtBot, document: PlanDocument) -> None:

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    export = open_report_dialog(parent, document, visible_period=MARCH)
    printing = open_print_report_dialog(parent, document, visible_period=MARCH)
    for dialog in (export, printing):
        assert dialog.isVisible()
        assert dialog.windowModality() == Qt.WindowModality.WindowModal
        assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    assert export.windowTitle() == "Export report" and printing.windowTitle() == "Print report"
    export.reject()
    printing.reject()


def test_this_month_is_offered_once_when_the_calendar_shows_it(
    qtbot: QtBot, document: PlanDocument
) -> None:
    dialog = make_dialog(qtbot, document, visible_period=MARCH)  # the calendar is on this month
    labels = [b.text().replace("&", "") for b in dialog.period.buttons.values()]
    assert [label for label in labels if "March 2026" in label] == ["This month (March 2026)"]
    assert dialog.period.kind() == MONTH and dialog.period.period() == MARCH
    week = make_dialog(qtbot, document, visible_period=Period.week_of(TODAY, 0))
    labels = [b.text().replace("&", "") for b in week.period.buttons.values()]
    assert any(label.startswith("As shown in the calendar") for label in labels)
    assert week.period.kind() == VISIBLE


def test_a_long_plan_name_leaves_each_months_report_its_own_name(
    qtbot: QtBot, document: PlanDocument
) -> None:
    # 600 bytes of plan name: shortening the whole name once cut the month off the end.
    document.service.update_settings(name="計画の名前" * 40)
    names = []
    for month in (11, 12):
        dialog = make_dialog(qtbot, document, visible_period=Period.month(2026, month))
        names.append(dialog.suggested_name())
        dialog.reject()
    november, december = names
    assert november.endswith(" strategy report November 2026.pdf")
    assert december.endswith(" strategy report December 2026.pdf")
    assert all(len(os.fsencode(name)) <= FILE_NAME_BYTES for name in names)
    assert november.startswith("計画の名前計画の名前")
