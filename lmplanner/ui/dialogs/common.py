"""What the dialogs share: non-blocking message boxes, the quiet explanation label, the file
questions (replaceable in tests), the "saved — open it?" notice and file-name helpers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from lmplanner.core.paths import fitted_file_name

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QAbstractButton, QMessageBox

# The message boxes, file dialogs and URLs below are named through their modules when used:
# PySide6 makes each type (and its enums) the first time it is named, and the window's first
# paint, which imports this module, needs none of them.
# (parent, caption, suggested path, name filters) → the chosen path, or None when cancelled.
ChoosePath = Callable[[QWidget | None, str, str, str], str | None]
OpenUrl = Callable[["QUrl"], bool]

_PARENTLESS: set[QMessageBox] = set()


def tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


def ask_save_path(parent: QWidget | None, caption: str, suggested: str, filters: str) -> str | None:
    """The platform's own Save dialog."""
    path, _ = QtWidgets.QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    return path or None


def ask_open_path(parent: QWidget | None, caption: str, folder: str, filters: str) -> str | None:
    """The platform's own Open dialog."""
    path, _ = QtWidgets.QFileDialog.getOpenFileName(parent, caption, folder, filters)
    return path or None


def count_text(n: int, one: str, many: str) -> str:
    """`one` or `many` (both already translated) with the number `{n}` filled in."""
    return (one if n == 1 else many).format(n=n)


def documents_folder() -> Path:
    found = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.DocumentsLocation
    )
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


_UNSAFE = r'[\\/:*?"<>|\x00-\x1f]+'


def safe_file_name(text: str) -> str:
    """A name every file system takes: no separators, wildcards or control characters."""
    cleaned = re.sub(_UNSAFE, " ", text)
    return " ".join(cleaned.split()).strip(" .") or "LM Planner"


class NameParts(NamedTuple):
    """A suggested file name around a plan's name: what comes before it, the name, and what
    comes after (the report's period, " backup"). Only the plan's name is shortened to fit a
    file system, so November's and December's names stay apart."""

    head: str
    plan: str
    tail: str

    @classmethod
    def around(cls, template: str, plan: str, **values: str) -> NameParts:
        """The parts of a (translated) `template` holding "{plan}" and `values`, each made
        safe for file systems."""
        before, _, after = template.partition("{plan}")
        head = _file_text(before.format(**values)).lstrip(" .")
        tail = _file_text(after.format(**values)).rstrip(" .")
        return cls(head, safe_file_name(plan), tail)

    def fitted(self, ending: str) -> str:
        """The name with `ending` (".pdf", " (2).pdf") at most as long as a file system takes."""
        return fitted_file_name(self.plan, self.tail + ending, head=self.head)


def _file_text(text: str) -> str:
    """`text` without what file systems refuse, its runs of white space made one space."""
    return re.sub(r"\s+", " ", re.sub(_UNSAFE, " ", text))


def with_suffix(path: str | Path, suffix: str) -> Path:
    """Add the format's (or the plan file's) suffix when the person typed a bare name."""
    target = Path(path)
    return target if target.suffix else target.with_suffix(suffix)


def quiet_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A secondary line of explanation, in the palette's quieter text colour."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # explanations quote names people typed
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    label.setPalette(palette)
    return label


def error_label(parent: QWidget) -> QLabel:
    """The hidden inline label a form shows its problem in (the theme gives it its colours)."""
    label = QLabel(parent)
    label.setObjectName("errorLabel")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # problems quote titles and names as typed
    label.setAccessibleName(tr("Problem"))
    label.setAutoFillBackground(True)
    label.setMargin(6)
    label.hide()
    return label


def error_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A window-modal warning that does not block the caller (closed by the person)."""
    return _box(parent, QtWidgets.QMessageBox.Icon.Warning, title, text, "errorBox")


def info_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A window-modal notice that does not block the caller."""
    return _box(parent, QtWidgets.QMessageBox.Icon.Information, title, text, "infoBox")


def _box(
    parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, name: str
) -> QMessageBox:
    box = QtWidgets.QMessageBox(icon, title, text, QtWidgets.QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return keep_open(box)


def keep_open(box: QMessageBox) -> QMessageBox:
    """Open a box without blocking; one without a parent is kept alive until it is closed
    (nothing else holds it, and Python would collect it at once)."""
    if box.parent() is None:
        _PARENTLESS.add(box)
        box.finished.connect(lambda _result: _PARENTLESS.discard(box))
    box.open()
    return box


def saved_box(
    parent: QWidget | None,
    title: str,
    text: str,
    path: Path,
    *,
    open_url: OpenUrl | None = None,
    offer_open: bool = True,
) -> QMessageBox:
    """ "Saved …": Open (the file, in its app) / Show in folder / Close. Does not block."""
    opener = open_url or QtGui.QDesktopServices.openUrl
    box = QtWidgets.QMessageBox(
        QtWidgets.QMessageBox.Icon.Information,
        title,
        text,
        QtWidgets.QMessageBox.StandardButton.NoButton,
    )
    box.setParent(parent, box.windowFlags())
    box.setObjectName("savedBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    open_button = None
    if offer_open:
        open_button = box.addButton(tr("&Open"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        open_button.setObjectName("openButton")
    folder_button = box.addButton(
        tr("Show in &folder"), QtWidgets.QMessageBox.ButtonRole.ActionRole
    )
    folder_button.setObjectName("folderButton")
    close_button = box.addButton(QtWidgets.QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_button or close_button)
    box.setEscapeButton(close_button)

    def clicked(button: QAbstractButton) -> None:
        if button is open_button:
            opener(QtCore.QUrl.fromLocalFile(str(path)))
        elif button is folder_button:
            opener(QtCore.QUrl.fromLocalFile(str(path.parent)))

    box.buttonClicked.connect(clicked)
    return keep_open(box)
