"""The one pass over a period's posts: the counts and buckets every balance rule reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING

from lmplanner.core.balance.periods import Period
from lmplanner.core.balance.report import Breakdown
from lmplanner.core.balance.score import leader_share
from lmplanner.core.balance.words import NONE_KEY
from lmplanner.core.domain import Kind, PostRecord, Role, name_key

if TYPE_CHECKING:
    from lmplanner.core.balance.pillars import Strategy

post_id = attrgetter("id")

# The fields the report groups by, in the order the tally reads them.
_Combo = tuple[dt.date, Role, str, str | None, Kind | None]


class Tally:
    """Counts for one breakdown row."""

    __slots__ = ("key", "leader", "manager_kinds", "name", "total")

    def __init__(self, key: str, name: str) -> None:
        self.key = key
        self.name = name
        self.total = 0
        self.leader = 0
        # Manager posts by kind (weeks only), to say which kind of post to reframe.
        self.manager_kinds: dict[Kind | None, int] = {}

    def row(self, key: str, label: str) -> Breakdown:
        return Breakdown(
            key=key,
            label=label,
            total=self.total,
            leader=self.leader,
            manager=self.total - self.leader,
            leader_share=leader_share(self.leader, self.total),
        )


def by_size(tallies: Iterable[Tally]) -> list[Tally]:
    """Biggest first; ties by name, case-insensitively then exactly, so the order is stable."""
    return sorted(tallies, key=lambda t: (-t.total, t.name.casefold(), t.name))


@dataclass(slots=True)
class Facts:
    """What the tally learned about a period's posts (and the backlog size it was handed)."""

    period: Period
    backlog: int
    weeks: list[Period]
    week_tallies: list[Tally]
    # The period's posts by day, in the order they came (sorted by id on first use).
    by_day: dict[dt.date, list[PostRecord]]
    total: int = 0
    leader: int = 0
    promo: int = 0
    day_leaders: dict[dt.date, int] = field(default_factory=dict)
    channels: dict[str, Tally] = field(default_factory=dict)
    authors: dict[str, Tally] = field(default_factory=dict)
    kinds: dict[Kind | None, Tally] = field(default_factory=dict)
    # Channel name as spelled on a post → its group key in `channels`.
    channel_keys: dict[str, str] = field(default_factory=dict)
    days: list[dt.date] = field(default_factory=list)
    leader_days: list[dt.date] = field(default_factory=list)
    sorted_days: set[dt.date] = field(default_factory=set)
    # Pillars and links (balance.pillars); None when the caller did not say what the plan has.
    strategy: Strategy | None = None

    @property
    def manager(self) -> int:
        return self.total - self.leader

    @property
    def share(self) -> float | None:
        return leader_share(self.leader, self.total)

    def posts_on(self, flag_days: Iterable[dt.date]) -> list[PostRecord]:
        """The posts on these days, by date then id (each day's bucket is sorted on first use)."""
        found: list[PostRecord] = []
        for day in flag_days:
            bucket = self.by_day.get(day)
            if bucket is None:
                continue
            if day not in self.sorted_days:
                bucket.sort(key=post_id)
                self.sorted_days.add(day)
            found.extend(bucket)
        return found


def tally(posts: Iterable[PostRecord], period: Period, first_weekday: int, backlog: int) -> Facts:
    """Count the posts dated inside `period` that are not in the trash.

    The one pass over the posts buckets them by day and counts each distinct combination of the
    fields the report groups by; everything after works on days and combinations.
    """
    by_day, combos = _bucket(posts, period)
    weeks = period.weeks(first_weekday)
    facts = Facts(
        period=period,
        backlog=backlog,
        weeks=weeks,
        week_tallies=[Tally(week.start.isoformat(), week.label()) for week in weeks],
        by_day=by_day,
    )
    _count(facts, combos, Period.week_of(period.start, first_weekday).start)
    facts.days = sorted(by_day)
    facts.leader_days = [day for day in facts.days if facts.day_leaders[day]]
    return facts


def _bucket(
    posts: Iterable[PostRecord], period: Period
) -> tuple[dict[dt.date, list[PostRecord]], dict[_Combo, int]]:
    start, end = period.start, period.end
    by_day: dict[dt.date, list[PostRecord]] = {}
    combos: dict[_Combo, int] = {}
    for post in posts:
        day = post.date
        if day is None or day < start or day > end or post.deleted_at is not None:
            continue
        bucket = by_day.get(day)
        if bucket is None:
            by_day[day] = [post]
        else:
            bucket.append(post)
        combo = (day, post.role, post.channel, post.author, post.kind)
        combos[combo] = combos.get(combo, 0) + 1
    return by_day, combos


def _count(facts: Facts, combos: dict[_Combo, int], week_origin: dt.date) -> None:
    # Names repeat across thousands of posts: normalise each distinct spelling once.
    author_keys: dict[str, str] = {}
    for (day, role, channel, author, kind), count in combos.items():
        leaders = count if role is Role.LEADER else 0
        facts.total += count
        facts.leader += leaders
        facts.day_leaders[day] = facts.day_leaders.get(day, 0) + leaders
        week_tally = facts.week_tallies[(day - week_origin).days // 7]
        week_tally.total += count
        week_tally.leader += leaders
        if not leaders:
            # A leader kind on a manager post (a role set by hand) gets no reframing advice.
            reframe = kind if kind is not None and kind.role is Role.MANAGER else None
            week_kinds = week_tally.manager_kinds
            week_kinds[reframe] = week_kinds.get(reframe, 0) + count

        channel_key = facts.channel_keys.get(channel)
        if channel_key is None:
            channel_key = facts.channel_keys[channel] = _group(facts.channels, channel)
        author_name = author or ""
        author_key = author_keys.get(author_name)
        if author_key is None:
            author_key = author_keys[author_name] = _group(facts.authors, author_name)
        kind_tally = facts.kinds.get(kind)
        if kind_tally is None:
            name = kind.value if kind else NONE_KEY
            kind_tally = facts.kinds[kind] = Tally(name, name)
        for group in (facts.channels[channel_key], facts.authors[author_key], kind_tally):
            group.total += count
            group.leader += leaders
        if kind is Kind.PROMOTION:
            facts.promo += count


def _display(name: str) -> str:
    """A name as shown: inner runs of spaces collapsed; blank becomes the "(none)" key."""
    return " ".join(name.split()) or NONE_KEY


def _group(groups: dict[str, Tally], name: str) -> str:
    """The group key of `name`, creating its tally on first sight.

    Names compare by `name_key`; when one name turns up spelled two ways the row shows the
    smallest spelling, so the label does not depend on the order the posts came in.
    """
    key = name_key(name) or NONE_KEY
    shown = _display(name)
    tally = groups.get(key)
    if tally is None:
        groups[key] = Tally(key, shown)
    elif shown < tally.name:
        tally.name = shown
    return key
