"""Live changes of a team plan: other members' commits, heard on a LISTEN connection."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from typing import TYPE_CHECKING, Any

from lmplanner.core.store.postgres.url import CONNECT_ARGS, first_line
from lmplanner.core.store.sqlite import Plan

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

# Logs as the team-plan module, under the name its messages always had.
log = logging.getLogger("lmplanner.core.store.postgres")

#: `NOTIFY` channel; the payload is the plan's uuid.
CHANGES_CHANNEL = "lmplanner_changes"
LISTEN_CONNECT_TIMEOUT_S = 3
LISTEN_RETRY_S = 5.0


class ListeningPlan(Plan):
    """A plan that hears every member's commits through NOTIFY (see `PostgresPlan`)."""

    def __init__(self, engine: Engine, *, location: str, uuid: str, readonly: bool) -> None:
        super().__init__(engine, location=location, path=None, uuid=uuid, readonly=readonly)
        #: Why live updates are paused ("" while they work): shown by the GUI, never raised.
        self.live_error = ""
        self._watch_lock = threading.Lock()
        self._listener: Any = None
        self._listener_lost = False
        self._listen_retry_at = 0.0
        self._changes = 0

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
            params = {**params, **CONNECT_ARGS, "connect_timeout": LISTEN_CONNECT_TIMEOUT_S}
            conn = psycopg.connect(**params, autocommit=True)
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")
        except Exception as exc:
            self._listen_retry_at = now + LISTEN_RETRY_S
            self.live_error = (
                "Changes by other members are not shown live: the server cannot be reached "
                f"({first_line(exc)})."
            )
            log.warning("Cannot listen for changes to %s: %s", self.location, first_line(exc))
            return None
        if self._listener_lost:
            self._changes += 1  # changes made while we were away were not announced to us
            self._listener_lost = False
        self.live_error = ""
        self._listener = conn
        return conn

    def _lose_listener(self, exc: Exception) -> None:
        log.warning("Lost the live-changes connection to %s: %s", self.location, first_line(exc))
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
