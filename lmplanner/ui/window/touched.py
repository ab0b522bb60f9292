"""What one change set touched, so the window refreshes that and no more: a calendar's posts are
patched by id instead of the whole visible range read again, and the backlog is left alone when
no undated post changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lmplanner.core.errors import NotFoundError

if TYPE_CHECKING:
    from lmplanner.core.changes import ChangeSet
    from lmplanner.core.domain import PostRecord
    from lmplanner.core.services import PlanService

# Past this many posts one read of the visible range is cheaper than one read per post.
PATCH_MAX = 40


def only_posts(changes: ChangeSet | None) -> bool:
    """True when `changes` is known row by row and touches posts alone (no names, settings or
    outside change, whose effects reach every post shown)."""
    if changes is None or not changes.changes:
        return False
    # An OutsideChange claims every table: it never passes.
    return changes.tables() == {"post"}


def touches_backlog(changes: ChangeSet) -> bool:
    """True when a post without a date was added, changed, dated or removed."""
    for change in changes.changes:
        if change.table != "post":
            continue
        for row in (change.before, change.after):
            if row is not None and row.get("date") is None:
                return True
    return False


def patched_posts(
    shown: Sequence[PostRecord],
    changes: ChangeSet,
    service: PlanService,
    span: tuple[dt.date, dt.date],
) -> list[PostRecord] | None:
    """The posts a calendar showing `shown` over `span` shows after `changes`, each changed post
    read again through the service; None when a full read is due (too many posts changed)."""
    ids = list(dict.fromkeys(changes.post_ids))
    if len(ids) > PATCH_MAX:
        return None
    start, end = span
    by_id = {post.id: post for post in shown}
    for post_id in ids:
        by_id.pop(post_id, None)
        try:
            post = service.post(post_id)
        except NotFoundError:  # deleted (to the trash or for good)
            continue
        if post.date is not None and start <= post.date <= end:
            by_id[post_id] = post
    return list(by_id.values())
