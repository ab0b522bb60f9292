"""The importer's calendar part: a file's records read in the plan's terms, and the series a
calendar import makes — found again by their event's UID (a second import adds nothing),
counted for the preview, and written with the import's single posts in one transaction (one
history entry, one undo step)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from lmplanner.core.changes import ChangeSet
from lmplanner.core.io.ics_import import CalendarContext, CalendarRead, read_calendar
from lmplanner.core.io.records import CalendarSeries

if TYPE_CHECKING:
    from lmplanner.core.io.importer import ImportResult
    from lmplanner.core.io.records import ImportRecord
    from lmplanner.core.services import PlanService, PostDraft, SeriesService


def calendar_records(
    service: PlanService, text: str, default_channel: str | None, *, expand: bool
) -> CalendarRead:
    """A calendar file's records in the plan's zone and names (`default_channel` for events
    that name none, else the plan's first channel)."""
    from zoneinfo import ZoneInfo

    channels = [c.name for c in service.channels()]
    settings = service.settings()
    context = CalendarContext(
        ZoneInfo(settings.timezone),
        channels,
        [p.name for p in service.pillars()],
        (default_channel or "").strip() or next(iter(channels), None),
        horizon_months=settings.series_horizon_months,
    )
    return read_calendar(text, context, expand=expand)


def imported_warnings(read: CalendarRead, records: Sequence[ImportRecord]) -> tuple[str, ...]:
    """The warnings of the recurring events made single posts, each counting the posts an import
    would make (`records`: the read's records, duplicates marked); an event none of whose
    posts would be imported (a re-import) has none, one that has no posts at all always has."""
    found: list[str] = []
    for singles in read.singles:
        mine = records[singles.first : singles.first + singles.count]
        made = sum(1 for r in mine if r.valid and not r.duplicate)
        if made or not singles.count:  # an event with no occurrences is said every time
            found.append(singles.text(made))
    return tuple(found)


def counted(service: PlanService, record: ImportRecord) -> ImportRecord:
    """A series record with the number of posts its series would have now."""
    from dataclasses import replace

    if record.series is None or not record.valid:
        return record
    return replace(record, series_posts=post_count(service, record.series))


def series_service(service: PlanService) -> SeriesService:
    """The service with series for the same plan (the desktop app's already is one)."""
    from lmplanner.core.services import SeriesService

    if isinstance(service, SeriesService):
        return service
    return SeriesService(service.plan, actor=service.actor)


def known_uids(service: PlanService) -> set[str]:
    """The calendar UIDs of the plan's live series."""
    return {s.ical_uid for s in series_service(service).all_series() if s.ical_uid}


def post_count(service: PlanService, series: CalendarSeries, today: dt.date | None = None) -> int:
    """How many posts the series would have now: its days to the plan's horizon, less those it
    skips."""
    from lmplanner.core.series import horizon_end
    from lmplanner.core.store.series_upkeep import plan_today

    settings = service.settings()
    day = today or plan_today(settings.timezone)
    through = horizon_end(day, settings.series_horizon_months, series.rule.start)
    skipped = set(series.skip)
    return sum(1 for d in series.rule.dates(None, through) if d not in skipped)


def commit_with_series(
    service: PlanService,
    posts: Sequence[ImportRecord],
    series: Sequence[ImportRecord],
    result: ImportResult,
) -> ImportResult:
    """Write a calendar's ready posts and series as one change; the result says what was made."""
    from dataclasses import replace

    from lmplanner.core.io.plan_rows import uuid_ids

    held = uuid_ids(service, [r.extra.get("uuid", "") for r in posts if r.extra.get("uuid")])
    uuids = [r.extra.get("uuid") if r.extra.get("uuid") not in held else None for r in posts]
    checked = [r.checked for r in posts if r.checked is not None]

    def add_posts(writer: PlanService) -> ChangeSet:
        # A calendar names a pillar only in LM Planner's own export: it comes back with it.
        return writer.add_posts(checked, create_pillars=True, uuids=uuids)

    patterns = [(dict(r.checked.values), r.series) for r in series if r.checked and r.series]
    label = result.changeset.label
    changeset = write_with_series(service, label, add_posts if posts else None, patterns)
    return replace(
        result,
        imported=len(changeset.created()),
        changeset=changeset,
        series=len(changeset.created("series")),
        series_posts=len(changeset.created()) - len(checked),
    )


def write_with_series(
    service: PlanService,
    label: str,
    add_posts: Callable[[PlanService], ChangeSet] | None,
    series: Iterable[tuple[dict[str, Any], CalendarSeries]],
) -> ChangeSet:
    """The import's single posts (`add_posts`, when there are any) and its series (each a
    pattern's validated values with its rule) as one change."""
    from lmplanner.core.services import PostDraft

    writer = series_service(service)
    calls: list[Callable[[PlanService], ChangeSet]] = [] if add_posts is None else [add_posts]
    for values, found in series:
        calls.append(_adds(PostDraft(**values), found))
    return writer.together(label, calls)


def _adds(draft: PostDraft, found: CalendarSeries) -> Callable[[PlanService], ChangeSet]:
    def call(writer: PlanService) -> ChangeSet:
        # `together` hands back the service it runs on: series_service() made it.
        return cast("SeriesService", writer).add_series(
            draft, found.rule, skip=found.skip, ical_uid=found.uid or None
        )

    return call


def series_label(series: int, posts: int, source: str) -> str:
    """The undo step's name of an import with series."""
    parts = [f"{series} series"] + ([f"{posts} post{'s' if posts != 1 else ''}"] if posts else [])
    return f"Import {' and '.join(parts)} from {source}"


def ready_split(
    records: Sequence[ImportRecord],
) -> tuple[list[ImportRecord], list[ImportRecord]]:
    """(single posts, series) of an import's ready records."""
    return [r for r in records if r.series is None], [r for r in records if r.series is not None]
