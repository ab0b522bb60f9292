"""One statement run for thousands of rows through the database driver's own executemany.

`conn.execute(statement, rows)` builds every row's parameters anew from its dict and runs
each value through the column type's processor, in Python, per parameter: for a 10 000-post
import that costs more than the database's own work. Here the statement is compiled once for
the connection's dialect, each row becomes a plain tuple (or dict, for a driver that takes
named parameters) by one itemgetter, and only the columns whose type needs converting
(dates, times, flags, UTC timestamps) pass through that type's processor — the same values,
stored the same way, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from lmplanner.core.store.sqlite_file import ROOMY_CACHE

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Dialect
    from sqlalchemy.sql.expression import ClauseElement, ColumnElement, Select


@dataclass(frozen=True, slots=True)
class ManyStatement:
    """A statement compiled for one dialect, with how a row's values become its parameters."""

    sql: str
    names: tuple[str, ...]  # bind names, in the order a positional driver takes them
    positional: bool
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # (index in names, processor)

    def parameters(self, rows: Sequence[Any], columns: Sequence[str] | None = None) -> list[Any]:
        """Each row's parameters, as the driver takes them. A row is a mapping by bind name or,
        with `columns` (the bind name of each of its places), a tuple: a bulk writer that builds
        tuples spares a dict per row."""
        single = len(self.names) == 1
        if columns is None:
            pick = itemgetter(*self.names)
            values: list[Any] = [(pick(row),) if single else pick(row) for row in rows]
        elif tuple(columns) == self.names:
            values = list(rows)
        else:
            take = itemgetter(*(list(columns).index(name) for name in self.names))
            values = [(take(row),) if single else take(row) for row in rows]
        if self.converters and values:
            # Column by column: each distinct value converted once per call (rows of a bulk
            # change share their timestamp, posts share a few hundred dates), the rest looked
            # up at C speed, not a Python loop over every converted cell of every row.
            cells: list[Sequence[Any]] = list(zip(*values, strict=True))
            for index, process in self.converters:
                cells[index] = converted_column(cells[index], process)
            values = list(zip(*cells, strict=True))
        if self.positional:
            return values
        return [dict(zip(self.names, row, strict=True)) for row in values]


class _Remembered(dict[Any, Any]):
    """What `process` made of each value it was given; a value met again is only looked up."""

    __slots__ = ("process",)

    def __init__(self, process: Callable[[Any], Any]) -> None:
        super().__init__()
        self.process = process

    def __missing__(self, value: Any) -> Any:
        result = self[value] = self.process(value)
        return result


def converted_column(column: Sequence[Any], process: Callable[[Any], Any]) -> list[Any]:
    """`process` applied to every value of a column but None (bound as it is), each distinct
    value once."""
    done = _Remembered(process)
    done[None] = None
    try:
        return list(map(done.__getitem__, column))
    except TypeError:  # a value that cannot be a key: each converted as it comes
        return [None if value is None else process(value) for value in column]


def remembering_converter(
    processors: Sequence[tuple[int, Callable[[Any], Any]]], *, skip_none: bool
) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A row converter applying each (index, processor), each distinct value converted once for
    the converter's life; `skip_none` leaves None values alone."""
    steps = [(index, process, dict[Any, Any]()) for index, process in processors]

    def convert(row: Sequence[Any]) -> tuple[Any, ...]:
        values = list(row)
        for index, process, done in steps:
            value = values[index]
            if value is None and skip_none:
                continue
            try:
                values[index] = done[value]
            except KeyError:
                values[index] = done[value] = process(value)
            except TypeError:  # a value that cannot be a key: converted as it comes
                values[index] = process(value)
        return tuple(values)

    return convert


def prepare_many(
    dialect: Dialect, statement: ClauseElement, keys: Sequence[str] | None = None
) -> ManyStatement:
    """Compile `statement` once; an insert without values takes the columns `keys`."""
    compiled: Any = statement.compile(
        dialect=dialect, column_keys=list(keys or ()) or None, for_executemany=True
    )
    positional = bool(compiled.positional)
    names = tuple(compiled.positiontup) if positional else tuple(compiled.binds)
    # A column left out would take its default in SQLAlchemy's own executemany: rows here
    # carry every value themselves.
    missing = [name for name in names if keys is not None and name not in keys]
    assert not missing, f"rows lack the columns {missing}"
    converters = []
    for index, name in enumerate(names):
        bind_type = compiled.binds[name].type
        process = bind_type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            converters.append((index, process))
    escaped = getattr(compiled, "escaped_bind_names", None) or {}
    assert not escaped, f"bind names the driver cannot take as they are: {escaped}"
    return ManyStatement(compiled.string, names, positional, tuple(converters))


def execute_many(
    conn: Connection,
    statement: ClauseElement | ManyStatement,
    rows: Sequence[Any],
    keys: Sequence[str] | None = None,
    *,
    columns: Sequence[str] | None = None,
) -> int:
    """Run `statement` once per row (one executemany); returns the rows it changed, as the
    driver counts them (every driver the plans use counts an executemany as a whole). Rows are
    mappings, or tuples whose places are the bind names `columns` (see ManyStatement.parameters)."""
    if not rows:
        return 0
    many = statement if isinstance(statement, ManyStatement) else None
    if many is None:
        assert not isinstance(statement, ManyStatement)
        many = prepare_many(conn.dialect, statement, keys or columns)
    result = conn.exec_driver_sql(many.sql, many.parameters(rows, columns))
    return int(result.rowcount)


def read_many(
    conn: Connection, query: Select[Any], key: ColumnElement[int], keys: Sequence[int], span: int
) -> list[tuple[Any, ...]]:
    """The rows of `query` whose `key` column is one of `keys` (whole numbers), as plain tuples
    of the values SQLAlchemy would give: the bulk twin of reading by `key.in_(…)`.

    An IN list of hundreds of keys is rendered, bound and converted anew for each chunk; here
    the query is compiled once with a range of keys (`key` between two bounds, at most `span`
    apart) and run through the driver, the rows not asked for dropped, and only the columns
    whose type needs it converted, each distinct value once (posts share dates and times)."""
    from sqlalchemy import bindparam

    wanted = set(keys)
    ranged = query.where(key >= bindparam("key_low"), key <= bindparam("key_high"))
    compiled: Any = ranged.compile(dialect=conn.dialect)
    names = tuple(compiled.positiontup) if compiled.positional else None
    assert set(compiled.binds) == {"key_low", "key_high"}, "the query binds other values"
    convert = _row_converter(conn.dialect, ranged)
    index = [c.name for c in ranged.selected_columns].index(key.name)
    found: list[tuple[Any, ...]] = []
    for low, high in key_runs(sorted(wanted), span):
        bounds = {"key_low": low, "key_high": high}
        params: Any = tuple(bounds[n] for n in names) if names is not None else bounds
        rows = conn.exec_driver_sql(compiled.string, params).fetchall()
        found.extend(convert(row) for row in rows if row[index] in wanted)
    return found


def key_runs(keys: Sequence[int], span: int) -> list[tuple[int, int]]:
    """Sorted keys as (first, last) runs no more than `span` apart."""
    runs: list[tuple[int, int]] = []
    for k in keys:
        if runs and k - runs[-1][0] < span:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    return runs


def _row_converter(
    dialect: Dialect, query: Select[Any]
) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """How a driver's row becomes the values SQLAlchemy's result would hold."""
    processors = []
    for index, column in enumerate(query.selected_columns):
        process = column.type.dialect_impl(dialect).result_processor(dialect, None)
        if process is not None:
            processors.append((index, process))
    return remembering_converter(processors, skip_none=False)


# A plan connection's small page cache (sqlite_file.PAGE_CACHE_KIB) is full long before an
# import of thousands of posts is: SQLite then writes pages out to the WAL in the middle of the
# transaction and reads index pages back for the next rows. While many rows go in, the cache
# holds about what they make (a post and its index entries take under a KiB), up to this.
ROOMY_CACHE_MAX_KIB = 64 * 1024
ROOMY_CACHE_ROWS = 1000  # fewer rows fit in the usual cache


def roomy_cache(conn: Connection, rows: int) -> None:
    """On SQLite, a page cache sized for writing `rows` new rows on `conn` until the connection
    goes back to its pool, after its transaction: the plan's engine then sets the usual cache
    again and frees the pages (sqlite_file.usual_cache). Other databases manage their memory."""
    if conn.dialect.name != "sqlite" or rows < ROOMY_CACHE_ROWS:
        return
    kib = min(rows, ROOMY_CACHE_MAX_KIB)
    if conn.info.get(ROOMY_CACHE, 0) >= kib:
        return
    conn.exec_driver_sql(f"PRAGMA cache_size = -{kib}")
    conn.info[ROOMY_CACHE] = kib
