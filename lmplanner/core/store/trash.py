"""Emptying the trash: deleted posts stay restorable for a while, then go for good.

The one statement that removes trashed posts, used by the service's "empty trash" and by both
kinds of plan before their first write of each day (the plan's `trash_days` setting).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

#: Days a deleted post stays in the trash when the plan's setting cannot be read.
DEFAULT_TRASH_DAYS = 30


def purge_trash(conn: Connection, older_than: dt.datetime) -> int:
    """Remove posts deleted before `older_than` for good, in the caller's write transaction;
    returns how many."""
    from sqlalchemy import delete

    from lmplanner.core.store.schema import table

    post = table("post")
    result = conn.execute(
        delete(post).where(post.c.deleted_at.is_not(None), post.c.deleted_at < older_than)
    )
    return int(result.rowcount or 0)


def purge_expired_trash(conn: Connection) -> int:
    """Remove posts that have been in the trash longer than the plan's `trash_days`."""
    from sqlalchemy import select

    from lmplanner.core.store.schema import table

    plan = table("plan")
    days = conn.execute(select(plan.c.trash_days).where(plan.c.id == 1)).scalar()
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=int(days or DEFAULT_TRASH_DAYS))
    return purge_trash(conn, cutoff)
