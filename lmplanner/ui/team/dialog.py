"""File > Connect to team plan…: a plan in a PostgreSQL database, reached by fields or one URL.

The password is typed into its own field and never shown in, or kept with, the URL; the
connection is made on a worker thread (an unreachable server can take 10 s to give up), and any
failure is one line in the dialog. `password_prompt` is the small question asked when a team plan
is reopened (recent plans, start-up) and the server wants a password.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core import paths
from lmplanner.core.errors import (
    PlannerError,
)
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.common import error_label, quiet_label
from lmplanner.ui.team.connect import (
    Attempt,
    Connected,
    PasswordFeed,
    close_result,
    connect_work,
    hide_secret,
)
from lmplanner.ui.team.failure import DATABASE, HOST, PASSWORD, describe_failure
from lmplanner.ui.team.password import keyring_available, os_user, tr
from lmplanner.ui.team.url import (
    DEFAULT_PORT,
    DRIVER,
    UrlProblem,
    parse_team_url,
    pg_url_or_empty,
)
from lmplanner.ui.workers import Task

if TYPE_CHECKING:
    from lmplanner.core.store import Plan

log = logging.getLogger(__name__)

#: Called with the open team plan and its password-free URL (the one to keep in recent plans).
OnConnected = Callable[["Plan", str], object]


class TeamPlanDialog(QDialog):
    """Server, database, user and password, kept in step with one URL; Connect opens the plan.

    `connected(plan, location)` is emitted with the open Plan and its password-free URL just
    before the dialog accepts; the plan then belongs to the receiver.
    """

    connected = Signal(object, str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        location: str = "",
        on_connected: OnConnected | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("teamPlanDialog")
        # Called directly rather than connected: a closure over the dialog on its own signal
        # crashed PySide when the dialog was deleted on close.
        self._on_connected_callback = on_connected
        self.setWindowTitle(tr("Connect to team plan"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.plan: Plan | None = None
        self.location = ""
        self.note = ""  # said after a success, e.g. when the keyring would not take the password
        self._query: dict[str, Any] = {}
        self._url_problem = ""
        self._syncing = False
        self._attempt: Attempt | None = None
        self._error_widget: QWidget | None = None

        # Widgets are made in tab order: the parts below are called top to bottom.
        intro = self._build_intro()
        self._build_server_fields()
        self._build_remember_check()
        url_hint = self._build_url()
        self._build_error_label()
        self._build_busy_row()
        self._build_buttons()
        self._build_form(url_hint)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addWidget(self.fields)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_row)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self._connect_fields()
        self.setMinimumWidth(600)
        if location:
            self.set_location(location)
        else:
            self._fields_edited()
        self._first_empty_field().setFocus()

    # ------------------------------------------------------------------ building
    def _build_intro(self) -> QLabel:
        intro = quiet_label(
            tr(
                "Open a plan kept in a PostgreSQL database that your team shares. "
                "An empty database becomes a new plan."
            ),
            self,
        )
        intro.setObjectName("introLabel")
        return intro

    def _build_server_fields(self) -> None:
        """Host, port, database, user and password."""
        self.host_edit = QLineEdit(self)
        self.host_edit.setObjectName("hostEdit")
        self.host_edit.setPlaceholderText(tr("db.example.org"))
        self.host_edit.setAccessibleName(tr("Host"))
        self.port_spin = QSpinBox(self)
        self.port_spin.setObjectName("portSpin")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.port_spin.setGroupSeparatorShown(False)
        self.port_spin.setAccessibleName(tr("Port"))
        digits = self.port_spin.fontMetrics().horizontalAdvance("655350")
        self.port_spin.setMinimumWidth(digits + 36)  # room for the arrows in every style
        self.database_edit = QLineEdit(self)
        self.database_edit.setObjectName("databaseEdit")
        self.database_edit.setPlaceholderText(tr("team_plan"))
        self.database_edit.setAccessibleName(tr("Database"))
        self.user_edit = QLineEdit(self)
        self.user_edit.setObjectName("userEdit")
        self.user_edit.setPlaceholderText(os_user())
        self.user_edit.setAccessibleName(tr("User"))
        self.user_edit.setToolTip(tr("Empty: your user name on this computer."))
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(tr("Password"))
        self.password_edit.setToolTip(
            tr("Leave empty to use a password kept in the system keyring or ~/.pgpass.")
        )

    def _build_remember_check(self) -> None:
        self.remember_check = QCheckBox(tr("&Remember password in the system keyring"), self)
        self.remember_check.setObjectName("rememberCheck")
        self.remember_check.setAccessibleName(tr("Remember password"))
        if keyring_available():
            self.remember_check.setToolTip(
                tr("Kept only once the connection has worked; never in settings or the URL.")
            )
        else:
            self.remember_check.setEnabled(False)
            self.remember_check.setToolTip(
                tr("Needs the keyring package: pip install 'lmplanner[team]'.")
            )

    def _build_url(self) -> QLabel:
        """The URL field; returns the hint shown under it."""
        self.url_edit = QLineEdit(self)
        self.url_edit.setObjectName("urlEdit")
        self.url_edit.setPlaceholderText("postgresql+psycopg://user@host:5432/plan")
        self.url_edit.setAccessibleName(tr("Database URL"))
        self.url_edit.setClearButtonEnabled(True)
        url_hint = quiet_label(
            tr(
                "Paste a URL to fill in the fields above. Options such as ?sslmode=require go "
                "at the end; a password in it moves to the Password field."
            ),
            self,
        )
        url_hint.setObjectName("urlHint")
        return url_hint

    def _build_error_label(self) -> None:
        self.error_label = error_label(self)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_busy_row(self) -> None:
        """A busy bar and what it waits for, shown while connecting."""
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("busyBar")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setAccessibleName(tr("Connecting"))
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("busyLabel")
        self.busy_row = QWidget(self)
        busy_layout = QHBoxLayout(self.busy_row)
        busy_layout.setContentsMargins(0, 0, 0, 0)
        busy_layout.addWidget(self.busy_bar)
        busy_layout.addWidget(self.busy_label, 1)
        self.busy_row.hide()

    def _build_buttons(self) -> None:
        self.buttons = QDialogButtonBox(self)
        self.connect_button = QPushButton(tr("&Connect"), self)
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setDefault(True)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip(tr("Esc"))
        self.buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.connect_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.reject)

    def _build_form(self, url_hint: QLabel) -> None:
        """Lay the fields out in one form, `self.fields`, the URL under an Advanced heading."""
        self.fields = QWidget(self)
        self.fields.setObjectName("fields")
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        server_row = QHBoxLayout()
        server_row.addWidget(self.host_edit, 1)
        port_label = QLabel(tr("&Port:"), self)
        port_label.setBuddy(self.port_spin)
        server_row.addSpacing(8)
        server_row.addWidget(port_label)
        server_row.addWidget(self.port_spin)
        host_label = QLabel(tr("&Host:"), self)
        host_label.setBuddy(self.host_edit)
        form.addRow(host_label, server_row)
        form.addRow(tr("&Database:"), self.database_edit)
        form.addRow(tr("&User:"), self.user_edit)
        form.addRow(tr("Pass&word:"), self.password_edit)
        form.addRow("", self.remember_check)
        # The URL is the same connection written another way: below a quiet heading, in the
        # same form, so its field lines up with the others.
        heading = QLabel(tr("Advanced"), self.fields)
        heading.setObjectName("advancedHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setContentsMargins(0, 10, 0, 0)
        form.addRow(heading)
        form.addRow(tr("UR&L:"), self.url_edit)
        form.addRow("", url_hint)

    def _connect_fields(self) -> None:
        """The fields and the URL follow each other as either is edited."""
        for edit in (self.host_edit, self.database_edit, self.user_edit):
            edit.textEdited.connect(self._fields_edited)
        self.port_spin.valueChanged.connect(self._fields_edited)
        self.url_edit.textEdited.connect(self._url_edited)
        self.url_edit.editingFinished.connect(self._url_finished)

    # ------------------------------------------------------------------ URL and fields
    def set_location(self, location: str) -> None:
        """Fill everything from a URL (a password in it goes to the Password field)."""
        self.url_edit.setText(location)
        self._read_url(location, finished=True)
        self.url_edit.setCursorPosition(0)  # show where it starts: scheme, user and host
        if self._url_problem:
            self.show_error(self._url_problem, self.url_edit)

    def current_url(self) -> str:
        """The URL the fields describe, without a password."""
        from sqlalchemy.engine import URL

        url = URL.create(
            DRIVER,
            username=self.user_edit.text().strip() or None,
            host=self.host_edit.text().strip() or None,
            port=self.port_spin.value(),
            database=self.database_edit.text().strip() or None,
            query=self._query,
        )
        return url.render_as_string(hide_password=False)

    def _fields_edited(self, *_args: object) -> None:
        if self._syncing:
            return
        self._url_problem = ""
        self.url_edit.setText(self.current_url())

    def _url_edited(self, text: str) -> None:
        self._read_url(text, finished=False)

    def _read_url(self, text: str, *, finished: bool) -> None:
        """Fill the fields from the URL text; move a password out of it.

        While the person is still typing a password into the middle of the URL (the cursor
        before its "@"), it moves when they leave the field; typed in order, it moves with the
        "@" that ends it, and a pasted one at once.
        """
        if not text.strip():
            self._url_problem = ""
            return
        try:
            url = parse_team_url(text)
        except UrlProblem as problem:
            self._url_problem = str(problem)  # said when the person leaves the field or connects
            return
        self._url_problem = ""
        if self.error_label.isVisible() and self._error_widget is self.url_edit:
            self.show_error("")
        self._syncing = True
        try:
            self.host_edit.setText(url.host or "")
            self.port_spin.setValue(url.port or DEFAULT_PORT)
            self.database_edit.setText(url.database or "")
            self.user_edit.setText(url.username or "")
        finally:
            self._syncing = False
        self._query = dict(url.query)
        if url.password is not None and (finished or not self._typing_password(text)):
            # Never shown or kept in the URL: it moves to the Password field.
            if url.password:
                self.password_edit.setText(url.password)
            clean = url._replace(password=None).render_as_string(hide_password=False)
            cursor = self.url_edit.cursorPosition() - (len(text) - len(clean))
            self.url_edit.setText(clean)
            self.url_edit.setCursorPosition(max(0, min(cursor, len(clean))))

    def _typing_password(self, text: str) -> bool:
        """Is the cursor inside the URL's password, i.e. between its ":" and the "@"?"""
        start = text.find("://") + 3
        ends = [i for i in (text.find("/", start), text.find("?", start)) if i >= 0]
        at = text.rfind("@", start, min(ends, default=len(text)))
        colon = text.find(":", start, at) if at >= 0 else -1
        return colon >= 0 and colon < self.url_edit.cursorPosition() <= at

    def _url_finished(self) -> None:
        if self.is_busy():
            return
        self._read_url(self.url_edit.text(), finished=True)
        if self._url_problem:
            self.show_error(self._url_problem, self.url_edit)

    def _first_empty_field(self) -> QWidget:
        for edit in (self.host_edit, self.database_edit):
            if not edit.text().strip():
                return edit
        return self.password_edit

    def validate(self) -> tuple[str, QWidget] | None:
        """The first thing that keeps Connect from working, and the field to fix, or None."""
        if self._url_problem:
            return self._url_problem, self.url_edit
        if not self.host_edit.text().strip():
            return tr("Enter the host name or address of the database server."), self.host_edit
        if not self.database_edit.text().strip():
            return tr("Enter the name of the plan's database."), self.database_edit
        return None

    # ------------------------------------------------------------------ errors
    def show_error(self, message: str, widget: QWidget | None = None, detail: str = "") -> None:
        """One line under the fields (empty hides it); `widget` gets the focus."""
        self._error_widget = widget if message else None
        self.error_label.setText(f"⚠ {message}" if message else "")
        self.error_label.setToolTip(detail)
        self.error_label.setAccessibleDescription(detail)
        self.error_label.setVisible(bool(message))
        palette = self.error_label.palette()
        warning = theme.warning_color(self.palette())
        palette.setColor(QPalette.ColorRole.WindowText, warning)
        palette.setColor(
            QPalette.ColorRole.Window,
            theme.mix(self.palette().color(QPalette.ColorRole.Window), warning, 0.12),
        )
        self.error_label.setPalette(palette)
        if widget is not None and message:
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def error_text(self) -> str:
        return self.error_label.text().removeprefix("⚠ ") if self.error_label.isVisible() else ""

    # ------------------------------------------------------------------ connecting
    def is_busy(self) -> bool:
        return self._attempt is not None

    def start(self) -> bool:
        """Connect on a worker thread; False (and a message) when the fields are not complete."""
        if self.is_busy():
            return False
        self._read_url(self.url_edit.text(), finished=True)
        problem = self.validate()
        if problem is not None:
            self.show_error(*problem)
            return False
        self.show_error("")
        host, port = self.host_edit.text().strip(), self.port_spin.value()
        password = self.password_edit.text()
        attempt = Attempt(
            location=self.current_url(),
            host=host,
            port=port,
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip() or os_user(),
            password=password,
            feed=PasswordFeed(password),
        )
        remember = self.remember_check.isChecked() and bool(password)
        task = Task(connect_work(attempt, remember), discard=close_result, name="connectTeamPlan")
        attempt.task = task
        task.succeeded.connect(self._on_connected)
        task.failed.connect(self._on_failed)
        self._attempt = attempt
        self._set_busy(tr("Connecting to {server}…").format(server=f"{host}:{port}"))
        task.start()
        return True

    def cancel_attempt(self) -> None:
        """Stop waiting for the server; a plan that opens after all is closed again."""
        attempt, self._attempt = self._attempt, None
        if attempt is None or attempt.task is None:
            return
        attempt.task.cancel()
        self._set_busy("")
        self.show_error(tr("Connection cancelled; nothing was opened."), self.host_edit)

    def _set_busy(self, label: str) -> None:
        busy = bool(label)
        self.busy_label.setText(label)
        self.busy_row.setVisible(busy)
        self.fields.setEnabled(not busy)
        self.connect_button.setEnabled(not busy)
        if busy:
            self.cancel_button.setFocus()

    def _current(self) -> Attempt | None:
        """The attempt whose task sent the signal, if it is still the one waited for."""
        attempt = self._attempt
        if attempt is None or attempt.task is not self.sender():
            return None
        return attempt

    @Slot(object)
    def _on_connected(self, result: Connected) -> None:
        if self._current() is None:  # an attempt given up on: the task closes what it opened
            return
        self._attempt = None
        self._set_busy("")
        self.plan, self.location = result.plan, result.location
        if result.remembered is False:
            self.note = tr("The password could not be kept in the system keyring.")
        self.connected.emit(result.plan, result.location)
        if self._on_connected_callback is not None:
            self._on_connected_callback(result.plan, result.location)
            window = self.parentWidget()
            if self.note and isinstance(window, QMainWindow):
                window.statusBar().showMessage(self.note, 10000)
        self.accept()

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        attempt = self._current()
        if attempt is None:
            return
        self._attempt = None
        self._set_busy("")
        message, widget = self._describe(error, attempt)
        detail = str(error) if isinstance(error, PlannerError) else ""
        self.show_error(
            hide_secret(message, attempt.password), widget, hide_secret(detail, attempt.password)
        )

    def _describe(self, error: BaseException, attempt: Attempt) -> tuple[str, QWidget | None]:
        """One translated line for a failed connection, and the field to fix."""
        message, field = describe_failure(error, attempt)
        fields = {HOST: self.host_edit, DATABASE: self.database_edit, PASSWORD: self.password_edit}
        return message, fields.get(field) if field else None

    # ------------------------------------------------------------------ closing
    @override
    def reject(self) -> None:
        """Esc or Cancel: stop a running attempt first; when idle, close."""
        if self.is_busy():
            self.cancel_attempt()
            return
        super().reject()

    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_busy():
            self.cancel_attempt()
        super().closeEvent(event)


# ---------------------------------------------------------------------------------- entry points
def _show(dialog: TeamPlanDialog) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


def connect_to_team_plan(
    parent: QWidget | None, on_connected: OnConnected, *, recent: Sequence[str] = ()
) -> TeamPlanDialog:
    """File > Connect to team plan…: show the dialog (window-modal) and return at once.

    The fields start from the first database URL in `recent`. Once a connection works,
    `on_connected(plan, location)` gets the open Plan and its password-free URL, which is what
    belongs in recent plans.
    """
    initial = next((p for p in recent if paths.is_database_url(p)), "")
    dialog = TeamPlanDialog(parent, location=pg_url_or_empty(initial), on_connected=on_connected)
    _show(dialog)
    return dialog


def reopen_team_plan(
    parent: QWidget | None, location: str, on_connected: OnConnected
) -> TeamPlanDialog:
    """Open a recent team plan: the same dialog, filled in and connecting straight away.

    With a password in the keyring (or ~/.pgpass) it closes by itself once the plan is open;
    otherwise it stays with the Password field focused and the reason in one line.
    """
    dialog = TeamPlanDialog(parent, location=pg_url_or_empty(location), on_connected=on_connected)
    _show(dialog)
    dialog.start()
    return dialog
