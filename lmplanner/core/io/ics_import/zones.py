"""The zone a TZID names: an IANA name, a Windows name (Outlook's "W. Europe Standard Time"), or
a VTIMEZONE of the file itself; None when nothing names it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


class ZoneResolver:
    """Resolves the TZIDs of one calendar, each once; its VTIMEZONEs are parsed on first need."""

    def __init__(self, timezones: Sequence[str]) -> None:
        self._texts = list(timezones)
        self._found: dict[str, dt.tzinfo | None] = {}
        self._own: dict[str, dt.tzinfo | None] | None = None

    def zone(self, tzid: str) -> dt.tzinfo | None:
        if tzid not in self._found:
            self._found[tzid] = _iana(tzid) or _windows(tzid) or self._from_file(tzid)
        return self._found[tzid]

    def _from_file(self, tzid: str) -> dt.tzinfo | None:
        if self._own is None:
            self._own = _parse_timezones(self._texts)
        return self._own.get(tzid)


def _iana(name: str) -> dt.tzinfo | None:
    from zoneinfo import ZoneInfo

    try:
        return ZoneInfo(name.strip())
    except (ValueError, KeyError, OSError):  # unknown, or a path in the name
        return None


def _windows(name: str) -> dt.tzinfo | None:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    olson = WINDOWS_TO_OLSON.get(name.strip())
    return _iana(olson) if olson else None


def _parse_timezones(texts: Sequence[str]) -> dict[str, dt.tzinfo | None]:
    import icalendar

    if not texts:
        return {}
    source = "BEGIN:VCALENDAR\r\n" + "\r\n".join(texts) + "\r\nEND:VCALENDAR\r\n"
    zones: dict[str, dt.tzinfo | None] = {}
    try:
        calendar = icalendar.Calendar.from_ical(source)
        for component in calendar.walk("VTIMEZONE"):
            zones[str(component["TZID"])] = component.to_tz()  # type: ignore[attr-defined]
    except (ValueError, KeyError, TypeError):
        pass  # a broken VTIMEZONE names no zone: its events say so, one by one
    return zones
