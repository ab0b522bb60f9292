"""File > Import…: every record of a file in a table, problems inline, before anything is written.

Both the parse and the write run in a worker with a second Plan on the same file (see workers):
a 20 000-row file takes seconds to read and to write. The write is bracketed by the document's
`begin_background_write` / `end_background_write`: its commit is the window's own (never "changes
made elsewhere"), the window refreshes once and one Undo removes the whole import.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import Role
from lmplanner.core.io import (
    ImportFormat,
    ImportOptions,
    ImportPreview,
    ImportResult,
    MissingColumnError,
    commit_import,
    preview_import,
)
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.common import (
    ChoosePath,
    ask_open_path,
    count_text,
    error_box,
    info_box,
    quiet_label,
)
from lmplanner.ui.dialogs.import_preview import (
    ImportPreviewModel,
    fit_problems,
    lay_out_columns,
)
from lmplanner.ui.workers import (
    NewestTask,
    Task,
    TaskControl,
    document_service,
    failure_text,
    plan_service,
    show_progress,
)

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.ui.document import PlanDocument

_FORMATS = (
    (ImportFormat.AUTO, QT_TRANSLATE_NOOP("ImportDialog", "Detect automatically")),
    (ImportFormat.CSV, QT_TRANSLATE_NOOP("ImportDialog", "LM Planner CSV")),
    (ImportFormat.HOOTSUITE, QT_TRANSLATE_NOOP("ImportDialog", "Hootsuite bulk-composer CSV")),
    (ImportFormat.JSON, QT_TRANSLATE_NOOP("ImportDialog", "LM Planner JSON backup")),
    (ImportFormat.ICS, QT_TRANSLATE_NOOP("ImportDialog", "iCalendar (.ics)")),
)
FILE_FILTER = QT_TRANSLATE_NOOP(
    "ImportDialog",
    "Posts, calendars and backups (*.csv *.txt *.json *.ics);;CSV files (*.csv);;"
    "Calendars (*.ics);;All files (*)",
)


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


def _detected(preview: ImportPreview) -> str:
    """How the file was read: layout, encoding, delimiter, number of records."""
    parts = [preview.format.description, preview.encoding]
    names = {",": tr("comma"), ";": tr("semicolon"), "\t": tr("tab")}
    delimiter = names.get(preview.delimiter or "")
    if delimiter:
        parts.append(tr("{delimiter}-separated").format(delimiter=delimiter))
    parts.append(count_text(len(preview.records), tr("1 record"), tr("{n} records")))
    return tr("Read as: ") + ", ".join(parts)


def series_text(series: int, series_posts: int, singles: int) -> str:
    """ "3 series (41 posts), 12 posts": a calendar's series apart from its single posts."""
    text = tr("{series} ({posts})").format(
        series=count_text(series, tr("1 series"), tr("{n} series")),
        posts=count_text(series_posts, tr("1 post"), tr("{n} posts")),
    )
    if singles:
        text += ", " + count_text(singles, tr("1 post"), tr("{n} posts"))
    return text


class ImportDialog(QDialog):
    """Choose a file and how to read it; see every record; import the good ones in one step."""

    previewReady = Signal()  # a parse finished (check `preview` / `file_error`)
    imported = Signal(object)  # ImportResult, after the ChangeSet was pushed

    def __init__(
        self,
        parent: QWidget | None,
        document: PlanDocument,
        *,
        path: str | Path | None = None,
        choose_path: ChoosePath | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(tr("Import posts"))
        self.document = document
        self._choose_path = choose_path or ask_open_path
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.file_error = ""
        self.result_box: QMessageBox | None = None
        self._parses = NewestTask()
        self._commit_task: Task | None = None
        self._missing_field = ""

        # Widgets are made in tab order: the parts below are called top to bottom.
        file_row = self._build_file_row()
        options = self._build_options(document)
        self._build_table()
        summary_row = self._build_summary()
        self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        for part in (self.detected_label, options, self.table):
            layout.addWidget(part, 1 if part is self.table else 0)
        layout.addLayout(summary_row)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self._form = (self.choose_button, options, self.table)

        self._connect_options()
        self.resize(1100, 660)
        self._update()
        if path is not None:
            self.set_path(path)

    def _build_file_row(self) -> QHBoxLayout:
        """The chosen file and the button to choose one; `detected_label` says how it was read."""
        self.path_edit = QLineEdit(self)
        self.path_edit.setReadOnly(True)
        self.path_edit.setAccessibleName(tr("File to import"))
        self.path_edit.setPlaceholderText(tr("Choose a CSV file or a JSON backup"))
        self.choose_button = QPushButton(tr("Choose &file…"), self)
        self.choose_button.clicked.connect(self.choose_file)
        file_label = QLabel(tr("File:"), self)
        file_label.setBuddy(self.choose_button)
        file_row = QHBoxLayout()
        for widget in (file_label, self.path_edit, self.choose_button):
            file_row.addWidget(widget, 1 if widget is self.path_edit else 0)
        self.detected_label = quiet_label("", self)
        return file_row

    def _build_options(self, document: PlanDocument) -> QGroupBox:
        """How to read the file: layout, defaults, and what to do with invalid records."""
        options = QGroupBox(tr("How to read it"), self)
        grid = QGridLayout(options)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.format_combo = QComboBox(options)
        for fmt, text in _FORMATS:
            self.format_combo.addItem(tr(str(text)), fmt)
        self.role_combo = QComboBox(options)
        for role in (None, Role.LEADER, Role.MANAGER):
            self.role_combo.addItem(theme.role_name(role) if role else tr("From the file"), role)
        self.channel_combo = QComboBox(options)
        self.channel_combo.setEditable(True)
        self.channel_combo.addItems(["", *(c.name for c in document.service.channels())])
        self.channel_combo.lineEdit().setPlaceholderText(tr("From the file"))  # type: ignore[union-attr]
        self.day_first_box = QCheckBox(tr("Dates are &day first (31/12/2026)"), options)
        self.suggest_box = QCheckBox(tr("Su&ggest a role for posts without one"), options)
        self.skip_box = QCheckBox(tr("&Skip invalid records and import the rest"), options)
        self.replace_box = QCheckBox(tr("Re&place the plan's posts (to the trash)"), options)
        self.pillars_box = QCheckBox(tr("&Add missing pillars"), options)
        self.pillars_box.setAccessibleName(tr("Add missing pillars"))
        self.pillars_box.setToolTip(
            tr("A pillar the file names that the plan does not have is added with the posts.")
        )
        self.expand_box = QCheckBox(tr("Make repeating &events single posts"), options)
        self.expand_box.setAccessibleName(tr("Make repeating events single posts"))
        self.expand_box.setToolTip(
            tr(
                "Calendars only: each occurrence of a repeating event becomes a post of its own "
                "instead of one series."
            )
        )
        self.suggest_box.setToolTip(
            tr("Posts whose file gives no role get one from the role suggester; check them later.")
        )
        self.replace_box.setToolTip(tr("Only for JSON backups, which restore into an empty plan."))
        labelled = (
            (tr("&Layout:"), self.format_combo, 0, 0),
            (tr("Default &role:"), self.role_combo, 1, 0),
            (tr("Default c&hannel:"), self.channel_combo, 1, 2),
        )
        for text, field, row, column in labelled:
            label = QLabel(text, options)
            label.setBuddy(field)
            grid.addWidget(label, row, column)
            grid.addWidget(field, row, column + 1)
        grid.addWidget(self.day_first_box, 0, 2, 1, 2)
        grid.addWidget(self.suggest_box, 2, 0, 1, 2)
        grid.addWidget(self.skip_box, 2, 2, 1, 2)
        grid.addWidget(self.pillars_box, 3, 0, 1, 2)
        grid.addWidget(self.replace_box, 3, 2, 1, 2)
        grid.addWidget(self.expand_box, 4, 0, 1, 4)
        return options

    def _build_table(self) -> None:
        """The records, one row each, over an ImportPreviewModel."""
        self.model = ImportPreviewModel(self)
        self.table = QTableView(self)
        self.table.setAccessibleName(tr("Records in the file"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        lay_out_columns(self.table)

    def _build_summary(self) -> QHBoxLayout:
        """The counts with a busy bar beside them; `message_label` goes under the row."""
        self.busy_bar = QProgressBar(self)  # a busy bar: the parser cannot count its steps
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setMaximumWidth(160)
        self.busy_bar.setAccessibleName(tr("Reading the file"))
        self.busy_bar.hide()
        self.summary_label = QLabel(self)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)  # it names the file
        self.summary_label.setStyleSheet("font-weight: bold")
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        # problems quote the file's cells (pillar names, titles): text, never markup
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary_row = QHBoxLayout()
        summary_row.addWidget(self.summary_label)
        summary_row.addWidget(self.busy_bar)
        summary_row.addStretch(1)
        return summary_row

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.import_button = QPushButton(tr("&Import"), self)
        self.import_button.setDefault(True)
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

    def _connect_options(self) -> None:
        """A change in how to read the file reparses it, once the person pauses."""
        self._reparse_timer = QTimer(self)
        self._reparse_timer.setSingleShot(True)
        self._reparse_timer.setInterval(150)
        self._reparse_timer.timeout.connect(self.reparse)
        for combo in (self.format_combo, self.role_combo, self.channel_combo):
            combo.currentTextChanged.connect(self._options_changed)
        for box in (self.day_first_box, self.suggest_box, self.pillars_box, self.expand_box):
            box.toggled.connect(self._options_changed)
        for box in (self.skip_box, self.replace_box):
            box.toggled.connect(self._update)  # they only change the write: no new parse

    def _is_calendar(self) -> bool:
        fmt = ImportFormat(self.format_combo.currentData())
        detected = self.preview.format if self.preview is not None else None
        return ImportFormat.ICS in (fmt, detected if fmt is ImportFormat.AUTO else None)

    def _ready_posts(self) -> int:
        """The posts an import would make now (a series counts its posts)."""
        if self.preview is None:
            return 0
        ready = self.preview.ready
        return len(ready) + sum(r.series_posts - 1 for r in ready if r.series is not None)

    def is_json(self) -> bool:
        """A JSON backup was chosen, or detected."""
        fmt = ImportFormat(self.format_combo.currentData())
        detected = self.preview.format if self.preview is not None else None
        return ImportFormat.JSON in (fmt, detected if fmt is ImportFormat.AUTO else None)

    def options(self) -> ImportOptions:
        return ImportOptions(
            format=ImportFormat(self.format_combo.currentData()),
            default_role=self.role_combo.currentData(),
            default_channel=self.channel_combo.currentText().strip() or None,
            day_first=self.day_first_box.isChecked(),
            skip_invalid=self.skip_box.isChecked(),
            replace=self.replace_box.isChecked() and self.is_json(),
            suggest_roles=self.suggest_box.isChecked(),
            expand=self.expand_box.isChecked(),
            create_pillars=self.pillars_box.isChecked(),
            # the shared problem text names the CLI's flag: here it names the box instead
            pillar_hint=tr("tick “Add missing pillars” to add it"),
        )

    def choose_file(self) -> None:
        folder = str(self.path.parent) if self.path else str(Path.home())
        chosen = self._choose_path(self, tr("Import posts"), folder, tr(str(FILE_FILTER)))
        if chosen:
            self.set_path(chosen)

    def set_path(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path_edit.setText(str(self.path))
        self._missing_field = ""
        self.reparse()

    def _options_changed(self, *_args: object) -> None:
        if self.path is not None:
            self._reparse_timer.start()
        self._update()

    def reparse(self) -> Task | None:
        """Read the file again with the current options, in a worker; the newest parse wins."""
        self._reparse_timer.stop()
        if self.path is None:
            return None
        path, options = self.path, self.options()
        service_factory = document_service(self.document)

        def work(control: TaskControl) -> ImportPreview:
            with service_factory() as service:
                control.check()
                return preview_import(service, path, options)

        task = Task(work, name="import preview")
        task.finished.connect(self._on_parse_finished)
        self._parses.replace(task)
        self.busy_bar.show()
        self.summary_label.setText(tr("Reading {name}…").format(name=path.name))
        self._update()
        return task.start()

    def _on_parse_finished(self) -> None:
        task = self._parses.ended(self.sender())
        if task is None:
            return  # an older parse, replaced by a newer one
        self.busy_bar.hide()
        if task.outcome == "cancelled":
            self._update()
            return
        preview, error = task.result, task.error
        self.preview = preview
        self.file_error = failure_text(error, f"Reading {self.path}") if error else ""
        self._missing_field = error.field if isinstance(error, MissingColumnError) else ""
        self.model.set_preview(preview, self.table.palette())
        fit_problems(self.table, self.model)
        self.detected_label.setText(_detected(preview) if preview is not None else "")
        first_bad = next((r for r in preview.records if not r.valid), None) if preview else None
        if first_bad is not None:
            self.table.scrollTo(self.model.index(self.model.row_of_line(first_bad.line), 0))
        self._update()
        self.previewReady.emit()

    def is_parsing(self) -> bool:
        return self._parses.running() or self._reparse_timer.isActive()

    def summary(self) -> str:
        """ "18 ready, 2 duplicates skipped, 1 invalid"; a calendar's series counted apart:
        "3 series (41 posts), 12 posts ready"."""
        if (preview := self.preview) is None:
            return ""
        series = preview.ready_series
        if series:
            singles = len(preview.ready) - len(series)
            ready = series_text(len(series), sum(r.series_posts for r in series), singles)
            parts = [tr("{what} ready").format(what=ready)]
        else:
            parts = [tr("{n} ready").format(n=len(preview.ready))]
        if preview.duplicates:
            many, one = tr("{n} duplicates skipped"), tr("1 duplicate skipped")
            parts.append(count_text(len(preview.duplicates), one, many))
        if preview.rejected:
            parts.append(tr("{n} invalid").format(n=len(preview.rejected)))
        return ", ".join(parts)

    def blocked_reason(self) -> str:
        """Why Import is not possible now ('' when it would write something)."""
        if self.document.readonly:
            return self.document.plan.readonly_reason or tr("This plan is read-only.")
        if self.path is None:
            return tr("Choose a file to import.")
        if self.is_parsing():
            return " "
        if self.preview is None:
            if self._missing_field == "role":
                return self.file_error + "\n" + tr("Choose a default role above.")
            if self._missing_field == "channel":
                return self.file_error + "\n" + tr("Type a default channel above.")
            return self.file_error or " "
        preview, options = self.preview, self.options()
        if preview.rejected and not options.skip_invalid:
            return tr(
                "Nothing is imported while a record is invalid: fix the file, or tick "
                "“Skip invalid records” to import the rest."
            )
        if preview.format is ImportFormat.JSON:
            live = self.document.service.count_posts()
            if live and not options.replace:
                return tr(
                    "The plan already has posts ({n}); a backup restores into a plan without "
                    "posts. Tick “Replace the plan's posts” to restore it anyway."
                ).format(n=live)
            if preview.ready or (live and options.replace):
                return ""
            return tr("The backup has no posts to restore.")
        if not preview.ready:
            if preview.duplicates:
                return tr("Every valid record is already in the plan: nothing to import.")
            return tr("There is nothing to import.")
        return ""

    def would_import(self) -> bool:
        return self._commit_task is None and not self.blocked_reason()

    def _update(self, *_args: object) -> None:
        self.replace_box.setVisible(self.is_json())
        self.day_first_box.setEnabled(not self.is_json())
        if not self.is_parsing():
            self.summary_label.setText(self.summary())
        self.expand_box.setVisible(self._is_calendar())
        reason = self.blocked_reason().strip()
        # Repeating events imported as single posts all the same, and why (never blocking).
        warnings = list(self.preview.warnings) if self.preview is not None else []
        message = "\n".join([reason] * bool(reason) + warnings)
        self.message_label.setText(message)
        self.message_label.setVisible(bool(message))
        self.import_button.setEnabled(self.would_import())
        ready = self._ready_posts()
        one, many = tr("&Import 1 post"), tr("&Import {n} posts")
        self.import_button.setText(count_text(ready, one, many) if ready else tr("&Import"))

    def start_import(self) -> Task | None:
        """Write the ready records in a worker, then push them as one undo step."""
        if not self.would_import() or self.preview is None:
            return None
        preview, options = self.preview, self.options()
        plan = self.document.plan
        location = plan.location

        def work(_control: TaskControl) -> ImportResult:
            with plan_service(location, shared=plan) as service:
                return commit_import(service, preview, options)

        task = Task(work, name="import")
        task.succeeded.connect(self._on_imported)
        task.failed.connect(self._on_import_failed)
        task.finished.connect(self._on_import_finished)
        self._commit_task = task
        for widget in (*self._form, self.import_button):
            widget.setEnabled(False)
        text = count_text(self._ready_posts(), tr("Importing 1 post…"), tr("Importing {n} posts…"))
        # One transaction: it commits whole or not at all, so there is no halfway to cancel at.
        show_progress(self, task, text, cancellable=False)
        # The worker commits through its own connection: the window must not take that commit
        # for a change made elsewhere.
        self.document.begin_background_write()
        return task.start()

    def _import_label(self) -> str:
        return tr("Import from {name}").format(name=self.path.name if self.path else "")

    def _end_write(self, applied: ChangeSet | None) -> None:
        if self._commit_task is not None:  # once per import, whichever way it ended
            self._commit_task = None
            self.document.end_background_write(self._import_label(), applied)

    def _on_imported(self, result: ImportResult) -> None:
        # Already written by the worker: recorded as one undo step.
        self._end_write(result.changeset or None)
        if result.series:
            singles = result.imported - result.series_posts
            what = series_text(result.series, result.series_posts, singles)
            parts = [tr("Imported {what}.").format(what=what)]
        else:
            parts = [count_text(result.imported, tr("Imported 1 post."), tr("Imported {n} posts."))]
        if result.skipped_duplicates:
            skipped = result.skipped_duplicates
            parts.append(tr("{n} already in the plan, skipped.").format(n=skipped))
        if result.rejected_records:
            parts.append(tr("{n} invalid, not imported.").format(n=result.rejected_records))
        parent = self.parentWidget()
        self.imported.emit(result)
        self.accept()
        self.result_box = info_box(parent, tr("Import finished"), " ".join(parts))

    def _on_import_failed(self, error: BaseException) -> None:
        self._end_write(None)
        error_box(self, tr("Nothing was imported"), str(error))
        self._update()

    def _on_import_finished(self) -> None:
        self._end_write(None)  # cancelled: nothing was committed
        for widget in self._form:
            widget.setEnabled(True)
        self._update()

    @override
    def reject(self) -> None:
        if self._commit_task is None:  # a write in progress is one transaction: let it finish
            self._parses.cancel()
            super().reject()


def open_import_dialog(
    parent: QWidget | None,
    document: PlanDocument,
    *,
    path: str | Path | None = None,
    choose_path: ChoosePath | None = None,
) -> ImportDialog | None:
    """File > Import…: ask for the file (native dialog), then show its preview (window-modal,
    returns at once). None when no file was chosen."""
    if path is None:
        ask = choose_path or ask_open_path
        path = ask(parent, tr("Import posts"), str(Path.home()), tr(str(FILE_FILTER)))
        if not path:
            return None
    dialog = ImportDialog(parent, document, path=path, choose_path=choose_path)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
