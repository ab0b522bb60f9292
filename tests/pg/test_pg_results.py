"""The results suites of tests/core (analysis, counts, import and undo) run again on a team plan
in PostgreSQL: 64-bit counts, the date read, matching by link and by date + channel + title."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import Cluster

from lmplanner.core.store import Plan, open_plan

for _name in ("test_results.py", "test_results_import.py"):
    _path = Path(__file__).resolve().parents[1] / "core" / _name
    _spec = importlib.util.spec_from_file_location(f"lmplanner_pg_{_path.stem}", _path)
    assert _spec is not None and _spec.loader is not None
    _suite = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_suite)
    globals().update(
        {k: v for k, v in vars(_suite).items() if k.startswith("test_") or k == "posts"}
    )


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
