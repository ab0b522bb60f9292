"""Fixtures the window tests share: the scripted stand-in for the app's questions and dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from app_support import TODAY, ScriptedPrompter

if TYPE_CHECKING:
    from lmplanner.ui.document import PlanDocument


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


@pytest.fixture
def document(plan: object) -> Iterator[PlanDocument]:
    """A document on the test's plan for a dialog; message boxes it left open are closed and its
    workers waited for. (Modules with other needs define their own.)"""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from lmplanner.ui.document import PlanDocument
    from lmplanner.ui.workers import wait_for_all

    doc = PlanDocument(plan)  # type: ignore[arg-type]
    yield doc
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox):
            widget.done(0)
    assert wait_for_all(30)
