"""The whole services test suite of tests/core, run again on a team plan in PostgreSQL.

Any SQLite-only assumption in the data layer (types, NULL ordering, LIKE, booleans, time zones,
check constraints, versions) shows up here. Tests that inspect the plan file itself skip.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_cluster import Cluster
from pg_suites import core_suite, suite_tests, team_plan

from lmplanner.core.store import Plan

globals().update(suite_tests(core_suite("test_services")))


@pytest.fixture
def plan(pg: Cluster, database: str) -> Iterator[Plan]:
    yield from team_plan(pg, database)
