"""File > Import results…: each row of a results file, the post it matched and its numbers, or
why it cannot be used, before anything is written. The numbers of every matched row are then
recorded as one change (one undo step). The file is read and matched in a worker (a second Plan
on the same file, see workers) with a progress bar, and Cancel stops the read; recording the
matched numbers is one short transaction through the document, on the UI thread like any edit."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLocale,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import METRICS
from lmplanner.ui.compat import override
from lmplanner.ui.dates import day_text
from lmplanner.ui.dialogs.common import (
    ChoosePath,
    ask_open_path,
    count_text,
    info_box,
    quiet_label,
)
from lmplanner.ui.editor.results import metric_label
from lmplanner.ui.views.rows_model import RowsTableModel
from lmplanner.ui.workers import NewestTask, Task, TaskControl, document_service, failure_text

if TYPE_CHECKING:
    from lmplanner.core.results import ResultsOutcome, ResultsPreview, ResultsRow
    from lmplanner.ui.document import PlanDocument

FILE_FILTER = QT_TRANSLATE_NOOP("ResultsImport", "Results (*.csv *.txt);;All files (*)")


def tr(text: str) -> str:
    return QCoreApplication.translate("ResultsImport", text)


class ResultsRowsModel(RowsTableModel["ResultsRow"]):
    """The file's rows: line, matched post, the six counts, the day read and any problem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        keys = ("line", "post", *METRICS, "read_on", "problem")
        named = {
            "line": tr("Line"),
            "post": tr("Post"),
            "read_on": tr("Read on"),
            "problem": tr("Problem"),
        }
        headers = [named.get(key) or metric_label(key) for key in keys]
        numeric = [n for n, key in enumerate(keys) if key in (*METRICS, "line")]
        super().__init__(headers, parent, numeric=numeric)
        self.keys = keys

    @override
    def cell(self, row: ResultsRow, column: int, role: int) -> Any:
        key = self.keys[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, key)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("post", "problem"):
            return self._text(row, key) or None  # a cut title or problem, whole
        if role == Qt.ItemDataRole.FontRole and key == "post" and not row.title:
            font = QFont()
            font.setItalic(True)  # what the file said, not a post of the plan
            return font
        return super().cell(row, column, role)

    @staticmethod
    def _text(row: ResultsRow, key: str) -> str:
        if key == "line":
            return str(row.line)
        if key == "post":
            return row.title or named_in_file(row.cells)
        if key == "problem":
            return row.problem
        if row.cells and not row.values:  # a row that cannot be used: the file's own text
            return row.cells.get(key, "")
        value = row.values.get(key)
        if value is None:
            return ""
        if key == "read_on":
            return day_text(value)
        return QLocale().toString(int(value))


def named_in_file(cells: Mapping[str, str]) -> str:
    """What a row that matched no post named, as the file wrote it: its date, channel and
    title, else its link or uuid."""
    parts = [cells.get(key, "").strip() for key in ("date", "channel", "title")]
    shown = " · ".join(part for part in parts if part)
    return shown or cells.get("link", "").strip() or cells.get("uuid", "").strip()


class ResultsImportDialog(QDialog):
    """What a results file would record; Import writes it as one undo step."""

    recorded = Signal(object)  # ResultsOutcome
    previewReady = Signal()  # a read ended with a preview or the reason there is none

    def __init__(self, parent: QWidget | None, document: PlanDocument, path: str | Path) -> None:
        super().__init__(parent)
        self.setObjectName("resultsImportDialog")
        self.setWindowTitle(tr("Import results"))
        self.document = document
        self.path = Path(path)
        self.preview: ResultsPreview | None = None
        self.reads = NewestTask()
        self.summary = QLabel(self)
        self.summary.setObjectName("resultsImportSummary")
        self.summary.setWordWrap(True)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setObjectName("resultsReadProgress")
        self.progress_bar.setAccessibleName(tr("Reading the results file"))
        self.progress_bar.setMaximumWidth(200)
        self.progress_bar.hide()
        self.model = ResultsRowsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("resultsImportTable")
        self.table.setAccessibleName(tr("Rows of the results file"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self._fit_columns()
        self.skip_box = QCheckBox(tr("&Skip the rows that cannot be used"), self)
        self.skip_box.setObjectName("resultsSkipInvalid")
        self.skip_box.toggled.connect(self._update)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = self.buttons.addButton(
            tr("&Record results"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("resultsRecordButton")
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary, 1)
        summary_row.addWidget(self.progress_bar)
        layout.addLayout(summary_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(
            quiet_label(
                tr(
                    "Rows are matched to posts by uuid, else link, else date, channel and title. "
                    "A post's numbers replace those it had; Undo takes the whole import back."
                ),
                self,
            )
        )
        layout.addWidget(self.skip_box)
        layout.addWidget(self.buttons)
        self.resize(960, 520)
        self.read()

    def _fit_columns(self) -> None:
        """Numbers as wide as they are; the post takes what is left (cut, whole in its
        tooltip); a problem wraps within its own column instead of running off the edge."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.model.keys.index("post"), QHeaderView.ResizeMode.Stretch)
        problem = self.model.keys.index("problem")
        header.setSectionResizeMode(problem, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.setColumnWidth(problem, self.fontMetrics().averageCharWidth() * 34)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def read(self) -> Task:
        """Read and match the file again (the plan may have changed since), in a worker; a
        newer read replaces one still running."""
        from lmplanner.core.results import preview_results

        path, service_factory = self.path, document_service(self.document)

        def work(control: TaskControl) -> ResultsPreview:
            def step(done: int, total: int) -> None:
                control.check()
                control.progress(done, total)

            with service_factory() as service:
                control.check()
                return preview_results(service, path, progress=step)

        task = Task(work, name="results preview")
        task.progressed.connect(self._on_progress)
        task.finished.connect(self._on_read_finished)
        self.reads.replace(task)
        self.preview = None
        self.model.set_rows([])
        self.progress_bar.setRange(0, 0)  # busy until the records are counted
        self.progress_bar.show()
        self.summary.setText(tr("Reading {file}…").format(file=self.path.name))
        self._update()
        return task.start()

    @property
    def read_task(self) -> Task | None:
        """The read running now, if any."""
        return self.reads.task

    def is_reading(self) -> bool:
        return self.reads.running()

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))

    def _on_read_finished(self) -> None:
        task = self.reads.ended(self.sender())
        if task is None:
            return  # an older read, replaced by a newer one
        self.progress_bar.hide()
        if task.outcome == "cancelled":
            self.summary.setText(tr("Reading {file} was stopped.").format(file=self.path.name))
        elif task.outcome == "failed":
            self.summary.setText(
                tr("{file} cannot be imported: {why}").format(
                    file=self.path.name, why=failure_text(task.error, f"Reading {self.path}")
                )
            )
        else:
            self.preview = task.result
            self.model.set_rows(list(task.result.rows))
        self._update()
        if task.outcome != "cancelled":
            self.previewReady.emit()

    def _update(self) -> None:
        preview = self.preview
        ready = len(preview.ready) if preview else 0
        rejected = len(preview.rejected) if preview else 0
        self.skip_box.setVisible(bool(rejected))
        if preview is not None:
            parts = [count_text(ready, tr("1 row matches a post."), tr("{n} rows match posts."))]
            if rejected:
                parts.append(
                    count_text(
                        rejected, tr("1 row cannot be used."), tr("{n} rows cannot be used.")
                    )
                )
            if preview.blank:
                parts.append(
                    count_text(
                        preview.blank,
                        tr("1 row without numbers is left alone."),
                        tr("{n} rows without numbers are left alone."),
                    )
                )
            self.summary.setText(" ".join(parts))
        allowed = ready > 0 and (not rejected or self.skip_box.isChecked())
        self.import_button.setEnabled(allowed and not self.document.readonly)

    def record(self) -> ResultsOutcome | None:
        from lmplanner.core.results import commit_results

        if self.preview is None or not self.import_button.isEnabled():
            return None
        preview, skip = self.preview, self.skip_box.isChecked()
        outcomes: list[ResultsOutcome] = []

        def run() -> Any:
            outcome = commit_results(self.document.service, preview, skip_invalid=skip)
            outcomes.append(outcome)
            return outcome.changeset

        label = tr("Import results from {file}").format(file=self.path.name)
        if self.document.perform(label, run) is None and not outcomes:
            return None
        outcome = outcomes[0]
        self.recorded.emit(outcome)
        parent = self.parentWidget()
        self.accept()
        text = count_text(
            outcome.recorded,
            tr("Recorded the results of 1 post."),
            tr("Recorded the results of {n} posts."),
        )
        self.result_box = info_box(parent, tr("Results recorded"), text)
        return outcome

    @override
    def reject(self) -> None:
        self.reads.cancel()  # Cancel while reading stops the read too
        super().reject()


def open_results_import(
    parent: QWidget | None,
    document: PlanDocument,
    *,
    path: str | Path | None = None,
    choose_path: ChoosePath | None = None,
) -> ResultsImportDialog | None:
    """File > Import results…: ask for the file, then show what it would record."""
    if path is None:
        ask = choose_path or ask_open_path
        path = ask(parent, tr("Import results"), str(Path.home()), tr(str(FILE_FILTER)))
        if not path:
            return None
    dialog = ResultsImportDialog(parent, document, path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
