"""Who is acting: the name stamped on comments, approvals, history entries and sign-offs.

On a team plan the database says who you are (PostgreSQL's `current_user`); on a plan file it
is the name the user chose (Preferences, the CLI's `--as` or `$LMPLANNER_USER`), else the
system user's full name, else the login. A chosen name longer than a history entry keeps
(ACTOR_MAX) is refused, never cut: a cut name would stamp someone else's work.
"""

from __future__ import annotations

import getpass
import os
from typing import TYPE_CHECKING

from lmplanner.core.errors import ValidationError

if TYPE_CHECKING:
    from lmplanner.core.store.protocol import Plan

ACTOR_ENV = "LMPLANNER_USER"
ACTOR_MAX = 80


def system_user() -> str:
    """The system user's full name (GECOS on POSIX), else the login, else "unknown"."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME/USER (containers)
        return "unknown"
    try:
        import pwd

        full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError):  # Windows has no pwd; a login without an entry
        full = ""
    return full or login


def valid_actor_name(name: str, *, source: str = "The name") -> str:
    """`name` trimmed; ValidationError naming `source` (“--as”, “$LMPLANNER_USER”) when it is
    longer than ACTOR_MAX characters."""
    clean = name.strip()
    if len(clean) > ACTOR_MAX:
        raise ValidationError(
            f"{source} is {len(clean)} characters long; a name may have at most {ACTOR_MAX}.",
            "actor",
        )
    return clean


def default_actor(chosen: str | None = None, *, chosen_from: str = "The chosen name") -> str:
    """The name to act under on a plan file: `chosen`, else $LMPLANNER_USER, else the system's.
    A chosen or $LMPLANNER_USER name that is too long is refused (ValidationError); the system's
    full name is no choice of the person's and is shortened instead."""
    for name, source in ((chosen, chosen_from), (os.environ.get(ACTOR_ENV), f"${ACTOR_ENV}")):
        if name is not None and name.strip():
            return valid_actor_name(name, source=source)
    return system_user()[:ACTOR_MAX]


def acting_person(plan: Plan, chosen: str | None = None) -> str:
    """Who is acting on `plan`: the database role on a team plan, else `default_actor(chosen)`."""
    if plan.is_team:
        from sqlalchemy import text

        with plan.read() as conn:
            return str(conn.execute(text("SELECT current_user")).scalar_one())
    return default_actor(chosen)
