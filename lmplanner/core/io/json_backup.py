"""JSON backup of a whole plan (settings, names, posts) and its restore as one undoable step."""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.domain import name_key
from lmplanner.core.errors import ConflictError, ValidationError
from lmplanner.core.io.csv_format import COLUMNS
from lmplanner.core.io.plan_rows import id_by_name, post_uuids, rows_by_id, table_rows
from lmplanner.core.io.records import ImportFileError, Problem, RawRecord

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService

FORMAT_NAME = "lmplanner-backup"
FORMAT_VERSION = 1
# The same post fields as the CSV layout, less the plan-specific id.
POST_KEYS: tuple[str, ...] = tuple(column for column in COLUMNS if column != "id")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?")
_DEFAULT_CAMPAIGN_COLOR = "#8e24aa"


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
class PlanBackup:
    """A parsed backup: plan settings, names with their colours, and the posts as raw records
    (validated like any imported record; `extra` holds each post's uuid and created_at)."""

    format_version: int
    settings: Mapping[str, Any]
    channels: tuple[ChannelSpec, ...]
    people: tuple[str, ...]
    campaigns: tuple[CampaignSpec, ...]
    posts: tuple[RawRecord, ...]


# ---------------------------------------------------------------- export
def _stamp(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    aware = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return aware.isoformat()


def backup_document(service: PlanService, *, app_version: str = "") -> dict[str, Any]:
    """The whole plan as JSON-ready data; posts in the trash are not part of it."""
    from lmplanner.core.domain import BalanceSettings

    settings = service.settings()
    plan: dict[str, Any] = {"uuid": settings.uuid, "name": settings.name}
    plan["timezone"] = settings.timezone
    plan.update({f.name: getattr(settings.balance, f.name) for f in fields(BalanceSettings)})
    plan.update(backup_keep=settings.backup_keep, trash_days=settings.trash_days)
    posts = service.posts(order="date")
    uuids = post_uuids(service, [p.id for p in posts])
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "app_version": app_version,
        "exported_at": _stamp(dt.datetime.now(dt.UTC).replace(microsecond=0)),
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
        "posts": [
            {
                "uuid": uuids[p.id],
                "date": p.date.isoformat() if p.date else None,
                "time": p.time.strftime("%H:%M") if p.time else None,
                "channel": p.channel,
                "role": p.role.value,
                "kind": p.kind.value if p.kind else None,
                "status": p.status.value,
                "title": p.title,
                "body": p.body,
                "author": p.author,
                "campaign": p.campaign,
                "link": p.link,
                "notes": p.notes,
                "role_suggested": p.role_suggested,
                "created_at": _stamp(p.created_at),
                "updated_at": _stamp(p.updated_at),
            }
            for p in posts
        ],
    }


def backup_to_json(service: PlanService, *, app_version: str = "") -> bytes:
    document = backup_document(service, app_version=app_version)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# ---------------------------------------------------------------- parse
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
    offsets = _post_offsets(text)
    posts = tuple(
        _post_record(item, i, _line_at(text, offsets[i]) if i < len(offsets) else 1)
        for i, item in enumerate(items)
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
    extra = {
        "uuid": item["uuid"] if isinstance(item.get("uuid"), str) else "",
        "created_at": item["created_at"] if isinstance(item.get("created_at"), str) else "",
    }
    return RawRecord(line, cells, {}, tuple(problems), extra)


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
    from lmplanner.core.services import CHANNEL_PALETTE

    target = data.get("weekly_target")
    if target is not None and (
        not isinstance(target, int) or isinstance(target, bool) or target < 0
    ):
        raise ImportFileError(f"channel {name!r}: the weekly target must be a whole number ≥ 0")
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
    color = _color(data.get("color"), f"campaign {name!r}", _DEFAULT_CAMPAIGN_COLOR)
    return CampaignSpec(name, color, dates[0], dates[1])


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


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


# ---------------------------------------------------------------- check and restore
def check_backup(service: PlanService, backup: PlanBackup) -> dict[str, Any]:
    """The plan settings after the restore, checked by the same rules as a settings edit;
    names checked like the names on a post. ImportFileError on the first problem."""
    # The settings rules live in services; this reuses them rather than copying them.
    from lmplanner.core.services import validate_settings

    current = service.settings()
    merged: dict[str, Any] = {
        "name": current.name,
        "timezone": current.timezone,
        "backup_keep": current.backup_keep,
        "trash_days": current.trash_days,
        **{f.name: getattr(current.balance, f.name) for f in fields(current.balance)},
        **backup.settings,
    }
    for key, value in backup.settings.items():
        wanted: tuple[type, ...] = (str,) if key in ("name", "timezone") else (int,)
        if key in ("band_low", "band_high", "promotion_max"):
            wanted = (int, float)
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise ImportFileError(f"the backup's plan setting {key} has the wrong type: {value!r}")
    try:
        validate_settings(merged)
    except ValidationError as exc:
        raise ImportFileError(f"the backup's plan settings are invalid: {exc}") from None
    for spec in backup.channels:
        clean_name("channel", spec.name)
    for person in backup.people:
        clean_name("author", person)
    for campaign in backup.campaigns:
        clean_name("campaign", campaign.name)
    return merged


def clean_name(field_name: str, name: str) -> str:
    """A channel, author or campaign name cleaned by exactly the rules posts use."""
    from lmplanner.core.services import validate_post

    if not name.strip():
        raise ImportFileError(f"the backup has an empty {field_name} name")
    probe = {"title": "name check", "role": "leader", "channel": "name check", field_name: name}
    try:
        cleaned = validate_post(probe)[field_name]
    except ValidationError as exc:
        raise ImportFileError(f"the {field_name} name {name!r} in the backup: {exc}") from None
    if not cleaned:
        raise ImportFileError(f"the backup has an empty {field_name} name")
    return str(cleaned)


@dataclass(frozen=True, slots=True)
class RestorePost:
    values: Mapping[str, Any]  # as returned by validate_post
    uuid: str = ""
    created_at: str = ""


def restore_backup(
    service: PlanService,
    backup: PlanBackup,
    posts: Sequence[RestorePost],
    *,
    replace: bool,
    label: str = "Restore backup",
) -> ChangeSet:
    """Make the plan what the backup says, in one transaction returning one ChangeSet.

    Current posts go to the trash (only with `replace`; a plan with posts is refused otherwise).
    Channels, people and campaigns are matched by name; those the backup does not have are removed
    when no post (trash included) uses them, so the names are the backup's names.
    """
    settings = check_backup(service, backup)
    rows = table_rows(service, "plan", "channel", "person", "campaign", "post")
    live = [row for row in rows["post"] if row["deleted_at"] is None]
    if live and not replace:
        raise ImportFileError(refusal(len(live)))
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    changes: list[RowChange] = []
    plan_before = rows["plan"][0]
    plan_after = {**plan_before, **{k: settings[k] for k in backup.settings}}
    if plan_after != plan_before:
        changes.append(RowChange("plan", 1, plan_before, plan_after))
    changes.extend(RowChange("post", r["id"], r, {**r, "deleted_at": now}) for r in live)

    channels = {name_key(c.name): c for c in backup.channels}
    people = {name_key(p): p for p in backup.people}
    campaigns = {name_key(c.name): c for c in backup.campaigns}
    from lmplanner.core.services import CHANNEL_PALETTE

    for values in (p.values for p in posts):
        key = name_key(values["channel"])
        if key not in channels:
            color = CHANNEL_PALETTE[len(channels) % len(CHANNEL_PALETTE)]
            channels[key] = ChannelSpec(values["channel"], color)
        if values["author"]:
            people.setdefault(name_key(values["author"]), values["author"])
        if values["campaign"]:
            campaigns.setdefault(name_key(values["campaign"]), CampaignSpec(values["campaign"]))
    used = {
        table: {r[column] for r in rows["post"] if r[column] is not None}
        for table, column in (
            ("channel", "channel_id"),
            ("person", "author_id"),
            ("campaign", "campaign_id"),
        )
    }
    wanted_channels = [
        {
            "name": clean_name("channel", c.name),
            "color": c.color,
            "weekly_target": c.weekly_target,
            "position": i,
        }
        for i, c in enumerate(channels.values())
    ]
    wanted_people = [{"name": clean_name("author", p)} for p in people.values()]
    wanted_campaigns = [
        {
            "name": clean_name("campaign", c.name),
            "color": c.color,
            "start_date": c.start_date,
            "end_date": c.end_date,
        }
        for c in campaigns.values()
    ]
    removals: list[RowChange] = []
    for table, wanted in (
        ("channel", wanted_channels),
        ("person", wanted_people),
        ("campaign", wanted_campaigns),
    ):
        upserts, deletes = _sync_names(table, rows[table], wanted, used[table])
        changes.extend(upserts)
        removals.extend(deletes)

    taken = {row["uuid"] for row in rows["post"]}
    for post in posts:
        changes.append(RowChange("post", 0, None, _post_row(post, taken, now)))
    changes.extend(removals)
    return _apply(service, ChangeSet(label, tuple(changes)))


def refusal(count: int) -> str:
    noun = "post" if count == 1 else "posts"
    return (
        f"the plan already has {count} {noun}: a backup restores into a plan with no posts; "
        "replace them (they go to the trash) to restore anyway"
    )


def _apply(service: PlanService, changeset: ChangeSet) -> ChangeSet:
    from sqlalchemy.exc import IntegrityError

    try:
        applied = service.apply(changeset)
    except IntegrityError:
        raise ConflictError(
            "the plan changed while the backup was being restored; nothing was restored, try again"
        ) from None
    # New posts name their channel, author and campaign by SQL lookups (see _post_row); the
    # change set keeps the rows as stored, so undoing it compares real values.
    created = applied.created("post")
    stored = rows_by_id(service, "post", created)
    changes = tuple(
        RowChange("post", c.key, None, stored.get(c.key, c.after))
        if c.table == "post" and c.kind == "insert"
        else c
        for c in applied.changes
    )
    return ChangeSet(changeset.label, changes, tuple(created))


def _sync_names(
    table: str,
    existing: Sequence[Mapping[str, Any]],
    wanted: Sequence[Mapping[str, Any]],
    used: set[int],
) -> tuple[list[RowChange], list[RowChange]]:
    """Row changes that make a name table hold `wanted` (matched by name_key): inserts and
    updates, and deletes of rows not wanted and not used by any post."""
    by_key = {row["name_key"]: row for row in existing}
    keys: set[str] = set()
    upserts: list[RowChange] = []
    for values in wanted:
        key = name_key(values["name"])
        keys.add(key)
        row = by_key.get(key)
        if row is None:
            # Key 0: the database numbers it (explicit ids would leave PostgreSQL sequences behind).
            upserts.append(RowChange(table, 0, None, {**values, "name_key": key}))
            continue
        after = {**row, **values}
        if after != row:
            upserts.append(RowChange(table, row["id"], row, after))
    deletes: list[RowChange] = []
    position = len(wanted)
    for row in existing:
        if row["name_key"] in keys:
            continue
        if row["id"] not in used:
            deletes.append(RowChange(table, row["id"], row, None))
        elif table == "channel" and row["position"] != position:
            upserts.append(RowChange(table, row["id"], row, {**row, "position": position}))
            position += 1
    return upserts, deletes


def _post_row(post: RestorePost, taken: set[str], now: dt.datetime) -> dict[str, Any]:
    v = post.values
    post_uuid = post.uuid
    try:
        post_uuid = str(uuid_module.UUID(post_uuid))
    except ValueError:
        post_uuid = ""
    if not post_uuid or post_uuid in taken:
        post_uuid = str(uuid_module.uuid4())
    taken.add(post_uuid)
    try:
        created = dt.datetime.fromisoformat(post.created_at) if post.created_at else now
    except ValueError:
        created = now
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC)
    return {
        "uuid": post_uuid,
        "title": v["title"],
        "body": v["body"],
        "role": v["role"].value,
        "kind": v["kind"].value if v["kind"] else None,
        "status": v["status"].value,
        "date": v["date"],
        "time": v["time"],
        "channel_id": id_by_name("channel", name_key(v["channel"])),
        "author_id": id_by_name("person", name_key(v["author"])) if v["author"] else None,
        "campaign_id": id_by_name("campaign", name_key(v["campaign"])) if v["campaign"] else None,
        "link": v["link"],
        "notes": v["notes"],
        "role_suggested": v["role_suggested"],
        "version": 1,
        "created_at": created,
        "updated_at": now,
        "deleted_at": None,
    }
