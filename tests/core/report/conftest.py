"""The report tests' fixtures: the demo plan to report on and a folder for the PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest

from lmplanner.core.demo import create_demo
from lmplanner.core.services import PlanService


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """A folder of its own for reports (the plan file lives in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def demo(service: PlanService) -> PlanService:
    create_demo(service, 2026, 11)
    return service
