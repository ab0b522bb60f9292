"""Shared fixtures: every test gets its own data folder, and Qt renders offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep test runs away from the user's real plans, backups, logs and settings.
os.environ.pop("LMPLANNER_DB", None)


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private user-data folder (plans, backups, logs) for each test."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("LMPLANNER_DATA_DIR", str(folder))
    monkeypatch.delenv("LMPLANNER_DB", raising=False)
    return folder


@pytest.fixture
def plan_path(tmp_path: Path) -> Path:
    return tmp_path / "test.lmplan"


@pytest.fixture
def plan(plan_path: Path) -> Iterator[object]:
    from lmplanner.core.store import open_plan

    opened = open_plan(plan_path)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def service(plan: object) -> object:
    from lmplanner.core.services import PlanService

    return PlanService(plan)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshot tests write: $LMPLANNER_SCREENSHOTS or a temp folder, never the repo."""
    from tests.ui.screenshot_support import screenshot_folder

    return screenshot_folder(tmp_path_factory.mktemp("screenshots"))
