"""Errors that carry a message meant for the person using LM Planner."""

from __future__ import annotations


class PlannerError(Exception):
    """Base class: `str(error)` is one clear line a user can act on."""


class ValidationError(PlannerError):
    """Input that breaks a rule; nothing was written."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotAllowedError(PlannerError):
    """The acting person may not do this (on a team plan: only reviewers can approve)."""


class NotFoundError(PlannerError):
    """A post, channel or backup that does not exist (or no longer does)."""


class ConflictError(PlannerError):
    """A change based on an out-of-date version of a post: someone else changed it first."""

    def __init__(self, message: str, post_id: int | None = None) -> None:
        super().__init__(message)
        self.post_id = post_id


class PlanFileError(PlannerError):
    """A plan file that cannot be opened as asked; the file was left untouched."""


class NotAPlanError(PlanFileError):
    """The file exists but is not an LM Planner plan (random bytes, empty, another database)."""


class NewerPlanError(PlanFileError):
    """The plan was written by a newer LM Planner whose schema this version does not know."""


class DamagedPlanError(PlanFileError):
    """The plan file's pages are damaged, or its tables are not the ones LM Planner wrote; the
    file was left untouched (a backup restores it)."""


class ReadOnlyPlanError(PlanFileError):
    """The plan can be read but not written (read-only file, folder or database role)."""


class PlanBusyError(PlannerError):
    """Another member's change held the plan for too long; nothing was written, try again."""


class TeamPlanError(PlanFileError):
    """A team plan (a PostgreSQL database) that cannot be opened; nothing there was changed."""


class ServerConnectionError(TeamPlanError):
    """The server cannot be reached, the database does not exist, the connection was lost, or
    the PostgreSQL driver is not installed."""


class AuthenticationError(TeamPlanError):
    """The server refused the user name or password (or one is needed and none was given)."""
