"""The rule table: one rule per flag code, each speaking only for its own code."""

from __future__ import annotations

from balance_support import NOV, Posts

from lmplanner.core.balance import FlagCode, Period
from lmplanner.core.balance.rules import RULES
from lmplanner.core.balance.tally import tally
from lmplanner.core.domain import BalanceSettings, Kind


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
    ]
    spoke = set()
    for facts in cases:
        for code, rule in RULES.items():
            flags = rule(facts, settings)
            assert {flag.code for flag in flags} <= {code}
            spoke.update(flag.code for flag in flags)
    assert spoke == set(FlagCode)
