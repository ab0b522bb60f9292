"""The one write path: every change to a plan is validated here, runs in one transaction and
returns a ChangeSet that the GUI's undo, the CLI and importers all use the same way."""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Final, overload

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.domain import (
    BODY_MAX,
    LINK_MAX,
    NAME_MAX,
    NOTES_MAX,
    TITLE_MAX,
    BalanceSettings,
    Kind,
    PlanSettings,
    PostRecord,
    Role,
    Status,
    kinds_for,
    name_key,
)
from lmplanner.core.errors import ConflictError, NotFoundError, ValidationError

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection
    from sqlalchemy.sql.elements import ColumnElement

    from lmplanner.core.balance import BalanceReport, Period
    from lmplanner.core.store import Plan


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TABLES: dict[str, Table] = {}


class _Keep:
    """Marker: leave this field as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Final = _Keep()

CHANNEL_PALETTE = ("#00897b", "#5e35b1", "#c0ca33", "#d81b60", "#3949ab", "#6d4c41", "#f4511e")
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


@dataclass(frozen=True, slots=True)
class PostDraft:
    """What a user asks for when creating a post; names of channel, author and campaign are text."""

    title: str
    role: Role | str
    channel: str
    date: dt.date | None = None
    time: dt.time | None = None
    body: str = ""
    kind: Kind | str | None = None
    status: Status | str | None = None  # None: idea in the backlog, draft on a date
    author: str | None = None
    campaign: str | None = None
    link: str = ""
    notes: str = ""
    role_suggested: bool = False


@dataclass(frozen=True, slots=True)
class PostFilter:
    """Which posts a view shows. Empty tuples mean "any"."""

    channels: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    campaigns: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    statuses: tuple[Status, ...] = ()
    search: str = ""
    role_suggested: bool | None = None

    def for_balance(self) -> PostFilter:
        """The meter follows channel, author and campaign, never role or status: a share of a
        role-filtered set means nothing."""
        return PostFilter(channels=self.channels, authors=self.authors, campaigns=self.campaigns)

    def describe(self) -> tuple[tuple[str, str], ...]:
        items: list[tuple[str, str]] = []
        for label, values in (
            ("channel", self.channels),
            ("author", self.authors),
            ("campaign", self.campaigns),
        ):
            if values:
                items.append((label, ", ".join(values)))
        return tuple(items)

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "role_suggested") or (
            self.role_suggested is not None
        )


@dataclass(frozen=True, slots=True)
class NamedRecord:
    """A channel, person or campaign."""

    id: int
    name: str
    color: str = ""
    weekly_target: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@dataclass(slots=True)
class _Context:
    """Per-operation cache of name → id lookups and the rows created along the way."""

    conn: Connection
    created: list[RowChange] = field(default_factory=list)
    ids: dict[tuple[str, str], int] = field(default_factory=dict)


def _clean_text(value: str | None, *, what: str, limit: int, field_name: str) -> str:
    text = (value or "").replace("\r\n", "\n")
    if len(text) > limit:
        raise ValidationError(
            f"The {what} is {len(text):,} characters long; the limit is {limit:,}.", field_name
        )
    return text


def _clean_name(value: str | None, *, what: str, field_name: str) -> str | None:
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
    channel = _clean_name(values.get("channel"), what="channel", field_name="channel")
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
        "author": _clean_name(values.get("author"), what="author", field_name="author"),
        "campaign": _clean_name(values.get("campaign"), what="campaign", field_name="campaign"),
        "body": _clean_text(values.get("body"), what="body", limit=BODY_MAX, field_name="body"),
        "link": _clean_text(
            values.get("link"), what="link", limit=LINK_MAX, field_name="link"
        ).strip(),
        "notes": _clean_text(
            values.get("notes"), what="notes", limit=NOTES_MAX, field_name="notes"
        ),
        "role_suggested": bool(values.get("role_suggested", False)),
    }


def _now() -> dt.datetime:
    """Timestamps are stored in UTC; views show them in local time."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class PlanService:
    """Reads and changes one open plan. Stateless apart from the plan: safe to create per use."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    # ------------------------------------------------------------------ tables
    @staticmethod
    def _table(name: str) -> Table:
        table = _TABLES.get(name)
        if table is None:
            from lmplanner.core.models import table as model_table

            table = _TABLES[name] = model_table(name)
        return table

    # ------------------------------------------------------------------ settings
    def settings(self) -> PlanSettings:
        from sqlalchemy import select

        plan_t = self._table("plan")
        with self.plan.read() as conn:
            row = conn.execute(select(plan_t).where(plan_t.c.id == 1)).mappings().one()
        return PlanSettings(
            uuid=row["uuid"],
            name=row["name"],
            timezone=row["timezone"],
            balance=BalanceSettings(
                band_low=row["band_low"],
                band_high=row["band_high"],
                min_posts=row["min_posts"],
                promotion_max=row["promotion_max"],
                drought_days=row["drought_days"],
                drought_week_min_posts=row["drought_week_min_posts"],
                channel_min_posts=row["channel_min_posts"],
                first_weekday=row["first_weekday"],
            ),
            backup_keep=row["backup_keep"],
            trash_days=row["trash_days"],
        )

    def update_settings(self, **changes: Any) -> ChangeSet:
        """Change plan settings (name, time zone, band, thresholds…); validated as a whole."""
        unknown = set(changes) - set(SETTINGS_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown plan setting: {', '.join(sorted(unknown))}.")
        current = self.settings()
        merged = {
            "name": current.name,
            "timezone": current.timezone,
            "backup_keep": current.backup_keep,
            "trash_days": current.trash_days,
            **{f.name: getattr(current.balance, f.name) for f in fields(BalanceSettings)},
            **changes,
        }
        validate_settings(merged)
        with self.plan.write() as conn:
            before = self._snapshot(conn, "plan", 1)
            after = {**before, **{k: merged[k] for k in SETTINGS_FIELDS}}
            if after == before:
                return ChangeSet("Change plan settings")
            applied = self._execute(conn, RowChange("plan", 1, before, after))
        return ChangeSet("Change plan settings", (applied,))

    # ------------------------------------------------------------------ names
    def channels(self) -> list[NamedRecord]:
        from sqlalchemy import select

        t = self._table("channel")
        with self.plan.read() as conn:
            rows = conn.execute(select(t).order_by(t.c.position, t.c.name_key)).mappings().all()
        return [
            NamedRecord(r["id"], r["name"], r["color"], weekly_target=r["weekly_target"])
            for r in rows
        ]

    def people(self) -> list[NamedRecord]:
        from sqlalchemy import select

        t = self._table("person")
        with self.plan.read() as conn:
            rows = conn.execute(select(t).order_by(t.c.name_key)).mappings().all()
        return [NamedRecord(r["id"], r["name"]) for r in rows]

    def campaigns(self) -> list[NamedRecord]:
        from sqlalchemy import select

        t = self._table("campaign")
        with self.plan.read() as conn:
            rows = conn.execute(select(t).order_by(t.c.name_key)).mappings().all()
        return [
            NamedRecord(
                r["id"], r["name"], r["color"], start_date=r["start_date"], end_date=r["end_date"]
            )
            for r in rows
        ]

    def _name_id(self, ctx: _Context, table: str, name: str | None) -> int | None:
        """The id of a channel, person or campaign by name (any case); created when new."""
        if name is None:
            return None
        from sqlalchemy import select

        cached = ctx.ids.get((table, name))
        if cached is not None:
            return cached
        t = self._table(table)
        key = name_key(name)
        cached = ctx.ids.get((table, key))
        if cached is not None:
            ctx.ids[(table, name)] = cached
            return cached
        found = ctx.conn.execute(select(t.c.id).where(t.c.name_key == key)).scalar()
        if found is not None:
            ctx.ids[(table, key)] = int(found)
            return int(found)
        values: dict[str, Any] = {"name": name, "name_key": key}
        if table == "channel":
            count = ctx.conn.execute(select(t.c.id)).all()
            values["color"] = CHANNEL_PALETTE[len(count) % len(CHANNEL_PALETTE)]
            values["weekly_target"] = None
            values["position"] = len(count)
        elif table == "campaign":
            values.update(color="#8e24aa", start_date=None, end_date=None)
        applied = self._execute(ctx.conn, RowChange(table, 0, None, values))
        ctx.created.append(applied)
        ctx.ids[(table, key)] = applied.key
        return applied.key

    # ------------------------------------------------------------------ editing names
    def add_channel(
        self, name: str, *, color: str | None = None, weekly_target: int | None = None
    ) -> ChangeSet:
        """A new channel; its colour comes from the palette unless one is given."""
        from sqlalchemy import func, select

        with self.plan.write() as conn:
            clean = self._new_name(conn, "channel", name)
            t = self._table("channel")
            count = int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            values = {
                "name": clean,
                "name_key": name_key(clean),
                "color": _valid_color(color)
                if color
                else CHANNEL_PALETTE[count % len(CHANNEL_PALETTE)],
                "weekly_target": _valid_target(weekly_target),
                "position": count,
            }
            applied = self._execute(conn, RowChange("channel", 0, None, values))
        return ChangeSet(f"Add channel “{clean}”", (applied,))

    def update_channel(
        self,
        channel_id: int,
        *,
        name: str | _Keep = KEEP,
        color: str | _Keep = KEEP,
        weekly_target: int | _Keep | None = KEEP,
    ) -> ChangeSet:
        """Rename a channel, or change its colour or weekly target; its posts follow a rename."""
        patch: dict[str, Any] = {}
        if not isinstance(color, _Keep):
            patch["color"] = _valid_color(color)
        if not isinstance(weekly_target, _Keep):
            patch["weekly_target"] = _valid_target(weekly_target)
        return self._update_name(channel_id, "channel", name, patch, "Change channel")

    def delete_channel(self, channel_id: int) -> ChangeSet:
        """Remove a channel no post uses (trash included); refused with the reason otherwise."""
        return self._delete_name(channel_id, "channel", "channel_id")

    def add_person(self, name: str) -> ChangeSet:
        with self.plan.write() as conn:
            clean = self._new_name(conn, "person", name)
            values = {"name": clean, "name_key": name_key(clean)}
            applied = self._execute(conn, RowChange("person", 0, None, values))
        return ChangeSet(f"Add person “{clean}”", (applied,))

    def update_person(self, person_id: int, *, name: str | _Keep = KEEP) -> ChangeSet:
        return self._update_name(person_id, "person", name, {}, "Rename person")

    def delete_person(self, person_id: int) -> ChangeSet:
        return self._delete_name(person_id, "person", "author_id")

    def add_campaign(
        self,
        name: str,
        *,
        color: str | None = None,
        start_date: dt.date | None = None,
        end_date: dt.date | None = None,
    ) -> ChangeSet:
        _valid_span(start_date, end_date)
        with self.plan.write() as conn:
            clean = self._new_name(conn, "campaign", name)
            values = {
                "name": clean,
                "name_key": name_key(clean),
                "color": _valid_color(color) if color else "#8e24aa",
                "start_date": start_date,
                "end_date": end_date,
            }
            applied = self._execute(conn, RowChange("campaign", 0, None, values))
        return ChangeSet(f"Add campaign “{clean}”", (applied,))

    def update_campaign(
        self,
        campaign_id: int,
        *,
        name: str | _Keep = KEEP,
        color: str | _Keep = KEEP,
        start_date: dt.date | _Keep | None = KEEP,
        end_date: dt.date | _Keep | None = KEEP,
    ) -> ChangeSet:
        patch: dict[str, Any] = {}
        if not isinstance(color, _Keep):
            patch["color"] = _valid_color(color)
        if not isinstance(start_date, _Keep):
            patch["start_date"] = start_date
        if not isinstance(end_date, _Keep):
            patch["end_date"] = end_date
        return self._update_name(campaign_id, "campaign", name, patch, "Change campaign")

    def delete_campaign(self, campaign_id: int) -> ChangeSet:
        return self._delete_name(campaign_id, "campaign", "campaign_id")

    def name_usage(self, table: str) -> dict[int, int]:
        """How many posts (trash included) use each channel, person or campaign, by id."""
        from sqlalchemy import func, select

        column = self._post_name_column(table)
        with self.plan.read() as conn:
            rows = conn.execute(
                select(column, func.count()).where(column.is_not(None)).group_by(column)
            ).all()
        return {int(key): int(count) for key, count in rows}

    def _post_name_column(self, table: str) -> Any:
        columns = {"channel": "channel_id", "person": "author_id", "campaign": "campaign_id"}
        if table not in columns:
            raise ValidationError(f"Unknown list of names: {table!r}.")
        return self._table("post").c[columns[table]]

    def _new_name(
        self, conn: Connection, table: str, name: str | None, *, except_id: int | None = None
    ) -> str:
        """A cleaned name that no other row of the table has (names compare in any case)."""
        from sqlalchemy import select

        what = _NAME_WHAT[table]
        clean = _clean_name(name, what=what, field_name="name")
        if not clean:
            raise ValidationError(f"A {what} needs a name.", "name")
        t = self._table(table)
        query = select(t.c.name).where(t.c.name_key == name_key(clean))
        if except_id is not None:
            query = query.where(t.c.id != except_id)
        taken = conn.execute(query).scalar()
        if taken is not None:
            raise ValidationError(f"There is already a {what} called “{taken}”.", "name")
        return clean

    def _update_name(
        self, key: int, table: str, name: str | _Keep, patch: dict[str, Any], label: str
    ) -> ChangeSet:
        with self.plan.write() as conn:
            before = self._snapshot(conn, table, key)
            after = {**before, **patch}
            if not isinstance(name, _Keep):
                clean = self._new_name(conn, table, name, except_id=key)
                after.update(name=clean, name_key=name_key(clean))
            if table == "campaign":
                _valid_span(after["start_date"], after["end_date"])
            if after == before:
                return ChangeSet(label)
            if after["name"] != before["name"]:
                label = f"Rename {_NAME_WHAT[table]} “{before['name']}” to “{after['name']}”"
            applied = self._execute(conn, RowChange(table, key, before, after))
        return ChangeSet(label, (applied,))

    def _delete_name(self, key: int, table: str, column: str) -> ChangeSet:
        from sqlalchemy import func, select

        post = self._table("post")
        what = _NAME_WHAT[table]
        with self.plan.write() as conn:
            before = self._snapshot(conn, table, key)
            used, trashed = conn.execute(
                select(func.count(), func.count(post.c.deleted_at)).where(post.c[column] == key)
            ).one()
            if used:
                in_trash = f" ({trashed} of them in the trash)" if trashed else ""
                raise ValidationError(
                    f"“{before['name']}” is used by {used} post{'s' if used != 1 else ''}"
                    f"{in_trash}; give {'them' if used != 1 else 'it'} another {what} "
                    f"before deleting this one.",
                    "name",
                )
            applied = self._execute(conn, RowChange(table, key, before, None))
        return ChangeSet(f"Delete {what} “{before['name']}”", (applied,))

    # ------------------------------------------------------------------ reading posts
    def _post_select(self) -> Any:
        from sqlalchemy import select

        post = self._table("post")
        channel = self._table("channel")
        person = self._table("person")
        campaign = self._table("campaign")
        return (
            select(
                post,
                channel.c.name.label("channel_name"),
                person.c.name.label("author_name"),
                campaign.c.name.label("campaign_name"),
            )
            .join(channel, channel.c.id == post.c.channel_id)
            .outerjoin(person, person.c.id == post.c.author_id)
            .outerjoin(campaign, campaign.c.id == post.c.campaign_id)
        )

    def _filter_clauses(self, flt: PostFilter | None) -> list[ColumnElement[bool]]:
        from sqlalchemy import func, or_

        if flt is None:
            return []
        post = self._table("post")
        channel = self._table("channel")
        person = self._table("person")
        campaign = self._table("campaign")
        clauses: list[ColumnElement[bool]] = []
        if flt.channels:
            clauses.append(channel.c.name_key.in_([name_key(n) for n in flt.channels]))
        if flt.authors:
            clauses.append(person.c.name_key.in_([name_key(n) for n in flt.authors]))
        if flt.campaigns:
            clauses.append(campaign.c.name_key.in_([name_key(n) for n in flt.campaigns]))
        if flt.roles:
            clauses.append(post.c.role.in_([r.value for r in flt.roles]))
        if flt.statuses:
            clauses.append(post.c.status.in_([s.value for s in flt.statuses]))
        if flt.role_suggested is not None:
            clauses.append(post.c.role_suggested == flt.role_suggested)
        text = flt.search.strip()
        if text:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                or_(
                    func.lower(post.c.title).like(pattern.lower(), escape="\\"),
                    func.lower(post.c.body).like(pattern.lower(), escape="\\"),
                )
            )
        return clauses

    @staticmethod
    def _record(row: Any) -> PostRecord:
        return PostRecord(
            id=row["id"],
            title=row["title"],
            role=Role(row["role"]),
            channel=row["channel_name"],
            date=row["date"],
            time=row["time"],
            body=row["body"],
            kind=Kind(row["kind"]) if row["kind"] else None,
            status=Status(row["status"]),
            author=row["author_name"],
            campaign=row["campaign_name"],
            link=row["link"],
            notes=row["notes"],
            version=row["version"],
            role_suggested=bool(row["role_suggested"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            deleted_at=row["deleted_at"],
        )

    def post(self, post_id: int, *, include_deleted: bool = False) -> PostRecord:
        post = self._table("post")
        query = self._post_select().where(post.c.id == post_id)
        if not include_deleted:
            query = query.where(post.c.deleted_at.is_(None))
        with self.plan.read() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise NotFoundError(f"There is no post with id {post_id}.")
        return self._record(row)

    def posts(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        backlog: bool | None = None,
        flt: PostFilter | None = None,
        order: str = "date",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
        trash: bool = False,
    ) -> list[PostRecord]:
        """Posts in a date range (inclusive), the backlog (`backlog=True`), or all; filtered and
        ordered in the query so only the rows asked for are read."""
        query = self._posts_query(start=start, end=end, backlog=backlog, flt=flt, trash=trash)
        query = query.order_by(*self._order_by(order, descending))
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.plan.read() as conn:
            rows = conn.execute(query).mappings().all()
        return [self._record(r) for r in rows]

    def count_posts(
        self,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        backlog: bool | None = None,
        flt: PostFilter | None = None,
        trash: bool = False,
    ) -> int:
        from sqlalchemy import func, select

        conditions = self._post_conditions(start, end, backlog, trash)
        if flt is not None and (flt.channels or flt.authors or flt.campaigns):
            inner = self._post_select().where(*conditions, *self._filter_clauses(flt))
            query = select(func.count()).select_from(inner.subquery())
        else:
            # No name filter: count posts alone, without joining the name tables.
            post = self._table("post")
            query = select(func.count()).select_from(post)
            query = query.where(*conditions, *self._filter_clauses(flt))
        with self.plan.read() as conn:
            return int(conn.execute(query).scalar_one())

    def post_ids(
        self,
        flt: PostFilter | None = None,
        *,
        start: dt.date | None = None,
        end: dt.date | None = None,
        backlog: bool | None = None,
        order: str = "date",
        descending: bool = False,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[int]:
        """Just the ids of the posts `posts()` would return, in the same order: cheap enough
        for "select all" over a whole plan, where the records themselves are not needed."""
        inner = self._posts_query(start=start, end=end, backlog=backlog, flt=flt, trash=False)
        post = self._table("post")
        query = inner.with_only_columns(post.c.id).order_by(*self._order_by(order, descending))
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        with self.plan.read() as conn:
            return [int(pid) for pid in conn.execute(query).scalars()]

    def _post_conditions(
        self,
        start: dt.date | None,
        end: dt.date | None,
        backlog: bool | None,
        trash: bool,
    ) -> list[ColumnElement[bool]]:
        post = self._table("post")
        conditions: list[ColumnElement[bool]] = [
            post.c.deleted_at.is_not(None) if trash else post.c.deleted_at.is_(None)
        ]
        if backlog is True:
            conditions.append(post.c.date.is_(None))
        elif backlog is False:
            conditions.append(post.c.date.is_not(None))
        if start is not None:
            conditions.append(post.c.date >= start)
        if end is not None:
            conditions.append(post.c.date <= end)
        return conditions

    def _posts_query(
        self,
        *,
        start: dt.date | None,
        end: dt.date | None,
        backlog: bool | None,
        flt: PostFilter | None,
        trash: bool,
    ) -> Any:
        conditions = self._post_conditions(start, end, backlog, trash)
        return self._post_select().where(*conditions, *self._filter_clauses(flt))

    def _order_by(self, order: str, descending: bool) -> list[Any]:
        from sqlalchemy import func, nulls_first, nulls_last

        post = self._table("post")
        channel = self._table("channel")
        person = self._table("person")
        campaign = self._table("campaign")
        columns: dict[str, Any] = {
            "date": post.c.date,
            "time": post.c.time,
            "title": func.lower(post.c.title),
            "channel": channel.c.name_key,
            "role": post.c.role,
            "kind": post.c.kind,
            "status": post.c.status,
            "author": person.c.name_key,
            "campaign": campaign.c.name_key,
            "created": post.c.created_at,
            "updated": post.c.updated_at,
            "deleted": post.c.deleted_at,
        }
        if order not in columns:
            raise ValidationError(f"Cannot sort posts by {order!r}.")
        primary = columns[order]
        # Unset values (no date, no author…) go last either way; ties by date, time and id.
        primary = nulls_last(primary.desc() if descending else primary.asc())
        tail = [nulls_last(post.c.date.asc()), nulls_first(post.c.time.asc()), post.c.id.asc()]
        return [primary, *tail]

    def backlog_count(self, flt: PostFilter | None = None) -> int:
        return self.count_posts(backlog=True, flt=flt)

    def balance(self, period: Period, flt: PostFilter | None = None) -> BalanceReport:
        """The balance report of a period; honours channel, author and campaign filters only."""
        from lmplanner.core.balance import analyze

        meter_filter = flt.for_balance() if flt is not None else None
        posts = self._balance_facts(period, meter_filter)
        backlog = self.backlog_count(meter_filter)
        return analyze(
            posts,
            period,
            self.settings().balance,
            backlog=backlog,
            filters=dict(meter_filter.describe()) if meter_filter else None,
        )

    def _balance_facts(self, period: Period, flt: PostFilter | None) -> list[PostRecord]:
        """Just what the balance engine reads (role, kind, date, channel, author) for a period:
        no bodies or timestamps to convert, so the meter stays quick on big plans. The records'
        other fields are left empty."""
        from sqlalchemy import select

        post = self._table("post")
        channel = self._table("channel")
        person = self._table("person")
        campaign = self._table("campaign")
        query = (
            select(
                post.c.id,
                post.c.role,
                post.c.kind,
                post.c.date,
                channel.c.name.label("channel_name"),
                person.c.name.label("author_name"),
            )
            .join(channel, channel.c.id == post.c.channel_id)
            .outerjoin(person, person.c.id == post.c.author_id)
            .outerjoin(campaign, campaign.c.id == post.c.campaign_id)
            .where(*self._post_conditions(period.start, period.end, False, False))
            .where(*self._filter_clauses(flt))
        )
        with self.plan.read() as conn:
            rows = conn.execute(query).all()
        return [
            PostRecord(
                id=pid,
                title="",
                role=Role(role),
                channel=channel_name,
                date=date,
                kind=Kind(kind) if kind else None,
                author=author_name,
            )
            for pid, role, kind, date, channel_name, author_name in rows
        ]

    # ------------------------------------------------------------------ writing posts
    def add_post(self, draft: PostDraft) -> ChangeSet:
        values = validate_post({f.name: getattr(draft, f.name) for f in fields(draft)})
        with self.plan.write() as conn:
            ctx = _Context(conn)
            row = self._post_row(ctx, values)
            now = _now()
            row.update(uuid=str(uuid_module.uuid4()), version=1, created_at=now, updated_at=now)
            row["deleted_at"] = None
            applied = self._execute(conn, RowChange("post", 0, None, row))
        return ChangeSet(f"Add “{values['title']}”", (*ctx.created, applied), (applied.key,))

    def add_posts(self, drafts: Sequence[PostDraft], label: str = "Add posts") -> ChangeSet:
        """Many posts in one transaction (imports, duplicates): all of them or none."""
        validated = [validate_post({f.name: getattr(d, f.name) for f in fields(d)}) for d in drafts]
        with self.plan.write() as conn:
            ctx = _Context(conn)
            now = _now()
            rows = []
            for values in validated:
                row = self._post_row(ctx, values)
                row.update(uuid=str(uuid_module.uuid4()), version=1, created_at=now)
                row.update(updated_at=now, deleted_at=None)
                rows.append(row)
            applied = self._insert_many(conn, "post", rows)
        return ChangeSet(label, (*ctx.created, *applied), tuple(c.key for c in applied))

    def _insert_many(
        self, conn: Connection, table: str, rows: Sequence[Mapping[str, Any]]
    ) -> list[RowChange]:
        """Insert new posts in batches (imports of thousands); the bulk twin of _execute.

        Plain executemany is several times faster than RETURNING row by row; the new ids are then
        read back by each post's uuid, which works the same on every database.
        """
        from sqlalchemy import insert, select

        assert table == "post", "bulk inserts are for posts, which carry a uuid"
        t = self._table(table)
        applied: list[RowChange] = []
        for start in range(0, len(rows), 500):
            batch = [dict(row) for row in rows[start : start + 500]]
            for _ in batch:
                _fault_point()
            conn.execute(insert(t), batch)
            ids = dict(
                conn.execute(
                    select(t.c.uuid, t.c.id).where(t.c.uuid.in_([row["uuid"] for row in batch]))
                ).all()
            )
            for row in batch:
                key = int(ids[row["uuid"]])
                applied.append(RowChange(table, key, None, {**row, "id": key}))
        return applied

    def update_post(
        self,
        post_id: int,
        patch: Mapping[str, Any],
        *,
        expected_version: int | None = None,
    ) -> ChangeSet:
        """Change some fields of one post. With `expected_version`, refuse if it changed since."""
        unknown = set(patch) - set(POST_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown post field: {', '.join(sorted(unknown))}.")
        return self._update_many(
            [post_id],
            lambda _record: dict(patch),
            label="Edit post",
            expected={post_id: expected_version} if expected_version is not None else None,
        )

    def update_posts(self, post_ids: Sequence[int], patch: Mapping[str, Any]) -> ChangeSet:
        """The same change (role, status, channel…) to many posts at once: one step to undo."""
        unknown = set(patch) - set(POST_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown post field: {', '.join(sorted(unknown))}.")
        label = f"Change {len(post_ids)} posts" if len(post_ids) != 1 else "Edit post"
        return self._update_many(post_ids, lambda _record: dict(patch), label=label)

    def set_role(self, post_ids: Sequence[int], role: Role | str) -> ChangeSet:
        """Give many posts a role at once (one undo step). A kind that belongs to the other
        role is cleared, and the role counts as chosen by a person, not suggested."""
        try:
            new_role = role if isinstance(role, Role) else Role.parse(str(role))
        except ValueError as exc:
            raise ValidationError(str(exc), "role") from None

        def patch(record: PostRecord) -> dict[str, Any]:
            if record.role is new_role and not record.role_suggested:
                return {}
            kind = record.kind if record.kind is not None and record.kind.role is new_role else None
            return {"role": new_role, "kind": kind, "role_suggested": False}

        count = len(post_ids)
        what = f"{count} posts" if count != 1 else "post"
        label = f"Set role of {what} to {new_role.value}"
        return self._update_many(post_ids, patch, label=label)

    def move_posts(
        self,
        post_ids: Sequence[int],
        *,
        to_date: dt.date | _Keep | None = KEEP,
        by_days: int = 0,
        time: dt.time | _Keep | None = KEEP,
    ) -> ChangeSet:
        """Move posts to a date (None: to the backlog) or by a number of days.

        The wall-clock time is kept unless one is given; moving to the backlog clears it.
        """

        def patch(record: PostRecord) -> dict[str, Any]:
            new_date = record.date if isinstance(to_date, _Keep) else to_date
            if by_days:
                if new_date is None:
                    return {}
                new_date = new_date + dt.timedelta(days=by_days)
            new_time = record.time if isinstance(time, _Keep) else time
            if new_date is None:
                new_time = None
            result: dict[str, Any] = {"date": new_date, "time": new_time}
            scheduling_idea = record.date is None and new_date is not None
            if (scheduling_idea and record.status is Status.IDEA) or (
                new_date is None and record.status is Status.SCHEDULED
            ):
                # An idea given a day becomes a draft; a scheduled post sent back is a draft again.
                result["status"] = Status.DRAFT
            return result

        count = len(post_ids)
        if isinstance(to_date, _Keep) or to_date is not None:
            label = "Move post" if count == 1 else f"Move {count} posts"
        else:
            label = "Move to backlog" if count == 1 else f"Move {count} posts to backlog"
        return self._update_many(post_ids, patch, label=label)

    def duplicate_posts(
        self, post_ids: Sequence[int], *, to_date: dt.date | _Keep | None = KEEP
    ) -> ChangeSet:
        records = [self.post(pid) for pid in post_ids]
        drafts = []
        for r in records:
            date = r.date if isinstance(to_date, _Keep) else to_date
            drafts.append(
                PostDraft(
                    title=r.title,
                    role=r.role,
                    channel=r.channel,
                    date=date,
                    time=r.time if date is not None else None,
                    body=r.body,
                    kind=r.kind,
                    status=r.status if date is not None else Status.IDEA,
                    author=r.author,
                    campaign=r.campaign,
                    link=r.link,
                    notes=r.notes,
                    role_suggested=r.role_suggested,
                )
            )
        label = "Duplicate post" if len(drafts) == 1 else f"Duplicate {len(drafts)} posts"
        return self.add_posts(drafts, label=label)

    def delete_posts(self, post_ids: Sequence[int]) -> ChangeSet:
        """Move posts to the trash (restorable); nothing a user deletes is gone by accident."""
        now = _now()
        count = len(post_ids)
        return self._update_raw(
            post_ids,
            {"deleted_at": now},
            label="Delete post" if count == 1 else f"Delete {count} posts",
            trash=False,
        )

    def undelete_posts(self, post_ids: Sequence[int]) -> ChangeSet:
        count = len(post_ids)
        return self._update_raw(
            post_ids,
            {"deleted_at": None},
            label="Restore post" if count == 1 else f"Restore {count} posts",
            trash=True,
        )

    def purge_trash(self, older_than: dt.datetime) -> int:
        """Remove posts deleted before `older_than` for good; returns how many."""
        from sqlalchemy import delete

        post = self._table("post")
        with self.plan.write() as conn:
            result = conn.execute(
                delete(post).where(post.c.deleted_at.is_not(None), post.c.deleted_at < older_than)
            )
        return int(result.rowcount or 0)

    def apply(self, changeset: ChangeSet) -> ChangeSet:
        """Apply a change set (typically an inverse, for undo/redo) in one transaction."""
        applied: list[RowChange] = []
        with self.plan.write() as conn:
            for run in _runs(changeset.changes):
                first = run[0]
                if len(run) > 1 and first.table == "post" and first.kind == "delete":
                    applied.extend(self._delete_many(conn, run))
                elif (
                    len(run) > 1
                    and first.table == "post"
                    and first.kind == "insert"
                    and all(change.key for change in run)  # put back with known ids (redo)
                ):
                    applied.extend(self._reinsert_many(conn, run))
                else:
                    applied.extend(self._execute(conn, change) for change in run)
        return ChangeSet(changeset.label, tuple(applied), changeset.focus)

    def _delete_many(self, conn: Connection, changes: Sequence[RowChange]) -> list[RowChange]:
        """Delete many posts at once (undoing an import): the same content check as _execute,
        one query per 500 rows instead of three per row."""
        from sqlalchemy import delete, select

        t = self._table("post")
        for start in range(0, len(changes), 500):
            chunk = changes[start : start + 500]
            keys = [change.key for change in chunk]
            current = {
                row["id"]: dict(row)
                for row in conn.execute(select(t).where(t.c.id.in_(keys))).mappings()
            }
            for change in chunk:
                _fault_point()
                assert change.before is not None
                row = current.get(change.key)
                if row is None or _content(row) != _content(change.before):
                    raise self._write_failure(conn, change)
            conn.execute(delete(t).where(t.c.id.in_(keys)))
        return list(changes)

    def _reinsert_many(self, conn: Connection, changes: Sequence[RowChange]) -> list[RowChange]:
        """Put back many deleted posts with their ids (redoing an import)."""
        from sqlalchemy import insert

        t = self._table("post")
        for start in range(0, len(changes), 500):
            chunk = changes[start : start + 500]
            rows = []
            for change in chunk:
                _fault_point()
                assert change.after is not None
                rows.append({**change.after, "id": change.key})
            conn.execute(insert(t), rows)
        return [RowChange(c.table, c.key, None, {**(c.after or {}), "id": c.key}) for c in changes]

    # ------------------------------------------------------------------ internals
    def _post_row(self, ctx: _Context, values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "title": values["title"],
            "body": values["body"],
            "role": Role(values["role"]).value,
            "kind": values["kind"].value if values["kind"] else None,
            "status": Status(values["status"]).value,
            "date": values["date"],
            "time": values["time"],
            "channel_id": self._name_id(ctx, "channel", values["channel"]),
            "author_id": self._name_id(ctx, "person", values["author"]),
            "campaign_id": self._name_id(ctx, "campaign", values["campaign"]),
            "link": values["link"],
            "notes": values["notes"],
            "role_suggested": values["role_suggested"],
        }

    def _current_records(
        self, conn: Connection, post_ids: Sequence[int], *, trash: bool = False
    ) -> dict[int, PostRecord]:
        post = self._table("post")
        ids = list(dict.fromkeys(post_ids))
        records: dict[int, PostRecord] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            query = self._post_select().where(post.c.id.in_(chunk))
            query = query.where(
                post.c.deleted_at.is_not(None) if trash else post.c.deleted_at.is_(None)
            )
            for row in conn.execute(query).mappings():
                records[row["id"]] = self._record(row)
        missing = [pid for pid in ids if pid not in records]
        if missing:
            where = "in the trash" if trash else "in this plan"
            listed = ", ".join(map(str, missing[:5]))
            raise NotFoundError(f"There is no post {listed} {where} (it may have been deleted).")
        return records

    def _update_many(
        self,
        post_ids: Sequence[int],
        make_patch: Any,
        *,
        label: str,
        expected: Mapping[int, int] | None = None,
    ) -> ChangeSet:
        if not post_ids:
            return ChangeSet(label)
        with self.plan.write() as conn:
            ctx = _Context(conn)
            records = self._current_records(conn, post_ids)
            changes: list[RowChange] = []
            for pid, record in records.items():
                if expected and pid in expected and expected[pid] != record.version:
                    raise _conflict(record)
                patch = make_patch(record)
                if not patch:
                    continue
                merged = {name: getattr(record, name) for name in POST_FIELDS}
                merged.update(patch)
                try:
                    values = validate_post(merged)
                except ValidationError as exc:
                    if len(records) > 1:
                        raise ValidationError(f"“{record.title}”: {exc}", exc.field) from None
                    raise
                before = self._snapshot(conn, "post", pid)
                after = {**before, **self._post_row(ctx, values)}
                if after == before:
                    continue
                changes.append(self._execute(conn, RowChange("post", pid, before, after)))
        return ChangeSet(label, (*ctx.created, *changes), tuple(records))

    def _update_raw(
        self, post_ids: Sequence[int], values: Mapping[str, Any], *, label: str, trash: bool
    ) -> ChangeSet:
        if not post_ids:
            return ChangeSet(label)
        with self.plan.write() as conn:
            self._current_records(conn, post_ids, trash=trash)
            changes = []
            for pid in dict.fromkeys(post_ids):
                before = self._snapshot(conn, "post", pid)
                changes.append(
                    self._execute(conn, RowChange("post", pid, before, {**before, **values}))
                )
        return ChangeSet(label, tuple(changes), tuple(dict.fromkeys(post_ids)))

    @overload
    def _snapshot(self, conn: Connection, table: str, key: int) -> dict[str, Any]: ...
    @overload
    def _snapshot(
        self, conn: Connection, table: str, key: int, *, missing_ok: bool
    ) -> dict[str, Any] | None: ...
    def _snapshot(
        self, conn: Connection, table: str, key: int, *, missing_ok: bool = False
    ) -> dict[str, Any] | None:
        from sqlalchemy import select

        t = self._table(table)
        row = conn.execute(select(t).where(t.c.id == key)).mappings().first()
        if row is None:
            if missing_ok:
                return None
            raise NotFoundError(f"There is no {table} with id {key}.")
        return dict(row)

    def _execute(self, conn: Connection, change: RowChange) -> RowChange:
        """Write one row change; the single place where plan rows are inserted, updated or deleted.

        An update or delete only goes ahead when the row still holds what `before` says (compared
        by content, so undoing a chain of our own edits works whatever versions they produced);
        otherwise someone else changed it first and a ConflictError leaves the plan as it was.
        Posts get a new version on every write.
        """
        from sqlalchemy import delete, insert, update

        _fault_point()
        t = self._table(change.table)
        versioned = "version" in t.c
        if change.before is not None:
            current = self._snapshot(conn, change.table, change.key, missing_ok=True)
            if current is None or _content(current) != _content(change.before):
                raise self._write_failure(conn, change)
            if versioned:
                change = RowChange(
                    change.table, change.key, {**change.before, **current}, change.after
                )
        if change.before is None:
            assert change.after is not None
            values = dict(change.after)
            if not change.key:
                values.pop("id", None)
            else:
                values["id"] = change.key
            inserted = conn.execute(insert(t).values(**values))
            primary_key = inserted.inserted_primary_key
            assert primary_key is not None
            key = change.key or int(primary_key[0])
            return RowChange(change.table, key, None, {**values, "id": key})
        assert change.before is not None
        where = [t.c.id == change.key]
        if versioned:
            where.append(t.c.version == change.before["version"])
        if change.after is None:
            result = conn.execute(delete(t).where(*where))
            if result.rowcount != 1:
                raise self._write_failure(conn, change)
            return change
        values = {k: v for k, v in change.after.items() if k != "id"}
        if versioned:
            values["version"] = change.before["version"] + 1
            values["updated_at"] = _now()
        result = conn.execute(update(t).where(*where).values(**values))
        if result.rowcount != 1:
            raise self._write_failure(conn, change)
        return RowChange(change.table, change.key, change.before, {**values, "id": change.key})

    def _write_failure(self, conn: Connection, change: RowChange) -> Exception:
        from sqlalchemy import select

        t = self._table(change.table)
        row = conn.execute(select(t).where(t.c.id == change.key)).mappings().first()
        if row is None:
            return NotFoundError(f"The {change.table} with id {change.key} no longer exists.")
        if change.table == "post":
            when = row["updated_at"]
            return ConflictError(
                f"“{row['title']}” was changed elsewhere at {when.astimezone():%Y-%m-%d %H:%M}; "
                "reload it before changing it again.",
                change.key,
            )
        return ConflictError(f"The {change.table} with id {change.key} was changed elsewhere.")


_FAULT_ENV = "LMPLANNER_FAULT_KILL_AFTER_ROWS"
_fault_rows = {"written": 0}


def _fault_point() -> None:
    """Fault injection for crash tests: with LMPLANNER_FAULT_KILL_AFTER_ROWS=N set, the process
    kills itself (SIGKILL, no clean-up) as it is about to write row N+1 of the session."""
    import os

    limit = os.environ.get(_FAULT_ENV)
    if not limit:
        return
    if _fault_rows["written"] >= int(limit):
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    _fault_rows["written"] += 1


def _runs(changes: Sequence[RowChange]) -> list[list[RowChange]]:
    """Consecutive changes of the same table and kind, which can be written together."""
    runs: list[list[RowChange]] = []
    for change in changes:
        if runs and (runs[-1][0].table, runs[-1][0].kind) == (change.table, change.kind):
            runs[-1].append(change)
        else:
            runs.append([change])
    return runs


_BOOKKEEPING = frozenset({"version", "updated_at"})


def _content(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row without its bookkeeping columns: what a user would call its content."""
    return {k: v for k, v in row.items() if k not in _BOOKKEEPING}


def _conflict(record: PostRecord) -> ConflictError:
    when = f" at {record.updated_at.astimezone():%Y-%m-%d %H:%M}" if record.updated_at else ""
    return ConflictError(
        f"“{record.title}” was changed elsewhere{when}; reload it before changing it again.",
        record.id,
    )


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


_NAME_WHAT = {"channel": "channel", "person": "person", "campaign": "campaign"}
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


def _valid_color(value: str | None) -> str:
    text = (value or "").strip()
    if not _COLOR.fullmatch(text):
        raise ValidationError(f"The colour {value!r} is not #RRGGBB.", "color")
    return text.lower()


def _valid_target(value: int | None) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
        raise ValidationError("The weekly target must be a whole number from 0 to 1000.", "target")
    return value


def _valid_span(start: dt.date | None, end: dt.date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError("A campaign cannot end before it starts.", "end_date")
