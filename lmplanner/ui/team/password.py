"""The password prompt for team plans: asked for by open_plan from the UI thread or a worker."""

from __future__ import annotations

import getpass
import importlib.util

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core import paths
from lmplanner.core.errors import PlannerError
from lmplanner.core.store import postgres as pg
from lmplanner.ui.dialogs.common import (
    quiet_label,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("TeamDialog", text)


def keyring_available() -> bool:
    return importlib.util.find_spec("keyring") is not None


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment or password database
        return ""


class PasswordDialog(QDialog):
    """ "The server needs a password": the reason, the masked URL, the password and Remember."""

    def __init__(self, parent: QWidget | None, shown: str, why: str) -> None:
        super().__init__(parent)
        self.setObjectName("teamPasswordDialog")
        self.setWindowTitle(tr("Team plan password"))
        reason = QLabel(_reason_text(shown, why), self)
        reason.setObjectName("reasonLabel")
        reason.setWordWrap(True)
        font = reason.font()
        font.setBold(True)
        reason.setFont(font)
        where = quiet_label(paths.mask_url(shown), self)
        where.setObjectName("urlLabel")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setAccessibleName(tr("Password"))
        self.remember_check = QCheckBox(tr("&Remember password in the system keyring"), self)
        self.remember_check.setObjectName("rememberCheck")
        self.remember_check.setAccessibleName(tr("Remember password"))
        self.remember_check.setEnabled(keyring_available())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(tr("&Connect"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(tr("Pass&word:"), self.password_edit)
        form.addRow("", self.remember_check)
        layout = QVBoxLayout(self)
        layout.addWidget(reason)
        layout.addWidget(where)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.password_edit.setFocus()


def _reason_text(shown: str, why: str) -> str:
    """The core's reason in the person's language (it says either of two things)."""
    try:
        user = pg.parse_url(shown).username or os_user()
    except PlannerError:
        user = os_user()
    if why.lower().startswith("wrong password"):
        return tr("Wrong password for {user}; try again.").format(user=user)
    return tr("The team plan server needs a password for {user}.").format(user=user)


class PasswordPrompt(QObject):
    """A `password_callback` for `open_plan`: asks with PasswordDialog, from any thread.

    Called on the UI thread it shows the dialog modally; called from a worker it asks the UI
    thread and waits for the answer (so the UI thread must not be waiting for that worker).
    Create it on the UI thread. After the plan opened, call
    `opened()`: only then is a password with "Remember" ticked kept in the system keyring.
    """

    _ask_ui = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._answer: str | None = None
        self._remember = False
        self._shown = ""
        self.asked = 0
        self._ask_ui.connect(self._ask, Qt.ConnectionType.BlockingQueuedConnection)

    def __call__(self, shown: str, why: str) -> str | None:
        if QThread.currentThread() is self.thread():
            self._ask(shown, why)
        else:
            self._ask_ui.emit(shown, why)
        return self._answer

    @Slot(str, str)
    def _ask(self, shown: str, why: str) -> None:
        self.asked += 1
        dialog = PasswordDialog(self._parent, shown, why)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            password = dialog.password_edit.text()
            self._answer = password if accepted and password else None
            self._remember = accepted and dialog.remember_check.isChecked()
            self._shown = shown
        finally:
            dialog.deleteLater()

    def opened(self) -> bool:
        """The plan opened: keep the last password if Remember was ticked; True if kept."""
        answer, self._answer = self._answer, None
        if not (answer and self._remember):
            return False
        return pg.remember_password(self._shown, answer)


def password_prompt(parent: QWidget | None) -> PasswordPrompt:
    """The password question for reopening a team plan: pass it as `password_callback`."""
    return PasswordPrompt(parent)
