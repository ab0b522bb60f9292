"""An iCalendar file as import records: checked line by line, each VEVENT one record (a
recurring one a series record, or one record per occurrence). Single events are read straight
from their lines; recurring ones go through `icalendar` and `route_recurring`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lmplanner.core.io.ics_import.events import (
    CalendarContext,
    EventFacts,
    event_record,
    post_uuid,
    series_uid,
    split_role,
)
from lmplanner.core.io.ics_import.lines import CalendarText, EventText, name_end, split_calendars
from lmplanner.core.io.ics_import.properties import Property, date_or_time, parse_line, text, texts
from lmplanner.core.io.ics_import.recurrence import (
    Occurrence,
    Routed,
    at_own_lines,
    empty_reason,
    route_recurring,
    rule_problem,
)
from lmplanner.core.io.ics_import.zones import ZoneResolver
from lmplanner.core.io.records import CalendarSeries, ImportFileError, RawRecord

if TYPE_CHECKING:
    from icalendar import Event

_WANTED = frozenset(
    {"SUMMARY", "DESCRIPTION", "CATEGORIES", "URL", "UID", "STATUS", "DTSTART", "RRULE", "RDATE"}
    | {"RECURRENCE-ID"}
)
Properties = dict[str, list[Property]]


@dataclass(frozen=True, slots=True)
class SinglesWarning:
    """A recurring event that had to be single posts, and why; its posts are `records[first:
    first + count]` of the read, so the warning can count only those an import makes."""

    line: int
    title: str
    reason: str
    first: int
    count: int

    def text(self, posts: int) -> str:
        if not self.count:  # the event has no posts to make, this import or any other
            return f"line {self.line}: {self.title!r} {self.reason}; nothing imported"
        said = f"{posts} single post" + ("" if posts == 1 else "s")
        return f"line {self.line}: {self.title!r} {self.reason}; imported as {said}"


@dataclass(frozen=True, slots=True)
class CalendarRead:
    """A calendar's records (a recurring event that became a series is one record with its
    `series`) and a warning for each recurring event imported as single posts all the same."""

    records: list[RawRecord]
    singles: list[SinglesWarning]

    @property
    def warnings(self) -> list[str]:
        """The warnings were every record imported (a re-import skips some: `SinglesWarning`)."""
        return [w.text(w.count) for w in self.singles]


def read_calendar(text_: str, ctx: CalendarContext, *, expand: bool = False) -> CalendarRead:
    """Every event of the file as a raw record, in file order; ImportFileError `line N: reason`
    when the file as a whole is not iCalendar. Cancelled events are not posts and are left out."""
    records: list[RawRecord] = []
    warnings: list[SinglesWarning] = []
    for calendar in split_calendars(text_):
        own = dataclasses.replace(ctx, floating=_calendar_zone(calendar))
        zones = ZoneResolver(calendar.timezones)
        read = [(event, _properties(event)) for event in calendar.events]
        recurring = {_uid(p) for _, p in read if "RRULE" in p or "RDATE" in p}
        groups: dict[str, list[EventText]] = defaultdict(list)
        for event, props in read:
            if _uid(props) in recurring:
                groups[_uid(props)].append(event)
        for event, props in read:
            uid = _uid(props)
            if uid not in recurring:
                facts = _facts(props, zones)
                if facts.status.upper() != "CANCELLED":
                    records.append(
                        event_record(event.line, facts, own, post_uuid(uid) if uid else "")
                    )
            elif "RRULE" in props or "RDATE" in props:
                routed = _recurring(event.line, groups[uid], calendar, own, expand=expand)
                found = _routed_records(routed, uid, own)
                if routed.reason:
                    title = split_role(_first(props, "SUMMARY"))[0] or "(no title)"
                    singles = SinglesWarning(
                        event.line, title, routed.reason, len(records), len(found)
                    )
                    warnings.append(singles)
                records.extend(found)
    return CalendarRead(records, warnings)


def _routed_records(routed: Routed, uid: str, ctx: CalendarContext) -> list[RawRecord]:
    """The records of a routed recurring event: its series (unless cancelled as a whole) and
    its single posts."""
    records: list[RawRecord] = []
    if routed.series is not None:
        plan = routed.series
        master = Occurrence(plan.line, plan.event, plan.start)
        facts = _component_facts(master)
        if facts.status.upper() != "CANCELLED":
            # The uuid its first occurrence has as a single post: a file imported with
            # `expand` before is not imported again as a series.
            first = plan.start.date() if isinstance(plan.start, dt.datetime) else plan.start
            record = event_record(plan.line, facts, ctx, post_uuid(uid, first) if uid else "")
            series = CalendarSeries(plan.rule, plan.skip, series_uid(uid))
            records.append(dataclasses.replace(record, series=series))
    # An occurrence is told apart by its original day; on a day with more than one, by its
    # moment (a day's uuid alone would make the others duplicates of the first).
    per_day = Counter(item.occurrence for item in routed.posts)
    for item in routed.posts:
        facts = _component_facts(item)
        if facts.status.upper() != "CANCELLED":
            key = item.moment if per_day[item.occurrence] > 1 else item.occurrence
            uuid = post_uuid(uid, key) if uid else ""
            records.append(event_record(item.line, facts, ctx, uuid))
    return records


def _properties(event: EventText) -> Properties:
    found: Properties = defaultdict(list)
    for number, line in event.properties:
        end = name_end(number, line)
        if line[:end].upper() in _WANTED:
            prop = parse_line(line, end)
            found[prop.name].append(prop)
    return found


def _uid(props: Properties) -> str:
    return text(props["UID"][0].value).strip() if props.get("UID") else ""


def _first(props: Properties, name: str) -> str:
    return text(props[name][0].value) if props.get(name) else ""


def _facts(props: Properties, zones: ZoneResolver) -> EventFacts:
    """An event's facts from its own properties."""
    start: dt.date | dt.datetime | None = None
    problem = ""
    if props.get("DTSTART"):
        prop = props["DTSTART"][0]
        try:
            start = date_or_time(prop)
        except ValueError as exc:
            problem = str(exc)
        tzid = prop.params.get("TZID", "")
        if isinstance(start, dt.datetime) and start.tzinfo is None and tzid:
            zone = zones.zone(tzid)
            if zone is None:
                problem, start = f"unknown time zone {tzid!r} (no VTIMEZONE names it)", None
            else:
                start = start.replace(tzinfo=zone)
    names = tuple(n.strip() for p in props.get("CATEGORIES", []) for n in texts(p.value))
    return EventFacts(
        summary=_first(props, "SUMMARY"),
        description=_first(props, "DESCRIPTION"),
        categories=tuple(n for n in names if n),
        url=_first(props, "URL").strip(),
        uid=_uid(props),
        status=_first(props, "STATUS").strip(),
        start=start,
        problem=problem,
    )


def _calendar_zone(calendar: CalendarText) -> dt.tzinfo | None:
    """The zone a calendar names for itself (Google's X-WR-TIMEZONE), if it is a known one."""
    for number, line in calendar.properties:
        end = name_end(number, line)
        if line[:end].upper() == "X-WR-TIMEZONE":
            return ZoneResolver(()).zone(text(parse_line(line, end).value).strip())
    return None


def _recurring(
    line: int, group: list[EventText], calendar: CalendarText, ctx: CalendarContext, *, expand: bool
) -> Routed:
    """A recurring event with its overrides, read by icalendar and routed."""
    import icalendar

    source = "\r\n".join(
        ["BEGIN:VCALENDAR", *calendar.timezones, *(x for e in group for x in e.lines)]
    )
    try:
        parsed = icalendar.Calendar.from_ical(source + "\r\nEND:VCALENDAR\r\n")
    except (ValueError, KeyError, IndexError) as exc:
        raise ImportFileError(f"line {line}: cannot read this recurring event: {exc}") from None
    events: list[Event] = parsed.walk("VEVENT")  # type: ignore[assignment]
    problem = rule_problem(events)
    if problem:
        raise ImportFileError(f"line {line}: {problem}")
    empty = empty_reason(events)
    if empty:
        return Routed(None, [], empty)
    routed = route_recurring(line, events, parsed.walk("VTIMEZONE"), ctx, expand=expand)
    return at_own_lines(routed, events, [event.line for event in group])


def _component_facts(item: Occurrence) -> EventFacts:
    event = item.event
    start = item.start
    problem = ""
    tzid = getattr(event.get("DTSTART"), "params", {}).get("TZID")
    if isinstance(start, dt.datetime) and start.tzinfo is None and tzid:
        problem, start = f"unknown time zone {tzid!r} (no VTIMEZONE names it)", None
    found = event.get("CATEGORIES")
    values = found if isinstance(found, list) else [found] if found is not None else []
    names = [str(c).strip() for v in values for c in (getattr(v, "cats", None) or [])]
    return EventFacts(
        summary=str(event.get("SUMMARY", "")),
        description=str(event.get("DESCRIPTION", "")),
        categories=tuple(n for n in names if n),
        url=str(event.get("URL", "")).strip(),
        uid=str(event.get("UID", "")),
        status=str(event.get("STATUS", "")),
        start=start if isinstance(start, dt.date) else None,
        problem=problem,
    )
