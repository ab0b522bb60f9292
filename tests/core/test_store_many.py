"""The driver-level executemany (core.store.many) stores exactly what SQLAlchemy's own does."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import Plan
from lmplanner.core.store.many import execute_many, prepare_many
from lmplanner.core.store.schema import table

if TYPE_CHECKING:
    from sqlalchemy.engine import Dialect

NOW = dt.datetime(2027, 3, 28, 1, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=2)))


def post_rows(service: PlanService, channel_id: int, prefix: str) -> list[dict[str, object]]:
    """Two post rows with every kind of value that needs converting, and Nones."""
    base: dict[str, object] = {c.name: None for c in table("post").columns if c.name != "id"}
    rows = []
    for n, (day, time, flag) in enumerate(
        [(dt.date(2027, 3, 28), dt.time(9, 5), True), (None, None, False)]
    ):
        row = dict(base)
        row.update(
            uuid=f"{prefix}-{n}",
            title=f"Post {n} – “quoted”",
            body="",
            role="leader",
            status="draft" if day else "idea",
            date=day,
            time=time,
            channel_id=channel_id,
            link="",
            notes="",
            role_suggested=flag,
            impressions=2**40 if flag else None,
            read_on=day,
            version=1,
            created_at=NOW,
            updated_at=NOW,
        )
        rows.append(row)
    return rows


def stored(path: Path, prefix: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        found = conn.execute(
            "SELECT * FROM post WHERE uuid LIKE ? ORDER BY uuid", (f"{prefix}-%",)
        ).fetchall()
    finally:
        conn.close()
    return [row[1:] for row in found]  # all but the id


def test_inserted_rows_are_stored_as_sqlalchemy_stores_them(
    plan: Plan, service: PlanService, plan_path: Path
) -> None:
    from sqlalchemy import insert

    service.add_post(PostDraft("Seed", "leader", "Blog"))
    channel = next(c.id for c in service.channels() if c.name == "Blog")
    with plan.write() as conn:
        theirs = post_rows(service, channel, "sqlalchemy")
        conn.execute(insert(table("post")), theirs)
        ours = post_rows(service, channel, "many")
        assert execute_many(conn, insert(table("post")), ours, list(ours[0])) == 2
    expected = [row[1:] for row in stored(plan_path, "sqlalchemy")]
    assert [row[1:] for row in stored(plan_path, "many")] == expected
    assert expected[0][5:7] == ("2027-03-28", "09:05:00.000000")  # SQLAlchemy's own text
    # Read back through the services, the values are the ones written.
    post = next(p for p in service.posts() if p.title.startswith("Post 0"))
    assert (post.date, post.time, post.impressions) == (dt.date(2027, 3, 28), dt.time(9, 5), 2**40)


def test_an_update_counts_only_rows_still_at_their_version(plan: Plan) -> None:
    """What the bulk change's stale-row check counts on: a row changed since is not matched."""
    from sqlalchemy import bindparam, update

    service = PlanService(plan)
    ids = service.add_posts([PostDraft(f"P{i}", "manager", "X") for i in range(3)]).created()
    service.update_post(ids[1], {"title": "Someone else's edit"})  # now at version 2
    post = table("post")
    statement = prepare_many(
        _dialect(plan),
        update(post)
        .where(post.c.id == bindparam("at_id"), post.c.version == bindparam("at_version"))
        .values(role=bindparam("new_role"), version=bindparam("new_version")),
    )
    params = [
        {"at_id": pid, "at_version": 1, "new_role": "leader", "new_version": 2} for pid in ids
    ]
    with plan.write() as conn:
        assert execute_many(conn, statement, params) == 2
    assert [service.post(pid).role.value for pid in ids] == ["leader", "manager", "leader"]


def _dialect(plan: Plan) -> Dialect:
    with plan.read() as conn:
        return conn.dialect


def test_rows_without_a_column_the_statement_needs_are_refused(plan: Plan) -> None:
    from sqlalchemy import insert

    with plan.read() as conn, pytest.raises(AssertionError, match="rows lack the columns"):
        prepare_many(conn.dialect, insert(table("post")), ["title"])


def cache_size(conn: object) -> int:
    return int(conn.exec_driver_sql("PRAGMA cache_size").scalar())  # type: ignore[attr-defined]


def test_many_rows_are_written_with_a_roomy_cache_and_the_usual_one_comes_back(
    plan: Plan,
) -> None:
    """The larger cache lasts for the write transaction (its commit writes the pages it holds)
    and ends when the connection goes back to the pool, failed transaction or not."""
    from lmplanner.core.store.many import roomy_cache
    from lmplanner.core.store.sqlite_file import PAGE_CACHE_KIB

    usual = -PAGE_CACHE_KIB
    with plan.write() as conn:
        raw = conn.connection.dbapi_connection
        assert cache_size(conn) == usual
        roomy_cache(conn, 10)  # a few rows fit in the usual cache
        assert cache_size(conn) == usual
        roomy_cache(conn, 10_000)
        assert cache_size(conn) == -10_000  # KiB, about what the rows make
        roomy_cache(conn, 2_000)  # never smaller within the transaction
        assert cache_size(conn) == -10_000
    assert raw is not None
    assert raw.execute("PRAGMA cache_size").fetchone()[0] == usual
    with pytest.raises(RuntimeError), plan.write() as conn:
        raw = conn.connection.dbapi_connection
        roomy_cache(conn, 10**9)
        assert cache_size(conn) == -64 * 1024  # never more than this
        raise RuntimeError
    assert raw is not None
    assert raw.execute("PRAGMA cache_size").fetchone()[0] == usual


def test_new_posts_get_the_ids_the_database_gave_them_even_out_of_order(
    service: PlanService, plan_path: Path
) -> None:
    """Ids are read back past the highest id before the insert; SQLite numbers rows at random
    once the highest id it can hold is taken, and those are found by uuid."""
    first = service.add_posts([PostDraft(f"First {i}", "leader", "Blog") for i in range(3)])
    conn = sqlite3.connect(plan_path)
    with conn:
        conn.execute("UPDATE post SET id = ? WHERE id = ?", (2**63 - 1, first.created()[-1]))
    conn.close()
    second = service.add_posts([PostDraft(f"Second {i}", "manager", "Blog") for i in range(600)])
    conn = sqlite3.connect(plan_path)
    stored_ids = dict(conn.execute("SELECT uuid, id FROM post").fetchall())
    conn.close()
    stored_ids[first.changes[-1].after["uuid"]] = first.created()[-1]  # type: ignore[index]
    posts = [c for c in (*first.changes, *second.changes) if c.table == "post"]
    assert len(posts) == 603
    for change in posts:
        assert change.after is not None
        assert stored_ids[change.after["uuid"]] == change.key == change.after["id"]
    assert len(second.created()) == len(set(second.created())) == 600
    assert [service.post(pid).title for pid in second.created()[:2]] == ["Second 0", "Second 1"]


def test_new_posts_get_random_version_4_uuids() -> None:
    import uuid

    from lmplanner.core.services.batch import new_uuids

    made = list(new_uuids(2000))
    assert len(set(made)) == 2000
    for text in made:
        read = uuid.UUID(text)
        assert (read.version, read.variant, str(read)) == (4, uuid.RFC_4122, text)
    assert list(new_uuids(0)) == []
