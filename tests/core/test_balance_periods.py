"""Balance periods: months, weeks, parsing and labels."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from balance_support import MONDAY, NOV, SUNDAY, nov
from hypothesis import given, settings
from hypothesis import strategies as st

from lmplanner.core.balance import Period


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
        ("0000-05", "outside the supported range 1900-01-01 … 2999-12-31"),
        ("1899-12", "outside the supported range"),
        ("3000-01", "outside the supported range"),
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
