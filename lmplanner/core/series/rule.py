"""A series' rule: every N days, weeks (on weekdays) or months (on a day, or the nth weekday),
from a start date to an end date, a count, or open-ended; its dates come from dateutil's rrule.

Dates are calendar days: a post's wall-clock time is kept beside its date, so no change of
daylight-saving time can move an occurrence. A monthly rule on the 29th–31st uses the month's
last day where the month is shorter (January 31st, February 28th, March 31st…).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from lmplanner.core.domain import DATE_MAX
from lmplanner.core.errors import ValidationError

if TYPE_CHECKING:
    from dateutil.rrule import rrule

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
INTERVAL_MAX = 999
COUNT_MAX = 10_000
# Days 29–31 fall back to the month's last day; below that every month has the day.
_SHORT_MONTH_DAY = 29


class Freq(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class Scope(StrEnum):
    """Which occurrences a change to one of them reaches, as calendar apps ask."""

    THIS = "this"  # the post alone, which leaves the series
    FOLLOWING = "following"  # this one and those after it: the series is split here
    ALL = "all"  # every occurrence not edited on its own


def rule_error(message: str) -> ValidationError:
    return ValidationError(message, "rule")


@dataclass(frozen=True, slots=True)
class SeriesRule:
    """When a series' posts fall. `weekdays` (0 = Monday) are a weekly rule's days, or with `nth`
    the weekday of a monthly "nth weekday" rule; `monthday` is a monthly rule's day."""

    freq: Freq
    start: dt.date
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    monthday: int | None = None
    nth: int | None = None  # 1–5 or -1 (the last) with one weekday
    until: dt.date | None = None  # inclusive
    count: int | None = None

    @classmethod
    def every(
        cls,
        interval: int,
        unit: Freq | str,
        start: dt.date,
        *,
        weekdays: tuple[int, ...] = (),
        nth: int | None = None,
        until: dt.date | None = None,
        count: int | None = None,
    ) -> SeriesRule:
        """The rule people ask for: weekly on the start's weekday unless days are given, monthly
        on the start's day of the month (or, with `nth`, the start's weekday in that week)."""
        freq = Freq(unit)
        if freq is Freq.WEEKLY and not weekdays:
            weekdays = (start.weekday(),)
        monthday = None
        if freq is Freq.MONTHLY:
            if nth is None:
                monthday = start.day
            else:
                weekdays = (start.weekday(),)
        return cls(freq, start, interval, tuple(sorted(set(weekdays))), monthday, nth, until, count)

    def checked(self) -> SeriesRule:
        """The rule itself, or a ValidationError saying what is wrong with it."""
        if not 1 <= self.interval <= INTERVAL_MAX:
            raise rule_error(f"The interval must be a whole number from 1 to {INTERVAL_MAX}.")
        if self.until is not None and self.count is not None:
            raise rule_error("A series ends on a date or after a number of posts, not both.")
        if self.until is not None and self.until < self.start:
            raise rule_error(f"The end date {self.until} is before the start {self.start}.")
        if self.count is not None and not 1 <= self.count <= COUNT_MAX:
            raise rule_error(f"The number of posts must be from 1 to {COUNT_MAX:,}.")
        if any(day not in range(7) for day in self.weekdays):
            raise rule_error("Weekdays are Monday to Sunday.")
        if self.freq is Freq.DAILY and (self.weekdays or self.monthday or self.nth):
            raise rule_error("A daily rule takes no weekdays or day of the month.")
        if self.freq is Freq.WEEKLY and (not self.weekdays or self.monthday or self.nth):
            raise rule_error("A weekly rule needs its weekdays and no day of the month.")
        if self.freq is Freq.MONTHLY:
            self._check_monthly()
        return self

    def _check_monthly(self) -> None:
        if self.nth is not None:
            if self.nth not in (-1, 1, 2, 3, 4, 5) or len(self.weekdays) != 1:
                raise rule_error(
                    "A monthly rule on a weekday needs one weekday and its place: 1–5 or -1 "
                    "(the last)."
                )
            if self.monthday is not None:
                raise rule_error("A monthly rule is on a day of the month or on a weekday.")
        elif self.monthday is None or not 1 <= self.monthday <= 31 or self.weekdays:
            raise rule_error("A monthly rule needs a day of the month from 1 to 31.")

    # ------------------------------------------------------------------ dates
    def rrule(self) -> rrule:
        """The dateutil rule, starting at midnight of the start day (times are kept apart)."""
        from dateutil import rrule as rr

        codes = (rr.MO, rr.TU, rr.WE, rr.TH, rr.FR, rr.SA, rr.SU)
        freq = {Freq.DAILY: rr.DAILY, Freq.WEEKLY: rr.WEEKLY, Freq.MONTHLY: rr.MONTHLY}[self.freq]
        options: dict[str, object] = {}
        if self.freq is Freq.WEEKLY:
            options["byweekday"] = [codes[day] for day in self.weekdays]
        elif self.freq is Freq.MONTHLY and self.nth is not None:
            options["byweekday"] = [codes[self.weekdays[0]](self.nth)]
        elif self.freq is Freq.MONTHLY and self.monthday is not None:
            if self.monthday >= _SHORT_MONTH_DAY:
                # The day itself, else the last day: the first of the two the month has.
                options.update(bymonthday=(self.monthday, -1), bysetpos=1)
            else:
                options["bymonthday"] = self.monthday
        until = dt.datetime.combine(self.until, dt.time()) if self.until else None
        return rr.rrule(
            freq,
            dtstart=dt.datetime.combine(self.start, dt.time()),
            interval=self.interval,
            until=until,
            count=self.count,
            **options,
        )

    def dates(self, after: dt.date | None, through: dt.date) -> list[dt.date]:
        """The rule's days after `after` (all from the start when None) up to `through`."""
        first = dt.datetime.combine(after, dt.time()) if after else None
        # A plan holds days up to DATE_MAX: a series never runs past it.
        last = dt.datetime.combine(min(through, DATE_MAX), dt.time())
        found = []
        for moment in self.rrule():
            if moment > last:
                break
            if first is None or moment > first:
                found.append(moment.date())
        return found

    def first_on_or_after(self, day: dt.date) -> dt.date | None:
        moment = self.rrule().after(dt.datetime.combine(day, dt.time()), inc=True)
        return None if moment is None else moment.date()

    def count_before(self, day: dt.date) -> int:
        """How many of the rule's days fall before `day`."""
        return len(self.dates(None, day - dt.timedelta(days=1))) if day > self.start else 0

    # ------------------------------------------------------------------ changes
    def shifted(self, days: int) -> SeriesRule:
        """The rule moved by `days`: weekdays turn with it, a monthly rule takes its new start's
        day (or the new start's weekday and place in the month)."""
        start = self.start + dt.timedelta(days=days)
        until = self.until + dt.timedelta(days=days) if self.until else None
        moved = replace(self, start=start, until=until)
        if self.freq is Freq.WEEKLY:
            moved = replace(moved, weekdays=tuple(sorted((d + days) % 7 for d in self.weekdays)))
        elif self.freq is Freq.MONTHLY and self.nth is None:
            moved = replace(moved, monthday=start.day)
        elif self.freq is Freq.MONTHLY:
            last_week = (start + dt.timedelta(days=7)).month != start.month
            nth = -1 if self.nth == -1 and last_week else min((start.day - 1) // 7 + 1, 5)
            moved = replace(moved, weekdays=(start.weekday(),), nth=nth)
        return moved

    def text(self) -> str:
        """The rule as RRULE text (RFC 5545), without its start."""
        parts = [f"FREQ={self.freq.name}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.freq is Freq.WEEKLY:
            parts.append("BYDAY=" + ",".join(WEEKDAY_CODES[d] for d in self.weekdays))
        elif self.nth is not None:
            parts.append(f"BYDAY={self.nth}{WEEKDAY_CODES[self.weekdays[0]]}")
        elif self.monthday is not None and self.monthday >= _SHORT_MONTH_DAY:
            parts.append(f"BYMONTHDAY={self.monthday},-1;BYSETPOS=1")
        elif self.monthday is not None:
            parts.append(f"BYMONTHDAY={self.monthday}")
        if self.until is not None:
            parts.append(f"UNTIL={self.until:%Y%m%d}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        return ";".join(parts)
