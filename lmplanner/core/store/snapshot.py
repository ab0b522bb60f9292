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
from dataclasses import dataclass, field
from pathlib import Path

from lmplanner.core.domain import BalanceSettings, Kind, PlanSettings, PostRecord, Role, Status
from lmplanner.core.store.sqlite_file import connect_readonly, inspect_plan_file, nobody_writing

_POSTS = """
SELECT post.id, post.title, post.role, channel.name, post.date, post.time, post.body, post.kind,
       post.status, person.name, campaign.name, post.link, post.notes, post.version,
       post.role_suggested, post.created_at, post.updated_at
FROM post
JOIN channel ON channel.id = post.channel_id
LEFT JOIN person ON person.id = post.author_id
LEFT JOIN campaign ON campaign.id = post.campaign_id
WHERE post.deleted_at IS NULL AND post.date >= ? AND post.date <= ?
ORDER BY post.date, post.time IS NOT NULL, post.time, post.id
"""


@dataclass(frozen=True, slots=True)
class PlanSnapshot:
    settings: PlanSettings
    start: dt.date
    end: dt.date
    posts: list[PostRecord]
    backlog: int
    channel_colors: dict[str, str] = field(default_factory=dict)


def _stamp(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def read_snapshot(path: Path, start: dt.date, end: dt.date) -> PlanSnapshot | None:
    """The period's posts and the plan's settings, or None when the file is not a plan this
    version can read as it is (missing, foreign, newer, older): the caller then opens it the
    normal way, which explains or upgrades."""
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
        return _read(conn, start, end)
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, start: dt.date, end: dt.date) -> PlanSnapshot:
    conn.execute("BEGIN")  # one consistent read
    row = conn.execute(
        "SELECT uuid, name, timezone, first_weekday, band_low, band_high, min_posts, "
        "promotion_max, drought_days, drought_week_min_posts, channel_min_posts, backup_keep, "
        "trash_days FROM plan WHERE id = 1"
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
        ),
        backup_keep=row[11],
        trash_days=row[12],
    )
    posts = [
        PostRecord(
            id=r[0],
            title=r[1],
            role=Role(r[2]),
            channel=r[3],
            date=dt.date.fromisoformat(r[4]),
            time=dt.time.fromisoformat(r[5]) if r[5] else None,
            body=r[6],
            kind=Kind(r[7]) if r[7] else None,
            status=Status(r[8]),
            author=r[9],
            campaign=r[10],
            link=r[11],
            notes=r[12],
            version=r[13],
            role_suggested=bool(r[14]),
            created_at=_stamp(r[15]),
            updated_at=_stamp(r[16]),
        )
        for r in conn.execute(_POSTS, (start.isoformat(), end.isoformat()))
    ]
    backlog = conn.execute(
        "SELECT count(*) FROM post WHERE date IS NULL AND deleted_at IS NULL"
    ).fetchone()[0]
    colors = {name: color for name, color in conn.execute("SELECT name, color FROM channel")}
    conn.execute("COMMIT")
    return PlanSnapshot(settings, start, end, posts, int(backlog), colors)
