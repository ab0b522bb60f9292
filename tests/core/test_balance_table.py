"""The rule table: one rule per flag code, each speaking only for its own code."""

from __future__ import annotations

from balance_support import NOV, Posts

from lmplanner.core.balance import FlagCode, Period
from lmplanner.core.balance.pillars import tally_strategy
from lmplanner.core.balance.rules import RULES
from lmplanner.core.balance.tally import Facts, tally
from lmplanner.core.domain import BalanceSettings, Kind, PillarRecord, PostRecord


def test_every_flag_code_has_exactly_one_rule() -> None:
    assert sorted(RULES) == sorted(FlagCode)


def test_each_rule_returns_only_flags_of_its_code() -> None:
    # All manager and promotion, one channel: every rule but the vision one has something to say.
    posts = Posts().manager(*range(1, 29), kind=Kind.PROMOTION).items
    settings = BalanceSettings()
    cases = [
        tally(posts, NOV, settings.first_weekday, 0),
        tally([], Period.month(2026, 5), settings.first_weekday, 3),
        tally(Posts().leader(*range(1, 29)).items, NOV, settings.first_weekday, 0),
        tally(clashing_posts(), NOV, settings.first_weekday, 0),
        *strategy_cases(settings),
    ]
    spoke = set()
    for facts in cases:
        for code, rule in RULES.items():
            flags = rule(facts, settings)
            assert {flag.code for flag in flags} <= {code}
            spoke.update(flag.code for flag in flags)
    assert spoke == set(FlagCode)


def clashing_posts() -> list[PostRecord]:
    """Two timed posts on one channel ten minutes apart: a slot clash."""
    import dataclasses
    import datetime as dt

    first, second = Posts().leader(3).manager(3).items
    return [
        dataclasses.replace(first, time=dt.time(9, 0)),
        dataclasses.replace(second, time=dt.time(9, 10)),
    ]


def strategy_cases(settings: BalanceSettings) -> list[Facts]:
    """Cases where the strategy and voice rules speak: a plan's pillars are known."""
    craft = PillarRecord(1, "Craft", target=0.9)
    quiet = PillarRecord(2, "Quiet", target=0.05)
    untied = Posts().manager(1, 2, 3, author="Ana").manager(4, pillar="Craft", author="Ben")
    untied.leader(20, pillar="Craft", author="Ana").manager(5, author="Cy")
    unled = Posts().manager(1, 2, pillar="Craft").manager(3, 4)
    cases = [
        (untied.items, [craft, quiet]),
        (unled.items, [craft]),
        (Posts().manager(1, 2, 3, author="Ana").items, []),
    ]
    found = []
    for posts, pillars in cases:
        facts = tally(posts, NOV, settings.first_weekday, 0)
        facts.strategy = tally_strategy(facts, pillars, list[PostRecord]())
        found.append(facts)
    return found
