"""A series as services hand it out, and the rows its occurrences are made of."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid as uuid_module
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from lmplanner.core.domain import DATE_MAX, RESULT_FIELDS
from lmplanner.core.series.rule import WEEKDAY_CODES, Freq, SeriesRule

# The post columns a series' pattern holds; each occurrence starts with these values.
PATTERN_COLUMNS = (
    "title",
    "body",
    "role",
    "kind",
    "status",
    "time",
    "channel_id",
    "author_id",
    "campaign_id",
    "pillar_id",
    "link",
    "notes",
)
RULE_COLUMNS = ("freq", "interval", "weekdays", "monthday", "nth", "start_date", "until", "count")


@dataclass(frozen=True, slots=True)
class SeriesRecord:
    """A recurring series: its post pattern (names as text), its rule and how many live posts
    it has in the plan now."""

    id: int
    uuid: str
    title: str
    role: str
    channel: str
    rule: SeriesRule
    time: dt.time | None = None
    body: str = ""
    kind: str | None = None
    status: str = "draft"
    author: str | None = None
    campaign: str | None = None
    pillar: str | None = None
    link: str = ""
    notes: str = ""
    occurrences: int = 0
    generated_until: dt.date | None = None
    ical_uid: str | None = None  # the calendar event it was imported from
    skipped: tuple[dt.date, ...] = ()  # days of the rule with no post (EXDATEs)


def rule_of(row: Mapping[str, Any]) -> SeriesRule:
    """The rule stored in a series row."""
    codes = [code for code in str(row["weekdays"] or "").split(",") if code]
    return SeriesRule(
        Freq(row["freq"]),
        row["start_date"],
        int(row["interval"]),
        tuple(WEEKDAY_CODES.index(code) for code in codes),
        row["monthday"],
        row["nth"],
        row["until"],
        row["count"],
    )


def rule_columns(rule: SeriesRule) -> dict[str, Any]:
    """A rule as the series row's columns."""
    return {
        "freq": rule.freq.value,
        "interval": rule.interval,
        "weekdays": ",".join(WEEKDAY_CODES[day] for day in rule.weekdays),
        "monthday": rule.monthday,
        "nth": rule.nth,
        "start_date": rule.start,
        "until": rule.until,
        "count": rule.count,
    }


def skipped_days(row: Mapping[str, Any]) -> tuple[dt.date, ...]:
    """The days a series row's rule skips (its `skip_dates`), in order."""
    text = str(row.get("skip_dates") or "")
    return tuple(sorted({dt.date.fromisoformat(part) for part in text.split(",") if part}))


def days_of_rule(rule: SeriesRule, days: Iterable[dt.date]) -> tuple[dt.date, ...]:
    """Those of `days` the rule makes a post on, in order: a skipped day the rule never reaches
    (before its start, off its pattern, past its end or its count) skips nothing."""
    return tuple(sorted(day for day in set(days) if rule.first_on_or_after(day) == day))


def same_place_days(
    old: SeriesRule, new: SeriesRule, days: Iterable[dt.date]
) -> dict[dt.date, dt.date]:
    """Each of `days` the old rule makes, with the new rule's day of the same place in its run
    (the k-th for the k-th): where a moved series' posts and skipped days go. A monthly rule's
    days do not all move by the same number of days (the 2nd Tuesday plus three days is the
    2nd Friday, eight days earlier in May 2026). Days off the old rule, or whose place the new
    rule never reaches, are left out."""
    wanted = sorted(set(days))
    if not wanted:
        return {}
    old_days = old.dates(None, wanted[-1])
    place = {day: index for index, day in enumerate(old_days)}
    places = [place[day] for day in wanted if day in place]
    if not places:
        return {}
    new_days = [moment.date() for moment in islice(new.rrule(), max(places) + 1)]
    return {
        old_days[index]: new_days[index]
        for index in places
        if index < len(new_days) and new_days[index] <= DATE_MAX
    }


def same_place_bound(old: SeriesRule, new: SeriesRule, bound: dt.date, days: int) -> dt.date:
    """A moved series' last day (its UNTIL, or how far it has made its posts): one that takes in
    as many of the new rule's days as `bound` took of the old one's, so the moved series ends
    after as many posts and the horizon's upkeep makes its next post, and none twice. Moved by
    `days` where that lies between those days."""
    made = len(old.dates(None, bound))
    new_days = [moment.date() for moment in islice(new.rrule(), made + 1)]
    until = min(bound + dt.timedelta(days=days), DATE_MAX)
    if made < len(new_days):
        until = min(until, new_days[made] - dt.timedelta(days=1))
    if made and len(new_days) >= made:
        until = max(until, new_days[made - 1])
    return until


def kept_skips(row: Mapping[str, Any]) -> str:
    """A series row's `skip_dates` with only the days its rule can still make: what a series
    keeps when its rule changes, it is split or it is ended."""
    return skip_text(days_of_rule(rule_of(row), skipped_days(row)))


def skip_text(days: Iterable[dt.date]) -> str:
    """Days to skip as the series row's `skip_dates` column."""
    return ",".join(day.isoformat() for day in sorted(set(days)))


def series_dates(row: Mapping[str, Any], after: dt.date | None, through: dt.date) -> list[dt.date]:
    """The days a series row makes posts on after `after` up to `through`: its rule's days but
    those it skips (a calendar's EXDATEs stay empty however far the horizon moves)."""
    skipped = set(skipped_days(row))
    return [day for day in rule_of(row).dates(after, through) if day not in skipped]


def next_series_day(row: Mapping[str, Any], day: dt.date, last: dt.date) -> dt.date | None:
    """The first day on or after `day` (up to `last`) a series row would still make a post on:
    its rule's next day that it does not skip."""
    rule, skipped = rule_of(row), set(skipped_days(row))
    following = rule.first_on_or_after(day) if day <= last else None
    while following is not None and following <= last and following in skipped:
        following = rule.first_on_or_after(following + dt.timedelta(days=1))
    return following if following is not None and following <= last else None


def horizon_end(today: dt.date, months: int, start: dt.date) -> dt.date:
    """The last day occurrences are created for: `months` ahead of today, or of the series'
    start when it begins later (a series planned far ahead still shows its first posts)."""
    from dateutil.relativedelta import relativedelta

    end: dt.date = max(today, start) + relativedelta(months=months)
    return end


def occurrence_rows(
    series_row: Mapping[str, Any], dates: list[dt.date], now: dt.datetime
) -> list[dict[str, Any]]:
    """New post rows for a series' occurrences on `dates`, each with its own uuid."""
    pattern = {column: series_row[column] for column in PATTERN_COLUMNS}
    rows = []
    for day in dates:
        row = dict(pattern)
        row.update(
            uuid=str(uuid_module.uuid4()),
            date=day,
            other_kind=None,
            role_suggested=False,
            follows_id=None,
            series_id=series_row["id"],
            version=1,
            created_at=now,
            updated_at=now,
            deleted_at=None,
        )
        row.update(dict.fromkeys(RESULT_FIELDS))  # a new post has achieved nothing yet
        rows.append(row)
    return rows


def posts_of_count(rule: SeriesRule, skipped: Iterable[dt.date]) -> int | None:
    """How many posts a rule with a COUNT makes: RFC 5545 counts its days before the skipped
    ones (EXDATE) are taken out, so a skipped day among them is a post fewer. None when the rule
    has no count."""
    if rule.count is None:
        return None
    skip = set(skipped)
    return sum(1 for moment in rule.rrule() if moment.date() not in skip)


def count_for_posts(
    rule: SeriesRule, skipped: Iterable[dt.date], posts: int, since: dt.date | None = None
) -> int:
    """The COUNT that makes `posts` posts from `since` on (from the start when None) given the
    skipped days: how many of the rule's days that takes, skipped ones included."""
    skip = set(skipped)
    endless = dataclasses.replace(rule, count=None, until=None)
    days = made = 0
    for moment in endless.rrule():
        day = moment.date()
        if since is not None and day < since:
            continue
        days += 1
        made += day not in skip
        if made >= posts:
            break
    return days
