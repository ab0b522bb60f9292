"""What the balance engine reports: verdict, score, flags and breakdowns, ready for JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from lmplanner.core.balance.periods import Period
from lmplanner.core.balance.words import (
    NONE_KEY,
    PROFILE_LEADER,
    PROFILE_MANAGER,
    PROFILE_NO_AUTHOR,
    PROFILE_TOO_FEW,
    VERDICT_TEXT,
    leading_text,
    unauthored_text,
)
from lmplanner.core.domain import BalanceSettings


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for HIGH, 1 for MEDIUM, 2 for LOW: sort ascending by rank for most severe first."""
        return _SEVERITY_RANK[self.value]


_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


class Verdict(StrEnum):
    BALANCED = "balanced"
    ALL_ACTIVITY = "all-activity-no-vision"
    VISION_ONLY = "vision-without-execution"
    EMPTY = "empty"
    # Posts are planned but fewer than `min_posts`: the share says too little to judge.
    TOO_EARLY = "too-early"

    def text(self) -> str:
        return VERDICT_TEXT[self.value]


class FlagCode(StrEnum):
    """The stable codes of `Flag.code` (a StrEnum, so each member is also the plain string)."""

    ALL_ACTIVITY_NO_VISION = "ALL_ACTIVITY_NO_VISION"
    VISION_WITHOUT_EXECUTION = "VISION_WITHOUT_EXECUTION"
    SELF_PROMOTION_HEAVY = "SELF_PROMOTION_HEAVY"
    LEADER_DROUGHT = "LEADER_DROUGHT"
    CHANNEL_ALL_ACTIVITY = "CHANNEL_ALL_ACTIVITY"
    EMPTY_PERIOD = "EMPTY_PERIOD"
    ACTIVITY_WITHOUT_STRATEGY = "ACTIVITY_WITHOUT_STRATEGY"
    NO_PILLARS = "NO_PILLARS"
    PILLAR_WITHOUT_LEADER = "PILLAR_WITHOUT_LEADER"
    EXECUTION_BEFORE_VISION = "EXECUTION_BEFORE_VISION"
    PILLAR_OFF_TARGET = "PILLAR_OFF_TARGET"
    PILLAR_SILENT = "PILLAR_SILENT"
    NO_LEADER_VOICE = "NO_LEADER_VOICE"
    SINGLE_LEADER_VOICE = "SINGLE_LEADER_VOICE"
    SLOT_CLASH = "SLOT_CLASH"


@dataclass(frozen=True, slots=True)
class Flag:
    code: str
    severity: Severity
    message: str
    suggestion: str
    dates: tuple[dt.date, ...] = ()
    post_ids: tuple[int, ...] = ()
    # The pillar a pillar flag is about (None: not about one), so an answer can start in it.
    pillar: str | None = None

    def sort_key(self) -> tuple[int, dt.date, str, tuple[dt.date, ...], tuple[int, ...]]:
        """Most severe first, then earliest first date (flags without dates lead their group)."""
        first = self.dates[0] if self.dates else dt.date.min
        return (self.severity.rank, first, self.code, self.dates, self.post_ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": str(self.code),
            "severity": self.severity.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "dates": [day.isoformat() for day in self.dates],
            "post_ids": list(self.post_ids),
        }


@dataclass(frozen=True, slots=True)
class Breakdown:
    key: str
    label: str
    total: int
    leader: int
    manager: int
    leader_share: float | None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PillarShare:
    """A pillar's row (`name` None: the posts without a pillar); shares are fractions."""

    name: str | None
    total: int
    leader: int
    manager: int
    leader_share: float | None
    share: float | None  # of the period's dated posts
    target: float | None


@dataclass(frozen=True, slots=True)
class Untied:
    """Manager posts that serve no pillar and follow up no leader post."""

    count: int = 0
    share: float | None = None  # of the period's manager posts
    post_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class FollowUps:
    """A leader post of the period and the manager posts that follow it up."""

    post_id: int
    title: str
    follower_ids: tuple[int, ...]


def author_profile(row: Breakdown, band_low: float) -> str:
    """too-few (fewer than 2 posts), leader-voice (share at or above the band) or manager-voice;
    no-author for the row of posts without an author, which is nobody's voice."""
    if row.key == NONE_KEY:
        return PROFILE_NO_AUTHOR
    if row.total < 2:
        return PROFILE_TOO_FEW
    if row.leader_share is not None and row.leader_share >= band_low:
        return PROFILE_LEADER
    return PROFILE_MANAGER


@dataclass(frozen=True, slots=True)
class BalanceReport:
    period: Period
    total: int
    leader: int
    manager: int
    backlog: int
    leader_share: float | None
    verdict: Verdict
    score: int | None  # None while there is too little to judge (not `enough_data`)
    enough_data: bool
    flags: tuple[Flag, ...]
    by_week: tuple[Breakdown, ...]
    by_channel: tuple[Breakdown, ...]
    by_author: tuple[Breakdown, ...]
    by_kind: tuple[Breakdown, ...]
    settings: BalanceSettings
    filters: tuple[tuple[str, str], ...] = ()
    by_pillar: tuple[PillarShare, ...] = ()
    untied: Untied = Untied()
    follow_ups: tuple[FollowUps, ...] = ()

    def verdict_text(self) -> str:
        return self.verdict.text()

    def authored(self) -> tuple[Breakdown, ...]:
        """The `by_author` rows of people (without the row of posts that have no author)."""
        return tuple(row for row in self.by_author if row.key != NONE_KEY)

    def unauthored(self) -> Breakdown | None:
        """The row of posts without an author, if there are any."""
        return next((row for row in self.by_author if row.key == NONE_KEY), None)

    def leader_voices(self) -> list[str]:
        """The authors whose leader share reaches the band (never "No author")."""
        low = self.settings.band_low
        return [r.label for r in self.authored() if author_profile(r, low) == PROFILE_LEADER]

    def leading_text(self) -> str:
        """ "Leading: Ana, Ben", or that nobody leads yet: one line for the meter and report."""
        return leading_text(self.leader_voices(), self.settings.band_low)

    def unauthored_text(self) -> str:
        """ "3 leader posts have no author.", counted apart from who leads ("" for none)."""
        row = self.unauthored()
        return unauthored_text(row.leader, row.manager) if row else ""

    def who_leads_line(self) -> str:
        """The leading line and the unauthored count: the meter's and the report's words."""
        return ". ".join(t for t in (self.leading_text(), self.unauthored_text()) if t)

    def score_text(self) -> str:
        """The score as shown to people: a dash while there is too little to judge."""
        return "—" if self.score is None else str(self.score)

    def to_dict(self) -> dict[str, Any]:
        def named(rows: tuple[Breakdown, ...]) -> list[dict[str, Any]]:
            return [
                {
                    "name": row.key,
                    "total": row.total,
                    "leader": row.leader,
                    "manager": row.manager,
                    "leader_share": row.leader_share,
                }
                for row in rows
            ]

        return {
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "total": self.total,
            "leader": self.leader,
            "manager": self.manager,
            "backlog": self.backlog,
            "leader_share": self.leader_share,
            "verdict": self.verdict.value,
            "score": self.score,
            "enough_data": self.enough_data,
            "band": {"low": self.settings.band_low, "high": self.settings.band_high},
            "flags": [flag.to_dict() for flag in self.flags],
            "by_week": [
                {
                    "start": row.start.isoformat() if row.start else row.key,
                    "end": row.end.isoformat() if row.end else row.key,
                    "total": row.total,
                    "leader": row.leader,
                    "manager": row.manager,
                    "leader_share": row.leader_share,
                }
                for row in self.by_week
            ],
            "by_channel": named(self.by_channel),
            "by_author": [
                {**entry, "profile": author_profile(row, self.settings.band_low)}
                for entry, row in zip(named(self.by_author), self.by_author, strict=True)
            ],
            "by_kind": named(self.by_kind),
            "filters": dict(self.filters),
            "by_pillar": [asdict(row) for row in self.by_pillar],
            "untied": {
                "count": self.untied.count,
                "share": self.untied.share,
                "post_ids": list(self.untied.post_ids),
            },
            "follow_ups": [
                {
                    "post_id": item.post_id,
                    "title": item.title,
                    "count": len(item.follower_ids),
                    "follower_ids": list(item.follower_ids),
                }
                for item in self.follow_ups
            ],
        }
