"""Emptying the trash and trimming the history: old things go at the first write of a day.

Deleted posts stay restorable for a while, then go for good (the plan's `trash_days` setting);
the change history is kept for `history_days`. The one statement that removes trashed posts is
also the service's "empty trash".
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


def trim_history(conn: Connection) -> int:
    """Remove entries older than the plan's `history_days`, in the caller's write transaction
    (the first write of each day); returns how many went."""
    from sqlalchemy import delete, select

    from lmplanner.core.store.schema import table

    plan, history, links = table("plan"), table("history"), table("history_post")
    days = conn.execute(select(plan.c.history_days).where(plan.c.id == 1)).scalar()
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=int(days or 365))
    old = select(history.c.id).where(history.c.at < cutoff)
    conn.execute(delete(links).where(links.c.history_id.in_(old)))
    return int(conn.execute(delete(history).where(history.c.at < cutoff)).rowcount or 0)


def daily_cleanup(conn: Connection) -> int:
    """The first write of a day's clean-up: expired trash, then old history; returns how many
    posts left the trash (a team plan tells the other members)."""
    purged = purge_expired_trash(conn)
    trim_history(conn)
    return purged
