"""Records of a file turned into validated posts: one at a time, or a whole file column by column.

Every record is checked the same way; `convert_records` only asks each distinct cell (and each
distinct combination of the cells whose rules depend on each other) once, and takes any record
with a problem through `convert_record`, which says what the problem is.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from operator import methodcaller
from typing import TYPE_CHECKING, Any

from lmplanner.core.domain import Role
from lmplanner.core.errors import ValidationError
from lmplanner.core.io.records import (
    ImportFileError,
    ImportOptions,
    ImportRecord,
    Problem,
    RawRecord,
)
from lmplanner.core.post_fields import EDITABLE, FIELDS, Value

if TYPE_CHECKING:
    from lmplanner.core.services import ValidPost


class Suggester:
    """The role suggester, imported on first use (it loads a model)."""

    def __init__(self) -> None:
        self._suggest: Callable[..., Any] | None = None

    def __call__(self, title: str, body: str) -> Role:
        if self._suggest is None:
            try:
                module = importlib.import_module("lmplanner.core.suggest")
                self._suggest = module.suggest_role
            except (ImportError, AttributeError):
                raise ImportFileError("role suggestion is not available in this build") from None
        return Role(self._suggest(title, body).role)


def convert_record(
    raw: RawRecord,
    opts: ImportOptions,
    suggest: Suggester | None,
    parsers: Mapping[Value, Callable[[str], Any]],
    check: Callable[[Mapping[str, Any]], ValidPost] | None = None,
) -> ImportRecord:
    """Turn a raw record into a validated post, collecting every problem found on the way."""
    cells = raw.cells
    problems = list(raw.problems)
    values = field_values(raw, problems, parsers)
    values["channel"] = values["channel"] or opts.default_channel
    role = cells.get("role", "").strip()
    if role:
        values["role"] = role
    elif suggest is not None and values["title"].strip():
        values["role"] = suggest(values["title"], values["body"])
        values["role_suggested"] = True
    else:
        values["role"] = opts.default_role
    series = raw.series
    if problems:
        return ImportRecord(raw.line, cells, None, tuple(problems), extra=raw.extra, series=series)
    try:
        checked = (check or _check_post)(values)
    except ValidationError as exc:
        problem = raw.problem(exc.field or "title", str(exc))
        return ImportRecord(raw.line, cells, None, (problem,), extra=raw.extra, series=series)
    return ImportRecord(raw.line, cells, checked, extra=raw.extra, series=series)


# The editable fields by what their cell holds, decided once for every record of a file.
_TEXT_CELLS = tuple(name for name in EDITABLE if FIELDS[name].value is Value.TEXT)
_TRIMMED_CELLS = tuple(
    name for name in EDITABLE if FIELDS[name].value in (Value.NAME, Value.CHOICE)
)
_POST_CELLS = tuple(name for name in EDITABLE if FIELDS[name].value is Value.POST)
_PARSED_CELLS = tuple(
    (name, FIELDS[name].value)
    for name in EDITABLE
    if FIELDS[name].value in (Value.DATE, Value.TIME, Value.FLAG, Value.NUMBER)
)


def field_values(
    raw: RawRecord, problems: list[Problem], parsers: Mapping[Value, Callable[[str], Any]]
) -> dict[str, Any]:
    """Each editable field's value from its cell: text as written, names and choices trimmed
    (None when empty), dates, times, flags and counts parsed; a parse failure joins `problems`."""
    cells = raw.cells
    values: dict[str, Any] = {name: cells.get(name, "") for name in _TEXT_CELLS}
    for name in _TRIMMED_CELLS:
        values[name] = cells.get(name, "").strip() or None
    for name in _POST_CELLS:
        values[name] = None  # a uuid in files: resolved against the file and the plan
    for name, kind in _PARSED_CELLS:
        text = cells.get(name, "")
        values[name] = False if kind is Value.FLAG else None
        if text and text.strip() and not (problems and any(p.field == name for p in problems)):
            try:
                values[name] = parsers[kind](text)
            except ValueError as exc:
                problems.append(raw.problem(name, str(exc)))
    return values


def _check_post(values: Mapping[str, Any]) -> ValidPost:
    # Imported on first use (the services load SQLAlchemy), not once per record.
    from lmplanner.core.services import check_post

    return check_post(values)


def convert_records(
    raws: Sequence[RawRecord],
    opts: ImportOptions,
    suggest: Suggester | None,
    parsers: Mapping[Value, Callable[[str], Any]],
) -> tuple[ImportRecord, ...]:
    """convert_record of every record of a file, field by field: what each distinct cell
    makes is worked out once (a file of 10 000 posts has a few hundred dates, a few channels),
    and validated with validate_many. A record with a problem anywhere is converted again on
    its own, so its problems are listed exactly as convert_record lists them."""
    from lmplanner.core.services import ValidPost, post_checker, validate_many

    texts = _cell_columns([raw.cells for raw in raws])
    columns = {name: _cell_values(name, texts, len(raws), opts, suggest) for name in EDITABLE}
    for name, kind in _PARSED_CELLS:
        columns[name] = _parsed(columns[name], parsers[kind], kind)
    unread: set[int] = set()
    for values in columns.values():
        if _UNREAD in values:
            unread.update(i for i, value in enumerate(values) if value is _UNREAD)
            # Any value: that record is converted on its own.
            values[:] = [None if value is _UNREAD else value for value in values]
    check = post_checker()
    records = []
    for i, (raw, clean) in enumerate(zip(raws, validate_many(columns), strict=True)):
        if clean is None or raw.problems or i in unread:
            records.append(convert_record(raw, opts, suggest, parsers, check))
        else:
            records.append(
                ImportRecord(
                    raw.line, raw.cells, ValidPost(clean), extra=raw.extra, series=raw.series
                )
            )
    return tuple(records)


# Stands in for a cell convert_records cannot read without convert_record (a date it cannot
# parse, a role to suggest): that record is converted on its own.
_UNREAD: Any = object()


def _cell_columns(cells: Sequence[Mapping[str, str]]) -> Callable[[str], Sequence[str]]:
    """Each column's cells in record order, "" where a record has none."""
    names = tuple(cells[0]) if cells else ()
    if all(tuple(record) == names for record in cells):  # one header: the same columns
        values = zip(*map(methodcaller("values"), cells), strict=True)
        columns = dict(zip(names, values, strict=True))
        empty = ("",) * len(cells)
        return lambda name: columns.get(name, empty)
    return lambda name: list(map(methodcaller("get", name, ""), cells))


def _cell_values(
    name: str,
    cells: Callable[[str], Sequence[str]],
    count: int,
    opts: ImportOptions,
    suggest: Suggester | None,
) -> list[Any]:
    """One field's value in each record as convert_record makes it (parsed fields still as
    text); _UNREAD for a role left to the suggester."""
    if name in _POST_CELLS:
        return [None] * count
    texts = list(cells(name))
    if name not in _TRIMMED_CELLS:
        return texts
    default: Any = None
    if name == "channel":
        default = opts.default_channel
    elif name == "role":
        default = opts.default_role if suggest is None else _UNREAD
    trimmed = {text: text.strip() or default for text in set(texts)}
    return list(map(trimmed.__getitem__, texts))


def _parsed(texts: Sequence[str], parse: Callable[[str], Any], kind: Value) -> list[Any]:
    """Parsed cells as field_values reads them: empty ones unset, _UNREAD where `parse`
    refuses the text."""
    empty = False if kind is Value.FLAG else None
    read: dict[str, Any] = {}
    for text in set(texts):
        if not text.strip():
            read[text] = empty
            continue
        try:
            read[text] = parse(text)
        except ValueError:
            read[text] = _UNREAD
    return list(map(read.__getitem__, texts))
