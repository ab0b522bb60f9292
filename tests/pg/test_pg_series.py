"""The series services tests of tests/core, run again on a team plan in PostgreSQL (types, dates,
times, the series table's columns and the horizon upkeep under the write lock)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_cluster import Cluster
from pg_suites import core_suite, suite_tests, team_plan

from lmplanner.core.series import SeriesRule
from lmplanner.core.services import PostDraft, SeriesService
from lmplanner.core.store import Plan, open_plan

_suite = core_suite("test_series_services")
# The property test opens SQLite plans of its own: running it here would only repeat it.
globals().update(
    suite_tests(_suite, leave_out={"test_any_run_of_scoped_changes_undoes_back_to_the_start"})
)
series_service = _suite.series_service
# Restoring a day a series skips (the series row's skip_dates and the post made again).
globals().update(suite_tests(core_suite("test_series_skipped")))


@pytest.fixture
def plan(pg: Cluster, database: str) -> Iterator[Plan]:
    yield from team_plan(pg, database)


def test_two_members_extend_an_open_series_once(pg: Cluster, database: str) -> None:
    import datetime as dt

    from lmplanner.core.store.series_upkeep import plan_today

    with open_plan(pg.url(database)) as plan:
        service = SeriesService(plan)
        service.update_settings(series_horizon_months=1)
        today = plan_today(service.settings().timezone)
        draft = PostDraft("Daily", "manager", "Blog", time=dt.time(9))
        service.add_series(draft, SeriesRule.every(1, "daily", today))
        service.update_settings(series_horizon_months=2)
        first = len(service.posts())
    one, two = open_plan(pg.url(database)), open_plan(pg.url(database))
    try:
        assert len(SeriesService(one).posts()) == first  # reading extends nothing
        SeriesService(one).add_post(PostDraft("Other", "leader", "Blog"))
        SeriesService(two).add_post(PostDraft("Another", "leader", "Blog"))
        dates = [p.date for p in SeriesService(two).posts() if p.series]
        assert len(dates) == len(set(dates)) > first
    finally:
        one.close()
        two.close()
