"""The fields of a post, declared once: what each holds, how it is stored and how it is written.

PostRecord, PostDraft and the `post` table are checked against POST_SHAPE by tests; validation,
the CSV and JSON layouts, the CLI options and the start-up snapshot take their field lists from it.
A new post field is one row here, the same attribute on those three classes, and a migration.
This module needs neither SQLAlchemy nor Qt: the snapshot path reads with it before they load.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from enum import StrEnum
from itertools import repeat
from operator import call, itemgetter
from typing import Any

from lmplanner.core.domain import (
    BODY_MAX,
    LINK_MAX,
    NOTES_MAX,
    TITLE_MAX,
    Kind,
    PostRecord,
    Role,
    Status,
)


class Value(StrEnum):
    """What sort of value a field holds, which decides how it is stored, read and written."""

    NUMBER = "number"  # a whole number; an editable one is a count from 0 to RESULT_MAX
    TEXT = "text"
    NAME = "name"  # a channel, person or campaign: text on a record, the id of its row in the table
    DATE = "date"
    TIME = "time"  # wall-clock, no zone
    CHOICE = "choice"  # one of a StrEnum's values
    FLAG = "flag"
    STAMP = "stamp"  # a UTC moment the service keeps, never typed by a person
    POST = "post"  # another post of the plan: its id on a record and in the table
    SERIES = "series"  # the recurring series a post is an occurrence of: its id, set by the service


@dataclass(frozen=True, slots=True)
class PostField:
    """One field of a post. `editable` fields are the ones people set: they are validated, make up
    a PostDraft, are the columns of CSV and JSON files and (with `option`) the CLI's options."""

    name: str
    value: Value
    editable: bool = True
    required: bool = False  # every post needs one: no default in PostDraft, a required CLI option
    choices: type[StrEnum] | None = None  # CHOICE: the enum
    names: str | None = None  # NAME: the table of names it points into
    limit: int | None = None  # TEXT: the most characters it may have
    option: bool = True  # an editable field people set from the CLI with `--name`

    @property
    def column(self) -> str:
        """The post table's column: a name is stored as its row's id."""
        linked = self.names or self.value in (Value.POST, Value.SERIES)
        return f"{self.name}_id" if linked else self.name

    def from_stored(self, value: Any) -> Any:
        """A stored value (names already resolved to text) as the record holds it."""
        if self.value is Value.CHOICE:
            assert self.choices is not None
            return self.choices(value) if value else None
        if self.value is Value.FLAG:
            return bool(value)
        return value

    def text(self, value: Any) -> str:
        """The value as one cell of text (CSV): empty when unset."""
        if value is None:
            return ""
        if self.value is Value.FLAG:
            return "yes" if value else ""
        return str(self.json(value))

    def json(self, value: Any) -> Any:
        """The value as JSON: dates and times as ISO text, choices by value, stamps in UTC."""
        if value is None:
            return None
        if self.value is Value.DATE:
            return value.isoformat()
        if self.value is Value.TIME:
            return value.strftime("%H:%M")
        if self.value is Value.CHOICE:
            return value.value
        if self.value is Value.STAMP:
            return utc_text(value)
        return value


def utc_text(value: dt.datetime) -> str:
    """A moment in UTC as ISO text; a naive value is taken to be UTC already (as stored)."""
    aware = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return aware.isoformat()


# In PostRecord's order. The bookkeeping fields (not editable) are kept by the service.
POST_SHAPE: tuple[PostField, ...] = (
    PostField("id", Value.NUMBER, editable=False),
    PostField("title", Value.TEXT, required=True, limit=TITLE_MAX),
    PostField("role", Value.CHOICE, required=True, choices=Role),
    PostField("channel", Value.NAME, required=True, names="channel"),
    PostField("date", Value.DATE),
    PostField("time", Value.TIME),
    PostField("body", Value.TEXT, limit=BODY_MAX),
    PostField("kind", Value.CHOICE, choices=Kind),
    PostField("status", Value.CHOICE, choices=Status),
    PostField("author", Value.NAME, names="person"),
    PostField("campaign", Value.NAME, names="campaign"),
    PostField("link", Value.TEXT, limit=LINK_MAX),
    PostField("notes", Value.TEXT, limit=NOTES_MAX),
    # Its kind in the other role: set aside by a role change, restored by changing back.
    PostField("other_kind", Value.CHOICE, choices=Kind, option=False),
    PostField("role_suggested", Value.FLAG, option=False),
    PostField("pillar", Value.NAME, names="pillar"),
    PostField("follows", Value.POST),
    # What the post achieved, as read from the channel on `read_on`.
    PostField("impressions", Value.NUMBER),
    PostField("reactions", Value.NUMBER),
    PostField("comments", Value.NUMBER),
    PostField("shares", Value.NUMBER),
    PostField("clicks", Value.NUMBER),
    PostField("new_followers", Value.NUMBER),
    PostField("read_on", Value.DATE),
    # The series it is an occurrence of; only the series service links and unlinks it.
    PostField("series", Value.SERIES, editable=False),
    PostField("version", Value.NUMBER, editable=False),
    PostField("created_at", Value.STAMP, editable=False),
    PostField("updated_at", Value.STAMP, editable=False),
    PostField("deleted_at", Value.STAMP, editable=False),
)
FIELDS: dict[str, PostField] = {f.name: f for f in POST_SHAPE}
EDITABLE: tuple[str, ...] = tuple(f.name for f in POST_SHAPE if f.editable)
NAME_FIELDS: tuple[PostField, ...] = tuple(f for f in POST_SHAPE if f.names)
# Stored with a post but not part of a record: its identity across plans (backups, calendars).
ROW_ONLY_COLUMNS: tuple[str, ...] = ("uuid",)
# Kept by the service but written by the CSV and CLI JSON layouts for reference (imports ignore it).
REFERENCES: tuple[str, ...] = tuple(
    f.name for f in POST_SHAPE if not f.editable and f.value is Value.SERIES
)


def in_order(names: Sequence[str], lead: Sequence[str]) -> tuple[str, ...]:
    """`names` with `lead` first, in a layout's established order, and the rest as declared: a
    new field joins every layout at its end, where existing readers of the layout ignore it."""
    unknown = [name for name in lead if name not in names]
    assert not unknown, f"layout names fields that are not there: {unknown}"
    return (*lead, *(name for name in names if name not in lead))


def record_from_values(values: Mapping[str, Any]) -> PostRecord:
    """A record from stored values by field name, names resolved to their text."""
    return PostRecord(
        **{name: values[name] if read is None else read(values[name]) for name, read in _READERS}
    )


def record_maker(positions: Sequence[int]) -> Callable[[Sequence[Any]], PostRecord]:
    """record_from_values for rows as tuples, `positions[i]` being where the i-th field of
    POST_SHAPE is in a row: decided once per query, not asked again for each of 20 000 rows."""
    assert len(positions) == len(_READERS)
    pick = itemgetter(*positions)  # the fields in their order, taken at C speed
    reads = tuple((index, read) for index, (_name, read) in enumerate(_READERS) if read)

    def make(row: Sequence[Any]) -> PostRecord:
        values = list(pick(row))
        for index, read in reads:  # only the few fields stored in another form
            values[index] = read(values[index])
        return build_record(values)

    return make


def _record_builder() -> Callable[[Sequence[Any]], PostRecord]:
    """PostRecord(*values), made about a third faster: each slot set through its descriptor in
    one pass at C speed, where the frozen dataclass's __init__ calls object.__setattr__ once per
    field (a bulk change or the agenda makes tens of thousands of records). The same record:
    every field is given (no defaults to fill) and PostRecord has no __post_init__."""
    assert not hasattr(PostRecord, "__post_init__")
    setters = [getattr(PostRecord, f.name).__set__ for f in fields(PostRecord)]
    count = len(setters)
    new = object.__new__

    def build(values: Sequence[Any]) -> PostRecord:
        if len(values) != count:
            raise TypeError(f"a post record takes {count} values, not {len(values)}")
        record: PostRecord = new(PostRecord)
        deque(map(call, setters, repeat(record, count), values), maxlen=0)
        return record

    return build


build_record = _record_builder()


def _stored_reader(f: PostField) -> Callable[[Any], Any] | None:
    """f.from_stored with its question answered once; None where a value is kept as it is."""
    if f.value is Value.CHOICE:
        assert f.choices is not None
        members: Mapping[Any, Any] = f.choices._value2member_map_
        return lambda value: (members.get(value) or f.from_stored(value)) if value else None
    if f.value is Value.FLAG:
        return bool
    return None


# Every post read goes through here (a year's report reads thousands).
_READERS: tuple[tuple[str, Callable[[Any], Any] | None], ...] = tuple(
    (f.name, _stored_reader(f)) for f in POST_SHAPE
)


def row_reader(
    from_driver: Mapping[Value, Callable[[Any], Any]] | None = None,
) -> Callable[[Sequence[Any]], PostRecord]:
    """Records from rows of stored values in POST_SHAPE's order, names as their text; a sort of
    value in `from_driver` is first turned from the form a driver hands it over in (sqlite3's
    text dates). Made once, it reads a row as quickly as a list is built: the start-up snapshot
    reads a thousand before the month is painted."""
    steps: list[tuple[int, Callable[[Any], Any]]] = []
    for index, (f, (_name, read)) in enumerate(zip(POST_SHAPE, _READERS, strict=True)):
        convert = (from_driver or {}).get(f.value)
        if convert is not None:
            steps.append((index, _then(convert, read)))
        elif read is not None:
            steps.append((index, read))

    def record(row: Sequence[Any]) -> PostRecord:
        values = list(row)
        for index, step in steps:
            values[index] = step(values[index])
        return build_record(values)

    return record


def _then(convert: Callable[[Any], Any], read: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """`convert` a value that is there, then `read` it (None stays None until `read`)."""
    if read is None:
        return lambda value: None if value is None else convert(value)
    return lambda value: read(None if value is None else convert(value))


def row_values(
    values: Mapping[str, Any], name_id: Callable[[str, str | None], Any]
) -> dict[str, Any]:
    """The post table's editable columns for validated values. `name_id(table, name)` gives the
    id of a name's row (or an SQL expression for it); None for no name."""
    row: dict[str, Any] = {}
    for name, column, names, stored in _ROW_PLAN:
        value = values[name]
        if names:
            value = name_id(names, value)
        elif stored is not None:
            value = stored[value] if value else None
        row[column] = value
    return row


def _stored_values(f: PostField) -> dict[Any, str] | None:
    """A choice's members to the text stored for them (a look-up, not an enum attribute)."""
    if f.value is not Value.CHOICE:
        return None
    assert f.choices is not None
    return {member: member.value for member in f.choices}


# (field, column, table of names, stored text of its choices) of each editable field: rows for
# an import of thousands of posts are built without asking each field what it is again.
_ROW_PLAN: tuple[tuple[str, str, str | None, dict[Any, str] | None], ...] = tuple(
    (f.name, f.column, f.names, _stored_values(f)) for f in POST_SHAPE if f.editable
)
