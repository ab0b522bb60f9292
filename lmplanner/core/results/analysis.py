"""What posts achieved, summed up per role and per pillar: medians, totals and leader ÷ manager."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lmplanner.core.domain import METRICS, PillarRecord, PostRecord, Role, name_key
from lmplanner.core.results.finding import MIN_POSTS_EACH, finding_sentence

# Reach: how many people a post got in front of. Relationship: how many answered, passed it on
# or stayed. Reactions count as neither: a like costs the reader nothing.
REACH: tuple[str, ...] = ("impressions", "clicks")
RELATIONSHIP: tuple[str, ...] = ("comments", "shares", "new_followers")


def has_results(post: PostRecord) -> bool:
    """Whether any count was recorded for the post."""
    return any(getattr(post, name) is not None for name in METRICS)


def post_sum(post: PostRecord, names: Sequence[str]) -> int | None:
    """The post's recorded counts among `names` added up; None when none was recorded."""
    values = [getattr(post, name) for name in names]
    recorded = [v for v in values if v is not None]
    return sum(recorded) if recorded else None


def reach(post: PostRecord) -> int | None:
    return post_sum(post, REACH)


def relationship(post: PostRecord) -> int | None:
    return post_sum(post, RELATIONSHIP)


@dataclass(frozen=True, slots=True)
class MetricStats:
    """One metric over a group's posts that recorded it: None when none did."""

    median: float | None = None
    total: int | None = None
    posts: int = 0  # how many posts recorded this metric

    @classmethod
    def of(cls, values: Iterable[int | None]) -> MetricStats:
        recorded = [v for v in values if v is not None]
        if not recorded:
            return cls()
        return cls(float(statistics.median(recorded)), sum(recorded), len(recorded))

    def to_dict(self) -> dict[str, Any]:
        return {"median": _number(self.median), "total": self.total}


@dataclass(frozen=True, slots=True)
class GroupResults:
    """The posts with results of one role or one pillar."""

    name: str | None
    posts: int
    metrics: dict[str, MetricStats]
    reach: MetricStats = field(default_factory=MetricStats)
    relationship: MetricStats = field(default_factory=MetricStats)

    @classmethod
    def of(cls, name: str | None, posts: Sequence[PostRecord]) -> GroupResults:
        metrics = {m: MetricStats.of(getattr(p, m) for p in posts) for m in METRICS}
        return cls(
            name,
            len(posts),
            metrics,
            MetricStats.of(reach(p) for p in posts),
            MetricStats.of(relationship(p) for p in posts),
        )

    def median(self, metric: str) -> float | None:
        return self.metrics[metric].median

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"posts": self.posts}
        data.update((name, stats.to_dict()) for name, stats in self.metrics.items())
        data["reach"] = self.reach.to_dict()
        data["relationship"] = self.relationship.to_dict()
        return data


def ratio(leader: float | None, manager: float | None) -> float | None:
    """Leader median ÷ manager median; None when either is missing or the manager's is 0."""
    if leader is None or manager is None or manager == 0:
        return None
    return leader / manager


def _number(value: float | None) -> float | int | None:
    """A median as JSON: whole numbers without a trailing .0."""
    if value is None:
        return None
    return int(value) if value == int(value) else round(value, 2)


@dataclass(frozen=True, slots=True)
class ResultsReport:
    """Results of the posts of a period (after the view's filters), for the meeting."""

    label: str  # the period, as people read it
    leader: GroupResults
    manager: GroupResults
    by_pillar: tuple[GroupResults, ...]
    posts: tuple[PostRecord, ...]  # the posts with results, by date
    without_results: int = 0  # dated posts of the period that have none recorded

    @property
    def enough(self) -> bool:
        return min(self.leader.posts, self.manager.posts) >= MIN_POSTS_EACH

    @property
    def ratios(self) -> dict[str, float | None]:
        names = (*METRICS, "reach", "relationship")
        return {
            name: ratio(self._median(self.leader, name), self._median(self.manager, name))
            for name in names
        }

    @staticmethod
    def _median(group: GroupResults, name: str) -> float | None:
        if name == "reach":
            return group.reach.median
        if name == "relationship":
            return group.relationship.median
        return group.median(name)

    @property
    def finding(self) -> str:
        return finding_sentence(self.leader.posts, self.manager.posts, self.ratios)

    def group(self, role: Role) -> GroupResults:
        return self.leader if role is Role.LEADER else self.manager

    def top(self, role: Role, count: int = 5) -> list[PostRecord]:
        """The role's posts that built the most relationship, best first (ties: most reach)."""
        mine = [p for p in self.posts if p.role is role and relationship(p) is not None]
        return sorted(mine, key=lambda p: (-(relationship(p) or 0), -(reach(p) or 0), p.id))[:count]

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.label,
            "leader": self.leader.to_dict(),
            "manager": self.manager.to_dict(),
            "ratios": {name: _ratio_json(r) for name, r in self.ratios.items()},
            "by_pillar": [{"name": g.name, **g.to_dict()} for g in self.by_pillar],
            "enough": self.enough,
            "finding": self.finding,
        }


def _ratio_json(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def analyze_results(
    label: str,
    posts: Iterable[PostRecord],
    pillars: Sequence[PillarRecord] = (),
) -> ResultsReport:
    """Sum up the results of `posts` (a period's dated posts); pillars in the plan's order, then
    posts without one."""
    every = list(posts)
    recorded = sorted((p for p in every if has_results(p)), key=lambda p: (p.date or p.id, p.id))
    leader = [p for p in recorded if p.role is Role.LEADER]
    manager = [p for p in recorded if p.role is Role.MANAGER]
    return ResultsReport(
        label,
        GroupResults.of(Role.LEADER.value, leader),
        GroupResults.of(Role.MANAGER.value, manager),
        _by_pillar(recorded, pillars),
        tuple(recorded),
        len(every) - len(recorded),
    )


def _by_pillar(
    posts: Sequence[PostRecord], pillars: Sequence[PillarRecord]
) -> tuple[GroupResults, ...]:
    groups: dict[str, list[PostRecord]] = {name_key(p.name): [] for p in pillars}
    names = {name_key(p.name): p.name for p in pillars}
    loose: list[PostRecord] = []
    for post in posts:
        key = name_key(post.pillar) if post.pillar else None
        if key is None:
            loose.append(post)
        else:
            groups.setdefault(key, []).append(post)
            names.setdefault(key, post.pillar or "")
    result = [GroupResults.of(names[key], members) for key, members in groups.items()]
    if loose:
        result.append(GroupResults.of(None, loose))
    return tuple(result)
