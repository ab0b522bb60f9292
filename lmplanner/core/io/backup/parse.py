"""Reading a JSON backup: its structure checked, names and colours parsed, posts as raw records."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lmplanner.core.domain import TemplateRecord
from lmplanner.core.errors import ValidationError
from lmplanner.core.history import HistorySpec
from lmplanner.core.io.backup.comments import CommentSpec, parse_comments
from lmplanner.core.io.backup.document import FORMAT_NAME, FORMAT_VERSION, POST_KEYS
from lmplanner.core.io.backup.history import SignoffSpec, parse_history, parse_signoffs
from lmplanner.core.io.backup.series import SeriesSpec, parse_series
from lmplanner.core.io.backup.templates import parse_templates
from lmplanner.core.io.records import ImportFileError, Problem, RawRecord

_COLOR = re.compile(r"#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?")
_DEFAULT_CAMPAIGN_COLOR = "#8e24aa"
# Only a \uD800–\uDFFF escape can put half a surrogate pair into decoded JSON text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# The years a record's timestamp may carry (the calendar's supported range).
_YEARS = range(1900, 3000)


@dataclass(frozen=True, slots=True)
class ChannelSpec:
    name: str
    color: str
    weekly_target: int | None = None


@dataclass(frozen=True, slots=True)
class CampaignSpec:
    name: str
    color: str = _DEFAULT_CAMPAIGN_COLOR
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class PillarSpec:
    name: str
    color: str = "#607d8b"
    description: str = ""
    target: int | None = None  # a whole percent


@dataclass(frozen=True, slots=True)
class PlanBackup:
    """A parsed backup: plan settings, names with their colours, and the posts as raw records
    (validated like any imported record; `extra` holds each post's uuid and created_at)."""

    format_version: int
    settings: Mapping[str, Any]
    channels: tuple[ChannelSpec, ...]
    people: tuple[str, ...]
    campaigns: tuple[CampaignSpec, ...]
    posts: tuple[RawRecord, ...]
    pillars: tuple[PillarSpec, ...] = ()  # backups written before pillars have none
    history: tuple[HistorySpec, ...] = ()  # … and before the change history, none
    signoffs: tuple[SignoffSpec, ...] = ()
    # Each post's comment thread, by the post's place in `posts` (its record's extra "index").
    comments: tuple[tuple[CommentSpec, ...], ...] = ()
    series: tuple[SeriesSpec, ...] = ()  # nor do those from before recurring series
    templates: tuple[TemplateRecord, ...] | None = None  # None: written before templates


def parse_backup(text: str) -> PlanBackup:
    """Read a backup's structure; ImportFileError when it is not one this version understands."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ImportFileError("the JSON is nested too deeply to be a backup") from None
    if _SURROGATE_ESCAPE.search(text):
        _refuse_lone_surrogates(document)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise ImportFileError(
            f'this JSON file is not an LM Planner backup (no "format": "{FORMAT_NAME}")'
        )
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportFileError("the backup has no valid format_version")
    if version > FORMAT_VERSION:
        raise ImportFileError(
            f"the backup was written by a newer LM Planner (format {version}; this version reads "
            f"up to {FORMAT_VERSION}); update LM Planner to restore it"
        )
    plan = _section(document, "plan", dict)
    from lmplanner.core.services import SETTINGS_FIELDS

    settings = {key: plan[key] for key in SETTINGS_FIELDS if key in plan}
    items = _section(document, "posts", list)
    lines = _line_numbers(text, _post_offsets(text))
    posts = tuple(
        _post_record(item, i, lines[i] if i < len(lines) else 1) for i, item in enumerate(items)
    )
    return PlanBackup(
        format_version=version,
        settings=settings,
        channels=tuple(
            _channel(item, i) for i, item in enumerate(_section(document, "channels", list))
        ),
        people=tuple(_person(item, i) for i, item in enumerate(_section(document, "people", list))),
        campaigns=tuple(
            _campaign(item, i) for i, item in enumerate(_section(document, "campaigns", list))
        ),
        posts=posts,
        pillars=tuple(
            _pillar(item, i) for i, item in enumerate(_section(document, "pillars", list))
        ),
        history=parse_history(_section(document, "history", list)),
        signoffs=parse_signoffs(_section(document, "signoffs", list)),
        comments=tuple(parse_comments(item, i) for i, item in enumerate(items)),
        series=parse_series(document.get("series")),
        templates=parse_templates(document),
    )


def _section(document: Mapping[str, Any], key: str, kind: type) -> Any:
    value = document.get(key, kind())
    if not isinstance(value, kind):
        expected = "an object" if kind is dict else "a list"
        raise ImportFileError(f'the backup\'s "{key}" is not {expected}')
    return value


def _text(value: Any, what: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, str | int | float):
        return str(value)
    raise ValueError(f"{what} must be text, not {type(value).__name__}")


def _post_record(item: Any, index: int, line: int) -> RawRecord:
    if not isinstance(item, dict):
        problem = Problem(line, f"posts[{index}]", "a post must be a JSON object")
        return RawRecord(line, {}, {}, (problem,))
    cells: dict[str, str] = {}
    problems: list[Problem] = []
    for key in POST_KEYS:
        try:
            cells[key] = _text(item.get(key), f"the {key}")
        except ValueError as exc:
            cells[key] = ""
            problems.append(Problem(line, key, str(exc), key))
    created = item["created_at"] if isinstance(item.get("created_at"), str) else ""
    if created and not _valid_stamp(created):
        why = f"created_at {created!r} is not a date and time from 1900 to 2999"
        problems.append(Problem(line, "created_at", why, "created_at"))
    extra = {
        "uuid": item["uuid"] if isinstance(item.get("uuid"), str) else "",
        "created_at": created,
        "follows": item["follows"] if isinstance(item.get("follows"), str) else "",
        "index": str(index),
        "series": item["series"] if isinstance(item.get("series"), str) else "",
    }
    return RawRecord(line, cells, {}, tuple(problems), extra)


def _valid_stamp(text: str) -> bool:
    try:
        stamp = dt.datetime.fromisoformat(text)
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        return False
    return stamp.year in _YEARS


def _refuse_lone_surrogates(document: Any) -> None:
    """ImportFileError for a string holding half a surrogate pair: it is not text, and no
    database can store it."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                shown = value.encode("utf-8", "backslashreplace").decode("ascii", "replace")
                raise ImportFileError(
                    f"the backup holds text that is not valid Unicode (half a surrogate pair, "
                    f"\\uD800–\\uDFFF): {shown[:60]!r}"
                ) from None


def _name(item: Any, section: str, index: int) -> tuple[str, dict[str, Any]]:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise ImportFileError(f"{section} {index + 1} in the backup has no name")
    return item["name"], item


def _color(value: Any, where: str, default: str) -> str:
    if value in (None, ""):
        return default
    if not isinstance(value, str) or not _COLOR.fullmatch(value):
        raise ImportFileError(f"{where}: the colour {value!r} is not #RRGGBB")
    return value


def _channel(item: Any, index: int) -> ChannelSpec:
    name, data = _name(item, "channel", index)
    from lmplanner.core.services import CHANNEL_PALETTE, valid_target

    target = data.get("weekly_target")
    try:
        valid_target(target)
    except ValidationError as exc:
        raise ImportFileError(f"channel {name!r}: {exc}") from None
    default = CHANNEL_PALETTE[index % len(CHANNEL_PALETTE)]
    return ChannelSpec(name, _color(data.get("color"), f"channel {name!r}", default), target)


def _person(item: Any, index: int) -> str:
    return _name(item, "person", index)[0]


def _campaign(item: Any, index: int) -> CampaignSpec:
    name, data = _name(item, "campaign", index)
    dates: list[dt.date | None] = []
    for key in ("start_date", "end_date"):
        value = data.get(key)
        try:
            dates.append(dt.date.fromisoformat(value) if value else None)
        except (TypeError, ValueError):
            raise ImportFileError(f"campaign {name!r}: {key} {value!r} is not YYYY-MM-DD") from None
    from lmplanner.core.services import valid_span

    try:
        valid_span(dates[0], dates[1])
    except ValidationError as exc:
        raise ImportFileError(f"campaign {name!r}: {exc}") from None
    color = _color(data.get("color"), f"campaign {name!r}", _DEFAULT_CAMPAIGN_COLOR)
    return CampaignSpec(name, color, dates[0], dates[1])


def _pillar(item: Any, index: int) -> PillarSpec:
    name, data = _name(item, "pillar", index)
    target = data.get("target")
    if target is not None and (
        isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= 100
    ):
        raise ImportFileError(f"pillar {name!r}: target {target!r} is not a percent from 0 to 100")
    description = data.get("description") or ""
    if not isinstance(description, str):
        raise ImportFileError(f"pillar {name!r}: the description must be text")
    color = _color(data.get("color"), f"pillar {name!r}", "#607d8b")
    return PillarSpec(name, color, description, target)


def _line_numbers(text: str, offsets: list[int]) -> list[int]:
    """The line of each offset (ascending): one pass over the text, not one count per post."""
    lines: list[int] = []
    line, position = 1, 0
    for offset in offsets:
        line += text.count("\n", position, offset)
        position = offset
        lines.append(line)
    return lines


_WS = re.compile(r"[ \t\n\r]*")


def _post_offsets(text: str) -> list[int]:
    """Where each element of the top-level "posts" array starts, for line numbers in problems."""
    decoder = json.JSONDecoder()

    def skip(i: int) -> int:
        match = _WS.match(text, i)
        return match.end() if match else i

    offsets: list[int] = []
    try:
        i = skip(0)
        if text[i] != "{":
            return []
        i = skip(i + 1)
        while text[i] != "}":
            key, i = decoder.raw_decode(text, i)
            i = skip(skip(i) + 1)  # past the colon
            if key == "posts" and text[i] == "[":
                offsets.clear()
                i = skip(i + 1)
                while text[i] != "]":
                    offsets.append(i)
                    _, i = decoder.raw_decode(text, i)
                    i = skip(i)
                    if text[i] == ",":
                        i = skip(i + 1)
                i += 1
            else:
                _, i = decoder.raw_decode(text, i)
            i = skip(i)
            if text[i] == ",":
                i = skip(i + 1)
    except (IndexError, ValueError):
        pass
    return offsets
