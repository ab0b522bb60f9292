"""Templates: the built-in leader prompts and the plan's own, saved from posts; a new post's
values from one of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.domain import Kind, PostRecord, Role, TemplateRecord, name_key
from lmplanner.core.errors import NotFoundError, ValidationError
from lmplanner.core.services.rows import ServiceBase, utc_now
from lmplanner.core.services.validation import clean_name, validate_post
from lmplanner.core.templates.builtin import BUILTIN_TEMPLATES

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# What a template keeps of a post (and gives a post made from it).
TEMPLATE_FIELDS = ("title", "body", "role", "kind", "channel", "pillar", "author")
#: The template column that names a row of each list a template refers to.
NAMED_IN_TEMPLATE = {"channel": "channel", "person": "author", "pillar": "pillar"}


def template_record(row: Mapping[str, Any]) -> TemplateRecord:
    return TemplateRecord(
        row["name"],
        row["title"],
        Role(row["role"]),
        row["body"],
        Kind(row["kind"]) if row["kind"] else None,
        row["channel"],
        row["pillar"],
        row["author"],
    )


def renamed_in_templates(conn: Connection, table: str, old: str, new: str) -> list[RowChange]:
    """The template rows that name `old` (a channel, person or pillar, in any case) rewritten to
    name `new`: a template keeps names as text, so a rename must reach it in the same step or
    posts made from it lose the pillar (or bring the old channel or person back)."""
    from sqlalchemy import select

    from lmplanner.core.store.schema import table as plan_table

    column = NAMED_IN_TEMPLATE.get(table)
    if column is None or old == new:
        return []
    t = plan_table("template")
    rows = conn.execute(select(t).where(t.c[column].is_not(None)).order_by(t.c.id)).mappings()
    return [
        RowChange("template", row["id"], dict(row), {**row, column: new})
        for row in rows
        if name_key(row[column]) == name_key(old) and row[column] != new
    ]


class TemplateService(ServiceBase):
    """The part of the plan service that keeps templates."""

    def templates(self) -> list[TemplateRecord]:
        """The built-in templates, then the plan's own by name."""
        from sqlalchemy import select

        t = self._table("template")
        with self.plan.read() as conn:
            rows = conn.execute(select(t).order_by(t.c.name_key)).mappings().all()
        return [*BUILTIN_TEMPLATES, *(template_record(dict(r)) for r in rows)]

    def template(self, name: str) -> TemplateRecord:
        """The template called `name` (any case); NotFoundError naming the known ones if none."""
        templates = self.templates()
        for template in templates:
            if name_key(template.name) == name_key(name):
                return template
        known = ", ".join(f"“{t.name}”" for t in templates)
        raise NotFoundError(f"There is no template called “{name.strip()}”; there are: {known}.")

    def add_template(self, name: str, source: PostRecord | TemplateRecord) -> ChangeSet:
        """Save a post (or a template's content) as a template of the plan."""
        values = validate_post(
            {f: getattr(source, f) for f in TEMPLATE_FIELDS} | {"channel": source.channel or "-"}
        )
        with self.plan.write() as conn:
            clean = self._free_template_name(conn, name)
            row = {f: values[f] for f in TEMPLATE_FIELDS}
            row.update(
                name=clean,
                name_key=name_key(clean),
                role=values["role"].value,
                kind=values["kind"].value if values["kind"] else None,
                channel=source.channel,
                created_at=utc_now(),
            )
            applied = self._execute(conn, RowChange("template", 0, None, row))
        return ChangeSet(f"Save template “{clean}”", (applied,))

    def delete_template(self, name: str) -> ChangeSet:
        from sqlalchemy import select

        template = self.template(name)
        if template.builtin:
            raise ValidationError(f"“{template.name}” is built in and cannot be deleted.", "name")
        t = self._table("template")
        with self.plan.write() as conn:
            key = conn.execute(select(t.c.id).where(t.c.name_key == name_key(name))).scalar_one()
            before = self._snapshot(conn, "template", key)
            applied = self._execute(conn, RowChange("template", key, before, None))
        return ChangeSet(f"Delete template “{template.name}”", (applied,))

    def template_values(self, name: str, overrides: Mapping[str, Any]) -> dict[str, Any]:
        """A new post's fields from a template, `overrides` (those not None) on top. Without a
        channel, the plan's first; a pillar the plan no longer has is left out."""
        template = self.template(name)
        values: dict[str, Any] = {f: getattr(template, f) for f in TEMPLATE_FIELDS}
        if values["pillar"] and name_key(values["pillar"]) not in {
            name_key(p) for p in self._pillar_names()
        }:
            values["pillar"] = None
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "role" in overrides and overrides["role"] is not None and "kind" not in overrides:
            kind = values["kind"]
            if kind is not None and Kind(kind).role is not Role.parse(str(values["role"])):
                values["kind"] = None  # the template's kind belongs to the other role
        if not values["channel"]:
            values["channel"] = next(iter(self._channel_names()), None)
        return values

    def _free_template_name(self, conn: Connection, name: str) -> str:
        from sqlalchemy import select

        clean = clean_name(name, what="template", field_name="name")
        if not clean:
            raise ValidationError("A template needs a name.", "name")
        builtin = {name_key(t.name): t.name for t in BUILTIN_TEMPLATES}
        t = self._table("template")
        taken = conn.execute(select(t.c.name).where(t.c.name_key == name_key(clean))).scalar()
        taken = taken or builtin.get(name_key(clean))
        if taken is not None:
            raise ValidationError(f"There is already a template called “{taken}”.", "name")
        return clean

    def _channel_names(self) -> list[str]:
        from sqlalchemy import select

        t = self._table("channel")
        with self.plan.read() as conn:
            return list(
                conn.execute(select(t.c.name).order_by(t.c.position, t.c.name_key)).scalars()
            )

    def _pillar_names(self) -> list[str]:
        from sqlalchemy import select

        t = self._table("pillar")
        with self.plan.read() as conn:
            return list(conn.execute(select(t.c.name)).scalars())
