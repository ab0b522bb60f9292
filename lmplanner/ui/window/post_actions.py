"""The window's actions on the selected posts (duplicate, use again, delete, to the backlog, the
day moves) and a drop on the calendar, wired to the operations. The series operations (and what
they import: the recurrence rules, dateutil) load when first used, not for the first paint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lmplanner.ui.operations import posts as ops

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from lmplanner.ui.session import PlanSession
    from lmplanner.ui.window.actions import WindowActions

SelectedIds = Callable[[], list[int]]


def connect_post_actions(
    actions: WindowActions, parent: QWidget, session: PlanSession, selected: SelectedIds
) -> None:
    a = actions
    a.duplicate.triggered.connect(lambda: ops.duplicate_posts(session.document, selected()))
    a.use_again.triggered.connect(lambda: use_again(parent, session, selected()))
    a.delete.triggered.connect(lambda: delete_posts(parent, session, selected()))
    a.to_backlog.triggered.connect(lambda: ops.to_backlog(session.document, selected()))
    for action, days in zip(a.day_moves(), (-1, 1, -7, 7), strict=True):
        action.triggered.connect(lambda _=False, d=days: move_by(parent, session, selected(), d))


def use_again(parent: QWidget, session: PlanSession, ids: list[int]) -> Any:
    from lmplanner.ui.operations import series

    return series.use_again(session.document, parent, ids)


def delete_posts(parent: QWidget, session: PlanSession, ids: list[int]) -> Any:
    from lmplanner.ui.operations import series

    return series.delete_posts(session.document, parent, ids, session.message.emit)


def move_by(parent: QWidget, session: PlanSession, ids: list[int], days: int) -> Any:
    from lmplanner.ui.operations import series

    return series.move_by(session.document, parent, ids, days)


def move_posts(
    parent: QWidget, session: PlanSession, ids: list[int], day: dt.date | None, time: Any
) -> None:
    """A drop on the calendar: one service call, one undo step; KEEP keeps each time. One post
    of a series asks whether its series moves with it; a clash the move makes is said in the
    status bar (a warning: the move stands)."""
    from lmplanner.ui.operations import series
    from lmplanner.ui.operations.templates import warn_clashes

    if series.move_posts(session.document, parent, ids, day, time):
        warn_clashes(session, ids)
