"""What can be done to posts: move, send to the backlog, duplicate, delete, and change role,
status or channel. Each is one service call through the document, so one undo step, whatever the
number of posts; the caller passes the ids (its selection). None when nothing was done.

Menus for role, status and channel are built here so every place offers the same ones.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from lmplanner.core.domain import Role, Status
from lmplanner.core.keep import KEEP
from lmplanner.ui.badges import role_badge
from lmplanner.ui.theme import role_name
from lmplanner.ui.views.post_text import status_name

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.core.services import PlanService
    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.session import PlanSession

Ids = Callable[[], list[int]]
Notify = Callable[[str, int], None]  # a status-bar message and how long it stays (ms)
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


def perform(
    document: PlanDocument | None,
    label: str,
    ids: Sequence[int],
    fn: Callable[[PlanService], ChangeSet],
) -> Any:
    """One undoable change to `ids` (nothing without ids, a plan, or in a read-only plan)."""
    if not ids or document is None or document.readonly:
        return None
    service = document.service
    with busy(len(ids)):
        return document.perform(label, lambda: fn(service))


# ---------------------------------------------------------------------- moving
def move_posts(
    document: PlanDocument | None, ids: Sequence[int], day: dt.date | None, time: Any = KEEP
) -> Any:
    """A drop: to a day (KEEP keeps each time; a week-view drop gives one) or, with no day,
    to the backlog."""
    chosen = list(ids)
    return perform(
        document, tr("Move"), chosen, lambda s: s.move_posts(chosen, to_date=day, time=time)
    )


def move_by(document: PlanDocument | None, ids: Sequence[int], days: int) -> Any:
    chosen = list(ids)
    return perform(document, tr("Move"), chosen, lambda s: s.move_posts(chosen, by_days=days))


def to_backlog(document: PlanDocument | None, ids: Sequence[int]) -> Any:
    return move_posts(document, ids, None, None)


# ---------------------------------------------------------------------- copies and the trash
def duplicate_posts(document: PlanDocument | None, ids: Sequence[int]) -> Any:
    chosen = list(ids)
    return perform(document, tr("Duplicate"), chosen, lambda s: s.duplicate_posts(chosen))


def delete_posts(
    document: PlanDocument | None, ids: Sequence[int], notify: Notify | None = None
) -> Any:
    """To the trash; `notify` (a status bar) hears where they went and the way back."""
    chosen = list(ids)
    applied = perform(document, tr("Delete"), chosen, lambda s: s.delete_posts(chosen))
    if applied and notify is not None:
        # The window's Undo action has the platform's first Undo binding as its shortcut.
        undo = QKeySequence(QKeySequence.StandardKey.Undo)
        message = (
            tr("Moved {n} post to the trash — {undo} brings it back.")
            if len(chosen) == 1
            else tr("Moved {n} posts to the trash — {undo} brings them back.")
        )
        keys = undo.toString(QKeySequence.SequenceFormat.NativeText)
        notify(message.format(n=len(chosen), undo=keys), 8000)
    return applied


# ---------------------------------------------------------------------- changing fields
def set_role(document: PlanDocument | None, ids: Sequence[int], role: Role) -> Any:
    chosen = list(ids)
    return perform(document, tr("Set role"), chosen, lambda s: s.set_role(chosen, role))


def set_status(document: PlanDocument | None, ids: Sequence[int], status: Status) -> Any:
    chosen = list(ids)
    return perform(
        document, tr("Set status"), chosen, lambda s: s.update_posts(chosen, {"status": status})
    )


def set_channel(document: PlanDocument | None, ids: Sequence[int], channel: str) -> Any:
    chosen = list(ids)
    return perform(
        document,
        tr("Set channel"),
        chosen,
        lambda s: s.update_posts(chosen, {"channel": channel}),
    )


# ---------------------------------------------------------------------- menus
def role_menu(parent: QWidget, session: PlanSession, ids: Ids) -> QMenu:
    menu = QMenu(tr("Set r&ole"), parent)
    menu.setObjectName("roleMenu")
    palette = parent.palette()
    for role in Role:
        action = menu.addAction(role_badge(role, palette), role_name(role))
        action.setObjectName(f"setRole{role.value.title()}")
        action.triggered.connect(lambda _=False, r=role: set_role(session.document, ids(), r))
    return menu


def status_menu(parent: QWidget, session: PlanSession, ids: Ids) -> QMenu:
    menu = QMenu(tr("Set &status"), parent)
    menu.setObjectName("statusMenu")
    for status in Status:
        action = menu.addAction(status_name(status))
        action.setObjectName(f"setStatus{status.value.title()}")
        action.triggered.connect(lambda _=False, s=status: set_status(session.document, ids(), s))
    return menu


def channel_menu(parent: QWidget, session: PlanSession, ids: Ids) -> QMenu:
    """Filled from the plan's channels each time it opens."""
    menu = QMenu(tr("Set c&hannel"), parent)
    menu.setObjectName("channelMenu")

    def fill() -> None:
        menu.clear()
        service = session.service
        names = [c.name for c in service.channels()] if service else []
        for name in names:
            action = menu.addAction(name.replace("&", "&&"))
            action.triggered.connect(
                lambda _=False, n=name: set_channel(session.document, ids(), n)
            )
        if not names:
            menu.addAction(tr("(no channels)")).setEnabled(False)

    menu.aboutToShow.connect(fill)
    return menu
