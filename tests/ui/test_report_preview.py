"""File › Print report › Preview: every page on a sheet turned as that page is (the portrait
title page upright, the landscape pages after it wide), zoom by keys, Print… asks for the printer
and prints on a worker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from report_dialog_support import report_document, report_pdf

from lmplanner.ui.dialogs.report_preview import ReportPreview
from lmplanner.ui.dialogs.report_print import ReportPrinter
from lmplanner.ui.document import PlanDocument


@pytest.fixture
def document(plan: object) -> Iterator[PlanDocument]:
    yield from report_document(plan)  # the plan with posts the report dialog's tests use


def test_preview_turns_each_sheet_as_its_page_and_prints_from_it(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    source = report_pdf(qtbot, document)
    shapes = [page.mediabox.width > page.mediabox.height for page in PdfReader(source).pages]
    assert shapes[0] is False and True in shapes  # a portrait title page, landscape pages after
    seen: dict[str, object] = {}
    out = tmp_path / "from-preview.pdf"

    def ask(printer: QPrinter, _parent: QWidget | None) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReportPreview), dialog
        seen["wide"] = [s.width() > s.height() for s in dialog.sheets]
        width = dialog.sheets[0].width()
        qtbot.mouseClick(dialog.zoom_in, Qt.MouseButton.LeftButton)
        seen["zoomed"] = dialog.sheets[0].width() > width
        seen["names"] = dialog.sheets[0].accessibleName()
        qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)

    printer = ReportPrinter(None, source, ask=ask)
    QTimer.singleShot(0, drive)
    task = printer.preview()
    assert seen["wide"] == shapes
    assert seen["zoomed"] is True
    assert seen["names"] == f"Page 1 of {len(shapes)}"
    assert task is not None
    qtbot.waitUntil(lambda: task.outcome != "", timeout=60_000)
    assert task.outcome == "succeeded" and len(PdfReader(str(out)).pages) == len(shapes)
