"""Change sets: what one operation changed, row by row, to apply, invert and redo."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class NameRef:
    """A row value standing for the id of the channel, person, campaign or pillar whose name_key
    is `key` (or of the post whose uuid it is), looked up as the row is written, so rows added
    earlier in the same change set are found."""

    table: str
    key: str


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row of one table before and after; `None` before is an insert, `None` after a delete."""

    table: str
    key: int
    before: Row | None
    after: Row | None
    # The columns whose values differ, in `after`'s order, where the writer found them already
    # (a bulk update of 20 000 rows): the history need not compare every row again. None: not known.
    changed: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    def inverse(self) -> RowChange:
        return RowChange(self.table, self.key, self.after, self.before, self.changed)

    def differing(self) -> list[str]:
        """The columns whose values differ between before and after (both must be there)."""
        assert self.before is not None and self.after is not None
        if self.changed is not None:
            return list(self.changed)
        return differing(self.before, self.after)

    @property
    def kind(self) -> str:
        if self.before is None:
            return "insert"
        if self.after is None:
            return "delete"
        return "update"


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """Everything one operation changed. `inverse()` undoes it when applied through the services."""

    label: str
    changes: tuple[RowChange, ...] = ()
    # Ids of posts the operation is about (new posts included): views select them afterwards.
    focus: tuple[int, ...] = field(default=())

    def inverse(self) -> ChangeSet:
        return ChangeSet(
            self.label, tuple(change.inverse() for change in reversed(self.changes)), self.focus
        )

    def __bool__(self) -> bool:
        return bool(self.changes)

    def tables(self) -> set[str]:
        return {change.table for change in self.changes}

    def keys(self, table: str) -> list[int]:
        return [change.key for change in self.changes if change.table == table]

    @property
    def post_ids(self) -> list[int]:
        return self.keys("post")

    def created(self, table: str = "post") -> list[int]:
        return [c.key for c in self.changes if c.table == table and c.kind == "insert"]

    @staticmethod
    def merge(label: str, parts: Iterable[ChangeSet]) -> ChangeSet:
        changes: list[RowChange] = []
        focus: list[int] = []
        for part in parts:
            changes.extend(part.changes)
            focus.extend(part.focus)
        return ChangeSet(label, tuple(changes), tuple(dict.fromkeys(focus)))


def differing(before: Row, after: Row) -> list[str]:
    """The keys of `after` whose value is not the same in `before` (missing there included), in
    `after`'s order. One set difference of the rows' items, at C speed: a bulk change compares
    20 000 rows of thirty columns, of which a few differ."""
    try:
        diff = after.items() - before.items()
    except TypeError:  # a value that cannot be hashed: compared one by one
        return [key for key, value in after.items() if key not in before or before[key] != value]
    if not diff:
        return []
    keys = {key for key, _value in diff}
    return [key for key in after if key in keys]
