"""Fixtures the window tests share: the scripted stand-in for the app's questions and dialogs."""

from __future__ import annotations

import pytest
from app_support import ScriptedPrompter


@pytest.fixture
def prompter() -> ScriptedPrompter:
    """Answers file, name and conflict questions from lists a test fills, and records errors."""
    return ScriptedPrompter()
