"""Keeping recurring series filled up to the plan's horizon.

Both kinds of plan run this before the first write of a session, never on a read: opening or
looking at a plan changes nothing in it. It runs inside the plan's write lock and only creates
the days after each series' `generated_until`, moving that mark in the same transaction, so two
windows doing it at once create each occurrence once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def plan_today(timezone: str) -> dt.date:
    """Today in the plan's time zone (UTC when the zone is unknown here)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone: dt.tzinfo = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.UTC
    return dt.datetime.now(zone).date()


def extend_open_series(conn: Connection, today: dt.date | None = None) -> int:
    """Create the occurrences every live series lacks up to the horizon, in the caller's write
    transaction; returns how many posts were created."""
    from sqlalchemy import insert, select, update

    from lmplanner.core.series import horizon_end, occurrence_rows, series_dates
    from lmplanner.core.store.schema import table

    plan = table("plan")
    series = table("series")
    post = table("post")
    timezone, months = conn.execute(
        select(plan.c.timezone, plan.c.series_horizon_months).where(plan.c.id == 1)
    ).one()
    today = today or plan_today(timezone)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    created = 0
    live = select(series).where(series.c.deleted_at.is_(None))
    for row in [dict(r) for r in conn.execute(live).mappings()]:
        end = horizon_end(today, int(months), row["start_date"])
        done = row["generated_until"]
        if done is not None and done >= end:
            continue
        rows = occurrence_rows(row, series_dates(row, done, end), now)
        if rows:
            conn.execute(insert(post), rows)
        # The mark moves without a new version: it is upkeep, not anybody's edit.
        conn.execute(update(series).where(series.c.id == row["id"]).values(generated_until=end))
        created += len(rows)
    return created
