"""The question a changed editor asks before it closes unsaved: Save, Discard or Keep editing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def tr(text: str) -> str:
    return QCoreApplication.translate("PostEditor", text)


def ask_discard(
    parent: QWidget, save: Callable[[], object], discard: Callable[[], object]
) -> QMessageBox:
    """Opens the question window-modal (not exec: the event loop keeps running) and calls `save`
    or `discard` on the answer; Keep editing, Esc or closing the box does nothing."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        tr("Discard changes?"),
        tr("This post has changes that are not saved."),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("discardChangesBox")
    box.setInformativeText(tr("Save them, discard them, or keep editing?"))
    save_button = box.addButton(QMessageBox.StandardButton.Save)
    discard_button = box.addButton(QMessageBox.StandardButton.Discard)
    keep = box.addButton(tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save_button)
    box.setEscapeButton(keep)

    def answered() -> None:
        clicked = box.clickedButton()
        if clicked is save_button:
            save()
        elif clicked is discard_button:
            discard()

    box.finished.connect(answered)
    box.open()
    return box
