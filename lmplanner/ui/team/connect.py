"""Connecting to a team plan on a worker thread: the attempt, its password feed and its result."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lmplanner.core.store import open_plan
from lmplanner.core.store import postgres as pg
from lmplanner.ui.workers import Task, TaskControl

if TYPE_CHECKING:
    from lmplanner.core.store import Plan


class PasswordFeed:
    """The password typed in the dialog, handed to the core once, when the server asks for one.

    Called on the worker thread; read on the UI thread only after the work has returned.
    """

    def __init__(self, password: str) -> None:
        self._password = password
        self.used = False  # the typed password was sent to the server
        self.reasons: list[str] = []

    def __call__(self, shown: str, why: str) -> str | None:
        self.reasons.append(why)
        if self._password and not self.used:
            self.used = True
            return self._password
        return None


@dataclasses.dataclass
class Attempt:
    """One press of Connect: what was asked for, and the task doing it."""

    location: str
    host: str
    port: int
    database: str
    user: str
    password: str
    feed: PasswordFeed
    task: Task | None = None


@dataclasses.dataclass
class Connected:
    """What a successful attempt hands back to the UI thread."""

    plan: Plan
    location: str
    remembered: bool | None  # None: nothing was to be remembered


def close_result(result: Any) -> None:
    if isinstance(result, Connected):
        result.plan.close()


def connect_work(attempt: Attempt, remember: bool) -> Callable[[TaskControl], Connected]:
    """The worker's part: open (or create) the plan, then keep a password that worked."""

    def work(control: TaskControl) -> Connected:
        plan = open_plan(attempt.location, create=True, password_callback=attempt.feed)
        remembered: bool | None = None
        if remember and attempt.feed.used and not control.cancelled():
            # The typed password is the one the server took (the keyring may block: not on
            # the UI thread).
            remembered = pg.remember_password(attempt.location, attempt.password)
        return Connected(plan, attempt.location, remembered)

    return work


def hide_secret(text: str, password: str) -> str:
    """Belt and braces: no typed password in anything shown (the core masks URLs already)."""
    if len(password) >= 4:
        text = text.replace(password, "***")
    return text
