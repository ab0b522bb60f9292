"""Suites of tests/core run again on a team plan in PostgreSQL: loading a suite under a name of
its own, taking its tests into the re-running module, and the team plan they run on."""

from __future__ import annotations

import importlib.util
from collections.abc import Collection, Iterator
from pathlib import Path
from types import ModuleType

from pg_cluster import Cluster

from lmplanner.core.store import Plan, open_plan

CORE = Path(__file__).resolve().parents[1] / "core"


def core_suite(name: str) -> ModuleType:
    """tests/core/`name`.py, loaded afresh (its fixtures then use the re-running module's)."""
    spec = importlib.util.spec_from_file_location(f"lmplanner_{name}_on_pg", CORE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def suite_tests(
    suite: ModuleType, *, leave_out: Collection[str] = (), suffix: str = ""
) -> dict[str, object]:
    """The suite's test functions but those left out, named with `suffix` when two suites share
    a module (for the re-running module's globals())."""
    return {
        f"{name}{suffix}": value
        for name, value in vars(suite).items()
        if name.startswith("test_") and name not in leave_out
    }


def team_plan(pg: Cluster, database: str, *, reviewer: bool = False) -> Iterator[Plan]:
    """A `plan` fixture's body: the team plan in `database`, its owner a reviewer if asked
    (approving needs one on a team plan)."""
    if reviewer:
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
