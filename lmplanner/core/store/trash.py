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
    """Remove posts deleted before `older_than` for good, in the caller's write transaction,
    and a series whose last post that was once it has nothing left to make; returns how many
    posts went."""
    from sqlalchemy import delete, select

    from lmplanner.core.store.schema import table

    post = table("post")
    expired = (post.c.deleted_at.is_not(None), post.c.deleted_at < older_than)
    touched = select(post.c.series_id).where(*expired, post.c.series_id.is_not(None)).distinct()
    series_ids = [row[0] for row in conn.execute(touched)]
    result = conn.execute(delete(post).where(*expired))
    drop_spent_series(conn, series_ids)
    return int(result.rowcount or 0)


def drop_spent_series(conn: Connection, series_ids: list[int]) -> int:
    """Remove those of `series_ids` that hold no post, live or trashed, and will make none: a
    deleted series, or one whose rule has no day it does not skip after the last it made. An
    open-ended series keeps its row (the upkeep goes on making its posts). Returns how many
    went."""
    from sqlalchemy import delete, exists, select

    from lmplanner.core.domain import DATE_MAX
    from lmplanner.core.series import next_series_day
    from lmplanner.core.store.schema import table

    if not series_ids:
        return 0
    series, post = table("series"), table("post")
    empty = ~exists().where(post.c.series_id == series.c.id)
    query = select(series).where(series.c.id.in_(series_ids), empty)
    spent = []
    for row in [dict(r) for r in conn.execute(query).mappings()]:
        made = row["generated_until"]
        after = made + dt.timedelta(days=1) if made is not None else row["start_date"]
        if row["deleted_at"] is not None or next_series_day(row, after, DATE_MAX) is None:
            spent.append(row["id"])
    if spent:
        conn.execute(delete(series).where(series.c.id.in_(spent)))
    return len(spent)


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
