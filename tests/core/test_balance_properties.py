"""Balance engine invariants, checked on generated plans and rules."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import replace

import pytest
from balance_support import NOV, Posts, nov
from hypothesis import given, settings
from hypothesis import strategies as st

from lmplanner.core.balance import FlagCode, Period, Verdict, analyze
from lmplanner.core.domain import BalanceSettings, Kind, PostRecord, Role

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
    # Too few posts is a verdict of its own, so the meter, report and CLI all say the same.
    assert (report.verdict is Verdict.TOO_EARLY) == bool(report.total and not report.enough_data)
    # No score while there is too little to judge (issue 20): nothing contradicts the verdict.
    assert (report.score is None) == (not report.enough_data or report.total == 0)
    if report.score is not None:
        assert 0 <= report.score <= 100
        assert (report.score == 100) == (report.verdict is Verdict.BALANCED)
    keys = [(f.severity.rank, f.dates[0] if f.dates else dt.date.min) for f in report.flags]
    assert keys == sorted(keys)
    for flag in report.flags:
        assert all(PERIOD.contains(day) for day in flag.dates)
        assert list(flag.dates) == sorted(set(flag.dates))


def turned(suggestion: str) -> int:
    """How many posts a suggestion turns: "turn 3 of the 7 …", or "turn the only …" (one)."""
    turn = re.search(r"turn (\d+) of the|turn the only ", suggestion)
    assert turn is not None, suggestion
    return int(turn.group(1)) if turn.group(1) else 1


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
        c = turned(text)
        assert verdict(leader + c, manager - c) is not Verdict.ALL_ACTIVITY
        assert verdict(leader + c - 1, manager - c + 1) is Verdict.ALL_ACTIVITY
    if FlagCode.VISION_WITHOUT_EXECUTION in flags:
        text = flags[FlagCode.VISION_WITHOUT_EXECUTION].suggestion
        if add := re.match(r"Add (\d+) manager", text):
            m = int(add.group(1))
            assert verdict(leader, manager + m) is not Verdict.VISION_ONLY
            assert verdict(leader, manager + m - 1) is Verdict.VISION_ONLY
        c = turned(text)
        assert verdict(leader - c, manager + c) is not Verdict.VISION_ONLY
        assert verdict(leader - c + 1, manager + c - 1) is Verdict.VISION_ONLY
