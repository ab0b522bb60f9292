"""Live changes of a team plan: every member's commits, announced with NOTIFY and heard on a
LISTEN connection of our own."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from lmplanner.core.store.postgres.url import CONNECT_ARGS, first_line

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

# Logs as the team-plan package, under the name its messages always had.
log = logging.getLogger("lmplanner.core.store.postgres")

#: `NOTIFY` channel; the payload is the plan's uuid.
CHANGES_CHANNEL = "lmplanner_changes"
LISTEN_CONNECT_TIMEOUT_S = 3
LISTEN_RETRY_S = 5.0


def announce(conn: Connection, plan_uuid: str) -> None:
    """Tell every listening member that this transaction changed the plan.

    PostgreSQL delivers the notice only when the transaction commits, never for a rolled-back one,
    so this can be the last statement of any write.
    """
    from sqlalchemy import text

    conn.execute(
        text("SELECT pg_notify(:channel, :uuid)"), {"channel": CHANGES_CHANNEL, "uuid": plan_uuid}
    )


class ChangeListener:
    """Counts the commits announced for one plan, on a LISTEN connection opened lazily.

    The count is the plan's changes token. A lost connection counts as a change (changes made
    while we were away were not announced to us) and is reopened at most every LISTEN_RETRY_S;
    meanwhile `live_error` says why changes are not shown live.
    """

    def __init__(self, engine: Engine, *, uuid: str, location: str) -> None:
        self._engine = engine
        self._uuid = uuid
        self._location = location
        #: Why live updates are paused ("" while they work): shown by the GUI, never raised.
        self.live_error = ""
        self._lock = threading.Lock()
        self._connection: Any = None
        self._lost = False
        self._retry_at = 0.0
        self._count = 0

    def token(self) -> int:
        """The number of changes heard so far, after taking in those waiting (never blocks)."""
        self._drain(0.0, stop_after_one=False)
        return self._count

    def wait(self, timeout: float, since: int | None) -> bool:
        """Block up to `timeout` seconds until a change arrives; True when one did.

        With `since` (an earlier token), a change that came in after that token counts too;
        without it, only changes not yet seen by `token()` count.
        """
        baseline = self._count if since is None else since
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            remaining = deadline - time.monotonic()
            self._drain(max(0.0, min(remaining, 0.5)), stop_after_one=True)
            if self._count != baseline:
                return True
            if remaining <= 0:
                return False

    def _drain(self, timeout: float, *, stop_after_one: bool) -> None:
        pause = 0.0
        with self._lock:
            listener = self._connection or self._listen()
            if listener is None:
                pause = timeout
            else:
                try:
                    for note in listener.notifies(
                        timeout=timeout, stop_after=1 if stop_after_one else None
                    ):
                        if note.payload == self._uuid:
                            self._count += 1
                    if stop_after_one:
                        for note in listener.notifies(timeout=0.0):
                            if note.payload == self._uuid:
                                self._count += 1
                except Exception as exc:
                    self._lose_connection(exc)
        if pause:
            time.sleep(pause)

    def _listen(self) -> Any:
        """Open the LISTEN connection (lazily, and again after it was lost, at most every 5 s)."""
        now = time.monotonic()
        if now < self._retry_at:
            return None
        try:
            import psycopg

            _, params = self._engine.dialect.create_connect_args(self._engine.url)
            params = {**params, **CONNECT_ARGS, "connect_timeout": LISTEN_CONNECT_TIMEOUT_S}
            conn = psycopg.connect(**params, autocommit=True)
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")
        except Exception as exc:
            self._retry_at = now + LISTEN_RETRY_S
            self.live_error = (
                "Changes by other members are not shown live: the server cannot be reached "
                f"({first_line(exc)})."
            )
            log.warning("Cannot listen for changes to %s: %s", self._location, first_line(exc))
            return None
        if self._lost:
            self._count += 1  # changes made while we were away were not announced to us
            self._lost = False
        self.live_error = ""
        self._connection = conn
        return conn

    def _lose_connection(self, exc: Exception) -> None:
        log.warning("Lost the live-changes connection to %s: %s", self._location, first_line(exc))
        with contextlib.suppress(Exception):
            self._connection.close()
        self._connection = None
        self._lost = True
        self._count += 1
        self._retry_at = time.monotonic() + LISTEN_RETRY_S
        self.live_error = "Changes by other members are not shown live: the connection was lost."

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                with contextlib.suppress(Exception):
                    self._connection.close()
                self._connection = None
