"""File > Restore from backup…, and the choices offered when a plan file cannot be opened.

A restore replaces the plan file, so the document's plan is closed first and the main window
reopens the file afterwards (`reopen(location)`, given by the window). A readable plan is restored
by `core.backups.restore_backup`, which keeps a "before a restore" safety copy; a plan SQLite
cannot read by `core.store.recovery.restore_over_damaged`, which copies its bytes aside first.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, Qt, QTime, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.errors import NewerPlanError, PlanFileError, PlannerError
from lmplanner.core.store import sqlite_file
from lmplanner.core.store.backups import BackupInfo, list_backups, restore_backup
from lmplanner.core.store.recovery import plan_uuid_for, restore_over_damaged
from lmplanner.ui import compat  # noqa: F401  (the PySide6 6.12 guard, before any Qt call)
from lmplanner.ui.dialogs.common import (
    error_box,
    info_box,
    keep_open,
    quiet_label,
)

if TYPE_CHECKING:
    from lmplanner.ui.document import PlanDocument

Reopen = Callable[[str], object]
READ_ONLY, RESTORE, CANCEL = "read-only", "restore", "cancel"


def tr(text: str) -> str:
    return QCoreApplication.translate("BackupDialog", text)


def kind_text(kind: str) -> str:
    names = {
        "daily": tr("Daily backup"),
        "pre-upgrade": tr("Before a format upgrade"),
        "pre-restore": tr("Before a restore"),
    }
    return names.get(kind, kind)


def when_text(moment: dt.datetime) -> str:
    """A backup's time in local time, as the editor writes dates."""
    day = QDate(moment.year, moment.month, moment.day)
    stamp = QDateTime(day, QTime(moment.hour, moment.minute))
    return QLocale().toString(stamp, "ddd d MMM yyyy, HH:mm")


# ---------------------------------------------------------------------- finding a plan's backups
def can_open_read_only(path: Path) -> bool:
    """Whether the plan opens read-only (never changes the file: read-only, immutable)."""
    from lmplanner.core.store import open_plan

    try:
        open_plan(path, create=False, readonly=True).close()
    except Exception:
        return False
    return True


# ---------------------------------------------------------------------- restore dialog
class RestoreBackupDialog(QDialog):
    """The plan's backups, newest first; Restore asks once, then replaces the plan's content."""

    restored = Signal(str, str)  # plan location, safety copy

    def __init__(
        self,
        parent: QWidget | None,
        plan_path: Path,
        plan_uuid: str,
        *,
        reopen: Reopen,
        close_plan: Callable[[], None] | None = None,
        plan_name: str = "",
        readonly_reason: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("restoreBackupDialog")
        self.setWindowTitle(tr("Restore from backup"))
        self.plan_path = Path(plan_path)
        self.plan_uuid = plan_uuid
        self._reopen = reopen
        self._close_plan = close_plan
        self._readonly_reason = readonly_reason
        self.confirm_box: QMessageBox | None = None
        self.result_box: QMessageBox | None = None
        self.damaged = not _inspectable(self.plan_path)
        self.backups = list_backups(plan_uuid)

        heading = QLabel(
            tr("Backups of “{name}”").format(name=plan_name or self.plan_path.stem), self
        )
        heading.setStyleSheet("font-weight: bold")
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(tr("Backups, newest first"))
        self.tree.setHeaderLabels([tr("When"), tr("Kind"), tr("Size")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        locale = QLocale()
        for backup in self.backups:
            size = locale.formattedDataSize(backup.size, 1)
            item = QTreeWidgetItem([when_text(backup.created), kind_text(backup.kind), size])
            item.setToolTip(0, str(backup.path))
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.tree.addTopLevelItem(item)
        for column in range(3):
            self.tree.resizeColumnToContents(column)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)
        self.tree.itemSelectionChanged.connect(self._update)
        self.tree.itemActivated.connect(lambda *_a: self.ask_restore())

        explanation = tr(
            "Restoring replaces what is in the plan now with the backup. LM Planner first keeps a "
            "safety copy of the plan as it is, listed here afterwards as “Before a restore”."
        )
        if self.damaged:
            explanation = tr(
                "This plan file is damaged. Restoring puts the backup in its place; the damaged "
                "file is kept beside the backups, as it is."
            )
        self.note = quiet_label(explanation, self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton(tr("&Restore…"), self)
        self.restore_button.setDefault(True)
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.ask_restore)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.tree, self.note, self.message, self.buttons):
            layout.addWidget(widget, 1 if widget is self.tree else 0)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._update()
        self.resize(max(560, self.sizeHint().width()), 420)
        self.tree.setFocus()

    def selected_backup(self) -> BackupInfo | None:
        current = self.tree.currentItem()
        row = self.tree.indexOfTopLevelItem(current) if current is not None else -1
        return self.backups[row] if 0 <= row < len(self.backups) else None

    def _update(self) -> None:
        reason = self._readonly_reason
        if not self.backups:
            reason = tr(
                "There are no backups of this plan yet. LM Planner makes one each day the plan "
                "changes."
            )
        self.message.setText(reason)
        self.message.setVisible(bool(reason))
        self.restore_button.setEnabled(
            not self._readonly_reason and self.selected_backup() is not None
        )

    def ask_restore(self) -> QMessageBox | None:
        """The one confirmation before a restore (does not block; Restore in it restores)."""
        backup = self.selected_backup()
        if backup is None or not self.restore_button.isEnabled():
            return None
        box = QMessageBox(self)
        box.setObjectName("confirmRestore")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(tr("Restore from backup"))
        box.setText(
            tr("Restore the plan as it was on {when}?").format(when=when_text(backup.created))
        )
        box.setInformativeText(
            tr(
                "Everything changed since then is replaced by the backup. A safety copy of the "
                "plan as it is now is made first, so you can go back to it."
            )
        )
        yes = box.addButton(tr("&Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: button is yes and self.restore(backup))
        self.confirm_box = keep_open(box)
        return box

    def restore(self, backup: BackupInfo) -> bool:
        """Close the plan, restore, reopen it (also after a failure); True when restored."""
        location = str(self.plan_path)
        safety: Path | None = None
        error: BaseException | None = None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self._close_plan is not None:
                self._close_plan()
            if self.damaged:
                safety = restore_over_damaged(self.plan_path, backup.path, self.plan_uuid)
            else:
                safety = restore_backup(self.plan_path, backup.path)
        except (PlannerError, OSError) as failure:
            error = failure
        finally:
            QGuiApplication.restoreOverrideCursor()
        try:
            self._reopen(location)
        except Exception as failure:
            error = error or failure
        parent = self.parentWidget()
        if error is not None or safety is None:
            error_box(self, tr("The backup was not restored"), str(error))
            return False
        self.restored.emit(location, str(safety))
        self.accept()
        text = tr(
            "The plan is back as it was on {when}. The plan as it was before is kept in {copy}."
        )
        when = when_text(backup.created)
        self.result_box = info_box(parent, tr("Plan restored"), text.format(when=when, copy=safety))
        return True


def _inspectable(path: Path) -> bool:
    try:
        sqlite_file.inspect_plan_file(path)
    except PlanFileError:
        return False
    return True


def open_restore_dialog(
    parent: QWidget | None, document: PlanDocument, reopen: Reopen
) -> RestoreBackupDialog | None:
    """File > Restore from backup…: the open plan's backups. The plan is closed before a restore
    and `reopen(location)` (the window's open_plan_at) opens it again. None for a team plan."""
    plan = document.plan
    if plan.path is None:
        info_box(
            parent,
            tr("Restore from backup"),
            tr("Team plans live on a server, which keeps their backups; there are none here."),
        )
        return None
    readonly = plan.readonly_reason if plan.readonly else ""
    dialog = RestoreBackupDialog(
        parent,
        plan.path,
        plan.uuid,
        reopen=reopen,
        close_plan=document.close,
        plan_name=document.service.settings().name,
        readonly_reason=readonly,
    )
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_restore_dialog_for_file(
    parent: QWidget | None, path: str | os.PathLike[str], reopen: Reopen
) -> RestoreBackupDialog | None:
    """The bad-file flow after offer_recovery() said RESTORE: the backups of a file that is not
    open (damaged or otherwise refused). None when the file's backups cannot be found."""
    target = Path(path)
    uuid = plan_uuid_for(target)
    if uuid is None:
        return None
    dialog = RestoreBackupDialog(parent, target, uuid, reopen=reopen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# ---------------------------------------------------------------------- a plan that will not open
@dataclass(frozen=True)
class RecoveryOptions:
    can_read: bool
    plan_uuid: str | None
    backups: list[BackupInfo] = field(default_factory=list)


def recovery_options(path: Path, error: BaseException | None = None) -> RecoveryOptions:
    """What can be offered for a plan that did not open. A newer plan is not offered a restore:
    it is fine, it only needs a newer LM Planner."""
    uuid = plan_uuid_for(path) if path.is_file() else None
    found = list_backups(uuid) if uuid and not isinstance(error, NewerPlanError) else []
    return RecoveryOptions(path.is_file() and can_open_read_only(path), uuid, found)


class RecoveryDialog(QMessageBox):
    """ "Cannot open this plan": the reason, and only the ways out that will work."""

    def __init__(
        self, parent: QWidget | None, path: Path, error: BaseException, options: RecoveryOptions
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(tr("Cannot open this plan"))
        self.setText(str(error))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.choice = CANCEL
        self.choice_buttons: dict[str, QPushButton] = {}
        hints = []
        if options.can_read:
            self.choice_buttons[READ_ONLY] = self.addButton(
                tr("Open &read-only"), QMessageBox.ButtonRole.AcceptRole
            )
            hints.append(tr("You can open it read-only: look, search and export, but not edit."))
        if options.backups:
            newest = when_text(options.backups[0].created)
            self.choice_buttons[RESTORE] = self.addButton(
                tr("Restore from &backup…"), QMessageBox.ButtonRole.ActionRole
            )
            hints.append(tr("Backups of it exist; the newest is from {when}.").format(when=newest))
        self.choice_buttons[CANCEL] = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setEscapeButton(self.choice_buttons[CANCEL])
        self.setDefaultButton(next(iter(self.choice_buttons.values())))
        hints.append(tr("The file was left exactly as it is."))
        self.setInformativeText("\n".join(hints))
        self.buttonClicked.connect(self._chosen)

    def _chosen(self, button: object) -> None:
        for choice, candidate in self.choice_buttons.items():
            if candidate is button:
                self.choice = choice


def offer_recovery(
    parent: QWidget | None, path: str | os.PathLike[str], error: BaseException
) -> str:
    """Ask what to do with a plan that did not open: READ_ONLY, RESTORE or CANCEL.

    Modal (the answer decides what the window does next). On RESTORE, call
    open_restore_dialog_for_file(parent, path, reopen); on READ_ONLY, open_plan(…, readonly=True).
    """
    target = Path(path)
    dialog = RecoveryDialog(parent, target, error, recovery_options(target, error))
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice
