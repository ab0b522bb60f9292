"""The one write path: every change to a plan is validated here, runs in one transaction and
returns a ChangeSet that the GUI's undo, the CLI and importers all use the same way.

PlanService is assembled from parts: reading posts (queries), channels, people and campaigns
(names), and the shared row writing (rows); the rules live in validation.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from operator import attrgetter, itemgetter
from typing import Any

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.domain import (
    DATE_RANGE_TEXT,
    RESULT_FIELDS,
    Kind,
    PostRecord,
    Role,
    Status,
)
from lmplanner.core.errors import ValidationError
from lmplanner.core.history import STEPS, HistorySpec
from lmplanner.core.post_fields import POST_SHAPE, row_values
from lmplanner.core.services.approval import PASSED, check_new_post, reviewed_values
from lmplanner.core.services.batch import BatchWriter
from lmplanner.core.services.history import HistoryService
from lmplanner.core.services.names import CHANNEL_PALETTE, NamedRecord
from lmplanner.core.services.queries import PostFilter
from lmplanner.core.services.review import ReviewService
from lmplanner.core.services.rows import (
    KEEP,
    Keep,
    WriteContext,
    change_runs,
    conflict_error,
    utc_now,
)
from lmplanner.core.services.templates import TemplateService
from lmplanner.core.services.validation import (
    LINKED_FIELDS,
    POST_FIELDS,
    SETTINGS_FIELDS,
    ValidPost,
    check_post,
    validate_patch,
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
    "ValidPost",
    "check_post",
    "validate_post",
    "validate_settings",
]


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
    impressions: int | None = None
    reactions: int | None = None
    comments: int | None = None
    shares: int | None = None
    clicks: int | None = None
    new_followers: int | None = None
    read_on: dt.date | None = None


def kinds_on_role_change(record: PostRecord, patch: Mapping[str, Any]) -> dict[str, Any]:
    """A patch that changes a post's role also sets its kind aside for the old role and, unless
    the patch names a kind, brings back the one the post had in the new role: leader → manager →
    leader ends with the kind it started with, in any session, from the app or the CLI."""
    result = dict(patch)
    try:
        asked = patch.get("role", record.role)
        new_role = asked if isinstance(asked, Role) else Role.parse(str(asked))
    except ValueError:
        return result  # validation says what is wrong with the role
    if new_role is record.role:
        return result
    if "kind" not in patch:
        kept = record.other_kind
        result["kind"] = kept if kept is not None and kept.role is new_role else None
    result["other_kind"] = record.kind
    return result


class PlanService(BatchWriter, HistoryService, ReviewService, TemplateService):
    """Reads and changes one open plan. Stateless apart from the plan: safe to create per use."""

    # ------------------------------------------------------------------ settings
    def update_settings(self, **changes: Any) -> ChangeSet:
        """Change plan settings (name, time zone, band, thresholds…); validated as a whole."""
        unknown = set(changes) - set(SETTINGS_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown plan setting: {', '.join(sorted(unknown))}.")
        merged = {**self.settings().values(), **changes}
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
            check_new_post(values, require_approval=self._requires_approval(conn))
            ctx = WriteContext(conn)
            row = self._post_row(ctx, values)
            self._link_row(conn, None, values, row)
            now = utc_now()
            row.update(uuid=str(uuid_module.uuid4()), version=1, created_at=now, updated_at=now)
            row.update(deleted_at=None, series_id=None)
            applied = self._execute(conn, RowChange("post", 0, None, row))
        return ChangeSet(f"Add “{values['title']}”", (*ctx.created, applied), (applied.key,))

    def add_posts(
        self,
        posts: Sequence[PostDraft | ValidPost],
        label: str = "Add posts",
        *,
        create_pillars: bool = False,
        uuids: Sequence[str | None] | None = None,
        links: Mapping[int, str] | None = None,
    ) -> ChangeSet:
        """Many posts in one transaction (imports, series, duplicates): all of them or none,
        written in batches. Drafts are validated here; a ValidPost (check_post) was already, so
        an import validates each record once. With `create_pillars`, a pillar name the plan does
        not know yet is added. `uuids` keeps each post's identity from a file; `links` (index →
        uuid) are follow-ups of posts in the same batch or the plan."""
        valid = [
            p.values if isinstance(p, ValidPost) else validate_post(draft_values(p)) for p in posts
        ]
        with self.plan.write() as conn:
            gate = self._requires_approval(conn)
            for values in valid:
                check_new_post(values, require_approval=gate)
            ctx = WriteContext(conn, create_pillars=create_pillars)
            applied = self._write_new_posts(ctx, valid, uuids=uuids, links=links)
        return ChangeSet(label, (*ctx.created, *applied), tuple(c.key for c in applied))

    def update_post(
        self,
        post_id: int,
        patch: Mapping[str, Any],
        *,
        expected_version: int | None = None,
        also: Mapping[str, Any] | None = None,
    ) -> ChangeSet:
        """Change some fields of one post. With `expected_version`, refuse if it changed since.
        `also` holds columns the service keeps (a post leaving its series), written along."""
        unknown = set(patch) - set(POST_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown post field: {', '.join(sorted(unknown))}.")
        return self._update_many(
            [post_id],
            lambda _record: dict(patch),
            label="Edit post",
            expected={post_id: expected_version} if expected_version is not None else None,
            also=also,
        )

    def update_posts(self, post_ids: Sequence[int], patch: Mapping[str, Any]) -> ChangeSet:
        """The same change (role, status, channel…) to many posts at once: one step to undo."""
        unknown = set(patch) - set(POST_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown post field: {', '.join(sorted(unknown))}.")
        label = f"Change {len(post_ids)} posts" if len(post_ids) != 1 else "Edit post"
        day = bool(patch.keys() & _DAY_FIELDS)  # then group_key reads the day, too
        return self._update_many(
            post_ids, lambda _record: dict(patch), label=label, same_for=linked_columns(day=day)
        )

    def record_results(
        self, results: Mapping[int, Mapping[str, Any]], *, label: str = "Record results"
    ) -> ChangeSet:
        """Each post's results (its counts and read_on) at once: one transaction, one undo step."""
        unknown = {name for patch in results.values() for name in patch} - set(RESULT_FIELDS)
        if unknown:
            raise ValidationError(f"Not a result field: {', '.join(sorted(unknown))}.")
        return self._update_many(
            list(results), lambda record: dict(results[record.id]), label=label
        )

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
        # The patch reads the role; kinds_on_role_change the kinds; group_key no day (no day
        # field in the patch).
        return self._update_many(post_ids, patch, label=label, same_for=linked_columns(day=False))

    def move_posts(
        self,
        post_ids: Sequence[int],
        *,
        to_date: dt.date | Keep | None = KEEP,
        by_days: int = 0,
        time: dt.time | Keep | None = KEEP,
        expected_versions: Mapping[int, int] | None = None,
        also: Mapping[str, Any] | None = None,
    ) -> ChangeSet:
        """Move posts to a date (None: to the backlog) or by a number of days.

        The wall-clock time is kept unless one is given; moving to the backlog clears it. With
        `expected_versions` (post id → version), refuse if one of those posts changed since;
        `also` as in update_post.
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
        return self._update_many(
            post_ids,
            patch,
            label=label,
            expected=expected_versions,
            also=also,
            same_for=linked_columns(day=True),
        )

    def duplicate_posts(
        self, post_ids: Sequence[int], *, to_date: dt.date | Keep | None = KEEP
    ) -> ChangeSet:
        records = [self.post(pid) for pid in post_ids]
        # A copy follows its original's leader post only while that link is in force.
        in_force = self.live_leaders([r.follows for r in records if r.follows is not None])
        # A copy is content no reviewer has seen: while the plan requires approval it is a draft.
        gate = self.settings().require_approval
        drafts = []
        for r in records:
            date = r.date if isinstance(to_date, Keep) else to_date
            status = r.status if date is not None else Status.IDEA
            if gate and status in (*PASSED, Status.IN_REVIEW):
                status = Status.DRAFT
            draft_values = {name: getattr(r, name) for name in POST_FIELDS}
            draft_values.update(
                follows=r.follows if r.follows in in_force else None,
                date=date,
                time=r.time if date is not None else None,
                status=status,
                # A copy is a new post: what the original achieved is not its result.
                **dict.fromkeys(RESULT_FIELDS),
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

    def together(
        self, label: str, calls: Sequence[Callable[[PlanService], ChangeSet]]
    ) -> ChangeSet:
        """Several changes as one: one transaction (all or none), one history entry, one undo
        step (the Plan settings dialog's OK)."""
        return ChangeSet.merge(label, [call(self) for call in calls])

    def apply(
        self, changeset: ChangeSet, *, step: str = "", history: Sequence[HistorySpec] = ()
    ) -> ChangeSet:
        """Apply a change set (typically an inverse, for undo/redo) in one transaction, runs of
        posts inserted, changed or deleted together written in batches; `step`
        ("undo", "redo" or "restore") is how the history records it. A restore passes the
        backup's `history` entries: added in the same transaction, never undone."""
        if step not in STEPS:
            raise ValueError(f"unknown history step {step!r}")
        self._history_step = step
        applied: list[RowChange] = []
        with self.plan.write() as conn:
            for run in change_runs(changeset.changes):
                first = run[0]
                if len(run) == 1 or first.table != "post":
                    applied.extend(self._execute(conn, change) for change in run)
                elif first.kind == "delete":
                    applied.extend(self._delete_many(conn, run))
                elif first.kind == "update":
                    applied.extend(self._apply_updates(conn, run))
                elif all(change.key for change in run):  # put back with known ids (redo)
                    applied.extend(self._reinsert_many(conn, run))
                else:  # new posts (a restore)
                    applied.extend(self._insert_restored(conn, run))
            self.add_history(history)  # joins this transaction (journal): posts are there now
        return ChangeSet(changeset.label, tuple(applied), changeset.focus)

    # ------------------------------------------------------------------ internals
    def _post_row(self, ctx: WriteContext, values: Mapping[str, Any]) -> dict[str, Any]:
        return row_values(values, lambda table, name: self._name_id(ctx, table, name))

    def _update_many(
        self,
        post_ids: Sequence[int],
        make_patch: Any,
        *,
        label: str,
        expected: Mapping[int, int] | None = None,
        also: Mapping[str, Any] | None = None,
        same_for: Callable[[Mapping[str, Any]], Any] | None = None,
    ) -> ChangeSet:
        """The patch `make_patch(record)` gives each post, validated as a whole post, written in
        batches; with `expected` (id → version), refused if one of those posts changed since.
        `same_for(stored row)`: posts for which it is the same get the same patch and group (it
        holds every field make_patch, kinds_on_role_change and group_key read: see
        linked_columns), worked out once for all of them."""
        if not post_ids:
            return ChangeSet(label)
        with self.plan.write() as conn:
            ctx = WriteContext(conn)
            current, make_record = self._current_rows(conn, post_ids)
            gate = self._requires_approval(conn)
            many = len(current) > 1
            pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
            known: list[tuple[str, ...] | None] = []
            links = []
            # A patch of linked fields only (a role, a status…) comes out the same for every post
            # that holds the same linked fields: checked once per such group, not once per post.
            outcomes: dict[Any, tuple[dict[str, Any], tuple[str, ...]]] = {}
            # With `same_for`, each post's patch and group by what they depend on: a role change
            # of 20 000 posts makes a record for a handful of them, not for each.
            decided: dict[Any, tuple[dict[str, Any], Any]] = {}
            for pid, (values, before) in current.items():
                if expected and pid in expected and expected[pid] != before["version"]:
                    raise conflict_error(make_record(values))
                held = same_for(before) if same_for is not None and not also else None
                decision = decided.get(held) if held is not None else None
                if decision is None:
                    record = make_record(values)
                    patch = kinds_on_role_change(record, make_patch(record))
                    decision = (patch, None if also else group_key(record, patch))
                    if held is not None:
                        decided[held] = decision
                patch, key = decision
                if not patch and not also:
                    continue
                if key is None:
                    record = make_record(values)
                    valid, after = self._patched(ctx, record, before, patch, gate, many)
                    after.update(also or {})
                    if after["follows_id"] != before["follows_id"]:
                        # A link that stands is left alone even if its leader post changed since.
                        links.append((pid, valid, after))
                    if after != before:
                        pairs.append((before, after))
                        known.append(None)
                    continue
                outcome = outcomes.get(key)
                if outcome is None:
                    after = self._patched(ctx, make_record(values), before, patch, gate, many)[1]
                    delta = {c: after[c] for c in _GROUP_COLUMNS if after[c] != before[c]}
                    outcome = outcomes[key] = (delta, tuple(c for c in before if c in delta))
                delta, changed = outcome
                if changed:
                    pairs.append((before, delta))  # _update_rows makes the whole row once
                    known.append(changed)
            self._link_rows(conn, links)
            changes = self._update_rows(conn, pairs, known)
        return ChangeSet(label, (*ctx.created, *changes), tuple(current))

    def _patched(
        self,
        ctx: WriteContext,
        record: PostRecord,
        before: Mapping[str, Any],
        patch: Mapping[str, Any],
        gate: bool,
        many: bool,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """A post's validated values after `patch` (checked as a whole post and by the review
        rules) and its row with them; with `many`, a refusal names the post."""
        stored = dict(zip(POST_FIELDS, _post_fields_of(record), strict=True))
        try:
            values = validate_patch(stored, patch)
        except ValidationError as exc:
            if many:
                raise ValidationError(f"“{record.title}”: {exc}", exc.field) from None
            raise
        values = reviewed_values(record, values, require_approval=gate)
        return values, {**before, **self._post_row(ctx, values)}

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
            current = self._current_posts(conn, post_ids, trash=trash)
            for pid, version in (expected or {}).items():
                if pid in current and current[pid][0].version != version:
                    raise conflict_error(current[pid][0])
            ids = list(dict.fromkeys(post_ids))
            pairs = [(current[pid][1], {**current[pid][1], **values}) for pid in ids]
            changes = self._update_rows(conn, pairs)
        return ChangeSet(label, tuple(changes), tuple(ids))


def group_key(record: PostRecord, patch: Mapping[str, Any]) -> Any:
    """What the outcome of `patch` on `record` depends on when the patch holds linked fields
    only (validate_patch checks just those; the rest was checked when it was written): the
    patch and the record's linked fields, its day too where the patch can move it or leave its
    status to be derived from it. None: the outcome is the record's own (or not hashable)."""
    if patch.keys() - LINKED_FIELDS:
        return None
    held = _linked_of(record) if patch.keys() & _DAY_FIELDS else _linked_but_day_of(record)
    try:
        return held, frozenset(patch.items())
    except TypeError:
        return None


# The fields validate_patch and the review rules read for a linked patch (status, from its day).
_DAY_FIELDS = frozenset(("date", "time", "status"))
_linked_but_day_of = attrgetter("role", "kind", "other_kind", "status", "role_suggested")
_linked_of = attrgetter("role", "kind", "other_kind", "status", "role_suggested", "date", "time")
# The columns a linked patch can change (the review rules change only the status).
_GROUP_COLUMNS = tuple(f.column for f in POST_SHAPE if f.name in LINKED_FIELDS)


def linked_columns(*, day: bool) -> Callable[[Mapping[str, Any]], Any]:
    """A stored row's linked columns, without its day and time unless `day`: all that a patch
    of linked fields, made from linked fields, and its group depend on (see group_key)."""
    return itemgetter(*(c for c in _GROUP_COLUMNS if day or c not in ("date", "time")))


# A record's editable fields in POST_FIELDS' order, read at C speed (bulk changes read 20 000).
_post_fields_of = attrgetter(*POST_FIELDS)


def draft_values(draft: PostDraft) -> dict[str, Any]:
    """A draft's fields by name, as validate_post takes them."""
    return {name: getattr(draft, name) for name in POST_FIELDS}
