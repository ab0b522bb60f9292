"""The one write path: every change to a plan is validated here, runs in one transaction and
returns a ChangeSet that the GUI's undo, the CLI and importers all use the same way.

PlanService is assembled from parts: reading posts (queries), channels, people and campaigns
(names), and the shared row writing (rows); the rules live in validation.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, NameRef, RowChange
from lmplanner.core.domain import (
    DATE_RANGE_TEXT,
    BalanceSettings,
    Kind,
    PostRecord,
    Role,
    Status,
)
from lmplanner.core.errors import NotFoundError, ValidationError
from lmplanner.core.post_fields import row_values

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


from lmplanner.core.services.names import CHANNEL_PALETTE, NamedRecord, NameService
from lmplanner.core.services.pillars import PillarService
from lmplanner.core.services.queries import PostFilter, PostQueries
from lmplanner.core.services.rows import (
    KEEP,
    Keep,
    WriteContext,
    change_runs,
    conflict_error,
    fault_point,
    row_content,
    utc_now,
)
from lmplanner.core.services.templates import TemplateService
from lmplanner.core.services.validation import (
    POST_FIELDS,
    SETTINGS_FIELDS,
    validate_post,
    validate_settings,
)

__all__ = [
    "CHANNEL_PALETTE",
    "KEEP",
    "POST_FIELDS",
    "SETTINGS_FIELDS",
    "NamedRecord",
    "PlanService",
    "PostDraft",
    "PostFilter",
    "validate_post",
    "validate_settings",
]


def follows_a_new_post(change: RowChange) -> bool:
    """Whether an inserted post names the post it follows up by uuid (a restore)."""
    follows = (change.after or {}).get("follows_id")
    return isinstance(follows, NameRef) and follows.table == "post"


@dataclass(frozen=True, slots=True)
class PostDraft:
    """What a user asks for when creating a post; names of channel, author and campaign are text.
    Its fields are the editable ones of POST_SHAPE (core.post_fields), as a test checks."""

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
    other_kind: Kind | str | None = None
    role_suggested: bool = False
    pillar: str | None = None
    follows: int | None = None


def kinds_on_role_change(record: PostRecord, patch: Mapping[str, Any]) -> dict[str, Any]:
    """A patch that changes a post's role also sets its kind aside for the old role and, unless
    the patch names a kind, brings back the one the post had in the new role: leader → manager →
    leader ends with the kind it started with, in any session, from the app or the CLI."""
    result = dict(patch)
    try:
        new_role = Role.parse(str(patch["role"])) if "role" in patch else record.role
    except ValueError:
        return result  # validation says what is wrong with the role
    if new_role is record.role:
        return result
    if "kind" not in patch:
        kept = record.other_kind
        result["kind"] = kept if kept is not None and kept.role is new_role else None
    result["other_kind"] = record.kind
    return result


class PlanService(NameService, PillarService, TemplateService, PostQueries):
    """Reads and changes one open plan. Stateless apart from the plan: safe to create per use."""

    # ------------------------------------------------------------------ settings
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
            "vision": current.vision,
            "country": current.country,
            "region": current.region,
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

    def draft_from_template(self, name: str, **overrides: Any) -> PostDraft:
        """A new post from the template called `name`, `overrides` (date, title…) on top."""
        return PostDraft(**self.template_values(name, overrides))

    # ------------------------------------------------------------------ writing posts
    def add_post(self, draft: PostDraft) -> ChangeSet:
        values = validate_post({f.name: getattr(draft, f.name) for f in fields(draft)})
        with self.plan.write() as conn:
            ctx = WriteContext(conn)
            row = self._post_row(ctx, values)
            self._link_row(conn, None, values, row)
            now = utc_now()
            row.update(uuid=str(uuid_module.uuid4()), version=1, created_at=now, updated_at=now)
            row["deleted_at"] = None
            applied = self._execute(conn, RowChange("post", 0, None, row))
        return ChangeSet(f"Add “{values['title']}”", (*ctx.created, applied), (applied.key,))

    def add_posts(
        self,
        drafts: Sequence[PostDraft],
        label: str = "Add posts",
        *,
        create_pillars: bool = False,
        uuids: Sequence[str | None] | None = None,
        links: Mapping[int, str] | None = None,
    ) -> ChangeSet:
        """Many posts in one transaction (imports, duplicates): all of them or none. With
        `create_pillars`, a pillar name the plan does not know yet is added. `uuids` keeps each
        post's identity from a file; `links` (draft index → uuid) are follow-ups of posts in the
        same batch or the plan, resolved once the leader posts are in."""
        validated = [validate_post({f.name: getattr(d, f.name) for f in fields(d)}) for d in drafts]
        links = links or {}
        with self.plan.write() as conn:
            ctx = WriteContext(conn, create_pillars=create_pillars)
            now = utc_now()
            rows = []
            for i, values in enumerate(validated):
                row = self._post_row(ctx, values)
                if i not in links:
                    self._link_row(conn, None, values, row)
                given = uuids[i] if uuids is not None else None
                row.update(uuid=given or str(uuid_module.uuid4()), version=1, created_at=now)
                row.update(updated_at=now, deleted_at=None)
                rows.append(row)
            applied = self._insert_many(
                conn, "post", [r for i, r in enumerate(rows) if i not in links]
            )
            if links:
                self._resolve_links(conn, validated, rows, links)
                applied += self._insert_many(conn, "post", [rows[i] for i in sorted(links)])
        return ChangeSet(label, (*ctx.created, *applied), tuple(c.key for c in applied))

    def _resolve_links(
        self,
        conn: Connection,
        validated: Sequence[Mapping[str, Any]],
        rows: Sequence[dict[str, Any]],
        links: Mapping[int, str],
    ) -> None:
        """Point each linked row at the post with its leader's uuid, by the rules of links."""
        from sqlalchemy import select

        post = self._table("post")
        wanted = sorted(set(links.values()))
        ids = dict(
            conn.execute(select(post.c.uuid, post.c.id).where(post.c.uuid.in_(wanted))).all()
        )
        for i, leader_uuid in links.items():
            if leader_uuid not in ids:
                raise ValidationError(
                    f"“{validated[i]['title']}” follows up the post {leader_uuid}, which is "
                    "neither in the import nor in the plan.",
                    "follows",
                )
            target = int(ids[leader_uuid])
            self._link_row(conn, None, {**validated[i], "follows": target}, rows[i])
            rows[i]["follows_id"] = target

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
                fault_point()
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
        """Give many posts a role at once (one undo step). Each post's kind is set aside for its
        old role and the one it had in the new role comes back (kinds_on_role_change); the role
        counts as chosen by a person, not suggested."""
        try:
            new_role = role if isinstance(role, Role) else Role.parse(str(role))
        except ValueError as exc:
            raise ValidationError(str(exc), "role") from None

        def patch(record: PostRecord) -> dict[str, Any]:
            if record.role is new_role and not record.role_suggested:
                return {}
            return {"role": new_role, "role_suggested": False}

        count = len(post_ids)
        what = f"{count} posts" if count != 1 else "post"
        label = f"Set role of {what} to {new_role.value}"
        return self._update_many(post_ids, patch, label=label)

    def move_posts(
        self,
        post_ids: Sequence[int],
        *,
        to_date: dt.date | Keep | None = KEEP,
        by_days: int = 0,
        time: dt.time | Keep | None = KEEP,
        expected_versions: Mapping[int, int] | None = None,
    ) -> ChangeSet:
        """Move posts to a date (None: to the backlog) or by a number of days.

        The wall-clock time is kept unless one is given; moving to the backlog clears it. With
        `expected_versions` (post id → version), refuse if one of those posts changed since.
        """

        def patch(record: PostRecord) -> dict[str, Any]:
            new_date = record.date if isinstance(to_date, Keep) else to_date
            if by_days:
                if new_date is None:
                    return {}
                try:
                    new_date = new_date + dt.timedelta(days=by_days)
                except OverflowError:  # past year 9999; a day past 2999 is refused by validation
                    raise ValidationError(
                        f"Moved by {by_days:,} days, the date leaves the supported range "
                        f"{DATE_RANGE_TEXT}.",
                        "date",
                    ) from None
            new_time = record.time if isinstance(time, Keep) else time
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
        if isinstance(to_date, Keep) or to_date is not None:
            label = "Move post" if count == 1 else f"Move {count} posts"
        else:
            label = "Move to backlog" if count == 1 else f"Move {count} posts to backlog"
        return self._update_many(post_ids, patch, label=label, expected=expected_versions)

    def duplicate_posts(
        self, post_ids: Sequence[int], *, to_date: dt.date | Keep | None = KEEP
    ) -> ChangeSet:
        records = [self.post(pid) for pid in post_ids]
        # A copy follows its original's leader post only while that link is in force.
        in_force = self.live_leaders([r.follows for r in records if r.follows is not None])
        drafts = []
        for r in records:
            date = r.date if isinstance(to_date, Keep) else to_date
            draft_values = {name: getattr(r, name) for name in POST_FIELDS}
            draft_values.update(
                follows=r.follows if r.follows in in_force else None,
                date=date,
                time=r.time if date is not None else None,
                status=r.status if date is not None else Status.IDEA,
            )
            drafts.append(PostDraft(**draft_values))
        label = "Duplicate post" if len(drafts) == 1 else f"Duplicate {len(drafts)} posts"
        return self.add_posts(drafts, label=label)

    def delete_posts(
        self, post_ids: Sequence[int], *, expected_versions: Mapping[int, int] | None = None
    ) -> ChangeSet:
        """Move posts to the trash (restorable); nothing a user deletes is gone by accident.
        With `expected_versions` (post id → version), refuse if one of those changed since."""
        now = utc_now()
        count = len(post_ids)
        return self._update_raw(
            post_ids,
            {"deleted_at": now},
            label="Delete post" if count == 1 else f"Delete {count} posts",
            trash=False,
            expected=expected_versions,
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
        from lmplanner.core.store import purge_trash

        with self.plan.write() as conn:
            return purge_trash(conn, older_than)

    def apply(self, changeset: ChangeSet) -> ChangeSet:
        """Apply a change set (typically an inverse, for undo/redo) in one transaction."""
        applied: list[RowChange] = []
        with self.plan.write() as conn:
            for run in change_runs(changeset.changes):
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
                elif len(run) > 1 and first.table == "post" and first.kind == "insert":
                    # New posts (a restore): one executemany per 500 rows, names looked up once;
                    # follow-ups after the rest, so their leader posts are there to be found.
                    cache: dict[NameRef, int | None] = {}
                    linked = [c for c in run if follows_a_new_post(c)]
                    for part in ([c for c in run if not follows_a_new_post(c)], linked):
                        rows = [self._resolve_names(conn, c.after or {}, cache) for c in part]
                        applied.extend(self._insert_many(conn, "post", rows))
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
                fault_point()
                assert change.before is not None
                row = current.get(change.key)
                if row is None or row_content(row) != row_content(change.before):
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
                fault_point()
                assert change.after is not None
                rows.append({**change.after, "id": change.key})
            conn.execute(insert(t), rows)
        return [RowChange(c.table, c.key, None, {**(c.after or {}), "id": c.key}) for c in changes]

    # ------------------------------------------------------------------ internals
    def _post_row(self, ctx: WriteContext, values: Mapping[str, Any]) -> dict[str, Any]:
        return row_values(values, lambda table, name: self._name_id(ctx, table, name))

    def _current_records(
        self, conn: Connection, post_ids: Sequence[int], *, trash: bool = False
    ) -> dict[int, PostRecord]:
        post = self._table("post")
        ids = list(dict.fromkeys(post_ids))
        records: dict[int, PostRecord] = {}
        # An id no database can hold (SQLite and bigint stop at 2**63 - 1) names no post.
        ids_possible = [pid for pid in ids if 1 <= pid < 2**63]
        for chunk_start in range(0, len(ids_possible), 500):
            chunk = ids_possible[chunk_start : chunk_start + 500]
            query = self._post_select().where(post.c.id.in_(chunk))
            query = query.where(
                post.c.deleted_at.is_not(None) if trash else post.c.deleted_at.is_(None)
            )
            for row in conn.execute(query).mappings():
                records[row["id"]] = self._record(row)
        missing = [pid for pid in ids if pid not in records]
        if missing and trash:
            self._not_in_trash(conn, missing)
        if missing:
            where = "in the trash" if trash else "in this plan"
            listed = ", ".join(map(str, missing[:5]))
            raise NotFoundError(f"There is no post {listed} {where} (it may have been deleted).")
        return records

    def _not_in_trash(self, conn: Connection, missing: Sequence[int]) -> None:
        """Say so when every post asked for from the trash is in the plan instead (restored
        already): "no such post" would suggest it is gone."""
        from sqlalchemy import select

        post = self._table("post")
        ids = [pid for pid in missing if 1 <= pid < 2**63][:500]
        query = select(post.c.id).where(post.c.id.in_(ids), post.c.deleted_at.is_(None))
        live = set(conn.execute(query).scalars())
        if live and all(pid in live for pid in missing):
            listed = ", ".join(map(str, missing[:5]))
            if len(missing) == 1:
                raise NotFoundError(f"post {listed} is not in the trash")
            raise NotFoundError(f"posts {listed} are not in the trash")

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
            ctx = WriteContext(conn)
            records = self._current_records(conn, post_ids)
            changes: list[RowChange] = []
            for pid, record in records.items():
                if expected and pid in expected and expected[pid] != record.version:
                    raise conflict_error(record)
                patch = kinds_on_role_change(record, make_patch(record))
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
                if after["follows_id"] != before["follows_id"]:
                    # A link that stands is left alone even if its leader post changed since.
                    self._link_row(conn, pid, values, after)
                if after == before:
                    continue
                changes.append(self._execute(conn, RowChange("post", pid, before, after)))
        return ChangeSet(label, (*ctx.created, *changes), tuple(records))

    def _update_raw(
        self,
        post_ids: Sequence[int],
        values: Mapping[str, Any],
        *,
        label: str,
        trash: bool,
        expected: Mapping[int, int] | None = None,
    ) -> ChangeSet:
        if not post_ids:
            return ChangeSet(label)
        with self.plan.write() as conn:
            records = self._current_records(conn, post_ids, trash=trash)
            for pid, version in (expected or {}).items():
                if pid in records and records[pid].version != version:
                    raise conflict_error(records[pid])
            changes = []
            for pid in dict.fromkeys(post_ids):
                before = self._snapshot(conn, "post", pid)
                changes.append(
                    self._execute(conn, RowChange("post", pid, before, {**before, **values}))
                )
        return ChangeSet(label, tuple(changes), tuple(dict.fromkeys(post_ids)))
