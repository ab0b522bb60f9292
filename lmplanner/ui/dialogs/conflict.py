"""A post changed elsewhere while it was being edited: show what differs; keep mine, take theirs,
or cancel. Never a silent overwrite: "keep mine" is a new edit on top of their version."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmplanner.core.domain import METRICS, Role
from lmplanner.core.errors import ConflictError, PlannerError
from lmplanner.core.services import POST_FIELDS
from lmplanner.ui import theme
from lmplanner.ui.compat import override
from lmplanner.ui.dialogs.common import (
    error_box,
    quiet_label,
)
from lmplanner.ui.editor.results import metric_label

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.core.domain import PostRecord
    from lmplanner.ui.document import PlanDocument

MINE, THEIRS, CANCEL = "mine", "theirs", "cancel"
# (parent, the conflict, my changes, their post) → MINE, THEIRS or CANCEL
Ask = Callable[[QWidget | None, ConflictError, Mapping[str, Any], "PostRecord"], str]
Report = Callable[[QWidget | None, str, str], object]  # (parent, title, text)
_SHOWN_CHARS = 160


def tr(text: str) -> str:
    return QCoreApplication.translate("Conflict", text)


def field_label(name: str) -> str:
    labels = {
        "title": tr("Title"),
        "role": tr("Role"),
        "channel": tr("Channel"),
        "date": tr("Date"),
        "time": tr("Time"),
        "body": tr("Text"),
        "kind": tr("Kind"),
        "status": tr("Status"),
        "author": tr("Author"),
        "campaign": tr("Campaign"),
        "link": tr("Link"),
        "notes": tr("Notes"),
        "role_suggested": tr("Role suggested"),
        "read_on": tr("Results read on"),
    }
    if name in METRICS:
        return metric_label(name)
    return labels.get(name, name)


def value_text(value: Any, *, full: bool = False) -> str:
    """A field value as a person reads it; long text on one line, shortened unless `full`."""
    if value is None or value == "":
        return tr("(empty)")
    if isinstance(value, Role):
        return theme.role_name(value)
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    if isinstance(value, enum.Enum):
        return str(value.value).replace("_", " ").capitalize()
    if isinstance(value, dt.date):
        return QLocale().toString(QDate(value.year, value.month, value.day), "ddd d MMM yyyy")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    text = str(value)
    if full:
        return text
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def differences(mine: Mapping[str, Any], theirs: PostRecord) -> list[tuple[str, Any, Any]]:
    """(field, yours, theirs) for every field of `mine` that their version has otherwise."""
    return [
        (name, mine[name], getattr(theirs, name))
        for name in POST_FIELDS
        if name in mine and mine[name] != getattr(theirs, name)
    ]


class ConflictDialog(QDialog):
    """What differs between your edit and the saved version; the three ways out as buttons."""

    resolved = Signal(str)  # MINE, THEIRS or CANCEL

    def __init__(
        self,
        parent: QWidget | None,
        error: ConflictError,
        mine: Mapping[str, Any],
        theirs: PostRecord,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(tr("Changed elsewhere"))
        self.choice = CANCEL
        self.rows = differences(mine, theirs)

        heading = QLabel(str(error), self)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: bold")
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        explanation = quiet_label(
            tr(
                "Someone saved this post after you opened it. Keep your version (their other "
                "changes stay), take theirs (your edits are dropped), or go back to the editor."
            ),
            self,
        )
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName(tr("Differences between your version and theirs"))
        self.tree.setHeaderLabels([tr("Field"), tr("Your version"), tr("Their version")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.setWordWrap(True)
        for name, yours, saved in self.rows:
            item = QTreeWidgetItem([field_label(name), value_text(yours), value_text(saved)])
            item.setToolTip(1, value_text(yours, full=True))
            item.setToolTip(2, value_text(saved, full=True))
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 16)
        self.tree.setColumnWidth(1, 260)
        self.same_label = QLabel(tr("Your changes and theirs are the same."), self)
        self.same_label.setVisible(not self.rows)
        self.tree.setVisible(bool(self.rows))

        self.buttons = QDialogButtonBox(self)
        self.mine_button = QPushButton(tr("&Keep mine"), self)
        self.mine_button.setObjectName("keepMine")
        self.theirs_button = QPushButton(tr("&Take theirs"), self)
        self.theirs_button.setObjectName("takeTheirs")
        self.buttons.addButton(self.mine_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.theirs_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.mine_button.setDefault(True)
        self.buttons.clicked.connect(self._clicked)

        layout = QVBoxLayout(self)
        for widget in (heading, explanation, self.tree, self.same_label, self.buttons):
            layout.addWidget(widget, 1 if widget is self.tree else 0)
        self.resize(720, min(520, 220 + 28 * len(self.rows)))
        self.mine_button.setFocus()

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self.mine_button:
            self.choose(MINE)
        elif button is self.theirs_button:
            self.choose(THEIRS)
        else:
            self.choose(CANCEL)

    def choose(self, choice: str) -> None:
        self.choice = choice
        self.resolved.emit(choice)
        if choice == CANCEL:
            super().reject()
        else:
            self.accept()

    @override
    def reject(self) -> None:  # Esc and the title bar's close are Cancel
        self.choose(CANCEL)


def resolve_conflict(
    parent: QWidget | None, error: ConflictError, mine: Mapping[str, Any], theirs: PostRecord
) -> str:
    """Ask which version wins: "mine", "theirs" or "cancel". Modal: the save waits for it."""
    dialog = ConflictDialog(parent, error, mine, theirs)
    dialog.exec()
    choice = dialog.choice
    dialog.deleteLater()
    return choice


def keep_mine(
    document: PlanDocument,
    post_id: int,
    mine: Mapping[str, Any],
    theirs: PostRecord,
    *,
    label: str = "",
) -> ChangeSet | None:
    """Apply `mine` on top of their version: an ordinary, undoable edit that still refuses if the
    post changed yet again since `theirs` was read (then None, and the window shows why)."""
    patch = {name: value for name, value in mine.items() if name in POST_FIELDS}
    service = document.service
    return document.perform(
        label or tr("Edit post"),
        lambda: service.update_post(post_id, patch, expected_version=theirs.version),
    )


def handle_conflict(
    parent: QWidget | None,
    document: PlanDocument,
    error: ConflictError,
    mine: Mapping[str, Any],
    *,
    post_id: int | None = None,
    ask: Ask = resolve_conflict,
    report: Report = error_box,
) -> tuple[str, ChangeSet | None]:
    """The whole save-from-editor flow: read their version, ask, and on "mine" write it.

    Returns the choice and, for "mine", the applied change (None if it failed). A post that was
    deleted elsewhere cannot be compared: that is said, and the answer is "cancel". `ask` and
    `report` are the app's Prompter's questions when it has one (tests script them).
    """
    target = post_id if post_id is not None else error.post_id
    if target is None:
        return CANCEL, None
    try:
        theirs = document.service.post(target)
    except PlannerError as missing:
        report(parent, tr("Changed elsewhere"), str(missing))
        return CANCEL, None
    choice = ask(parent, error, mine, theirs)
    if choice != MINE:
        return choice, None
    return choice, keep_mine(document, target, mine, theirs)
