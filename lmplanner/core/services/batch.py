"""Writing many posts at once: new posts, bulk changes and their undo, in batches.

Imports, restores, series and bulk edits touch thousands of posts. Row by row that is three
queries a post; here it is one read and one executemany per 500 posts (per group of posts that
change the same columns), with the same checks `_execute` makes row by row: an update only lands
on the version it was based on, an undo only on the content it expects.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import NameRef, RowChange, differing
from lmplanner.core.domain import PostRecord
from lmplanner.core.errors import ConflictError, NotFoundError, ValidationError
from lmplanner.core.post_fields import row_values
from lmplanner.core.services import rows as row_writing
from lmplanner.core.services.names import NameService
from lmplanner.core.services.pillars import PillarService
from lmplanner.core.services.queries import PostQueries
from lmplanner.core.services.rows import WriteContext, row_content, utc_now
from lmplanner.core.store.many import (
    ManyStatement,
    execute_many,
    prepare_many,
    read_many,
    roomy_cache,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

# Posts as read by _current_rows: id → (the row as read, its stored columns by name).
CurrentRows = dict[int, tuple[Sequence[Any], dict[str, Any]]]
# Rows per statement: within every database's limit on bound parameters in an IN list.
CHUNK = 500
# Columns an update sets itself, whatever the wanted row says.
_KEPT = frozenset({"id", "version", "updated_at"})


def chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


class BatchWriter(NameService, PillarService, PostQueries):
    """The batched twins of `_execute` for posts, which the plan service's bulk operations use."""

    # ------------------------------------------------------------------ new posts
    def _write_new_posts(
        self,
        ctx: WriteContext,
        posts: Sequence[Mapping[str, Any]],
        *,
        uuids: Sequence[str | None] | None = None,
        links: Mapping[int, str] | None = None,
    ) -> list[RowChange]:
        """Insert validated posts: names resolved once each, links checked in one query, one
        executemany per 500 rows. `links` (index → uuid) follow posts of this batch or the plan,
        written after the rest so their leader posts are there to be found."""
        links = links or {}
        now = utc_now()
        name_id = partial(self._name_id, ctx)
        given = uuids if uuids is not None else [None] * len(posts)
        # In ascending order: each goes in at the end of the uuid index, not at a random place.
        fresh = iter(sorted(new_uuids(sum(1 for u in given if not u))))
        rows = []
        for values, post_uuid in zip(posts, given, strict=True):
            row = row_values(values, name_id)
            row.update(uuid=post_uuid or next(fresh), version=1, created_at=now)
            row.update(updated_at=now, deleted_at=None, series_id=None)
            rows.append(row)
        plain = [i for i in range(len(rows)) if i not in links]
        self._link_rows(ctx.conn, [(None, posts[i], rows[i]) for i in plain])
        applied = self._insert_many(ctx.conn, "post", [rows[i] for i in plain])
        if links:
            self._resolve_links(ctx.conn, posts, rows, links)
            applied += self._insert_many(ctx.conn, "post", [rows[i] for i in sorted(links)])
        return applied

    def _resolve_links(
        self,
        conn: Connection,
        validated: Sequence[Mapping[str, Any]],
        rows: Sequence[dict[str, Any]],
        links: Mapping[int, str],
    ) -> None:
        """Point each linked row at the post with its leader's uuid, by the rules of links."""
        from sqlalchemy import select

        post = self._table("post")
        wanted = sorted(set(links.values()))
        ids: dict[str, int] = {}
        for chunk in chunks(wanted):
            query = select(post.c.uuid, post.c.id).where(post.c.uuid.in_(chunk))
            ids.update((str(u), int(i)) for u, i in conn.execute(query))
        checks = []
        for i, leader_uuid in links.items():
            if leader_uuid not in ids:
                raise ValidationError(
                    f"“{validated[i]['title']}” follows up the post {leader_uuid}, which is "
                    "neither in the import nor in the plan.",
                    "follows",
                )
            rows[i]["follows_id"] = ids[leader_uuid]
            checks.append((None, {**validated[i], "follows": ids[leader_uuid]}, rows[i]))
        self._link_rows(conn, checks)

    def _insert_many(
        self, conn: Connection, table: str, rows: Sequence[dict[str, Any]]
    ) -> list[RowChange]:
        """Insert new posts in batches (imports of thousands); the bulk twin of _execute.

        Plain executemany is several times faster than RETURNING row by row; the new ids are then
        read back by each post's uuid, which works the same on every database. The rows are
        the caller's own and get their id.
        """
        from sqlalchemy import func, insert, select

        assert table == "post", "bulk inserts are for posts, which carry a uuid"
        t = self._table(table)
        if not rows:
            return []
        statement = prepare_many(conn.dialect, insert(t), list(rows[0]))
        last = conn.execute(select(func.max(t.c.id))).scalar()
        roomy_cache(conn, len(rows))
        for batch in chunks(rows):
            for _ in batch:
                row_writing.fault_point()
            execute_many(conn, statement, batch)
        ids = self._new_ids(conn, [row["uuid"] for row in rows], last)
        applied = []
        for row in rows:
            row["id"] = key = ids[row["uuid"]]
            applied.append(RowChange(table, key, None, row))
        return applied

    def _new_ids(self, conn: Connection, uuids: Sequence[str], last: int | None) -> dict[str, int]:
        """The id of each post just inserted, by its uuid: one read of the posts past the highest
        id before (where both databases number new rows), then by uuid any numbered otherwise
        (SQLite past the largest id it can hold picks ids at random)."""
        from sqlalchemy import select

        t = self._table("post")
        query = select(t.c.uuid, t.c.id)
        found = dict(conn.execute(query if last is None else query.where(t.c.id > last)).all())
        ids = {u: int(found[u]) for u in uuids if u in found}
        missing = [u for u in uuids if u not in ids]
        for chunk in chunks(missing):
            query = select(t.c.uuid, t.c.id).where(t.c.uuid.in_(chunk))
            ids.update((str(u), int(i)) for u, i in conn.execute(query))
        return ids

    def _insert_restored(self, conn: Connection, run: Sequence[RowChange]) -> list[RowChange]:
        """New posts of a restore (rows naming their names by NameRef): names looked up once,
        follow-ups after the rest, so their leader posts are there to be found."""
        cache: dict[NameRef, int | None] = {}
        applied: list[RowChange] = []
        linked = [c for c in run if follows_a_new_post(c)]
        for part in ([c for c in run if not follows_a_new_post(c)], linked):
            rows = [self._resolve_names(conn, c.after or {}, cache) for c in part]
            applied.extend(self._insert_many(conn, "post", rows))
        return applied

    # ------------------------------------------------------------------ changed posts
    def _current_posts(
        self, conn: Connection, post_ids: Sequence[int], *, trash: bool = False
    ) -> dict[int, tuple[PostRecord, dict[str, Any]]]:
        """Each post as a record and as its stored row (see _current_rows)."""
        rows, record = self._current_rows(conn, post_ids, trash=trash)
        return {pid: (record(values), stored) for pid, (values, stored) in rows.items()}

    def _current_rows(
        self, conn: Connection, post_ids: Sequence[int], *, trash: bool = False
    ) -> tuple[CurrentRows, Callable[[Sequence[Any]], PostRecord]]:
        """Each post as read (its columns, then the names it points to) and as its stored row,
        read in one query per 500 and locked against other writers until the transaction ends
        (FOR UPDATE; SQLite's write lock is the whole file already), with how a row as read
        becomes a record (made only where one is needed). NotFoundError names the posts that
        are not there."""
        post = self._table("post")
        ids = list(dict.fromkeys(post_ids))
        columns = [c.name for c in post.columns]
        found: CurrentRows = {}
        query = self._post_select().with_for_update(of=post)
        query = query.where(
            post.c.deleted_at.is_not(None) if trash else post.c.deleted_at.is_(None)
        )
        keys = [c.name for c in query.selected_columns]
        # The post's own columns come first, then the names it points to: plain tuples
        # zipped into dicts once, not thousands of RowMapping look-ups.
        assert keys[: len(columns)] == columns
        # An id no database can hold (SQLite and bigint stop at 2**63 - 1) names no post.
        valid = [pid for pid in ids if 1 <= pid < 2**63]
        for values in read_many(conn, query, post.c.id, valid, span=2 * CHUNK):
            stored = dict(zip(columns, values, strict=False))  # stops where names begin
            found[stored["id"]] = (values, stored)
        missing = [pid for pid in ids if pid not in found]
        if missing and trash:
            self._not_in_trash(conn, missing)
        if missing:
            where = "in the trash" if trash else "in this plan"
            listed = ", ".join(map(str, missing[:5]))
            raise NotFoundError(f"There is no post {listed} {where} (it may have been deleted).")
        return found, self._record_maker(keys)

    def _not_in_trash(self, conn: Connection, missing: Sequence[int]) -> None:
        """Say so when every post asked for from the trash is in the plan instead (restored
        already): "no such post" would suggest it is gone."""
        from sqlalchemy import select

        post = self._table("post")
        ids = [pid for pid in missing if 1 <= pid < 2**63][:CHUNK]
        query = select(post.c.id).where(post.c.id.in_(ids), post.c.deleted_at.is_(None))
        live = set(conn.execute(query).scalars())
        if live and all(pid in live for pid in missing):
            listed = ", ".join(map(str, missing[:5]))
            if len(missing) == 1:
                raise NotFoundError(f"post {listed} is not in the trash")
            raise NotFoundError(f"posts {listed} are not in the trash")

    def _update_rows(
        self,
        conn: Connection,
        pairs: Sequence[tuple[Mapping[str, Any], Mapping[str, Any]]],
        known: Sequence[tuple[str, ...] | None] | None = None,
    ) -> list[RowChange]:
        """Write (current row, wanted row) pairs of posts: one executemany per group of rows that
        change the same columns, each row only where it is still at the version read (someone
        else's change in between is a ConflictError, and the transaction writes nothing).
        `known` holds each pair's changed columns (in row order) where the caller found them;
        there the wanted row may hold just those columns."""
        now = utc_now()
        groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
        # Per group of changed columns: the columns written (they and the bookkeeping) and how
        # a row's values for them are taken, decided once, not for each of 20 000 rows.
        written: dict[tuple[str, ...], tuple[tuple[str, ...], Callable[[Any], Any]]] = {}
        applied: list[RowChange] = []
        for index, (before, after) in enumerate(pairs):
            row_writing.fault_point()
            changed = known[index] if known is not None else None
            if changed is None:
                diff = differing(before, after)
                changed = tuple([k for k in diff if k not in _KEPT and before.get(k) != after[k]])
            how = written.get(changed)
            if how is None:
                columns = (*changed, "version", "updated_at")
                how = written[changed] = (columns, itemgetter(*columns))
            key, version = before["id"], before["version"]
            values = {**before, **after, "version": version + 1, "updated_at": now, "id": key}
            applied.append(RowChange("post", key, before, values, how[0]))
            # The parameters as a tuple in the order of _update_statement's binds.
            groups.setdefault(changed, []).append((*how[1](values), key, version))
        sane = conn.dialect.supports_sane_multi_rowcount
        for changed, group in groups.items():
            statement, binds = self._update_statement(conn, (*changed, "version", "updated_at"))
            for chunk in chunks(group):
                if execute_many(conn, statement, chunk, columns=binds) != len(chunk) and sane:
                    self._raise_stale(conn, [(row[-2], row[-1]) for row in chunk])
        return applied

    def _update_statement(
        self, conn: Connection, columns: Sequence[str]
    ) -> tuple[ManyStatement, tuple[str, ...]]:
        """The update of `columns` of a post still at its version, and its binds in order: the
        new values, then the post's id and the version it was read at."""
        from sqlalchemy import bindparam, update

        t = self._table("post")
        statement = prepare_many(
            conn.dialect,
            update(t)
            .where(t.c.id == bindparam("at_id"), t.c.version == bindparam("at_version"))
            .values({name: bindparam(f"new_{name}") for name in columns}),
        )
        return statement, (*(f"new_{name}" for name in columns), "at_id", "at_version")

    def _raise_stale(self, conn: Connection, read: Sequence[tuple[int, int]]) -> None:
        """The ConflictError for the first of these posts (id, version read) that is no longer
        at the version its update made."""
        from sqlalchemy import select

        t = self._table("post")
        query = select(t.c.id, t.c.version).where(t.c.id.in_([key for key, _ in read]))
        versions = dict(conn.execute(query).all())
        for key, version in read:
            if versions.get(key) != version + 1:
                change = RowChange("post", key, {"version": version}, {})
                raise self._write_failure(conn, change)
        raise ConflictError("Some of these posts were changed elsewhere; reload them first.")

    def _apply_updates(self, conn: Connection, run: Sequence[RowChange]) -> list[RowChange]:
        """Post updates of a change set (undoing or redoing a bulk change): each row only when
        it still holds what the change's `before` says, as `_execute` checks one by one."""
        current = self._rows(conn, [change.key for change in run])
        pairs = []
        for change in run:
            assert change.before is not None and change.after is not None
            row = current.get(change.key)
            if row is None or row_content(row) != row_content(change.before):
                raise self._write_failure(conn, change)
            pairs.append((row, {k: v for k, v in change.after.items() if k != "id"}))
        return self._update_rows(conn, pairs)

    def _rows(self, conn: Connection, post_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """Stored post rows by id, locked like _current_posts."""
        from sqlalchemy import select

        t = self._table("post")
        found: dict[int, dict[str, Any]] = {}
        for chunk in chunks(list(dict.fromkeys(post_ids))):
            query = select(t).where(t.c.id.in_(chunk)).with_for_update()
            found.update((row["id"], dict(row)) for row in conn.execute(query).mappings())
        return found

    def _delete_many(self, conn: Connection, changes: Sequence[RowChange]) -> list[RowChange]:
        """Delete many posts at once (undoing an import): the same content check as _execute,
        one query per 500 rows instead of three per row."""
        from sqlalchemy import delete

        t = self._table("post")
        for chunk in chunks(changes):
            keys = [change.key for change in chunk]
            current = self._rows(conn, keys)
            for change in chunk:
                row_writing.fault_point()
                assert change.before is not None
                row = current.get(change.key)
                if row is None or row_content(row) != row_content(change.before):
                    raise self._write_failure(conn, change)
            conn.execute(delete(t).where(t.c.id.in_(keys)))
        return list(changes)

    def _reinsert_many(self, conn: Connection, changes: Sequence[RowChange]) -> list[RowChange]:
        """Put back many deleted posts with their ids (redoing an import)."""
        from sqlalchemy import insert

        t = self._table("post")
        statement = None
        for chunk in chunks(changes):
            rows = []
            for change in chunk:
                row_writing.fault_point()
                assert change.after is not None
                rows.append({**change.after, "id": change.key})
            statement = statement or prepare_many(conn.dialect, insert(t), list(rows[0]))
            execute_many(conn, statement, rows)
        return [RowChange(c.table, c.key, None, {**(c.after or {}), "id": c.key}) for c in changes]


def new_uuids(count: int) -> Iterator[str]:
    """`count` random (version 4) uuids as text, from one read of the system's randomness:
    uuid.uuid4() one at a time is a tenth of an import's time."""
    noise = bytearray(os.urandom(16 * count))
    # The version (4) and variant (RFC 4122) bits, set as uuid.UUID(version=4) sets them: in
    # the 7th and 9th byte of each 16, all at once.
    noise[6::16] = noise[6::16].translate(_VERSION_4)
    noise[8::16] = noise[8::16].translate(_VARIANT_RFC_4122)
    h = noise.hex()
    for start in range(0, len(h), 32):
        yield (
            f"{h[start : start + 8]}-{h[start + 8 : start + 12]}-{h[start + 12 : start + 16]}-"
            f"{h[start + 16 : start + 20]}-{h[start + 20 : start + 32]}"
        )


_VERSION_4 = bytes((b & 0x0F) | 0x40 for b in range(256))
_VARIANT_RFC_4122 = bytes((b & 0x3F) | 0x80 for b in range(256))


def follows_a_new_post(change: RowChange) -> bool:
    """Whether an inserted post names the post it follows up by uuid (a restore)."""
    follows = (change.after or {}).get("follows_id")
    return isinstance(follows, NameRef) and follows.table == "post"
