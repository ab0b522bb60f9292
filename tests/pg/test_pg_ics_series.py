"""The calendar-series import tests of tests/core, run again on a team plan in PostgreSQL (the
series table's calendar columns, the import's one transaction, upkeep of skipped days)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_cluster import Cluster
from pg_suites import core_suite, suite_tests, team_plan

from lmplanner.core.store import Plan

_suite = core_suite("test_io_ics_series")
globals().update(suite_tests(_suite))
lisbon = _suite.lisbon


@pytest.fixture
def plan(pg: Cluster, database: str) -> Iterator[Plan]:
    yield from team_plan(pg, database)
