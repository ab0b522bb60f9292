"""File > Export report… and File > Print report…: the PDF strategy report, built off the UI thread.

Printing: the report is written to a temporary PDF, then printed from the app through the Qt print
dialog (or its preview), its pages rendered by PDFium at the printer's resolution on a worker (see
report_print). "Open in PDF viewer" is the second choice, and the fallback when pypdfium2 is
missing: the system's PDF viewer shows the file and its own Print command does the rest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLocale,
    QStandardPaths,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.report import (
    ALL_SECTIONS,
    Paper,
    ReportOptions,
    ReportResult,
    Section,
    build_report,
)
from lmplanner.core.report.options import LETTER_TERRITORIES
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.common import (
    ChoosePath,
    NameParts,
    OpenUrl,
    ask_save_path,
    count_text,
    documents_folder,
    error_box,
    quiet_label,
    saved_box,
    with_suffix,
)
from lmplanner.ui.dialogs.export_dialog import (
    CUSTOM,
    MONTH,
    QUARTER,
    VISIBLE,
    PeriodChooser,
)
from lmplanner.ui.dialogs.report_print import AskPrinter, ReportPrinter, pdfium_available
from lmplanner.ui.workers import Task, TaskControl, document_service, show_progress

if TYPE_CHECKING:
    from lmplanner.core.balance import Period
    from lmplanner.core.services import PostFilter
    from lmplanner.ui.document import PlanDocument

EXPORT, PRINT = "export", "print"
# What Print report… does with the finished PDF: the print dialog, the preview, or the viewer.
TO_PRINTER, TO_PREVIEW, TO_VIEWER = "printer", "preview", "viewer"
PRINT_FOLDER = "lmplanner-print"
_PRINT_KEEP_SECONDS = 24 * 3600  # earlier print files are removed the next time one is made


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportDialog", text)


def locale_paper(locale: QLocale | None = None) -> Paper:
    """US Letter where the locale's territory prints on it, A4 everywhere else."""
    loc = locale or QLocale()
    code = QLocale.territoryToCode(loc.territory())
    return Paper.LETTER if code.upper() in LETTER_TERRITORIES else Paper.A4


_SECTIONS = (
    (
        Section.SUMMARY,
        QT_TRANSLATE_NOOP("ReportDialog", "S&ummary"),
        QT_TRANSLATE_NOOP("ReportDialog", "Balance meter, verdict, counts and every flag"),
    ),
    (
        Section.CALENDAR,
        QT_TRANSLATE_NOOP("ReportDialog", "Ca&lendar"),
        QT_TRANSLATE_NOOP("ReportDialog", "A month grid per month, landscape"),
    ),
    (
        Section.BREAKDOWNS,
        QT_TRANSLATE_NOOP("ReportDialog", "Brea&kdowns"),
        QT_TRANSLATE_NOOP("ReportDialog", "By week, channel, author and kind"),
    ),
    (
        Section.STRATEGY,
        QT_TRANSLATE_NOOP("ReportDialog", "Strate&gy"),
        QT_TRANSLATE_NOOP("ReportDialog", "Pillars against targets, follow-ups and who leads"),
    ),
    (
        Section.RESULTS,
        QT_TRANSLATE_NOOP("ReportDialog", "Re&sults"),
        QT_TRANSLATE_NOOP("ReportDialog", "The finding, reach against relationship, top posts"),
    ),
    (
        Section.POSTS,
        QT_TRANSLATE_NOOP("ReportDialog", "P&ost list"),
        QT_TRANSLATE_NOOP("ReportDialog", "Every post of the period"),
    ),
)


class ReportDialog(QDialog):
    """Period, sections and paper; then the report is built in a worker with progress."""

    reportReady = Signal(object)  # ReportResult, in either mode

    def __init__(
        self,
        parent: QWidget | None,
        document: PlanDocument,
        *,
        mode: str = EXPORT,
        visible_period: Period | None = None,
        today: dt.date | None = None,
        post_filter: PostFilter | None = None,
        choose_path: ChoosePath | None = None,
        open_url: OpenUrl | None = None,
        ask_printer: AskPrinter | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportDialog")
        self.mode = mode
        self.document = document
        self._post_filter = post_filter
        self._choose_path = choose_path or ask_save_path
        self._open_url = open_url or QDesktopServices.openUrl
        self.task: Task | None = None
        self.result_box: QMessageBox | None = None
        self.last_result: ReportResult | None = None
        self._ask_printer = ask_printer
        self.print_choice = TO_PRINTER
        self.print_path_used = ""  # TO_PRINTER, TO_PREVIEW or TO_VIEWER after a print
        self.report_printer: ReportPrinter | None = None
        self.setWindowTitle(tr("Print report") if mode == PRINT else tr("Export report"))

        self.period = PeriodChooser(
            self,
            kinds=(MONTH, VISIBLE, QUARTER, CUSTOM),
            today=today or dt.date.today(),
            visible=visible_period,
            default=VISIBLE if visible_period is not None else MONTH,
        )

        contents = self._build_contents()
        page = self._build_page()
        self._build_filter_note(post_filter)
        self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(self.period)
        layout.addWidget(contents)
        layout.addWidget(page)
        layout.addWidget(self.filter_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._form = (self.period, contents, page)
        self._update()
        self.resize(max(560, self.sizeHint().width()), self.sizeHint().height())

    # ------------------------------------------------------------------ building
    def _build_contents(self) -> QGroupBox:
        """A box per section, with a line on what it holds, and whether to include bodies."""
        contents = QGroupBox(tr("Contents"), self)
        contents_form = QFormLayout(contents)
        contents_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.section_boxes: dict[Section, QCheckBox] = {}
        for section, text, hint_text in _SECTIONS:
            note = str(hint_text)
            box = QCheckBox(tr(str(text)), contents)
            box.setObjectName(f"section_{section.value}")
            box.setChecked(True)
            box.setToolTip(tr(note))
            box.toggled.connect(self._update)
            self.section_boxes[section] = box
            contents_form.addRow(box, quiet_label(tr(note), contents))
        self.bodies_box = QCheckBox(tr("Include post &bodies in the post list"), contents)
        self.bodies_box.setObjectName("bodiesBox")
        contents_form.addRow(self.bodies_box)
        return contents

    def _build_page(self) -> QGroupBox:
        """The paper size, A4 or US Letter as the locale prints."""
        page = QGroupBox(tr("Page"), self)
        page_form = QFormLayout(page)
        page_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.paper_combo = QComboBox(page)
        self.paper_combo.setObjectName("paperCombo")
        self.paper_combo.setAccessibleName(tr("Paper size"))
        self.paper_combo.addItem(tr("A4 (210 × 297 mm)"), Paper.A4)
        self.paper_combo.addItem(tr("US Letter (8.5 × 11 in)"), Paper.LETTER)
        self.paper_combo.setCurrentIndex(self.paper_combo.findData(locale_paper()))
        page_form.addRow(tr("Paper si&ze:"), self.paper_combo)
        return page

    def _build_filter_note(self, post_filter: PostFilter | None) -> None:
        """A line saying the calendar's filter applies; hidden when there is none."""
        self.filter_note = quiet_label("", self)
        if post_filter is not None and post_filter.describe():
            shown = "; ".join(f"{name}: {values}" for name, values in post_filter.describe())
            self.filter_note.setText(
                tr("Only posts that match the calendar's filter ({filter}).").format(filter=shown)
            )
        self.filter_note.setVisible(bool(self.filter_note.text()))

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        label = tr("&Print…") if self.mode == PRINT else tr("&Export…")
        self.run_button = QPushButton(label, self)
        self.run_button.setObjectName("runButton")
        self.run_button.setDefault(True)
        self.buttons.addButton(self.run_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.extra_buttons: list[QPushButton] = []
        if self.mode == PRINT:
            self.run_button.clicked.connect(lambda: self._print_to(TO_PRINTER))
            for name, text, choice in (
                ("previewButton", tr("P&review…"), TO_PREVIEW),
                ("viewerButton", tr("Open in PDF &viewer"), TO_VIEWER),
            ):
                button = QPushButton(text, self)
                button.setObjectName(name)
                button.clicked.connect(lambda _=False, c=choice: self._print_to(c))
                self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
                self.extra_buttons.append(button)
        else:
            self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

    def _print_to(self, choice: str) -> None:
        self.print_choice = choice
        self.start()

    # ------------------------------------------------------------------ choices
    def sections(self) -> frozenset[Section]:
        return frozenset(s for s, box in self.section_boxes.items() if box.isChecked())

    def set_sections(self, sections: frozenset[Section] | set[Section]) -> None:
        for section, box in self.section_boxes.items():
            box.setChecked(section in sections)

    def paper(self) -> Paper:
        return Paper(self.paper_combo.currentData())

    def options(self) -> ReportOptions:
        return ReportOptions(
            sections=self.sections() or ALL_SECTIONS,
            include_bodies=self.bodies_box.isChecked(),
            paper=self.paper(),
            post_filter=self._post_filter,
        )

    def suggested_name(self) -> str:
        return self.name_parts().fitted(".pdf")

    def name_parts(self) -> NameParts:
        plan = self.document.service.settings().name
        template = tr("{plan} strategy report {period}")
        return NameParts.around(template, plan, period=self.period.label())

    def _update(self, *_args: object) -> None:
        for button in (self.run_button, *self.extra_buttons):
            button.setEnabled(bool(self.sections()))
        self.bodies_box.setEnabled(Section.POSTS in self.sections())

    def _set_busy(self, busy: bool) -> None:
        for widget in (*self._form, self.run_button, *self.extra_buttons):
            widget.setEnabled(not busy)
        if not busy:
            self._update()

    # ------------------------------------------------------------------ running
    def start(self) -> Task | None:
        """Export: ask where, then build. Print: build into a temporary file. None if cancelled."""
        if not self.sections():
            return None
        if self.mode == PRINT:
            try:
                target = new_print_file(self.name_parts())
            except OSError as error:  # a full or read-only temporary folder
                error_box(
                    self,
                    tr("The report could not be printed"),
                    tr("No file to print from could be made in {folder}: {reason}").format(
                        folder=print_folder_path(), reason=error.strerror or error
                    ),
                )
                return None
        else:
            path = self._choose_path(
                self,
                tr("Save the report as"),
                str(documents_folder() / self.suggested_name()),
                tr("PDF documents (*.pdf)"),
            )
            if not path:
                return None
            target = with_suffix(path, ".pdf")
        period = self.period.period()
        assert period is not None
        options = self.options()
        service_factory = document_service(self.document)

        def work(control: TaskControl) -> ReportResult:
            with service_factory() as service:
                return build_report(
                    service,
                    period,
                    out=target,
                    options=options,
                    progress=control.progress,
                    cancelled=control.cancelled,
                )

        task = Task(work, discard=_remove_report, name="report")
        if self.mode == PRINT:
            # The file claimed for this print is ours alone: nothing to keep if none is made.
            for ended in (task.failed, task.cancelled):
                ended.connect(lambda *_args: target.unlink(missing_ok=True))
        task.succeeded.connect(self._on_ready)
        task.failed.connect(self._on_failed)
        task.finished.connect(self._on_finished)
        self.task = task
        self._set_busy(True)
        show_progress(
            self, task, tr("Writing the report for {period}…").format(period=self.period.label())
        )
        return task.start()

    def _on_ready(self, result: ReportResult) -> None:
        self.last_result = result
        self.reportReady.emit(result)
        parent = self.parentWidget()
        if self.mode == PRINT:
            self.accept()
            self.report_printer, self.print_path_used = print_pdf(
                parent,
                result.path,
                choice=self.print_choice,
                open_url=self._open_url,
                ask=self._ask_printer,
            )
            return
        text = tr("The report for {period} is ready: {pages}, {posts}.").format(
            period=self.period.label(),
            pages=count_text(result.pages, tr("1 page"), tr("{n} pages")),
            posts=count_text(result.posts, tr("1 post"), tr("{n} posts")),
        )
        text += "\n\n" + str(result.path)
        if result.warnings:
            text += "\n\n" + "\n".join(result.warnings)
        self.accept()
        self.result_box = saved_box(
            parent, tr("Report saved"), text, result.path, open_url=self._open_url
        )

    def _on_failed(self, error: BaseException) -> None:
        error_box(self, tr("The report could not be written"), str(error))

    def _on_finished(self) -> None:
        self._set_busy(False)

    @override
    def reject(self) -> None:
        if self.task is not None and self.task.is_running():
            self.task.cancel()
        super().reject()


def _remove_report(result: Any) -> None:
    """A report that finished after Cancel was pressed is not kept."""
    if isinstance(result, ReportResult):
        result.path.unlink(missing_ok=True)


# ---------------------------------------------------------------------- printing
def print_folder_path() -> Path:
    """Where reports to print are written (the folder may not exist yet)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.TempLocation)
    return Path(base) / PRINT_FOLDER


def print_folder() -> Path:
    """A private temporary folder for reports to print; files from earlier days are removed."""
    folder = print_folder_path()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - _PRINT_KEEP_SECONDS
    for old in folder.glob("*.pdf"):
        with contextlib.suppress(OSError):
            if old.stat().st_mtime < cutoff:
                old.unlink()
    return folder


def new_print_file(name: NameParts) -> Path:
    """A file of its own in the print folder for one print: "name.pdf", else "name (2).pdf", and
    so on. Two prints at once (two windows, two copies of the app) must never write over the
    report the other is about to print; creating the file claims the name. Each name is
    shortened to what a file system takes (the plan's name alone); an OSError when no file can
    be made there."""
    folder = print_folder()
    path, number = folder / name.fitted(".pdf"), 1
    while True:
        try:
            with path.open("x"):
                return path
        except FileExistsError:
            number += 1
            path = folder / name.fitted(f" ({number}).pdf")


def print_pdf(
    parent: QWidget | None,
    path: Path,
    *,
    choice: str = TO_PRINTER,
    open_url: OpenUrl | None = None,
    ask: AskPrinter | None = None,
) -> tuple[ReportPrinter | None, str]:
    """Print a PDF the chosen way: the print dialog, the preview, or the system's PDF viewer
    (also when pypdfium2 is missing). Returns the printer at work (if any) and the way taken."""
    if choice != TO_VIEWER and pdfium_available():
        printer = ReportPrinter(parent, path, ask=ask)
        if choice == TO_PREVIEW:
            printer.preview()
        else:
            printer.print_with_dialog()
        return printer, choice
    opener = open_url or QDesktopServices.openUrl
    if not opener(QUrl.fromLocalFile(str(path))):
        error_box(
            parent,
            tr("No PDF viewer"),
            tr(
                "The report was written to {path}, but no program to show PDF files was found. "
                "Open the file with any PDF viewer to print it."
            ).format(path=path),
        )
    return None, TO_VIEWER


# ---------------------------------------------------------------------- entry points
def open_report_dialog(
    parent: QWidget | None,
    document: PlanDocument,
    *,
    visible_period: Period | None = None,
    post_filter: PostFilter | None = None,
    choose_path: ChoosePath | None = None,
) -> ReportDialog:
    """File > Export report…: the whole flow, from options to "Open / Show in folder"."""
    dialog = ReportDialog(
        parent,
        document,
        visible_period=visible_period,
        post_filter=post_filter,
        choose_path=choose_path,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_print_report_dialog(
    parent: QWidget | None,
    document: PlanDocument,
    *,
    visible_period: Period | None = None,
    post_filter: PostFilter | None = None,
) -> ReportDialog:
    """File > Print report…: the same options, then print (see the module docstring)."""
    dialog = ReportDialog(
        parent, document, mode=PRINT, visible_period=visible_period, post_filter=post_filter
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
