"""What every part of the plan service shares: table lookup, the per-operation context, and
`_execute`, the single place where plan rows are written (with its content check and versions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast, overload

from lmplanner.core.changes import NameRef, RowChange
from lmplanner.core.domain import BalanceSettings, PlanSettings, PostRecord
from lmplanner.core.errors import ConflictError, NotFoundError
from lmplanner.core.keep import KEEP as KEEP  # re-exported: the services' marker
from lmplanner.core.keep import Keep as Keep
from lmplanner.core.services.journal import JoinedWrite, recorded

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection

    from lmplanner.core.store import Plan


_TABLES: dict[str, Table] = {}


@dataclass(slots=True)
class WriteContext:
    """Per-operation cache of name → id lookups and the rows created along the way."""

    conn: Connection
    created: list[RowChange] = field(default_factory=list)
    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    create_pillars: bool = False  # an unknown pillar name is made (imports that ask) or refused


def utc_now() -> dt.datetime:
    """Timestamps are stored in UTC; views show them in local time."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class ServiceBase:
    """The plan and the low-level row writing the service's parts build on."""

    def __init__(self, plan: Plan, actor: str | None = None) -> None:
        self._plan = plan
        self._joined: JoinedWrite | None = None
        self._history_step = ""  # "undo" or "redo" while apply() runs one (journal)
        self._chosen_actor = actor
        self._actor: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every public method that returns a ChangeSet is recorded in the history (journal)."""
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            returns = getattr(value, "__annotations__", {}).get("return")
            if not name.startswith("_") and callable(value) and returns == "ChangeSet":
                setattr(cls, name, recorded(value))

    @property
    def plan(self) -> Plan:
        """The plan; inside a recorded call, the joined write that stands in for it."""
        if self._joined is not None:
            return cast("Plan", self._joined)
        return self._plan

    @property
    def actor(self) -> str:
        """Who is acting (core.actor): asked of the database once on a team plan."""
        if self._actor is None:
            from lmplanner.core.actor import acting_person

            self._actor = acting_person(self._plan, self._chosen_actor)
        return self._actor

    def act_as(self, chosen: str | None) -> None:
        """Act under a newly chosen name from now on (Preferences changed)."""
        self._chosen_actor = chosen
        self._actor = None

    def settings(self) -> PlanSettings:
        with self.plan.read() as conn:
            return self._read_settings(conn)

    def _read_settings(self, conn: Connection) -> PlanSettings:
        from sqlalchemy import select

        plan_t = self._table("plan")
        row = conn.execute(select(plan_t).where(plan_t.c.id == 1)).mappings().one()
        return PlanSettings(
            uuid=row["uuid"],
            name=row["name"],
            timezone=row["timezone"],
            balance=BalanceSettings(
                band_low=row["band_low"],
                band_high=row["band_high"],
                min_posts=row["min_posts"],
                promotion_max=row["promotion_max"],
                drought_days=row["drought_days"],
                drought_week_min_posts=row["drought_week_min_posts"],
                channel_min_posts=row["channel_min_posts"],
                first_weekday=row["first_weekday"],
                untied_max=row["untied_max"],
                pillar_lead_days=row["pillar_lead_days"],
                pillar_tolerance=row["pillar_tolerance"],
                clash_minutes=row["clash_minutes"],
            ),
            backup_keep=row["backup_keep"],
            trash_days=row["trash_days"],
            history_days=row["history_days"],
            series_horizon_months=row["series_horizon_months"],
            vision=row["vision"],
            require_approval=bool(row["require_approval"]),
            country=row["country"],
            region=row["region"],
        )

    @staticmethod
    def _table(name: str) -> Table:
        table = _TABLES.get(name)
        if table is None:
            from lmplanner.core.store.schema import table as model_table

            table = _TABLES[name] = model_table(name)
        return table

    @overload
    def _snapshot(self, conn: Connection, table: str, key: int) -> dict[str, Any]: ...
    @overload
    def _snapshot(
        self, conn: Connection, table: str, key: int, *, missing_ok: bool
    ) -> dict[str, Any] | None: ...
    def _snapshot(
        self, conn: Connection, table: str, key: int, *, missing_ok: bool = False
    ) -> dict[str, Any] | None:
        from sqlalchemy import select

        t = self._table(table)
        row = conn.execute(select(t).where(t.c.id == key)).mappings().first()
        if row is None:
            if missing_ok:
                return None
            raise NotFoundError(f"There is no {table} with id {key}.")
        return dict(row)

    def _execute(self, conn: Connection, change: RowChange) -> RowChange:
        """Write one row change; the single place where plan rows are inserted, updated or deleted.

        An update or delete only goes ahead when the row still holds what `before` says (compared
        by content, so undoing a chain of our own edits works whatever versions they produced);
        otherwise someone else changed it first and a ConflictError leaves the plan as it was.
        Posts get a new version on every write.
        """
        from sqlalchemy import delete, insert, update

        fault_point()
        t = self._table(change.table)
        versioned = "version" in t.c
        if change.before is not None:
            current = self._snapshot(conn, change.table, change.key, missing_ok=True)
            if current is None or row_content(current) != row_content(change.before):
                raise self._write_failure(conn, change)
            if versioned:
                change = RowChange(
                    change.table, change.key, {**change.before, **current}, change.after
                )
        if change.before is None:
            assert change.after is not None
            values = self._resolve_names(conn, change.after, {})
            if not change.key:
                values.pop("id", None)
            else:
                values["id"] = change.key
            inserted = conn.execute(insert(t).values(**values))
            primary_key = inserted.inserted_primary_key
            assert primary_key is not None
            key = change.key or int(primary_key[0])
            return RowChange(change.table, key, None, {**values, "id": key})
        assert change.before is not None
        where = [t.c.id == change.key]
        if versioned:
            where.append(t.c.version == change.before["version"])
        if change.after is None:
            result = conn.execute(delete(t).where(*where))
            if result.rowcount != 1:
                raise self._write_failure(conn, change)
            return change
        values = {k: v for k, v in change.after.items() if k != "id"}
        if versioned:
            values["version"] = change.before["version"] + 1
            values["updated_at"] = utc_now()
        result = conn.execute(update(t).where(*where).values(**values))
        if result.rowcount != 1:
            raise self._write_failure(conn, change)
        return RowChange(change.table, change.key, change.before, {**values, "id": change.key})

    def _resolve_names(
        self, conn: Connection, values: Mapping[str, Any], cache: dict[NameRef, int | None]
    ) -> dict[str, Any]:
        """The row with each NameRef replaced by the id it names (cached across one change set)."""
        from sqlalchemy import select

        resolved = dict(values)
        for column, value in values.items():
            if not isinstance(value, NameRef):
                continue
            if value not in cache:
                t = self._table(value.table)
                # A post is found by its uuid (a restored follow-up's leader post), names by key.
                if value.table in ("post", "series"):
                    query = select(t.c.id).where(t.c.uuid == value.key)
                else:
                    query = select(t.c.id).where(t.c.name_key == value.key)
                cache[value] = conn.execute(query).scalar_one_or_none()
            resolved[column] = cache[value]
        return resolved

    def _write_failure(self, conn: Connection, change: RowChange) -> Exception:
        from sqlalchemy import select

        t = self._table(change.table)
        row = conn.execute(select(t).where(t.c.id == change.key)).mappings().first()
        if row is None:
            return NotFoundError(f"The {change.table} with id {change.key} no longer exists.")
        if change.table == "post":
            when = row["updated_at"]
            return ConflictError(
                f"“{row['title']}” was changed elsewhere at {when.astimezone():%Y-%m-%d %H:%M}; "
                "reload it before changing it again.",
                change.key,
            )
        return ConflictError(f"The {change.table} with id {change.key} was changed elsewhere.")


FAULT_ENV = "LMPLANNER_FAULT_KILL_AFTER_ROWS"
# A file created as the first row is about to be written, so a crash test can wait for the
# write to be under way (rather than guess how long start-up takes) before it kills the process.
WRITING_MARK_ENV = "LMPLANNER_FAULT_MARK_WRITING"
_fault_rows = {"written": 0, "marked": 0}
# The two variables as the process started with them: read once, not twice for every row of a
# 20 000-post change (crash tests set them for the child process they start).
_fault_env: dict[str, str] = {}


def fault_point() -> None:
    """Fault injection for crash tests: with LMPLANNER_FAULT_KILL_AFTER_ROWS=N set, the process
    kills itself (SIGKILL, no clean-up) as it is about to write row N+1 of the session; with
    LMPLANNER_FAULT_MARK_WRITING=FILE set, it creates FILE before the first row."""
    if not _fault_env:
        import os

        _fault_env.update(
            mark=os.environ.get(WRITING_MARK_ENV, ""), limit=os.environ.get(FAULT_ENV, "")
        )
    mark = _fault_env["mark"]
    if mark and not _fault_rows["marked"]:
        _fault_rows["marked"] = 1
        with open(mark, "x"):
            pass
    limit = _fault_env["limit"]
    if not limit:
        return
    if _fault_rows["written"] >= int(limit):
        import os
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
    _fault_rows["written"] += 1


def change_runs(changes: Sequence[RowChange]) -> list[list[RowChange]]:
    """Consecutive changes of the same table and kind, which can be written together."""
    runs: list[list[RowChange]] = []
    for change in changes:
        if runs and (runs[-1][0].table, runs[-1][0].kind) == (change.table, change.kind):
            runs[-1].append(change)
        else:
            runs.append([change])
    return runs


_BOOKKEEPING = frozenset({"version", "updated_at"})


def row_content(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row without its bookkeeping columns: what a user would call its content."""
    return {k: v for k, v in row.items() if k not in _BOOKKEEPING}


def conflict_error(record: PostRecord) -> ConflictError:
    """A post is not at the version the change was based on (`expected_version`)."""
    when = f" at {record.updated_at.astimezone():%Y-%m-%d %H:%M}" if record.updated_at else ""
    return ConflictError(
        f"post {record.id} was changed elsewhere{when}; it is at version {record.version}",
        record.id,
    )
