"""Reading iCalendar (.ics) files for import: each VEVENT becomes a post's raw record (no Qt).

`read_calendar(text, CalendarContext(...))` checks the file line by line and returns RawRecords
the importer validates like any other file's (and a warning for each recurring event that had
to be single posts). Single events are read straight from their lines
(fast for 100 000 events); recurring ones go through `icalendar` and `route_recurring`, the one
place that decides what they become: a series (a record with its `series`) or single posts.
"""

from lmplanner.core.io.ics_import.events import (
    COLUMNS,
    CalendarContext,
    series_uid,
    split_footer,
    split_role,
)
from lmplanner.core.io.ics_import.lines import looks_like_calendar
from lmplanner.core.io.ics_import.reader import CalendarRead, read_calendar
from lmplanner.core.io.ics_import.recurrence import HORIZON_MONTHS, route_recurring

__all__ = [
    "COLUMNS",
    "HORIZON_MONTHS",
    "CalendarContext",
    "CalendarRead",
    "looks_like_calendar",
    "read_calendar",
    "route_recurring",
    "series_uid",
    "split_footer",
    "split_role",
]
