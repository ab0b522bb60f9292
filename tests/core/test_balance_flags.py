"""Balance engine: each flag's words, numbers, dates and posts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from balance_support import NOV, QUIET, Posts, codes, nov, only

from lmplanner.core.balance import FlagCode, Period, Severity, analyze
from lmplanner.core.domain import BalanceSettings, Kind, Role


def test_all_activity_flag_says_how_many_to_add_or_convert() -> None:
    posts = Posts().leader(2, 9).manager(*range(3, 8), *range(23, 30), kind=Kind.HOW_TO)
    report = analyze(posts.items, NOV, QUIET)
    flag = only(report, FlagCode.ALL_ACTIVITY_NO_VISION)
    assert flag.severity is Severity.HIGH
    assert flag.message == "Only 2 of 14 posts (14 %) are leader posts; the target is 30 %–60 %."
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
    assert flag.message == "None of the 4 posts are leader posts; the target is 30 %–60 %."
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
    assert flag.message.startswith("9 of 10 posts (90 %) are leader posts; the target is 30 %–60 %")
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
    assert (report.total, report.leader_share, report.score) == (0, None, None)
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


def test_one_post_is_its_post_not_one_of_its_1_posts() -> None:
    from lmplanner.core.balance.words import hint_start_with, sug_week_drought

    assert sug_week_drought(1, Kind.HOW_TO).startswith("Turn its how-to post into ")
    assert sug_week_drought(2, Kind.HOW_TO).startswith("Turn one of its 2 how-to posts into ")
    start = hint_start_with("2–8 Nov", 1, None)
    assert start.startswith("Start with 2–8 Nov: turn its manager post")
