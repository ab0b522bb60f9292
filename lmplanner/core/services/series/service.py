"""Recurring series through the one write path: create, edit, move and delete a series or one
of its posts with a scope (this post / this and following / the whole series), and "Use again".

Each call is one transaction and returns one ChangeSet whose inverse undoes all of it.
Occurrences are real posts with a series id; they are created up to the plan's horizon here and
by the store's upkeep (core.store.series_upkeep) at the first write of a later session.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet, RowChange
from lmplanner.core.domain import PostRecord, Role, Status
from lmplanner.core.errors import NotFoundError, ValidationError
from lmplanner.core.series import (
    PATTERN_COLUMNS,
    Freq,
    Scope,
    SeriesRecord,
    SeriesRule,
    days_of_rule,
    rule_columns,
    rule_of,
    series_dates,
    skip_text,
    skipped_days,
)
from lmplanner.core.services.approval import PASSED, check_new_post, reviewed_row_patch
from lmplanner.core.services.plan_service import PostDraft
from lmplanner.core.services.rows import KEEP, Keep, WriteContext, utc_now
from lmplanner.core.services.series.rows import SeriesRows, with_kept_skips
from lmplanner.core.services.validation import POST_FIELDS, validate_post

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# What a series' pattern takes from a post's fields (the rest belong to one post alone).
PATTERN_FIELDS = (
    "title",
    "body",
    "role",
    "kind",
    "status",
    "time",
    "channel",
    "author",
    "campaign",
    "pillar",
    "link",
    "notes",
)
USE_AGAIN_MAX = 100


class SeriesService(SeriesRows):
    """The plan service with recurring series."""

    # ------------------------------------------------------------------ reading
    def all_series(self) -> list[SeriesRecord]:
        return self._read_series(None)

    def series(self, series_id: int) -> SeriesRecord:
        found = self._read_series(series_id)
        if not found:
            raise NotFoundError(f"There is no series {series_id} in this plan.")
        return found[0]

    def _read_series(self, series_id: int | None) -> list[SeriesRecord]:
        from sqlalchemy import func, select

        series, post = self._table("series"), self._table("post")
        live = (
            select(func.count())
            .where(post.c.series_id == series.c.id, post.c.deleted_at.is_(None))
            .scalar_subquery()
        )
        query = select(series, live.label("occurrences")).where(series.c.deleted_at.is_(None))
        for column, table in (
            ("channel_id", "channel"),
            ("author_id", "person"),
            ("campaign_id", "campaign"),
            ("pillar_id", "pillar"),
        ):
            t = self._table(table).alias(f"{table}_name")
            query = query.add_columns(t.c.name.label(f"{column}_name"))
            query = query.outerjoin(t, t.c.id == series.c[column])
        if series_id is not None:
            query = query.where(series.c.id == series_id)
        with self.plan.read() as conn:
            rows = conn.execute(query.order_by(series.c.id)).mappings().all()
        return [_series_record(dict(row)) for row in rows]

    # ------------------------------------------------------------------ creating
    def add_series(
        self,
        draft: PostDraft,
        rule: SeriesRule,
        *,
        label: str = "",
        skip: Iterable[dt.date] = (),
        ical_uid: str | None = None,
    ) -> ChangeSet:
        """A new series with `draft` as its pattern (its date is ignored; the rule's start
        counts) and its posts up to the horizon. `skip` are days of the rule that never get a
        post (a calendar's EXDATEs); `ical_uid` the calendar event it comes from."""
        rule.checked()
        values = self.pattern_values({**_draft_values(draft), "date": rule.start})
        with self.plan.write() as conn:
            # A series' posts are new posts: not scheduled before a reviewer approved them.
            check_new_post(values, require_approval=self._requires_approval(conn))
            ctx = WriteContext(conn)
            pattern = self._pattern_row(ctx, values)
            through = self._horizon(rule.start)
            row = {**pattern, **rule_columns(rule), "generated_until": through}
            row.update(ical_uid=ical_uid, skip_dates=skip_text(skip))
            created = self._insert_series(conn, row)
            series = self._series_row(conn, created.key)
            posts = self._occurrences(conn, series, series_dates(series, None, through))
        label = label or f"Add series “{values['title']}”"
        return ChangeSet(label, (*ctx.created, created, *posts), tuple(c.key for c in posts))

    def use_again(self, post_id: int, every_days: int, times: int) -> ChangeSet:
        """Evergreen re-use: copies of a dated post every `every_days` days after it, `times`
        times, as a series seeded from the post (which stays as it is)."""
        record = self.post(post_id)
        if record.date is None:
            raise ValidationError(
                f"“{record.title}” has no date; give it one before using it again.", "date"
            )
        if not 1 <= times <= USE_AGAIN_MAX:
            raise ValidationError(f"Use a post again 1 to {USE_AGAIN_MAX} times.", "count")
        if not 1 <= every_days <= 999:
            raise ValidationError("The days between copies must be from 1 to 999.", "rule")
        try:
            start = record.date + dt.timedelta(days=every_days)
        except OverflowError:
            raise ValidationError("The copies would fall past the year 9999.", "date") from None
        rule = SeriesRule(Freq.DAILY, start, every_days, count=times)
        status = Status.DRAFT if record.status is Status.PUBLISHED else record.status
        if status in (*PASSED, Status.IN_REVIEW) and self.settings().require_approval:
            status = Status.DRAFT  # copies are content no reviewer has seen, like duplicates
        values = {name: getattr(record, name) for name in POST_FIELDS}
        draft = PostDraft(**{**values, "status": status, "follows": None, "other_kind": None})
        return self.add_series(draft, rule, label=f"Use “{record.title}” again")

    # ------------------------------------------------------------------ a whole series
    def edit_series(
        self,
        series_id: int,
        patch: Mapping[str, Any],
        *,
        rule: SeriesRule | None = None,
        from_date: dt.date | None = None,
    ) -> ChangeSet:
        """Change a series' pattern (fields of PATTERN_FIELDS) and/or rule, for all of it or,
        with `from_date`, from that day on (the series is split there: the new rule starts no
        earlier than the split, and a count left as it was counts the posts left)."""
        _check_pattern_patch(patch)
        if rule is not None:
            rule.checked()
        with self.plan.write() as conn:
            row = self._series_row(conn, series_id)
            changes: list[RowChange] = []
            # Ending a series from one of its posts ends the series itself: a split would
            # leave two series that differ in nothing but where one stops.
            if from_date is not None and rule is not None and not patch:
                rule, from_date = _ended_from(rule, rule_of(row), from_date)
            if from_date is not None:
                whole = rule_of(row)
                row, changes = self._split(conn, row, from_date)
                if rule is not None:
                    rule = _from_split(rule, whole, rule_of(row))
            changes += self._change_series(conn, row, patch, rule)
        return ChangeSet("Edit series", tuple(changes), _post_focus(changes))

    def delete_series(self, series_id: int, *, from_date: dt.date | None = None) -> ChangeSet:
        """Move a series' posts to the trash: all of them, or those from `from_date` on."""
        with self.plan.write() as conn:
            row = self._series_row(conn, series_id)
            changes = self._delete_from(conn, row, from_date)
        return ChangeSet("Delete series", tuple(changes), _post_focus(changes))

    def restore_skipped_day(self, series_id: int, day: dt.date) -> ChangeSet:
        """A day the series skips (a calendar's EXDATE) is one of its days again: its post is
        made again when the series has made its posts that far (later ones come with the
        horizon). A day whose post is in the trash stays empty: the trash gives that post back."""
        with self.plan.write() as conn:
            row = self._series_row(conn, series_id)
            rule = rule_of(row)
            if rule.first_on_or_after(day) != day:
                raise ValidationError(
                    f"The series “{row['title']}” never posts on {day.isoformat()}: "
                    "its rule does not reach that day.",
                    "date",
                )
            skipped = skipped_days(row)
            if day not in skipped:
                raise ValidationError(
                    f"The series “{row['title']}” does not skip {day.isoformat()}.", "date"
                )
            rest = skip_text(other for other in skipped if other != day)
            written = self._write(conn, "series", row, {"skip_dates": rest})
            assert written is not None  # the day was in the list
            changes = [written]
            made = row["generated_until"]
            taken = {p["date"] for p in self._series_posts(conn, series_id)}
            taken |= {p["date"] for p in self._series_posts(conn, series_id, trash=True)}
            if made is not None and day <= made and day not in taken:
                changes += self._occurrences(conn, self._series_row(conn, series_id), [day])
        label = f"Restore {day.isoformat()} to “{row['title']}”"
        return ChangeSet(label, tuple(changes), _post_focus(changes))

    # ------------------------------------------------------------------ one occurrence
    def edit_occurrence(self, post_id: int, patch: Mapping[str, Any], scope: Scope) -> ChangeSet:
        """Edit one post of a series: alone (it leaves the series), it and the following ones
        (the series is split at it), or the whole series. A new date in the patch moves them."""
        record = self.post(post_id)
        if record.series is None or scope is Scope.THIS:
            return self._detached_edit(record, patch)
        new_date = patch.get("date", record.date)
        if new_date is None:
            raise ValidationError("Only one post of a series can go to the backlog.", "date")
        pattern_patch = {k: v for k, v in patch.items() if k in PATTERN_FIELDS}
        with self.plan.write() as conn:
            row, changes = self._scoped_change(conn, record, scope, (new_date - record.date).days)
            changes += self._change_series(conn, row, pattern_patch, None)
        return ChangeSet("Edit series", tuple(changes), (post_id, *_post_focus(changes)))

    def move_occurrence(
        self,
        post_id: int,
        to_date: dt.date | None,
        scope: Scope,
        *,
        time: dt.time | Keep | None = KEEP,
    ) -> ChangeSet:
        """Move one post of a series (drag-and-drop): alone, with the following ones, or the
        whole series by the same number of days."""
        record = self.post(post_id)
        if record.series is None or scope is Scope.THIS or to_date is None:
            return self._detached_move(record, to_date, time)
        assert record.date is not None
        with self.plan.write() as conn:
            row, changes = self._scoped_change(conn, record, scope, 0)
            row, shifted = self._shift(conn, row, (to_date - record.date).days, time)
        changes += shifted
        count = len(_post_focus(changes))
        label = "Move post" if count == 1 else f"Move {count} posts"
        return ChangeSet(label, tuple(changes), (post_id, *_post_focus(changes)))

    def delete_occurrence(self, post_id: int, scope: Scope) -> ChangeSet:
        """Delete one post of a series, it and the following ones, or the whole series."""
        record = self.post(post_id)
        if record.series is None or scope is Scope.THIS:
            return self.delete_posts([post_id])
        with self.plan.write() as conn:
            row = self._series_row(conn, record.series)
            start = record.date if scope is Scope.FOLLOWING else None
            changes = self._delete_from(conn, row, start)
        return ChangeSet("Delete series", tuple(changes), _post_focus(changes))

    # ------------------------------------------------------------------ internals
    def _scoped_change(
        self, conn: Connection, record: PostRecord, scope: Scope, days: int
    ) -> tuple[dict[str, Any], list[RowChange]]:
        """The series row the change applies to (split at the post for FOLLOWING), shifted by
        `days` when the post's date changes, and the changes made so far."""
        assert record.series is not None and record.date is not None
        row = self._series_row(conn, record.series)
        changes: list[RowChange] = []
        if scope is Scope.FOLLOWING:
            row, changes = self._split(conn, row, record.date)
        if days:
            row, shifted = self._shift(conn, row, days, KEEP)
            changes += shifted
        return row, changes

    def _change_series(
        self,
        conn: Connection,
        row: dict[str, Any],
        patch: Mapping[str, Any],
        rule: SeriesRule | None,
    ) -> list[RowChange]:
        """Write a series' new pattern and rule and bring its posts in line."""
        values = self.pattern_values({**self._pattern_names(conn, row), **patch}, patch)
        gate = self._requires_approval(conn)
        if "status" in patch:  # posts of a series are approved one by one, never as a pattern
            check_new_post(values, require_approval=gate)
        ctx = WriteContext(conn)
        # An approved pattern whose text changes would make approved posts nobody reviewed.
        new_values = reviewed_row_patch(row, self._pattern_row(ctx, values), require_approval=gate)
        if rule is not None:
            new_values = with_kept_skips(row, {**new_values, **rule_columns(rule)})
        written = self._write(conn, "series", row, new_values)
        if written is None:
            return list(ctx.created)
        new = self._series_row(conn, row["id"])
        if "status" not in patch:
            # A pattern back in review by the rule above is no status anybody gave its posts:
            # each post's own review rule decides (one edited on its own keeps its approval).
            row = {**row, "status": new["status"]}
        if rule is not None and rule_of(new) != rule_of(row):
            return [*ctx.created, written, *self._follow_rule(conn, row, new)]
        return [*ctx.created, written, *self._follow_pattern(conn, row, new)]

    def _delete_from(
        self, conn: Connection, row: dict[str, Any], start: dt.date | None
    ) -> list[RowChange]:
        """Trash the series' live posts from `start` on (all when None) and end the series the
        day before (or delete it with them)."""
        now = utc_now()
        changes: list[RowChange] = []
        for post in self._series_posts(conn, row["id"], from_date=start):
            trashed = self._write(conn, "post", post, {"deleted_at": now})
            if trashed is not None:
                changes.append(trashed)
        rule = rule_of(row)
        if start is None or start <= rule.start:
            end = self._write(conn, "series", row, {"deleted_at": now})
        else:
            ending = {"until": start - dt.timedelta(days=1), "count": None}
            end = self._write(conn, "series", row, with_kept_skips(row, ending))
        if end is not None:
            changes.append(end)
        return changes

    def _detached_edit(self, record: PostRecord, patch: Mapping[str, Any]) -> ChangeSet:
        """Edit one post alone; an occurrence leaves its series in the same step."""
        unknown = set(patch) - set(POST_FIELDS)
        if unknown:
            raise ValidationError(f"Unknown post field: {', '.join(sorted(unknown))}.")
        detach = {"series_id": None} if record.series is not None else None
        return self.update_post(record.id, patch, also=detach)

    def _detached_move(
        self, record: PostRecord, to_date: dt.date | None, time: dt.time | Keep | None
    ) -> ChangeSet:
        detach = {"series_id": None} if record.series is not None else None
        return self.move_posts([record.id], to_date=to_date, time=time, also=detach)

    @staticmethod
    def pattern_values(
        values: Mapping[str, Any], given: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """A validated pattern: post fields with a date (the pattern's time needs one). A new
        role without a kind drops a kind of the old role."""
        full = {name: values.get(name) for name in POST_FIELDS}
        full.update(other_kind=None, role_suggested=False, follows=None)
        full["date"] = full["date"] or dt.date(2000, 1, 1)
        for text in ("body", "link", "notes"):
            full[text] = full[text] or ""
        full["status"] = full["status"] or Status.DRAFT
        try:
            return validate_post(full)
        except ValidationError as exc:
            if exc.field != "kind" or given is None or "kind" in given or "role" not in given:
                raise
        return validate_post({**full, "kind": None})

    def _pattern_row(self, ctx: WriteContext, values: Mapping[str, Any]) -> dict[str, Any]:
        row = self._post_row(ctx, values)
        return {column: row[column] for column in PATTERN_COLUMNS}

    def _pattern_names(self, conn: Connection, row: Mapping[str, Any]) -> dict[str, Any]:
        """A series row's pattern as post fields, names as text."""
        from sqlalchemy import select

        values: dict[str, Any] = {f: row[f] for f in PATTERN_FIELDS if f in row}
        for field, table in (
            ("channel", "channel"),
            ("author", "person"),
            ("campaign", "campaign"),
            ("pillar", "pillar"),
        ):
            key = row[f"{field}_id"]
            t = self._table(table)
            query = select(t.c.name).where(t.c.id == key)
            values[field] = None if key is None else conn.execute(query).scalar()
        values["date"] = row["start_date"]
        return values


def _from_split(rule: SeriesRule, whole: SeriesRule, part: SeriesRule) -> SeriesRule:
    """A new rule for the part of a series from its split on (see edit_series)."""
    count = part.count if rule.count is not None and rule.count == whole.count else rule.count
    return dataclasses.replace(rule, start=max(rule.start, part.start), count=count).checked()


def _ended_from(
    rule: SeriesRule, whole: SeriesRule, day: dt.date
) -> tuple[SeriesRule, dt.date | None]:
    """(rule, split day) for a new rule from `day` on: a rule that only ends the series is the
    whole series' rule, with no split (a new count counts the posts from `day` on)."""
    open_rule = dataclasses.replace(rule, until=None, count=None)
    if open_rule != dataclasses.replace(whole, until=None, count=None):
        return rule, day
    if rule.count is None or rule.count == whole.count:
        return rule, None
    return dataclasses.replace(rule, count=whole.count_before(day) + rule.count).checked(), None


def _check_pattern_patch(patch: Mapping[str, Any]) -> None:
    unknown = set(patch) - set(PATTERN_FIELDS)
    if unknown:
        raise ValidationError(f"A series has no field {', '.join(sorted(unknown))}.")


def _draft_values(draft: PostDraft) -> dict[str, Any]:
    return {name: getattr(draft, name) for name in POST_FIELDS}


def _post_focus(changes: list[RowChange] | tuple[RowChange, ...]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(c.key for c in changes if c.table == "post"))


def _series_record(row: Mapping[str, Any]) -> SeriesRecord:
    return SeriesRecord(
        id=row["id"],
        uuid=row["uuid"],
        title=row["title"],
        role=Role(row["role"]).value,
        channel=row["channel_id_name"],
        rule=rule_of(row),
        time=row["time"],
        body=row["body"],
        kind=row["kind"],
        status=row["status"],
        author=row["author_id_name"],
        campaign=row["campaign_id_name"],
        pillar=row["pillar_id_name"],
        link=row["link"],
        notes=row["notes"],
        occurrences=int(row["occurrences"]),
        generated_until=row["generated_until"],
        ical_uid=row.get("ical_uid"),
        skipped=days_of_rule(rule_of(row), skipped_days(row)),
    )
