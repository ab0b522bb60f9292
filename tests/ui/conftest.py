"""Fixtures the window tests share: the scripted stand-in for the app's questions and dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter


@pytest.fixture
def prompter() -> ScriptedPrompter:
    """Answers file, name and conflict questions from lists a test fills, and records errors."""
    return ScriptedPrompter()


@pytest.fixture
def demo_plan(plan_path: Path) -> Path:
    """The demo plan of the fixed TODAY's month, with Sunday weeks and a name."""
    from lmplanner.core.demo import create_demo
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        create_demo(service, TODAY.year, TODAY.month)
        service.update_settings(first_weekday=6, name="Spring plan")  # Sunday weeks
    return plan_path
