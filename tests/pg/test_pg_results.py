"""The results suites of tests/core (analysis, counts, import and undo) run again on a team plan
in PostgreSQL: 64-bit counts, the date read, matching by link and by date + channel + title."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_cluster import Cluster
from pg_suites import core_suite, suite_tests, team_plan

from lmplanner.core.store import Plan

globals().update(suite_tests(core_suite("test_results")))
_IMPORT = core_suite("test_results_import")
globals().update(suite_tests(_IMPORT))
posts = _IMPORT.posts  # the import suite's fixture


@pytest.fixture
def plan(pg: Cluster, database: str) -> Iterator[Plan]:
    yield from team_plan(pg, database)
