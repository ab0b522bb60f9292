"""Why a connection to a team plan failed: one translated line, and the field to fix."""

from __future__ import annotations

import logging

from lmplanner.core.errors import (
    AuthenticationError,
    NewerPlanError,
    NotAPlanError,
    PlannerError,
    ServerConnectionError,
)
from lmplanner.core.store import postgres as pg
from lmplanner.ui.team.connect import Attempt
from lmplanner.ui.team.password import tr

log = logging.getLogger(__name__)

#: The dialog's fields a message can point at.
HOST, DATABASE, PASSWORD = "host", "database", "password"


def describe_failure(error: BaseException, attempt: Attempt) -> tuple[str, str | None]:
    """One translated line for a failed connection, and the field to fix (HOST, DATABASE,
    PASSWORD or None)."""
    server = f"{attempt.host}:{attempt.port}"
    text = str(error)
    lowered = text.lower()
    feed = attempt.feed
    if isinstance(error, AuthenticationError):
        if feed.used:
            message = tr("Wrong password for {user} on {server}, or no such user.")
        elif not attempt.password and feed.reasons and "wrong" in feed.reasons[0].lower():
            message = tr(
                "The password kept for {user} (system keyring or ~/.pgpass) was refused; "
                "type the current one."
            )
        elif not attempt.password:
            message = tr("The server at {server} needs a password for {user}.")
        else:
            return text, PASSWORD
        return message.format(user=attempt.user, server=server), PASSWORD
    if isinstance(error, NotAPlanError):
        message = tr(
            "The database “{database}” holds another program's tables, not an LM Planner "
            "plan; it was left untouched."
        )
        return message.format(database=attempt.database), DATABASE
    if isinstance(error, NewerPlanError):
        return (
            tr("This team plan was saved by a newer LM Planner; update LM Planner to open it."),
            None,
        )
    if isinstance(error, ServerConnectionError):
        if "there is no database" in lowered:
            message = tr(
                "There is no database “{database}” on {server}: check the name, or ask "
                "whoever runs the server to create it."
            )
            return message.format(database=attempt.database, server=server), DATABASE
        if "cannot reach" in lowered:
            return unreachable(lowered, attempt, server)
        return text, None
    if isinstance(error, PlannerError):
        return text, None
    log.error("Connecting to %s failed", attempt.location, exc_info=error)
    return tr("Could not open the team plan: {error}").format(error=text), None


def unreachable(lowered: str, attempt: Attempt, server: str) -> tuple[str, str]:
    """The server did not answer: no such host, nothing listening, or no answer in time."""
    if any(
        clue in lowered
        for clue in (
            "resolve host",
            "translate host name",
            "name or service not known",
            "name resolution",
        )
    ):
        message = tr("There is no host “{host}”: check the host name.")
        return message.format(host=attempt.host), HOST
    if "refused" in lowered:
        message = tr(
            "Nothing answers at {server}: check the host and port, and that the server is running."
        )
    elif "timeout" in lowered or "timed out" in lowered:
        message = tr(
            "No answer from {server} within {seconds} s: check the host and port, and any "
            "firewall or VPN in between."
        ).replace("{seconds}", str(pg.CONNECT_TIMEOUT_S))
    else:
        message = tr("Cannot reach {server}: check the host and port.")
    return message.format(server=server), HOST
