"""File > Export report… and Print report… driven through the dialog; PDFs read back with pypdf."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QGraphicsView, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from screenshot_support import assert_painted, region, save_screenshot

from lmplanner.core.balance import Period
from lmplanner.core.domain import Role
from lmplanner.core.report import Paper, Section
from lmplanner.core.services import PostDraft
from lmplanner.ui.dialogs import report_dialog
from lmplanner.ui.dialogs.export_dialog import (
    CUSTOM,
    MONTH,
    QUARTER,
    VISIBLE,
)
from lmplanner.ui.dialogs.report_dialog import (
    PRINT,
    ReportDialog,
    locale_paper,
    open_print_report_dialog,
    open_report_dialog,
)
from lmplanner.ui.dialogs.report_print import PdfPages, ReportPrinter, print_job
from lmplanner.ui.document import PlanDocument
from lmplanner.ui.workers import Task, TaskProgress, wait_for_all

TODAY = dt.date(2026, 3, 11)
MARCH = Period.month(2026, 3)
TITLES = ("Why we plan in public", "Five planning shortcuts", "Webinar on Thursday")


@pytest.fixture
def document(plan: object) -> Iterator[PlanDocument]:
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


def qtbot_left() -> Qt.MouseButton:
    return Qt.MouseButton.LeftButton


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


def test_print_opens_the_pdf_in_the_system_viewer_without_pdfium(
    qtbot: QtBot, document: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_dialog, "pdfium_available", lambda: False)
    opened = Opened()
    dialog = make_dialog(qtbot, document, mode=PRINT, open_url=opened)
    assert dialog.run_button.text() == "&Print…"
    dialog.set_sections({Section.POSTS})
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000):
        dialog.run_button.click()
    assert dialog.print_path_used == "viewer"
    assert len(opened.urls) == 1
    printed = Path(opened.urls[0].toLocalFile())
    assert printed.parent.name == report_dialog.PRINT_FOLDER
    assert printed.suffix == ".pdf" and printed.is_file()
    assert "Webinar on Thursday" in pdf_text(printed)


def test_print_without_a_viewer_says_where_the_file_is(
    qtbot: QtBot, document: PlanDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report_dialog, "pdfium_available", lambda: False)
    dialog = make_dialog(qtbot, document, mode=PRINT, open_url=Opened(result=False))
    dialog.set_sections({Section.SUMMARY})
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000):
        dialog.run_button.click()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any("no program to show PDF files" in box.text() for box in boxes if box.isVisible())


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


def print_through_dialog(
    qtbot: QtBot, document: PlanDocument, ask: PdfFilePrinter
) -> tuple[ReportDialog, PdfReader]:
    dialog = make_dialog(qtbot, document, mode=PRINT, ask_printer=ask)
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000):
        dialog.run_button.click()
    printer = dialog.report_printer
    assert dialog.print_path_used == "printer" and printer is not None
    task = printer.task
    assert task is not None
    qtbot.waitUntil(lambda: task.outcome != "", timeout=60_000)
    assert task.outcome == "succeeded", task.error
    return dialog, PdfReader(str(ask.out))


def test_print_renders_the_report_onto_the_printer(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    ask = PdfFilePrinter(tmp_path / "printed.pdf")
    dialog, printed = print_through_dialog(qtbot, document, ask)
    assert dialog.last_result is not None and ask.asked == 1
    report = PdfReader(str(dialog.last_result.path))
    assert len(printed.pages) == len(report.pages) >= 3
    sizes = [
        (round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in printed.pages
    ]
    # The paper chosen in the print dialog (US Letter), each page turned as the report's is.
    assert sizes[0] == (612, 792) and sizes[1] == (792, 612)
    assert set(sizes) == {(612, 792), (792, 612)}


def test_print_honours_the_page_range_and_copies(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    ask = PdfFilePrinter(tmp_path / "two.pdf", pages=(2, 3), copies=2)
    _dialog, printed = print_through_dialog(qtbot, document, ask)
    # A PDF file cannot make copies itself, so the app sends each page twice (collated).
    assert len(printed.pages) == 4
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in printed.pages)


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


def test_printed_pages_match_the_report_page_by_page(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    source = report_pdf(qtbot, document)
    sizes = PdfPages(source)
    sizes.close()
    assert {sizes.landscape(i) for i in range(sizes.count)} == {False, True}  # mixed pages
    printer = ReportPrinter(None, source)
    out = tmp_path / "printed.pdf"
    pdf_file_printer(printer.printer, out, sizes.sizes[0])
    task = printer.start()
    qtbot.waitUntil(lambda: task.outcome != "", timeout=60_000)
    assert task.outcome == "succeeded", task.error
    assert_same_pages(source, out)
    # Printing to a file renders at a modest resolution: not several MB a page.
    assert out.stat().st_size < 1_000_000 * sizes.count


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


def test_preview_shows_each_page_whole(qtbot: QtBot, document: PlanDocument) -> None:
    source = report_pdf(qtbot, document)
    printer = ReportPrinter(None, source)
    preview = QPrintPreviewWidget(printer.printer)
    qtbot.addWidget(preview)
    preview.paintRequested.connect(printer.paint_preview)
    preview.updatePreview()
    sheets = preview_sheets(preview)
    src = PdfPages(source)
    try:
        assert len(sheets) == src.count
        for index, sheet in enumerate(sheets):
            # Qt's preview shows every sheet with one page layout: each page must be on it
            # whole, fitted and centred, nothing cut off and nothing squeezed.
            size = (float(sheet.width()), float(sheet.height()))
            page = src.sizes[index]
            expected = fitted_box(ink_box(src.image(index, INK_DPI, grey=True)), page, size)
            got = ink_box(sheet)
            assert got == pytest.approx(expected, abs=0.02), f"page {index + 1} in the preview"
    finally:
        src.close()
        printer.close()


def test_open_in_pdf_viewer_stays_a_choice(qtbot: QtBot, document: PlanDocument) -> None:
    opened = Opened()
    dialog = make_dialog(qtbot, document, mode=PRINT, open_url=opened)
    viewer = dialog.findChild(QPushButton, "viewerButton")
    assert viewer is not None and dialog.findChild(QPushButton, "previewButton") is not None
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000):
        viewer.click()
    assert dialog.print_path_used == "viewer" and len(opened.urls) == 1


def test_preview_shows_every_page_and_prints_on_a_worker(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, document, mode=PRINT, open_url=Opened())
    dialog.set_sections({Section.SUMMARY, Section.POSTS})
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000) as blocker:
        dialog.print_choice = "viewer"  # build the PDF only; the preview is driven below
        dialog.start()
    path = blocker.args[0].path
    printer = ReportPrinter(None, path)
    preview = QPrintPreviewWidget(printer.printer)
    qtbot.addWidget(preview)
    preview.paintRequested.connect(printer.paint_preview)
    preview.updatePreview()
    assert preview.pageCount() == len(PdfReader(str(path)).pages) == 2
    printer.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "from-preview.pdf"
    printer.printer.setOutputFileName(str(out))
    preview.print_()  # the preview's Print only notes the wish: the worker prints
    assert not out.exists()
    task = printer.start()
    qtbot.waitUntil(lambda: task.outcome != "", timeout=60_000)
    assert task.outcome == "succeeded" and len(PdfReader(str(out)).pages) == 2


def test_a_cancelled_print_job_stops_and_sends_nothing(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, document, mode=PRINT, open_url=Opened())
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000) as blocker:
        dialog.print_choice = "viewer"
        dialog.start()
    out = tmp_path / "cancelled.pdf"
    printer = ReportPrinter(None, blocker.args[0].path)
    PdfFilePrinter(out)(printer.printer, None)  # a PDF file, never a real printer
    task = Task(print_job(printer.path, printer.printer), name="print")
    task.cancel()  # asked before the first page: the job stops at once
    task.start()
    qtbot.waitUntil(lambda: task.outcome != "", timeout=60_000)
    assert task.outcome == "cancelled"
    assert not out.exists() or len(PdfReader(str(out)).pages) == 0
    printer.close()


def test_pages_render_in_grey_for_a_greyscale_printer(qtbot: QtBot, document: PlanDocument) -> None:
    dialog = make_dialog(qtbot, document, mode=PRINT, open_url=Opened())
    dialog.set_sections({Section.SUMMARY})
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000) as blocker:
        dialog.print_choice = "viewer"
        dialog.start()
    pages = PdfPages(blocker.args[0].path)
    try:
        grey, colour = pages.image(0, 30, grey=True), pages.image(0, 30)
    finally:
        pages.close()
    assert grey.format() == QImage.Format.Format_Grayscale8
    assert colour.format() != QImage.Format.Format_Grayscale8
    assert grey.width() == colour.width()
    assert abs(grey.width() - pages.sizes[0][0] * 30 / 72) <= 1


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
    from PySide6.QtWidgets import QWidget

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


@pytest.mark.qt_log_ignore("QPainter::begin")  # what Qt says about the printer it cannot start
def test_a_print_job_the_printer_refuses_is_said(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = make_dialog(qtbot, document, mode=PRINT, open_url=Opened())
    dialog.set_sections({Section.SUMMARY})
    with qtbot.waitSignal(dialog.reportReady, timeout=60_000) as blocker:
        dialog.print_choice = "viewer"  # build the PDF only; the job is started below
        dialog.start()
    printer = ReportPrinter(parent, blocker.args[0].path)
    # A PDF file in a folder that does not exist: the printer cannot be started.
    PdfFilePrinter(tmp_path / "missing" / "out.pdf")(printer.printer, None)
    task = printer.start()
    del printer  # as when the Print report dialog that held it has closed
    gc.collect()
    qtbot.waitUntil(lambda: task.outcome != "", timeout=60_000)
    assert task.outcome == "failed"
    boxes = [w for w in parent.findChildren(QMessageBox) if w.isVisible()]
    assert [b.windowTitle() for b in boxes] == ["The report could not be printed"]
