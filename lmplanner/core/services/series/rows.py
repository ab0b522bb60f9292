"""The row work of recurring series inside one write transaction: reading a series' posts,
splitting a series at a day, shifting it, and bringing its posts in line with a changed rule.

Everything here writes through `_execute`/`_insert_many` of the plan service, so each change is a
RowChange of the caller's ChangeSet and undo inverts it like any other.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import RowChange
from lmplanner.core.errors import NotFoundError, ValidationError
from lmplanner.core.series import (
    PATTERN_COLUMNS,
    SeriesRule,
    horizon_end,
    kept_skips,
    occurrence_rows,
    rule_columns,
    rule_of,
    same_place_bound,
    same_place_days,
    series_dates,
    skip_text,
    skipped_days,
)
from lmplanner.core.services.approval import reviewed_row_patch
from lmplanner.core.services.plan_service import PlanService
from lmplanner.core.services.rows import utc_now

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


class SeriesRows(PlanService):
    """Series row operations the series service composes into its scoped changes."""

    def _series_row(self, conn: Connection, series_id: int) -> dict[str, Any]:
        row = self._snapshot(conn, "series", series_id, missing_ok=True)
        if row is None or row["deleted_at"] is not None:
            raise NotFoundError(f"There is no series {series_id} in this plan.")
        return row

    def _series_posts(
        self,
        conn: Connection,
        series_id: int,
        *,
        from_date: dt.date | None = None,
        trash: bool = False,
    ) -> list[dict[str, Any]]:
        """The full rows of a series' posts (live, or in the trash), by date."""
        from sqlalchemy import select

        post = self._table("post")
        query = select(post).where(post.c.series_id == series_id)
        query = query.where(
            post.c.deleted_at.is_not(None) if trash else post.c.deleted_at.is_(None)
        )
        if from_date is not None:
            query = query.where(post.c.date >= from_date)
        return [dict(r) for r in conn.execute(query.order_by(post.c.date, post.c.id)).mappings()]

    def _horizon(self, start: dt.date) -> dt.date:
        from lmplanner.core.store.series_upkeep import plan_today

        settings = self.settings()
        return horizon_end(plan_today(settings.timezone), settings.series_horizon_months, start)

    def _write(
        self, conn: Connection, table: str, before: dict[str, Any], values: Mapping[str, Any]
    ) -> RowChange | None:
        """Change some columns of one row; None when they already hold those values."""
        after = {**before, **values}
        if after == before:
            return None
        return self._execute(conn, RowChange(table, before["id"], before, after))

    def _insert_series(self, conn: Connection, values: Mapping[str, Any]) -> RowChange:
        now = utc_now()
        row = {**values, "uuid": str(uuid_module.uuid4()), "version": 1, "created_at": now}
        row.update(updated_at=now, deleted_at=None)
        row.pop("id", None)
        return self._execute(conn, RowChange("series", 0, None, row))

    def _occurrences(
        self, conn: Connection, series: Mapping[str, Any], dates: list[dt.date]
    ) -> list[RowChange]:
        return self._insert_many(conn, "post", occurrence_rows(series, dates, utc_now()))

    # ------------------------------------------------------------------ split and shift
    def _split(
        self, conn: Connection, row: dict[str, Any], at: dt.date
    ) -> tuple[dict[str, Any], list[RowChange]]:
        """Split a series before its first day on or after `at`: the part from there on becomes
        a new series holding those posts (trashed ones too). The row itself when nothing would be
        left before it."""
        rule = rule_of(row)
        first = rule.first_on_or_after(at)
        if first is None or (row["generated_until"] and first > row["generated_until"]):
            raise ValidationError(f"The series “{row['title']}” has no posts from {at} on.", "date")
        if first <= rule.start:
            return row, []
        before_count = rule.count_before(first)
        later = replace(
            rule,
            start=first,
            count=None if rule.count is None else rule.count - before_count,
        )
        changes: list[RowChange] = []
        # Each half keeps the skipped days that fall in it: a day neither makes is no day to
        # restore.
        ending = {"until": first - dt.timedelta(days=1), "count": None}
        ended = self._write(conn, "series", row, with_kept_skips(row, ending))
        assert ended is not None
        changes.append(ended)
        base = {k: v for k, v in row.items() if k not in ("id", "uuid", "version")}
        created = self._insert_series(conn, {**base, **with_kept_skips(base, rule_columns(later))})
        changes.append(created)
        new_id = created.key
        for post in [
            *self._series_posts(conn, row["id"], from_date=first),
            *self._series_posts(conn, row["id"], from_date=first, trash=True),
        ]:
            moved = self._write(conn, "post", post, {"series_id": new_id})
            if moved is not None:
                changes.append(moved)
        return self._series_row(conn, new_id), changes

    def _shift(
        self, conn: Connection, row: dict[str, Any], days: int, time: Any
    ) -> tuple[dict[str, Any], list[RowChange]]:
        """Move a whole series by `days` (its rule turns with it, and its end keeps as many
        days) and, unless `time` is the KEEP marker, give it a new wall-clock time."""
        from lmplanner.core.services.rows import Keep

        old_rule = rule_of(row)
        endless = replace(old_rule.shifted(days), until=None)
        rule = endless
        if old_rule.until is not None:
            until = same_place_bound(old_rule, endless, old_rule.until, days)
            rule = replace(endless, until=until)
        rule.checked()
        values: dict[str, Any] = rule_columns(rule)
        posts = self._series_posts(conn, row["id"])
        posts += self._series_posts(conn, row["id"], trash=True)
        # A monthly rule's days need not all move by `days`: each post and skipped day goes to
        # the moved rule's day of the same place, so no skipped day falls off the rule and no
        # post off its days. A post off the old rule's days moves by `days`.
        skipped = skipped_days(row)
        place = same_place_days(old_rule, endless, [*skipped, *(p["date"] for p in posts)])
        if skipped:
            values["skip_dates"] = skip_text(
                place.get(d, d + dt.timedelta(days=days)) for d in skipped
            )
        if row["generated_until"] is not None:
            made = row["generated_until"]
            values["generated_until"] = same_place_bound(old_rule, endless, made, days)
        if not isinstance(time, Keep):
            values["time"] = time
        changes: list[RowChange] = []
        gate = self._requires_approval(conn)
        for post in posts:
            day = place.get(post["date"], post["date"] + dt.timedelta(days=days))
            patch: dict[str, Any] = {"date": day}
            if not isinstance(time, Keep) and post["time"] == row["time"]:
                patch["time"] = time
            # Moved as one post is moved: an approved post on a new day goes back to review.
            patch = reviewed_row_patch(post, patch, require_approval=gate)
            moved = self._write(conn, "post", post, patch)
            if moved is not None:
                changes.append(moved)
        updated = self._write(conn, "series", row, values)
        if updated is not None:
            changes.insert(0, updated)
        return self._series_row(conn, row["id"]), changes

    # ------------------------------------------------------------------ following a new pattern
    def _follow_pattern(
        self, conn: Connection, old: Mapping[str, Any], new: Mapping[str, Any]
    ) -> list[RowChange]:
        """Give the series' live posts the new pattern: a field changes on a post only where it
        still holds the old pattern's value, so what was edited on its own stays."""
        changed = [c for c in PATTERN_COLUMNS if old[c] != new[c]]
        changes: list[RowChange] = []
        if not changed:
            return changes
        gate = self._requires_approval(conn)
        for post in self._series_posts(conn, old["id"]):
            patch = {c: new[c] for c in changed if post[c] == old[c]}
            if "role" in patch and "kind" not in patch:
                patch["kind"] = new["kind"] if post["kind"] == old["kind"] else None
            # The review rules of editing one post: a new text takes an approval back.
            patch = reviewed_row_patch(post, patch, require_approval=gate)
            written = self._write(conn, "post", post, patch) if patch else None
            if written is not None:
                changes.append(written)
        return changes

    def _follow_rule(
        self, conn: Connection, old: Mapping[str, Any], new: dict[str, Any]
    ) -> list[RowChange]:
        """Bring a series' posts in line with its new rule. A post on a day of the new rule stays
        (and takes the new pattern); one off it goes when it is as the series made it, or leaves
        the series when it was edited on its own. Days whose post is in the trash stay empty."""
        rule: SeriesRule = rule_of(new)
        through = max(old["generated_until"] or rule.start, self._horizon(rule.start))
        wanted = series_dates(new, None, through)
        wanted_set = set(wanted)
        trashed = {p["date"] for p in self._series_posts(conn, old["id"], trash=True)}
        changes = self._follow_pattern(conn, old, new)
        kept: set[dt.date] = set()
        for post in self._series_posts(conn, old["id"]):
            if post["date"] in wanted_set and post["date"] not in kept:
                kept.add(post["date"])
                continue
            as_made = all(post[c] == new[c] for c in PATTERN_COLUMNS)
            leaves = None if as_made else {**post, "series_id": None}
            changes.append(self._execute(conn, RowChange("post", post["id"], post, leaves)))
        missing = [day for day in wanted if day not in kept and day not in trashed]
        changes.extend(self._occurrences(conn, new, missing))
        if new["generated_until"] != through:
            updated = self._write(conn, "series", new, {"generated_until": through})
            if updated is not None:
                changes.append(updated)
        return changes


def with_kept_skips(row: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """`values` for a series row, with only the skipped days its rule can still make once they
    are written (a split, an end or a new rule leaves some days to no part of the series)."""
    return {**values, "skip_dates": kept_skips({**row, **values})}
