"""The review tests of tests/core run again on a team plan in PostgreSQL: the wider status
check, the comment table and the review steps behave the same there."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import Cluster

from lmplanner.core.store import Plan, open_plan

_SUITE = Path(__file__).resolve().parents[1] / "core" / "test_review.py"
_spec = importlib.util.spec_from_file_location("lmplanner_review_suite_on_pg", _SUITE)
assert _spec is not None and _spec.loader is not None
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
# The upgrade test is of a plan file; own-only deletes need two people (test_pg_review).
_ELSEWHERE = (
    "test_a_plan_from_before_review_is_upgraded_in_place",
    "test_resolve_reopen_and_delete_only_ones_own",
)
globals().update(
    {
        name: value
        for name, value in vars(_suite).items()
        if name.startswith("test_") and name not in _ELSEWHERE
    }
)
ana = _suite.ana


@pytest.fixture
def plan(  # approving needs a reviewer on a team plan: the owner is made one
    pg: Cluster, database: str
) -> Iterator[Plan]:
    pg.sql(
        [
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles "
            "WHERE rolname = 'planner_reviewers') THEN CREATE ROLE planner_reviewers NOLOGIN; "
            "END IF; END $$",
            "GRANT planner_reviewers TO lm_owner",
        ],
        "postgres",
    )
    opened = open_plan(pg.url(database))
    try:
        yield opened
    finally:
        opened.close()
