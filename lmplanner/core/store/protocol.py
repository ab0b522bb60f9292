"""What an open plan offers its callers, whether it is a plan file or a team database."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


class Plan(Protocol):
    """An open plan. Services do all reading and writing through it; windows and the CLI ask it
    what it is (a file or a team plan), whether they may change it, and whether someone else did.

    `open_plan` returns one; close it (or use it as a context manager) when done.
    """

    @property
    def location(self) -> str:
        """Where the plan is, fit to show or to open again: a file path, or a database URL
        with its password masked."""

    @property
    def path(self) -> Path | None:
        """The plan file, or None for a team plan (which has no file to copy or back up)."""

    @property
    def uuid(self) -> str:
        """The plan's identity, kept across copies and renames (backups are filed under it)."""

    @property
    def is_team(self) -> bool:
        """True for a team plan in a database shared by several members."""

    @property
    def readonly(self) -> bool:
        """True when `write()` refuses; a team plan can turn read-only while open."""

    @property
    def readonly_reason(self) -> str:
        """Why the plan is read-only, in the user's words ("" while it can be changed)."""

    @property
    def live_error(self) -> str:
        """Why other members' changes are not shown live right now ("" while they are)."""

    def read(self) -> AbstractContextManager[Connection]:
        """A connection for one consistent read."""

    def write(self) -> AbstractContextManager[Connection]:
        """One write transaction: all of it commits, or none of it (an exception rolls back).
        Raises ReadOnlyPlanError when the plan is read-only."""

    def changes_token(self) -> int:
        """Compare with an earlier token: a difference means someone committed since.

        Never blocks; the GUI polls it on a timer and refreshes its views when it changes.
        """

    def wait_for_change(self, timeout: float, since: int | None = None) -> bool:
        """Wait up to `timeout` seconds for a change after `since` (default: now): did one come?"""

    def close(self) -> None:
        """Release the plan's connections; the plan cannot be used afterwards."""

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...
