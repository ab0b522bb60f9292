"""Series through the services: occurrences are posts, each scope of edit, move and delete is
one undo step, wall-clock times survive DST, and the horizon grows at a session's first write."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lmplanner.core.changes import ChangeSet
from lmplanner.core.errors import ValidationError
from lmplanner.core.series import Scope, SeriesRule
from lmplanner.core.services import PostDraft, SeriesService
from lmplanner.core.store import open_plan
from lmplanner.core.store.series_upkeep import plan_today

MON = dt.date(2026, 1, 5)
NINE = dt.time(9, 0)


@pytest.fixture
def series_service(plan: Any) -> Iterator[SeriesService]:
    yield SeriesService(plan)


def draft(**fields: Any) -> PostDraft:
    values: dict[str, Any] = {"title": "Weekly tip", "role": "manager", "channel": "Blog"}
    values.update(time=NINE, kind="tip")
    values.update(fields)
    return PostDraft(**values)


def weekly(service: SeriesService, count: int = 6, **fields: Any) -> int:
    rule = SeriesRule.every(1, "weekly", MON, weekdays=(0,), count=count)
    changes = service.add_series(draft(**fields), rule)
    return changes.keys("series")[0]


def state(service: SeriesService) -> list[tuple[Any, ...]]:
    """What a user sees: every live and trashed post with its series, and every series."""
    posts = [
        (p.id, p.title, p.date, p.time, p.status, p.series, p.deleted_at is None)
        for p in [*service.posts(order="date"), *service.posts(trash=True)]
    ]
    series = [(s.id, s.title, s.rule, s.time, s.occurrences) for s in service.all_series()]
    return posts + series


def undo_redo(service: SeriesService, changes: ChangeSet, before: list[tuple[Any, ...]]) -> None:
    after = state(service)
    undone = service.apply(changes.inverse())
    assert state(service) == before
    service.apply(undone.inverse())
    assert [row[1:] for row in state(service)] == [row[1:] for row in after]


def test_a_series_makes_real_posts_linked_to_it(series_service: SeriesService) -> None:
    before = state(series_service)
    rule = SeriesRule.every(2, "weekly", MON, weekdays=(0, 3), count=8)
    changes = series_service.add_series(draft(), rule)
    sid = changes.keys("series")[0]
    posts = series_service.posts(order="date")
    assert len(posts) == 8 and changes.focus == tuple(p.id for p in posts)
    assert {(p.series, p.time, p.status.value, p.title) for p in posts} == {
        (sid, NINE, "draft", "Weekly tip")
    }
    record = series_service.series(sid)
    assert record.occurrences == 8 and record.rule == rule and record.channel == "Blog"
    undo_redo(series_service, changes, before)


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [
        ("Europe/Berlin", dt.date(2026, 3, 29), dt.date(2026, 10, 25)),
        ("America/New_York", dt.date(2026, 3, 8), dt.date(2026, 11, 1)),
    ],
)
def test_wall_clock_time_stays_across_both_dst_changes(
    series_service: SeriesService, zone: str, spring: dt.date, autumn: dt.date
) -> None:
    from lmplanner.core.io.ics import posts_to_ics

    series_service.update_settings(timezone=zone)
    sunday_before = spring - dt.timedelta(days=7)
    rule = SeriesRule.every(1, "weekly", sunday_before, until=autumn + dt.timedelta(days=7))
    series_service.add_series(draft(), rule)
    posts = series_service.posts(order="date")
    dates = [p.date for p in posts]
    weeks = (autumn - sunday_before).days // 7 + 2
    assert spring in dates and autumn in dates and len(posts) == weeks
    assert {p.time for p in posts} == {NINE}
    uuids = {p.id: f"u{p.id}" for p in posts}
    ics = posts_to_ics(posts, series_service.settings(), uuids).decode()
    assert "RRULE" not in ics and ics.count("BEGIN:VEVENT") == weeks
    assert ics.count(f"DTSTART;TZID={zone}:") == weeks and ics.count("T090000\r\n") == weeks
    offsets = {
        dt.datetime.combine(d, NINE, ZoneInfo(zone)).utcoffset()
        for d in (sunday_before, spring, autumn)
    }
    assert len(offsets) == 2  # the same 09:00 is a different UTC moment after each change


def test_edit_this_post_detaches_it(series_service: SeriesService) -> None:
    weekly(series_service)
    third = series_service.posts(order="date")[2]
    before = state(series_service)
    changes = series_service.edit_occurrence(third.id, {"title": "Special"}, Scope.THIS)
    edited = series_service.post(third.id)
    assert (edited.title, edited.series) == ("Special", None)
    assert [p.title for p in series_service.posts(order="date")].count("Weekly tip") == 5
    undo_redo(series_service, changes, before)


def test_edit_this_and_following_splits_the_series(series_service: SeriesService) -> None:
    sid = weekly(series_service)
    posts = series_service.posts(order="date")
    before = state(series_service)
    changes = series_service.edit_occurrence(posts[3].id, {"title": "New tip"}, Scope.FOLLOWING)
    after = series_service.posts(order="date")
    assert [p.title for p in after] == ["Weekly tip"] * 3 + ["New tip"] * 3
    old, new = series_service.all_series()
    assert (old.id, old.occurrences, old.rule.until, old.rule.count) == (
        sid,
        3,
        posts[3].date - dt.timedelta(days=1),
        None,
    )
    assert (new.occurrences, new.rule.start, new.rule.count) == (3, posts[3].date, 3)
    assert {p.series for p in after[3:]} == {new.id}
    undo_redo(series_service, changes, before)


def test_edit_whole_series_spares_fields_edited_on_their_own(
    series_service: SeriesService,
) -> None:
    weekly(series_service)
    posts = series_service.posts(order="date")
    series_service.update_post(posts[1].id, {"status": "published"})  # edited on its own
    before = state(series_service)
    changes = series_service.edit_occurrence(
        posts[0].id, {"title": "Renamed", "status": "scheduled", "time": dt.time(10)}, Scope.ALL
    )
    after = series_service.posts(order="date")
    assert {p.title for p in after} == {"Renamed"}
    assert [p.status.value for p in after] == ["scheduled", "published", *["scheduled"] * 4]
    assert {p.time for p in after} == {dt.time(10)}
    undo_redo(series_service, changes, before)


@pytest.mark.parametrize("scope", list(Scope))
def test_move_with_each_scope(series_service: SeriesService, scope: Scope) -> None:
    weekly(series_service)
    posts = series_service.posts(order="date")
    before = state(series_service)
    target = posts[2].date + dt.timedelta(days=2)  # Monday → Wednesday
    changes = series_service.move_occurrence(posts[2].id, target, scope)
    weekdays = [p.weekday() for p in (series_service.post(q.id).date for q in posts) if p]
    expected = {
        Scope.THIS: [0, 0, 2, 0, 0, 0],
        Scope.FOLLOWING: [0, 0, 2, 2, 2, 2],
        Scope.ALL: [2] * 6,
    }[scope]
    assert weekdays == expected
    assert {series_service.post(q.id).time for q in posts} == {NINE}
    if scope is Scope.THIS:
        assert series_service.post(posts[2].id).series is None
    if scope is not Scope.THIS:
        moved = series_service.series(series_service.post(posts[2].id).series or 0)
        assert moved.rule.weekdays == (2,)
    undo_redo(series_service, changes, before)


@pytest.mark.parametrize(("scope", "left"), [(Scope.THIS, 5), (Scope.FOLLOWING, 2), (Scope.ALL, 0)])
def test_delete_with_each_scope_keeps_posts_in_the_trash(
    series_service: SeriesService, scope: Scope, left: int
) -> None:
    sid = weekly(series_service)
    posts = series_service.posts(order="date")
    before = state(series_service)
    changes = series_service.delete_occurrence(posts[2].id, scope)
    assert len(series_service.posts()) == left
    assert len(series_service.posts(trash=True)) == 6 - left
    assert [s.id for s in series_service.all_series()] == ([] if scope is Scope.ALL else [sid])
    undo_redo(series_service, changes, before)


def test_a_new_rule_for_the_whole_series_keeps_posts_on_its_days(
    series_service: SeriesService,
) -> None:
    sid = weekly(series_service, count=4)
    posts = series_service.posts(order="date")
    series_service.update_post(posts[1].id, {"body": "Edited on its own"})
    series_service.delete_posts([posts[2].id])
    before = state(series_service)
    rule = SeriesRule.every(1, "weekly", MON, weekdays=(0, 3), count=8)
    changes = series_service.edit_series(sid, {}, rule=rule)
    live = series_service.posts(order="date")
    in_series = [p for p in live if p.series == sid]
    # Mondays and Thursdays of four weeks, but the trashed Monday stays empty.
    assert len(in_series) == 7 and posts[2].date not in {p.date for p in live}
    assert posts[0].id in {p.id for p in in_series}
    undo_redo(series_service, changes, before)


def test_series_edit_and_delete_from_a_date(series_service: SeriesService) -> None:
    sid = weekly(series_service)
    posts = series_service.posts(order="date")
    series_service.edit_series(sid, {"title": "Later"}, from_date=posts[4].date - dt.timedelta(1))
    assert [p.title for p in series_service.posts(order="date")][3:] == [
        "Weekly tip",
        "Later",
        "Later",
    ]
    second = series_service.all_series()[1]
    changes = series_service.delete_series(second.id, from_date=posts[5].date)
    assert len(series_service.posts()) == 5 and len(changes.post_ids) == 1
    with pytest.raises(ValidationError, match="no posts from"):
        series_service.edit_series(sid, {"title": "x"}, from_date=dt.date(2030, 1, 1))
    with pytest.raises(ValidationError, match="no field"):
        series_service.edit_series(sid, {"date": MON})


def test_use_again_schedules_copies_every_n_days(series_service: SeriesService) -> None:
    original = series_service.add_post(draft(date=MON, status="published")).created()[0]
    before = state(series_service)
    changes = series_service.use_again(original, 30, 3)
    copies = [p for p in series_service.posts(order="date") if p.id != original]
    assert [p.date for p in copies] == [MON + dt.timedelta(days=30 * n) for n in (1, 2, 3)]
    assert {
        (p.title, p.status.value, p.time, p.kind.value if p.kind else None) for p in copies
    } == {("Weekly tip", "draft", NINE, "tip")}
    assert series_service.post(original).series is None
    undo_redo(series_service, changes, before)
    idea = series_service.add_post(draft(time=None)).created()[0]
    with pytest.raises(ValidationError, match="no date"):
        series_service.use_again(idea, 7, 2)


def _series_file_state(path: Path) -> tuple[int, str]:
    with sqlite3.connect(path) as conn:
        count = conn.execute("SELECT count(*) FROM post WHERE series_id IS NOT NULL").fetchone()[0]
        mark = conn.execute("SELECT generated_until FROM series").fetchone()[0]
    return int(count), str(mark)


def test_open_series_grow_at_the_first_write_of_a_session_only(plan_path: Path) -> None:
    with open_plan(plan_path) as plan:
        service = SeriesService(plan)
        service.update_settings(series_horizon_months=1)
        today = plan_today(service.settings().timezone)
        service.add_series(draft(), SeriesRule.every(1, "daily", today))
        service.update_settings(series_horizon_months=3)  # this session has done its upkeep
    first = _series_file_state(plan_path)
    assert 28 <= first[0] <= 32
    with open_plan(plan_path) as plan:
        reader = SeriesService(plan)
        assert len(reader.posts()) == first[0]
        reader.all_series()
    assert _series_file_state(plan_path) == first  # reading changed nothing
    one, two = open_plan(plan_path), open_plan(plan_path)  # two windows at once
    try:
        SeriesService(one).add_post(draft(title="Other", time=None))
        SeriesService(two).add_post(draft(title="Another", time=None))
        grown = _series_file_state(plan_path)
        assert 89 <= grown[0] <= 93
        dates = [p.date for p in SeriesService(two).posts() if p.series]
        assert len(dates) == len(set(dates)) == grown[0]
    finally:
        one.close()
        two.close()


def test_bad_rules_are_refused_before_anything_is_written(series_service: SeriesService) -> None:
    with pytest.raises(ValidationError, match="not both"):
        series_service.add_series(
            draft(), SeriesRule(SeriesRule.every(1, "daily", MON).freq, MON, until=MON, count=2)
        )
    with pytest.raises(ValidationError, match="needs a channel"):
        series_service.add_series(draft(channel=" "), SeriesRule.every(1, "daily", MON, count=2))
    assert series_service.posts() == [] and series_service.all_series() == []


_steps = st.lists(
    st.tuples(
        st.sampled_from(["edit", "move", "delete"]),
        st.integers(0, 7),
        st.sampled_from(list(Scope)),
        st.integers(-9, 9),
    ),
    min_size=1,
    max_size=4,
)


@settings(deadline=None, max_examples=12, suppress_health_check=[HealthCheck.too_slow])
@given(steps=_steps)
def test_any_run_of_scoped_changes_undoes_back_to_the_start(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, int, Scope, int]]
) -> None:
    path = tmp_path_factory.mktemp("series") / "plan.lmplan"
    with open_plan(path) as plan:
        service = SeriesService(plan)
        rule = SeriesRule.every(1, "weekly", MON, weekdays=(0, 3), count=8)
        service.add_series(draft(), rule)
        start = state(service)
        done: list[ChangeSet] = []
        for kind, index, scope, days in steps:
            live = service.posts(order="date")
            if not live:
                break
            post = live[index % len(live)]
            assert post.date is not None
            try:
                if kind == "edit":
                    changes = service.edit_occurrence(post.id, {"title": f"T{days}"}, scope)
                elif kind == "move":
                    target = post.date + dt.timedelta(days=days)
                    changes = service.move_occurrence(post.id, target, scope)
                else:
                    changes = service.delete_occurrence(post.id, scope)
            except ValidationError:
                continue  # e.g. a weekly rule moved onto itself: refused, nothing written
            in_series = [p for p in service.posts() if p.series is not None]
            for p in in_series:  # every post of a series is one its series would make
                record = service.series(p.series or 0)
                assert p.date is not None and record.rule.first_on_or_after(p.date) == p.date
            done.append(changes)
        for changes in reversed(done):
            service.apply(changes.inverse())
        assert state(service) == start
