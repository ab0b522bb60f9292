"""Templates: posts to start others from. Built-in leader prompts live here; the plan's own
templates are rows the services keep (core.services, `PlanService.templates()`). The meter's
leader-related flags offer a leader post from a template on the day `leader_post_day` says."""

from __future__ import annotations

import datetime as dt

from lmplanner.core.balance.report import Flag, FlagCode
from lmplanner.core.templates.builtin import BUILTIN_TEMPLATES

# The flags a leader post answers.
LEADER_FLAGS = frozenset(
    {
        FlagCode.ALL_ACTIVITY_NO_VISION,
        FlagCode.LEADER_DROUGHT,
        FlagCode.PILLAR_WITHOUT_LEADER,
        FlagCode.NO_LEADER_VOICE,
    }
)


def leader_post_day(flag: Flag) -> dt.date | None:
    """The day to plan the leader post a flag asks for: the middle of a drought (what its
    suggestion names), the first day the flag is about otherwise; None for another flag."""
    if flag.code not in LEADER_FLAGS:
        return None
    if not flag.dates:
        return None
    if flag.code == FlagCode.LEADER_DROUGHT:
        return flag.dates[len(flag.dates) // 2]  # as sug_gap names it
    return flag.dates[0]


__all__ = ["BUILTIN_TEMPLATES", "LEADER_FLAGS", "leader_post_day"]
