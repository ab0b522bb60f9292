"""Opening a team plan: connecting to its PostgreSQL database (with the password from the URL,
the keyring or the user), looking at what the database holds without changing it, and creating
or upgrading the plan's schema there.

Needs the optional extra `lmplanner[team]` (psycopg 3, keyring); both are imported lazily, so a
build without them still opens plan files and only refuses database URLs with a clear message.
"""

from __future__ import annotations

import dataclasses
import getpass
import logging
import uuid as uuid_module
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lmplanner.core import paths
from lmplanner.core.errors import (
    AuthenticationError,
    NewerPlanError,
    NotAPlanError,
    PlanBusyError,
    PlannerError,
    ReadOnlyPlanError,
    ServerConnectionError,
    TeamPlanError,
)
from lmplanner.core.store import setup
from lmplanner.core.store.postgres.listen import announce
from lmplanner.core.store.postgres.plan import PostgresPlan, take_write_lock
from lmplanner.core.store.postgres.url import (
    CONNECT_ARGS,
    PasswordCallback,
    connection_error,
    first_line,
    parse_url,
    stored_password,
)

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine
    from sqlalchemy.exc import DBAPIError

log = logging.getLogger("lmplanner.core.store.postgres")

PASSWORD_ATTEMPTS = 3
#: What a member needs on each table to edit the plan (undo of an added name deletes it again).
WRITE_RIGHTS = {
    "plan": ("UPDATE",),
    "channel": ("INSERT", "UPDATE", "DELETE"),
    "person": ("INSERT", "UPDATE", "DELETE"),
    "campaign": ("INSERT", "UPDATE", "DELETE"),
    "post": ("INSERT", "UPDATE", "DELETE"),
    "pillar": ("INSERT", "UPDATE", "DELETE"),
    "comment": ("INSERT", "UPDATE", "DELETE"),
    "template": ("INSERT", "UPDATE", "DELETE"),
    "series": ("INSERT", "UPDATE", "DELETE"),
    # Every change writes its history entry; the day's first trims old ones.
    "history": ("INSERT", "DELETE"),
    "history_post": ("INSERT", "DELETE"),
}


def open_postgres_plan(
    location: str,
    *,
    create: bool = True,
    readonly: bool = False,
    extra_versions: Sequence[Path] = (),
    password_callback: PasswordCallback | None = None,
) -> PostgresPlan:
    """Open the team plan in the database at `location` (a postgresql+psycopg:// URL).

    The password comes from the URL, else the system keyring, else libpq's own sources
    (PGPASSWORD, ~/.pgpass, trust), else `password_callback` (up to three tries). An empty
    database becomes a new plan; a foreign one (other tables) is refused, a newer schema is
    refused, an older one upgraded. A role that may only read opens the plan read-only with
    `readonly_reason` saying why. Any failure raises a PlannerError whose message is one line
    with the password masked; nothing in the database is created or changed then.
    """
    shown = paths.mask_url(location)
    url = parse_url(location)
    engine = _connect(url, shown, password_callback)
    try:
        return _open_on(
            engine, url, shown, create=create, readonly=readonly, extra_versions=extra_versions
        )
    except BaseException:
        engine.dispose()
        raise


def _connect(url: URL, shown: str, password_callback: PasswordCallback | None) -> Engine:
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ServerConnectionError(
            f"Cannot open {shown}: team plans need the PostgreSQL driver; "
            "install it with: pip install 'lmplanner[team]'"
        ) from None
    password = url.password
    from_url = password is not None
    if not from_url:
        password = stored_password(url)
    user = url.username or getpass.getuser()
    asked = 0
    while True:
        target = url.set(password=password) if password is not None else url
        engine = create_engine(target, pool_pre_ping=True, connect_args=CONNECT_ARGS)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            return engine
        except DBAPIError as exc:
            engine.dispose()
            error = connection_error(exc, url, shown, password)
            retry = (
                isinstance(error, AuthenticationError)
                and not from_url
                and password_callback is not None
                and asked < PASSWORD_ATTEMPTS
            )
            if not retry:
                raise error from None
        assert password_callback is not None
        why = (
            f"The server needs a password for {user}."
            if password is None
            else f"Wrong password for {user}; try again."
        )
        asked += 1
        password = password_callback(shown, why)
        if password is None:
            raise AuthenticationError(f"No password given for {user} at {shown}.")


@dataclasses.dataclass(frozen=True, slots=True)
class _DatabaseState:
    """What is in a database, looked at without changing it."""

    user: str
    tables: frozenset[str]
    can_create: bool
    server_read_only: bool
    cannot_read: tuple[str, ...] = ()
    missing_rights: tuple[str, ...] = ()
    revision: str | None = None
    uuid: str | None = None

    @property
    def empty(self) -> bool:
        return not self.tables

    @property
    def is_plan(self) -> bool:
        return {"alembic_version", "plan", "channel", "post"} <= self.tables


def _inspect(engine: Engine) -> _DatabaseState:
    from sqlalchemy import text

    with engine.connect() as conn, conn.begin():
        user, schema, server_read_only, can_create = conn.execute(
            text(
                "SELECT current_user, current_schema(), "
                "current_setting('transaction_read_only') = 'on', "
                "coalesce(has_schema_privilege(current_schema(), 'CREATE'), false)"
            )
        ).one()
        rows = conn.execute(
            text(
                "SELECT c.relname FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
            ),
            {"schema": schema},
        ).all()
        state = _DatabaseState(
            user=str(user),
            tables=frozenset(str(r[0]) for r in rows),
            can_create=bool(can_create) and not server_read_only,
            server_read_only=bool(server_read_only),
        )
        if not state.is_plan:
            return state
        reads = [(t, "SELECT") for t in ("alembic_version", *setup.PLAN_TABLES)]
        cannot_read = tuple(t for t, _ in _lacking(conn, schema, reads))
        if cannot_read:
            return dataclasses.replace(state, cannot_read=cannot_read)
        writes = [(t, right) for t, rights in WRITE_RIGHTS.items() for right in rights]
        from lmplanner.core.store.schema import table

        numbered = [
            t for t, rights in WRITE_RIGHTS.items() if "INSERT" in rights and "id" in table(t).c
        ]
        missing = [f"{right} on {t}" for t, right in _lacking(conn, schema, writes)]
        missing += [f"USAGE on the id sequence of {t}" for t in _unnumbered(conn, schema, numbered)]
        revisions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        uuid = conn.execute(text("SELECT uuid FROM plan WHERE id = 1")).scalar()
    return dataclasses.replace(
        state,
        missing_rights=tuple(missing),
        revision=str(revisions[0]) if len(revisions) == 1 else None,
        uuid=None if uuid is None else str(uuid),
    )


def _lacking(
    conn: Connection, schema: str, wanted: Sequence[tuple[str, str]]
) -> list[tuple[str, str]]:
    """Which (table, right) pairs the current role does not hold, in one round trip."""
    from sqlalchemy import text

    pairs = ", ".join(f"(CAST(:t{i} AS text), CAST(:r{i} AS text))" for i in range(len(wanted)))
    params: dict[str, str] = {"s": schema}
    for i, (table, right) in enumerate(wanted):
        params[f"t{i}"], params[f"r{i}"] = table, right
    rows = conn.execute(
        text(
            f"SELECT t, r FROM (VALUES {pairs}) AS wanted (t, r) "
            "WHERE NOT has_table_privilege(format('%I.%I', CAST(:s AS text), t), r)"
        ),
        params,
    ).all()
    return [(str(t), str(r)) for t, r in rows]


def _unnumbered(conn: Connection, schema: str, tables: Sequence[str]) -> list[str]:
    """Tables whose id sequence the current role may not use (so it cannot add rows)."""
    from sqlalchemy import text

    values = ", ".join(f"(CAST(:t{i} AS text))" for i in range(len(tables)))
    params = {"s": schema, **{f"t{i}": table for i, table in enumerate(tables)}}
    rows = conn.execute(
        text(
            f"SELECT t FROM (VALUES {values}) AS wanted (t), LATERAL "
            "pg_get_serial_sequence(format('%I.%I', CAST(:s AS text), t), 'id') AS seq "
            "WHERE seq IS NOT NULL AND NOT has_sequence_privilege(seq, 'USAGE')"
        ),
        params,
    ).all()
    return [str(t) for (t,) in rows]


def _open_on(
    engine: Engine,
    url: URL,
    shown: str,
    *,
    create: bool,
    readonly: bool,
    extra_versions: Sequence[Path],
) -> PostgresPlan:
    from sqlalchemy.exc import DBAPIError

    known, head = setup.known_revisions(extra_versions)
    try:
        state = _inspect(engine)
    except DBAPIError as exc:
        raise _setup_error(exc, shown, "could not be read") from None
    if state.empty:
        if not create:
            raise TeamPlanError(f"There is no plan in {shown}: the database is empty.")
        if readonly or not state.can_create:
            who = "a read-only connection" if readonly else state.user
            raise ReadOnlyPlanError(
                f"The database {shown} is empty and {who} may not create the plan's tables "
                "in it; a member with the right to create tables must open it once first."
            )
        try:
            _initialise(engine, url, shown)
            state = _inspect(engine)
        except DBAPIError as exc:
            raise _setup_error(exc, shown, "could not be created") from None
    if not state.is_plan:
        listed = ", ".join(sorted(state.tables)[:4]) + (", …" if len(state.tables) > 4 else "")
        raise NotAPlanError(
            f"The database {shown} holds tables of another program ({listed}), "
            "not an LM Planner plan; it was left untouched."
        )
    if state.cannot_read:
        raise TeamPlanError(
            f"{state.user} may not read the team plan {shown} (no SELECT right on "
            f"{', '.join(state.cannot_read)}); ask the plan's owner for access."
        )
    if state.revision is None or state.uuid is None:
        raise TeamPlanError(f"The team plan {shown} is damaged: its schema version is unclear.")
    if state.revision not in known:
        raise NewerPlanError(
            f"The team plan {shown} was saved by a newer version of LM Planner "
            f"(schema {state.revision}); update LM Planner to open it."
        )
    reason = _readonly_reason(state, shown)
    if state.revision != head:
        if readonly or reason:
            raise ReadOnlyPlanError(
                f"The team plan {shown} uses an older plan format and must be upgraded by a "
                "member with write access first."
            )
        _upgrade(engine, extra_versions, shown, head)
    plan = PostgresPlan(engine, location=shown, uuid=state.uuid, readonly=readonly or bool(reason))
    plan.readonly_reason = reason or ("Opened read-only." if readonly else "")
    return plan


def _readonly_reason(state: _DatabaseState, shown: str) -> str:
    if state.server_read_only:
        return (
            f"The server of {shown} only allows reading (a read-only replica or database): "
            "you can look at this plan but not change it."
        )
    if state.missing_rights:
        return (
            f"Your database role {state.user} may read this team plan but not change it "
            f"(no {state.missing_rights[0]}); ask the plan's owner for write access."
        )
    return ""


def _initialise(engine: Engine, url: URL, shown: str) -> None:
    """Create the schema and the plan row in one transaction: all of it, or nothing."""
    from sqlalchemy import text

    with engine.connect() as conn, conn.begin():
        take_write_lock(conn)
        # Another member may have initialised it while we waited for the lock.
        existing = conn.execute(
            text(
                "SELECT count(*) FROM pg_catalog.pg_class c "
                "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
            )
        ).scalar()
        if existing:
            return
        setup.upgrade(conn, ())
        plan_uuid = str(uuid_module.uuid4())
        setup.insert_new_plan_rows(conn, plan_uuid, str(url.database))
        announce(conn, plan_uuid)
    log.info("Created a new team plan in %s", shown)


def _upgrade(engine: Engine, extra_versions: Sequence[Path], shown: str, head: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn, conn.begin():
            take_write_lock(conn)
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if current != head:
                setup.upgrade(conn, extra_versions)
    except DBAPIError as exc:
        raise _setup_error(exc, shown, "could not be upgraded") from None
    log.info("Upgraded the team plan %s to schema %s", shown, head)


def _setup_error(exc: DBAPIError, shown: str, what: str) -> PlannerError:
    state = str(getattr(exc.orig, "sqlstate", None) or "")
    if state == "42501":
        return ReadOnlyPlanError(
            f"The team plan {shown} {what}: your database role lacks the rights "
            f"({first_line(exc.orig or exc)}); the database owner must open it first."
        )
    if state == "55P03":
        return PlanBusyError(f"The team plan {shown} is busy; try again in a moment.")
    return ServerConnectionError(
        f"The team plan {shown} {what}: {first_line(exc.orig or exc)}; nothing was changed."
    )
