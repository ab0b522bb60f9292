"""Balance engine: verdicts, flags and their numbers, breakdowns, periods, and its invariants."""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmplanner.core.balance import (
    BalanceReport,
    Flag,
    FlagCode,
    Period,
    Severity,
    Verdict,
    analyze,
)
from lmplanner.core.domain import BalanceSettings, Kind, PostRecord, Role

NOV = Period.month(2026, 11)  # 1 Nov 2026 is a Sunday: with Monday weeks the month starts mid-week
MONDAY, SUNDAY = 0, 6
# Only the share rules speak; each table case switches on the one rule it is about.
QUIET = BalanceSettings(
    drought_days=1000, drought_week_min_posts=1000, channel_min_posts=1000, promotion_max=1.0
)
ALL_DROUGHT = FlagCode.ALL_ACTIVITY_NO_VISION, FlagCode.LEADER_DROUGHT


def nov(day: int) -> dt.date:
    return dt.date(2026, 11, day)


class Posts:
    """Builds posts with increasing ids, so cases read as a list of days and roles."""

    def __init__(self) -> None:
        self.next_id = 1
        self.items: list[PostRecord] = []

    def add(
        self,
        day: dt.date | None,
        role: Role,
        *,
        channel: str = "LinkedIn",
        kind: Kind | None = None,
        author: str | None = None,
        count: int = 1,
        deleted: bool = False,
    ) -> Posts:
        for _ in range(count):
            self.items.append(
                PostRecord(
                    id=self.next_id,
                    title=f"post {self.next_id}",
                    role=role,
                    channel=channel,
                    date=day,
                    kind=kind,
                    author=author,
                    deleted_at=dt.datetime(2026, 1, 1) if deleted else None,
                )
            )
            self.next_id += 1
        return self

    def leader(
        self,
        *days: int,
        channel: str = "LinkedIn",
        kind: Kind | None = None,
        author: str | None = None,
    ) -> Posts:
        for day in days:
            self.add(nov(day), Role.LEADER, channel=channel, kind=kind, author=author)
        return self

    def manager(
        self,
        *days: int,
        channel: str = "LinkedIn",
        kind: Kind | None = None,
        author: str | None = None,
    ) -> Posts:
        for day in days:
            self.add(nov(day), Role.MANAGER, channel=channel, kind=kind, author=author)
        return self


def codes(report: BalanceReport) -> list[str]:
    return sorted(flag.code for flag in report.flags)


def only(report: BalanceReport, code: str) -> Flag:
    found = [flag for flag in report.flags if flag.code == code]
    assert len(found) == 1, report.flags
    return found[0]


# --------------------------------------------------------------------------------------------
# Table: one case per rule and per edge
# --------------------------------------------------------------------------------------------


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
    # Minimum sample: the verdict is computed anyway, the flag waits for min_posts (3).
    Case("2 manager posts: too few", Posts().manager(2, 3), (), Verdict.ALL_ACTIVITY, enough=False),
    Case(
        "3 manager posts: enough",
        Posts().manager(2, 3, 4),
        (FlagCode.ALL_ACTIVITY_NO_VISION,),
        Verdict.ALL_ACTIVITY,
    ),
    Case("2 leader posts: too few", Posts().leader(2, 3), (), Verdict.VISION_ONLY, enough=False),
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
        Verdict.BALANCED,
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
        Verdict.ALL_ACTIVITY,
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


# --------------------------------------------------------------------------------------------
# Each flag's words, numbers, dates and posts
# --------------------------------------------------------------------------------------------


def test_all_activity_flag_says_how_many_to_add_or_convert() -> None:
    posts = Posts().leader(2, 9).manager(*range(3, 8), *range(23, 30), kind=Kind.HOW_TO)
    report = analyze(posts.items, NOV, QUIET)
    flag = only(report, FlagCode.ALL_ACTIVITY_NO_VISION)
    assert flag.severity is Severity.HIGH
    assert flag.message == "Only 2 of 14 posts (14 %) are leader posts; the target is 30–60 %."
    # (2 + 4) / (14 + 4) = 33 % but (2 + 3) / 17 = 29 %; (2 + 3) / 14 = 36 % but 4 / 14 = 29 %.
    assert flag.suggestion.startswith(
        "Add 4 leader posts (perspectives, stories or insights), or turn 3 of the 12 manager "
        "posts into leader posts, to reach 30 %."
    )
    # It points at the busiest week with no leader post, and at what to reframe there.
    assert "Start with 23–29 Nov 2026: turn one of its 7 how-to posts into a story" in (
        flag.suggestion
    )
    manager_ids = tuple(p.id for p in posts.items if p.role is Role.MANAGER)
    assert flag.post_ids == manager_ids
    assert flag.dates == tuple(nov(d) for d in [*range(3, 8), *range(23, 30)])


def test_all_activity_with_no_leader_post_at_all() -> None:
    report = analyze(Posts().manager(2, 3, 4, 5).items, NOV, QUIET)
    flag = only(report, FlagCode.ALL_ACTIVITY_NO_VISION)
    assert flag.message == "None of the 4 posts are leader posts; the target is 30–60 %."
    # 2 / 6 = 33 % reaches the band, 1 / 5 does not; turning 2 of 4 gives 50 %, 1 of 4 only 25 %.
    assert flag.suggestion.startswith(
        "Add 2 leader posts (perspectives, stories or insights), or turn 2 of the 4 manager posts"
    )


def test_suggested_minimum_survives_float_noise() -> None:
    # 0.7 * 10 - 6 is 1.000000000000001 in floats: a bare ceil() would ask for 2 conversions.
    rules = replace(QUIET, band_low=0.7, band_high=0.9)
    flag = only(
        analyze(Posts().leader(*range(1, 7)).manager(*range(7, 11)).items, NOV, rules),
        FlagCode.ALL_ACTIVITY_NO_VISION,
    )
    assert "turn 1 of the 4 manager posts into a leader post, to reach 70 %" in flag.suggestion


def test_vision_flag_suggests_manager_posts() -> None:
    report = analyze(Posts().leader(*range(1, 10)).manager(10).items, NOV, QUIET)
    flag = only(report, FlagCode.VISION_WITHOUT_EXECUTION)
    assert flag.severity is Severity.MEDIUM
    assert flag.message.startswith("9 of 10 posts (90 %) are leader posts; the target is 30–60 %")
    assert "nobody turns the attention" in flag.message
    # 9 / 15 = 60 % is inside the band, 9 / 14 is not; (9 - 3) / 10 = 60 %.
    assert flag.suggestion.startswith("Add 5 manager posts (how-tos, an event, engagement posts)")
    assert "turn 3 of the 9 leader posts into manager posts, to get down to 60 %" in (
        flag.suggestion
    )
    assert flag.dates == tuple(nov(d) for d in range(1, 10))
    assert flag.post_ids == tuple(range(1, 10))


def test_share_text_never_reads_as_the_band_edge() -> None:
    # 29 of 97 is 29.9 %: rounding to "30 %" would contradict "below 30 %".
    posts = Posts().add(nov(3), Role.LEADER, count=29).add(nov(4), Role.MANAGER, count=68)
    flag = only(analyze(posts.items, NOV, QUIET), FlagCode.ALL_ACTIVITY_NO_VISION)
    assert "(29.9 %)" in flag.message
    assert "Add 1 leader post (a perspective, a story or an insight)" in flag.suggestion


def test_promotion_flag_lists_promotions_and_how_many_to_replace() -> None:
    posts = (
        Posts()
        .leader(2, 3, 4, 5)
        .manager(6, 7, 8)
        .manager(20, 9, 9, kind=Kind.PROMOTION)  # ids 8, 9, 10
    )
    report = analyze(posts.items, NOV, replace(QUIET, promotion_max=0.2))
    flag = only(report, FlagCode.SELF_PROMOTION_HEAVY)
    assert flag.severity is Severity.MEDIUM
    assert flag.message == "3 of 10 posts (30 %) are promotion; the limit is 20 %."
    assert flag.suggestion.startswith("Replace 1 of the 3 promotion posts with a how-to or a story")
    assert flag.dates == (nov(9), nov(20))
    assert flag.post_ids == (9, 10, 8)  # by date, then id


def test_week_drought_flag_names_the_week_and_its_posts() -> None:
    posts = (
        Posts()
        .leader(2, 16, 23)
        .manager(10, 12, kind=Kind.ANALYTICS)  # ids 4, 5
        .manager(11, kind=Kind.EVENT)  # id 6
    )
    report = analyze(posts.items, NOV, replace(QUIET, drought_week_min_posts=3))
    flag = only(report, FlagCode.LEADER_DROUGHT)
    assert flag.message == "The week 9–15 Nov 2026 has 3 posts and not one leader post."
    assert flag.suggestion == (
        "Turn one of its 2 analytics posts into an insight on what the numbers mean."
    )
    assert flag.dates == (nov(10), nov(11), nov(12))
    assert flag.post_ids == (4, 6, 5)


def test_week_drought_in_a_clipped_week() -> None:
    posts = Posts().manager(1, 1, 1).leader(2, 3, 4)
    report = analyze(posts.items, NOV, replace(QUIET, drought_week_min_posts=3))
    flag = only(report, FlagCode.LEADER_DROUGHT)
    assert flag.message == "The week 1 Nov 2026 has 3 posts and not one leader post."
    assert flag.suggestion == "Turn one of its 3 manager posts into a perspective or a story."
    assert flag.dates == (nov(1),)
    assert flag.post_ids == (1, 2, 3)


def test_gap_flag_covers_the_leaderless_days() -> None:
    posts = Posts().leader(1, 13, 24).manager(5, 12, 13, 15)
    report = analyze(posts.items, NOV, replace(QUIET, drought_days=10))
    flag = only(report, FlagCode.LEADER_DROUGHT)
    assert flag.severity is Severity.MEDIUM
    assert flag.message == "No leader post for 11 days (2–12 Nov 2026); the limit is 10 days."
    assert flag.suggestion.startswith("Plan a leader post (a perspective or a story) around 7 Nov")
    assert flag.dates == tuple(nov(d) for d in range(2, 13))
    assert flag.post_ids == (4, 5)  # the manager posts on 5 and 12 Nov, not the one on the 13th


@pytest.mark.parametrize(
    ("leader_days", "message", "first", "last"),
    [
        ([12, 20, 30], "No leader post in the first 11 days of the period (1–11 Nov 2026)", 1, 11),
        ([1, 10, 19], "No leader post in the last 11 days of the period (20–30 Nov 2026)", 20, 30),
        ([], "No leader post at all in November 2026 (30 days)", 1, 30),
    ],
)
def test_gap_flag_at_the_period_edges(
    leader_days: list[int], message: str, first: int, last: int
) -> None:
    posts = Posts().leader(*leader_days).manager(5, 15, 27)
    flag = only(analyze(posts.items, NOV, replace(QUIET, drought_days=10)), FlagCode.LEADER_DROUGHT)
    assert flag.message.startswith(message)
    assert flag.message.endswith("; the limit is 10 days.")
    assert flag.dates == tuple(nov(d) for d in range(first, last + 1))
    manager_ids = {p.id for p in posts.items if p.role is Role.MANAGER and p.date in flag.dates}
    assert set(flag.post_ids) == manager_ids


def test_no_gap_flags_without_posts_even_for_a_long_period() -> None:
    report = analyze([], Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), BalanceSettings())
    assert codes(report) == [FlagCode.EMPTY_PERIOD]


def test_channel_flag() -> None:
    posts = Posts().leader(2, 3, 4, 5, channel="Blog").manager(6, 7, 7, 9, channel="X")
    report = analyze(posts.items, NOV, replace(QUIET, channel_min_posts=4))
    flag = only(report, FlagCode.CHANNEL_ALL_ACTIVITY)
    assert flag.severity is Severity.LOW
    assert flag.message == "All 4 posts on X are manager posts."
    assert flag.suggestion.startswith("Give X a leader post too")
    assert flag.dates == (nov(6), nov(7), nov(9))
    assert flag.post_ids == (5, 6, 7, 8)


def test_channel_names_group_like_the_rest_of_the_app() -> None:
    posts = Posts().manager(2, 3, channel="linkedin ").manager(4, 5, channel="LinkedIn").leader(6)
    for order in (posts.items, list(reversed(posts.items))):
        report = analyze(order, NOV, replace(QUIET, channel_min_posts=4))
        assert [(row.key, row.total, row.leader) for row in report.by_channel] == [
            ("LinkedIn", 5, 1)
        ]


@pytest.mark.parametrize(
    ("backlog", "suggestion"),
    [
        (0, "Plan a leader post (a perspective or a story) and a manager post"),
        (1, "Schedule the idea waiting in the backlog"),
        (7, "Schedule some of the 7 ideas waiting in the backlog; start with a leader post."),
    ],
)
def test_empty_period_mentions_the_backlog(backlog: int, suggestion: str) -> None:
    report = analyze([], NOV, backlog=backlog)
    flag = only(report, FlagCode.EMPTY_PERIOD)
    assert flag.severity is Severity.LOW
    assert flag.message == "Nothing is planned for November 2026."
    assert flag.suggestion.startswith(suggestion)
    assert report.backlog == backlog
    assert (report.total, report.leader_share, report.score) == (0, None, 0)
    assert report.verdict_text() == "Nothing planned"


def test_flags_sort_most_severe_first_then_by_first_date() -> None:
    posts = Posts().manager(20, 21, 22, channel="X").manager(3, 4, 5, channel="X").leader(28)
    rules = BalanceSettings(drought_days=10, drought_week_min_posts=3, channel_min_posts=4)
    report = analyze(posts.items, NOV, rules)
    assert [(f.severity.value, f.code, f.dates[0]) for f in report.flags] == [
        ("high", FlagCode.ALL_ACTIVITY_NO_VISION, nov(3)),
        ("medium", FlagCode.LEADER_DROUGHT, nov(1)),  # 1–27 Nov without a leader post
        ("medium", FlagCode.LEADER_DROUGHT, nov(3)),  # week 2–8 Nov
        ("medium", FlagCode.LEADER_DROUGHT, nov(20)),  # week 16–22 Nov
        ("low", FlagCode.CHANNEL_ALL_ACTIVITY, nov(3)),
    ]
    assert [s.rank for s in (Severity.HIGH, Severity.MEDIUM, Severity.LOW)] == [0, 1, 2]


# --------------------------------------------------------------------------------------------
# Score, verdict words, breakdowns, JSON
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("leader", "manager", "score"),
    [
        (0, 10, 0),  # share 0
        (3, 17, 50),  # 15 % is half way to 30 %
        (3, 7, 100),  # 30 %: on the edge, inside
        (6, 4, 100),  # 60 %: on the edge, inside
        (8, 2, 50),  # 80 % is half way from 60 % to 100 %
        (10, 0, 0),  # share 1
        (299, 701, 99),  # 29.9 % is close, but not in the band
    ],
)
def test_score(leader: int, manager: int, score: int) -> None:
    posts = Posts().add(nov(3), Role.LEADER, count=leader).add(nov(4), Role.MANAGER, count=manager)
    assert analyze(posts.items, NOV, QUIET).score == score


@pytest.mark.parametrize(
    ("leader", "manager", "text"),
    [
        (1, 1, "Balanced"),
        (0, 1, "All activity, no vision"),
        (1, 0, "Vision without execution"),
    ],
)
def test_verdict_text(leader: int, manager: int, text: str) -> None:
    posts = Posts().add(nov(3), Role.LEADER, count=leader).add(nov(4), Role.MANAGER, count=manager)
    assert analyze(posts.items, NOV).verdict_text() == text


def test_breakdowns() -> None:
    posts = (
        Posts()
        .leader(1, channel="Blog", author="Ann", kind=Kind.STORY)
        .leader(9, channel="X", author="Ann", kind=Kind.STORY)
        .manager(9, channel="X", author="Bob", kind=Kind.HOW_TO)
        .manager(10, channel="X", kind=Kind.EVENT)
        .manager(30, channel="Blog", author=" ", kind=None)
    )
    report = analyze(posts.items, NOV, replace(QUIET, first_weekday=MONDAY))
    assert [(w.key, w.label, w.total, w.leader, w.leader_share) for w in report.by_week] == [
        ("2026-11-01", "1 Nov 2026", 1, 1, 1.0),
        ("2026-11-02", "2–8 Nov 2026", 0, 0, None),
        ("2026-11-09", "9–15 Nov 2026", 3, 1, pytest.approx(1 / 3)),
        ("2026-11-16", "16–22 Nov 2026", 0, 0, None),
        ("2026-11-23", "23–29 Nov 2026", 0, 0, None),
        ("2026-11-30", "30 Nov 2026", 1, 0, 0.0),
    ]
    assert (report.by_week[2].start, report.by_week[2].end) == (nov(9), nov(15))
    assert [(c.key, c.total, c.leader, c.manager) for c in report.by_channel] == [
        ("X", 3, 1, 2),
        ("Blog", 2, 1, 1),
    ]
    # Biggest first, "(none)" last whatever its size.
    assert [(a.key, a.label, a.total) for a in report.by_author] == [
        ("Ann", "Ann", 2),
        ("Bob", "Bob", 1),
        ("(none)", "No author", 2),
    ]
    # Kinds in the product's order (leader kinds first), "(none)" last.
    assert [(k.key, k.label, k.total) for k in report.by_kind] == [
        ("story", "Story", 2),
        ("how-to", "How-to", 1),
        ("event", "Event", 1),
        ("(none)", "No kind", 1),
    ]


def test_to_dict_is_json_ready() -> None:
    posts = Posts().manager(2, 3, 4, kind=Kind.PROMOTION).leader(5)
    report = analyze(
        posts.items, NOV, BalanceSettings(), backlog=2, filters={"channel": "LinkedIn"}
    )
    data = json.loads(json.dumps(report.to_dict()))
    assert data["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert (data["total"], data["leader"], data["manager"], data["backlog"]) == (4, 1, 3, 2)
    assert data["leader_share"] == 0.25
    assert data["verdict"] == "all-activity-no-vision"
    assert data["score"] == report.score == 83
    assert data["enough_data"] is True
    assert data["band"] == {"low": 0.3, "high": 0.6}
    assert data["filters"] == {"channel": "LinkedIn"}
    assert [f["code"] for f in data["flags"]] == [f.code for f in report.flags]
    promotion = next(f for f in data["flags"] if f["code"] == "SELF_PROMOTION_HEAVY")
    assert promotion["severity"] == "medium"
    assert promotion["dates"] == ["2026-11-02", "2026-11-03", "2026-11-04"]
    assert promotion["post_ids"] == [1, 2, 3]
    assert data["by_week"][0] == {
        "start": "2026-11-01",
        "end": "2026-11-01",
        "total": 0,
        "leader": 0,
        "manager": 0,
        "leader_share": None,
    }
    assert sum(w["total"] for w in data["by_week"]) == 4
    assert data["by_channel"] == [
        {"name": "LinkedIn", "total": 4, "leader": 1, "manager": 3, "leader_share": 0.25}
    ]
    assert [k["name"] for k in data["by_kind"]] == ["promotion", "(none)"]
    assert report.filters == (("channel", "LinkedIn"),)


def test_output_does_not_depend_on_input_order() -> None:
    rng = random.Random(7)
    posts = Posts()
    for _ in range(120):
        role = Role.LEADER if rng.random() < 0.15 else Role.MANAGER
        posts.add(
            nov(rng.choice([3, 4, 5, 6, 12, 13, 20, 21, 22, 28])),
            role,
            channel=rng.choice(["X", "Blog", "LinkedIn"]) if role is Role.LEADER else "Events",
            kind=rng.choice([*(Kind.PROMOTION,) * 6, *Kind, None]),
            author=rng.choice(["Ann", "Bob", None]),
        )
    shuffled = posts.items[:]
    rng.shuffle(shuffled)
    rules = BalanceSettings(drought_days=3, drought_week_min_posts=1, channel_min_posts=1)
    report = analyze(posts.items, NOV, rules)
    # Every flag that carries posts fires, so their post order is checked too.
    assert set(codes(report)) == {
        FlagCode.ALL_ACTIVITY_NO_VISION,
        FlagCode.SELF_PROMOTION_HEAVY,
        FlagCode.LEADER_DROUGHT,
        FlagCode.CHANNEL_ALL_ACTIVITY,
    }
    assert analyze(shuffled, NOV, rules) == report


def test_invalid_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="band"):
        analyze([], NOV, BalanceSettings(band_low=0.7, band_high=0.6))
    with pytest.raises(ValueError, match="first_weekday"):
        analyze([], NOV, BalanceSettings(first_weekday=7))


def test_imports_neither_qt_nor_the_database_layer() -> None:
    root = Path(__file__).resolve().parents[2]
    core = root / "lmplanner" / "core"
    modules = [core / "balance.py", *sorted(core.glob("balance_*.py"))]
    own = {f"lmplanner.core.{module.stem}" for module in modules}
    imported = set()
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    outside = {
        name
        for name in imported
        if name.split(".")[0] not in sys.stdlib_module_names
        and name not in own
        and name != "lmplanner.core.domain"
    }
    assert outside == set()

    code = (
        "import sys, lmplanner.core.balance; "
        "sys.exit(any(m.split('.')[0] == 'PySide6' for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------------------------
# Period
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "days"), [(2028, 29), (2026, 28), (2000, 29), (2100, 28)])
def test_february(year: int, days: int) -> None:
    feb = Period.month(year, 2)
    assert (feb.start, feb.end) == (dt.date(year, 2, 1), dt.date(year, 2, days))
    assert feb.days() == days
    assert feb.label() == f"February {year}"


def test_parse_month() -> None:
    assert Period.parse_month("2026-11") == NOV
    assert Period.parse_month(" 2028-02 ") == Period(dt.date(2028, 2, 1), dt.date(2028, 2, 29))


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-13", "month must be 01 to 12"),
        ("2026-00", "month must be 01 to 12"),
        ("0000-05", "year must be 1 or later"),
        ("26-11", "YYYY-MM"),
        ("2026/11", "YYYY-MM"),
        ("2026-11-01", "YYYY-MM"),
        ("November", "YYYY-MM"),
        ("", "YYYY-MM"),
    ],
)
def test_parse_month_errors(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        Period.parse_month(text)


def test_period_basics() -> None:
    assert NOV.days() == 30
    assert NOV.contains(nov(1)) and NOV.contains(nov(30))
    assert not NOV.contains(dt.date(2026, 10, 31)) and not NOV.contains(dt.date(2026, 12, 1))
    with pytest.raises(ValueError, match="before it starts"):
        Period(nov(2), nov(1))
    with pytest.raises(ValueError, match="month must be 1 to 12"):
        Period.month(2026, 13)


@pytest.mark.parametrize(
    ("first_weekday", "start"),
    [(MONDAY, nov(23)), (SUNDAY, nov(22)), (2, nov(25)), (3, nov(26))],
)
def test_week_of(first_weekday: int, start: dt.date) -> None:
    week = Period.week_of(nov(26), first_weekday)  # a Thursday
    assert week == Period(start, start + dt.timedelta(days=6))
    assert week.start.weekday() == first_weekday
    with pytest.raises(ValueError):
        Period.week_of(nov(26), -1)


def test_weeks_are_clipped_to_the_period() -> None:
    assert [w.label() for w in NOV.weeks(MONDAY)] == [
        "1 Nov 2026",
        "2–8 Nov 2026",
        "9–15 Nov 2026",
        "16–22 Nov 2026",
        "23–29 Nov 2026",
        "30 Nov 2026",
    ]
    assert [(w.start.day, w.end.day) for w in NOV.weeks(SUNDAY)] == [
        (1, 7),
        (8, 14),
        (15, 21),
        (22, 28),
        (29, 30),
    ]
    one_day = Period(nov(4), nov(4))
    assert one_day.weeks(MONDAY) == [one_day]


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (NOV, "November 2026"),
        (Period(nov(23), nov(29)), "23–29 Nov 2026"),
        (Period(nov(23), nov(23)), "23 Nov 2026"),
        (Period(dt.date(2026, 10, 1), dt.date(2026, 12, 31)), "1 Oct – 31 Dec 2026"),
        (Period(dt.date(2026, 12, 28), dt.date(2027, 1, 3)), "28 Dec 2026 – 3 Jan 2027"),
    ],
)
def test_period_label(period: Period, label: str) -> None:
    assert period.label() == label


@settings(deadline=None)
@given(
    start=st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    length=st.integers(1, 120),
    first_weekday=st.integers(0, 6),
)
def test_weeks_tile_the_period(start: dt.date, length: int, first_weekday: int) -> None:
    period = Period(start, start + dt.timedelta(days=length - 1))
    weeks = period.weeks(first_weekday)
    assert weeks[0].start == period.start and weeks[-1].end == period.end
    assert sum(w.days() for w in weeks) == period.days()
    for before, after in itertools.pairwise(weeks):
        assert after.start == before.end + dt.timedelta(days=1)
        assert after.start.weekday() == first_weekday
        assert before.days() <= 7


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

PERIOD = Period(dt.date(2026, 3, 1), dt.date(2026, 4, 15))


@st.composite
def post_lists(draw: st.DrawFn) -> list[PostRecord]:
    rows = draw(
        st.lists(
            st.tuples(
                st.one_of(st.none(), st.integers(-10, PERIOD.days() + 10)),
                st.sampled_from(list(Role)),
                st.sampled_from(["X", "Blog", "LinkedIn", "linkedin"]),
                st.one_of(st.none(), st.sampled_from(list(Kind))),
                st.sampled_from([None, "Ann", "Bob"]),
            ),
            max_size=60,
        )
    )
    return [
        PostRecord(
            id=i,
            title=f"post {i}",
            role=role,
            channel=channel,
            date=None if offset is None else PERIOD.start + dt.timedelta(days=offset),
            kind=kind,
            author=author,
        )
        for i, (offset, role, channel, kind, author) in enumerate(rows)
    ]


@st.composite
def rule_sets(draw: st.DrawFn) -> BalanceSettings:
    low = draw(st.integers(0, 100))
    high = draw(st.integers(low, 100))
    return BalanceSettings(
        band_low=low / 100,
        band_high=high / 100,
        min_posts=draw(st.integers(0, 6)),
        promotion_max=draw(st.integers(0, 100)) / 100,
        drought_days=draw(st.integers(0, 30)),
        drought_week_min_posts=draw(st.integers(0, 6)),
        channel_min_posts=draw(st.integers(0, 6)),
        first_weekday=draw(st.integers(0, 6)),
    )


def counted(posts: list[PostRecord]) -> list[PostRecord]:
    return [p for p in posts if p.date is not None and PERIOD.contains(p.date)]


@settings(deadline=None)
@given(posts=post_lists(), rules=rule_sets())
def test_counts_and_shares_add_up(posts: list[PostRecord], rules: BalanceSettings) -> None:
    report = analyze(posts, PERIOD, rules)
    inside = counted(posts)
    assert report.total == len(inside)
    assert report.leader == sum(p.role is Role.LEADER for p in inside)
    assert report.leader + report.manager == report.total
    if report.total:
        assert report.leader_share is not None
        assert report.leader_share + report.manager / report.total == pytest.approx(1.0)
    else:
        assert report.leader_share is None and report.verdict is Verdict.EMPTY
    for rows in (report.by_week, report.by_channel, report.by_author, report.by_kind):
        assert sum(row.total for row in rows) == report.total
        assert sum(row.leader for row in rows) == report.leader
        for row in rows:
            assert row.leader + row.manager == row.total
            if row.total:
                assert row.leader_share is not None
                assert row.leader_share + row.manager / row.total == pytest.approx(1.0)
    assert report.enough_data == (report.total >= rules.min_posts)


@settings(deadline=None)
@given(posts=post_lists(), rules=rule_sets(), offset=st.integers(0, PERIOD.days() - 1))
def test_a_leader_post_never_lowers_the_share(
    posts: list[PostRecord], rules: BalanceSettings, offset: int
) -> None:
    before = analyze(posts, PERIOD, rules)
    extra = PostRecord(
        id=10_000,
        title="vision",
        role=Role.LEADER,
        channel="Blog",
        date=PERIOD.start + dt.timedelta(days=offset),
    )
    after = analyze([*posts, extra], PERIOD, rules)
    assert after.leader_share is not None
    assert after.total == before.total + 1
    assert before.leader_share is None or after.leader_share >= before.leader_share


@settings(deadline=None)
@given(posts=post_lists(), rules=rule_sets())
def test_verdict_flags_and_score_agree(posts: list[PostRecord], rules: BalanceSettings) -> None:
    report = analyze(posts, PERIOD, rules)
    present = Counter(flag.code for flag in report.flags)
    if report.enough_data and report.total:
        assert (present[FlagCode.ALL_ACTIVITY_NO_VISION] == 1) == (
            report.verdict is Verdict.ALL_ACTIVITY
        )
        assert (present[FlagCode.VISION_WITHOUT_EXECUTION] == 1) == (
            report.verdict is Verdict.VISION_ONLY
        )
    else:
        assert FlagCode.ALL_ACTIVITY_NO_VISION not in present
        assert FlagCode.VISION_WITHOUT_EXECUTION not in present
        assert FlagCode.SELF_PROMOTION_HEAVY not in present
    assert (present[FlagCode.EMPTY_PERIOD] == 1) == (report.total == 0)
    if report.total == 0:
        assert list(present) == [FlagCode.EMPTY_PERIOD]
    assert 0 <= report.score <= 100
    assert (report.score == 100) == (report.verdict is Verdict.BALANCED)
    keys = [(f.severity.rank, f.dates[0] if f.dates else dt.date.min) for f in report.flags]
    assert keys == sorted(keys)
    for flag in report.flags:
        assert all(PERIOD.contains(day) for day in flag.dates)
        assert list(flag.dates) == sorted(set(flag.dates))


@settings(deadline=None)
@given(leader=st.integers(0, 60), manager=st.integers(0, 60), rules=rule_sets())
def test_suggested_counts_are_the_minimum(
    leader: int, manager: int, rules: BalanceSettings
) -> None:
    rules = replace(rules, min_posts=0)

    def verdict(lead: int, man: int) -> Verdict:
        posts = Posts().add(nov(3), Role.LEADER, count=lead).add(nov(4), Role.MANAGER, count=man)
        return analyze(posts.items, NOV, rules).verdict

    report = analyze(
        Posts()
        .add(nov(3), Role.LEADER, count=leader)
        .add(nov(4), Role.MANAGER, count=manager)
        .items,
        NOV,
        rules,
    )
    flags = {flag.code: flag for flag in report.flags}
    if FlagCode.ALL_ACTIVITY_NO_VISION in flags:
        text = flags[FlagCode.ALL_ACTIVITY_NO_VISION].suggestion
        if add := re.match(r"Add (\d+) leader", text):
            k = int(add.group(1))
            assert verdict(leader + k, manager) is not Verdict.ALL_ACTIVITY
            assert verdict(leader + k - 1, manager) is Verdict.ALL_ACTIVITY
        turn = re.search(r"turn (\d+) of the", text)
        assert turn is not None
        c = int(turn.group(1))
        assert verdict(leader + c, manager - c) is not Verdict.ALL_ACTIVITY
        assert verdict(leader + c - 1, manager - c + 1) is Verdict.ALL_ACTIVITY
    if FlagCode.VISION_WITHOUT_EXECUTION in flags:
        text = flags[FlagCode.VISION_WITHOUT_EXECUTION].suggestion
        if add := re.match(r"Add (\d+) manager", text):
            m = int(add.group(1))
            assert verdict(leader, manager + m) is not Verdict.VISION_ONLY
            assert verdict(leader, manager + m - 1) is Verdict.VISION_ONLY
        turn = re.search(r"turn (\d+) of the", text)
        assert turn is not None
        c = int(turn.group(1))
        assert verdict(leader - c, manager + c) is not Verdict.VISION_ONLY
        assert verdict(leader - c + 1, manager + c - 1) is Verdict.VISION_ONLY
