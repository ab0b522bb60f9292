"""The History dialog: who changed what and when, for the plan or one post, newest first.

Each entry is a row (when, who, what); its field changes are its children (before → after).
The list follows the plan live: a change made here or elsewhere appears as it is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmplanner.ui.dates import day_text
from lmplanner.ui.dialogs.common import count_text, quiet_label

if TYPE_CHECKING:
    from lmplanner.core.history import FieldChange, HistoryEntry
    from lmplanner.ui.document import PlanDocument

#: Entries the plan-wide list shows; the CLI's `history --limit` reaches further back.
SHOWN_ENTRIES = 500
#: The history's field names as a reader says them.
FIELD_NAMES = {
    "title": "Title",
    "body": "Text",
    "role": "Role",
    "kind": "Kind",
    "status": "Status",
    "date": "Date",
    "time": "Time",
    "channel": "Channel",
    "author": "Author",
    "campaign": "Campaign",
    "pillar": "Pillar",
    "follows": "Follows up post",
    "link": "Link",
    "notes": "Notes",
}


#: What a plan-level row is called when one is added or removed.
TABLE_NAMES = {
    "person": "Author",
    "channel": "Channel",
    "campaign": "Campaign",
    "pillar": "Pillar",
    "signoff": "Sign-off",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("HistoryDialog", text)


def shown(value: object) -> str:
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:79] + "…"


def change_text(change: FieldChange) -> str:
    """One field change in words: “Title: Launch → Launch day”, “Moved to the trash”."""
    from lmplanner.core.history import COMMENT, COMMENT_RESOLVED, CREATED, REMOVED, TRASH

    if change.field == COMMENT:
        if change.before is None:
            return tr("Comment added: {text}").format(text=shown(change.after))
        return tr("Comment deleted: {text}").format(text=shown(change.before))
    if change.field == COMMENT_RESOLVED:
        return tr("Comment resolved") if change.after else tr("Comment reopened")
    if change.field == CREATED:
        return tr("Created: {title}").format(title=shown(change.after))
    if change.field == REMOVED:
        return tr("Removed for good: {title}").format(title=shown(change.before))
    if change.field == TRASH:
        return tr("Moved to the trash") if change.after else tr("Restored from the trash")
    if change.post_id is None and (change.before is None or change.after is None):
        what = TABLE_NAMES.get(change.field, change.field.capitalize())
        if change.before is None:
            return tr("{what} added: {name}").format(what=what, name=shown(change.after))
        return tr("{what} removed: {name}").format(what=what, name=shown(change.before))
    field = FIELD_NAMES.get(
        change.field, change.field.replace("plan.", "setting ").replace("_", " ")
    )
    if change.field == "date" and change.post_id is not None:
        before, after = shown_day(change.before), shown_day(change.after)
    else:
        before, after = shown(change.before), shown(change.after)
    return tr("{field}: {before} → {after}").format(field=tr(field), before=before, after=after)


def shown_day(value: object) -> str:
    """A post's day as the history stores it (ISO text) written in the person's locale; a value
    that is no day (None: the backlog) shows as it is."""
    try:
        day = dt.date.fromisoformat(str(value))
    except ValueError:
        return shown(value)
    return day_text(day)


def when_text(moment: dt.datetime) -> str:
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return QLocale().toString(local, "ddd d MMM yyyy, HH:mm")


class HistoryDialog(QDialog):
    """The plan's history (filterable by person), or one post's with `post_id`."""

    def __init__(
        self,
        parent: QWidget | None,
        document: PlanDocument,
        *,
        post_id: int | None = None,
        post_title: str = "",
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.post_id = post_id
        self.setObjectName("historyDialog")
        if post_id is None:
            self.setWindowTitle(tr("Plan history"))
        else:
            self.setWindowTitle(tr("History of “{title}”").format(title=post_title))
        self.resize(760, 520)
        layout = QVBoxLayout(self)

        row = QHBoxLayout()
        label = QLabel(tr("Changes &by:"), self)
        self.person = QComboBox(self)
        self.person.setObjectName("historyPerson")
        self.person.setAccessibleName(tr("Show changes by"))
        label.setBuddy(self.person)
        row.addWidget(label)
        row.addWidget(self.person, 1)
        layout.addLayout(row)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("historyTree")
        self.tree.setAccessibleName(tr("Changes, newest first"))
        self.tree.setHeaderLabels([tr("When"), tr("Who"), tr("Change")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setColumnWidth(0, 190)
        self.tree.setColumnWidth(1, 140)
        layout.addWidget(self.tree, 1)
        self.summary = quiet_label("", self)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._fill_people()
        self.person.currentIndexChanged.connect(self.refresh)
        document.changed.connect(self._on_changed)
        self.refresh()
        self.tree.setFocus()

    def _fill_people(self) -> None:
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(tr("Everyone"), None)
        for name in self.document.service.history_people():
            self.person.addItem(name, name)
        index = self.person.findData(chosen) if chosen else 0
        self.person.setCurrentIndex(max(index, 0))
        self.person.blockSignals(False)

    def _on_changed(self, _changes: object) -> None:
        self._fill_people()
        self.refresh()

    def entries(self) -> list[HistoryEntry]:
        limit = SHOWN_ENTRIES + 1
        by = self.person.currentData()
        return self.document.service.history(self.post_id, by=by, limit=limit)

    def refresh(self) -> None:
        entries = self.entries()
        self.tree.clear()
        titles: dict[int, str] = {}
        if self.post_id is None:  # the plan's history says which post each change is on
            ids = {c.post_id for e in entries[:SHOWN_ENTRIES] for c in e.changes[:200]}
            titles = self.document.service.post_titles([i for i in ids if i is not None])
        for entry in entries[:SHOWN_ENTRIES]:
            item = QTreeWidgetItem([when_text(entry.at), entry.by, entry_title(entry)])
            item.setToolTip(2, entry_title(entry))
            for change in entry.changes[:200]:
                text = change_text(change)
                title = titles.get(change.post_id) if change.post_id is not None else None
                if title is not None and change.field not in ("created", "removed"):
                    text = f"“{shown(title)}” — {text}"
                child = QTreeWidgetItem(["", "", text])
                child.setToolTip(2, text)
                item.addChild(child)
            if len(entry.changes) > 200:
                more = len(entry.changes) - 200
                words = count_text(more, tr("… and {n} more change"), tr("… and {n} more changes"))
                item.addChild(QTreeWidgetItem(["", "", words]))
            self.tree.addTopLevelItem(item)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
            if self.post_id is not None:
                self.tree.expandAll()
        if not entries:
            self.summary.setText(tr("No changes recorded yet."))
        elif len(entries) > SHOWN_ENTRIES:
            self.summary.setText(
                tr("The {n} newest changes; “lmplanner history” lists them all.").format(
                    n=SHOWN_ENTRIES
                )
            )
        else:
            n = len(entries)
            self.summary.setText(count_text(n, tr("{n} change."), tr("{n} changes.")))
        self.tree.header().setStretchLastSection(True)

    def done(self, result: int) -> None:
        """Stop following the plan once closed (the document outlives the dialog)."""
        self.document.changed.disconnect(self._on_changed)
        super().done(result)


def entry_title(entry: HistoryEntry) -> str:
    if entry.step == "undo":
        return tr("Undo: {label}").format(label=entry.label)
    if entry.step == "redo":
        return tr("Redo: {label}").format(label=entry.label)
    return entry.label


def open_history_dialog(
    parent: QWidget | None,
    document: PlanDocument,
    *,
    post_id: int | None = None,
    post_title: str = "",
) -> HistoryDialog:
    dialog = HistoryDialog(parent, document, post_id=post_id, post_title=post_title)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
