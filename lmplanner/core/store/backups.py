"""Rolling backups of plan files: one per day the plan changed, kept for the last N such days.

Backups live in `backups/<plan-uuid>/` under the user data folder and are made with SQLite's online
backup API, so they are consistent even while the plan is open in another window or process.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from lmplanner.core import paths
from lmplanner.core.errors import DamagedPlanError, NotFoundError, PlanFileError
from lmplanner.core.store import checks, sqlite_file

log = logging.getLogger(__name__)

_NAME = re.compile(r"^(?P<kind>daily|pre-upgrade|pre-restore)-(?P<stamp>[0-9A-Za-z-]+)\.lmplan$")


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    kind: str  # daily | pre-upgrade | pre-restore
    created: dt.datetime
    size: int

    def describe(self) -> str:
        kinds = {
            "daily": "daily backup",
            "pre-upgrade": "before a format upgrade",
            "pre-restore": "before a restore",
        }
        return f"{self.created:%Y-%m-%d %H:%M}  {kinds.get(self.kind, self.kind)}"


def today() -> dt.date:
    """The local date (a seam for tests that need several days to pass)."""
    return dt.date.today()


def now() -> dt.datetime:
    """The local time (a seam for tests that need two copies within one second)."""
    return dt.datetime.now()


def new_copy_path(plan_uuid: str, prefix: str) -> Path:
    """Where a copy made now goes: `<prefix>-<stamp>.lmplan`, with `-2`, `-3`… when a copy made
    in the same second is already there (two restores in one second keep both safety copies)."""
    folder = paths.backups_dir(plan_uuid)
    stamp = f"{prefix}-{now():%Y%m%d-%H%M%S}"
    target = folder / f"{stamp}{paths.PLAN_SUFFIX}"
    number = 2
    while target.exists():
        target = folder / f"{stamp}-{number}{paths.PLAN_SUFFIX}"
        number += 1
    return target


def list_backups(plan_uuid: str) -> list[BackupInfo]:
    """The plan's backups, newest first."""
    folder = paths.backups_dir(plan_uuid)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or not path.is_file():
            continue
        stat = path.stat()
        found.append(
            BackupInfo(
                path=path,
                kind=match["kind"],
                created=dt.datetime.fromtimestamp(stat.st_mtime),
                size=stat.st_size,
            )
        )
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def ensure_daily_backup(plan_path: Path, plan_uuid: str, keep: int) -> Path | None:
    """Back the plan up unless today's backup exists; keep the newest `keep` daily backups.

    Called before the first write of a day, so each backup holds the plan as it was before that
    day's changes (and after the plan passed its check: a damaged plan is never backed up over
    a good copy). Returns the new backup, or None when today's already existed.
    """
    folder = paths.backups_dir(plan_uuid)
    target = folder / f"daily-{today():%Y-%m-%d}.lmplan"
    if target.exists():
        return None
    sqlite_file.backup_to(plan_path, target)
    log.info("Daily backup of %s written to %s", paths.shown(plan_path), paths.shown(target))
    prune(plan_uuid, keep)
    return target


#: How many copies from before a restore, and from before an upgrade, are kept at most.
SAFETY_COPIES = 5
#: A `.partial` file older than this is left from a copy that was killed or failed.
STALE_PARTIAL = dt.timedelta(minutes=15)


def prune(plan_uuid: str, keep: int) -> None:
    """Keep the newest `keep` daily backups; keep copies from before a restore or an upgrade while
    they are among the newest five of their kind and within the daily window (`keep` days), and
    always the newest of each kind, so the only copy from before a restore is never deleted."""
    window = dt.datetime.combine(today(), dt.time()) - dt.timedelta(days=max(keep, 1))
    by_kind: dict[str, list[BackupInfo]] = {}
    for item in list_backups(plan_uuid):  # newest first
        by_kind.setdefault(item.kind, []).append(item)
    for kind, items in by_kind.items():
        if kind == "daily":
            doomed = sorted(items, key=lambda b: b.path.name, reverse=True)[max(keep, 1) :]
        else:
            doomed = [
                b for n, b in enumerate(items) if n and (n >= SAFETY_COPIES or b.created < window)
            ]
        for item in doomed:
            item.path.unlink(missing_ok=True)


def remove_stale_partials(plan_uuid: str) -> None:
    """Delete `.partial` files a killed or failed copy left in the plan's backup folder."""
    folder = paths.backups_dir(plan_uuid)
    if not folder.is_dir():
        return
    cutoff = dt.datetime.now() - STALE_PARTIAL
    for path in folder.glob("*.partial"):
        try:
            if dt.datetime.fromtimestamp(path.stat().st_mtime) < cutoff:
                path.unlink()
                log.info("Removed %s, left by a copy that did not finish", paths.shown(path))
        except OSError:
            log.debug("Cannot remove %s", paths.shown(path), exc_info=True)


def restore_backup(plan_path: Path, backup: Path) -> Path:
    """Replace the plan's content with a backup's, after backing up the current file.

    The backup is checked like a plan being opened and more (every page, every table and column,
    its schema revision, its identity); a refused restore leaves the plan byte-identical.
    Returns the path of the safety copy made of the current plan.
    """
    if not backup.is_file():
        raise NotFoundError(f"There is no backup at {backup}.")
    current = sqlite_file.inspect_plan_file(plan_path)
    check_restorable(backup, current)
    assert current.uuid is not None
    safety = new_copy_path(current.uuid, "pre-restore")
    sqlite_file.backup_to(plan_path, safety)
    sqlite_file.copy_into(backup, plan_path)
    log.info(
        "Restored %s from %s (previous state kept in %s)",
        *map(paths.shown, (plan_path, backup, safety)),
    )
    try:
        prune(current.uuid, current.backup_keep)
    except OSError:
        log.warning("Cannot prune the backups of %s", paths.shown(plan_path), exc_info=True)
    return safety


def check_restorable(backup: Path, current: sqlite_file.PlanFileInfo) -> None:
    """Refuse a backup that could not be opened as this plan afterwards: a PlanFileError saying
    why (another program's file, damaged, newer, another plan's, or of another page size)."""
    info = sqlite_file.inspect_plan_file(backup)
    try:
        checks.check_revision(info)
    except DamagedPlanError as exc:
        raise DamagedPlanError(f"{backup} cannot be restored: {exc}") from None
    if current.uuid and info.uuid and current.uuid != info.uuid:
        raise PlanFileError(
            f"{backup} is a backup of another plan ({info.name or info.uuid}); "
            f"open it with --db instead of restoring it over {current.path.name}."
        )
    if info.page_size != current.page_size:
        # SQLite cannot copy pages of one size into a WAL file of another.
        raise PlanFileError(
            f"{backup} stores its data in pages of {info.page_size} bytes and "
            f"{current.path.name} in pages of {current.page_size}, so it cannot be restored "
            "over it; open the backup with --db and export or copy what you need."
        )
    try:
        checks.check_pages(backup, full=True)
    except DamagedPlanError:
        raise DamagedPlanError(
            f"{backup} is damaged (its integrity check fails) and cannot be restored; "
            "choose another backup (lmplanner backups)."
        ) from None


def find_backup(plan_uuid: str, name: str) -> Path:
    """A backup by path, by file name, or by its number in `lmplanner backups` (1 = newest)."""
    candidate = Path(name).expanduser()
    if candidate.is_file():
        return candidate
    backups = list_backups(plan_uuid)
    if name.isdigit() and 1 <= int(name) <= len(backups):
        return backups[int(name) - 1].path
    for item in backups:
        if item.path.name == name or item.path.stem == name:
            return item.path
    raise NotFoundError(f"There is no backup {name!r}; see 'lmplanner backups'.")
