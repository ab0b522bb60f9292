"""Team plans: the same plan schema in a PostgreSQL database.

`setup` connects to the database and creates or upgrades the plan in it, `plan` is the open plan
(writers take turns on one advisory lock), `listen` hears other members' commits, and `url`
reads database URLs and keeps passwords in the system keyring.
"""

from lmplanner.core.store.postgres.plan import WRITE_LOCK_KEY, PostgresPlan
from lmplanner.core.store.postgres.setup import open_postgres_plan
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
