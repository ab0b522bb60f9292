"""What can be done to posts of recurring series: a move, a drop or a delete of one of them asks
which posts it reaches (this one, this and the following, the whole series); "Use again" seeds a
series from a post. Each is one service call through the document, so one undo step.

A change to several posts at once does not ask: the moved posts leave their series (they no
longer fall on its days), deleted ones go to the trash like any post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from lmplanner.core.errors import NotFoundError
from lmplanner.core.keep import KEEP
from lmplanner.core.series import Scope
from lmplanner.ui.dates import day_text
from lmplanner.ui.dialogs.series_dialogs import UseAgainDialog, ask_scope
from lmplanner.ui.operations import posts as ops

if TYPE_CHECKING:
    from lmplanner.core.domain import PostRecord
    from lmplanner.ui.document import PlanDocument

DETACH = {"series_id": None}


def tr(text: str) -> str:
    return QCoreApplication.translate("SeriesOperations", text)


def occurrence(document: PlanDocument | None, ids: Sequence[int]) -> PostRecord | None:
    """The one post of a series a change is about (None for several posts or none of a series)."""
    if document is None or len(ids) != 1:
        return None
    try:
        post = document.service.post(ids[0])
    except NotFoundError:
        return None
    return post if post.series is not None else None


def move_posts(
    document: PlanDocument | None,
    parent: QWidget,
    ids: Sequence[int],
    day: dt.date | None,
    time: Any = KEEP,
) -> Any:
    """A drop or a move to a day (None: the backlog). One post of a series asks how far the move
    reaches; to the backlog it goes alone."""
    chosen = list(ids)
    post = occurrence(document, chosen)
    if post is None or day is None or post.date is None:
        return ops.perform(
            document,
            tr("Move"),
            chosen,
            lambda s: s.move_posts(chosen, to_date=day, time=time, also=DETACH),
        )
    if day == post.date and (time is KEEP or time == post.time):
        return None
    scope = ask_scope(parent, tr("Move"), post.title)
    if scope is None or document is None:
        return None
    return ops.perform(
        document,
        tr("Move"),
        chosen,
        lambda s: document.service.move_occurrence(post.id, day, scope, time=time),
    )


def move_by(document: PlanDocument | None, parent: QWidget, ids: Sequence[int], days: int) -> Any:
    post = occurrence(document, list(ids))
    if post is None or post.date is None:
        chosen = list(ids)
        return ops.perform(
            document,
            tr("Move"),
            chosen,
            lambda s: s.move_posts(chosen, by_days=days, also=DETACH),
        )
    try:
        day = post.date + dt.timedelta(days=days)
    except OverflowError:
        return None
    return move_posts(document, parent, ids, day)


def delete_posts(
    document: PlanDocument | None,
    parent: QWidget,
    ids: Sequence[int],
    notify: ops.Notify | None = None,
) -> Any:
    """To the trash; one post of a series asks whether its series goes with it."""
    post = occurrence(document, list(ids))
    if post is None:
        return ops.delete_posts(document, ids, notify)
    scope = ask_scope(parent, tr("Delete"), post.title)
    if scope is None or document is None:
        return None
    if scope is Scope.THIS:
        return ops.delete_posts(document, ids, notify)
    applied = ops.perform(
        document,
        tr("Delete"),
        [post.id],
        lambda s: document.service.delete_occurrence(post.id, scope),
    )
    if applied and notify is not None:
        notify(tr("Moved the series' posts to the trash — Undo brings them back."), 8000)
    return applied


def use_again(document: PlanDocument | None, parent: QWidget, ids: Sequence[int]) -> Any:
    """ "Use again": copies of one dated post every N days, K times (a series seeded from it)."""
    if document is None or document.readonly or len(ids) != 1:
        return None
    try:
        post = document.service.post(ids[0])
    except NotFoundError:
        return None
    if post.date is None:
        from lmplanner.ui.dialogs.common import error_box

        error_box(parent, tr("Use again"), tr("Give the post a date before using it again."))
        return None
    dialog = UseAgainDialog(parent, post.title, post.date)
    try:
        if not dialog.exec():
            return None
        every, times = dialog.every.value(), dialog.times.value()
    finally:
        dialog.deleteLater()
    return ops.perform(
        document,
        tr("Use again"),
        [post.id],
        lambda s: document.service.use_again(post.id, every, times),
    )


def restore_skipped_day(document: PlanDocument | None, series_id: int, day: dt.date) -> Any:
    """A day the series skips gets its post back (when the series has made its posts that
    far): one service call, one undo step. None when nothing was written."""
    if document is None or document.readonly:
        return None
    service = document.service
    # The undo text names the day as the app writes days, not the service's ISO history label.
    try:
        title = service.series(series_id).title
    except NotFoundError:  # gone meanwhile: the service says so; the step has no title to name
        label = tr("Restore {day}").format(day=day_text(day))
    else:
        label = tr("Restore {day} to “{title}”").format(day=day_text(day), title=title)
    return document.perform(
        label, lambda: replace(service.restore_skipped_day(series_id, day), label=label)
    )
