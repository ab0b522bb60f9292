"""The series tests of tests/core on the plan's rules, run again on a team plan in PostgreSQL:
series edits under "posts need approval" and series leaving with their last purged post."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pg_cluster import Cluster

from lmplanner.core.store import Plan, open_plan


def _suite(name: str) -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "core" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"lmplanner_{name}_on_pg", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_REVIEW, _TRASH = _suite("test_series_review"), _suite("test_series_trash")
globals().update(
    {
        f"{name}_{kind}": value
        for kind, suite in (("review", _REVIEW), ("trash", _TRASH))
        for name, value in vars(suite).items()
        if name.startswith("test_")
    }
)
service = _REVIEW.service  # both suites' fixture: a SeriesService on `plan`


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
