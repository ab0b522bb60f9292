"""Rules for what may be stored: post fields, plan settings, names, colours and date spans."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lmplanner.core.domain import (
    BODY_MAX,
    LINK_MAX,
    NAME_MAX,
    NOTES_MAX,
    TITLE_MAX,
    Kind,
    Role,
    Status,
    kinds_for,
)
from lmplanner.core.errors import ValidationError

if TYPE_CHECKING:
    pass


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

POST_FIELDS = (
    "title",
    "role",
    "channel",
    "date",
    "time",
    "body",
    "kind",
    "status",
    "author",
    "campaign",
    "link",
    "notes",
    "role_suggested",
)
SETTINGS_FIELDS = (
    "name",
    "timezone",
    "first_weekday",
    "band_low",
    "band_high",
    "min_posts",
    "promotion_max",
    "drought_days",
    "drought_week_min_posts",
    "channel_min_posts",
    "backup_keep",
    "trash_days",
)


def clean_text(value: str | None, *, what: str, limit: int, field_name: str) -> str:
    text = (value or "").replace("\r\n", "\n")
    if len(text) > limit:
        raise ValidationError(
            f"The {what} is {len(text):,} characters long; the limit is {limit:,}.", field_name
        )
    return text


def clean_name(value: str | None, *, what: str, field_name: str) -> str | None:
    if value is None:
        return None
    name = " ".join(value.split())
    if not name:
        return None
    if len(name) > NAME_MAX:
        raise ValidationError(
            f"The {what} name is {len(name)} characters long; the limit is {NAME_MAX}.", field_name
        )
    if _CONTROL.search(name):
        raise ValidationError(f"The {what} name contains control characters.", field_name)
    return name


def validate_post(values: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise and check a complete set of post fields; ValidationError on the first problem."""
    title = " ".join(str(values.get("title") or "").split())
    if not title:
        raise ValidationError("A post needs a title.", "title")
    if len(title) > TITLE_MAX:
        raise ValidationError(
            f"The title is {len(title)} characters long; the limit is {TITLE_MAX}.", "title"
        )
    raw_role = values.get("role")
    if raw_role is None or raw_role == "":
        raise ValidationError("A post needs a role: leader or manager.", "role")
    try:
        role = raw_role if isinstance(raw_role, Role) else Role.parse(str(raw_role))
    except ValueError as exc:
        raise ValidationError(str(exc), "role") from None
    raw_kind = values.get("kind")
    kind: Kind | None = None
    if raw_kind not in (None, ""):
        try:
            kind = raw_kind if isinstance(raw_kind, Kind) else Kind.parse(str(raw_kind))
        except ValueError as exc:
            raise ValidationError(str(exc), "kind") from None
        if kind.role is not role:
            allowed = ", ".join(k.value for k in kinds_for(role))
            raise ValidationError(
                f"'{kind.value}' is a {kind.role.value} kind; "
                f"a {role.value} post can be: {allowed}.",
                "kind",
            )
    date = values.get("date")
    time = values.get("time")
    if date is not None and not isinstance(date, dt.date):
        raise ValidationError("The date must be a calendar date.", "date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if time is not None:
        if not isinstance(time, dt.time):
            raise ValidationError("The time must be a wall-clock time.", "time")
        if date is None:
            raise ValidationError("A time needs a date: backlog ideas have neither.", "time")
        time = time.replace(second=0, microsecond=0, tzinfo=None)
    raw_status = values.get("status")
    if raw_status in (None, ""):
        status = Status.IDEA if date is None else Status.DRAFT
    else:
        try:
            status = raw_status if isinstance(raw_status, Status) else Status.parse(str(raw_status))
        except ValueError as exc:
            raise ValidationError(str(exc), "status") from None
    channel = clean_name(values.get("channel"), what="channel", field_name="channel")
    if not channel:
        raise ValidationError("A post needs a channel.", "channel")
    return {
        "title": title,
        "role": role,
        "kind": kind,
        "status": status,
        "date": date,
        "time": time,
        "channel": channel,
        "author": clean_name(values.get("author"), what="author", field_name="author"),
        "campaign": clean_name(values.get("campaign"), what="campaign", field_name="campaign"),
        "body": clean_text(values.get("body"), what="body", limit=BODY_MAX, field_name="body"),
        "link": clean_text(
            values.get("link"), what="link", limit=LINK_MAX, field_name="link"
        ).strip(),
        "notes": clean_text(values.get("notes"), what="notes", limit=NOTES_MAX, field_name="notes"),
        "role_suggested": bool(values.get("role_suggested", False)),
    }


def validate_settings(values: Mapping[str, Any]) -> None:
    name = " ".join(str(values["name"]).split())
    if not name or len(name) > 200:
        raise ValidationError("The plan name must be 1–200 characters.", "name")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(str(values["timezone"]))
    except Exception:
        raise ValidationError(f"Unknown time zone {values['timezone']!r}.", "timezone") from None
    if values["first_weekday"] not in range(7):
        raise ValidationError("The first day of the week must be 0 (Monday) to 6.", "first_weekday")
    low, high = float(values["band_low"]), float(values["band_high"])
    if not (0.0 <= low <= high <= 1.0):
        raise ValidationError("The target band must satisfy 0 % ≤ low ≤ high ≤ 100 %.", "band_low")
    if not 0.0 <= float(values["promotion_max"]) <= 1.0:
        raise ValidationError("The promotion share must be between 0 % and 100 %.", "promotion_max")
    for key, lowest in (
        ("min_posts", 1),
        ("drought_days", 1),
        ("drought_week_min_posts", 1),
        ("channel_min_posts", 1),
        ("backup_keep", 1),
        ("trash_days", 1),
    ):
        if not isinstance(values[key], int) or values[key] < lowest:
            raise ValidationError(f"The setting {key} must be a whole number ≥ {lowest}.", key)


NAME_WHAT = {"channel": "channel", "person": "person", "campaign": "campaign"}
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def valid_color(value: str | None) -> str:
    text = (value or "").strip()
    if not _COLOR.fullmatch(text):
        raise ValidationError(f"The colour {value!r} is not #RRGGBB.", "color")
    return text.lower()


def valid_target(value: int | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
        raise ValidationError("The weekly target must be a whole number from 0 to 1000.", "target")
    return value


def valid_span(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError("A campaign cannot end before it starts.", "end_date")
