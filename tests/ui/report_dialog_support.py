"""The report dialog tests' shared parts: a plan with posts, the dialog shown, a PDF file that
stands in for the printer, and where a page's ink lies, to compare printed pages with the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QGraphicsView, QMessageBox
from pytestqt.qtbot import QtBot

from lmplanner.core.balance import Period
from lmplanner.core.domain import Role
from lmplanner.core.report import Section
from lmplanner.core.services import PostDraft
from lmplanner.ui.dialogs.report_dialog import (
    PRINT,
    ReportDialog,
)
from lmplanner.ui.dialogs.report_print import PdfPages
from lmplanner.ui.document import PlanDocument
from lmplanner.ui.workers import Task, wait_for_all

TODAY = dt.date(2026, 3, 11)
MARCH = Period.month(2026, 3)
TITLES = ("Why we plan in public", "Five planning shortcuts", "Webinar on Thursday")


def report_document(plan: object) -> Iterator[PlanDocument]:
    """For a fixture: a document on `plan` with three March posts; afterwards the boxes left
    open are closed and every worker has returned."""
    doc = PlanDocument(plan)  # type: ignore[arg-type]
    for day, (title, role) in enumerate(
        zip(TITLES, (Role.LEADER, Role.MANAGER, Role.MANAGER), strict=True)
    ):
        doc.service.add_post(
            PostDraft(title=title, role=role, channel="LinkedIn", date=dt.date(2026, 3, 2 + day))
        )
    yield doc
    close_boxes()
    assert wait_for_all(60)


def close_boxes() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.done(0)


class Opened:
    """Stands in for QDesktopServices.openUrl: remembers what would have been opened."""

    def __init__(self, result: bool = True) -> None:
        self.urls: list[QUrl] = []
        self.result = result

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return self.result


def make_dialog(qtbot: QtBot, document: PlanDocument, **kwargs: Any) -> ReportDialog:
    kwargs.setdefault("visible_period", MARCH)
    dialog = ReportDialog(None, document, today=TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def qtbot_left() -> Qt.MouseButton:
    return Qt.MouseButton.LeftButton


class PdfFilePrinter:
    """Stands in for the print dialog: prints to a PDF file, with the given pages and copies."""

    def __init__(self, out: Path, pages: tuple[int, int] | None = None, copies: int = 1) -> None:
        self.out = out
        self.pages = pages
        self.copies = copies
        self.asked = 0

    def __call__(self, printer: QPrinter, _parent: object) -> bool:
        self.asked += 1
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(self.out))
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
        printer.setColorMode(QPrinter.ColorMode.GrayScale)
        printer.setCopyCount(self.copies)
        if self.pages is not None:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(*self.pages)
        return True


def start_print(
    qtbot: QtBot, document: PlanDocument, ask: PdfFilePrinter, sections: set[Section] | None = None
) -> tuple[ReportDialog, Task]:
    """The Print report dialog's Print… pressed; the print job that follows, once it ended."""
    dialog = make_dialog(qtbot, document, mode=PRINT, ask_printer=ask)
    if sections is not None:
        dialog.set_sections(sections)
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000):
        dialog.run_button.click()
    printer = dialog.report_printer
    assert dialog.print_path_used == "printer" and printer is not None
    task = printer.task
    assert task is not None
    # The job's outcome is set on the UI thread after the worker returned, and the worker
    # returns only after QPainter.end() has closed the printer's file.
    qtbot.waitUntil(lambda: task.outcome != "", timeout=60_000)
    return dialog, task


def print_through_dialog(
    qtbot: QtBot, document: PlanDocument, ask: PdfFilePrinter, sections: set[Section] | None = None
) -> tuple[ReportDialog, PdfReader]:
    dialog, task = start_print(qtbot, document, ask, sections)
    assert task.outcome == "succeeded", task.error
    return dialog, PdfReader(str(ask.out))


Box = tuple[float, float, float, float]
INK_DPI = 24  # enough to see where a page's ink lies; cheap to scan in Python


def pixel_box(image: QImage, inside: Callable[[int], bool]) -> tuple[int, int, int, int]:
    """The bounding box (left, top, right, bottom; right and bottom exclusive) of the pixels of a
    greyscale image whose value is `inside`."""
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = bytes(image.constBits())  # type: ignore[call-overload]
    left, right, top, bottom = width, -1, height, -1
    for y in range(height):
        row = data[y * stride : y * stride + width]
        hits = [x for x in range(width) if inside(row[x])]
        if hits:
            top, bottom = min(top, y), y
            left, right = min(left, hits[0]), max(right, hits[-1])
    assert right >= 0, "no such pixels"
    return left, top, right + 1, bottom + 1


def ink_box(image: QImage) -> Box:
    """Where the non-white pixels of a greyscale page image lie, as fractions of its width and
    height: (left, top, right, bottom)."""
    left, top, right, bottom = pixel_box(image, lambda value: value < 235)
    width, height = image.width(), image.height()
    return (left / width, top / height, right / width, bottom / height)


def fitted_box(box: Box, page: tuple[float, float], sheet: tuple[float, float]) -> Box:
    """Where `box` on a page of size `page` lands when the page is fitted whole, centred, on a
    sheet of size `sheet` (the way a page that cannot be turned is shown)."""
    scale = min(sheet[0] / page[0], sheet[1] / page[1])
    dx, dy = (sheet[0] - page[0] * scale) / 2, (sheet[1] - page[1] * scale) / 2
    left, top, right, bottom = box
    return (
        (dx + left * page[0] * scale) / sheet[0],
        (dy + top * page[1] * scale) / sheet[1],
        (dx + right * page[0] * scale) / sheet[0],
        (dy + bottom * page[1] * scale) / sheet[1],
    )


def assert_same_pages(source: Path, printed: Path, *, turned: bool = True) -> None:
    """Every printed sheet shows its source page whole and at full size: the sheet turned as
    the page is (when `turned`) and the page's ink where the page has it, within 2 %."""
    src, out = PdfPages(source), PdfPages(printed)
    try:
        assert out.count == src.count
        for index in range(src.count):
            page, sheet = src.sizes[index], out.sizes[index]
            if turned:
                assert src.landscape(index) == out.landscape(index), f"page {index + 1} turned"
                assert sheet == pytest.approx(page, abs=2), f"page {index + 1} size"
            expected = fitted_box(ink_box(src.image(index, INK_DPI, grey=True)), page, sheet)
            got = ink_box(out.image(index, INK_DPI, grey=True))
            assert got == pytest.approx(expected, abs=0.02), f"page {index + 1} content"
    finally:
        src.close()
        out.close()


def report_pdf(qtbot: QtBot, document: PlanDocument) -> Path:
    """The full report (portrait title page, landscape pages after it), built in the dialog."""
    dialog = make_dialog(qtbot, document, mode=PRINT, open_url=Opened())
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000) as blocker:
        dialog.print_choice = "viewer"
        dialog.start()
    path: Path = blocker.args[0].path
    return path


def pdf_file_printer(printer: QPrinter, out: Path, paper: tuple[float, float]) -> None:
    """Point `printer` at a PDF file on the report's own paper, portrait as set up."""
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    short, long = sorted(paper)
    printer.setPageSize(QPageSize(QSizeF(short, long), QPageSize.Unit.Point, "report"))


def preview_sheets(preview: QPrintPreviewWidget, width: int = 400) -> list[QImage]:
    """The sheets the preview shows, in page order, each cut out of its scene (about `width`
    pixels wide) without the grey around it and the shadow, in greyscale."""
    view = preview.findChild(QGraphicsView)
    assert view is not None
    scene = view.scene()
    items = sorted(scene.items(), key=lambda item: item.sceneBoundingRect().top())
    sheets = []
    for item in items:
        area = item.sceneBoundingRect()
        image = QImage(
            width, round(width * area.height() / area.width()), QImage.Format.Format_RGB32
        )
        image.fill(Qt.GlobalColor.darkGray)
        painter = QPainter(image)
        scene.render(painter, QRectF(image.rect()), area)
        painter.end()
        grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
        left, top, right, bottom = pixel_box(grey, lambda value: value == 255)  # the white sheet
        sheets.append(grey.copy(left, top, right - left, bottom - top))
    return sheets
