"""Content pillars: the themes a plan's vision stands on, and the rules of follow-up links."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.domain import PILLARS_MAX, PillarRecord, Role, name_key
from lmplanner.core.errors import ValidationError
from lmplanner.core.services.rows import KEEP, Keep, ServiceBase
from lmplanner.core.services.templates import renamed_in_templates
from lmplanner.core.services.validation import (
    clean_name,
    valid_color,
    valid_description,
    valid_share_target,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# Okabe–Ito colours (told apart by colour-blind eyes), none close to the leader purple or the
# manager teal a chip's role tab is painted in.
PILLAR_PALETTE = ("#0072b2", "#e69f00", "#cc79a7", "#d55e00", "#56b4e9", "#8c564b")


def pillar_record(row: Mapping[str, Any]) -> PillarRecord:
    target = row["target"]
    return PillarRecord(
        row["id"],
        row["name"],
        row["color"],
        row["description"],
        None if target is None else target / 100,
        row["position"],
    )


class PillarService(ServiceBase):
    """The part of the plan service that manages pillars and checks follow-up links."""

    def pillars(self) -> list[PillarRecord]:
        from sqlalchemy import select

        t = self._table("pillar")
        with self.plan.read() as conn:
            rows = conn.execute(select(t).order_by(t.c.position, t.c.name_key)).mappings().all()
        return [pillar_record(dict(r)) for r in rows]

    def pillar_by_name(self, name: str) -> PillarRecord:
        """The pillar called `name` (any case); a ValidationError listing the known ones if none."""
        pillars = self.pillars()
        for pillar in pillars:
            if name_key(pillar.name) == name_key(name):
                return pillar
        raise ValidationError(unknown_pillar(name, [p.name for p in pillars]), "pillar")

    def live_leaders(self, post_ids: Sequence[int]) -> set[int]:
        """Which of these posts are leader posts outside the trash: the links to them count."""
        from sqlalchemy import select

        post = self._table("post")
        ids = sorted({pid for pid in post_ids if 1 <= pid < 2**63})
        found: set[int] = set()
        with self.plan.read() as conn:
            for start in range(0, len(ids), 500):
                query = select(post.c.id).where(
                    post.c.id.in_(ids[start : start + 500]),
                    post.c.role == Role.LEADER.value,
                    post.c.deleted_at.is_(None),
                )
                found.update(int(pid) for pid in conn.execute(query).scalars())
        return found

    def add_pillar(
        self,
        name: str,
        *,
        color: str | None = None,
        target: int | None = None,
        description: str = "",
    ) -> ChangeSet:
        """A new pillar at the end of the list; `target` is a whole percent or None."""
        from sqlalchemy import select

        t = self._table("pillar")
        with self.plan.write() as conn:
            clean = self._pillar_name(conn, name)
            rows = conn.execute(select(t)).mappings().all()
            if len(rows) >= PILLARS_MAX:
                raise ValidationError(f"A plan has at most {PILLARS_MAX} pillars.", "name")
            values: dict[str, Any] = {
                "name": clean,
                "name_key": name_key(clean),
                "color": valid_color(color) if color else PILLAR_PALETTE[len(rows) % 6],
                "description": valid_description(description),
                "target": valid_share_target(target),
                "position": len(rows),
            }
            check_targets([r["target"] for r in rows], values["target"])
            applied = self._execute(conn, RowChange("pillar", 0, None, values))
        return ChangeSet(f"Add pillar “{clean}”", (applied,))

    def update_pillar(
        self,
        pillar_id: int,
        *,
        name: str | Keep = KEEP,
        color: str | Keep = KEEP,
        target: int | Keep | None = KEEP,
        description: str | Keep = KEEP,
        position: int | Keep = KEEP,
    ) -> ChangeSet:
        """Rename, recolour, retarget, describe or move a pillar: one step to undo."""
        from sqlalchemy import select

        t = self._table("pillar")
        with self.plan.write() as conn:
            rows = conn.execute(select(t).order_by(t.c.position, t.c.id)).mappings().all()
            before = self._snapshot(conn, "pillar", pillar_id)
            after = dict(before)
            if not isinstance(name, Keep):
                clean = self._pillar_name(conn, name, except_id=pillar_id)
                after.update(name=clean, name_key=name_key(clean))
            if not isinstance(color, Keep):
                after["color"] = valid_color(color)
            if not isinstance(description, Keep):
                after["description"] = valid_description(description)
            if not isinstance(target, Keep):
                after["target"] = valid_share_target(target)
                check_targets([r["target"] for r in rows if r["id"] != pillar_id], after["target"])
            order = [r["id"] for r in rows]
            if not isinstance(position, Keep):
                if isinstance(position, bool) or not 1 <= position <= len(rows):
                    raise ValidationError(
                        f"The position must be from 1 to {len(rows)}.", "position"
                    )
                order.remove(pillar_id)
                order.insert(position - 1, pillar_id)
            changes = self._renumber(conn, rows, order, pillar_id, before, after)
            for change in renamed_in_templates(conn, "pillar", before["name"], after["name"]):
                changes.append(self._execute(conn, change))
        return ChangeSet(f"Change pillar “{before['name']}”", tuple(changes))

    def _renumber(
        self,
        conn: Connection,
        rows: Any,
        order: list[int],
        pillar_id: int,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> list[RowChange]:
        """Write the edited pillar and give every pillar its place in `order` (0, 1, 2…)."""
        changes: list[RowChange] = []
        for place, key in enumerate(order):
            row = before if key == pillar_id else dict(next(r for r in rows if r["id"] == key))
            new = {**(after if key == pillar_id else row), "position": place}
            if new != row:
                changes.append(self._execute(conn, RowChange("pillar", key, row, new)))
        return changes

    def delete_pillar(self, pillar_id: int) -> ChangeSet:
        """Remove a pillar; its posts (trash included) keep everything but the pillar."""
        from sqlalchemy import select

        post = self._table("post")
        with self.plan.write() as conn:
            before = self._snapshot(conn, "pillar", pillar_id)
            changes: list[RowChange] = []
            ids = conn.execute(select(post.c.id).where(post.c.pillar_id == pillar_id)).scalars()
            for pid in list(ids):
                row = self._snapshot(conn, "post", pid)
                changes.append(
                    self._execute(conn, RowChange("post", pid, row, {**row, "pillar_id": None}))
                )
            changes.append(self._execute(conn, RowChange("pillar", pillar_id, before, None)))
        return ChangeSet(f"Delete pillar “{before['name']}”", tuple(changes))

    def _pillar_name(self, conn: Connection, name: str, *, except_id: int | None = None) -> str:
        from sqlalchemy import select

        clean = clean_name(name, what="pillar", field_name="name")
        if not clean:
            raise ValidationError("A pillar needs a name.", "name")
        t = self._table("pillar")
        query = select(t.c.name).where(t.c.name_key == name_key(clean))
        if except_id is not None:
            query = query.where(t.c.id != except_id)
        taken = conn.execute(query).scalar()
        if taken is not None:
            raise ValidationError(f"There is already a pillar called “{taken}”.", "name")
        return clean

    def _link_row(
        self, conn: Connection, post_id: int | None, values: Mapping[str, Any], row: dict[str, Any]
    ) -> None:
        """Check a new or changed follow-up link; a post with no pillar takes its leader's."""
        self._link_rows(conn, [(post_id, values, row)])

    def _link_rows(
        self,
        conn: Connection,
        links: Sequence[tuple[int | None, Mapping[str, Any], dict[str, Any]]],
    ) -> None:
        """_link_row for many posts (post id or None for a new one, values, row): the posts they
        follow are read with one query per 500, not one each."""
        from sqlalchemy import select

        linked = [link for link in links if link[1].get("follows") is not None]
        for post_id, values, _row in linked:
            if values["role"] is not Role.MANAGER:
                raise ValidationError(
                    "Only a manager post can follow up a leader post; this one is a leader post.",
                    "follows",
                )
            if values["follows"] == post_id:
                raise ValidationError("A post cannot follow itself up.", "follows")
        post = self._table("post")
        targets = sorted({values["follows"] for _pid, values, _row in linked})
        found: dict[int, Any] = {}
        for start in range(0, len(targets), 500):
            query = select(post.c.id, post.c.role, post.c.deleted_at, post.c.pillar_id).where(
                post.c.id.in_(targets[start : start + 500])
            )
            found.update((int(r.id), r) for r in conn.execute(query))
        for _pid, values, row in linked:
            target = values["follows"]
            leader = found.get(target)
            if leader is None:
                raise ValidationError(f"There is no post {target} to follow up.", "follows")
            if leader.deleted_at is not None:
                raise ValidationError(
                    f"Post {target} is in the trash; it cannot be followed up.", "follows"
                )
            if leader.role != Role.LEADER.value:
                raise ValidationError(
                    f"Post {target} is a manager post; only a leader post can be followed up.",
                    "follows",
                )
            if row.get("pillar_id") is None:
                row["pillar_id"] = leader.pillar_id


def unknown_pillar(name: str, known: list[str]) -> str:
    listed = ", ".join(known) if known else "none yet; add one with `pillar add`"
    return f"There is no pillar called “{name}” (pillars: {listed})."


def check_targets(others: list[int | None], target: int | None) -> None:
    """All targets together may not pass 100 %."""
    total = sum(t for t in others if t is not None) + (target or 0)
    if total > 100:
        raise ValidationError(f"The pillars' targets would add up to {total} %.", "target")
