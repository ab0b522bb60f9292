"""Setting up a plan's schema in any database: Alembic's configuration, the revisions this build
knows, and the rows every new plan starts with. Shared by plan files and team databases."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmplanner.core.domain import DEFAULT_CHANNELS, BalanceSettings, name_key
from lmplanner.core.store.migrations import HEAD, KNOWN_REVISIONS

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: The tables of a plan (besides Alembic's `alembic_version`), in the order they depend on.
PLAN_TABLES = (
    "plan",
    "channel",
    "person",
    "campaign",
    "pillar",
    "post",
    "history",
    "history_post",
    "signoff",
    "comment",
    "series",
    "template",
)


def shape_problem(columns: Mapping[str, frozenset[str]]) -> str:
    """What a plan at the newest revision lacks, in words ('' when every table and column the
    schema names is there): another program may have dropped or renamed one."""
    from lmplanner.core.store.schema import table

    if "alembic_version" not in columns:
        return "no alembic_version table"
    for name in PLAN_TABLES:
        have = columns.get(name)
        if have is None:
            return f"no {name} table"
        missing = [column.name for column in table(name).columns if column.name not in have]
        if missing:
            return f"the {name} table has no {', '.join(missing)} column"
    return ""


def alembic_config(connection: Connection, extra_versions: Sequence[Path]) -> Any:
    """Alembic's configuration for migrating the plan on `connection`."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    locations = [str(MIGRATIONS_DIR / "versions"), *map(str, extra_versions)]
    cfg.set_main_option("version_locations", os.pathsep.join(locations))
    cfg.attributes["connection"] = connection
    return cfg


def known_revisions(extra_versions: Sequence[Path]) -> tuple[set[str], str]:
    """All revisions this build knows and its head; Alembic is only loaded for extra chains."""
    if not extra_versions:
        return set(KNOWN_REVISIONS), HEAD
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    engine = create_engine("sqlite://")
    with engine.connect() as conn:
        script = ScriptDirectory.from_config(alembic_config(conn, extra_versions))
    known = {rev.revision for rev in script.walk_revisions()}
    return known, str(script.get_current_head())


def upgrade(conn: Connection, extra_versions: Sequence[Path]) -> None:
    """Bring the plan on `conn` to the newest revision, inside the caller's transaction."""
    from alembic import command

    command.upgrade(alembic_config(conn, extra_versions), "head")


def insert_new_plan_rows(conn: Connection, plan_uuid: str, name: str) -> None:
    """The settings row and default channels of a new, empty plan."""
    from sqlalchemy import insert

    from lmplanner.core.store.schema import table

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    conn.execute(
        insert(table("plan")),
        [
            {
                "id": 1,
                "uuid": plan_uuid,
                "name": name,
                "timezone": local_timezone_name(),
                **asdict(BalanceSettings()),
                "backup_keep": 7,
                "trash_days": 30,
                "series_horizon_months": 12,
                "created_at": now,
            }
        ],
    )
    conn.execute(
        insert(table("channel")),
        [
            {"name": n, "name_key": name_key(n), "color": c, "weekly_target": None, "position": i}
            for i, (n, c) in enumerate(DEFAULT_CHANNELS)
        ],
    )


def local_timezone_name() -> str:
    """The IANA name of this computer's zone (tzlocal reads it on Linux, macOS and Windows:
    TZ, /etc/localtime, timedatectl, the registry), or UTC when none can be found."""
    import warnings
    from zoneinfo import ZoneInfo

    import tzlocal

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "defaulting to UTC" and the like: handled below
            name = tzlocal.get_localzone_name()
        if not name:
            return "UTC"
        ZoneInfo(name)
    except Exception:  # an unreadable or unknown zone set-up must not stop a plan being made
        return "UTC"
    return name
