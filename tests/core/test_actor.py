"""Who is acting on a plan file: the chosen name, else $LMPLANNER_USER, else the system user."""

from __future__ import annotations

import pytest

from lmplanner.core.actor import ACTOR_MAX, default_actor, system_user
from lmplanner.core.services import PlanService


def test_chosen_name_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMPLANNER_USER", "Env Person")
    assert default_actor("  Ana Ruiz ") == "Ana Ruiz"
    assert default_actor(None) == "Env Person"


def test_blank_names_fall_back_to_the_system_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMPLANNER_USER", "   ")
    assert default_actor("") == system_user()
    assert system_user().strip() != ""


def test_long_names_are_cut_to_the_limit() -> None:
    assert len(default_actor("x" * 500)) == ACTOR_MAX


def test_service_acts_under_the_chosen_name(plan: object) -> None:
    assert PlanService(plan, actor="Ben").actor == "Ben"  # type: ignore[arg-type]
