"""Restoring a parsed backup into a plan: checked first, then written as one undoable step."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, NameRef, RowChange
from lmplanner.core.domain import name_key
from lmplanner.core.errors import ConflictError, ValidationError
from lmplanner.core.io.backup.comments import CommentSpec
from lmplanner.core.io.backup.parse import CampaignSpec, ChannelSpec, PillarSpec, PlanBackup
from lmplanner.core.io.backup.series import series_changes
from lmplanner.core.io.backup.templates import wanted_templates
from lmplanner.core.io.plan_rows import id_by_name, rows_by_id, table_rows
from lmplanner.core.io.records import ImportFileError
from lmplanner.core.post_fields import NAME_FIELDS, row_values

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService


def check_backup(service: PlanService, backup: PlanBackup) -> dict[str, Any]:
    """The plan settings after the restore, checked by the same rules as a settings edit;
    names checked like the names on a post. ImportFileError on the first problem."""
    # The settings rules live in services; this reuses them rather than copying them.
    from lmplanner.core.services import validate_settings

    merged: dict[str, Any] = {**service.settings().values(), **backup.settings}
    for key, value in backup.settings.items():
        wanted: tuple[type, ...] = (str,) if key in _TEXT_SETTINGS else (int,)
        if key in ("band_low", "band_high", "promotion_max", "untied_max", "pillar_tolerance"):
            wanted = (int, float)
        if key == "require_approval":
            wanted = (bool,)
        elif isinstance(value, bool):
            wanted = ()
        if not isinstance(value, wanted):
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


_TEXT_SETTINGS = ("name", "timezone", "vision", "country", "region")


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
    follows: str = ""  # the uuid of the leader post it follows up
    comments: tuple[CommentSpec, ...] = ()
    series: str = ""  # the uuid of its recurring series in the backup


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
    rows = table_rows(
        service,
        "plan",
        "channel",
        "person",
        "campaign",
        "pillar",
        "post",
        "signoff",
        "series",
        "template",
    )
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
    removals: list[RowChange] = []
    for table, wanted in _wanted_names(backup, posts).items():
        # Series (those ending here too) keep their names, as posts in the trash do.
        used = _used_ids([*rows["post"], *rows["series"]], table)
        upserts, deletes = _sync_names(table, rows[table], wanted, used)
        changes.extend(upserts)
        removals.extend(deletes)
    taken = {row["uuid"] for row in rows["post"]}
    # Series before their posts, which find theirs by uuid as they are written.
    series, series_uuids = series_changes(backup.series, rows["series"], now)
    changes.extend(series)
    # Leader posts first: a follow-up finds its leader post by uuid as it is written.
    ordered = sorted(posts, key=lambda post: bool(post.follows))
    threads: list[RowChange] = []
    for post in ordered:
        row = _post_row(post, taken, now, series_uuids)
        changes.append(RowChange("post", 0, None, row))
        threads.extend(_comment_rows(row["uuid"], post.comments))
    changes.extend(threads)  # each found by its post's uuid, so after every post
    # Names go last: a name is removed only once no post points at it any more.
    changes.extend(removals)
    if backup.templates is not None:
        upserts, deletes = _sync_names(
            "template", rows["template"], wanted_templates(backup.templates, now), set()
        )
        changes.extend((*deletes, *upserts))
    changes.extend(signoff_changes(backup, rows["signoff"]))
    return _apply(service, ChangeSet(label, tuple(changes)), backup)


def signoff_changes(backup: PlanBackup, have: Sequence[Mapping[str, Any]]) -> list[RowChange]:
    """The backup's sign-offs the plan does not have yet (by uuid)."""
    known = {row["uuid"] for row in have}
    return [
        RowChange(
            "signoff",
            0,
            None,
            {
                "uuid": s.uuid,
                "period_start": s.start,
                "period_end": s.end,
                "by": s.by,
                "at": s.at,
                "note": s.note,
            },
        )
        for s in backup.signoffs
        if s.uuid not in known
    ]


def _wanted_names(
    backup: PlanBackup, posts: Sequence[RestorePost]
) -> dict[str, list[dict[str, Any]]]:
    """The rows each name table should hold: the backup's names, then any its posts name that it
    does not list (a hand-edited backup), each cleaned by the rules posts use."""
    channels = {name_key(c.name): c for c in backup.channels}
    people = {name_key(p): p for p in backup.people}
    campaigns = {name_key(c.name): c for c in backup.campaigns}
    pillars = {name_key(p.name): p for p in backup.pillars}
    from lmplanner.core.services import CHANNEL_PALETTE

    for values in [*(p.values for p in posts), *(s.values for s in backup.series)]:
        key = name_key(values["channel"])
        if key not in channels:
            color = CHANNEL_PALETTE[len(channels) % len(CHANNEL_PALETTE)]
            channels[key] = ChannelSpec(values["channel"], color)
        if values["author"]:
            people.setdefault(name_key(values["author"]), values["author"])
        if values["campaign"]:
            campaigns.setdefault(name_key(values["campaign"]), CampaignSpec(values["campaign"]))
        if values["pillar"]:
            pillars.setdefault(name_key(values["pillar"]), PillarSpec(values["pillar"]))
    wanted: dict[str, list[dict[str, Any]]] = {}
    wanted["channel"] = [
        {
            "name": clean_name("channel", c.name),
            "color": c.color,
            "weekly_target": c.weekly_target,
            "position": i,
        }
        for i, c in enumerate(channels.values())
    ]
    wanted["person"] = [{"name": clean_name("author", p)} for p in people.values()]
    wanted["campaign"] = [
        {
            "name": clean_name("campaign", c.name),
            "color": c.color,
            "start_date": c.start_date,
            "end_date": c.end_date,
        }
        for c in campaigns.values()
    ]
    wanted["pillar"] = [
        {
            "name": clean_name("pillar", p.name),
            "color": p.color,
            "description": p.description,
            "target": p.target,
            "position": i,
        }
        for i, p in enumerate(pillars.values())
    ]
    return wanted


def _comment_rows(post_uuid: str, thread: Sequence[CommentSpec]) -> list[RowChange]:
    return [
        RowChange(
            "comment",
            0,
            None,
            {
                "post_id": NameRef("post", post_uuid),
                "author": c.author,
                "created_at": c.created_at,
                "text": c.text,
                "resolved": c.resolved,
            },
        )
        for c in thread
    ]


def _used_ids(post_rows: Sequence[Mapping[str, Any]], table: str) -> set[int]:
    """Ids of the rows of a name table that posts (trash included) point at."""
    columns = [f.column for f in NAME_FIELDS if f.names == table]
    return {row[c] for row in post_rows for c in columns if row[c] is not None}


def refusal(count: int) -> str:
    noun = "post" if count == 1 else "posts"
    return (
        f"the plan already has {count} {noun}: a backup restores into a plan with no posts; "
        "replace them (they go to the trash) to restore anyway"
    )


def _apply(service: PlanService, changeset: ChangeSet, backup: PlanBackup) -> ChangeSet:
    from sqlalchemy.exc import IntegrityError

    try:
        applied = service.apply(changeset, step="restore", history=backup.history)
    except IntegrityError:
        raise ConflictError(
            "the plan changed while the backup was being restored; nothing was restored, try again"
        ) from None
    # New posts name their channel, author and campaign by SQL lookups (see _post_row); the
    # change set keeps the rows as stored, so undoing it compares real values.
    created = applied.created("post")
    stored = {
        table: rows_by_id(service, table, applied.created(table)) for table in ("post", "comment")
    }
    changes = tuple(
        RowChange(c.table, c.key, None, stored[c.table].get(c.key, c.after))
        if c.table in stored and c.kind == "insert"
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


def _post_row(
    post: RestorePost, taken: set[str], now: dt.datetime, series: Mapping[str, str]
) -> dict[str, Any]:
    """A new post row; its names are SQL lookups, so names added in the same transaction count."""
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
        if created.tzinfo is not None:
            created = created.astimezone(dt.UTC)
    except (ValueError, OverflowError):  # parse_backup refuses these; a caller may not have
        created = now
    row = row_values(
        post.values, lambda table, name: id_by_name(table, name_key(name)) if name else None
    )
    if post.follows:
        row["follows_id"] = id_by_name("post", post.follows)
    return {
        "uuid": post_uuid,
        **row,
        "version": 1,
        "created_at": created,
        "updated_at": now,
        "deleted_at": None,
        "series_id": id_by_name("series", series[post.series]) if post.series in series else None,
    }
