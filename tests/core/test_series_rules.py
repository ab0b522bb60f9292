"""Series rules: counts, ends, month ends, weekdays, intervals, RRULE text, and moving a rule."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lmplanner.core.errors import ValidationError
from lmplanner.core.series import Freq, SeriesRule, parse_rrule

MON = dt.date(2026, 1, 5)  # a Monday
FAR = dt.date(2030, 1, 1)


def test_every_two_weeks_on_monday_and_thursday_eight_times() -> None:
    rule = SeriesRule.every(2, "weekly", MON, weekdays=(0, 3), count=8).checked()
    days = rule.dates(None, FAR)
    assert len(days) == 8
    assert days[:4] == [MON, dt.date(2026, 1, 8), dt.date(2026, 1, 19), dt.date(2026, 1, 22)]
    assert {d.weekday() for d in days} == {0, 3}
    assert rule.text() == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=8"


def test_weekly_without_days_takes_the_start_weekday_and_until_is_inclusive() -> None:
    wed = dt.date(2026, 1, 7)
    rule = SeriesRule.every(1, "weekly", wed, until=dt.date(2026, 1, 28)).checked()
    assert rule.dates(None, FAR) == [wed + dt.timedelta(weeks=n) for n in range(4)]


def test_every_three_days_and_dates_after_a_mark() -> None:
    rule = SeriesRule.every(3, Freq.DAILY, MON)
    assert rule.dates(None, dt.date(2026, 1, 14)) == [
        MON,
        dt.date(2026, 1, 8),
        dt.date(2026, 1, 11),
        dt.date(2026, 1, 14),
    ]
    assert rule.dates(dt.date(2026, 1, 8), dt.date(2026, 1, 14)) == [
        dt.date(2026, 1, 11),
        dt.date(2026, 1, 14),
    ]
    assert rule.first_on_or_after(dt.date(2026, 1, 9)) == dt.date(2026, 1, 11)
    assert rule.count_before(dt.date(2026, 1, 11)) == 2


def test_monthly_on_the_31st_uses_the_last_day_of_shorter_months() -> None:
    rule = SeriesRule.every(1, "monthly", dt.date(2026, 1, 31), count=5).checked()
    assert rule.dates(None, FAR) == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 31),
    ]
    leap = SeriesRule.every(12, "monthly", dt.date(2027, 2, 28)).checked()
    assert SeriesRule.every(1, "monthly", dt.date(2028, 1, 30)).dates(None, dt.date(2028, 3, 1))[
        1
    ] == dt.date(2028, 2, 29)
    assert leap.dates(None, dt.date(2029, 12, 31))[1] == dt.date(2028, 2, 28)


def test_monthly_on_the_second_tuesday_and_the_last_friday() -> None:
    second_tuesday = dt.date(2026, 1, 13)
    rule = SeriesRule.every(1, "monthly", second_tuesday, nth=2, count=3).checked()
    assert rule.dates(None, FAR) == [second_tuesday, dt.date(2026, 2, 10), dt.date(2026, 3, 10)]
    last_friday = parse_rrule("FREQ=MONTHLY;BYDAY=-1FR;COUNT=2", dt.date(2026, 1, 30))
    assert last_friday.dates(None, FAR) == [dt.date(2026, 1, 30), dt.date(2026, 2, 27)]
    assert parse_rrule("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2", MON).nth == 2


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("FREQ=YEARLY", "DAILY, WEEKLY or MONTHLY"),
        ("FREQ=WEEKLY;BYHOUR=9", "BYHOUR is not supported"),
        ("FREQ=WEEKLY;BYDAY=XX", "not valid RRULE"),
        ("FREQ=WEEKLY;COUNT=2;UNTIL=20260301", "not both"),
        ("FREQ=WEEKLY;BYDAY=1MO", "weekdays only"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "one day of the month"),
        ("", "empty"),
        ("FREQ=DAILY;INTERVAL=0", "interval must be"),
        ("FREQ=MONTHLY;BYDAY=TU", "needs its place"),
        ("FREQ=DAILY;UNTIL=20250101", "before the start"),
    ],
)
def test_bad_rules_say_why(text: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason) as caught:
        parse_rrule(text, MON)
    assert caught.value.field == "rule"


def test_moving_a_rule_turns_its_weekdays_and_monthly_day() -> None:
    weekly = SeriesRule.every(1, "weekly", MON, weekdays=(0, 3))
    assert weekly.shifted(1).weekdays == (1, 4)
    assert weekly.shifted(-1).weekdays == (2, 6)
    monthly = SeriesRule.every(1, "monthly", dt.date(2026, 1, 15))
    assert monthly.shifted(2).monthday == 17
    nth = SeriesRule.every(1, "monthly", dt.date(2026, 1, 13), nth=2)
    moved = nth.shifted(7)
    assert (moved.weekdays, moved.nth) == ((1,), 3)


_rules = st.builds(
    SeriesRule.every,
    st.integers(1, 30),
    st.sampled_from(list(Freq)),
    st.dates(dt.date(2000, 1, 1), dt.date(2090, 12, 31)),
    weekdays=st.sets(st.integers(0, 6)).map(lambda s: tuple(sorted(s))),
    count=st.one_of(st.none(), st.integers(1, 60)),
)


@settings(deadline=None, max_examples=80)
@given(_rules)
def test_rrule_text_reads_back_to_the_same_rule_and_dates(rule: SeriesRule) -> None:
    if rule.freq is not Freq.WEEKLY and rule.weekdays:
        with pytest.raises(ValidationError):
            rule.checked()
        return
    rule.checked()
    again = parse_rrule(rule.text(), rule.start)
    assert again == rule
    end = rule.start + dt.timedelta(days=800)
    days = rule.dates(None, end)
    assert days == sorted(set(days))
    assert all(rule.start <= day <= end for day in days)
    assert rule.count is None or len(days) <= rule.count
