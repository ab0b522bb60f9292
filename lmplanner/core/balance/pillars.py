"""The strategy pass over a period's posts: pillars, untied manager posts and follow-up links.

It runs after the tally (`tally.tally`) only when the caller says which pillars the plan has, and
reads the posts the tally bucketed by day. A post's `follows` counts only when it is a manager
post: the service hands out the link only while its leader post is a leader post in the plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from lmplanner.core.balance.tally import Facts
from lmplanner.core.domain import PillarRecord, PostRecord, Role, name_key


@dataclass(slots=True)
class PillarFacts:
    """One pillar (or, with `pillar` None, the posts without one) in the period."""

    pillar: PillarRecord | None
    total: int = 0
    leader: int = 0
    leader_days: list[dt.date] = field(default_factory=list)  # the period's, sorted
    lead_in_days: list[dt.date] = field(default_factory=list)  # before the period, sorted
    posts: list[PostRecord] = field(default_factory=list)  # by date, then id

    @property
    def manager(self) -> int:
        return self.total - self.leader

    @property
    def managers(self) -> list[PostRecord]:
        return [post for post in self.posts if post.role is not Role.LEADER]


@dataclass(slots=True)
class Strategy:
    """What the strategy rules read."""

    pillars: list[PillarFacts]  # in the plan's order
    unpillared: PillarFacts
    untied: list[PostRecord]  # manager posts with no pillar and no counting link, by date, id
    leaders: list[PostRecord]  # the period's leader posts, by date, id
    followers: dict[int, list[int]]  # leader post id → its follow-ups in the period (ids)


def _ordered(posts: Iterable[PostRecord]) -> list[PostRecord]:
    return sorted(posts, key=lambda p: (p.date or dt.date.min, p.id))


def tally_strategy(
    facts: Facts, pillars: Sequence[PillarRecord], lead_in: Iterable[PostRecord]
) -> Strategy:
    groups = {name_key(p.name): PillarFacts(p) for p in pillars}
    unpillared = PillarFacts(None)
    untied: list[PostRecord] = []
    leaders: list[PostRecord] = []
    followers: dict[int, list[int]] = {}
    # Pillar names repeat across hundreds of posts: find each spelling's group once.
    group_of: dict[str | None, PillarFacts | None] = {None: None}
    leader_role = Role.LEADER
    for bucket in facts.by_day.values():
        for post in bucket:
            name = post.pillar
            if name in group_of:
                group = group_of[name]
            else:
                group = group_of[name] = groups.get(name_key(name)) if name else None
            target = group or unpillared
            target.total += 1
            target.posts.append(post)
            if post.role is leader_role:
                target.leader += 1
                target.leader_days.append(post.date or dt.date.min)
                leaders.append(post)
            elif post.follows is not None:
                followers.setdefault(post.follows, []).append(post.id)
            elif group is None:
                untied.append(post)
    for post in lead_in:
        group = groups.get(name_key(post.pillar)) if post.pillar else None
        if group is not None and post.date is not None:
            group.lead_in_days.append(post.date)
    for group in (*groups.values(), unpillared):
        group.leader_days.sort()
        group.lead_in_days.sort()
        group.posts = _ordered(group.posts)
    for ids in followers.values():
        ids.sort()
    return Strategy(
        list(groups.values()), unpillared, _ordered(untied), _ordered(leaders), followers
    )
