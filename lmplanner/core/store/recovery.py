"""Bringing back a plan file SQLite cannot open: who it is, and putting a backup in its place.

A damaged plan cannot be read to make a "before a restore" copy with SQLite, so its bytes (and
any -wal/-shm beside it) are copied aside as they are, into the plan's backups folder, before the
backup is written over it. Used by the GUI's recovery dialog and by `lmplanner backups/restore`.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
from pathlib import Path

from lmplanner.core import paths
from lmplanner.core.errors import PlanFileError
from lmplanner.core.store import checks, sqlite_file
from lmplanner.core.store.backups import list_backups, new_copy_path

log = logging.getLogger(__name__)

_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# How much of a damaged file is searched for its identity (plan settings sit near the start).
_SCAN_LIMIT = 64 * 1024 * 1024


def plan_uuid_for(path: Path) -> str | None:
    """The plan identity of a file, read without changing it; None for files that are not ours.

    A damaged plan whose header is still ours may fail to open; its identity is then looked for in
    its raw bytes, accepted only where a backups folder of that identity exists.
    """
    try:
        info = sqlite_file.inspect_plan_file(path)
        if info.uuid:
            return info.uuid
    except PlanFileError:
        pass
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
            if len(header) < 100 or not header.startswith(sqlite_file.SQLITE_MAGIC):
                return None
            if int.from_bytes(header[68:72], "big") != sqlite_file.APPLICATION_ID:
                return None
            data = header + handle.read(_SCAN_LIMIT)
    except OSError:
        return None
    for match in _UUID.finditer(data):
        uuid = match.group().decode("ascii")
        if list_backups(uuid):
            return uuid
    return None


def restore_over_damaged(plan_path: Path, backup: Path, plan_uuid: str) -> Path:
    """Put a backup in place of a plan file SQLite cannot read; returns the copy of its bytes."""
    info = sqlite_file.inspect_plan_file(backup)
    checks.check_revision(info)  # the checks a restore over a readable plan makes too
    checks.check_pages(backup, full=True)
    if info.uuid != plan_uuid:
        raise PlanFileError(f"{backup} is a backup of another plan.")
    aside = new_copy_path(plan_uuid, "damaged")
    aside.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(plan_path, aside)
    temp = plan_path.with_name(f".{plan_path.name}.{secrets.token_hex(4)}.restore")
    sqlite_file.backup_to(backup, temp)
    for suffix in ("-wal", "-shm"):  # a stale journal must never be replayed into the backup
        side = Path(f"{plan_path}{suffix}")
        if side.exists():
            shutil.copy2(side, Path(f"{aside}{suffix}"))
            side.unlink()
    os.replace(temp, plan_path)
    log.info(
        "Restored the damaged plan %s from %s (its damaged file kept in %s)",
        *map(paths.shown, (plan_path, backup, aside)),
    )
    return aside
