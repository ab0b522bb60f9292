"""Who is acting on a plan file: the chosen name, else $LMPLANNER_USER, else the system user."""

from __future__ import annotations

import pytest

from lmplanner.core.actor import ACTOR_MAX, default_actor, system_user
from lmplanner.core.errors import ValidationError
from lmplanner.core.services import PlanService


def test_chosen_name_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMPLANNER_USER", "Env Person")
    assert default_actor("  Ana Ruiz ") == "Ana Ruiz"
    assert default_actor(None) == "Env Person"


def test_blank_names_fall_back_to_the_system_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMPLANNER_USER", "   ")
    assert default_actor("") == system_user()
    assert system_user().strip() != ""


def test_chosen_names_longer_than_the_limit_are_refused_never_cut(
    monkeypatch: pytest.MonkeyPatch, plan: object
) -> None:
    assert default_actor("x" * ACTOR_MAX) == "x" * ACTOR_MAX
    with pytest.raises(ValidationError, match=r"^--as is 81 characters long; .* at most 80\.$"):
        default_actor("y" * (ACTOR_MAX + 1), chosen_from="--as")
    monkeypatch.setenv("LMPLANNER_USER", "z" * 200)
    with pytest.raises(ValidationError, match=r"^\$LMPLANNER_USER is 200 characters long"):
        default_actor(None)
    assert default_actor("Ana") == "Ana"  # a chosen name wins: the variable is not looked at
    with pytest.raises(ValidationError, match="LMPLANNER_USER"):
        PlanService(plan, actor=None).actor  # type: ignore[arg-type]  # noqa: B018


def test_service_acts_under_the_chosen_name(plan: object) -> None:
    assert PlanService(plan, actor="Ben").actor == "Ben"  # type: ignore[arg-type]
