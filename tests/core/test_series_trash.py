"""A series goes with its last post when the trash is emptied, unless it still has days to make:
an ended or deleted series leaves no row behind, an open-ended one keeps making its posts, and a
deleted open-ended series never comes back through the upkeep."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lmplanner.core.series import Scope, SeriesRule
from lmplanner.core.services import PostDraft, SeriesService
from lmplanner.core.store.series_upkeep import extend_open_series

MON = dt.date(2026, 1, 5)
LATER = dt.date(2031, 1, 1)  # a day whose horizon lies far past what the series made


@pytest.fixture
def service(plan: Any) -> SeriesService:
    return SeriesService(plan)


def add(service: SeriesService, **ends: Any) -> int:
    rule = SeriesRule.every(1, "weekly", MON, **ends)
    draft = PostDraft(title="Tip", role="manager", channel="Blog", time=dt.time(9))
    return service.add_series(draft, rule).keys("series")[0]


def empty_trash(service: SeriesService) -> int:
    return service.purge_trash(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))


def rows(service: SeriesService, table: str) -> int:
    """Rows of `table` as the plan holds them, trashed and deleted ones too (not through the
    services, which leave those out; the same on SQLite and PostgreSQL)."""
    from sqlalchemy import func, select

    from lmplanner.core.store.schema import table as table_of

    with service.plan.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table_of(table))).scalar_one())


def upkeep(service: SeriesService, today: dt.date) -> int:
    with service.plan.write() as conn:
        return extend_open_series(conn, today=today)


def ids(service: SeriesService) -> list[int]:
    return [p.id for p in service.posts()]


@pytest.mark.parametrize(
    "ends", [{"count": 3}, {"until": MON + dt.timedelta(weeks=2)}], ids=["count", "until"]
)
def test_an_ended_series_goes_with_its_last_post(
    service: SeriesService, ends: dict[str, Any]
) -> None:
    sid = add(service, **ends)
    service.delete_posts(ids(service))  # one by one: the series itself stays live
    assert service.series(sid).occurrences == 0
    assert empty_trash(service) == 3
    assert rows(service, "post") == 0 and rows(service, "series") == 0
    assert service.all_series() == []


def test_an_open_ended_series_deleted_whole_never_comes_back(service: SeriesService) -> None:
    sid = add(service)
    first = service.posts(order="date")[0].id
    service.delete_occurrence(first, Scope.ALL)
    made = rows(service, "post")
    assert made > 50 and service.all_series() == []
    assert empty_trash(service) == made
    assert rows(service, "series") == 0
    assert upkeep(service, LATER) == 0
    assert rows(service, "post") == 0 and service.all_series() == []
    with pytest.raises(Exception, match=f"no series {sid}"):
        service.series(sid)


def test_an_open_ended_series_keeps_making_posts_after_its_posts_are_purged(
    service: SeriesService,
) -> None:
    """Posts deleted one by one are the person's choice for those days, not the series' end."""
    sid = add(service)
    made = len(ids(service))
    last = max(p.date for p in service.posts() if p.date)
    service.delete_posts(ids(service))
    assert empty_trash(service) == made
    assert rows(service, "series") == 1
    assert upkeep(service, LATER) > 0
    assert service.series(sid).occurrences == len(ids(service)) > 0
    assert min(p.date for p in service.posts() if p.date) == last + dt.timedelta(weeks=1)


def test_a_series_with_a_post_left_stays(service: SeriesService) -> None:
    sid = add(service, count=3)
    posts = service.posts(order="date")
    service.delete_posts([p.id for p in posts[1:]])
    assert empty_trash(service) == 2
    assert service.series(sid).occurrences == 1 and rows(service, "series") == 1


def test_a_series_whose_posts_are_still_in_the_trash_stays(service: SeriesService) -> None:
    add(service, count=3)
    first = service.posts(order="date")[0].id
    service.delete_occurrence(first, Scope.ALL)
    assert service.purge_trash(dt.datetime.now(dt.UTC) - dt.timedelta(days=1)) == 0
    assert rows(service, "series") == 1 and rows(service, "post") == 3


def test_the_early_part_of_a_series_ended_by_delete_following_goes_too(
    service: SeriesService,
) -> None:
    """Delete › This and following ends the series; once its first posts go, so does it."""
    add(service)
    posts = service.posts(order="date")
    service.delete_occurrence(posts[2].id, Scope.FOLLOWING)
    service.delete_posts([p.id for p in posts[:2]])
    empty_trash(service)
    assert rows(service, "series") == 0 and rows(service, "post") == 0
    assert upkeep(service, LATER) == 0


@pytest.mark.parametrize("skip_all", [True, False], ids=["all-skipped", "one-left"])
def test_a_series_whose_days_left_are_all_skipped_goes(
    service: SeriesService, skip_all: bool
) -> None:
    """An imported series skips its calendar's EXDATEs: when every day it has yet to make is one
    of them, it will make nothing more and goes with its last post; one day left keeps it."""
    from sqlalchemy import update

    from lmplanner.core.series import skip_text
    from lmplanner.core.store.schema import table

    sid = add(service, count=150)  # weekly from 2026: the horizon stops well before the last
    made = service.series(sid).generated_until
    assert made is not None
    rest = service.series(sid).rule.dates(made, LATER)
    assert rest and len(rest) < 150
    skipped = rest if skip_all else rest[:-1]
    with service.plan.write() as conn:
        series = table("series")
        conn.execute(update(series).where(series.c.id == sid).values(skip_dates=skip_text(skipped)))
    service.delete_posts(ids(service))
    empty_trash(service)
    assert rows(service, "series") == (0 if skip_all else 1)
