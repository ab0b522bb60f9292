"""Who is acting in the app: the name chosen in Preferences (kept in QSettings, as UI state is),
else core.actor's default; on a team plan the database role, which Preferences cannot change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.actor import ACTOR_MAX, system_user
from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.ui.session import PlanSession

NAME_KEY = "preferences/name"


def tr(text: str) -> str:
    return QCoreApplication.translate("Preferences", text)


def chosen_name(settings: QSettings) -> str | None:
    """The name set in Preferences; None when none was set (the default then applies)."""
    value = settings.value(NAME_KEY, "")
    name = " ".join(str(value or "").split())
    return name or None  # one too long (a hand-edited file) is refused by core.actor, not cut


class PreferencesDialog(QDialog):
    """Your name, as stamped on comments and approvals in plan files."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(tr("Preferences"))
        self.session = session
        self.name_edit = QLineEdit(self)
        self.name_edit.setObjectName("preferencesName")
        self.name_edit.setAccessibleName(tr("Your name"))
        self.name_edit.setMaxLength(ACTOR_MAX)
        self.name_edit.setPlaceholderText(system_user())
        self.name_edit.setText(chosen_name(session.settings) or "")
        note = QLabel(self._note(), self)
        note.setObjectName("preferencesNote")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Your &name:"), self.name_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(440, self.sizeHint().height())

    def _note(self) -> str:
        service = self.session.service
        if service is not None and service.plan.is_team:
            return tr(
                "On this team plan you act as the database role {role}; the name here is used "
                "for plan files."
            ).format(role=service.actor)
        return tr("Stamped on your comments and approvals in plan files. Empty: your system name.")

    @override
    def accept(self) -> None:
        name = " ".join(self.name_edit.text().split())
        self.session.settings.setValue(NAME_KEY, name)
        self.session.settings.sync()
        document = self.session.document
        if document is not None:
            document.service.act_as(name or None)
        self.session.actorChanged.emit()
        super().accept()


def show_preferences(parent: QWidget, session: PlanSession) -> PreferencesDialog:
    """Edit > Preferences…: window-modal, not blocking."""
    dialog = PreferencesDialog(session, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
