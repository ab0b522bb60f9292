"""The change history's vocabulary: what one change set did, field by field, in plain values.

A change set (core.changes) holds whole rows before and after; history keeps only what a reader
asks — which post, which field, before → after — with ids of channels, people, campaigns and
pillars turned into their names, so an entry still reads right after a rename or a delete.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lmplanner.core.changes import ChangeSet, NameRef, RowChange

#: Post columns that are bookkeeping, not something a person changed.
QUIET_COLUMNS = frozenset(
    {
        "id",
        "uuid",
        "version",
        "created_at",
        "updated_at",
        "name_key",
        "other_kind",
        "role_suggested",
    }
)
#: Reference columns of a post and the table whose name they show.
NAMED_COLUMNS = {
    "channel_id": ("channel", "channel"),
    "author_id": ("author", "person"),
    "campaign_id": ("campaign", "campaign"),
    "pillar_id": ("pillar", "pillar"),
}
#: The history's words for a post created, removed for good, or moved to and from the trash.
CREATED, REMOVED, TRASH = "created", "removed", "trash"
#: A comment added or deleted (its text before → after) and resolved or reopened (False → True).
COMMENT, COMMENT_RESOLVED = "comment", "comment_resolved"
RESTORE = "restore"
STEPS = ("", "undo", "redo", RESTORE)
#: Fields whose values are post ids (a backup names those posts by uuid, like the post itself).
POST_VALUED = frozenset({"follows"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one post (or, with `post_id` None, of the plan: `pillar.name`, …)."""

    post_id: int | None
    field: str
    before: Any
    after: Any

    def as_json(self) -> dict[str, Any]:
        return {
            "post_id": self.post_id,
            "field": self.field,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One recorded change set: when (UTC), by whom, its label, and undo/redo or a plain change."""

    id: int
    at: dt.datetime
    by: str
    label: str
    step: str
    changes: tuple[FieldChange, ...]

    @property
    def title(self) -> str:
        """The label as a reader sees it: “Undo: Move 3 posts”."""
        if self.step == "undo":
            return f"Undo: {self.label}"
        if self.step == "redo":
            return f"Redo: {self.label}"
        return self.label

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "by": self.by,
            "label": self.title,
            "changes": [change.as_json() for change in self.changes],
        }


def plain(value: Any) -> Any:
    """A stored value as JSON keeps it: dates and times as ISO text, enums as their value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, NameRef):
        return value.key
    return value


def referenced_ids(changeset: ChangeSet) -> dict[str, set[int]]:
    """The ids of named rows (channel, person, campaign, pillar) that post changes change from
    or to: the names an entry shows (a bulk change of 20 000 posts' roles needs none)."""
    wanted: dict[str, set[int]] = {}
    for change in changeset.changes:
        before, after = change.before, change.after
        if change.table != "post" or before is None or after is None:
            continue
        # A writer that knows which columns it changed spares the look at every named column.
        columns = NAMED_COLUMNS if change.changed is None else _named(change.changed)
        for column, (_field, table) in columns.items():
            old, new = before.get(column), after.get(column)
            if old != new:
                wanted.setdefault(table, set()).update(
                    value for value in (old, new) if isinstance(value, int)
                )
    return wanted


@functools.lru_cache(maxsize=64)
def _named(changed: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """The named columns among `changed` (a bulk change's rows share a few such tuples)."""
    return {column: NAMED_COLUMNS[column] for column in changed if column in NAMED_COLUMNS}


def names_in(changeset: ChangeSet) -> dict[tuple[str, int], str]:
    """Names of the named rows the change set itself holds (a channel deleted in it, say)."""
    names: dict[tuple[str, int], str] = {}
    for change in changeset.changes:
        if change.table in ("channel", "person", "campaign", "pillar"):
            for row in (change.before, change.after):
                if row is not None and isinstance(row.get("name"), str):
                    names[(change.table, change.key)] = row["name"]
    return names


def field_changes(changeset: ChangeSet, names: Mapping[tuple[str, int], str]) -> list[FieldChange]:
    """What `changeset` did, field by field; `names` maps (table, id) to a name."""
    return [item for part in changes_by_row(changeset, names) for item in part]


def changes_by_row(
    changeset: ChangeSet, names: Mapping[tuple[str, int], str]
) -> list[list[FieldChange]]:
    """field_changes, kept apart for each row change of the set (in its order)."""
    seen: dict[Any, tuple[str, Any, Any]] = {}  # a bulk change repeats a few field changes
    return [
        # A new post (thousands of them in an import) is one change: created, with its title.
        [FieldChange(change.key, CREATED, None, change.after.get("title"))]
        if change.before is None and change.after is not None and change.table == "post"
        else row_changes(change, names, seen)
        for change in changeset.changes
    ]


def row_changes(
    change: RowChange,
    names: Mapping[tuple[str, int], str],
    seen: dict[Any, tuple[str, Any, Any]] | None = None,
) -> list[FieldChange]:
    """What one row change did, field by field (a comment's is a change of its post)."""
    if change.table == "post":
        return post_changes(change, names, seen)
    if change.table == "comment" and comment_post(change) is not None:
        return list(comment_changes(change))
    return list(plan_changes(change))


def post_changes(
    change: RowChange,
    names: Mapping[tuple[str, int], str],
    seen: dict[Any, tuple[str, Any, Any]] | None = None,
) -> list[FieldChange]:
    """A post's field changes; `seen` keeps how (column, before, after) reads, for the next."""
    if change.before is None:
        assert change.after is not None
        return [FieldChange(change.key, CREATED, None, change.after.get("title"))]
    if change.after is None:
        return [FieldChange(change.key, REMOVED, change.before.get("title"), None)]
    before, after = change.before, change.after
    # Which columns changed, asked in one pass over the row (a bulk change has thousands).
    changed = [
        column for column in change.differing() if column in before and column not in QUIET_COLUMNS
    ]
    if seen is None:
        return [post_field(change.key, c, before[c], after[c], names) for c in changed]
    found = []
    for c in changed:
        try:
            read = seen.get((c, before[c], after[c]))
        except TypeError:  # a value that cannot be a key: read as it comes
            found.append(post_field(change.key, c, before[c], after[c], names))
            continue
        if read is None:
            field = post_field(change.key, c, before[c], after[c], names)
            read = seen[(c, before[c], after[c])] = (field.field, field.before, field.after)
        found.append(FieldChange(change.key, *read))
    return found


def post_field(
    key: int, column: str, before: Any, after: Any, names: Mapping[tuple[str, int], str]
) -> FieldChange:
    """How a changed column of a post reads in the history."""
    if column == "deleted_at":
        return FieldChange(key, TRASH, before is not None, after is not None)
    if column in NAMED_COLUMNS:
        field, table = NAMED_COLUMNS[column]
        return FieldChange(key, field, name_of(names, table, before), name_of(names, table, after))
    if column == "follows_id":
        return FieldChange(key, "follows", before, after)
    return FieldChange(key, column, plain(before), plain(after))


def comment_post(change: RowChange) -> int | None:
    """The id of the post a comment row change belongs to (None while it is still a reference)."""
    row = change.after if change.after is not None else change.before
    post_id = row.get("post_id") if row is not None else None
    return post_id if isinstance(post_id, int) else None


def comment_changes(change: RowChange) -> Iterable[FieldChange]:
    """A comment is a change of its post: added or deleted with its text, resolved or reopened."""
    post_id = comment_post(change)
    before, after = change.before, change.after
    if before is None or after is None:
        yield FieldChange(
            post_id,
            COMMENT,
            before.get("text") if before is not None else None,
            after.get("text") if after is not None else None,
        )
    elif bool(before.get("resolved")) != bool(after.get("resolved")):
        yield FieldChange(
            post_id, COMMENT_RESOLVED, bool(before["resolved"]), bool(after["resolved"])
        )


def name_of(names: Mapping[tuple[str, int], str], table: str, key: Any) -> str | None:
    return names.get((table, key)) if isinstance(key, int) else None


def plan_changes(change: RowChange) -> Iterable[FieldChange]:
    """Settings, channels, people, campaigns and pillars: `pillar.name`, `plan.vision`, …"""
    if change.before is None or change.after is None:
        row = change.after if change.before is None else change.before
        assert row is not None
        name = row.get("name", change.key)
        if change.table == "signoff":
            name = f"{plain(row.get('period_start'))} – {plain(row.get('period_end'))}"
        before, after = (None, name) if change.before is None else (name, None)
        yield FieldChange(None, change.table, plain(before), plain(after))
        return
    for column, after in change.after.items():
        before = change.before.get(column)
        if column in QUIET_COLUMNS or column not in change.before or before == after:
            continue
        yield FieldChange(None, f"{change.table}.{column}", plain(before), plain(after))


def compact(changes: Iterable[FieldChange]) -> list[list[Any]]:
    """The stored form: one short list per field change."""
    return [[c.post_id, c.field, c.before, c.after] for c in changes]


def expand(stored: Iterable[list[Any]]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(*item) for item in stored)


@dataclass(frozen=True, slots=True)
class Signoff:
    """A reviewer's sign-off of the plan for a period; `changed` holds the posts of the period
    changed since (ids), so the report and the app can say which."""

    id: int
    uuid: str
    start: dt.date
    end: dt.date
    by: str
    at: dt.datetime
    note: str
    changed: tuple[int, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "period": {"start": self.start.isoformat(), "end": self.end.isoformat()},
            "by": self.by,
            "at": self.at.isoformat(),
            "note": self.note,
            "changed_since": len(self.changed),
            "changed_post_ids": list(self.changed),
        }


@dataclass(frozen=True, slots=True)
class HistorySpec:
    """A history entry from a backup: posts named by uuid."""

    uuid: str
    at: dt.datetime
    by: str
    label: str
    step: str
    changes: tuple[tuple[Any, ...], ...]  # (post uuid or None, field, before, after)
    # The posts it touched: (uuid, {"day_before": date | None, "day_after": date | None}).
    posts: tuple[tuple[str, dict[str, Any]], ...] = ()
