"""The series services tests of tests/core, run again on a team plan in PostgreSQL (types, dates,
times, the series table's columns and the horizon upkeep under the write lock)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import Cluster

from lmplanner.core.series import SeriesRule
from lmplanner.core.services import PostDraft, SeriesService
from lmplanner.core.store import Plan, open_plan

_SUITE = Path(__file__).resolve().parents[1] / "core" / "test_series_services.py"
_spec = importlib.util.spec_from_file_location("lmplanner_series_suite_on_pg", _SUITE)
assert _spec is not None and _spec.loader is not None
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
# The property test opens SQLite plans of its own: running it here would only repeat it.
_ON_FILES = {"test_any_run_of_scoped_changes_undoes_back_to_the_start"}
globals().update(
    {
        name: value
        for name, value in vars(_suite).items()
        if name.startswith("test_") and name not in _ON_FILES
    }
)
series_service = _suite.series_service


@pytest.fixture
def plan_path() -> Path:
    pytest.skip("looks inside the SQLite plan file")


@pytest.fixture
def plan(pg: Cluster, database: str) -> Iterator[Plan]:
    opened = open_plan(pg.url(database))
    try:
        yield opened
    finally:
        opened.close()


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
