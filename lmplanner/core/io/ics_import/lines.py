"""The lines of an iCalendar file: unfolded, checked (ImportFileError `line N: reason` for the
first broken one) and cut into calendars, their time zones and their events."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lmplanner.core.io.records import ImportFileError

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_NAME = re.compile(r"[A-Za-z0-9-]+")

Line = tuple[int, str]  # (the number of its first physical line, the unfolded content line)


@dataclass(slots=True)
class EventText:
    """One VEVENT: where it begins, its own properties, and all its lines (for icalendar)."""

    line: int
    properties: list[Line] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class CalendarText:
    """One VCALENDAR: its own properties, its VTIMEZONEs (as text) and its events."""

    properties: list[Line] = field(default_factory=list)
    timezones: list[str] = field(default_factory=list)
    events: list[EventText] = field(default_factory=list)


def looks_like_calendar(text: str) -> bool:
    """Whether the text opens like an iCalendar file (what `import` detects it by)."""
    return text.lstrip("\ufeff \t\r\n")[:15].upper() == "BEGIN:VCALENDAR"


def _broken(number: int, reason: str) -> ImportFileError:
    return ImportFileError(f"line {number}: {reason}")


def logical_lines(text: str) -> list[Line]:
    """Content lines unfolded (RFC 5545 3.1), each with the number of its first physical line.
    Blank lines are left out: RFC 5545 has none, but some programs write them."""
    unfolded: list[Line] = []
    for number, line in enumerate(_LINE_BREAK.split(text.lstrip("\ufeff")), 1):
        if not line.strip():
            continue
        if line[0] in " \t":
            if not unfolded:
                raise _broken(number, "a folded line continues nothing (it starts with a space)")
            first, head = unfolded[-1]
            unfolded[-1] = (first, head + line[1:])
        else:
            unfolded.append((number, line))
    return unfolded


def name_end(number: int, line: str) -> int:
    """Where the property name ends; ImportFileError unless the line is `NAME[;…]:VALUE`."""
    name = _NAME.match(line)
    end = name.end() if name else 0
    if not end or end == len(line) or line[end] not in ";:" or ":" not in line[end:]:
        raise _broken(number, f"not an iCalendar content line (NAME:VALUE): {line[:40]!r}")
    return end


def _collect(
    calendar: CalendarText, open_parts: list[str], line: Line, key: str, value: str, zone: list[str]
) -> None:
    """File a line of `calendar` (inside the parts `open_parts`) where it belongs."""
    inner = open_parts[1:]
    starts = value if key == "BEGIN" and not inner else ""
    if "VTIMEZONE" in inner or starts == "VTIMEZONE":
        zone.append(line[1])
    if "VEVENT" in inner or starts == "VEVENT":
        if starts == "VEVENT":
            calendar.events.append(EventText(line[0]))
        event = calendar.events[-1]
        event.lines.append(line[1])
        if inner == ["VEVENT"] and key not in ("BEGIN", "END"):
            event.properties.append(line)
    elif not inner and key not in ("BEGIN", "END"):
        calendar.properties.append(line)


def split_calendars(text: str) -> list[CalendarText]:
    """The file's calendars; ImportFileError `line N: reason` for the first line that is not
    `NAME[;PARAM=…]:VALUE` or a BEGIN/END that does not pair."""
    stack: list[tuple[str, int]] = []
    calendars: list[CalendarText] = []
    zone: list[str] = []
    for number, line in logical_lines(text):
        if not calendars and not line.upper().startswith("BEGIN:VCALENDAR"):
            raise _broken(number, "not an iCalendar file: it must start with BEGIN:VCALENDAR")
        end = name_end(number, line)
        key = line[:end].upper()
        value = line[line.index(":", end) + 1 :].strip().upper() if key in ("BEGIN", "END") else ""
        if stack:
            _collect(calendars[-1], [kind for kind, _ in stack], (number, line), key, value, zone)
        if key == "BEGIN":
            if not stack and value != "VCALENDAR":
                raise _broken(number, f"BEGIN:{value} outside a calendar (after END:VCALENDAR)")
            if not stack:
                calendars.append(CalendarText())
            stack.append((value, number))
        elif key == "END":
            if not stack or stack[-1][0] != value:
                open_part = f"BEGIN:{stack[-1][0]} of line {stack[-1][1]}" if stack else "nothing"
                raise _broken(number, f"END:{value} does not close {open_part}")
            stack.pop()
            if value == "VTIMEZONE" and len(stack) == 1:
                calendars[-1].timezones.append("\r\n".join(zone))
                zone = []
        elif not stack:
            raise _broken(number, "content after END:VCALENDAR")
    if stack:
        kind, number = stack[-1]
        raise _broken(number, f"BEGIN:{kind} is never closed (the file ends early)")
    if not calendars:
        raise ImportFileError("the file is empty: there is nothing to import")
    return calendars
