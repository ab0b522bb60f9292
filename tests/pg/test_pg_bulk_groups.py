"""The bulk-change suite of tests/core (patches worked out once per group of posts, rows read
and written through the driver), run again on a team plan in PostgreSQL, whose driver takes
named parameters where sqlite3 takes them by position."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_cluster import Cluster
from pg_suites import core_suite, suite_tests, team_plan

from lmplanner.core.store import Plan

globals().update(suite_tests(core_suite("test_bulk_groups")))


@pytest.fixture
def plan(pg: Cluster, database: str) -> Iterator[Plan]:
    yield from team_plan(pg, database, reviewer=True)  # the mixed posts include approved ones
