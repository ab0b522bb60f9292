"""Recurring series in a JSON backup: written with their pattern and RRULE text, read back and
restored with their uuids, so each restored post finds its series again."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import RowChange
from lmplanner.core.domain import name_key
from lmplanner.core.errors import ValidationError
from lmplanner.core.io.ics_import import series_uid
from lmplanner.core.io.plan_rows import id_by_name
from lmplanner.core.io.records import ImportFileError
from lmplanner.core.series import (
    PATTERN_COLUMNS,
    SeriesRule,
    parse_rrule,
    rule_columns,
    skip_text,
)

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService

_PATTERN_KEYS: tuple[str, ...] = (
    *("title", "body", "role", "kind", "status", "channel", "author", "campaign"),
    *("pillar", "link", "notes"),
)


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    """A series read from a backup: its pattern as validated post fields and its rule."""

    uuid: str
    values: Mapping[str, Any]
    rule: SeriesRule
    generated_until: dt.date | None = None
    ical_uid: str | None = None
    skipped: tuple[dt.date, ...] = ()


def series_document(service: PlanService) -> list[dict[str, Any]]:
    from lmplanner.core.services import SeriesService

    return [
        {
            "uuid": s.uuid,
            **{key: getattr(s, key) for key in _PATTERN_KEYS},
            "time": s.time.strftime("%H:%M") if s.time else None,
            "rule": s.rule.text(),
            "start": s.rule.start.isoformat(),
            "generated_until": s.generated_until.isoformat() if s.generated_until else None,
            "ical_uid": s.ical_uid,
            "skip": [day.isoformat() for day in s.skipped],
        }
        for s in SeriesService(service.plan).all_series()
    ]


def parse_series(items: Any) -> tuple[SeriesSpec, ...]:
    """The backup's `series` (absent in backups from before series: none)."""
    if items is None:
        return ()
    if not isinstance(items, list):
        raise ImportFileError('the backup\'s "series" must be a list')
    return tuple(_series(item, i) for i, item in enumerate(items))


def _series(item: Any, index: int) -> SeriesSpec:
    from lmplanner.core.services import SeriesService

    where = f"series[{index}]"
    if not isinstance(item, dict):
        raise ImportFileError(f"{where}: a series must be a JSON object")
    try:
        start = dt.date.fromisoformat(str(item.get("start")))
        done = item.get("generated_until")
        generated = dt.date.fromisoformat(done) if isinstance(done, str) else None
        time = dt.time.fromisoformat(item["time"]) if isinstance(item.get("time"), str) else None
        rule = parse_rrule(str(item.get("rule") or ""), start)
        pattern = {key: item.get(key) for key in _PATTERN_KEYS}
        values = SeriesService.pattern_values({**pattern, "time": time, "date": start})
        skip = item.get("skip") or []
        if not isinstance(skip, list):
            raise ValueError('"skip" must be a list of dates')
        skipped = tuple(dt.date.fromisoformat(str(day)) for day in skip)
    except (ValueError, ValidationError) as exc:
        raise ImportFileError(f"{where}: {exc}") from None
    uid = item.get("ical_uid")
    # A plan file kept a UID of any length before: as a calendar import keeps it now.
    ical_uid = series_uid(uid) if isinstance(uid, str) and uid.strip() else None
    return SeriesSpec(str(item.get("uuid") or ""), values, rule, generated, ical_uid, skipped)


def series_changes(
    specs: Sequence[SeriesSpec], current: Sequence[Mapping[str, Any]], now: dt.datetime
) -> tuple[list[RowChange], dict[str, str]]:
    """Row changes that end the plan's live series and add the backup's, and each backup uuid's
    uuid in the plan (a new one where the plan already holds it)."""
    changes = [
        RowChange("series", row["id"], dict(row), {**row, "deleted_at": now})
        for row in current
        if row["deleted_at"] is None
    ]
    taken = {row["uuid"] for row in current}
    uuids: dict[str, str] = {}
    for spec in specs:
        own = spec.uuid if spec.uuid and spec.uuid not in taken else str(uuid_module.uuid4())
        taken.add(own)
        uuids[spec.uuid] = own
        changes.append(RowChange("series", 0, None, _row(spec, own, now)))
    return changes, uuids


def _row(spec: SeriesSpec, own: str, now: dt.datetime) -> dict[str, Any]:
    values = spec.values
    row: dict[str, Any] = {
        column: values[column]
        for column in PATTERN_COLUMNS
        if column in ("title", "body", "time", "link", "notes")
    }
    row.update(role=values["role"].value, status=values["status"].value)
    row["kind"] = values["kind"].value if values["kind"] else None
    for field, table in (
        ("channel", "channel"),
        ("author", "person"),
        ("campaign", "campaign"),
        ("pillar", "pillar"),
    ):
        name = values[field]
        row[f"{field}_id"] = id_by_name(table, name_key(name)) if name else None
    row.update(rule_columns(spec.rule))
    row.update(uuid=own, generated_until=spec.generated_until, version=1)
    row.update(ical_uid=spec.ical_uid, skip_dates=skip_text(spec.skipped))
    row.update(created_at=now, updated_at=now, deleted_at=None)
    return row
