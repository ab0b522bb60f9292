"""Rules for what may be stored: post fields, plan settings, names, colours and date spans."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from lmplanner.core.domain import (
    DATE_MAX,
    DATE_MIN,
    DATE_RANGE_TEXT,
    NAME_MAX,
    PILLAR_DESCRIPTION_MAX,
    RESULT_MAX,
    SETTING_RANGES,
    TITLE_MAX,
    VISION_MAX,
    Kind,
    Role,
    Status,
    kinds_for,
)
from lmplanner.core.errors import ValidationError
from lmplanner.core.post_fields import EDITABLE, POST_SHAPE, PostField, Value

# Control characters (C0, DEL, C1) but tab and newline: they break exports and other programs.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# What a person may set on a post, as the post's declared fields say.
POST_FIELDS = EDITABLE
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
    "untied_max",
    "pillar_lead_days",
    "pillar_tolerance",
    "backup_keep",
    "trash_days",
    "history_days",
    "series_horizon_months",
    "vision",
    "require_approval",
    "country",
    "region",
    "clash_minutes",
)


def clean_text(value: str | None, *, what: str, limit: int, field_name: str) -> str:
    text = value or ""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > limit:
        raise ValidationError(
            f"The {what} is {len(text):,} characters long; the limit is {limit:,}.", field_name
        )
    refuse_control(text, what=f"The {what}", field_name=field_name)
    return text


def refuse_control(text: str, *, what: str, field_name: str | None) -> None:
    """ValidationError when `text` holds a control character other than tab and newline."""
    found = CONTROL_CHARACTERS.search(text)
    if found is not None:
        code = f"U+{ord(found.group()):04X}"
        raise ValidationError(
            f"{what} contains control characters ({code}); only tabs and line breaks are allowed.",
            field_name,
        )


def check_date(day: dt.date, *, what: str = "The date", field_name: str = "date") -> None:
    """ValidationError naming the supported range when `day` is outside it."""
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            f"{what} {day.isoformat()} is outside the supported range {DATE_RANGE_TEXT}.",
            field_name,
        )


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
    refuse_control(name, what=f"The {what} name", field_name=field_name)
    return name


def validate_post(values: Mapping[str, Any], seen: dict[Any, Any] | None = None) -> dict[str, Any]:
    """Normalise and check a complete set of post fields; ValidationError on the first problem.

    Title, role, kind, date, time, status and channel have rules of their own; every other field
    is checked by what it holds (a name, a text with its limit, a flag). `seen` keeps what each
    field's rule made of a value, for the next post of the same batch (post_checker)."""
    title = _title(values.get("title"))
    role = _role(values.get("role"))
    kind = _kind(values.get("kind"), role)
    date, time = _date_time(values.get("date"), values.get("time"))
    status = _status(values.get("status"), date)
    channel = _cleaned("channel", _channel_rule, values.get("channel"), seen)
    if not channel:
        raise ValidationError("A post needs a channel.", "channel")
    clean: dict[str, Any] = {
        "title": title,
        "role": role,
        "kind": kind,
        "status": status,
        "date": date,
        "time": time,
        "channel": channel,
        "other_kind": _other_kind(values.get("other_kind"), role),
    }
    if seen is None:
        for name, rule in _FIELD_RULES:
            clean[name] = rule(values.get(name))
    else:  # each field's rule asked once per distinct value (rules are pure)
        for name, rule in _FIELD_RULES:
            value = values.get(name)
            try:
                clean[name] = seen[name, value]
            except KeyError:
                clean[name] = seen[name, value] = rule(value)
            except TypeError:  # a value that cannot be a key is checked as it comes
                clean[name] = rule(value)
    clean["link"] = clean["link"].strip()
    return clean


def validate_many(columns: Mapping[str, Sequence[Any]]) -> list[dict[str, Any] | None]:
    """validate_post of many posts given field by field (`columns[name][i]` is the i-th post's
    value of `name`; every editable field is there): each post's clean values as validate_post
    returns them, or None where validate_post would refuse it (ask it for the reason).

    An import of thousands of records repeats a few hundred dates, channels and counts: each
    distinct value (or combination of the fields whose rules depend on each other) is checked
    once, and the rest of a column is looked up at C speed."""
    linked = (
        (("role", "kind", "other_kind"), _role_and_kinds),
        (("date", "time", "status"), _date_time_status),
    )
    cleaned: dict[str, Sequence[Any]] = {"title": _in_column(_title, columns["title"])}
    for names, rule in linked:
        made = _in_column(rule, list(zip(*(columns[n] for n in names), strict=True)), len(names))
        parts = list(zip(*made, strict=True)) or [()] * len(names)
        cleaned.update(zip(names, parts, strict=True))
    cleaned["channel"] = _in_column(_channel, columns["channel"])
    cleaned.update((name, _in_column(rule, columns[name])) for name, rule in _COLUMN_RULES)
    refused: set[int] = set()
    for values in cleaned.values():
        if _REFUSED in values:
            refused.update(i for i, value in enumerate(values) if value is _REFUSED)
    return [
        None if i in refused else dict(zip(CLEAN_ORDER, row, strict=True))
        for i, row in enumerate(zip(*(cleaned[name] for name in CLEAN_ORDER), strict=True))
    ]


# Marks a value a rule refused, in place of what it would have made of it.
_REFUSED: Any = object()


class _Checked(dict[Any, Any]):
    """What a rule made of each value it was given (`refused` for a ValidationError)."""

    __slots__ = ("refused", "rule")

    def __init__(self, rule: Callable[[Any], Any], refused: Any) -> None:
        super().__init__()
        self.rule = rule
        self.refused = refused

    def __missing__(self, value: Any) -> Any:
        result = self[value] = _checked(self.rule, value, self.refused)
        return result


def _checked(rule: Callable[[Any], Any], value: Any, refused: Any) -> Any:
    try:
        return rule(value)
    except ValidationError:
        return refused


def _in_column(rule: Callable[[Any], Any], column: Sequence[Any], width: int = 0) -> list[Any]:
    """`rule` of every value of a column, each distinct value asked once; _REFUSED where it
    refuses one (a tuple of `width` of them for a rule that makes a tuple)."""
    refused = (_REFUSED,) * width if width else _REFUSED
    try:
        return list(map(_Checked(rule, refused).__getitem__, column))
    except TypeError:  # a value that cannot be a key: each checked as it comes
        return [_checked(rule, value, refused) for value in column]


def _role_and_kinds(values: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
    role = _role(values[0])
    return role, _kind(values[1], role), _other_kind(values[2], role)


def _date_time_status(values: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
    date, time = _date_time(values[0], values[1])
    return date, time, _status(values[2], date)


def _channel(value: Any) -> str:
    channel = _channel_rule(value)
    if not channel:
        raise ValidationError("A post needs a channel.", "channel")
    return channel


def _cleaned(name: str, rule: Callable[[Any], Any], value: Any, seen: dict[Any, Any] | None) -> Any:
    """`rule(value)`, or what it gave for the same value of the same field before (rules are
    pure and what they give is never changed: a name, a count, a date, a flag or a text)."""
    if seen is None:
        return rule(value)
    try:
        return seen[(name, value)]
    except KeyError:
        result = seen[(name, value)] = rule(value)
        return result
    except TypeError:  # a value that cannot be a key is checked as it comes
        return rule(value)


def post_checker() -> Callable[[Mapping[str, Any]], ValidPost]:
    """check_post for the many posts of one import: each field's rule asked once per distinct
    value (channels, people, counts, dates and empty texts repeat across thousands of records)."""
    seen: dict[Any, Any] = {}

    def check(values: Mapping[str, Any]) -> ValidPost:
        return ValidPost(validate_post(values, seen))

    return check


def validate_patch(stored: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """validate_post of a stored post with `patch` applied, checking only what the patch can
    change: its own fields and the rules that tie role, kind, date, time and status together.
    The fields it leaves alone were validated when they were written (a bulk change of 20 000
    posts need not check 20 000 unchanged titles again)."""
    if not patch.keys() - LINKED_FIELDS:
        merged = {**stored, **patch}
        role = _role(merged.get("role"))
        date, time = _date_time(merged.get("date"), merged.get("time"))
        clean = dict(stored)
        clean.update(
            role=role,
            kind=_kind(merged.get("kind"), role),
            status=_status(merged.get("status"), date),
            date=date,
            time=time,
            other_kind=_other_kind(merged.get("other_kind"), role),
            role_suggested=bool(merged.get("role_suggested")),
        )
        return clean
    return validate_post({**stored, **patch})


# The fields whose rules depend on each other: a patch of only these is checked without the rest.
LINKED_FIELDS = frozenset(
    ("role", "kind", "date", "time", "status", "other_kind", "role_suggested")
)


@dataclass(frozen=True, slots=True)
class ValidPost:
    """A post's fields as validate_post returned them: what PlanService.add_posts writes without
    checking them again (an import validates each record once, for its preview and its commit).
    Made by check_post; `values` is never changed afterwards."""

    values: Mapping[str, Any]

    def following(self, post_id: int) -> ValidPost:
        """The same post following up `post_id` (a link an import resolved against the plan)."""
        return ValidPost({**self.values, "follows": post_id})


def check_post(values: Mapping[str, Any]) -> ValidPost:
    """validate_post, kept as a ValidPost."""
    return ValidPost(validate_post(values))


def _field_rule(f: PostField) -> Callable[[Any], Any]:
    """How one of the fields without a rule of its own is cleaned, by what it holds."""
    if f.value is Value.NAME:
        return partial(clean_name, what=f.name, field_name=f.name)
    if f.value is Value.FLAG:
        return bool
    if f.value is Value.POST:
        return partial(clean_post_ref, field_name=f.name)
    if f.value is Value.TEXT and f.limit is not None:
        return partial(clean_text, what=f.name, limit=f.limit, field_name=f.name)
    if f.value is Value.NUMBER:
        return partial(clean_count, field_name=f.name)
    if f.value is Value.DATE:
        return partial(_plain_date, field_name=f.name)
    raise AssertionError(f"no rule for the post field {f.name!r}")


def clean_count(value: Any, *, field_name: str) -> int | None:
    """A result count: a whole number from 0 to RESULT_MAX (or its text); None or "" for none."""
    if value is None or value == "":
        return None
    what = field_name.replace("_", " ")
    text = str(value).strip()
    if isinstance(value, bool) or not (isinstance(value, int) or text.isdigit()):
        raise ValidationError(f"The {what} must be a whole number of 0 or more.", field_name)
    count = int(text)
    if count > RESULT_MAX:
        raise ValidationError(f"The {what} must be at most {RESULT_MAX:,}.", field_name)
    if count < 0:
        raise ValidationError(f"The {what} must be a whole number of 0 or more.", field_name)
    return count


def _plain_date(value: Any, *, field_name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, dt.date):
        raise ValidationError(
            f"The {field_name.replace('_', ' ')} must be a calendar date.", field_name
        )
    day = value.date() if isinstance(value, dt.datetime) else value
    check_date(day, what=f"The {field_name.replace('_', ' ')} date", field_name=field_name)
    return day


def clean_post_ref(value: Any, *, field_name: str) -> int | None:
    """A post id (a whole number, or its text); None or "" for none."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or not 1 <= int(text) < 2**63:
        raise ValidationError(f"{value!r} is not a post id.", field_name)
    return int(text)


def _title(value: Any) -> str:
    title = " ".join(str(value or "").split())
    if not title:
        raise ValidationError("A post needs a title.", "title")
    if len(title) > TITLE_MAX:
        raise ValidationError(
            f"The title is {len(title)} characters long; the limit is {TITLE_MAX}.", "title"
        )
    refuse_control(title, what="The title", field_name="title")
    return title


# Values exactly as stored and exported, found without parsing (an import has thousands).
_ROLES: dict[Any, Role] = {r.value: r for r in Role}
_KINDS: dict[Any, Kind] = {k.value: k for k in Kind}
_STATUSES: dict[Any, Status] = {s.value: s for s in Status}


def _role(value: Any) -> Role:
    exact = _ROLES.get(value) if isinstance(value, str) else None
    if exact is not None:
        return exact
    if value is None or value == "":
        raise ValidationError("A post needs a role: leader or manager.", "role")
    try:
        return value if isinstance(value, Role) else Role.parse(str(value))
    except ValueError as exc:
        raise ValidationError(str(exc), "role") from None


def _kind(value: Any, role: Role) -> Kind | None:
    if value is None or value == "":
        return None
    try:
        exact = _KINDS.get(value) if isinstance(value, str) else None
        kind = exact or (value if isinstance(value, Kind) else Kind.parse(str(value)))
    except ValueError as exc:
        raise ValidationError(str(exc), "kind") from None
    if kind.role is not role:
        allowed = ", ".join(k.value for k in kinds_for(role))
        raise ValidationError(
            f"'{kind.value}' is a {kind.role.value} kind; a {role.value} post can be: {allowed}.",
            "kind",
        )
    return kind


def _other_kind(value: Any, role: Role) -> Kind | None:
    """The kind kept for the other role; one of the post's own role means nothing and is dropped."""
    if value in (None, ""):
        return None
    try:
        kind = value if isinstance(value, Kind) else Kind.parse(str(value))
    except ValueError as exc:
        raise ValidationError(str(exc), "other_kind") from None
    return kind if kind.role is not role else None


def _date_time(date: Any, time: Any) -> tuple[dt.date | None, dt.time | None]:
    if date is not None and not isinstance(date, dt.date):
        raise ValidationError("The date must be a calendar date.", "date")
    if isinstance(date, dt.datetime):
        date = date.date()
    if date is not None:
        check_date(date)
    if time is not None:
        if not isinstance(time, dt.time):
            raise ValidationError("The time must be a wall-clock time.", "time")
        if date is None:
            raise ValidationError("A time needs a date: backlog ideas have neither.", "time")
        time = time.replace(second=0, microsecond=0, tzinfo=None)
    return date, time


def _status(value: Any, date: dt.date | None) -> Status:
    if value is None or value == "":
        return Status.IDEA if date is None else Status.DRAFT
    exact = _STATUSES.get(value) if isinstance(value, str) else None
    if exact is not None:
        return exact
    try:
        return value if isinstance(value, Status) else Status.parse(str(value))
    except ValueError as exc:
        raise ValidationError(str(exc), "status") from None


_channel_rule = partial(clean_name, what="channel", field_name="channel")
_OWN_RULES = frozenset(("title", "role", "kind", "status", "date", "time", "channel", "other_kind"))
# Decided once: validating thousands of imported records pays for no per-field dispatch.
_FIELD_RULES: tuple[tuple[str, Callable[[Any], Any]], ...] = tuple(
    (f.name, _field_rule(f)) for f in POST_SHAPE if f.editable and f.name not in _OWN_RULES
)


def _stripped(rule: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda value: rule(value).strip()


# validate_many's rules of those fields: the link is stripped of spaces as validate_post does.
_COLUMN_RULES = tuple(
    (name, _stripped(rule) if name == "link" else rule) for name, rule in _FIELD_RULES
)
CLEAN_ORDER = (
    *("title", "role", "kind", "status", "date", "time", "channel", "other_kind"),
    *(name for name, _rule in _FIELD_RULES),
)


NAME_LIMIT = 200


def validate_settings(values: Mapping[str, Any]) -> None:
    """Check a complete set of plan settings; every message names the allowed values."""
    name = " ".join(str(values["name"]).split())
    if not name or len(name) > NAME_LIMIT:
        raise ValidationError(f"The plan name must be 1–{NAME_LIMIT} characters.", "name")
    refuse_control(name, what="The plan name", field_name="name")
    if not valid_timezone(str(values["timezone"])):
        raise ValidationError(
            f"Unknown time zone {values['timezone']!r} (use an IANA name such as "
            "Europe/Lisbon, America/New_York or UTC).",
            "timezone",
        )
    if values["first_weekday"] not in range(7):
        raise ValidationError("The first day of the week must be 0 (Monday) to 6.", "first_weekday")
    low, high = float(values["band_low"]), float(values["band_high"])
    if not (0.0 <= low <= high <= 1.0):
        raise ValidationError("The target band must satisfy 0 % ≤ low ≤ high ≤ 100 %.", "band_low")
    if not 0.0 <= float(values["promotion_max"]) <= 1.0:
        raise ValidationError("The promotion share must be between 0 % and 100 %.", "promotion_max")
    if not 0.0 <= float(values["untied_max"]) <= 1.0:
        raise ValidationError("The untied share must be between 0 % and 100 %.", "untied_max")
    if not 0.0 <= float(values["pillar_tolerance"]) <= 1.0:
        raise ValidationError(
            "The pillar tolerance must be between 0 and 100 points.", "pillar_tolerance"
        )
    clean_text(values["vision"], what="vision", limit=VISION_MAX, field_name="vision")
    if not isinstance(values["require_approval"], bool):
        raise ValidationError("require_approval must be yes or no.", "require_approval")
    _check_holiday_place(str(values["country"]), str(values["region"]))
    for key, (lowest, highest) in SETTING_RANGES.items():
        value = values[key]
        if isinstance(value, bool) or not isinstance(value, int) or not lowest <= value <= highest:
            raise ValidationError(
                f"The setting {key} must be a whole number from {lowest} to {highest}.", key
            )


def _check_holiday_place(country: str, region: str) -> None:
    """The country (and region) whose holidays the calendar shows must be ones `holidays` knows."""
    if not country and not region:
        return
    from lmplanner.core.public_holidays import place_problem

    problem = place_problem(country, region)
    if problem:
        raise ValidationError(problem, "region" if problem.startswith("region") else "country")


def valid_timezone(name: str) -> bool:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(name)
    except Exception:  # ValueError, ZoneInfoNotFoundError, a path in the name…
        return False
    return True


NAME_WHAT = {"channel": "channel", "person": "person", "campaign": "campaign", "pillar": "pillar"}
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
    if start is not None:
        check_date(start, what="The start date", field_name="start_date")
    if end is not None:
        check_date(end, what="The end date", field_name="end_date")
    if start is not None and end is not None and end < start:
        raise ValidationError("A campaign cannot end before it starts.", "end_date")


def valid_share_target(value: int | None) -> int | None:
    """A pillar's target: a whole percent from 0 to 100, or None for none."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        raise ValidationError("A pillar's target must be a whole percent from 0 to 100.", "target")
    return value


def valid_description(value: str | None) -> str:
    return clean_text(
        value, what="description", limit=PILLAR_DESCRIPTION_MAX, field_name="description"
    )
