"""An iCalendar file as import records: checked line by line, parsed by `icalendar`, each
VEVENT (or each occurrence of a recurring one) one record."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from lmplanner.core.io.ics_import.events import CalendarContext, event_record, post_uuid
from lmplanner.core.io.ics_import.lines import event_lines
from lmplanner.core.io.ics_import.recurrence import Occurrence, is_recurring, route_recurring
from lmplanner.core.io.records import ImportFileError, RawRecord

if TYPE_CHECKING:
    from icalendar import Calendar, Event


def read_calendar(text: str, ctx: CalendarContext, *, expand: bool = False) -> list[RawRecord]:
    """Every event of the file as a raw record, in file order; ImportFileError `line N: reason`
    when the file as a whole is not iCalendar. Cancelled events are not posts and are left out."""
    lines = event_lines(text)
    import icalendar

    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError) as exc:
        raise ImportFileError(f"not a valid iCalendar file: {exc}") from None
    numbers = iter(lines)
    records: list[RawRecord] = []
    for calendar in calendars:
        own = dataclasses.replace(ctx, floating=_calendar_zone(calendar))
        events: list[Event] = calendar.walk("VEVENT")  # type: ignore[assignment]
        placed = [(next(numbers, 1), event) for event in events]
        for item in _occurrences(calendar, placed, expand=expand):
            if str(item.event.get("STATUS", "")).upper() == "CANCELLED":
                continue
            uid = str(item.event.get("UID", "")).strip()
            uuid = post_uuid(uid, item.occurrence) if uid else ""
            records.append(event_record(item.line, item.event, item.start, own, uuid))
    return records


def _calendar_zone(calendar: Calendar) -> dt.tzinfo | None:
    """The zone a calendar names for itself (Google's X-WR-TIMEZONE), if it is a known one."""
    name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if not name:
        return None
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return None


def _occurrences(
    calendar: Calendar, placed: Sequence[tuple[int, Event]], *, expand: bool
) -> Iterator[Occurrence]:
    """Single events as they are; a recurring event (with the overrides of its UID) as
    `route_recurring` decides, at the master's place in the file."""
    groups: dict[str, list[Event]] = defaultdict(list)
    recurring = {str(e.get("UID", "")) for _, e in placed if is_recurring(e)}
    for _, event in placed:
        if str(event.get("UID", "")) in recurring:
            groups[str(event.get("UID", ""))].append(event)
    timezones = list(calendar.walk("VTIMEZONE"))
    for line, event in placed:
        uid = str(event.get("UID", ""))
        if uid not in recurring:
            yield Occurrence(line, event, _start(event))
        elif is_recurring(event):
            yield from route_recurring(line, groups[uid], timezones, expand=expand)


def _start(event: Event) -> object:
    try:
        return event.decoded("DTSTART")
    except (KeyError, ValueError):
        return None
