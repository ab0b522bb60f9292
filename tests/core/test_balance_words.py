"""One verdict, who leads and real plurals: the words the meter, the report and the CLI share."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from balance_support import NOV, QUIET, Posts

from lmplanner.core.balance import FlagCode, Verdict, analyze
from lmplanner.core.balance.report import author_profile
from lmplanner.core.domain import BalanceSettings, Kind, PillarRecord


def test_a_lone_leader_post_is_too_early_to_tell_everywhere() -> None:
    report = analyze(Posts().leader(3).items, NOV)
    assert report.verdict is Verdict.TOO_EARLY
    assert report.verdict_text() == "Too early to tell"
    assert (report.score, report.score_text()) == (None, "—")
    assert json.loads(json.dumps(report.to_dict()))["verdict"] == "too-early"
    # Enough posts, and the same plan has a verdict of its own again.
    enough = analyze(Posts().leader(3, 4, 5).items, NOV)
    assert enough.verdict is Verdict.VISION_ONLY and enough.score == 0


def test_posts_without_an_author_are_never_a_leader_voice() -> None:
    posts = (
        Posts()
        .leader(2, 3, author="Leo Park")
        .leader(4, 5, author="Maya Chen")
        .leader(6, 7, 8)
        .manager(9, 10, 11, 12, 13, 14, 15, author="Sam")
    )
    report = analyze(posts.items, NOV)
    unsigned = report.unauthored()
    assert unsigned is not None and (unsigned.total, unsigned.leader) == (3, 3)
    assert report.leader_voices() == ["Leo Park", "Maya Chen"]
    assert [row.label for row in report.authored()] == ["Sam", "Leo Park", "Maya Chen"]
    # Each name is isolated (FSI…PDI) so a right-to-left name cannot reorder the sentence.
    assert report.leading_text() == "Leading: \u2068Leo Park\u2069, \u2068Maya Chen\u2069"
    assert report.unauthored_text() == "3 leader posts have no author."
    assert report.who_leads_line() == (
        "Leading: \u2068Leo Park\u2069, \u2068Maya Chen\u2069. 3 leader posts have no author."
    )
    assert author_profile(unsigned, report.settings.band_low) == "no-author"
    profiles = {row["name"]: row["profile"] for row in report.to_dict()["by_author"]}
    assert profiles == {
        "Sam": "manager-voice",
        "Leo Park": "leader-voice",
        "Maya Chen": "leader-voice",
        "(none)": "no-author",
    }


@pytest.mark.parametrize(
    ("posts", "line"),
    [
        (
            Posts().leader(2, author="Ann").manager(3, 4, 5, author="Ann"),
            "Leading: nobody yet — no author's leader share reaches 30 %",
        ),
        (
            Posts().leader(2, 3, 4).manager(5, author="Sam"),
            "Leading: nobody yet — no author's leader share reaches 30 %. "
            "3 leader posts have no author.",
        ),
        (
            Posts().leader(2).manager(3, 4),
            "Leading: nobody yet — no author's leader share "
            "reaches 30 %. 1 leader post and 2 manager posts have no author.",
        ),
        (
            Posts().manager(3),
            "Leading: nobody yet — no author's leader share reaches 30 %. "
            "1 manager post has no author.",
        ),
    ],
)
def test_nobody_leading_reads_the_same_whoever_has_no_author(posts: Posts, line: str) -> None:
    report = analyze(posts.items, NOV)
    assert report.who_leads_line() == line
    assert "Leading: No author" not in report.who_leads_line()


ONE = replace(QUIET, min_posts=1)


def message(report_posts: Posts, code: FlagCode, settings: BalanceSettings = ONE) -> str:
    report = analyze(report_posts.items, NOV, settings, pillars=[PillarRecord(1, "Craft")])
    flag = next(f for f in report.flags if f.code == code)
    return f"{flag.message} | {flag.suggestion}"


@pytest.mark.parametrize(
    ("posts", "code", "settings", "expected", "never"),
    [
        (
            Posts().leader(3),
            FlagCode.VISION_WITHOUT_EXECUTION,
            ONE,
            "1 of 1 post (100 %) is a leader post; the target is 30 %–60 %",
            "1 of 1 posts",
        ),
        (
            Posts().leader(3),
            FlagCode.VISION_WITHOUT_EXECUTION,
            ONE,
            "turn the only leader post into a manager post",
            "of the 1 leader posts",
        ),
        (
            Posts().leader(3, 4, 5),
            FlagCode.VISION_WITHOUT_EXECUTION,
            ONE,
            "3 of 3 posts (100 %) are leader posts",
            "3 of 3 post ",
        ),
        (
            Posts().leader(2, 3).manager(4),
            FlagCode.ALL_ACTIVITY_NO_VISION,
            replace(ONE, band_low=1.0, band_high=1.0),
            "Only 2 of 3 posts (67 %) are leader posts; the target is 100 %–100 %. | To reach "
            "100 %, turn the only manager post into a leader post.",
            "of the 1 manager posts",
        ),
        (
            Posts().manager(3),
            FlagCode.ALL_ACTIVITY_NO_VISION,
            ONE,
            "The only post is not a leader post",
            "None of the 1 posts",
        ),
        (
            Posts().manager(3, kind=Kind.PROMOTION),
            FlagCode.SELF_PROMOTION_HEAVY,
            replace(ONE, promotion_max=0.2),
            "1 of 1 post (100 %) is promotion; the limit is 20 %. | Replace the only promotion "
            "post with a how-to",
            "of the 1 promotion posts",
        ),
        (
            Posts().manager(3),
            FlagCode.ACTIVITY_WITHOUT_STRATEGY,
            ONE,
            "1 of 1 manager post (100 %) serves no pillar and follows up no leader post",
            "1 of 1 manager posts",
        ),
        (
            Posts().manager(3, 4),
            FlagCode.ACTIVITY_WITHOUT_STRATEGY,
            ONE,
            "2 of 2 manager posts (100 %) serve no pillar and follow up no leader post",
            "serves",
        ),
    ],
)
def test_n_of_m_posts_take_real_plural_forms(
    posts: Posts, code: FlagCode, settings: BalanceSettings, expected: str, never: str
) -> None:
    text = message(posts, code, settings)
    assert expected in text
    assert never not in text


def test_single_leader_voice_with_one_leader_post() -> None:
    posts = Posts().leader(2, author="Ana").manager(3, 4, author="Ben").manager(5, 6, author="Cy")
    text = message(posts, FlagCode.SINGLE_LEADER_VOICE, replace(ONE, min_posts=3))
    assert "Ana wrote the only leader post of the 3 people posting." in text


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (1, "The only post is not a leader post"),
        (5, "None of the 5 posts are leader posts"),
    ],
)
def test_no_leader_post_is_said_in_words_not_as_zero_of(total: int, expected: str) -> None:
    from lmplanner.core.balance import leader_posts_text

    text = leader_posts_text(0, total, "0 %")
    assert text == expected
    assert "0 of" not in text
