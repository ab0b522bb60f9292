"""Channels, people and campaigns: listing them, finding or creating them by name, editing them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.domain import (
    name_key,
)
from lmplanner.core.errors import ValidationError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


from lmplanner.core.services.pillars import PILLAR_PALETTE, unknown_pillar
from lmplanner.core.services.rows import KEEP, Keep, ServiceBase, WriteContext
from lmplanner.core.services.templates import renamed_in_templates
from lmplanner.core.services.validation import (
    NAME_WHAT,
    clean_name,
    valid_color,
    valid_span,
    valid_target,
)

CHANNEL_PALETTE = ("#00897b", "#5e35b1", "#c0ca33", "#d81b60", "#3949ab", "#6d4c41", "#f4511e")


@dataclass(frozen=True, slots=True)
class NamedRecord:
    """A channel, person or campaign."""

    id: int
    name: str
    color: str = ""
    weekly_target: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class NameService(ServiceBase):
    """The part of the plan service that manages channels, people and campaigns."""

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

    def _name_id(self, ctx: WriteContext, table: str, name: str | None) -> int | None:
        """The id of a channel, person or campaign by name (any case); created when new."""
        if name is None:
            return None
        cached = ctx.ids.get((table, name))
        if cached is not None:
            return cached
        from sqlalchemy import select

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
        if table == "pillar":
            if not ctx.create_pillars:
                known = ctx.conn.execute(select(t.c.name).order_by(t.c.position)).scalars().all()
                raise ValidationError(unknown_pillar(name, list(known)), "pillar")
            pillars = len(ctx.conn.execute(select(t.c.id)).all())
            values.update(color=PILLAR_PALETTE[pillars % len(PILLAR_PALETTE)], description="")
            values.update(target=None, position=pillars)
        elif table == "channel":
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
                "color": valid_color(color)
                if color
                else CHANNEL_PALETTE[count % len(CHANNEL_PALETTE)],
                "weekly_target": valid_target(weekly_target),
                "position": count,
            }
            applied = self._execute(conn, RowChange("channel", 0, None, values))
        return ChangeSet(f"Add channel “{clean}”", (applied,))

    def update_channel(
        self,
        channel_id: int,
        *,
        name: str | Keep = KEEP,
        color: str | Keep = KEEP,
        weekly_target: int | Keep | None = KEEP,
    ) -> ChangeSet:
        """Rename a channel, or change its colour or weekly target; its posts follow a rename."""
        patch: dict[str, Any] = {}
        if not isinstance(color, Keep):
            patch["color"] = valid_color(color)
        if not isinstance(weekly_target, Keep):
            patch["weekly_target"] = valid_target(weekly_target)
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

    def update_person(self, person_id: int, *, name: str | Keep = KEEP) -> ChangeSet:
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
        valid_span(start_date, end_date)
        with self.plan.write() as conn:
            clean = self._new_name(conn, "campaign", name)
            values = {
                "name": clean,
                "name_key": name_key(clean),
                "color": valid_color(color) if color else "#8e24aa",
                "start_date": start_date,
                "end_date": end_date,
            }
            applied = self._execute(conn, RowChange("campaign", 0, None, values))
        return ChangeSet(f"Add campaign “{clean}”", (applied,))

    def update_campaign(
        self,
        campaign_id: int,
        *,
        name: str | Keep = KEEP,
        color: str | Keep = KEEP,
        start_date: dt.date | Keep | None = KEEP,
        end_date: dt.date | Keep | None = KEEP,
    ) -> ChangeSet:
        patch: dict[str, Any] = {}
        if not isinstance(color, Keep):
            patch["color"] = valid_color(color)
        if not isinstance(start_date, Keep):
            patch["start_date"] = start_date
        if not isinstance(end_date, Keep):
            patch["end_date"] = end_date
        return self._update_name(campaign_id, "campaign", name, patch, "Change campaign")

    def delete_campaign(self, campaign_id: int) -> ChangeSet:
        return self._delete_name(campaign_id, "campaign", "campaign_id")

    def name_usage(self, table: str) -> dict[int, int]:
        """How many posts (trash included) use each channel, person, campaign or pillar, by id."""
        from sqlalchemy import func, select

        column = self._post_name_column(table)
        with self.plan.read() as conn:
            rows = conn.execute(
                select(column, func.count()).where(column.is_not(None)).group_by(column)
            ).all()
        return {int(key): int(count) for key, count in rows}

    def _post_name_column(self, table: str) -> Any:
        columns = {
            "channel": "channel_id",
            "person": "author_id",
            "campaign": "campaign_id",
            "pillar": "pillar_id",
        }
        if table not in columns:
            raise ValidationError(f"Unknown list of names: {table!r}.")
        return self._table("post").c[columns[table]]

    def _new_name(
        self, conn: Connection, table: str, name: str | None, *, except_id: int | None = None
    ) -> str:
        """A cleaned name that no other row of the table has (names compare in any case)."""
        from sqlalchemy import select

        what = NAME_WHAT[table]
        clean = clean_name(name, what=what, field_name="name")
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
        self, key: int, table: str, name: str | Keep, patch: dict[str, Any], label: str
    ) -> ChangeSet:
        with self.plan.write() as conn:
            before = self._snapshot(conn, table, key)
            after = {**before, **patch}
            if not isinstance(name, Keep):
                clean = self._new_name(conn, table, name, except_id=key)
                after.update(name=clean, name_key=name_key(clean))
            if table == "campaign":
                valid_span(after["start_date"], after["end_date"])
            if after == before:
                return ChangeSet(label)
            if after["name"] != before["name"]:
                label = f"Rename {NAME_WHAT[table]} “{before['name']}” to “{after['name']}”"
            changes = [self._execute(conn, RowChange(table, key, before, after))]
            for change in renamed_in_templates(conn, table, before["name"], after["name"]):
                changes.append(self._execute(conn, change))
        return ChangeSet(label, tuple(changes))

    def _delete_name(self, key: int, table: str, column: str) -> ChangeSet:
        from sqlalchemy import func, select

        post = self._table("post")
        what = NAME_WHAT[table]
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
