"""Recurring events (RRULE, RDATE, EXDATE and RECURRENCE-ID overrides): the one place that
decides what a recurring event becomes.

A rule a series can follow becomes one series: the series makes the rule's posts (to the
plan's horizon, like any series), EXDATEs and moved occurrences are days it skips, and moved
(RECURRENCE-ID) or extra (RDATE) occurrences are posts of their own, outside the series, as an
edit of "this occurrence only" leaves them. Anything else — `--expand`, a rule a series cannot
follow (yearly, hourly, BYMONTH…), a time that the plan's zone would move — is expanded into
single posts by `recurring-ical-events`, and the reason is given for the preview.

Whether the series is right is not argued from the rule's text but checked: the series' days
and time must be the very occurrences `recurring-ical-events` finds in the plan's zone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lmplanner.core.errors import ValidationError
from lmplanner.core.io.ics_import.events import CalendarContext, local_start
from lmplanner.core.series import SeriesRule, parse_rrule

if TYPE_CHECKING:
    from icalendar import Component, Event

# An open-ended rule is expanded over twelve months from the event's start (a series instead
# runs to the plan's horizon).
HORIZON_MONTHS = 12
# A bounded rule (COUNT/UNTIL, RDATEs) is expanded whole, but a runaway rule (open-ended or
# not) stops here.
MAX_OCCURRENCES = 5_000
_FREQ_WORDS = {"YEARLY": "yearly", "HOURLY": "hourly", "MINUTELY": "every minute"}
_FREQ_WORDS["SECONDLY"] = "every second"


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One event to import: its line in the file, its component, start and (for an occurrence
    of a recurring event) the original date that tells occurrences apart, with its moment for
    days that hold more than one (hourly rules, RDATE times)."""

    line: int
    event: Event
    start: Any
    occurrence: dt.date | None = None
    moment: Any = None


@dataclass(frozen=True, slots=True)
class RoutedSeries:
    """A recurring event as a series: its master (the pattern), its first start, its rule in
    the plan's days and the days the rule skips."""

    line: int
    event: Event
    start: Any
    rule: SeriesRule
    skip: tuple[dt.date, ...] = ()


@dataclass(frozen=True, slots=True)
class Routed:
    """What a recurring event became: a series (or None) and single posts — all of its
    occurrences when expanded, else the moved and extra ones. `reason` says why a recurring event
    that was not asked to be expanded was all the same."""

    series: RoutedSeries | None
    posts: list[Occurrence]
    reason: str = ""


def is_recurring(event: Event) -> bool:
    return event.get("RRULE") is not None or event.get("RDATE") is not None


def route_recurring(
    line: int,
    group: Sequence[Event],
    timezones: Sequence[Component],
    ctx: CalendarContext,
    *,
    expand: bool,
) -> Routed:
    """What a recurring event (its master and its overrides, one UID) becomes: single posts when
    `expand` asks for them or no series can follow it, else a series."""
    if not expand:
        found = _as_series(line, group, timezones, ctx)
        if isinstance(found, tuple):
            return Routed(*found)
        return Routed(
            None, list(_expanded(line, group, timezones, until=_horizon(group, ctx))), found
        )
    return Routed(None, list(_expanded(line, group, timezones, until=_horizon(group, ctx))))


def at_own_lines(routed: Routed, group: Sequence[Event], lines: Sequence[int]) -> Routed:
    """`routed` with each moved occurrence (a RECURRENCE-ID override) at the line of its own
    VEVENT (`lines[i]` begins `group[i]`), so the preview points at the event that moved it."""
    if len(group) != len(lines):
        return routed
    own = {
        _key(event.decoded("RECURRENCE-ID")): line
        for event, line in zip(group, lines, strict=True)
        if event.get("RECURRENCE-ID") is not None
    }
    if not own:
        return routed
    posts = [
        dataclasses.replace(item, line=own.get(item.moment, item.line))
        if item.event.get("RECURRENCE-ID") is not None
        else item
        for item in routed.posts
    ]
    return dataclasses.replace(routed, posts=posts)


def _horizon(group: Sequence[Event], ctx: CalendarContext) -> dt.date:
    """The first day past the plan's horizon for an open-ended event made single posts: as far
    ahead as its series would reach (`horizon_months` from today, or from a later start)."""
    from lmplanner.core.series import horizon_end

    today = dt.datetime.now(ctx.timezone).date()
    start = _day(_master(group).decoded("DTSTART"))
    return horizon_end(today, ctx.horizon_months, start) + dt.timedelta(days=1)


def rule_problem(group: Sequence[Event]) -> str:
    """Why a recurring event's rules cannot be followed at all, or "": one icalendar could not
    read, one without FREQ, or an INTERVAL below 1 (dateutil would step on forever)."""
    for event in group:
        rules = event.get("RRULE")
        for rule in rules if isinstance(rules, list) else [] if rules is None else [rules]:
            broken = getattr(rule, "parse_error", None)
            if broken is not None or not hasattr(rule, "get"):
                return f"the rule cannot be read: {broken or rule}"
            if not rule.get("FREQ"):
                return "the rule has no FREQ"
            if any(int(step) < 1 for step in rule.get("INTERVAL") or []):
                return "the rule's INTERVAL must be 1 or more"
    return ""


def empty_reason(group: Sequence[Event]) -> str:
    """Why a recurring event has no occurrences at all, or "": COUNT=0, or an UNTIL before its
    start (Google and Outlook show such an event nowhere, so it makes no post)."""
    master = _master(group)
    rules = master.get("RRULE")
    if master.get("RDATE") is not None or rules is None or isinstance(rules, list):
        return ""
    if any(int(count) == 0 for count in rules.get("COUNT") or []):
        return "has no occurrences (its rule's COUNT is 0)"
    start = master.decoded("DTSTART")
    for until in rules.get("UNTIL") or []:
        if _day_of(until) < _day_of(start):
            return "has no occurrences (its rule's UNTIL is before its start)"
    return ""


def _day_of(moment: Any) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _master(group: Sequence[Event]) -> Event:
    return next(
        (e for e in group if is_recurring(e) and e.get("RECURRENCE-ID") is None),
        next(e for e in group if is_recurring(e)),
    )


def _as_series(
    line: int, group: Sequence[Event], timezones: Sequence[Component], ctx: CalendarContext
) -> tuple[RoutedSeries, list[Occurrence]] | str:
    """The series a recurring event becomes and its posts outside the series, or why no series
    can follow it."""
    master = _master(group)
    found = _series_rule(master, ctx)
    if isinstance(found, str):
        return found
    rule, time = found
    reach = _moved_days(group)
    plain = list(_expanded(line, [_bare(master)], timezones, also=reach))
    starts = [local_start(o.start, ctx) for o in plain]
    if not starts:
        return "has no occurrences a series could hold"
    if any(moment != time for _, moment in starts):
        # Its own zone changes its clocks on other days than the plan's (or not at all).
        return "keeps its time in another time zone, so its time in the plan's zone changes"
    days = [day for day, _ in starts]
    if rule.until is not None:  # UNTIL: the last day it reaches in the plan's zone
        rule = dataclasses.replace(rule, until=days[-1])
    if rule.dates(None, days[-1]) != days:
        return "has a rule a series cannot follow"
    plain_keys = {_key(o.start) for o in plain}
    moved = {_key(e.decoded("RECURRENCE-ID")) for e in group if e.get("RECURRENCE-ID")}
    outside: list[Occurrence] = []
    kept: set[dt.date] = set()
    for item in _expanded(line, group, timezones, also=reach):
        original = item.event.get("RECURRENCE-ID")
        if original is not None and _key(original.dt) in moved:
            outside.append(item)  # moved or edited: a post of its own, as "this occurrence only"
        elif _key(item.start) in plain_keys:
            kept.add(local_start(item.start, ctx)[0])
        else:
            outside.append(item)  # an RDATE: an extra post beside the series
    skip = (set(days) - kept) | _excluded_days(group, ctx)
    series = RoutedSeries(line, master, plain[0].start, rule, tuple(sorted(skip)))
    return series, outside


def _series_rule(master: Event, ctx: CalendarContext) -> tuple[SeriesRule, dt.time | None] | str:
    """The master's rule as a series rule from its first day in the plan's zone (with the
    plan-local time), or why it is not one."""
    rules = master.get("RRULE")
    if rules is None:
        return "repeats on listed dates only (RDATE)"
    if isinstance(rules, list):
        if len(rules) != 1:
            return "has more than one rule"
        rules = rules[0]
    freq = str((rules.get("FREQ") or [""])[0]).upper()
    if freq in _FREQ_WORDS:
        return f"repeats {_FREQ_WORDS[freq]}"
    # WKST only matters with an interval; the check against the expanded days catches it.
    # "The last day of the month" (Google, Outlook) is a series on day 31, which falls back to
    # the last day in shorter months.
    parts = [
        "BYMONTHDAY=31" if p.upper() == "BYMONTHDAY=-1" else p
        for p in rules.to_ical().decode().split(";")
        if not p.upper().startswith("WKST=")
    ]
    start = master.decoded("DTSTART")
    own_day = start.date() if isinstance(start, dt.datetime) else start
    day, time = local_start(start, ctx)
    if freq == "MONTHLY" and not {"BYDAY", "BYMONTHDAY"} & set(rules):
        parts.append(f"BYMONTHDAY={own_day.day}")  # RFC 5545: the day of DTSTART
    # UNTIL is read from the expanded days: its moment may be UTC, the series' days are local.
    until = [p for p in parts if p.upper().startswith("UNTIL=")]
    try:
        rule = parse_rrule(";".join(p for p in parts if p not in until), own_day)
        if day != own_day:
            rule = rule.shifted((day - own_day).days).checked()
    except ValidationError:
        return f"has a rule a series cannot follow ({rules.to_ical().decode()})"
    if until:  # a stand-in: _as_series sets the last day the rule reaches
        rule = dataclasses.replace(rule, until=rule.start)
    return rule, time


def _bare(master: Event) -> Event:
    """The master with its rule alone: no EXDATE, no RDATE."""
    import icalendar

    copy: Event = icalendar.Event.from_ical(master.to_ical())  # type: ignore[assignment]
    for name in ("EXDATE", "RDATE"):
        copy.pop(name, None)
    return copy


def _key(moment: Any) -> Any:
    """An occurrence's start made comparable: aware moments in UTC."""
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        return moment.astimezone(dt.UTC)
    return moment


def _values(event: Event, name: str) -> list[Any]:
    found = event.get(name)
    lists = found if isinstance(found, list) else [found] if found is not None else []
    return [value.dt for item in lists for value in getattr(item, "dts", [])]


def _excluded_days(group: Sequence[Event], ctx: CalendarContext) -> set[dt.date]:
    """The plan-local days of every EXDATE and moved occurrence: a series never fills them,
    however far its horizon later moves."""
    days = {local_start(value, ctx)[0] for e in group for value in _values(e, "EXDATE")}
    for event in group:
        if event.get("RECURRENCE-ID") is not None:
            days.add(local_start(event.decoded("RECURRENCE-ID"), ctx)[0])
    return days


def _moved_days(group: Sequence[Event]) -> dt.date | None:
    """The last day a moved occurrence was or is on (the expansion reaches it)."""
    days = [
        _day(e.decoded(name))
        for e in group
        if e.get("RECURRENCE-ID") is not None
        for name in ("RECURRENCE-ID", "DTSTART")
        if e.get(name) is not None
    ]
    return max(days, default=None)


def _day(moment: Any) -> dt.date:
    return moment.date() if isinstance(moment, dt.datetime) else moment


def _expanded(
    line: int,
    group: Sequence[Event],
    timezones: Sequence[Component],
    *,
    also: dt.date | None = None,
    until: dt.date | None = None,
) -> Iterator[Occurrence]:
    """Every occurrence of the event: a bounded rule whole, an open-ended one up to `until`
    (else twelve months from its start), and on to `also`, the last moved occurrence."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar()
    for component in (*timezones, *group):
        calendar.add_component(component)
    master = _master(group)
    first = master.decoded("DTSTART")
    query = recurring_ical_events.of(calendar)
    found: Any = query.after(_before(first))  # lazily, in order of start
    if _open_ended(master):
        day = _day(first)
        end = until if until is not None else _months_later(day, HORIZON_MONTHS)
        if also is not None and also >= end:
            end = also + dt.timedelta(days=1)
        found = itertools.takewhile(lambda e: _day(e.decoded("DTSTART")) < end, found)
    # A runaway rule (every minute for a year) stops here, open-ended or not.
    for event in itertools.islice(found, MAX_OCCURRENCES):
        original = event.get("RECURRENCE-ID")
        start = event.decoded("DTSTART")
        moment = original.dt if original is not None else start
        yield Occurrence(line, event, start, _day(moment), _key(moment))


def _months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the first of the next month where that day does not exist)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    try:
        return day.replace(year=year, month=month)
    except ValueError:
        return dt.date(year + month // 12, month % 12 + 1, 1)


def _open_ended(event: Event) -> bool:
    rules = event.get("RRULE")
    if rules is None:
        return False
    for rule in rules if isinstance(rules, list) else [rules]:
        if "COUNT" not in rule and "UNTIL" not in rule:
            return True
    return False


def _before(start: Any) -> Any:
    # `after` is exclusive of its moment: step back so the first occurrence is kept.
    return (
        start - dt.timedelta(seconds=1)
        if isinstance(start, dt.datetime)
        else start - dt.timedelta(days=1)
    )
