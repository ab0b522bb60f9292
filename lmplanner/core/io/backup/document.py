"""Writing a JSON backup: the whole plan (settings, names, posts) as one document."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from lmplanner.core.io.backup.comments import THREAD_KEY, comments_json
from lmplanner.core.io.backup.history import history_sections
from lmplanner.core.io.backup.templates import template_documents
from lmplanner.core.io.csv_format import COLUMNS
from lmplanner.core.io.plan_rows import post_uuids
from lmplanner.core.post_fields import FIELDS, utc_text

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService

FORMAT_NAME = "lmplanner-backup"
FORMAT_VERSION = 1
# The same post fields as the CSV layout, less the plan-specific id (the uuid is written first;
# `follows` holds the followed post's uuid).
POST_KEYS: tuple[str, ...] = tuple(column for column in COLUMNS if column not in ("id", "uuid"))
# Kept for the record (created_at is restored, updated_at shows how recent the copy is).
_POST_STAMPS = ("created_at", "updated_at")


def backup_document(service: PlanService, *, app_version: str = "") -> dict[str, Any]:
    """The whole plan as JSON-ready data; posts in the trash are not part of it."""

    settings = service.settings()
    plan: dict[str, Any] = {"uuid": settings.uuid, **settings.values()}
    posts = service.posts(order="date")
    ids = [p.id for p in posts] + [p.follows for p in posts if p.follows is not None]
    uuids = post_uuids(service, ids)
    threads = service.comments_by_post()
    from lmplanner.core.io.backup.series import series_document

    series = series_document(service)
    series_uuids = {s.id: s.uuid for s in _all_series(service)}
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": app_version,
        "exported_at": utc_text(dt.datetime.now(dt.UTC).replace(microsecond=0)),
        "plan": plan,
        "channels": [
            {"name": c.name, "color": c.color, "weekly_target": c.weekly_target}
            for c in service.channels()
        ],
        "people": [{"name": p.name} for p in service.people()],
        "campaigns": [
            {
                "name": c.name,
                "color": c.color,
                "start_date": c.start_date.isoformat() if c.start_date else None,
                "end_date": c.end_date.isoformat() if c.end_date else None,
            }
            for c in service.campaigns()
        ],
        "pillars": [
            {
                "name": p.name,
                "color": p.color,
                "description": p.description,
                "target": None if p.target is None else round(p.target * 100),
            }
            for p in service.pillars()
        ],
        "templates": template_documents(service.templates()),
        "posts": [
            {
                "uuid": uuids[p.id],
                **{
                    name: FIELDS[name].json(getattr(p, name))
                    for name in (*POST_KEYS, *_POST_STAMPS)
                },
                "follows": uuids.get(p.follows) if p.follows is not None else None,
                THREAD_KEY: comments_json(threads.get(p.id, ())),
                "series": series_uuids.get(p.series) if p.series is not None else None,
            }
            for p in posts
        ],
        "series": series,
        **history_sections(service),
    }


def _all_series(service: PlanService) -> list[Any]:
    from lmplanner.core.services import SeriesService

    return list(SeriesService(service.plan).all_series())


def backup_to_json(service: PlanService, *, app_version: str = "") -> bytes:
    document = backup_document(service, app_version=app_version)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
