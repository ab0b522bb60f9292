"""The balance engine: is a plan's period all activity and no vision, and what to do about it.

The rules and their arithmetic live here; periods are in `balance_periods`, the report types in
`balance_report` and every word the report says in `balance_words`. This module keeps exporting
all of them, so `from lmplanner.core.balance import Period, analyze, ...` stays the way in.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter

from lmplanner.core.balance.periods import Period, check_weekday
from lmplanner.core.balance.report import (
    BalanceReport,
    Breakdown,
    Flag,
    FlagCode,
    Severity,
    Verdict,
)
from lmplanner.core.balance.words import (
    NO_AUTHOR,
    NO_CHANNEL,
    hint_start_with,
    kind_label,
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
from lmplanner.core.domain import BalanceSettings, Kind, PostRecord, Role, name_key

__all__ = [
    "BalanceReport",
    "Breakdown",
    "Flag",
    "FlagCode",
    "Period",
    "Severity",
    "Verdict",
    "analyze",
    "score_for",
    "verdict_for",
]

_NONE_KEY = "(none)"


# --------------------------------------------------------------------------------------------
# Arithmetic of the rules
# --------------------------------------------------------------------------------------------


def _share(leader: int, total: int) -> float | None:
    return leader / total if total else None


def verdict_for(share: float | None, settings: BalanceSettings) -> Verdict:
    """Band edges are inside the band."""
    if share is None:
        return Verdict.EMPTY
    if share < settings.band_low:
        return Verdict.ALL_ACTIVITY
    if share > settings.band_high:
        return Verdict.VISION_ONLY
    return Verdict.BALANCED


def score_for(share: float | None, settings: BalanceSettings) -> int:
    """Closeness of `share` to the band, 0..100.

    100 inside the band (edges included). Below it the score falls linearly to 0 at share 0:
    ``floor(100 * share / band_low)``; above it, linearly to 0 at share 1:
    ``floor(100 * (1 - share) / (1 - band_high))``. Outside the band it is capped at 99, so 100
    means exactly "balanced". No posts (share None) scores 0.
    """
    verdict = verdict_for(share, settings)
    if share is None:
        return 0
    if verdict is Verdict.ALL_ACTIVITY:
        raw = 100 * share / settings.band_low
    elif verdict is Verdict.VISION_ONLY:
        raw = 100 * (1 - share) / (1 - settings.band_high)
    else:
        return 100
    # The epsilon keeps float noise (0.15 / 0.3 = 0.4999…) from costing a point.
    return max(0, min(99, math.floor(raw + 1e-9)))


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


def _check_settings(settings: BalanceSettings) -> None:
    if not 0 <= settings.band_low <= settings.band_high <= 1:
        raise ValueError(
            "the leader band must satisfy 0 <= low <= high <= 1, got "
            f"{settings.band_low}–{settings.band_high}"
        )
    if not 0 <= settings.promotion_max <= 1:
        raise ValueError(f"promotion_max must be 0 to 1, got {settings.promotion_max}")
    if settings.drought_days < 0:
        raise ValueError(f"drought_days must not be negative, got {settings.drought_days}")
    check_weekday(settings.first_weekday)


# --------------------------------------------------------------------------------------------
# The analysis
# --------------------------------------------------------------------------------------------


class _Tally:
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
            leader_share=_share(self.leader, self.total),
        )


def _by_size(tallies: Iterable[_Tally]) -> list[_Tally]:
    """Biggest first; ties by name, case-insensitively then exactly, so the order is stable."""
    return sorted(tallies, key=lambda t: (-t.total, t.name.casefold(), t.name))


def _display(name: str) -> str:
    """A name as shown: inner runs of spaces collapsed; blank becomes the "(none)" key."""
    return " ".join(name.split()) or _NONE_KEY


def _group(groups: dict[str, _Tally], name: str) -> str:
    """The group key of `name`, creating its tally on first sight.

    Names compare by `name_key`; when one name turns up spelled two ways the row shows the
    smallest spelling, so the label does not depend on the order the posts came in.
    """
    key = name_key(name) or _NONE_KEY
    shown = _display(name)
    tally = groups.get(key)
    if tally is None:
        groups[key] = _Tally(key, shown)
    elif shown < tally.name:
        tally.name = shown
    return key


_post_id = attrgetter("id")
_post_date = attrgetter("date")


def _ids(posts: Iterable[PostRecord]) -> tuple[int, ...]:
    return tuple(map(_post_id, posts))


def _dates(posts: Iterable[PostRecord]) -> tuple[dt.date, ...]:
    """The distinct dates of posts already in date order (as `posts_on` returns them)."""
    return tuple(dict.fromkeys(map(_post_date, posts)))


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


def analyze(
    posts: Iterable[PostRecord],
    period: Period,
    settings: BalanceSettings = BalanceSettings(),  # noqa: B008 - frozen, safe as a default
    *,
    backlog: int = 0,
    filters: Mapping[str, str] | None = None,
) -> BalanceReport:
    """Analyse the posts planned in `period` against the plan's balance rules.

    Only posts with a date inside the period count; undated posts (the backlog) and posts in
    the trash (`deleted_at` set) are ignored — pass the backlog size as `backlog`. One pass over
    the posts, then work proportional to the number of days and groups.
    """
    _check_settings(settings)
    first_weekday = settings.first_weekday
    start, end = period.start, period.end

    # The one pass over the posts: bucket them by day and count each distinct combination of
    # the fields the report groups by. Everything after works on days and combinations.
    by_day: dict[dt.date, list[PostRecord]] = {}
    combos: dict[tuple[dt.date, Role, str, str | None, Kind | None], int] = {}
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

    weeks = period.weeks(first_weekday)
    week_origin = Period.week_of(start, first_weekday).start
    week_tallies = [_Tally(week.start.isoformat(), week.label()) for week in weeks]
    day_leaders: dict[dt.date, int] = {}
    channels: dict[str, _Tally] = {}
    authors: dict[str, _Tally] = {}
    kinds: dict[Kind | None, _Tally] = {}
    # Names repeat across thousands of posts: normalise each distinct spelling once.
    channel_keys: dict[str, str] = {}
    author_keys: dict[str, str] = {}
    total = leader = promo = 0

    for (day, role, channel, author, kind), count in combos.items():
        leaders = count if role is Role.LEADER else 0
        total += count
        leader += leaders
        day_leaders[day] = day_leaders.get(day, 0) + leaders
        week_tally = week_tallies[(day - week_origin).days // 7]
        week_tally.total += count
        week_tally.leader += leaders
        if not leaders:
            # A leader kind on a manager post (a role set by hand) gets no reframing advice.
            reframe = kind if kind is not None and kind.role is Role.MANAGER else None
            week_kinds = week_tally.manager_kinds
            week_kinds[reframe] = week_kinds.get(reframe, 0) + count

        channel_key = channel_keys.get(channel)
        if channel_key is None:
            channel_key = channel_keys[channel] = _group(channels, channel)
        author_name = author or ""
        author_key = author_keys.get(author_name)
        if author_key is None:
            author_key = author_keys[author_name] = _group(authors, author_name)
        kind_tally = kinds.get(kind)
        if kind_tally is None:
            name = kind.value if kind else _NONE_KEY
            kind_tally = kinds[kind] = _Tally(name, name)
        for tally in (channels[channel_key], authors[author_key], kind_tally):
            tally.total += count
            tally.leader += leaders
        if kind is Kind.PROMOTION:
            promo += count

    days = sorted(by_day)
    leader_days = [day for day in days if day_leaders[day]]
    sorted_days: set[dt.date] = set()

    manager = total - leader
    share = _share(leader, total)
    verdict = verdict_for(share, settings)
    enough = total >= settings.min_posts
    flags: list[Flag] = []

    def posts_on(flag_days: Iterable[dt.date]) -> list[PostRecord]:
        """The posts on these days, by date then id (each day's bucket is sorted on first use)."""
        found: list[PostRecord] = []
        for day in flag_days:
            bucket = by_day.get(day)
            if bucket is None:
                continue
            if day not in sorted_days:
                bucket.sort(key=_post_id)
                sorted_days.add(day)
            found.extend(bucket)
        return found

    if total == 0:
        flags.append(
            Flag(FlagCode.EMPTY_PERIOD.value, Severity.LOW, msg_empty(period), sug_empty(backlog))
        )

    # Share-based flags: only with enough posts to mean something.
    if total and enough and share is not None:
        if verdict is Verdict.ALL_ACTIVITY:
            manager_days = tuple(d for d in days if len(by_day[d]) > day_leaders[d])
            manager_posts = [p for p in posts_on(manager_days) if p.role is not Role.LEADER]
            flags.append(
                Flag(
                    FlagCode.ALL_ACTIVITY_NO_VISION.value,
                    Severity.HIGH,
                    msg_all_activity(leader, total, share, settings),
                    sug_all_activity(
                        _leader_posts_to_add(leader, total, settings.band_low),
                        _manager_posts_to_convert(leader, total, settings.band_low),
                        manager,
                        settings,
                        _start_with_hint(weeks, week_tallies),
                    ),
                    manager_days,
                    _ids(manager_posts),
                )
            )
        elif verdict is Verdict.VISION_ONLY:
            leader_posts = [p for p in posts_on(leader_days) if p.role is Role.LEADER]
            flags.append(
                Flag(
                    FlagCode.VISION_WITHOUT_EXECUTION.value,
                    Severity.MEDIUM,
                    msg_vision_only(leader, total, share, settings),
                    sug_vision_only(
                        _manager_posts_to_add(leader, total, settings.band_high),
                        _leader_posts_to_convert(leader, total, settings.band_high),
                        leader,
                        settings,
                    ),
                    tuple(leader_days),
                    _ids(leader_posts),
                )
            )
        if promo / total > settings.promotion_max:
            promotions = [p for p in posts_on(days) if p.kind is Kind.PROMOTION]
            flags.append(
                Flag(
                    FlagCode.SELF_PROMOTION_HEAVY.value,
                    Severity.MEDIUM,
                    msg_promotion(promo, total, settings),
                    sug_promotion(
                        _promotions_to_replace(promo, total, settings.promotion_max), promo
                    ),
                    _dates(promotions),
                    _ids(promotions),
                )
            )

    # Leader drought (a): busy weeks with no leader post.
    for week, tally in zip(weeks, week_tallies, strict=True):
        if tally.total and tally.total >= settings.drought_week_min_posts and not tally.leader:
            week_days = tuple(d for d in _days_of(week) if d in by_day)
            week_posts = posts_on(week_days)
            kind, count = _common_manager_kind(tally.manager_kinds)
            flags.append(
                Flag(
                    FlagCode.LEADER_DROUGHT.value,
                    Severity.MEDIUM,
                    msg_week_drought(week.label(), tally.total),
                    sug_week_drought(count, kind),
                    week_days,
                    _ids(week_posts),
                )
            )

    # Leader drought (b): long runs of days without a leader post (see `_drought_gaps`).
    if total:
        for first, last in _drought_gaps(leader_days, period, settings.drought_days):
            gap_days = _days_of(Period(first, last))
            flags.append(
                Flag(
                    FlagCode.LEADER_DROUGHT.value,
                    Severity.MEDIUM,
                    msg_gap(Period(first, last), period, settings.drought_days),
                    sug_gap(gap_days[len(gap_days) // 2]),
                    tuple(gap_days),
                    _ids(posts_on(gap_days)),
                )
            )

    quiet_channels = [
        tally
        for tally in _by_size(channels.values())
        if tally.total >= settings.channel_min_posts and not tally.leader
    ]
    if quiet_channels:
        channel_posts: dict[str, list[PostRecord]] = {tally.key: [] for tally in quiet_channels}
        for post in posts_on(days):
            found = channel_posts.get(channel_keys[post.channel])
            if found is not None:
                found.append(post)
        for tally in quiet_channels:
            flags.append(
                Flag(
                    FlagCode.CHANNEL_ALL_ACTIVITY.value,
                    Severity.LOW,
                    msg_channel(tally.name, tally.total),
                    sug_channel(tally.name),
                    _dates(channel_posts[tally.key]),
                    _ids(channel_posts[tally.key]),
                )
            )

    flags.sort(key=Flag.sort_key)

    author_rows = _by_size(t for k, t in authors.items() if k != _NONE_KEY)
    if _NONE_KEY in authors:
        author_rows.append(authors[_NONE_KEY])
    kind_order = {kind: i for i, kind in enumerate([*Kind, None])}

    return BalanceReport(
        period=period,
        total=total,
        leader=leader,
        manager=manager,
        backlog=backlog,
        leader_share=share,
        verdict=verdict,
        score=score_for(share, settings),
        enough_data=enough,
        flags=tuple(flags),
        by_week=tuple(
            Breakdown(
                key=week.start.isoformat(),
                label=week.label(),
                total=tally.total,
                leader=tally.leader,
                manager=tally.total - tally.leader,
                leader_share=_share(tally.leader, tally.total),
                start=week.start,
                end=week.end,
            )
            for week, tally in zip(weeks, week_tallies, strict=True)
        ),
        by_channel=tuple(
            t.row(t.name, t.name if t.name != _NONE_KEY else NO_CHANNEL)
            for t in _by_size(channels.values())
        ),
        by_author=tuple(
            t.row(t.name, t.name if t.name != _NONE_KEY else NO_AUTHOR) for t in author_rows
        ),
        by_kind=tuple(
            kinds[kind].row(kinds[kind].name, kind_label(kind))
            for kind in sorted(kinds, key=kind_order.__getitem__)
        ),
        settings=settings,
        filters=tuple((str(k), str(v)) for k, v in (filters or {}).items()),
    )


def _days_of(period: Period) -> list[dt.date]:
    return [period.start + dt.timedelta(days=i) for i in range(period.days())]


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


def _start_with_hint(weeks: list[Period], tallies: list[_Tally]) -> str:
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
