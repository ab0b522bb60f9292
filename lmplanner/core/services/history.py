"""Reading the change history, and reviewers' sign-offs of a period (which are changes too)."""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.errors import NotFoundError, ValidationError
from lmplanner.core.history import (
    POST_VALUED,
    HistoryEntry,
    HistorySpec,
    Signoff,
    expand,
    touched_posts,
)
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

        history, links = self._table("history"), self._table("history_post")
        query = select(history).order_by(history.c.at.desc(), history.c.id.desc())
        if post_id is not None:
            query = query.where(
                history.c.id.in_(select(links.c.history_id).where(links.c.post_id == post_id))
            )
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
        """Add a backup's entries the plan does not have yet (by uuid), posts found by uuid;
        returns how many were added. Inside a restore it joins the restore's transaction."""
        from sqlalchemy import insert, select

        if not entries:
            return 0
        history, links, post = (self._table(n) for n in ("history", "history_post", "post"))
        uuids = {value for e in entries for value in spec_post_uuids(e)}
        with self.plan.write() as conn:
            have = set(conn.execute(select(history.c.uuid)).scalars())
            ids: dict[str, int] = {}
            wanted = sorted(uuids)
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                query = select(post.c.uuid, post.c.id).where(post.c.uuid.in_(chunk))
                ids.update((str(u), int(i)) for u, i in conn.execute(query))
            added = 0
            for entry in entries:
                if entry.uuid in have:
                    continue
                have.add(entry.uuid)
                changes = spec_changes(entry, ids)
                row = {**entry_row(entry), "changes": json.dumps(changes, ensure_ascii=False)}
                key = conn.execute(insert(history).values(**row)).inserted_primary_key
                assert key is not None
                posts = sorted({c[0] for c in changes if c[0] is not None})
                if posts:
                    conn.execute(
                        insert(links), [{"history_id": key[0], "post_id": p} for p in posts]
                    )
                added += 1
        return added

    # ------------------------------------------------------------------ sign-off
    def sign_off(self, start: dt.date, end: dt.date, note: str = "") -> ChangeSet:
        """Sign off the plan for start…end (inclusive). On a team plan only members of the
        PostgreSQL role planner_reviewers may."""
        check_date(start, what="The first day")
        check_date(end, what="The last day")
        if end < start:
            raise ValidationError("The period ends before it starts.", "end")
        text = clean_text(note, what="note", limit=SIGNOFF_NOTE_MAX, field_name="note")
        with self.plan.write() as conn:
            if self.plan.is_team and not is_reviewer(conn):
                raise ValidationError("only reviewers can sign off", "signoff")
            row: dict[str, Any] = {
                "uuid": str(uuid_module.uuid4()),
                "period_start": start,
                "period_end": end,
                "by": self.actor,
                "at": dt.datetime.now(dt.UTC),
                "note": text,
            }
            applied = self._execute(conn, RowChange("signoff", 0, None, row))
        return ChangeSet(f"Sign off {period_text(start, end)}", (applied,))

    def signoffs(self) -> list[Signoff]:
        """Every sign-off, newest first, each with the posts of its period changed since."""
        from sqlalchemy import select

        t = self._table("signoff")
        with self.plan.read() as conn:
            rows = conn.execute(select(t).order_by(t.c.at.desc(), t.c.id.desc())).mappings()
            return [self._with_changes(conn, row) for row in rows.all()]

    def signoff(self, signoff_id: int) -> Signoff:
        for item in self.signoffs():
            if item.id == signoff_id:
                return item
        raise NotFoundError(f"There is no sign-off {signoff_id}.")

    def _with_changes(self, conn: Connection, row: Any) -> Signoff:
        """Posts dated in the period that were added, edited or trashed after the sign-off, and
        posts moved out of it since (from the history)."""
        from sqlalchemy import select

        post, history = self._table("post"), self._table("history")
        at, start, end = row["at"], row["period_start"], row["period_end"]
        in_period = (post.c.date >= start, post.c.date <= end)
        # Posts keep whole seconds; history entries (and sign-offs) keep microseconds.
        changed = set(
            conn.execute(select(post.c.id).where(*in_period, post.c.updated_at > at)).scalars()
        )
        later = conn.execute(select(history).where(history.c.at > at)).mappings().all()
        touched, moved = touched_posts((history_entry(r) for r in later), start, end)
        changed |= moved
        if touched - changed:
            query = select(post.c.id).where(*in_period, post.c.id.in_(sorted(touched - changed)))
            changed.update(conn.execute(query).scalars())
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


def spec_post_uuids(entry: HistorySpec) -> list[str]:
    found = []
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
