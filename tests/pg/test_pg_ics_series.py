"""The calendar-series import tests of tests/core, run again on a team plan in PostgreSQL (the
series table's calendar columns, the import's one transaction, upkeep of skipped days)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from pg_cluster import Cluster

from lmplanner.core.store import Plan, open_plan

_SUITE = Path(__file__).resolve().parents[1] / "core" / "test_io_ics_series.py"
_spec = importlib.util.spec_from_file_location("lmplanner_ics_series_suite_on_pg", _SUITE)
assert _spec is not None and _spec.loader is not None
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
globals().update({name: value for name, value in vars(_suite).items() if name.startswith("test_")})
lisbon = _suite.lisbon


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
