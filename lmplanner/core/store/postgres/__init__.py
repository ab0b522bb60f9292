"""Team plans: the same plan schema in a PostgreSQL database."""

from lmplanner.core.store.postgres.plan import WRITE_LOCK_KEY, PostgresPlan, open_postgres_plan
from lmplanner.core.store.postgres.url import (
    CONNECT_TIMEOUT_S,
    PasswordCallback,
    forget_password,
    parse_url,
    remember_password,
    url_without_password,
)

__all__ = [
    "CONNECT_TIMEOUT_S",
    "WRITE_LOCK_KEY",
    "PasswordCallback",
    "PostgresPlan",
    "forget_password",
    "open_postgres_plan",
    "parse_url",
    "remember_password",
    "url_without_password",
]
