"""Team plans in PostgreSQL: open one by URL, create or upgrade its schema, serialise writers and
tell open windows when another member changed something.

Needs the optional extra `lmplanner[team]` (psycopg 3, keyring); both are imported lazily, so a
build without them still opens plan files and only refuses database URLs with a clear message.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import getpass
import logging
import threading
import time
import uuid as uuid_module
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    ValidationError,
)
from lmplanner.core.migrations import HEAD
from lmplanner.core.store import Plan, alembic_config, insert_new_plan_rows, known_revisions

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine
    from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

#: `NOTIFY` channel; the payload is the plan's uuid.
CHANGES_CHANNEL = "lmplanner_changes"
#: Keyring service name; the keyring user name is "user@host:port/database".
KEYRING_SERVICE = "lmplanner"
#: Transaction-level advisory lock every writer takes first ("LMPL", as the plan files' id).
WRITE_LOCK_KEY = 0x4C4D504C
#: How long a writer waits for another member's change before giving up with PlanBusyError.
LOCK_TIMEOUT = "30s"
CONNECT_TIMEOUT_S = 10
LISTEN_CONNECT_TIMEOUT_S = 3
LISTEN_RETRY_S = 5.0
PASSWORD_ATTEMPTS = 3

#: Tables that mark a database as an LM Planner plan (with `alembic_version`).
PLAN_TABLES = ("plan", "channel", "person", "campaign", "post")
#: What a member needs on each table to edit the plan (undo of an added name deletes it again).
WRITE_RIGHTS = {
    "plan": ("UPDATE",),
    "channel": ("INSERT", "UPDATE", "DELETE"),
    "person": ("INSERT", "UPDATE", "DELETE"),
    "campaign": ("INSERT", "UPDATE", "DELETE"),
    "post": ("INSERT", "UPDATE", "DELETE"),
}
# Every session speaks UTC, so all members read the same instants back (views show local time).
_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": CONNECT_TIMEOUT_S,
    "application_name": "LM Planner",
    "options": "-c TimeZone=UTC",
}

PasswordCallback = Callable[[str, str], "str | None"]
"""Asked for a password: `(masked_url, why)` → the password, or None to give up. `why` is one
sentence such as "The server needs a password for ana." or "Wrong password for ana; try again."."""


# ---------------------------------------------------------------------------------- URLs
def parse_url(location: str) -> URL:
    """The SQLAlchemy URL of a team plan; TeamPlanError for anything but PostgreSQL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    shown = paths.mask_url(location)
    try:
        url = make_url(location)
    except ArgumentError:
        raise TeamPlanError(f"{shown} is not a database URL LM Planner understands.") from None
    backend, _, driver = url.drivername.partition("+")
    if backend not in ("postgresql", "postgres"):
        raise TeamPlanError(
            f"{shown}: team plans live in PostgreSQL; use a URL such as "
            "postgresql+psycopg://user@host:5432/plan."
        )
    if driver not in ("", "psycopg"):
        raise TeamPlanError(
            f"{shown}: LM Planner talks to PostgreSQL through psycopg 3; "
            "write the URL as postgresql+psycopg://…"
        )
    if not url.database:
        raise TeamPlanError(f"{shown} names no database; add it after the host, e.g. …:5432/plan.")
    return url.set(drivername="postgresql+psycopg")


def url_without_password(location: str) -> str:
    """The URL to keep in settings or a recent-plans list: everything but the password."""
    url = parse_url(location)._replace(password=None)  # URL.set() cannot clear a part
    return url.render_as_string(hide_password=False)


def keyring_user(url: URL) -> str:
    """The user name under which a password is kept in the system keyring."""
    user = url.username or getpass.getuser()
    return f"{user}@{url.host or 'localhost'}:{url.port or 5432}/{url.database}"


def stored_password(url: URL) -> str | None:
    """The password kept in the system keyring for this server, user and database, if any."""
    try:
        import keyring
    except ImportError:
        return None
    try:
        password: str | None = keyring.get_password(KEYRING_SERVICE, keyring_user(url))
    except Exception as exc:  # no keyring backend, a locked or broken one: just ask instead
        log.debug("No password from the system keyring: %s", type(exc).__name__)
        return None
    return password


def remember_password(location: str, password: str) -> bool:
    """Keep a password in the system keyring (GUI "Remember password"); False when there is none."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, keyring_user(parse_url(location)), password)
    except Exception as exc:
        log.info("Could not store the password in the system keyring: %s", type(exc).__name__)
        return False
    return True


def forget_password(location: str) -> bool:
    """Remove a kept password from the system keyring; False when there was none to remove."""
    try:
        import keyring

        keyring.delete_password(KEYRING_SERVICE, keyring_user(parse_url(location)))
    except Exception:
        return False
    return True


# ---------------------------------------------------------------------------------- the plan
class PostgresPlan(Plan):
    """A plan in a PostgreSQL database shared by a team.

    Concurrency: every write transaction starts by taking one transaction-level advisory lock
    (`pg_advisory_xact_lock`), so writers of a plan run one after another, exactly as SQLite's
    `BEGIN IMMEDIATE` makes them for a plan file, while readers never wait (MVCC). Writes run at
    READ COMMITTED, so once the lock is held every statement sees all earlier commits: the
    services' read-check-update in `PlanService._execute` (content compared, `version` checked
    in the UPDATE's WHERE) cannot lose an update, a stale edit is refused with ConflictError,
    and two members adding the same new channel cannot both insert it. One lock means no
    deadlocks between writers, hence no serialization failures to retry; SERIALIZABLE with a
    retry was rejected because a `with plan.write()` block cannot be re-run from inside
    `write()`, and per-row `FOR UPDATE` would still race on new names and plan settings.
    Changes are small (a save is milliseconds), so the single lock costs a team nothing; a
    writer that waits more than LOCK_TIMEOUT gets PlanBusyError and nothing is written.

    Live changes: the last statement of every write transaction is
    `pg_notify('lmplanner_changes', '<plan uuid>')`, which PostgreSQL delivers only when that
    transaction commits (never for a rolled-back one). `changes_token()` drains a LISTEN
    connection without waiting and returns a counter; `wait_for_change()` blocks for one.
    """

    def __init__(self, engine: Engine, *, location: str, uuid: str, readonly: bool) -> None:
        super().__init__(engine, location=location, path=None, uuid=uuid, readonly=readonly)
        self.kind = "postgresql"
        #: Why live updates are paused ("" while they work): shown by the GUI, never raised.
        self.live_error = ""
        self._watch_lock = threading.Lock()
        self._listener: Any = None
        self._listener_lost = False
        self._listen_retry_at = 0.0
        self._changes = 0
        self._cleaned_on: dt.date | None = None

    # ------------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """One consistent snapshot for all statements of the read (REPEATABLE READ, READ ONLY)."""
        with (
            self._translated(writing=False),
            self.engine.connect().execution_options(
                isolation_level="REPEATABLE READ", postgresql_readonly=True
            ) as conn,
            conn.begin(),
        ):
            yield conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction, serialised with every other member's (see the class doc)."""
        if self.readonly:
            raise ReadOnlyPlanError(self.readonly_reason or "This team plan is open read-only.")
        self._daily_cleanup()
        with self._translated(writing=True), self._locked_transaction() as conn:
            yield conn
            self._notify(conn)

    @contextlib.contextmanager
    def _locked_transaction(self) -> Iterator[Connection]:
        from sqlalchemy import text

        with (
            self.engine.connect().execution_options(isolation_level="READ COMMITTED") as conn,
            conn.begin(),
        ):
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            yield conn

    def _notify(self, conn: Connection) -> None:
        from sqlalchemy import text

        conn.execute(
            text("SELECT pg_notify(:channel, :uuid)"),
            {"channel": CHANGES_CHANNEL, "uuid": self.uuid},
        )

    def _daily_cleanup(self) -> None:
        """Before the first write of each day, empty the trash of posts older than the setting.

        Backups of a team plan are the server's business (pg_dump, base backups), not ours.
        """
        day = dt.date.today()
        if self._cleaned_on == day:
            return
        self._cleaned_on = day
        try:
            from sqlalchemy import delete, select

            from lmplanner.core.models import table

            plan_t, post_t = table("plan"), table("post")
            with self._locked_transaction() as conn:
                days = conn.execute(select(plan_t.c.trash_days).where(plan_t.c.id == 1)).scalar()
                cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=int(days or 30))
                purged = conn.execute(
                    delete(post_t).where(
                        post_t.c.deleted_at.is_not(None), post_t.c.deleted_at < cutoff
                    )
                )
                if purged.rowcount:
                    self._notify(conn)
        except Exception:
            log.warning("Trash clean-up of %s failed", self.location, exc_info=True)

    @contextlib.contextmanager
    def _translated(self, *, writing: bool) -> Iterator[None]:
        """Database failures become one clear PlannerError; anything else passes unchanged."""
        from sqlalchemy.exc import DBAPIError

        try:
            yield
        except DBAPIError as exc:
            error = self._database_error(exc, writing=writing)
            if error is None:
                raise
            raise error from exc

    def _database_error(self, exc: DBAPIError, *, writing: bool) -> PlannerError | None:
        import psycopg

        state = str(getattr(exc.orig, "sqlstate", None) or "")
        outcome = "nothing was saved" if writing else "try again"
        if "NUL (0x00)" in str(exc.orig):
            # SQLite stores a NUL character in text; PostgreSQL cannot, so refuse it plainly.
            return ValidationError(
                "The text contains a NUL character (\\x00), which a team plan cannot store; "
                "remove it and try again."
            )
        lost = not state and isinstance(exc.orig, psycopg.OperationalError)
        if exc.connection_invalidated or state.startswith(("08", "57P")) or lost:
            return ServerConnectionError(
                f"Lost the connection to the team plan server ({self.location}); {outcome}."
            )
        if state == "55P03":  # lock_not_available: lock_timeout ran out
            return PlanBusyError(
                "Another member is saving a large change to the team plan; "
                "nothing was saved, try again in a moment."
            )
        if state in ("40001", "40P01"):
            return PlanBusyError(
                "Your change collided with another member's; nothing was saved, try again."
            )
        if state in ("42501", "25006"):  # insufficient_privilege, read_only_sql_transaction
            reason = (
                f"Your database role may no longer change the team plan {self.location}; "
                "it is now open read-only."
            )
            if writing:
                self.readonly = True
                self.readonly_reason = reason
            return ReadOnlyPlanError(reason)
        return None

    # ------------------------------------------------------------------ live changes
    def changes_token(self) -> int:
        """A number that changes after any member (this one included) commits to the plan.

        Never waits; call it on a timer (the GUI: every ~500 ms) and refresh when it differs.
        Take the first token before the first read, so nothing slips between the two.
        """
        self._drain(0.0, stop_after_one=False)
        return self._changes

    def wait_for_change(self, timeout: float, since: int | str | None = None) -> bool:
        """Block up to `timeout` seconds until a change arrives; True when one did.

        With `since` (an earlier `changes_token()`), a change that came in after that token
        counts too; without it, only changes not yet seen by `changes_token()` count.
        """
        baseline = self._changes if since is None else since
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            remaining = deadline - time.monotonic()
            self._drain(max(0.0, min(remaining, 0.5)), stop_after_one=True)
            if self._changes != baseline:
                return True
            if remaining <= 0:
                return False

    def data_version(self) -> int:
        """Same contract as the plan file's PRAGMA data_version: changes on others' commits."""
        return self.changes_token()

    def _drain(self, timeout: float, *, stop_after_one: bool) -> None:
        pause = 0.0
        with self._watch_lock:
            listener = self._listener or self._listen()
            if listener is None:
                pause = timeout
            else:
                try:
                    for note in listener.notifies(
                        timeout=timeout, stop_after=1 if stop_after_one else None
                    ):
                        if note.payload == self.uuid:
                            self._changes += 1
                    if stop_after_one:
                        for note in listener.notifies(timeout=0.0):
                            if note.payload == self.uuid:
                                self._changes += 1
                except Exception as exc:
                    self._lose_listener(exc)
        if pause:
            time.sleep(pause)

    def _listen(self) -> Any:
        """Open the LISTEN connection (lazily, and again after it was lost, at most every 5 s)."""
        now = time.monotonic()
        if now < self._listen_retry_at:
            return None
        try:
            import psycopg

            _, params = self.engine.dialect.create_connect_args(self.engine.url)
            params = {**params, **_CONNECT_ARGS, "connect_timeout": LISTEN_CONNECT_TIMEOUT_S}
            conn = psycopg.connect(**params, autocommit=True)
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")
        except Exception as exc:
            self._listen_retry_at = now + LISTEN_RETRY_S
            self.live_error = (
                "Changes by other members are not shown live: the server cannot be reached "
                f"({_first_line(exc)})."
            )
            log.warning("Cannot listen for changes to %s: %s", self.location, _first_line(exc))
            return None
        if self._listener_lost:
            self._changes += 1  # changes made while we were away were not announced to us
            self._listener_lost = False
        self.live_error = ""
        self._listener = conn
        return conn

    def _lose_listener(self, exc: Exception) -> None:
        log.warning("Lost the live-changes connection to %s: %s", self.location, _first_line(exc))
        with contextlib.suppress(Exception):
            self._listener.close()
        self._listener = None
        self._listener_lost = True
        self._changes += 1
        self._listen_retry_at = time.monotonic() + LISTEN_RETRY_S
        self.live_error = "Changes by other members are not shown live: the connection was lost."

    def close(self) -> None:
        with self._watch_lock:
            if self._listener is not None:
                with contextlib.suppress(Exception):
                    self._listener.close()
                self._listener = None
        super().close()


# ---------------------------------------------------------------------------------- opening
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
        engine = create_engine(target, pool_pre_ping=True, connect_args=_CONNECT_ARGS)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            return engine
        except DBAPIError as exc:
            engine.dispose()
            error = _connection_error(exc, url, shown, password)
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


def _connection_error(exc: DBAPIError, url: URL, shown: str, password: str | None) -> TeamPlanError:
    """One line for a failed connection (libpq's wording is matched: it carries no SQLSTATE)."""
    reason = _first_line(exc.orig or exc).rsplit("failed: ", 1)[-1]
    reason = reason.removeprefix("FATAL:").strip().rstrip(".")
    if password:
        reason = reason.replace(password, "***")
    lowered = reason.lower()
    user = url.username or getpass.getuser()
    server = f"{url.host or 'localhost'}:{url.port or 5432}"
    if "no password supplied" in lowered:
        return AuthenticationError(
            f"The server at {server} needs a password for {user} ({shown}); put it in the "
            "system keyring or ~/.pgpass, or run from a terminal to be asked."
        )
    if "authentication failed" in lowered or ("role" in lowered and "does not exist" in lowered):
        return AuthenticationError(
            f"The server at {server} refused {user}: wrong password or unknown user ({shown})."
        )
    if "database" in lowered and "does not exist" in lowered:
        return ServerConnectionError(
            f"There is no database {url.database} on the server at {server} ({shown}); "
            "create it first (see “Working as a team” in the README)."
        )
    if "pg_hba.conf" in lowered:
        return ServerConnectionError(
            f"The server at {server} does not let {user} connect from this computer "
            f"({shown}): {reason}."
        )
    return ServerConnectionError(f"Cannot reach the team plan server {shown}: {reason}.")


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


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
        reads = [(t, "SELECT") for t in ("alembic_version", *PLAN_TABLES)]
        cannot_read = tuple(t for t, _ in _lacking(conn, schema, reads))
        if cannot_read:
            return dataclasses.replace(state, cannot_read=cannot_read)
        writes = [(t, right) for t, rights in WRITE_RIGHTS.items() for right in rights]
        numbered = [t for t, rights in WRITE_RIGHTS.items() if "INSERT" in rights]
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

    known, head = known_revisions(extra_versions)
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
    from alembic import command
    from sqlalchemy import text

    with engine.connect() as conn, conn.begin():
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
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
        command.upgrade(alembic_config(conn, ()), HEAD)
        plan_uuid = str(uuid_module.uuid4())
        insert_new_plan_rows(conn, plan_uuid, str(url.database))
        conn.execute(text("SELECT pg_notify(:c, :u)"), {"c": CHANGES_CHANNEL, "u": plan_uuid})
    log.info("Created a new team plan in %s", shown)


def _upgrade(engine: Engine, extra_versions: Sequence[Path], shown: str, head: str) -> None:
    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    try:
        with engine.connect() as conn, conn.begin():
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
            current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if current != head:
                command.upgrade(alembic_config(conn, extra_versions), "head")
    except DBAPIError as exc:
        raise _setup_error(exc, shown, "could not be upgraded") from None
    log.info("Upgraded the team plan %s to schema %s", shown, head)


def _setup_error(exc: DBAPIError, shown: str, what: str) -> PlannerError:
    state = str(getattr(exc.orig, "sqlstate", None) or "")
    if state == "42501":
        return ReadOnlyPlanError(
            f"The team plan {shown} {what}: your database role lacks the rights "
            f"({_first_line(exc.orig or exc)}); the database owner must open it first."
        )
    if state == "55P03":
        return PlanBusyError(f"The team plan {shown} is busy; try again in a moment.")
    return ServerConnectionError(
        f"The team plan {shown} {what}: {_first_line(exc.orig or exc)}; nothing was changed."
    )
