"""Read-only looks at plan rows that PlanService does not hand out: post uuids, whole rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import NameRef

if TYPE_CHECKING:
    from sqlalchemy import Table

    from lmplanner.core.services import PlanService


def _table(name: str) -> Table:
    from lmplanner.core.store.schema import table

    return table(name)


def post_uuids(service: PlanService, ids: Iterable[int]) -> dict[int, str]:
    """The stable uuid of each post (trash included): what calendar UIDs and backups key on."""
    from sqlalchemy import select

    post = _table("post")
    wanted = list(dict.fromkeys(ids))
    found: dict[int, str] = {}
    with service.plan.read() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = select(post.c.id, post.c.uuid).where(post.c.id.in_(chunk))
            found.update((int(pid), str(uuid)) for pid, uuid in conn.execute(query))
    return found


def uuid_ids(service: PlanService, uuids: Iterable[str], *, live: bool = False) -> dict[str, int]:
    """The id of each post (trash included unless `live`) whose uuid is one of `uuids`."""
    from sqlalchemy import select

    post = _table("post")
    wanted = list(dict.fromkeys(uuids))
    found: dict[str, int] = {}
    with service.plan.read() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            query = select(post.c.uuid, post.c.id).where(post.c.uuid.in_(chunk))
            if live:
                query = query.where(post.c.deleted_at.is_(None))
            found.update((str(uuid), int(pid)) for uuid, pid in conn.execute(query))
    return found


def table_rows(service: PlanService, *names: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the named tables, read in one consistent transaction, ordered by id."""
    from sqlalchemy import select

    rows: dict[str, list[dict[str, Any]]] = {}
    with service.plan.read() as conn:
        for name in names:
            table = _table(name)
            result = conn.execute(select(table).order_by(table.c.id)).mappings()
            rows[name] = [dict(row) for row in result]
    return rows


def rows_by_id(service: PlanService, name: str, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Whole rows of one table by id, read in one transaction."""
    from sqlalchemy import select

    table = _table(name)
    wanted = list(dict.fromkeys(ids))
    found: dict[int, dict[str, Any]] = {}
    with service.plan.read() as conn:
        for start in range(0, len(wanted), 500):
            query = select(table).where(table.c.id.in_(wanted[start : start + 500]))
            found.update((row["id"], dict(row)) for row in conn.execute(query).mappings())
    return found


def id_by_name(name: str, key: str) -> NameRef:
    """The id of the channel, person or campaign whose name_key is `key`, looked up when the row
    is written: rows added earlier in the same change set are found."""
    return NameRef(name, key)
