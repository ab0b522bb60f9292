"""File > Print report… driven through the dialog: to the printer (a PDF file stands in for
it) with pages and copies, the preview, the system's PDF viewer, and print jobs that fail or are
cancelled; printed pages compared with the report's."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from report_dialog_support import (
    INK_DPI,
    Opened,
    PdfFilePrinter,
    assert_same_pages,
    fitted_box,
    ink_box,
    make_dialog,
    pdf_file_printer,
    pdf_text,
    preview_sheets,
    print_through_dialog,
    report_document,
    report_pdf,
    start_print,
)

from lmplanner.core.report import Section
from lmplanner.ui.dialogs import report_dialog
from lmplanner.ui.dialogs.report_dialog import (
    PRINT,
)
from lmplanner.ui.dialogs.report_print import PdfPages, ReportPrinter, print_job
from lmplanner.ui.document import PlanDocument
from lmplanner.ui.workers import Task


@pytest.fixture
def document(plan: object) -> Iterator[PlanDocument]:
    yield from report_document(plan)


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


def test_two_prints_of_the_same_report_never_share_a_file(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    # Each print writes its report to a file of its own: a second print of the same period (in
    # another window, or another test on the same machine) once replaced the first one's file
    # before it was printed, which then printed the other report's pages, or none.
    summary, summary_printed = print_through_dialog(
        qtbot, document, PdfFilePrinter(tmp_path / "summary.pdf"), {Section.SUMMARY}
    )
    full, full_printed = print_through_dialog(
        qtbot, document, PdfFilePrinter(tmp_path / "full.pdf")
    )
    assert summary.last_result is not None and full.last_result is not None
    first, second = summary.last_result.path, full.last_result.path
    assert first != second and first.parent == second.parent
    assert len(PdfReader(str(first)).pages) == len(summary_printed.pages) == 1
    assert len(PdfReader(str(second)).pages) == len(full_printed.pages) >= 3


def test_a_page_range_outside_the_report_fails_and_says_why(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    ask = PdfFilePrinter(tmp_path / "none.pdf", pages=(2, 3))
    _dialog, task = start_print(qtbot, document, ask, {Section.SUMMARY})  # a one-page report
    assert task.outcome == "failed"
    assert not ask.out.exists()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    said = [box.text() for box in boxes if box.isVisible()]
    assert said == ["The report has 1 page; the pages asked for (2-3) are not in it."], said


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


def test_a_very_long_plan_name_still_makes_print_files_a_file_system_takes(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # a print folder of this test's own
    # 200 characters of three bytes each: the name alone is 600 bytes, and 255 is the limit.
    document.service.update_settings(name="計画の名前" * 40)
    names = []
    for n in range(2):
        dialog, _printed = print_through_dialog(
            qtbot, document, PdfFilePrinter(tmp_path / f"{n}.pdf"), {Section.SUMMARY}
        )
        assert dialog.last_result is not None
        names.append(dialog.last_result.path.name)
    assert all(len(os.fsencode(name)) <= 255 for name in names), names
    # The plan's name alone is shortened: the period and " (2)" stay whole.
    tail = " strategy report March 2026"
    first, second = names[0].removesuffix(f"{tail}.pdf"), names[1].removesuffix(f"{tail} (2).pdf")
    assert first != names[0] and second != names[1]
    assert first.startswith(second) and second.startswith("計画の名前")
    assert len(os.fsencode(names[1])) > 245  # shortened only as far as it had to be


def test_a_print_file_that_cannot_be_made_is_said_in_a_dialog(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The temporary folder is no folder (as good as read-only or gone: even root cannot write).
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("TMPDIR", str(blocked))
    ask = PdfFilePrinter(tmp_path / "never.pdf")
    dialog = make_dialog(qtbot, document, mode=PRINT, ask_printer=ask)
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    shown = [box for box in boxes if box.isVisible()]
    assert [box.windowTitle() for box in shown] == ["The report could not be printed"]
    assert shown[0].text().startswith(f"No file to print from could be made in {blocked}")
    assert dialog.task is None and dialog.isVisible() and dialog.run_button.isEnabled()
    assert ask.asked == 0 and not ask.out.exists()
