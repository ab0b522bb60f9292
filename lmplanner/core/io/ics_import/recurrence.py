"""Recurring events (RRULE, RDATE, EXDATE and RECURRENCE-ID overrides): the one place that
decides what a recurring event becomes.

Until plans have series, every recurring event is expanded into single posts (as `--expand`
asks) by `recurring-ical-events`; routing a rule to a series instead belongs in `route_recurring`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from icalendar import Component, Event

# An open-ended rule is expanded over the plan's horizon: twelve months from the event's start.
HORIZON_MONTHS = 12
# A bounded rule (COUNT/UNTIL, RDATEs) is expanded whole, but a runaway rule stops here.
MAX_OCCURRENCES = 5_000


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One event to import: its line in the file, its component, start and (for an occurrence
    of a recurring event) the original date that tells occurrences apart."""

    line: int
    event: Event
    start: Any
    occurrence: dt.date | None = None


def is_recurring(event: Event) -> bool:
    return event.get("RRULE") is not None or event.get("RDATE") is not None


def route_recurring(
    line: int, group: Sequence[Event], timezones: Sequence[Component], *, expand: bool
) -> list[Occurrence]:
    """What a recurring event (its master and its overrides, one UID) becomes.

    `expand` is the caller's wish for single posts; without series every recurring event is
    expanded, so both answers lead here for now."""
    del expand  # series are not part of plans yet: always single posts
    return list(_expanded(line, group, timezones))


def _expanded(
    line: int, group: Sequence[Event], timezones: Sequence[Component]
) -> Iterator[Occurrence]:
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar()
    for component in (*timezones, *group):
        calendar.add_component(component)
    master = next(e for e in group if is_recurring(e))
    first = master.decoded("DTSTART")
    query = recurring_ical_events.of(calendar)
    if _open_ended(master):
        day = first.date() if isinstance(first, dt.datetime) else first
        found: Any = query.between(day, _months_later(day, HORIZON_MONTHS))
    else:
        found = itertools.islice(query.after(_before(first)), MAX_OCCURRENCES)
    for event in found:
        original = event.get("RECURRENCE-ID")
        start = event.decoded("DTSTART")
        moment = original.dt if original is not None else start
        day = moment.date() if isinstance(moment, dt.datetime) else moment
        yield Occurrence(line, event, start, day)


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
