"""Read-only looks at plan rows that PlanService does not hand out: post uuids, whole rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Table

    from lmplanner.core.services import PlanService


def _table(name: str) -> Table:
    from lmplanner.core.models import TABLES

    table: Table = TABLES[name].__table__  # type: ignore[attr-defined]
    return table


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
