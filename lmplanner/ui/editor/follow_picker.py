"""The "Follows up" picker: a searchable list of the plan's leader posts, the likeliest first."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lmplanner.ui.badges import swatch
from lmplanner.ui.compat import override

if TYPE_CHECKING:
    from lmplanner.core.domain import PostRecord
    from lmplanner.ui.editor.links import LinkSource

PostIdRole = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("PostEditor", text)


def day_text(day: dt.date | None) -> str:
    if day is None:
        return tr("Backlog")
    return QLocale().toString(QDate(day.year, day.month, day.day), "ddd d MMM yyyy")


def post_line(post: PostRecord) -> str:
    """A post as one line: its title and date (and pillar, when it has one)."""
    line = f"{day_text(post.date)} — {post.title}"
    return f"{line} · {post.pillar}" if post.pillar else line


class SearchEdit(QLineEdit):
    """The search line; Down and Up move through the list below without leaving it."""

    def __init__(self, results: QListWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results = results

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
        if step is not None and self.results.count():
            row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
            self.results.setCurrentRow(row)
            return
        super().keyPressEvent(event)


class FollowPicker(QDialog):
    """Choose the leader post a manager post follows up; `chosen()` after `exec()` or accept."""

    def __init__(
        self,
        source: LinkSource,
        parent: QWidget | None = None,
        *,
        pillar: str | None = None,
        near: dt.date | None = None,
        exclude: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("followPicker")
        self.setWindowTitle(tr("Follows up"))
        self.source = source
        self._pillar, self._near, self._exclude = pillar, near, exclude
        self.results = QListWidget(self)
        self.results.setObjectName("followResults")
        self.results.setAccessibleName(tr("Leader posts"))
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.results.itemActivated.connect(lambda _item: self.accept())
        self.search = SearchEdit(self.results, self)
        self.search.setObjectName("followSearch")
        self.search.setAccessibleName(tr("Search leader posts"))
        self.search.setPlaceholderText(tr("Type to search titles and texts"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refill)
        self.search.returnPressed.connect(self.accept)
        label = QLabel(tr("&Search leader posts (same pillar and nearby dates first):"), self)
        label.setBuddy(self.search)
        self.empty = QLabel(self)
        self.empty.setObjectName("followEmpty")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        self.resize(720, 440)
        self.refill()
        self.search.setFocus()

    def refill(self) -> None:
        posts = self.source.candidates(
            self.search.text(), pillar=self._pillar, near=self._near, exclude=self._exclude
        )
        self.results.clear()
        for post in posts:
            item = QListWidgetItem(post_line(post), self.results)
            item.setData(PostIdRole, post.id)
            color = self.source.pillar_color(post.pillar)
            if color:
                item.setIcon(swatch(color))
        if posts:
            self.results.setCurrentRow(0)
        self.empty.setText("" if posts else tr("No leader post matches."))
        self.empty.setVisible(not posts)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(posts))

    def titles(self) -> list[str]:
        return [self.results.item(row).text() for row in range(self.results.count())]

    def chosen(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(PostIdRole)) if item is not None else None

    @override
    def accept(self) -> None:
        if self.chosen() is not None:
            super().accept()
