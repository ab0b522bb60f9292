"""Reading the change history, and reviewers' sign-offs of a period (which are changes too)."""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.errors import NotAllowedError, NotFoundError, ValidationError
from lmplanner.core.history import (
    POST_VALUED,
    RESTORE,
    HistoryEntry,
    HistorySpec,
    Signoff,
    expand,
)
from lmplanner.core.services.journal import database_now
from lmplanner.core.services.rows import ServiceBase
from lmplanner.core.services.validation import check_date, clean_text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

SIGNOFF_NOTE_MAX = 1000
REVIEWER_ROLE = "planner_reviewers"


class HistoryService(ServiceBase):
    """What changed, by whom, when; and who signed off which period."""

    def history(
        self,
        post_id: int | None = None,
        *,
        by: str | None = None,
        since: dt.date | None = None,
        limit: int | None = None,
    ) -> list[HistoryEntry]:
        """Entries newest first; for one post, only its field changes; `by` matches a person's
        name without regard to case; `since` is a day in local time."""
        from sqlalchemy import func, select

        history, links, post = (self._table(n) for n in ("history", "history_post", "post"))
        # Entries in the order they were committed (members' clocks may differ).
        query = select(history).order_by(history.c.id.desc())
        if post_id is not None:
            # By uuid too: a plan file gives a post removed for good's id to the next new post.
            uuid = select(post.c.uuid).where(post.c.id == post_id).scalar_subquery()
            mine = select(links.c.history_id).where(
                links.c.post_id == post_id,
                (links.c.post_uuid == uuid) | links.c.post_uuid.is_(None) | uuid.is_(None),
            )
            query = query.where(history.c.id.in_(mine))
        if by:
            query = query.where(func.lower(history.c.by) == by.strip().lower())
        if since is not None:
            local = dt.datetime.combine(since, dt.time()).astimezone()
            query = query.where(history.c.at >= local.astimezone(dt.UTC))
        if limit is not None:
            query = query.limit(limit)
        with self.plan.read() as conn:
            rows = conn.execute(query).mappings().all()
        entries = [history_entry(row) for row in rows]
        if post_id is None:
            return entries
        return [
            HistoryEntry(
                e.id,
                e.at,
                e.by,
                e.label,
                e.step,
                tuple(c for c in e.changes if c.post_id == post_id),
            )
            for e in entries
        ]

    def post_titles(self, post_ids: Sequence[int]) -> dict[int, str]:
        """The current title of each post (trash included) still in the plan, by id."""
        from sqlalchemy import select

        post = self._table("post")
        wanted = sorted(set(post_ids))
        found: dict[int, str] = {}
        with self.plan.read() as conn:
            for start in range(0, len(wanted), 500):
                query = select(post.c.id, post.c.title).where(
                    post.c.id.in_(wanted[start : start + 500])
                )
                found.update((int(i), str(t)) for i, t in conn.execute(query))
        return found

    def history_people(self) -> list[str]:
        """Everyone who has an entry in the history, by name."""
        from sqlalchemy import select

        history = self._table("history")
        with self.plan.read() as conn:
            names = conn.execute(select(history.c.by).distinct()).scalars().all()
        return sorted(names, key=str.casefold)

    def add_history(self, entries: Sequence[HistorySpec]) -> int:
        """Add a backup's entries the plan does not have yet (by uuid), oldest first, posts
        found by uuid; returns how many were added. Inside a restore it joins the restore's
        transaction. Sign-offs without their place in the history get it here."""
        from sqlalchemy import insert, select, update

        if not entries:
            return 0
        history, links, post = (self._table(n) for n in ("history", "history_post", "post"))
        with self.plan.write() as conn:
            have = set(conn.execute(select(history.c.uuid)).scalars())
            new = [e for e in dict((e.uuid, e) for e in entries).values() if e.uuid not in have]
            if not new:
                return 0
            ids = uuid_ids(conn, post, {u for e in new for u in spec_post_uuids(e)})
            rows = [
                {**entry_row(e), "changes": json.dumps(spec_changes(e, ids), ensure_ascii=False)}
                for e in new
            ]
            conn.execute(insert(history), rows)
            keys: dict[str, int] = {}
            for start in range(0, len(new), 500):
                chunk = [e.uuid for e in new[start : start + 500]]
                query = select(history.c.uuid, history.c.id).where(history.c.uuid.in_(chunk))
                keys.update((str(u), int(i)) for u, i in conn.execute(query))
            link_rows = [
                {"history_id": keys[e.uuid], "post_id": ids[u], "post_uuid": u, **days}
                for e in new
                for u, days in e.posts
                if u in ids
            ]
            if link_rows:
                conn.execute(insert(links), link_rows)
            signoff = self._table("signoff")
            newest_before = (
                select(func_max(history.c.id))
                .where(history.c.at <= signoff.c.at, history.c.step != RESTORE)
                .scalar_subquery()
            )
            conn.execute(
                update(signoff)
                .where(signoff.c.after_history.is_(None))
                .values(after_history=newest_before)
            )
        return len(new)

    # ------------------------------------------------------------------ sign-off
    def sign_off(self, start: dt.date, end: dt.date, note: str = "") -> ChangeSet:
        """Sign off the plan for start…end (inclusive). On a team plan only members of the
        PostgreSQL role planner_reviewers may."""
        check_date(start, what="The first day")
        check_date(end, what="The last day")
        if end < start:
            raise ValidationError("The period ends before it starts.", "end")
        text = clean_text(note, what="note", limit=SIGNOFF_NOTE_MAX, field_name="note")
        from sqlalchemy import select

        history = self._table("history")
        with self.plan.write() as conn:
            if self.plan.is_team and not is_reviewer(conn):
                raise NotAllowedError("only reviewers can sign off (members of planner_reviewers)")
            newest = conn.execute(select(func_max(history.c.id))).scalar()
            row: dict[str, Any] = {
                "uuid": str(uuid_module.uuid4()),
                "period_start": start,
                "period_end": end,
                "by": self.actor,
                "at": database_now(conn),
                "note": text,
                "after_history": newest,
            }
            applied = self._execute(conn, RowChange("signoff", 0, None, row))
        return ChangeSet(f"Sign off {period_text(start, end)}", (applied,))

    def signoffs(self) -> list[Signoff]:
        """Every sign-off, newest first, each with the posts of its period changed since."""
        from sqlalchemy import select

        t = self._table("signoff")
        with self.plan.read() as conn:
            rows = conn.execute(select(t).order_by(t.c.id.desc())).mappings()
            return [self._with_changes(conn, row) for row in rows.all()]

    def can_sign_off(self) -> bool:
        """Whether the acting person may sign off (on a team plan, a member of the reviewers)."""
        if self.plan.readonly:
            return False
        if not self.plan.is_team:
            return True
        with self.plan.read() as conn:
            return is_reviewer(conn)

    def signoff(self, signoff_id: int) -> Signoff:
        for item in self.signoffs():
            if item.id == signoff_id:
                return item
        raise NotFoundError(f"There is no sign-off {signoff_id}.")

    def _with_changes(self, conn: Connection, row: Any) -> Signoff:
        """Posts changed after the sign-off — in the history's commit order, not by anyone's
        clock — on a day of the period before or after the change: added, edited, moved in or
        out, trashed, removed. A restore re-creates what was signed and does not count."""
        from sqlalchemy import and_, or_, select

        history, links = self._table("history"), self._table("history_post")
        start, end = row["period_start"], row["period_end"]
        query = (
            select(links.c.post_id)
            .distinct()
            .join(history, history.c.id == links.c.history_id)
            .where(
                history.c.id > (row["after_history"] or 0),
                history.c.step != RESTORE,
                or_(
                    and_(links.c.day_before >= start, links.c.day_before <= end),
                    and_(links.c.day_after >= start, links.c.day_after <= end),
                ),
            )
        )
        changed = set(conn.execute(query).scalars())
        at = row["at"]
        return Signoff(
            id=row["id"],
            uuid=row["uuid"],
            start=row["period_start"],
            end=row["period_end"],
            by=row["by"],
            at=aware(at),
            note=row["note"],
            changed=tuple(sorted(changed)),
        )


def func_max(column: Any) -> Any:
    from sqlalchemy import func

    return func.max(column)


def uuid_ids(conn: Connection, post: Any, uuids: set[str]) -> dict[str, int]:
    from sqlalchemy import select

    ids: dict[str, int] = {}
    wanted = sorted(uuids)
    for start in range(0, len(wanted), 500):
        query = select(post.c.uuid, post.c.id).where(post.c.uuid.in_(wanted[start : start + 500]))
        ids.update((str(u), int(i)) for u, i in conn.execute(query))
    return ids


def spec_post_uuids(entry: HistorySpec) -> list[str]:
    found = [u for u, _days in entry.posts]
    for post, field, before, after in entry.changes:
        for value in (post, *((before, after) if field in POST_VALUED else ())):
            if isinstance(value, str):
                found.append(value)
    return found


def spec_changes(entry: HistorySpec, ids: Mapping[str, int]) -> list[list[Any]]:
    def post_id(field: str, value: Any) -> Any:
        return ids.get(value) if field in POST_VALUED and isinstance(value, str) else value

    return [
        [ids.get(p) if isinstance(p, str) else None, f, post_id(f, b), post_id(f, a)]
        for p, f, b, a in entry.changes
    ]


def entry_row(entry: HistorySpec) -> dict[str, Any]:
    return {
        "uuid": entry.uuid,
        "at": entry.at,
        "by": entry.by,
        "label": entry.label,
        "step": entry.step,
    }


def history_entry(row: Any) -> HistoryEntry:
    return HistoryEntry(
        id=row["id"],
        at=aware(row["at"]),
        by=row["by"],
        label=row["label"],
        step=row["step"],
        changes=expand(json.loads(row["changes"])),
    )


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back stored UTC times without a zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def is_reviewer(conn: Connection) -> bool:
    from sqlalchemy import text

    return bool(
        conn.execute(
            text(
                "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :role) "
                "THEN pg_has_role(current_user, :role, 'member') ELSE false END"
            ),
            {"role": REVIEWER_ROLE},
        ).scalar()
    )


def period_text(start: dt.date, end: dt.date) -> str:
    """“March 2027” for a whole month, else “1 Mar 2027 – 14 Mar 2027”."""
    import calendar

    last = calendar.monthrange(start.year, start.month)[1]
    if start.day == 1 and end == start.replace(day=last):
        return f"{calendar.month_name[start.month]} {start.year}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
