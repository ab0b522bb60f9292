"""Balance engine: the rules table, one case per rule and per edge."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import pytest
from balance_support import ALL_DROUGHT, MONDAY, NOV, QUIET, SUNDAY, Posts, codes, nov

from lmplanner.core.balance import FlagCode, Period, Verdict, analyze
from lmplanner.core.domain import BalanceSettings, Kind, Role


@dataclass
class Case:
    name: str
    posts: Posts
    expected: tuple[str, ...]
    verdict: Verdict
    enough: bool = True
    rules: BalanceSettings = QUIET
    period: Period = NOV
    total: int | None = None
    backlog: int = 0
    extra: dict[str, object] = field(default_factory=dict)


CASES = [
    # Band edges are inside the band.
    Case(
        "share exactly band_low",
        Posts().leader(2, 3, 4).manager(*range(5, 12)),
        (),
        Verdict.BALANCED,
    ),
    Case(
        "share just below band_low",
        Posts().leader(2, 3, 4).manager(*range(5, 13)),
        (FlagCode.ALL_ACTIVITY_NO_VISION,),
        Verdict.ALL_ACTIVITY,
    ),
    Case("share exactly band_high", Posts().leader(2, 3, 4).manager(5, 6), (), Verdict.BALANCED),
    Case(
        "share just above band_high",
        Posts().leader(2, 3, 4, 5).manager(6, 7),
        (FlagCode.VISION_WITHOUT_EXECUTION,),
        Verdict.VISION_ONLY,
    ),
    # Minimum sample: below min_posts (3) the verdict is "too early to tell" and the flag waits.
    Case("2 manager posts: too few", Posts().manager(2, 3), (), Verdict.TOO_EARLY, enough=False),
    Case(
        "3 manager posts: enough",
        Posts().manager(2, 3, 4),
        (FlagCode.ALL_ACTIVITY_NO_VISION,),
        Verdict.ALL_ACTIVITY,
    ),
    Case("2 leader posts: too few", Posts().leader(2, 3), (), Verdict.TOO_EARLY, enough=False),
    Case(
        "3 leader posts: enough",
        Posts().leader(2, 3, 4),
        (FlagCode.VISION_WITHOUT_EXECUTION,),
        Verdict.VISION_ONLY,
    ),
    # Promotion: strictly above promotion_max of the period's total, with min_posts.
    Case(
        "promotion exactly 20 %",
        Posts().leader(2, 3).manager(4, 5).manager(6, kind=Kind.PROMOTION),
        (),
        Verdict.BALANCED,
        rules=replace(QUIET, promotion_max=0.2),
    ),
    Case(
        "promotion above 20 %",
        Posts().leader(2, 3).manager(4).manager(5, 6, kind=Kind.PROMOTION),
        (FlagCode.SELF_PROMOTION_HEAVY,),
        Verdict.BALANCED,
        rules=replace(QUIET, promotion_max=0.2),
    ),
    Case(
        "promotion heavy but too few posts",
        Posts().leader(2).manager(3, kind=Kind.PROMOTION),
        (),
        Verdict.TOO_EARLY,
        enough=False,
        rules=replace(QUIET, promotion_max=0.2),
    ),
    # Channel: channel_min_posts (4) posts and not one leader post.
    Case(
        "channel with 3 manager posts",
        Posts().leader(2, 3, 4, channel="Blog").manager(5, 6, 7, channel="X"),
        (),
        Verdict.BALANCED,
        rules=replace(QUIET, channel_min_posts=4),
    ),
    Case(
        "channel with 4 manager posts",
        Posts().leader(2, 3, 4, 5, channel="Blog").manager(6, 7, 8, 9, channel="X"),
        (FlagCode.CHANNEL_ALL_ACTIVITY,),
        Verdict.BALANCED,
        rules=replace(QUIET, channel_min_posts=4),
    ),
    Case(
        "channel with 4 posts, one of them leader",
        Posts()
        .leader(2, 3, 4, channel="Blog")
        .leader(5, channel="X")
        .manager(6, 7, 8, channel="X"),
        (),
        Verdict.BALANCED,
        rules=replace(QUIET, channel_min_posts=4),
    ),
    # Drought gaps (drought_days = 10): the days strictly between two leader dates.
    Case(
        "10 days between leader posts",
        Posts().leader(1, 12, 23).manager(5, 15, 27),
        (),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_days=10),
    ),
    Case(
        "11 days between leader posts",
        Posts().leader(1, 13, 24).manager(5, 15, 27),
        (FlagCode.LEADER_DROUGHT,),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_days=10),
    ),
    Case(
        "10 leaderless days at the start",
        Posts().leader(11, 20, 30).manager(5, 15, 27),
        (),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_days=10),
    ),
    Case(
        "11 leaderless days at the start",
        Posts().leader(12, 20, 30).manager(5, 15, 27),
        (FlagCode.LEADER_DROUGHT,),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_days=10),
    ),
    Case(
        "10 leaderless days at the end",
        Posts().leader(1, 10, 20).manager(5, 15, 27),
        (),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_days=10),
    ),
    Case(
        "11 leaderless days at the end",
        Posts().leader(1, 10, 19).manager(5, 15, 27),
        (FlagCode.LEADER_DROUGHT,),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_days=10),
    ),
    Case(
        "no leader post in a 30-day month",
        Posts().manager(5, 15, 27),
        ALL_DROUGHT,
        Verdict.ALL_ACTIVITY,
        rules=replace(QUIET, drought_days=10),
    ),
    Case(
        "no leader post in a period of exactly drought_days days",
        Posts().manager(1, 5, 10),
        (FlagCode.ALL_ACTIVITY_NO_VISION,),
        Verdict.ALL_ACTIVITY,
        rules=replace(QUIET, drought_days=10),
        period=Period(nov(1), nov(10)),
    ),
    Case(
        "no leader post in a period one day longer than drought_days",
        Posts().manager(1, 5, 11),
        ALL_DROUGHT,
        Verdict.ALL_ACTIVITY,
        rules=replace(QUIET, drought_days=10),
        period=Period(nov(1), nov(11)),
    ),
    Case(
        "one lone manager post still starts a drought",
        Posts().manager(15),
        (FlagCode.LEADER_DROUGHT,),
        Verdict.TOO_EARLY,
        enough=False,
        rules=replace(QUIET, drought_days=10),
    ),
    # Drought weeks: drought_week_min_posts (3) posts in a week and no leader post.
    Case(
        "week with 2 manager posts",
        Posts().leader(2, 16, 23).manager(10, 11),
        (),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_week_min_posts=3),
    ),
    Case(
        "week with 3 manager posts",
        Posts().leader(2, 16, 23).manager(10, 11, 12),
        (FlagCode.LEADER_DROUGHT,),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_week_min_posts=3),
    ),
    # Nov 2026 starts on a Sunday: Monday weeks clip Sunday 1 Nov into a week of its own.
    Case(
        "Sunday 1 Nov alone in a Monday week",
        Posts().manager(1, 1, 1).leader(2, 3, 4),
        (FlagCode.LEADER_DROUGHT,),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_week_min_posts=3, first_weekday=MONDAY),
    ),
    Case(
        "Sunday 1 Nov starts a Sunday week",
        Posts().manager(1, 1, 1).leader(2, 3, 4),
        (),
        Verdict.BALANCED,
        rules=replace(QUIET, drought_week_min_posts=3, first_weekday=SUNDAY),
    ),
    # Empty period: nothing else, drought rules included.
    Case(
        "empty period",
        Posts(),
        (FlagCode.EMPTY_PERIOD,),
        Verdict.EMPTY,
        enough=False,
        rules=BalanceSettings(drought_days=0, drought_week_min_posts=0, channel_min_posts=0),
    ),
    Case(
        "empty period with backlog",
        Posts().add(None, Role.LEADER, count=4),
        (FlagCode.EMPTY_PERIOD,),
        Verdict.EMPTY,
        enough=False,
        backlog=4,
    ),
    # What counts: dated, inside the period, not in the trash.
    Case(
        "outside, undated and trashed posts ignored",
        Posts()
        .manager(2, 3, 4)
        .add(dt.date(2026, 10, 31), Role.LEADER, count=5)
        .add(dt.date(2026, 12, 1), Role.LEADER, count=5)
        .add(None, Role.LEADER, count=5)
        .add(nov(5), Role.LEADER, count=5, deleted=True),
        (FlagCode.ALL_ACTIVITY_NO_VISION,),
        Verdict.ALL_ACTIVITY,
        total=3,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_rules_table(case: Case) -> None:
    report = analyze(case.posts.items, case.period, case.rules, backlog=case.backlog)
    assert codes(report) == sorted(case.expected)
    assert report.verdict is case.verdict
    assert report.enough_data is case.enough
    if case.total is not None:
        assert report.total == case.total
