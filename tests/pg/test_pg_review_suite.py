"""The review tests of tests/core run again on a team plan in PostgreSQL: the wider status
check, the comment table and the review steps behave the same there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_cluster import Cluster
from pg_suites import core_suite, suite_tests, team_plan

from lmplanner.core.store import Plan

_suite = core_suite("test_review")
# The upgrade test is of a plan file; own-only deletes need two people (test_pg_review).
_ELSEWHERE = (
    "test_a_plan_from_before_review_is_upgraded_in_place",
    "test_resolve_reopen_and_delete_only_ones_own",
)
globals().update(suite_tests(_suite, leave_out=_ELSEWHERE))
ana = _suite.ana


@pytest.fixture
def plan(pg: Cluster, database: str) -> Iterator[Plan]:
    yield from team_plan(pg, database, reviewer=True)  # approving needs a reviewer
