"""One event as an import record: SUMMARY's role tag, DESCRIPTION's LM Planner footer,
CATEGORIES naming a role, channel or pillar, DTSTART in the plan's zone, UID as the post's uuid."""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuid_module
from collections.abc import Sequence
from dataclasses import dataclass

from lmplanner.core.domain import Role, name_key
from lmplanner.core.io.records import ICAL_UID_MAX, Problem, RawRecord

# Where a field's text comes from, for `line N, column C` (the property a person finds).
COLUMNS: dict[str, str] = {
    "title": "SUMMARY",
    "role": "SUMMARY",
    "date": "DTSTART",
    "time": "DTSTART",
    "body": "DESCRIPTION",
    "channel": "CATEGORIES",
    "pillar": "CATEGORIES",
    "status": "DESCRIPTION",
    "author": "DESCRIPTION",
    "kind": "DESCRIPTION",
    "campaign": "DESCRIPTION",
    "link": "URL",
}
_ROLE_TAG = re.compile(r"\s*\[\s*(leader|manager)\s*\]\s*", re.IGNORECASE)
# The lines LM Planner's export puts under a post's body (core.io.ics.description), by label.
_FOOTER_LABELS = {
    "channel": "channel",
    "status": "status",
    "author": "author",
    "kind": "kind",
    "campaign": "campaign",
    "pillar": "pillar",
}
_FOOTER_LINE = re.compile(r"([A-Za-z]+): (.*)")
_OWN_UID = re.compile(r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@lmplanner")
# Foreign UIDs become uuids of their own (uuid5), so a second import finds the same posts.
_UID_NAMESPACE = uuid_module.UUID("3b5d4a52-7c1e-4e0b-9a55-2f6a9c0d1e24")


@dataclass(frozen=True, slots=True)
class CalendarContext:
    """What reading events needs from the plan: its zone, names, and the channel for events
    that name none (`--channel`, else the plan's first channel)."""

    timezone: dt.tzinfo
    channels: Sequence[str] = ()
    pillars: Sequence[str] = ()
    default_channel: str | None = None
    floating: dt.tzinfo | None = None  # the calendar's own zone (X-WR-TIMEZONE), if it names one
    horizon_months: int = (
        12  # how far ahead an open-ended event is made (the plan's series horizon)
    )


def split_role(summary: str) -> tuple[str, str]:
    """(title, role) from a SUMMARY: a leading `[Leader]`/`[Manager]` tag sets the role."""
    match = _ROLE_TAG.match(summary)
    if match is None:
        return summary.strip(), ""
    return summary[match.end() :].strip(), match.group(1).lower()


def split_footer(description: str) -> tuple[str, dict[str, str]]:
    """(body, facts): LM Planner's own footer (`Channel: …` and `Status: …` lines closing the
    description) read back into fields; any other description is all body."""
    text = description.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    start = len(lines)
    while start > 0:
        match = _FOOTER_LINE.fullmatch(lines[start - 1])
        if match is None or match.group(1).lower() not in _FOOTER_LABELS:
            break
        start -= 1
    footer = lines[start:]
    if not footer or not footer[0].startswith("Channel: ") or len(footer) < 2:
        return text, {}
    if not footer[1].startswith("Status: "):
        return text, {}
    facts = {}
    for line in footer:
        label, value = line.split(": ", 1)
        facts[_FOOTER_LABELS[label.lower()]] = value
    body = "\n".join(lines[:start])
    # The export puts a blank line between body and footer.
    return (body[:-1] if body.endswith("\n") else body), facts


def post_uuid(uid: str, occurrence: dt.date | None = None) -> str:
    """The post's uuid: our own export's, or one made from the UID (and the occurrence of a
    recurring event), the same on every import of the file."""
    own = _OWN_UID.fullmatch(uid.strip().lower())
    if own is not None and occurrence is None:
        return own.group(1)
    key = uid.strip() if occurrence is None else f"{uid.strip()}/{occurrence.isoformat()}"
    return str(uuid_module.uuid5(_UID_NAMESPACE, key))


def series_uid(uid: str) -> str:
    """The UID a series keeps of its event: the UID itself, or for one longer than the series
    column holds (RFC 5545 sets no limit; PostgreSQL enforces the column's, SQLite does not) a
    name made from it, the same on every import of the file."""
    uid = uid.strip()
    if len(uid) <= ICAL_UID_MAX:
        return uid
    return f"uuid5:{uuid_module.uuid5(_UID_NAMESPACE, uid)}"


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What an event says about its post, however it was read. `start` is aware, or naive for
    a floating time (the calendar's own wall-clock); `problem` says why it has no usable start."""

    summary: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()
    url: str = ""
    uid: str = ""
    status: str = ""
    start: dt.date | dt.datetime | None = None
    problem: str = ""


def local_start(
    start: dt.date | dt.datetime, ctx: CalendarContext
) -> tuple[dt.date, dt.time | None]:
    """The day and wall-clock time of a start in the plan's zone (an all-day one has no time);
    a floating time is the calendar's own zone's."""
    if isinstance(start, dt.datetime):
        if start.tzinfo is None:
            start = start.replace(tzinfo=ctx.floating or ctx.timezone)
        local = start.astimezone(ctx.timezone)
        return local.date(), local.time().replace(second=0, microsecond=0)
    return start, None


def start_cells(start: dt.date | dt.datetime | None, ctx: CalendarContext) -> tuple[str, str]:
    """(date, time) of a start in the plan's zone; an all-day event has no time."""
    if start is None:
        return "", ""
    day, time = local_start(start, ctx)
    return day.isoformat(), time.strftime("%H:%M") if time is not None else ""


def event_record(line: int, facts: EventFacts, ctx: CalendarContext, uuid: str) -> RawRecord:
    """The raw record of one event (or one occurrence of a recurring one)."""
    title, role = split_role(facts.summary)
    body, footer = split_footer(facts.description)
    cells: dict[str, str] = {"title": title, "body": body, "role": role}
    for field_name, value in _from_categories(facts.categories, ctx).items():
        if not cells.get(field_name):
            cells[field_name] = value
    cells.update(footer)
    cells.setdefault("channel", ctx.default_channel or "")
    if facts.url:
        cells["link"] = facts.url
    problem = facts.problem or ("" if facts.start is not None else "the event has no DTSTART")
    cells["date"], cells["time"] = start_cells(facts.start, ctx)
    extra = {"uuid": uuid} if uuid else {}
    if problem:
        found = (Problem(line, "DTSTART", problem, "date"),)
        return RawRecord(line, cells, COLUMNS, found, extra)
    return RawRecord(line, cells, COLUMNS, extra=extra)


def _from_categories(names: Sequence[str], ctx: CalendarContext) -> dict[str, str]:
    """The role, channel and pillar the categories name (the first of each)."""
    channels = {name_key(c): c for c in ctx.channels}
    pillars = {name_key(p): p for p in ctx.pillars}
    found: dict[str, str] = {}
    for name in names:
        key = name_key(name)
        if key in (Role.LEADER.value, Role.MANAGER.value):
            found.setdefault("role", key)
        elif key in channels:
            found.setdefault("channel", channels[key])
        elif key in pillars:
            found.setdefault("pillar", pillars[key])
    return found
