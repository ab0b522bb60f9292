"""Printing a finished report PDF from the app: the Qt print dialog and preview, with the PDF's
pages rendered by PDFium (pypdfium2, Apache-2.0/BSD) at the printer's resolution.

Threads: the print job runs on a worker (`Task`). It renders one page image at a time with
PDFium and paints it onto the QPrinter there; Qt supports QPainter on a QPrinter outside the UI
thread, and the UI thread does not touch that printer until the job has finished. Progress and
cancel travel through the task's signals, so the UI never waits and never calls processEvents.
The preview paints on the UI thread at screen resolution (cheap); when its own Print button is
pressed, the job is handed to the same worker instead of being painted there.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRect, QRectF
from PySide6.QtGui import QImage, QPageLayout, QPainter
from PySide6.QtWidgets import QDialog, QWidget

from lmplanner.ui.dialogs.common import error_box
from lmplanner.ui.workers import Task, TaskControl, show_progress

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

# PDFium is not thread-safe: one call into it at a time, whichever thread makes it.
_PDFIUM_LOCK = threading.Lock()
PREVIEW_DPI = 110  # enough for the screen; printing uses the printer's own resolution
MAX_PRINT_DPI = 600  # beyond this a page image costs memory without a visible gain
# A PDF file printed from the app holds page images: the file engine claims 1200 dpi, which made a
# 6-page report 15 MB at 600 dpi in JPEG; 300 dpi, stored lossless, prints sharp text in about 2 MB.
MAX_FILE_DPI = 300

AskPrinter = Callable[["QPrinter", QWidget | None], bool]


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ReportPrint", text, None, n)


def pdfium_available() -> bool:
    """Whether pypdfium2 (the PDF renderer used for printing) can be imported."""
    try:
        return importlib.util.find_spec("pypdfium2") is not None
    except (ImportError, ValueError):
        return False


class PdfPages:
    """A PDF's pages as images, through PDFium. Usable from any one thread at a time."""

    def __init__(self, path: Path) -> None:
        import pypdfium2

        with _PDFIUM_LOCK:
            self._pdf = pypdfium2.PdfDocument(str(path))
            self.count = len(self._pdf)
            self.sizes = [self._pdf[i].get_size() for i in range(self.count)]

    def landscape(self, index: int) -> bool:
        width, height = self.sizes[index]
        return bool(width > height)

    def image(self, index: int, dpi: float, *, grey: bool = False) -> QImage:
        """Page `index` (0-based) at `dpi`, as a QImage that owns its pixels."""
        with _PDFIUM_LOCK:
            page = self._pdf[index]
            bitmap = page.render(scale=dpi / 72, grayscale=grey, rev_byteorder=True)
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            fmt = _image_format(bitmap.mode)
            # copy(): the QImage must not point into PDFium's buffer once the bitmap is freed.
            image = QImage(bitmap.buffer, width, height, stride, fmt).copy()
            bitmap.close()
            page.close()
        return image

    def close(self) -> None:
        with _PDFIUM_LOCK:
            self._pdf.close()


def _image_format(mode: str) -> QImage.Format:
    return {
        "L": QImage.Format.Format_Grayscale8,
        "RGB": QImage.Format.Format_RGB888,
        "RGBA": QImage.Format.Format_RGBA8888,
        "RGBX": QImage.Format.Format_RGBX8888,
    }[mode]


def pages_to_print(printer: QPrinter, count: int) -> list[int]:
    """The 0-based page numbers the print dialog asked for, each copy in order when the
    printer does not make the copies itself."""
    from PySide6.QtPrintSupport import QPrinter

    pages = list(range(count))
    if printer.printRange() in (QPrinter.PrintRange.PageRange, QPrinter.PrintRange.Selection):
        ranges = printer.pageRanges()
        if not ranges.isEmpty():
            pages = [p - 1 for p in range(1, count + 1) if ranges.contains(p)]
        else:
            first, last = max(1, printer.fromPage()), min(count, printer.toPage() or count)
            pages = list(range(first - 1, last))
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies == 1:
        return pages
    if printer.collateCopies():
        return pages * copies
    return [p for p in pages for _ in range(copies)]


def paint_pages(
    printer: QPrinter,
    pdf: PdfPages,
    pages: list[int],
    *,
    dpi: float,
    step: Callable[[int, int], bool] | None = None,
    turn: bool = True,
) -> int:
    """Paint `pages` onto `printer`, each scaled to the printer's paper and, when `turn`, on a
    sheet turned to its page's orientation (else fitted whole onto the sheet as it is); returns
    how many were painted. `step(done, total)` returning False stops (the job is aborted)."""
    from PySide6.QtPrintSupport import QPrinter

    grey = printer.colorMode() == QPrinter.ColorMode.GrayScale
    # The report PDF carries its own margins: paint onto the whole sheet, not inside the
    # printer's margins, so a printed page matches the exported one.
    printer.setFullPage(True)
    painter = QPainter()
    done = 0
    for done, index in enumerate(pages):
        if step is not None and not step(done, len(pages)):
            if painter.isActive():
                printer.abort()
                painter.end()
            return done
        # The layout must be set before the page starts (begin() or newPage()): the printer
        # takes a new page's size and orientation only then.
        if turn:
            printer.setPageOrientation(page_orientation(pdf, index))
        if not painter.isActive():
            if not painter.begin(printer):
                raise OSError(tr("The printer could not be started."))
        elif not printer.newPage():
            raise OSError(tr("The printer did not take the next page."))
        image = pdf.image(index, dpi, grey=grey)
        _draw_fitted(painter, image, sheet_rect(printer))
    # end() writes the last page and, for a PDF file, closes the file: only then is it printed.
    if painter.isActive() and not painter.end():
        raise OSError(tr("The printer could not finish the job."))
    return len(pages)


def page_orientation(pdf: PdfPages, index: int) -> QPageLayout.Orientation:
    if pdf.landscape(index):
        return QPageLayout.Orientation.Landscape
    return QPageLayout.Orientation.Portrait


def sheet_rect(printer: QPrinter) -> QRect:
    """This page's whole sheet in device pixels, read afresh for every page: after an
    orientation change the sheet is turned, while the painter still holds the first page's."""
    from PySide6.QtPrintSupport import QPrinter

    return printer.paperRect(QPrinter.Unit.DevicePixel).toRect()


def _draw_fitted(painter: QPainter, image: QImage, sheet: QRect) -> None:
    """The page image as large as the sheet allows, centred, its shape kept."""
    # The painter keeps the viewport and window of the page it began on; a turned page needs
    # both set to its own sheet, or it is drawn squeezed into the old page's shape.
    painter.resetTransform()
    painter.setViewport(sheet)
    painter.setWindow(sheet)
    area = QRectF(sheet)
    scale = min(area.width() / image.width(), area.height() / image.height())
    target = QRectF(0, 0, image.width() * scale, image.height() * scale)
    target.moveCenter(area.center())
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    # Lossless (Flate) rather than JPEG in PDF output: text stays crisp and, pages being mostly
    # white, the file is smaller too.
    painter.setRenderHint(QPainter.RenderHint.LosslessImageRendering)
    painter.drawImage(target, image)


def print_dpi(printer: QPrinter) -> float:
    from PySide6.QtPrintSupport import QPrinter

    cap = (
        MAX_FILE_DPI if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat else MAX_PRINT_DPI
    )
    return float(min(max(printer.resolution(), 72), cap))


def print_job(path: Path, printer: QPrinter) -> Callable[[TaskControl], int]:
    """The work of printing `path` on `printer`, for a Task; returns the pages printed."""

    def work(control: TaskControl) -> int:
        pdf = PdfPages(path)
        try:
            pages = pages_to_print(printer, pdf.count)
            if not pages:
                # Nothing would reach the printer, yet the job would seem to have printed.
                raise OSError(no_pages_text(printer, pdf.count))

            def step(done: int, total: int) -> bool:
                control.progress(done, total)
                return not control.cancelled()

            printed = paint_pages(printer, pdf, pages, dpi=print_dpi(printer), step=step)
            if printed == len(pages):
                check_output_file(printer)
            control.progress(len(pages), len(pages))
            return printed
        finally:
            pdf.close()

    return work


def no_pages_text(printer: QPrinter, count: int) -> str:
    """Why nothing was printed: the pages asked for are not in the report."""
    asked = printer.pageRanges().toString() or f"{printer.fromPage()}-{printer.toPage()}"
    if count == 1:
        text = tr("The report has 1 page; the pages asked for ({pages}) are not in it.")
    else:
        text = tr("The report has %n pages; the pages asked for ({pages}) are not in it.", count)
    return text.format(pages=asked)


def check_output_file(printer: QPrinter) -> None:
    """A job printed to a file has closed that file by now (QPainter.end()); a file that is not
    there was not printed, whatever the painting said."""
    name = printer.outputFileName()
    if name and not Path(name).is_file():
        raise OSError(tr("The printer did not write {file}.").format(file=name))


def ask_printer(printer: QPrinter, parent: QWidget | None) -> bool:
    """The system print dialog: printer, pages, copies, colour and paper. True to print."""
    from PySide6.QtPrintSupport import QPrintDialog

    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Print report"))
    return dialog.exec() == QDialog.DialogCode.Accepted


def said_failed(parent: QWidget | None, error: BaseException) -> None:
    """A job the printer refused or that broke off is said, never dropped on the worker."""
    error_box(parent, tr("The report could not be printed"), str(error))


class ReportPrinter:
    """Prints one report PDF: through the print dialog, or after a preview.

    `ask` stands in for the print dialog in tests (it may set up the printer and say yes).
    """

    def __init__(
        self,
        parent: QWidget | None,
        path: Path,
        *,
        ask: AskPrinter | None = None,
    ) -> None:
        from PySide6.QtPrintSupport import QPrinter

        self.parent = parent
        self.path = path
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setDocName(path.stem)
        self.pdf = PdfPages(path)
        self.printer.setFromTo(1, self.pdf.count)
        self._ask = ask or ask_printer
        self.task: Task | None = None
        self._print_after_preview = False

    def print_with_dialog(self) -> Task | None:
        """Ask for the printer and its settings, then print on a worker. None if not printed."""
        if not self._ask(self.printer, self.parent):
            self.close()
            return None
        return self.start()

    def preview(self) -> Task | None:
        """The print preview, each page on a sheet turned as it is (Qt's own preview turns none:
        `ReportPreview`); its Print… asks for the printer, then prints on a worker."""
        from lmplanner.ui.dialogs.report_preview import ReportPreview

        dialog = ReportPreview(self.parent, self.pdf)
        wanted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not wanted or not self._ask(self.printer, self.parent):
            self.close()
            return None
        return self.start()

    def paint_preview(self, printer: QPrinter) -> None:
        """Paint the preview's pages; a real print asked from the preview is only noted, so the
        worker does it rather than the UI thread."""
        from PySide6.QtGui import QPaintEngine

        engine = printer.paintEngine()
        if engine is not None and engine.type() != QPaintEngine.Type.Picture:
            self._print_after_preview = True
            return
        self.paint_sheets(printer)

    def paint_sheets(self, printer: QPrinter) -> None:
        """The preview's sheets. Qt's preview shows every sheet with the one page layout the
        printer has when painting ends, so pages are not turned here: each is fitted whole onto
        the sheet as the user set it (the real print turns each sheet as its page is)."""
        pages = list(range(self.pdf.count))
        paint_pages(printer, self.pdf, pages, dpi=PREVIEW_DPI, turn=False)

    def start(self) -> Task:
        """Print on a worker, with a progress dialog that can cancel."""
        task = Task(print_job(self.path, self.printer), name="print")
        # A closure, not a bound method: Qt would drop the connection with this object, which the
        # Print report dialog (deleted when it closes) may no longer hold when the job ends.
        parent = self.parent
        task.failed.connect(lambda error: said_failed(parent, error))
        task.finished.connect(self.pdf.close)
        self.task = task
        show_progress(self.parent, task, tr("Printing the report…"))
        return task.start()

    def close(self) -> None:
        if self.task is None:
            self.pdf.close()
