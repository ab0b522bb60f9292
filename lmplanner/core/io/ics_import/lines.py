"""The physical lines of an iCalendar file: the structure check that names the first broken line,
and the line where each VEVENT begins (what a record's problems are reported against)."""

from __future__ import annotations

import re

from lmplanner.core.io.records import ImportFileError

_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_NAME = re.compile(r"[A-Za-z0-9-]+")


def looks_like_calendar(text: str) -> bool:
    """Whether the text opens like an iCalendar file (what `import` detects it by)."""
    return text.lstrip("\ufeff \t\r\n")[:15].upper() == "BEGIN:VCALENDAR"


def _broken(number: int, reason: str) -> ImportFileError:
    return ImportFileError(f"line {number}: {reason}")


def logical_lines(text: str) -> list[tuple[int, str]]:
    """Content lines unfolded (RFC 5545 3.1), each with the number of its first physical line.
    Blank lines are left out: RFC 5545 has none, but some programs write them."""
    unfolded: list[tuple[int, str]] = []
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


def event_lines(text: str) -> list[int]:
    """The line of every VEVENT's BEGIN, in file order; ImportFileError `line N: reason` for
    the first line that is not `NAME[;PARAM=…]:VALUE` or a BEGIN/END that does not pair."""
    stack: list[tuple[str, int]] = []
    events: list[int] = []
    calendars = 0
    for number, line in logical_lines(text):
        if not calendars and not line.upper().startswith("BEGIN:VCALENDAR"):
            raise _broken(number, "not an iCalendar file: it must start with BEGIN:VCALENDAR")
        name = _NAME.match(line)
        end = name.end() if name else 0
        if not end or end == len(line) or line[end] not in ";:" or ":" not in line[end:]:
            raise _broken(number, f"not an iCalendar content line (NAME:VALUE): {line[:40]!r}")
        key = line[:end].upper()
        value = line[line.index(":", end) + 1 :].strip().upper()
        if key == "BEGIN":
            if not stack and value != "VCALENDAR":
                raise _broken(number, f"BEGIN:{value} outside a calendar (after END:VCALENDAR)")
            stack.append((value, number))
            calendars += value == "VCALENDAR"
            if value == "VEVENT":
                events.append(number)
        elif key == "END":
            if not stack or stack[-1][0] != value:
                open_part = f"BEGIN:{stack[-1][0]} of line {stack[-1][1]}" if stack else "nothing"
                raise _broken(number, f"END:{value} does not close {open_part}")
            stack.pop()
        elif not stack:
            raise _broken(number, "content after END:VCALENDAR")
    if stack:
        kind, number = stack[-1]
        raise _broken(number, f"BEGIN:{kind} is never closed (the file ends early)")
    if not calendars:
        raise ImportFileError("the file is empty: there is nothing to import")
    return events
