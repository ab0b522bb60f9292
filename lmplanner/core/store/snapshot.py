"""A start-up snapshot of a plan file read with the standard library alone.

SQLAlchemy and SQLModel take over a second to import; the first populated paint of the window
should not wait for them. This module reads just what the first screen shows (one period's posts,
the backlog count, the plan's settings and channel colours) with `sqlite3` in read-only mode, while
the full data layer loads in the background. It is an SQLite-only start-up trick kept in one place;
everything after the first paint goes through the services. A test checks that it returns exactly
what the services return.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lmplanner.core.domain import (
    DATE_MIN,
    BalanceSettings,
    PillarRecord,
    PlanSettings,
    PostRecord,
    Role,
)
from lmplanner.core.post_fields import NAME_FIELDS, POST_SHAPE, Value, row_reader
from lmplanner.core.store.sqlite_file import connect_readonly, inspect_plan_file, nobody_writing


def _posts_query(where: str = "") -> str:
    """The period's live posts with every field of a record, names joined in as text; `where`
    narrows them further."""
    columns = [f"{f.names}.name" if f.names else f"post.{f.column}" for f in POST_SHAPE]
    joins = [
        f"{'JOIN' if f.required else 'LEFT JOIN'} {f.names} ON {f.names}.id = post.{f.column}"
        for f in NAME_FIELDS
    ]
    return "\n".join(
        [
            f"SELECT {', '.join(columns)}",
            "FROM post",
            *joins,
            f"WHERE post.deleted_at IS NULL AND post.date >= ? AND post.date <= ?{where}",
            "ORDER BY post.date, post.time IS NOT NULL, post.time, post.id",
        ]
    )


_POSTS = _posts_query()
# All the lead-in needs (PlanSnapshot.lead_in_of): the rest of those days is a thousand rows more.
_LEADERS_WITH_PILLAR = _posts_query(
    f" AND post.role = '{Role.LEADER}' AND post.pillar_id IS NOT NULL"
)
# How SQLite's text comes back as Python values; other fields are read as they are.
_FROM_TEXT: dict[Value, Callable[[str], Any]] = {
    Value.DATE: dt.date.fromisoformat,
    Value.TIME: dt.time.fromisoformat,
    # Stamps are stored as naive UTC text: the offset appended is parsed with them, a quarter of
    # the snapshot's reading time less than setting it on the parsed value afterwards.
    Value.STAMP: lambda text: dt.datetime.fromisoformat(text + "+00:00"),
}
_post = row_reader(_FROM_TEXT)


@dataclass(frozen=True, slots=True)
class PlanSnapshot:
    settings: PlanSettings
    start: dt.date
    end: dt.date
    posts: list[PostRecord]
    backlog: int
    channel_colors: dict[str, str] = field(default_factory=dict)
    pillars: list[PillarRecord] = field(default_factory=list)
    # Leader posts with a pillar in the `pillar_lead_days` before `start`: with the posts from
    # `start` on, they give any shown period's lead-in, as the attached plan's balance reads it.
    lead_in: list[PostRecord] = field(default_factory=list)

    def lead_in_of(self, period_start: dt.date) -> list[PostRecord]:
        """Leader posts with a pillar in the lead days before a period starting in the snapshot."""
        first = period_start - dt.timedelta(days=self.settings.balance.pillar_lead_days)
        return [
            p
            for p in (*self.lead_in, *self.posts)
            if p.role is Role.LEADER and p.pillar and p.date and first <= p.date < period_start
        ]


# The days a calendar shows when its weeks start on a day (0 Monday … 6 Sunday).
DaysFor = Callable[[int], tuple[dt.date, dt.date]]


def read_snapshot(
    path: Path, start: dt.date, end: dt.date, *, days_for: DaysFor | None = None
) -> PlanSnapshot | None:
    """The period's posts and the plan's settings, or None when the file is not a plan this
    version can read as it is (missing, foreign, newer, older): the caller then opens it the
    normal way, which explains or upgrades. With `days_for`, the posts of the days it gives for
    the plan's first day of the week (read in the same transaction) replace start … end."""
    from lmplanner.core.errors import PlanFileError
    from lmplanner.core.store.migrations import HEAD

    if not path.is_file():
        return None
    try:
        info = inspect_plan_file(path)
    except PlanFileError:
        return None
    if info.revision != HEAD:
        return None
    try:
        conn = connect_readonly(path, immutable=nobody_writing(path))
    except sqlite3.Error:
        return None
    try:
        return _read(conn, start, end, days_for)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()


def _read(
    conn: sqlite3.Connection, start: dt.date, end: dt.date, days_for: DaysFor | None = None
) -> PlanSnapshot:
    conn.execute("BEGIN")  # one consistent read
    row = conn.execute(
        "SELECT uuid, name, timezone, first_weekday, band_low, band_high, min_posts, "
        "promotion_max, drought_days, drought_week_min_posts, channel_min_posts, backup_keep, "
        "trash_days, untied_max, pillar_lead_days, pillar_tolerance, vision, "
        "history_days, require_approval, clash_minutes, country, region FROM plan WHERE id = 1"
    ).fetchone()
    settings = PlanSettings(
        uuid=row[0],
        name=row[1],
        timezone=row[2],
        balance=BalanceSettings(
            first_weekday=row[3],
            band_low=row[4],
            band_high=row[5],
            min_posts=row[6],
            promotion_max=row[7],
            drought_days=row[8],
            drought_week_min_posts=row[9],
            channel_min_posts=row[10],
            untied_max=row[13],
            pillar_lead_days=row[14],
            pillar_tolerance=row[15],
            clash_minutes=row[19],
        ),
        backup_keep=row[11],
        trash_days=row[12],
        vision=row[16],
        history_days=row[17],
        require_approval=bool(row[18]),
        country=row[20],
        region=row[21],
    )
    if days_for is not None:
        start, end = days_for(settings.balance.first_weekday)
    posts = [_post(r) for r in conn.execute(_POSTS, (start.isoformat(), end.isoformat()))]
    backlog = conn.execute(
        "SELECT count(*) FROM post WHERE date IS NULL AND deleted_at IS NULL"
    ).fetchone()[0]
    colors = {name: color for name, color in conn.execute("SELECT name, color FROM channel")}
    pillars = [
        PillarRecord(pid, name, color, description, None if target is None else target / 100, pos)
        for pid, name, color, description, target, pos in conn.execute(
            "SELECT id, name, color, description, target, position FROM pillar "
            "ORDER BY position, name_key"
        )
    ]
    lead_in: list[PostRecord] = []
    if pillars:
        days = dt.timedelta(days=settings.balance.pillar_lead_days)
        first = max(start - days, DATE_MIN)
        window = (first.isoformat(), (start - dt.timedelta(days=1)).isoformat())
        lead_in = [_post(r) for r in conn.execute(_LEADERS_WITH_PILLAR, window)]
    conn.execute("COMMIT")
    return PlanSnapshot(settings, start, end, posts, int(backlog), colors, pillars, lead_in)


def count_in_review(path: Path) -> int | None:
    """Posts waiting for review (the status bar's count), or None when the file cannot be read.
    Apart from read_snapshot: it scans the whole post table, which the first paint need not wait
    for."""
    try:  # the file may have gone or become unreadable since the first paint
        conn = connect_readonly(path, immutable=nobody_writing(path))
    except (sqlite3.Error, OSError):
        return None
    try:
        row = conn.execute(
            "SELECT count(*) FROM post WHERE status = 'in-review' AND deleted_at IS NULL"
        ).fetchone()
        return int(row[0])
    except (sqlite3.Error, OSError):
        return None
    finally:
        conn.close()
