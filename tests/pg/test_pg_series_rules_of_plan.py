"""The series tests of tests/core on the plan's rules, run again on a team plan in PostgreSQL:
series edits under "posts need approval" and series leaving with their last purged post."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_cluster import Cluster
from pg_suites import core_suite, suite_tests, team_plan

from lmplanner.core.store import Plan

_REVIEW, _TRASH = core_suite("test_series_review"), core_suite("test_series_trash")
globals().update(suite_tests(_REVIEW, suffix="_review"))
globals().update(suite_tests(_TRASH, suffix="_trash"))
service = _REVIEW.service  # both suites' fixture: a SeriesService on `plan`


@pytest.fixture
def plan(pg: Cluster, database: str) -> Iterator[Plan]:
    yield from team_plan(pg, database, reviewer=True)  # approving needs a reviewer
