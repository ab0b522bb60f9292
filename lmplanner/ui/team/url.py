"""Team plan addresses: reading a typed URL, naming it in menus, and the fields it fills."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lmplanner.core import paths
from lmplanner.core.errors import PlannerError
from lmplanner.core.store import postgres as pg
from lmplanner.ui.team.password import tr

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432


class UrlProblem(ValueError):
    """A URL that cannot name a team plan; the message is one translated line."""


def parse_team_url(text: str) -> URL:
    """The URL typed or pasted, checked only as far as a URL alone can be (UrlProblem if not)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(text.strip())
        port = url.port  # a port that is not a number fails here
    except (ArgumentError, ValueError):
        raise UrlProblem(
            tr("This is not a database URL; write it as postgresql+psycopg://user@host:5432/plan.")
        ) from None
    backend, _, driver = url.drivername.partition("+")
    if backend not in ("postgresql", "postgres"):
        raise UrlProblem(
            tr("Team plans live in PostgreSQL: the URL must start with postgresql+psycopg://.")
        )
    if driver not in ("", "psycopg"):
        raise UrlProblem(
            tr("LM Planner talks to PostgreSQL through psycopg 3: write postgresql+psycopg://….")
        )
    if port is not None and not 1 <= port <= 65535:
        raise UrlProblem(tr("The port must be a number from 1 to 65535."))
    return url


def describe_location(location: str) -> str:
    """A short name for a team plan, e.g. for a recent-plans menu: "team_plan on db.host:5432"."""
    try:
        url = parse_team_url(location)
    except UrlProblem:
        return paths.mask_url(location)
    return tr("{database} on {server}").format(
        database=url.database or "?",
        server=f"{url.host or 'localhost'}:{url.port or DEFAULT_PORT}",
    )


def pg_url_or_empty(location: str) -> str:
    """`location` without its password, or "" when it is not a team plan URL."""
    if not location:
        return ""
    try:
        return pg.url_without_password(location)
    except PlannerError:
        return ""
