"""Team-plan URLs and passwords: parse and mask a URL, use the system keyring, word a refusal."""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lmplanner.core import paths
from lmplanner.core.errors import AuthenticationError, ServerConnectionError, TeamPlanError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL
    from sqlalchemy.exc import DBAPIError

# Logs as the team-plan module, under the name its messages always had.
log = logging.getLogger("lmplanner.core.store.postgres")

#: Keyring service name; the keyring user name is "user@host:port/database".
KEYRING_SERVICE = "lmplanner"
CONNECT_TIMEOUT_S = 10
# Every session speaks UTC, so all members read the same instants back (views show local time).
CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": CONNECT_TIMEOUT_S,
    "application_name": "LM Planner",
    "options": "-c TimeZone=UTC",
}

PasswordCallback = Callable[[str, str], "str | None"]
"""Asked for a password: `(masked_url, why)` → the password, or None to give up. `why` is one
sentence such as "The server needs a password for ana." or "Wrong password for ana; try again."."""


def parse_url(location: str) -> URL:
    """The SQLAlchemy URL of a team plan; TeamPlanError for anything but PostgreSQL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    shown = paths.mask_url(location)
    try:
        url = make_url(location)
    except ArgumentError:
        raise TeamPlanError(f"{shown} is not a database URL LM Planner understands.") from None
    except ValueError:  # make_url reads the port with int(): `host:abc`
        raise TeamPlanError(
            f"{shown}: the port after the host must be a number from 1 to 65535."
        ) from None
    if url.port is not None and not 1 <= url.port <= 65535:
        raise TeamPlanError(f"{shown}: the port after the host must be a number from 1 to 65535.")
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


def connection_error(exc: DBAPIError, url: URL, shown: str, password: str | None) -> TeamPlanError:
    """One line for a failed connection (libpq's wording is matched: it carries no SQLSTATE)."""
    reason = first_line(exc.orig or exc).rsplit("failed: ", 1)[-1]
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


def first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
