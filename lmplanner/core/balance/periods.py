"""Periods of the balance report: months, calendar weeks and their labels."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from lmplanner.core.balance.words import MONTHS, MONTHS_SHORT, day_text, tr
from lmplanner.core.domain import DATE_MAX, DATE_MIN, DATE_RANGE_TEXT

_ONE_DAY = dt.timedelta(days=1)
_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def check_weekday(first_weekday: int) -> None:
    if not 0 <= first_weekday <= 6:
        raise ValueError(f"first_weekday must be 0 (Monday) to 6 (Sunday), got {first_weekday}")


@dataclass(frozen=True, slots=True)
class Period:
    """A run of calendar days, both ends inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 1 to 12, got {month}")
        last = calendar.monthrange(year, month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last))

    @classmethod
    def week_of(cls, day: dt.date, first_weekday: int) -> Period:
        """The calendar week holding `day`, weeks starting on `first_weekday` (0=Mon … 6=Sun)."""
        check_weekday(first_weekday)
        start = day - dt.timedelta(days=(day.weekday() - first_weekday) % 7)
        return cls(start, start + dt.timedelta(days=6))

    @classmethod
    def parse_month(cls, text: str) -> Period:
        """`"2026-11"` → November 2026; ValueError naming the expected shape otherwise."""
        match = _MONTH_RE.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"expected a month as YYYY-MM (for example 2026-11), got {text!r}")
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise ValueError(f"month must be 01 to 12 in {text!r}")
        if not DATE_MIN.year <= year <= DATE_MAX.year:
            raise ValueError(f"outside the supported range {DATE_RANGE_TEXT}")
        return cls.month(year, month)

    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def weeks(self, first_weekday: int) -> list[Period]:
        """The calendar weeks touching this period, each clipped to it, in date order."""
        week_start = Period.week_of(self.start, first_weekday).start
        weeks: list[Period] = []
        step = dt.timedelta(days=7)
        while week_start <= self.end:
            weeks.append(
                Period(max(week_start, self.start), min(week_start + step - _ONE_DAY, self.end))
            )
            week_start += step
        return weeks

    def is_month(self) -> bool:
        return (
            self.start.day == 1
            and self.start.year == self.end.year
            and self.start.month == self.end.month
            and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]
        )

    def label(self) -> str:
        """`November 2026`, `23 Nov 2026`, `23–29 Nov 2026`, `1 Oct – 31 Dec 2026`, …"""
        s, e = self.start, self.end
        if self.is_month():
            return tr("{month} {year}").format(month=MONTHS[s.month - 1], year=s.year)
        if s == e:
            return day_text(s)
        if (s.year, s.month) == (e.year, e.month):
            return tr("{first}–{last} {month} {year}").format(
                first=s.day, last=e.day, month=MONTHS_SHORT[s.month - 1], year=s.year
            )
        if s.year == e.year:
            return tr("{first_day} {first_month} – {last_day} {last_month} {year}").format(
                first_day=s.day,
                first_month=MONTHS_SHORT[s.month - 1],
                last_day=e.day,
                last_month=MONTHS_SHORT[e.month - 1],
                year=s.year,
            )
        return tr("{first} – {last}").format(first=day_text(s), last=day_text(e))
