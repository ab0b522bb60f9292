"""The review side of the plan service: comment threads and the review steps (submit for review,
approve, request changes), each one transaction and one undoable ChangeSet stamped with the
acting person (service.actor)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.domain import COMMENT_MAX, CommentRecord, PostRecord, Status
from lmplanner.core.errors import NotFoundError, ValidationError
from lmplanner.core.services.approval import APPROVE, REQUEST_CHANGES, REVIEW, Transition
from lmplanner.core.services.queries import PostFilter, PostQueries
from lmplanner.core.services.rows import utc_now
from lmplanner.core.services.validation import clean_text

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def clean_comment(text: str) -> str:
    """A comment's text as stored: exactly as typed (markup and emoji included), line breaks
    made uniform; refused when empty, over COMMENT_MAX characters or holding control codes."""
    cleaned = clean_text(text, what="comment", limit=COMMENT_MAX, field_name="text")
    if not cleaned.strip():
        raise ValidationError("A comment needs some text.", "text")
    return cleaned


class ReviewService(PostQueries):
    """Comments and review steps of one open plan."""

    # ------------------------------------------------------------------ reading
    def comments(self, post_id: int) -> list[CommentRecord]:
        """A post's thread, oldest first (trashed posts keep theirs)."""
        from sqlalchemy import select

        self.post(post_id, include_deleted=True)  # NotFoundError for a post that is not there
        t = self._table("comment")
        query = select(t).where(t.c.post_id == post_id).order_by(t.c.created_at, t.c.id)
        with self.plan.read() as conn:
            return [comment_record(row) for row in conn.execute(query).mappings()]

    def comments_by_post(self) -> dict[int, list[CommentRecord]]:
        """Every thread of the plan in one query (backups), oldest comment first."""
        from sqlalchemy import select

        t = self._table("comment")
        threads: dict[int, list[CommentRecord]] = {}
        with self.plan.read() as conn:
            for row in conn.execute(select(t).order_by(t.c.created_at, t.c.id)).mappings():
                record = comment_record(row)
                threads.setdefault(record.post_id, []).append(record)
        return threads

    def comment(self, comment_id: int) -> CommentRecord:
        from sqlalchemy import select

        t = self._table("comment")
        row = None
        if 1 <= comment_id < 2**63:
            with self.plan.read() as conn:
                row = conn.execute(select(t).where(t.c.id == comment_id)).mappings().first()
        if row is None:
            raise NotFoundError(f"There is no comment {comment_id} in this plan.")
        return comment_record(row)

    def open_comment_counts(self, post_ids: Sequence[int] | None = None) -> dict[int, int]:
        """How many unresolved comments each post has (posts without any are left out)."""
        from sqlalchemy import func, select

        t = self._table("comment")
        query = select(t.c.post_id, func.count()).where(t.c.resolved.is_(False))
        if post_ids is not None:
            ids = [pid for pid in post_ids if 1 <= pid < 2**63]
            if not ids:
                return {}
            query = query.where(t.c.post_id.in_(ids))
        query = query.group_by(t.c.post_id)
        with self.plan.read() as conn:
            return {int(pid): int(n) for pid, n in conn.execute(query).all()}

    def waiting_for_review(self) -> int:
        """How many posts are in review (the status bar's count)."""
        return self.count_posts(flt=PostFilter(statuses=(Status.IN_REVIEW,)))

    # ------------------------------------------------------------------ comments
    def add_comment(self, post_id: int, text: str) -> ChangeSet:
        """A new open comment by the acting person; its id is `changeset.created("comment")`."""
        cleaned = clean_comment(text)
        with self.plan.write() as conn:
            self._live_records(conn, [post_id])
            change = self._comment_change(conn, post_id, cleaned)
        return ChangeSet("Add comment", (change,), (post_id,))

    def resolve_comment(self, comment_id: int) -> ChangeSet:
        return self._set_resolved(comment_id, True, "Resolve comment")

    def reopen_comment(self, comment_id: int) -> ChangeSet:
        return self._set_resolved(comment_id, False, "Reopen comment")

    def delete_comment(self, comment_id: int) -> ChangeSet:
        """Delete one of one's own comments; another person's is refused."""
        record = self.comment(comment_id)
        if record.author != self.actor:
            raise ValidationError(
                f"comment {comment_id} is by {record.author}; only its author can delete it",
                "author",
            )
        with self.plan.write() as conn:
            before = self._snapshot(conn, "comment", comment_id)
            change = self._execute(conn, RowChange("comment", comment_id, before, None))
        return ChangeSet("Delete comment", (change,), (record.post_id,))

    def _set_resolved(self, comment_id: int, resolved: bool, label: str) -> ChangeSet:
        record = self.comment(comment_id)
        with self.plan.write() as conn:
            before = self._snapshot(conn, "comment", comment_id)
            if bool(before["resolved"]) is resolved:
                return ChangeSet(label, (), (record.post_id,))
            after = {**before, "resolved": resolved}
            change = self._execute(conn, RowChange("comment", comment_id, before, after))
        return ChangeSet(label, (change,), (record.post_id,))

    def _comment_change(
        self, conn: Connection, post_id: int, text: str, resolved: bool = False
    ) -> RowChange:
        row = {
            "post_id": post_id,
            "author": self.actor,
            "created_at": utc_now(),
            "text": text,
            "resolved": resolved,
        }
        return self._execute(conn, RowChange("comment", 0, None, row))

    # ------------------------------------------------------------------ review steps
    def submit_for_review(self, post_ids: Sequence[int]) -> ChangeSet:
        """Draft or changes-requested posts go to in-review."""
        return self._transition(post_ids, REVIEW, None, "Submit for review")

    def approve(self, post_ids: Sequence[int], note: str | None = None) -> ChangeSet:
        """In-review (or draft) posts become approved; the approval is stamped as a comment by
        the acting person (resolved, unless it carries a note for the team to read)."""
        text = f"Approved: {note}" if note and note.strip() else "Approved."
        return self._transition(post_ids, APPROVE, text, "Approve", resolved=not note)

    def request_changes(self, post_ids: Sequence[int], note: str) -> ChangeSet:
        """In-review, draft or approved posts go to changes-requested; `note` says what to
        change and is added as an open comment."""
        if not note or not note.strip():
            raise ValidationError("Say which changes are needed (a note is required).", "text")
        return self._transition(post_ids, REQUEST_CHANGES, note, "Request changes")

    def _transition(
        self,
        post_ids: Sequence[int],
        step: Transition,
        note: str | None,
        label: str,
        *,
        resolved: bool = False,
    ) -> ChangeSet:
        text = clean_comment(note) if note is not None else None
        changes: list[RowChange] = []
        with self.plan.write() as conn:
            records = self._live_records(conn, post_ids)
            for record in records:
                step.check(record)
            for record in records:
                before = self._snapshot(conn, "post", record.id)
                after = {**before, "status": step.target.value}
                changes.append(self._execute(conn, RowChange("post", record.id, before, after)))
                if text is not None:
                    changes.append(self._comment_change(conn, record.id, text, resolved))
        count = len(records)
        shown = label if count == 1 else f"{label} ({count} posts)"
        return ChangeSet(shown, tuple(changes), tuple(r.id for r in records))

    def _live_records(self, conn: Connection, post_ids: Sequence[int]) -> list[PostRecord]:
        """The posts (not in the trash), in the order asked; NotFoundError names those missing."""
        post = self._table("post")
        ids = list(dict.fromkeys(pid for pid in post_ids))
        possible = [pid for pid in ids if 1 <= pid < 2**63]
        found: dict[int, PostRecord] = {}
        for start in range(0, len(possible), 500):
            query = self._post_select().where(
                post.c.id.in_(possible[start : start + 500]), post.c.deleted_at.is_(None)
            )
            for row in conn.execute(query).mappings():
                found[row["id"]] = self._record(row)
        missing = [pid for pid in ids if pid not in found]
        if missing:
            listed = ", ".join(map(str, missing[:5]))
            raise NotFoundError(
                f"There is no post {listed} in this plan (it may have been deleted)."
            )
        return [found[pid] for pid in ids]

    def _requires_approval(self, conn: Connection) -> bool:
        """The plan's `require_approval`, read in the caller's transaction."""
        from sqlalchemy import select

        plan = self._table("plan")
        return bool(conn.execute(select(plan.c.require_approval).where(plan.c.id == 1)).scalar())


def comment_record(row: Any) -> CommentRecord:
    created = row["created_at"]
    if created.tzinfo is None:  # SQLite hands back the stored UTC moment without its zone
        import datetime as dt

        created = created.replace(tzinfo=dt.UTC)
    return CommentRecord(
        id=int(row["id"]),
        post_id=int(row["post_id"]),
        author=str(row["author"]),
        created_at=created,
        text=str(row["text"]),
        resolved=bool(row["resolved"]),
    )
