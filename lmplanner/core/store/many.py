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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Dialect
    from sqlalchemy.sql.expression import ClauseElement


@dataclass(frozen=True, slots=True)
class ManyStatement:
    """A statement compiled for one dialect, with how a row's values become its parameters."""

    sql: str
    names: tuple[str, ...]  # bind names, in the order a positional driver takes them
    positional: bool
    converters: tuple[tuple[int, Callable[[Any], Any]], ...]  # (index in names, processor)

    def parameters(self, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
        """Each row's parameters, as the driver takes them."""
        pick = itemgetter(*self.names)
        single = len(self.names) == 1
        values = [(pick(row),) if single else pick(row) for row in rows]
        if self.converters:
            convert = self._converter()
            values = [convert(row) for row in values]
        if self.positional:
            return values
        return [dict(zip(self.names, row, strict=True)) for row in values]

    def _converter(self) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
        """Converts a row's values; each distinct value once per call of `parameters` (rows of
        a bulk change share their timestamp, posts share a few hundred dates)."""
        steps: list[tuple[int, Callable[[Any], Any], dict[Any, Any]]] = [
            (index, process, {}) for index, process in self.converters
        ]

        def convert(row: tuple[Any, ...]) -> tuple[Any, ...]:
            converted = list(row)
            for index, process, done in steps:
                value = converted[index]
                if value is None:
                    continue
                try:
                    converted[index] = done[value]
                except KeyError:
                    converted[index] = done[value] = process(value)
                except TypeError:  # a value that cannot be a key: converted as it comes
                    converted[index] = process(value)
            return tuple(converted)

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
    rows: Sequence[Mapping[str, Any]],
    keys: Sequence[str] | None = None,
) -> int:
    """Run `statement` once per row (one executemany); returns the rows it changed, as the
    driver counts them (every driver the plans use counts an executemany as a whole)."""
    if not rows:
        return 0
    many = statement if isinstance(statement, ManyStatement) else None
    if many is None:
        assert not isinstance(statement, ManyStatement)
        many = prepare_many(conn.dialect, statement, keys)
    result = conn.exec_driver_sql(many.sql, many.parameters(rows))
    return int(result.rowcount)
