"""Small dialogs and every question the window asks: errors, file choices, help and about."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

# Message boxes, file dialogs and the help's browser and tree are named through QtWidgets when
# used: PySide6 makes each type (and its enums) the first time it is named, and the window's
# first paint, which imports this module for its Prompter, needs none of them.
from PySide6 import QtWidgets
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

import lmplanner
from lmplanner.core.balance import percent_band
from lmplanner.core.domain import LEADER_KINDS, MANAGER_KINDS, BalanceSettings
from lmplanner.core.paths import PLAN_SUFFIX

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox, QTreeWidgetItem

    from lmplanner.core.errors import ConflictError


def tr(text: str) -> str:
    return QCoreApplication.translate("Dialogs", text)


def plan_file_filter() -> str:
    return tr("LM Planner plans (*{suffix});;All files (*)").format(suffix=PLAN_SUFFIX)


class Prompter:
    """The questions the window asks the person, in one replaceable place.

    Nothing here blocks the event loop except the native file dialogs and the conflict question,
    which tests replace by overriding `open_plan_path` / `save_plan_path` / `plan_name` /
    `resolve_conflict` / `offer_recovery`.
    Message boxes open window-modal and return.
    """

    def error(self, parent: QWidget | None, title: str, text: str) -> QMessageBox:
        return self._box(parent, QtWidgets.QMessageBox.Icon.Warning, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> QMessageBox:
        return self._box(parent, QtWidgets.QMessageBox.Icon.Information, title, text)

    def _box(
        self, parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str
    ) -> QMessageBox:
        box = QtWidgets.QMessageBox(
            icon, title, text, QtWidgets.QMessageBox.StandardButton.Ok, parent
        )
        box.setObjectName("messageBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        return box

    def open_plan_path(self, parent: QWidget | None, directory: str) -> str | None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            parent, tr("Open plan"), directory, plan_file_filter()
        )
        return path or None

    def save_plan_path(self, parent: QWidget | None, title: str, directory: str) -> str | None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            parent, title, directory, plan_file_filter()
        )
        return path or None

    def plan_name(self, parent: QWidget | None, suggested: str) -> str | None:
        """The name of a new plan, prefilled (from its file name); None when cancelled. The name
        can be changed later in Plan settings; the window title and the report use it."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        name, ok = QInputDialog.getText(
            parent,
            tr("Name the plan"),
            tr("What is this plan called? (You can change it later in Plan settings.)"),
            QLineEdit.EchoMode.Normal,
            suggested,
        )
        return " ".join(name.split()) or suggested if ok else None

    def resolve_conflict(
        self, parent: QWidget | None, error: ConflictError, mine: Mapping[str, Any], theirs: Any
    ) -> str:
        """Keep mine, take theirs or cancel ("mine", "theirs", "cancel"); modal."""
        from lmplanner.ui.dialogs.conflict import resolve_conflict

        return resolve_conflict(parent, error, mine, theirs)

    def offer_recovery(self, parent: QWidget | None, path: Path, error: Exception) -> str:
        """A plan that will not open: "read-only", "restore" or "cancel"; modal."""
        from lmplanner.ui.dialogs.backup_dialog import offer_recovery

        return offer_recovery(parent, path, error)


def about_text() -> str:
    import html  # here: its entity table (a third of a MiB) waits for a dialog that needs it

    return tr(
        "<h3>LM Planner {version}</h3>"
        "<p>A content-strategy planner that keeps <b>leader</b> posts (vision, perspective, "
        "story) and <b>manager</b> posts (how-tos, tips, promotions) in balance, so a plan is "
        "never all activity and no vision.</p>"
        "<p>Free software under the MIT licence.</p>"
    ).format(version=html.escape(lmplanner.__version__))


def show_about(parent: QWidget | None) -> QMessageBox:
    box = QtWidgets.QMessageBox(parent)
    box.setObjectName("aboutDialog")
    box.setWindowTitle(tr("About LM Planner"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    if parent is not None and not parent.windowIcon().isNull():
        box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut, grouped as in the menus, plus the calendar's own keys."""

    def __init__(self, rows: Sequence[tuple[str, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(tr("Keyboard shortcuts"))
        self.tree = QtWidgets.QTreeWidget(self)
        self.tree.setAccessibleName(tr("Keyboard shortcuts"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([tr("Action"), tr("Keys")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for group, action, keys in rows:
            parent_item = groups.get(group)
            if parent_item is None:
                parent_item = QtWidgets.QTreeWidgetItem(self.tree, [group])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parent_item.setFirstColumnSpanned(True)
                groups[group] = parent_item
            QtWidgets.QTreeWidgetItem(parent_item, [action, keys])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.tree.setColumnWidth(0, self.tree.columnWidth(0) + 24)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.tree.resizeColumnToContents(1)
        self.resize(600, 580)


# A plan's own band replaces these; without a plan the help shows a new plan's band.
_DEFAULT_BALANCE = BalanceSettings()


def leader_help_html(
    band_low: float = _DEFAULT_BALANCE.band_low, band_high: float = _DEFAULT_BALANCE.band_high
) -> str:
    import html

    def kinds(items: Sequence[object]) -> str:
        return ", ".join(html.escape(str(getattr(k, "value", k))) for k in items)

    return tr(
        "<h2>Leader posts earn the audience. Manager posts put it to work.</h2>"
        "<p>A <b>leader</b> post gives people a reason to follow you: a point of view, a "
        "vision of where things are going, a story that shows what you stand for, a question "
        "worth thinking about. It would still be worth reading if you had nothing to sell.</p>"
        "<p><i>Leader kinds:</i> {leader_kinds}.</p>"
        "<p><i>Example:</i> “Why we stopped chasing every feature request”.</p>"
        "<p>A <b>manager</b> post helps people act: how-tos, tips, analytics, announcements, "
        "events, promotions and calls to engage. It is useful because the audience already "
        "trusts you.</p>"
        "<p><i>Manager kinds:</i> {manager_kinds}.</p>"
        "<p><i>Example:</i> “How to plan a month of posts in 30 minutes”.</p>"
        "<h3>A quick test</h3>"
        "<ul><li>Does it say what you believe, or where things are heading? <b>Leader</b>.</li>"
        "<li>Does it tell people what to do, buy, join or click? <b>Manager</b>.</li>"
        "<li>Both? Ask what a reader remembers a week later, and pick that role.</li></ul>"
        "<h3>Why the balance matters</h3>"
        "<p>A plan that is all activity and no vision keeps people busy but gives them no "
        "reason to care; a plan of vision only never turns attention into results. This plan "
        "aims for <b>{band}</b> leader posts in each period — the balance meter shows "
        "where you are and what to change.</p>"
    ).format(
        leader_kinds=kinds(LEADER_KINDS),
        manager_kinds=kinds(MANAGER_KINDS),
        band=percent_band(band_low, band_high),
    )


class LeaderHelpDialog(QDialog):
    """ "What makes a leader post?": the idea behind the product, with examples."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        band_low: float = _DEFAULT_BALANCE.band_low,
        band_high: float = _DEFAULT_BALANCE.band_high,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("leaderHelpDialog")
        self.setWindowTitle(tr("What makes a leader post?"))
        self.browser = QtWidgets.QTextBrowser(self)
        self.browser.setAccessibleName(tr("What makes a leader post?"))
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(leader_help_html(band_low, band_high))
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(560, 600)
