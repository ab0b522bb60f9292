"""The plan store: opening a plan (a SQLite file or a team database) behind one `Plan` protocol,
and the plan's schema.

`open_plan` is the one way in; it picks the kind of plan from the location. Plan files live in
`sqlite`, team plans in `postgres` (loaded only for a database URL); what both need to set up a
schema is in `setup`, emptying the trash in `trash`. The plan-file machinery (`sqlite`: backups,
checks, the WAL) is imported when first used, so that the start-up snapshot, which reads with
`sqlite_file` alone, does not wait for it.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmplanner.core import paths
from lmplanner.core.store.protocol import Plan
from lmplanner.core.store.setup import MIGRATIONS_DIR, PLAN_TABLES

if TYPE_CHECKING:
    from lmplanner.core.store.postgres.url import PasswordCallback
    from lmplanner.core.store.sqlite import create_plan
    from lmplanner.core.store.sqlite_file import readonly_reason
    from lmplanner.core.store.trash import purge_trash

# Names of this face that live in modules imported on first use (PEP 562).
_LATER = {
    "create_plan": "lmplanner.core.store.sqlite",
    "readonly_reason": "lmplanner.core.store.sqlite_file",
    "purge_trash": "lmplanner.core.store.trash",
}

__all__ = [
    "MIGRATIONS_DIR",
    "PLAN_TABLES",
    "Plan",
    "create_plan",
    "open_plan",
    "purge_trash",
    "readonly_reason",
]


def open_plan(
    location: str | os.PathLike[str],
    *,
    create: bool = True,
    readonly: bool = False,
    extra_versions: Sequence[Path] = (),
    password_callback: PasswordCallback | None = None,
) -> Plan:
    """Open (or create) the plan at `location`, refusing anything that is not a plan we can read.

    A path opens a plan file: a foreign, damaged or newer file raises a PlanFileError and stays
    byte-identical. A database URL opens a team plan, asking `password_callback` if a password
    is needed.
    """
    text = os.fspath(location)
    if paths.is_database_url(text):
        from lmplanner.core.store.postgres import open_postgres_plan

        return open_postgres_plan(
            text,
            create=create,
            readonly=readonly,
            extra_versions=extra_versions,
            password_callback=password_callback,
        )
    from lmplanner.core.store.sqlite import open_sqlite_plan

    return open_sqlite_plan(
        Path(text).expanduser(), create=create, readonly=readonly, extra_versions=extra_versions
    )


def __getattr__(name: str) -> Any:
    if name not in _LATER:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_LATER[name]), name)
