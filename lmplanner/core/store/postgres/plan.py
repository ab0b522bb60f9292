"""A team plan: the plan object over a PostgreSQL database, whose writers take turns on one
advisory lock and announce each commit to the other members."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from lmplanner.core.errors import (
    NotAllowedError,
    PlanBusyError,
    PlannerError,
    ReadOnlyPlanError,
    ServerConnectionError,
    ValidationError,
)
from lmplanner.core.store.postgres.listen import ChangeListener, announce
from lmplanner.core.store.trash import daily_cleanup

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine
    from sqlalchemy.exc import DBAPIError

log = logging.getLogger("lmplanner.core.store.postgres")

#: Transaction-level advisory lock every writer takes first ("LMPL", as the plan files' id).
WRITE_LOCK_KEY = 0x4C4D504C
#: How long a writer waits for another member's change before giving up with PlanBusyError.
LOCK_TIMEOUT = "30s"
#: The SQLSTATE the approval trigger raises for a member outside planner_reviewers (migration
#: 0007 writes the same code into the trigger's function).
REVIEWER_STATE = "LM001"
#: The SQLSTATE the sign-off trigger raises for a member outside planner_reviewers (0008).
SIGNOFF_STATE = "LM002"


def take_write_lock(conn: Connection) -> None:
    """Wait (up to LOCK_TIMEOUT) until no other writer of the plan is in a transaction, and hold
    that turn until this transaction ends. Every change to a team plan's rows or schema starts
    with it."""
    from sqlalchemy import text

    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})


class PostgresPlan:
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
    transaction commits (never for a rolled-back one). Its `ChangeListener` counts them:
    `changes_token()` drains the LISTEN connection without waiting and returns the count;
    `wait_for_change()` blocks for one.
    """

    #: Members of a team plan change it together, and see each other's changes live.
    is_team = True
    #: A team plan has no file: backups are the server's business (pg_dump, base backups).
    path = None

    def __init__(self, engine: Engine, *, location: str, uuid: str, readonly: bool) -> None:
        self.engine = engine
        self.location = location
        self.uuid = uuid
        self.readonly = readonly
        self.readonly_reason = ""
        self._listener = ChangeListener(engine, uuid=uuid, location=location)
        self._cleaned_on: dt.date | None = None
        self._series_extended = False

    @property
    def live_error(self) -> str:
        """Why other members' changes are not shown live right now ("" while they are)."""
        return self._listener.live_error

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
        self._extend_series()
        with self._translated(writing=True), self._locked_transaction() as conn:
            yield conn
            announce(conn, self.uuid)

    def _extend_series(self) -> None:
        """Before the first write of a session: recurring series get their posts up to the
        horizon (core.store.series_upkeep); the write lock makes two members do it once."""
        if self._series_extended:
            return
        self._series_extended = True
        from lmplanner.core.store.series_upkeep import extend_open_series

        with self._translated(writing=True), self._locked_transaction() as conn:
            if extend_open_series(conn):
                announce(conn, self.uuid)

    @contextlib.contextmanager
    def _locked_transaction(self) -> Iterator[Connection]:
        with (
            self.engine.connect().execution_options(isolation_level="READ COMMITTED") as conn,
            conn.begin(),
        ):
            take_write_lock(conn)
            yield conn

    def _daily_cleanup(self) -> None:
        """Before the first write of each day, empty the trash of posts older than the setting.

        Backups of a team plan are the server's business (pg_dump, base backups), not ours.
        """
        day = dt.date.today()
        if self._cleaned_on == day:
            return
        self._cleaned_on = day
        try:
            with self._locked_transaction() as conn:
                if daily_cleanup(conn):
                    announce(conn, self.uuid)
        except Exception:
            log.warning("Trash clean-up of %s failed", self.location, exc_info=True)

    # ------------------------------------------------------------------ live changes
    def changes_token(self) -> int:
        """A number that changes after any member (this one included) commits to the plan.

        Never waits; call it on a timer (the GUI: every ~500 ms) and refresh when it differs.
        Take the first token before the first read, so nothing slips between the two.
        """
        return self._listener.token()

    def wait_for_change(self, timeout: float, since: int | None = None) -> bool:
        """Block up to `timeout` seconds until a change arrives; True when one did.

        With `since` (an earlier `changes_token()`), a change that came in after that token
        counts too; without it, only changes not yet seen by `changes_token()` count.
        """
        return self._listener.wait(timeout, since)

    def close(self) -> None:
        self._listener.close()
        self.engine.dispose()

    def __enter__(self) -> PostgresPlan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ errors
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
        if state == REVIEWER_STATE:
            return NotAllowedError("only reviewers can approve (members of planner_reviewers)")
        if state == SIGNOFF_STATE:  # the sign-off trigger of migration 0008
            return NotAllowedError("only reviewers can sign off (members of planner_reviewers)")
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
