"""The balance rules: one function per flag code, each reading the tallied facts and the settings.

`RULES` is the table `analyze` runs, in order. The order matters only for flags that sort
equal (`Flag.sort_key`), which then keep the order the rules produced them in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter

from lmplanner.core.balance.clashes import slot_clash
from lmplanner.core.balance.periods import Period
from lmplanner.core.balance.pillars import PillarFacts, Strategy
from lmplanner.core.balance.report import Flag, FlagCode, Severity, Verdict
from lmplanner.core.balance.score import verdict_for
from lmplanner.core.balance.tally import Facts, Tally, by_size, post_id
from lmplanner.core.balance.words import (
    MSG_NO_PILLARS,
    NO_PILLAR,
    NONE_KEY,
    SUG_NO_PILLARS,
    hint_start_with,
    msg_all_activity,
    msg_channel,
    msg_empty,
    msg_execution_before_vision,
    msg_gap,
    msg_no_leader_voice,
    msg_pillar_off_target,
    msg_pillar_silent,
    msg_pillar_without_leader,
    msg_promotion,
    msg_single_leader_voice,
    msg_untied,
    msg_vision_only,
    msg_week_drought,
    serve_leader,
    serve_pillar,
    sug_all_activity,
    sug_channel,
    sug_empty,
    sug_execution_before_vision,
    sug_gap,
    sug_no_leader_voice,
    sug_pillar_off_target,
    sug_pillar_silent,
    sug_pillar_without_leader,
    sug_promotion,
    sug_single_leader_voice,
    sug_untied,
    sug_vision_only,
    sug_week_drought,
    untied_group,
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


# ------------------------------------------------------------------ strategy: pillars and voices
# The pillar rules need the plan's pillars (`Facts.strategy`); the voice rules only its authors,
# but they too run only when the caller analyses a whole plan (strategy facts present).


def activity_without_strategy(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    strategy = facts.strategy
    if strategy is None or not strategy.pillars or not facts.manager:
        return []
    if facts.total < settings.min_posts:
        return []
    untied = strategy.untied
    share = len(untied) / facts.manager
    if share <= settings.untied_max:
        return []
    group, count = _largest_untied_group(untied)
    return [
        Flag(
            FlagCode.ACTIVITY_WITHOUT_STRATEGY.value,
            Severity.HIGH if share >= 0.5 else Severity.MEDIUM,
            msg_untied(len(untied), facts.manager, share, settings),
            sug_untied(group, count, _what_to_serve(strategy)),
            _dates(untied),
            _ids(untied),
        )
    ]


def no_pillars(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    strategy = facts.strategy
    if strategy is None or strategy.pillars or facts.total < settings.min_posts:
        return []
    return [Flag(FlagCode.NO_PILLARS.value, Severity.LOW, MSG_NO_PILLARS, SUG_NO_PILLARS)]


def pillar_without_leader(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    flags = []
    for group in _pillar_groups(facts):
        managers = group.managers
        if not managers or group.leader_days or group.lead_in_days:
            continue
        name = _pillar_name(group)
        flags.append(
            Flag(
                FlagCode.PILLAR_WITHOUT_LEADER.value,
                Severity.MEDIUM,
                msg_pillar_without_leader(name, len(managers), settings.pillar_lead_days),
                sug_pillar_without_leader(name, _first_date(managers)),
                _dates(managers),
                _ids(managers),
                group.pillar.name if group.pillar else None,
            )
        )
    return flags


def execution_before_vision(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    flags = []
    lead = dt.timedelta(days=settings.pillar_lead_days)
    for group in _pillar_groups(facts):
        if not group.leader_days:
            continue
        first = group.leader_days[0]
        early = [
            post
            for post in group.managers
            if post.date is not None
            and post.date < first
            and not _led(group.lead_in_days, post.date - lead, post.date)
        ]
        if not early:
            continue
        name = _pillar_name(group)
        flags.append(
            Flag(
                FlagCode.EXECUTION_BEFORE_VISION.value,
                Severity.LOW,
                msg_execution_before_vision(name, len(early), first),
                sug_execution_before_vision(name, first, _first_date(early)),
                _dates(early),
                _ids(early),
                group.pillar.name if group.pillar else None,
            )
        )
    return flags


def pillar_off_target(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    if facts.total < settings.min_posts:
        return []
    flags = []
    total, tolerance = facts.total, settings.pillar_tolerance
    for group in _pillar_groups(facts):
        target = group.pillar.target if group.pillar else None
        if target is None or not group.total:
            continue  # a pillar with no post at all is PILLAR_SILENT's
        count = group.total
        share = count / total
        if abs(share - target) <= tolerance + 1e-9:
            continue
        under = share < target
        moves = _posts_to_target(count, total, target - tolerance if under else target + tolerance)
        name = _pillar_name(group)
        flags.append(
            Flag(
                FlagCode.PILLAR_OFF_TARGET.value,
                Severity.LOW,
                msg_pillar_off_target(name, count, share, target),
                sug_pillar_off_target(name, moves, under),
                _dates(group.posts),
                _ids(group.posts),
            )
        )
    return flags


def pillar_silent(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    if not facts.total:
        return []
    return [
        Flag(
            FlagCode.PILLAR_SILENT.value,
            Severity.LOW,
            msg_pillar_silent(_pillar_name(group), group.pillar.target),
            sug_pillar_silent(_pillar_name(group)),
        )
        for group in _pillar_groups(facts)
        if group.pillar and group.pillar.target and not group.total
    ]


def no_leader_voice(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    authors = _authors(facts)
    authored = sum(t.total for t in authors)
    if not authors or authored < settings.min_posts or any(t.leader for t in authors):
        return []
    posts = [p for p in facts.posts_on(facts.days) if p.author and p.author.strip()]
    return [
        Flag(
            FlagCode.NO_LEADER_VOICE.value,
            Severity.HIGH,
            msg_no_leader_voice(authored, len(authors)),
            sug_no_leader_voice(authors[0].name, facts.days[len(facts.days) // 2]),
            _dates(posts),
            _ids(posts),
        )
    ]


def single_leader_voice(facts: Facts, settings: BalanceSettings) -> list[Flag]:
    authors = _authors(facts)
    voices = [t for t in authors if t.leader]
    if len(authors) < 3 or len(voices) != 1 or voices[0].leader != facts.leader:
        return []
    voice = voices[0]
    leaders = [p for p in facts.posts_on(facts.leader_days) if p.role is Role.LEADER]
    other = next(t for t in authors if t is not voice)
    return [
        Flag(
            FlagCode.SINGLE_LEADER_VOICE.value,
            Severity.LOW,
            msg_single_leader_voice(voice.name, voice.leader, len(authors)),
            sug_single_leader_voice(other.name),
            _dates(leaders),
            _ids(leaders),
        )
    ]


RULES: Mapping[FlagCode, Rule] = {
    FlagCode.EMPTY_PERIOD: empty_period,
    FlagCode.ALL_ACTIVITY_NO_VISION: all_activity_no_vision,
    FlagCode.VISION_WITHOUT_EXECUTION: vision_without_execution,
    FlagCode.SELF_PROMOTION_HEAVY: self_promotion_heavy,
    FlagCode.LEADER_DROUGHT: leader_drought,
    FlagCode.CHANNEL_ALL_ACTIVITY: channel_all_activity,
    FlagCode.ACTIVITY_WITHOUT_STRATEGY: activity_without_strategy,
    FlagCode.NO_PILLARS: no_pillars,
    FlagCode.PILLAR_WITHOUT_LEADER: pillar_without_leader,
    FlagCode.EXECUTION_BEFORE_VISION: execution_before_vision,
    FlagCode.PILLAR_OFF_TARGET: pillar_off_target,
    FlagCode.PILLAR_SILENT: pillar_silent,
    FlagCode.NO_LEADER_VOICE: no_leader_voice,
    FlagCode.SINGLE_LEADER_VOICE: single_leader_voice,
    FlagCode.SLOT_CLASH: slot_clash,
}


# --------------------------------------------------------------------------------------------
# Parts of the rules
# --------------------------------------------------------------------------------------------


def _pillar_groups(facts: Facts) -> list[PillarFacts]:
    return facts.strategy.pillars if facts.strategy is not None else []


def _pillar_name(group: PillarFacts) -> str:
    return group.pillar.name if group.pillar else NO_PILLAR


def _first_date(posts: list[PostRecord]) -> dt.date:
    return posts[0].date or dt.date.min


def _led(days: list[dt.date], start: dt.date, end: dt.date) -> bool:
    """Whether a day in sorted `days` lies in start … end."""
    index = bisect.bisect_left(days, start)
    return index < len(days) and days[index] <= end


def _authors(facts: Facts) -> list[Tally]:
    """The period's authors, busiest first; only when the whole plan is analysed."""
    if facts.strategy is None:
        return []
    return by_size(t for key, t in facts.authors.items() if key != NONE_KEY)


def _largest_untied_group(untied: list[PostRecord]) -> tuple[str, int]:
    """The channel or manager kind with the most untied posts (a channel wins a tie)."""
    channels: dict[str, int] = {}
    kinds: dict[Kind, int] = {}
    for post in untied:
        channels[post.channel] = channels.get(post.channel, 0) + 1
        if post.kind is not None:
            kinds[post.kind] = kinds.get(post.kind, 0) + 1
    channel, count = max(channels.items(), key=lambda item: (item[1], item[0]))
    if kinds:
        kind, kind_count = max(kinds.items(), key=lambda item: (item[1], item[0].value))
        if kind_count > count:
            return untied_group(None, kind), kind_count
    return untied_group(channel, None), count


def _what_to_serve(strategy: Strategy) -> str:
    """The pillar with the most leader posts in the period, else the latest leader post, else
    the first pillar."""
    leading = max(strategy.pillars, key=lambda g: g.leader)
    if leading.leader and leading.pillar:
        return serve_pillar(leading.pillar.name)
    if strategy.leaders:
        latest = strategy.leaders[-1]
        return serve_leader(latest.title, latest.date or dt.date.min)
    first = strategy.pillars[0].pillar
    return serve_pillar(first.name if first else NO_PILLAR)


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


def _posts_to_target(count: int, total: int, edge: float) -> int:
    """Fewest of the period's posts to give a pillar (or take from it) so its share reaches
    `edge` from below (or above)."""
    if count / total < edge:
        return _least(lambda k: (count + k) / total >= edge, edge * total - count, 1, total)
    return _least(lambda k: (count - k) / total <= edge, count - edge * total, 1, count)


def _promotions_to_replace(promo: int, total: int, limit: float) -> int:
    return _least(lambda r: (promo - r) / total <= limit, promo - limit * total, 1, promo)
