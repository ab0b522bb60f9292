"""What can be done to selected posts: move, send to the backlog, duplicate, delete, and change
role, status or channel. Each is one service call, so one undo step, whatever the number of posts.

The window's Edit menu and context menus act on the window's selection; the day dialog passes
its own. Menus for role, status and channel are built here so every place offers the same ones.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from lmplanner.core.balance import count_of
from lmplanner.core.domain import Role, Status
from lmplanner.core.services import KEEP
from lmplanner.ui.badges import role_badge
from lmplanner.ui.calendar.chips import status_name
from lmplanner.ui.theme import role_name

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.ui.main_window import MainWindow

Ids = Callable[[], list[int]]
BUSY_FROM = 500  # posts; a wait cursor from here on


def tr(text: str) -> str:
    return QCoreApplication.translate("PostOperations", text)


@contextlib.contextmanager
def busy(count: int) -> Iterator[None]:
    """A wait cursor while thousands of posts are written; nothing for a handful."""
    if count < BUSY_FROM:
        yield
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class PostOperations(QObject):
    """Operations on posts through the window's document: one `perform`, one undo step each."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def _ids(self, ids: Sequence[int] | None) -> list[int]:
        return list(ids) if ids is not None else self.window.selected_ids()

    def _perform(self, label: str, ids: Sequence[int], fn: Callable[[], ChangeSet]) -> Any:
        document = self.window.document
        if not ids or document is None or document.readonly:
            return None
        with busy(len(ids)):
            return document.perform(label, fn)

    @property
    def _service(self) -> Any:
        return self.window.service

    # ------------------------------------------------------------------ moving
    def move(self, ids: Sequence[int], day: dt.date | None, time: Any = KEEP) -> Any:
        """A drop: to a day (KEEP keeps each time; a week-view drop gives one) or, with no day,
        to the backlog."""
        ids = list(ids)
        service = self._service
        return self._perform(
            tr("Move"), ids, lambda: service.move_posts(ids, to_date=day, time=time)
        )

    def move_by(self, days: int, ids: Sequence[int] | None = None) -> Any:
        chosen = self._ids(ids)
        service = self._service
        return self._perform(tr("Move"), chosen, lambda: service.move_posts(chosen, by_days=days))

    def to_backlog(self, ids: Sequence[int] | None = None) -> Any:
        return self.move(self._ids(ids), None, None)

    # ------------------------------------------------------------------ copies and the trash
    def duplicate(self, ids: Sequence[int] | None = None) -> Any:
        chosen = self._ids(ids)
        service = self._service
        return self._perform(tr("Duplicate"), chosen, lambda: service.duplicate_posts(chosen))

    def delete(self, ids: Sequence[int] | None = None) -> Any:
        chosen = self._ids(ids)
        service = self._service
        applied = self._perform(tr("Delete"), chosen, lambda: service.delete_posts(chosen))
        if applied:
            undo = self.window.commands.undo.shortcut().toString(
                QKeySequence.SequenceFormat.NativeText
            )
            message = tr("Moved {posts} to the trash — {undo} brings them back.")
            posts = count_of(len(chosen), tr("post"), tr("posts"))
            self.window.statusBar().showMessage(message.format(posts=posts, undo=undo), 8000)
        return applied

    # ------------------------------------------------------------------ changing fields
    def set_role(self, role: Role, ids: Sequence[int] | None = None) -> Any:
        chosen = self._ids(ids)
        service = self._service
        return self._perform(tr("Set role"), chosen, lambda: service.set_role(chosen, role))

    def set_status(self, status: Status, ids: Sequence[int] | None = None) -> Any:
        chosen = self._ids(ids)
        service = self._service
        return self._perform(
            tr("Set status"), chosen, lambda: service.update_posts(chosen, {"status": status})
        )

    def set_channel(self, channel: str, ids: Sequence[int] | None = None) -> Any:
        chosen = self._ids(ids)
        service = self._service
        return self._perform(
            tr("Set channel"), chosen, lambda: service.update_posts(chosen, {"channel": channel})
        )

    # ------------------------------------------------------------------ menus
    def role_menu(self, parent: QWidget, ids: Ids | None = None) -> QMenu:
        menu = QMenu(tr("Set r&ole"), parent)
        menu.setObjectName("roleMenu")
        palette = parent.palette()
        for role in Role:
            action = menu.addAction(role_badge(role, palette), role_name(role))
            action.setObjectName(f"setRole{role.value.title()}")
            action.triggered.connect(
                lambda _=False, r=role: self.set_role(r, ids() if ids else None)
            )
        return menu

    def status_menu(self, parent: QWidget, ids: Ids | None = None) -> QMenu:
        menu = QMenu(tr("Set &status"), parent)
        menu.setObjectName("statusMenu")
        for status in Status:
            action = menu.addAction(status_name(status))
            action.setObjectName(f"setStatus{status.value.title()}")
            action.triggered.connect(
                lambda _=False, s=status: self.set_status(s, ids() if ids else None)
            )
        return menu

    def channel_menu(self, parent: QWidget, ids: Ids | None = None) -> QMenu:
        """Filled from the plan's channels each time it opens."""
        menu = QMenu(tr("Set c&hannel"), parent)
        menu.setObjectName("channelMenu")

        def fill() -> None:
            menu.clear()
            names = [c.name for c in self._service.channels()] if self._service else []
            for name in names:
                action = menu.addAction(name.replace("&", "&&"))
                action.triggered.connect(
                    lambda _=False, n=name: self.set_channel(n, ids() if ids else None)
                )
            if not names:
                menu.addAction(tr("(no channels)")).setEnabled(False)

        menu.aboutToShow.connect(fill)
        return menu
