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


def test_moving_a_monthly_series_takes_each_skipped_day_and_post_to_the_same_place(
    series_service: SeriesService,
) -> None:
    service = series_service
    # The 2nd Tuesday, four times from March 2026; April's (the 14th) skipped.
    rule = SeriesRule.every(1, "monthly", dt.date(2026, 3, 10), nth=2, count=4)
    draft = PostDraft(title="Monthly tip", role="manager", channel="Blog")
    series_id = service.add_series(draft, rule, skip=(dt.date(2026, 4, 14),)).keys("series")[0]
    before = seen(service, series_id)
    first = min((p for p in service.posts() if p.series), key=lambda p: p.date)
    # Three days later is the 2nd Friday: 8 May, not 15 May (12 May plus three days).
    changes = service.move_occurrence(first.id, dt.date(2026, 3, 13), Scope.ALL)
    fridays = service.series(series_id).rule.dates(None, dt.date(2026, 12, 31))
    assert fridays == [dt.date(2026, m, d) for m, d in ((3, 13), (4, 10), (5, 8), (6, 12))]
    after = seen(service, series_id)
    assert days_of(service) == {series_id: ((dt.date(2026, 4, 10),),) * 2}
    assert [post[0] for post in after[1]] == [fridays[0], *fridays[2:]]
    undone = service.apply(changes.inverse())
    assert seen(service, series_id) == before
    assert days_of(service) == {series_id: ((dt.date(2026, 4, 14),),) * 2}
    service.apply(undone.inverse())
    assert seen(service, series_id) == after
    # A skipped day moved along is still one the series can give back.
    service.restore_skipped_day(series_id, dt.date(2026, 4, 10))
    assert [p.date for p in service.posts(order="date") if p.series] == fridays


def test_moving_a_series_with_an_end_date_keeps_its_number_of_posts(
    series_service: SeriesService,
) -> None:
    service = series_service
    # The 2nd Tuesday until 12 May: three posts. Three days on they are the 2nd Fridays (17 Apr
    # and 15 May are no 2nd Fridays), and the series still ends after three.
    rule = SeriesRule.every(1, "monthly", dt.date(2026, 3, 10), nth=2, until=dt.date(2026, 5, 12))
    draft = PostDraft(title="Monthly tip", role="manager", channel="Blog")
    series_id = service.add_series(draft, rule).keys("series")[0]
    first = min((p for p in service.posts() if p.series), key=lambda p: p.date)
    service.move_occurrence(first.id, dt.date(2026, 3, 13), Scope.ALL)
    moved = service.series(series_id).rule
    assert moved.dates(None, dt.date(2027, 1, 1)) == [
        dt.date(2026, 3, 13),
        dt.date(2026, 4, 10),
        dt.date(2026, 5, 8),
    ]
    assert [p.date for p in service.posts(order="date") if p.series] == moved.dates(
        None, dt.date(2027, 1, 1)
    )


def test_a_moved_open_series_grows_with_the_horizon_without_gaps_or_twins(
    series_service: SeriesService,
) -> None:
    from lmplanner.core.store.series_upkeep import extend_open_series

    service = series_service
    # The last Tuesday, open-ended; three days on (3 April) it is the 1st Friday, which falls
    # 4 to 10 days after a month's last Tuesday.
    rule = SeriesRule.every(1, "monthly", dt.date(2026, 3, 31), nth=-1)
    draft = PostDraft(title="Monthly tip", role="manager", channel="Blog")
    series_id = service.add_series(draft, rule, skip=(dt.date(2026, 4, 28),)).keys("series")[0]
    first = min((p for p in service.posts() if p.series), key=lambda p: p.date)
    service.move_occurrence(first.id, dt.date(2026, 4, 3), Scope.ALL)
    moved = service.series(series_id)
    assert moved.skipped == (dt.date(2026, 5, 1),)  # the 2nd day of both rules
    made = moved.generated_until
    assert made is not None
    with service.plan.write() as conn:
        extend_open_series(conn, made + dt.timedelta(days=200))
    grown = service.series(series_id).generated_until
    assert grown is not None and grown > made
    days = [p.date for p in service.posts(order="date") if p.series == series_id]
    assert days == [d for d in moved.rule.dates(None, grown) if d not in moved.skipped]


def test_how_far_a_moved_series_has_made_its_posts_counts_its_days() -> None:
    from lmplanner.core.series import same_place_bound

    last_tuesday = SeriesRule.every(1, "monthly", dt.date(2026, 3, 31), nth=-1)
    first_friday = last_tuesday.shifted(3)
    # Made through 26 May: three last Tuesdays. Three days on (29 May) would leave 5 June, the
    # third 1st Friday, made and made again by the upkeep; 2 July is the next to make.
    assert same_place_bound(last_tuesday, first_friday, dt.date(2026, 5, 26), 3) == dt.date(
        2026, 6, 5
    )
    # Made through 24 June (one past the third): 27 June is still before the 4th, 3 July.
    assert same_place_bound(last_tuesday, first_friday, dt.date(2026, 6, 24), 3) == dt.date(
        2026, 6, 27
    )
