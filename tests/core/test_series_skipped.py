"""Days a series skips (a calendar's EXDATEs): restoring one makes its post again, as one undo
step; a day it does not skip is refused, a day past the posts made so far waits for the horizon."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from lmplanner.core.errors import ValidationError
from lmplanner.core.series import Scope, SeriesRule
from lmplanner.core.services import PostDraft, SeriesService

MON = dt.date(2026, 11, 2)
SKIPPED = (dt.date(2026, 11, 9), dt.date(2026, 11, 23))


@pytest.fixture
def series_service(plan: Any) -> Iterator[SeriesService]:
    yield SeriesService(plan)


def weekly_skipping(service: SeriesService, skip: tuple[dt.date, ...] = SKIPPED) -> int:
    draft = PostDraft(title="Monday tip", role="manager", channel="Blog", time=dt.time(9, 0))
    rule = SeriesRule.every(1, "weekly", MON, weekdays=(0,), count=6)
    return service.add_series(draft, rule, skip=skip).keys("series")[0]


def seen(service: SeriesService, series_id: int) -> tuple[Any, ...]:
    """The series' skipped days and its live posts' days, titles and times."""
    posts = [(p.date, p.title, p.time) for p in service.posts(order="date") if p.series]
    return service.series(series_id).skipped, tuple(posts)


def test_restoring_a_skipped_day_makes_its_post_again_in_one_undo_step(
    series_service: SeriesService,
) -> None:
    service = series_service
    series_id = weekly_skipping(service)
    before = seen(service, series_id)
    assert before[0] == SKIPPED and len(before[1]) == 4
    changes = service.restore_skipped_day(series_id, SKIPPED[0])
    skipped, posts = seen(service, series_id)
    assert skipped == SKIPPED[1:]
    assert (SKIPPED[0], "Monday tip", dt.time(9, 0)) in posts and len(posts) == 5
    made = [p for p in service.posts() if p.date == SKIPPED[0]]
    assert changes.focus == (made[0].id,) and made[0].series == series_id
    after = seen(service, series_id)
    undone = service.apply(changes.inverse())
    assert seen(service, series_id) == before
    service.apply(undone.inverse())
    assert seen(service, series_id) == after


def test_a_day_the_series_does_not_skip_is_refused(series_service: SeriesService) -> None:
    service = series_service
    series_id = weekly_skipping(service)
    before = seen(service, series_id)
    with pytest.raises(ValidationError, match="does not skip 2026-11-16"):
        service.restore_skipped_day(series_id, dt.date(2026, 11, 16))
    assert seen(service, series_id) == before


def test_a_day_past_the_posts_made_so_far_leaves_the_list_and_waits(
    series_service: SeriesService,
) -> None:
    service = series_service
    far = dt.date(2036, 1, 7)  # a Monday long after the plan's horizon
    draft = PostDraft(title="Open tip", role="manager", channel="Blog")
    rule = SeriesRule.every(1, "weekly", MON, weekdays=(0,))  # for good
    series_id = service.add_series(draft, rule, skip=(far,)).keys("series")[0]
    made = service.series(series_id).generated_until
    assert made is not None and made < far
    count = service.count_posts()
    changes = service.restore_skipped_day(series_id, far)
    assert service.series(series_id).skipped == () and service.count_posts() == count
    assert changes.focus == ()


def days_of(service: SeriesService) -> dict[int, tuple[tuple[dt.date, ...], tuple[dt.date, ...]]]:
    """Each series' skipped days as listed and as stored (its row's skip_dates)."""
    from sqlalchemy import text

    from lmplanner.core.series import skipped_days

    with service.plan.read() as conn:
        rows = conn.execute(text("SELECT id, skip_dates FROM series")).mappings()
        stored = {r["id"]: skipped_days(r) for r in rows}
    return {s.id: (s.skipped, stored[s.id]) for s in service.all_series()}


def test_a_split_series_keeps_each_skipped_day_in_its_own_half(
    series_service: SeriesService,
) -> None:
    service = series_service
    late = dt.date(2026, 12, 7)  # the sixth Monday of the series
    first = weekly_skipping(service, (SKIPPED[0], late))
    service.edit_series(first, {"title": "New"}, from_date=dt.date(2026, 11, 16))
    second = max(days_of(service))
    assert days_of(service) == {first: ((SKIPPED[0],),) * 2, second: ((late,),) * 2}
    count = service.count_posts()
    for series_id, day in ((first, late), (second, SKIPPED[0])):
        with pytest.raises(ValidationError, match=f"never posts on {day}"):
            service.restore_skipped_day(series_id, day)
    assert service.count_posts() == count
    service.restore_skipped_day(second, late)
    assert [p.series for p in service.posts() if p.date == late] == [second]


def test_ending_moving_and_changing_a_series_drop_days_its_rule_no_longer_makes(
    series_service: SeriesService,
) -> None:
    service = series_service
    series_id = weekly_skipping(service)  # Mondays from 2 Nov, 6 of them; skips 9 and 23 Nov
    service.delete_series(series_id, from_date=dt.date(2026, 11, 16))  # ends on 15 Nov
    assert days_of(service) == {series_id: ((SKIPPED[0],),) * 2}

    other = weekly_skipping(service)
    third = service.posts(order="date")
    on_16 = next(p for p in third if p.series == other and p.date == dt.date(2026, 11, 16))
    # This and following a day later: the later half's skipped Monday becomes a Tuesday.
    service.move_occurrence(on_16.id, dt.date(2026, 11, 17), Scope.FOLLOWING)
    later = max(days_of(service))
    assert days_of(service)[other] == ((SKIPPED[0],),) * 2
    assert days_of(service)[later] == ((dt.date(2026, 11, 24),),) * 2

    tuesdays = SeriesRule.every(1, "weekly", MON, weekdays=(1,), count=6)
    service.edit_series(other, {}, rule=tuesdays)
    assert days_of(service)[other] == ((), ())


def test_a_stored_day_the_rule_never_makes_is_not_listed_and_not_restored(
    series_service: SeriesService,
) -> None:
    service = series_service
    tuesday, after_count = dt.date(2026, 11, 10), dt.date(2026, 12, 14)
    series_id = weekly_skipping(service, (SKIPPED[0], tuesday, after_count))
    assert service.series(series_id).skipped == (SKIPPED[0],)
    before = seen(service, series_id)
    for day in (tuesday, after_count, dt.date(2026, 10, 26)):
        with pytest.raises(ValidationError, match="its rule does not reach that day"):
            service.restore_skipped_day(series_id, day)
    assert seen(service, series_id) == before
