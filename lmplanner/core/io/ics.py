"""iCalendar export: one event per dated post, all-day or timed in the plan's own time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from lmplanner.core.domain import PlanSettings, PostRecord, Status
from lmplanner.core.services.validation import CONTROL_CHARACTERS

if TYPE_CHECKING:
    from icalendar import Event

# A post is a moment, but calendars show zero-length events badly: give it a short slot.
TIMED_EVENT_MINUTES = 30
UID_SUFFIX = "@lmplanner"


def post_uid(post_uuid: str) -> str:
    """The event's UID: the post's uuid, so re-exports update events instead of adding copies."""
    return post_uuid + UID_SUFFIX


def plain(text: str) -> str:
    """`text` without control characters: RFC 5545 allows none in TEXT values but tab (newlines
    are escaped by icalendar). Validation refuses them now; a plan written before may hold some."""
    return CONTROL_CHARACTERS.sub("", text)


def summary(post: PostRecord) -> str:
    return plain(f"[{post.role.value.capitalize()}] {post.title}")


def description(post: PostRecord) -> str:
    facts = [("Channel", post.channel), ("Status", post.status.value)]
    if post.author:
        facts.append(("Author", post.author))
    if post.kind:
        facts.append(("Kind", post.kind.value))
    if post.campaign:
        facts.append(("Campaign", post.campaign))
    if post.pillar:
        facts.append(("Pillar", post.pillar))
    lines = "\n".join(f"{label}: {value}" for label, value in facts)
    text = f"{post.body}\n\n{lines}" if post.body.strip() else lines
    return plain(text.replace("\r\n", "\n").replace("\r", "\n"))


def _utc(stamp: dt.datetime | None) -> dt.datetime:
    # Services store UTC timestamps; SQLite hands them back without a zone.
    if stamp is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


def posts_to_ics(
    posts: Iterable[PostRecord],
    settings: PlanSettings,
    uuids: Mapping[int, str],
    *,
    app_version: str = "",
) -> bytes:
    """The calendar as bytes; backlog ideas (no date) are left out."""
    from zoneinfo import ZoneInfo

    import icalendar

    zone = ZoneInfo(settings.timezone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//LM Planner//lmplanner {app_version}//EN".replace(" //", "//"))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", plain(settings.name))
    calendar.add("x-wr-timezone", settings.timezone)
    dates: list[dt.date] = []
    for post in posts:
        if post.date is None:
            continue
        dates.append(post.date)
        calendar.add_component(_event(icalendar.Event(), post, zone, uuids[post.id]))
    if dates:
        # VTIMEZONE rules covering every event (none are needed for UTC).
        first = dt.date(max(min(dates).year - 1, 1), 1, 1)
        last = dt.date(min(max(dates).year + 1, 9998), 12, 31)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    data: bytes = calendar.to_ical()
    return data


def _event(event: Event, post: PostRecord, zone: dt.tzinfo, post_uuid: str) -> Event:
    add = event.add
    assert post.date is not None
    add("uid", post_uid(post_uuid))
    add("dtstamp", _utc(post.updated_at))
    if post.created_at is not None:
        add("created", _utc(post.created_at))
    if post.updated_at is not None:
        add("last-modified", _utc(post.updated_at))
    add("sequence", max(post.version - 1, 0))
    add("summary", summary(post))
    add("description", description(post))
    categories = [post.role.value.capitalize(), plain(post.channel)]
    if post.pillar:
        categories.append(plain(post.pillar))
    add("categories", categories)
    if post.time is None:
        add("dtstart", post.date)
        add("dtend", post.date + dt.timedelta(days=1))
    else:
        start = dt.datetime.combine(post.date, post.time, tzinfo=zone)
        add("dtstart", start)
        add("dtend", start + dt.timedelta(minutes=TIMED_EVENT_MINUTES))
    done = post.status in (Status.SCHEDULED, Status.PUBLISHED)
    add("status", "CONFIRMED" if done else "TENTATIVE")
    add("transp", "TRANSPARENT")  # a planned post does not make anyone busy
    if post.link:
        add("url", plain(post.link))
    return event
