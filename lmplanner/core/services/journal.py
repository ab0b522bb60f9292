"""Every change set is recorded where it is made: in its own write transaction, with who made it.

A public service method that returns a ChangeSet runs inside one *joined* write: the writes it
makes (`self.plan.write()`, possibly several, possibly through other service methods) share one
transaction, and the history entry is written into that same transaction just before it
commits — a change and its history entry are saved together or not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import sys
import uuid as uuid_module
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from lmplanner.core.bulk import collector_paused
from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import RESULT_FIELDS
from lmplanner.core.history import (
    FieldChange,
    changes_by_row,
    comment_post,
    compact,
    names_in,
    referenced_ids,
)
from lmplanner.core.store.many import execute_many

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from lmplanner.core.store import Plan

Method = TypeVar("Method", bound=Callable[..., Any])


class JoinedWrite:
    """Stands in for the plan during one recorded service call: the first `write()` opens the
    plan's write transaction, later ones join it, and reads see what it wrote so far."""

    def __init__(self, plan: Plan) -> None:
        self.real = plan
        self.conn: Connection | None = None
        self.failure: BaseException | None = None
        self._stack = contextlib.ExitStack()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        if self.conn is None:
            self.conn = self._stack.enter_context(self.real.write())
        try:
            yield self.conn
        except BaseException as exc:
            # Whatever a caller does with it, a failed write block never commits.
            self.failure = exc
            raise

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        if self.conn is not None:
            yield self.conn
            return
        with self.real.read() as conn:
            yield conn

    def finish(self, exc: BaseException | None) -> None:
        """Commit (no exception) or roll back; errors of the commit itself propagate."""
        if exc is None and self.failure is not None:
            exc = self.failure
        if exc is None:
            self._stack.close()
            return
        if not self._stack.__exit__(type(exc), exc, exc.__traceback__):
            raise exc


def recorded(method: Method) -> Method:
    """Run a service method that returns a ChangeSet in one joined write, recording it."""

    @functools.wraps(method)
    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self._joined is not None:  # called from another recorded method: its transaction
            return method(self, *args, **kwargs)
        joined = self._joined = JoinedWrite(self._plan)
        self._history_step = ""
        # A change of thousands of posts keeps every row it makes: no collection passes over them.
        with collector_paused():
            try:
                result = method(self, *args, **kwargs)
                if result and joined.conn is not None and joined.failure is None:
                    record_history(joined.conn, result, self.actor, self._history_step)
            except BaseException:
                self._joined = None
                joined.finish(sys.exc_info()[1])
                raise
            self._joined = None
            joined.finish(None)
        return result

    return call  # type: ignore[return-value]


def database_now(conn: Connection) -> dt.datetime:
    """Now: the database's clock on a team plan (members' clocks differ), else this one's."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy import text

        moment: dt.datetime = conn.execute(text("SELECT clock_timestamp()")).scalar_one()
        return moment
    return dt.datetime.now(dt.UTC)


def record_history(conn: Connection, changeset: ChangeSet, by: str, step: str) -> None:
    """Write the history entry of `changeset` (already applied in `conn`'s transaction)."""
    from sqlalchemy import insert

    from lmplanner.core.store.schema import table

    names = names_in(changeset)
    names.update(lookup_names(conn, referenced_ids(changeset), names))
    by_row = changes_by_row(changeset, names)
    changes = [item for part in by_row for item in part]
    row = {
        "uuid": str(uuid_module.uuid4()),
        "at": database_now(conn),
        "by": by[:80],
        "label": changeset.label[:300],
        "step": step,
        "changes": json.dumps(compact(changes), ensure_ascii=False, separators=(",", ":")),
    }
    entry_id = conn.execute(insert(table("history")).values(**row)).inserted_primary_key
    assert entry_id is not None
    links = post_links(changeset, entry_id[0], by_row, comment_post_uuids(conn, changeset))
    if links:
        execute_many(conn, insert(table("history_post")), links, columns=LINK_COLUMNS)


def comment_post_uuids(conn: Connection, changeset: ChangeSet) -> dict[int, str]:
    """The uuids of the posts whose comments the change set added, changed or deleted."""
    from sqlalchemy import select

    from lmplanner.core.store.schema import table

    wanted = {
        post_id
        for change in changeset.changes
        if change.table == "comment" and (post_id := comment_post(change)) is not None
    }
    if not wanted:
        return {}
    post = table("post")
    query = select(post.c.id, post.c.uuid).where(post.c.id.in_(sorted(wanted)))
    return {int(key): str(uuid) for key, uuid in conn.execute(query)}


# A history_post row's columns, in the order post_links gives its rows.
LINK_COLUMNS = ("history_id", "post_id", "post_uuid", "day_before", "day_after")


def post_links(
    changeset: ChangeSet,
    entry_id: int,
    by_row: Sequence[Sequence[FieldChange]],
    comment_uuids: Mapping[int, str] | None = None,
) -> list[tuple[Any, ...]]:
    """One history_post row (LINK_COLUMNS) per post whose change the entry shows (`by_row`: the
    field changes of each row change): its uuid and its day before and after (what sign-offs
    check periods against). A post only commented on (`comment_uuids`: its uuid) is linked
    without days: a comment changes no plan anyone signed off. Plain lists and tuples, not a
    dict per post: a bulk change links 20 000."""
    links: dict[int, list[Any]] = {}  # post id → [uuid, day before, day after, shown]
    for change, fields in zip(changeset.changes, by_row, strict=True):
        if change.table != "post":
            continue
        before, after = change.before or {}, change.after or {}
        link = links.get(change.key)
        if link is None:
            uuid = after.get("uuid") or before.get("uuid")
            link = links[change.key] = [uuid, before.get("date"), None, False]
        link[2] = after.get("date")
        if fields:
            link[3] = True
            if change.before is not None and change.after is not None and only_results(fields):
                # Numbers read back from a channel change no plan anyone signed off.
                link[1] = link[2] = None
    for key, uuid in (comment_uuids or {}).items():
        link = links.setdefault(key, [uuid, None, None, True])
        link[3] = True  # its comment is in the entry
    return [(entry_id, key, *links[key][:3]) for key in sorted(links) if links[key][3]]


def only_results(fields: Sequence[FieldChange]) -> bool:
    """Whether an update changed results (counts, read_on) and nothing else a person sees."""
    # The first field answers for nearly every row of a bulk change (a role, a day).
    return (
        bool(fields)
        and fields[0].field in RESULT_FIELDS
        and all(change.field in RESULT_FIELDS for change in fields)
    )


def lookup_names(
    conn: Connection, wanted: dict[str, set[int]], known: dict[tuple[str, int], str]
) -> dict[tuple[str, int], str]:
    from sqlalchemy import select

    from lmplanner.core.store.schema import table

    found: dict[tuple[str, int], str] = {}
    for name, ids in wanted.items():
        missing = sorted(i for i in ids if (name, i) not in known)
        if not missing:
            continue
        t = table(name)
        for key, text in conn.execute(select(t.c.id, t.c.name).where(t.c.id.in_(missing))):
            found[(name, key)] = text
    return found
