"""The balance rules: one function per flag code, each reading the tallied facts and the settings.

`RULES` is the table `analyze` runs, in order. The order matters only for flags that sort
equal (`Flag.sort_key`), which then keep the order the rules produced them in.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter

from lmplanner.core.balance.periods import Period
from lmplanner.core.balance.report import Flag, FlagCode, Severity, Verdict
from lmplanner.core.balance.score import verdict_for
from lmplanner.core.balance.tally import Facts, Tally, by_size, post_id
from lmplanner.core.balance.words import (
    hint_start_with,
    msg_all_activity,
    msg_channel,
    msg_empty,
    msg_gap,
    msg_promotion,
    msg_vision_only,
    msg_week_drought,
    sug_all_activity,
    sug_channel,
    sug_empty,
    sug_gap,
    sug_promotion,
    sug_vision_only,
    sug_week_drought,
)
from lmplanner.core.domain import BalanceSettings, Kind, PostRecord, Role

Rule = Callable[[Facts, BalanceSettings], list[Flag]]


# --------------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------------


def empty_period(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    if facts.total:
        return []
    return [
        Flag(
            FlagCode.EMPTY_PERIOD.value,
            Severity.LOW,
            msg_empty(facts.period),
            sug_empty(facts.backlog),
        )
    ]


def all_activity_no_vision(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    share = _judged_share(facts, settings)
    if share is None or verdict_for(share, settings) is not Verdict.ALL_ACTIVITY:
        return []
    leader, total, low = facts.leader, facts.total, settings.band_low
    manager_days = tuple(d for d in facts.days if len(facts.by_day[d]) > facts.day_leaders[d])
    manager_posts = [p for p in facts.posts_on(manager_days) if p.role is not Role.LEADER]
    return [
        Flag(
            FlagCode.ALL_ACTIVITY_NO_VISION.value,
            Severity.HIGH,
            msg_all_activity(leader, total, share, settings),
            sug_all_activity(
                _leader_posts_to_add(leader, total, low),
                _manager_posts_to_convert(leader, total, low),
                facts.manager,
                settings,
                _start_with_hint(facts.weeks, facts.week_tallies),
            ),
            manager_days,
            _ids(manager_posts),
        )
    ]


def vision_without_execution(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    share = _judged_share(facts, settings)
    if share is None or verdict_for(share, settings) is not Verdict.VISION_ONLY:
        return []
    leader, total, high = facts.leader, facts.total, settings.band_high
    leader_posts = [p for p in facts.posts_on(facts.leader_days) if p.role is Role.LEADER]
    return [
        Flag(
            FlagCode.VISION_WITHOUT_EXECUTION.value,
            Severity.MEDIUM,
            msg_vision_only(leader, total, share, settings),
            sug_vision_only(
                _manager_posts_to_add(leader, total, high),
                _leader_posts_to_convert(leader, total, high),
                leader,
                settings,
            ),
            tuple(facts.leader_days),
            _ids(leader_posts),
        )
    ]


def self_promotion_heavy(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    promo, total, limit = facts.promo, facts.total, settings.promotion_max
    if _judged_share(facts, settings) is None or promo / total <= limit:
        return []
    promotions = [p for p in facts.posts_on(facts.days) if p.kind is Kind.PROMOTION]
    return [
        Flag(
            FlagCode.SELF_PROMOTION_HEAVY.value,
            Severity.MEDIUM,
            msg_promotion(promo, total, settings),
            sug_promotion(_promotions_to_replace(promo, total, limit), promo),
            _dates(promotions),
            _ids(promotions),
        )
    ]


def leader_drought(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    """Busy weeks with no leader post, then long runs of days without one."""
    return [*_busy_weeks_without_leader(facts, settings), *_long_gaps(facts, settings)]


def channel_all_activity(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    quiet_channels = [
        tally
        for tally in by_size(facts.channels.values())
        if tally.total >= settings.channel_min_posts and not tally.leader
    ]
    if not quiet_channels:
        return []
    channel_posts: dict[str, list[PostRecord]] = {tally.key: [] for tally in quiet_channels}
    for post in facts.posts_on(facts.days):
        found = channel_posts.get(facts.channel_keys[post.channel])
        if found is not None:
            found.append(post)
    return [
        Flag(
            FlagCode.CHANNEL_ALL_ACTIVITY.value,
            Severity.LOW,
            msg_channel(tally.name, tally.total),
            sug_channel(tally.name),
            _dates(channel_posts[tally.key]),
            _ids(channel_posts[tally.key]),
        )
        for tally in quiet_channels
    ]


RULES: Mapping[FlagCode, Rule] = {
    FlagCode.EMPTY_PERIOD: empty_period,
    FlagCode.ALL_ACTIVITY_NO_VISION: all_activity_no_vision,
    FlagCode.VISION_WITHOUT_EXECUTION: vision_without_execution,
    FlagCode.SELF_PROMOTION_HEAVY: self_promotion_heavy,
    FlagCode.LEADER_DROUGHT: leader_drought,
    FlagCode.CHANNEL_ALL_ACTIVITY: channel_all_activity,
}


# --------------------------------------------------------------------------------------------
# Parts of the rules
# --------------------------------------------------------------------------------------------


def _judged_share(facts: Facts, settings: BalanceSettings) -> float | None:
    """The leader share, if there are enough posts for the share rules to mean something."""
    if facts.total < settings.min_posts:
        return None
    return facts.share


def _busy_weeks_without_leader(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    flags = []
    for week, tally in zip(facts.weeks, facts.week_tallies, strict=True):
        if tally.total and tally.total >= settings.drought_week_min_posts and not tally.leader:
            week_days = tuple(d for d in _days_of(week) if d in facts.by_day)
            kind, count = _common_manager_kind(tally.manager_kinds)
            flags.append(
                Flag(
                    FlagCode.LEADER_DROUGHT.value,
                    Severity.MEDIUM,
                    msg_week_drought(week.label(), tally.total),
                    sug_week_drought(count, kind),
                    week_days,
                    _ids(facts.posts_on(week_days)),
                )
            )
    return flags


def _long_gaps(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    if not facts.total:
        return []
    flags = []
    for first, last in _drought_gaps(facts.leader_days, facts.period, settings.drought_days):
        gap_days = _days_of(Period(first, last))
        flags.append(
            Flag(
                FlagCode.LEADER_DROUGHT.value,
                Severity.MEDIUM,
                msg_gap(Period(first, last), facts.period, settings.drought_days),
                sug_gap(gap_days[len(gap_days) // 2]),
                tuple(gap_days),
                _ids(facts.posts_on(gap_days)),
            )
        )
    return flags


def _drought_gaps(
    leader_days: list[dt.date], period: Period, drought_days: int
) -> list[tuple[dt.date, dt.date]]:
    """Runs of more than `drought_days` consecutive days with no leader post, as (first, last).

    Take the sorted distinct leader-post dates and put a virtual leader post on each side of the
    period: ``period.start - 1 day`` and ``period.end + 1 day``. For each consecutive pair (a, b)
    the gap is the number of days strictly between them, ``(b - a).days - 1`` — the days with no
    leader post. A gap longer than `drought_days` is a drought covering ``a + 1 … b - 1``.
    So with drought_days = 10, leader posts on the 1st and the 12th (10 days between) pass and the
    1st and the 13th (11 days) do not; a first leader post on the 11th leaves 10 leaderless days at
    the start (passes), on the 12th it leaves 11 (drought). With no leader post at all, the
    whole period is one gap of `period.days()` days.
    """
    # Day numbers rather than dates, so the fences work even next to date.min / date.max.
    fences = [
        period.start.toordinal() - 1,
        *(day.toordinal() for day in leader_days),
        period.end.toordinal() + 1,
    ]
    return [
        (dt.date.fromordinal(before + 1), dt.date.fromordinal(after - 1))
        for before, after in itertools.pairwise(fences)
        if after - before - 1 > drought_days
    ]


def _start_with_hint(weeks: list[Period], tallies: list[Tally]) -> str:
    """Point at the week with the most manager posts (preferring weeks with no leader post)."""
    best: tuple[bool, int, int] | None = None
    best_index = -1
    for index, tally in enumerate(tallies):
        managers = tally.total - tally.leader
        if not managers:
            continue
        rank = (tally.leader == 0, managers, -index)
        if best is None or rank > best:
            best, best_index = rank, index
    if best_index < 0:
        return ""
    kind, count = _common_manager_kind(tallies[best_index].manager_kinds)
    return hint_start_with(weeks[best_index].label(), count, kind)


def _common_manager_kind(counts: Mapping[Kind | None, int]) -> tuple[Kind | None, int]:
    """The most frequent kind among manager posts (ties: the earlier Kind), and its count.

    Posts without a manager kind count under None, which only wins when no post has one.
    """
    order = list(Kind)
    kinds = sorted(
        (kind for kind in counts if kind is not None), key=lambda k: (-counts[k], order.index(k))
    )
    if kinds:
        return kinds[0], counts[kinds[0]]
    return None, counts.get(None, 0)


def _days_of(period: Period) -> list[dt.date]:
    return [period.start + dt.timedelta(days=i) for i in range(period.days())]


_post_date = attrgetter("date")


def _ids(posts: Iterable[PostRecord]) -> tuple[int, ...]:
    return tuple(map(post_id, posts))


def _dates(posts: Iterable[PostRecord]) -> tuple[dt.date, ...]:
    """The distinct dates of posts already in date order (as `posts_on` returns them)."""
    return tuple(dict.fromkeys(map(_post_date, posts)))


# --------------------------------------------------------------------------------------------
# How many posts to add, convert or replace
# --------------------------------------------------------------------------------------------


def _least(ok: Callable[[int], bool], guess: float, low: int, high: int | None) -> int:
    """The least n in [low, high] with ok(n), for a monotone `ok`, starting near `guess`.

    The closed-form guess can be off by one through float rounding; stepping fixes that and
    keeps the answer consistent with the exact comparisons the verdict uses.
    """
    n = max(low, math.ceil(guess) if math.isfinite(guess) else low)
    if high is not None:
        n = min(n, high)
    while n > low and ok(n - 1):
        n -= 1
    while not ok(n):
        n += 1
    return n


def _leader_posts_to_add(leader: int, total: int, low: float) -> int | None:
    """Fewest leader posts to add so the share reaches `low`; None if adding alone never can."""
    if low >= 1:
        return None
    return _least(
        lambda k: (leader + k) / (total + k) >= low, (low * total - leader) / (1 - low), 1, None
    )


def _manager_posts_to_convert(leader: int, total: int, low: float) -> int:
    return _least(lambda c: (leader + c) / total >= low, low * total - leader, 1, total - leader)


def _manager_posts_to_add(leader: int, total: int, high: float) -> int | None:
    """Fewest manager posts to add so the share falls to `high`; None if it never can."""
    if high <= 0:
        return None
    return _least(lambda m: leader / (total + m) <= high, leader / high - total, 1, None)


def _leader_posts_to_convert(leader: int, total: int, high: float) -> int:
    return _least(lambda c: (leader - c) / total <= high, leader - high * total, 1, leader)


def _promotions_to_replace(promo: int, total: int, limit: float) -> int:
    return _least(lambda r: (promo - r) / total <= limit, promo - limit * total, 1, promo)
