"""SQLite-only tricks, kept in one place: header inspection, read-only opening, online backup."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lmplanner.core import paths
from lmplanner.core.errors import NotAPlanError

SQLITE_MAGIC = b"SQLite format 3\x00"
APPLICATION_ID = 0x4C4D504C  # "LMPL"


@dataclass(frozen=True, slots=True)
class PlanFileInfo:
    path: Path
    revision: str | None
    uuid: str | None
    name: str | None
    #: Each table's column names, as the file has them (compared with the schema on opening).
    columns: Mapping[str, frozenset[str]] = field(default_factory=dict)
    page_size: int = 4096
    backup_keep: int = 7  # how many days of daily backups the plan keeps


def _readonly_uri(path: Path, *, immutable: bool) -> str:
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


# SQLite's page cache per connection (its default is 2 000 KiB). The plan's whole-table reads (the
# review count, the meter's lead-in) pass through it and would leave it full for as long as the
# plan is open, yet what the views read again (a month's posts and their index pages) fits in a
# quarter of it, and the OS keeps the file's pages anyway: 1.5 MiB less resident with a 50 000-post
# plan open, and month switches, meter and bulk writes measured no slower (issue 25).
PAGE_CACHE_KIB = 512
# Set in a pooled connection's info while it has a larger cache for a bulk write (store.many).
ROOMY_CACHE = "lm_roomy_cache"


def connect_readonly(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot write; `immutable` also takes no locks and makes no -wal/-shm."""
    conn = sqlite3.connect(
        _readonly_uri(path, immutable=immutable), uri=True, check_same_thread=False
    )
    conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    return conn


def nobody_writing(path: Path) -> bool:
    """No -wal file beside the plan: no connection has it open for writing right now, so it can
    be read as immutable (no locks, and no -wal/-shm files created beside it)."""
    return not Path(f"{path}-wal").exists()


def connect_writable(path: Path) -> sqlite3.Connection:
    """A plan connection that may write; the engine's pool shares it across threads."""
    return sqlite3.connect(path, check_same_thread=False)


def checkpoint(dbapi_connection: sqlite3.Connection) -> None:
    """Copy committed changes from the -wal file into the plan file itself, without waiting for
    readers: the .lmplan file alone then holds every saved change (copy it, mail it, sync it)."""
    dbapi_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


#: How to get a damaged plan back, said with every refusal of one (`backups` and `restore` work
#: on a plan file that cannot be opened).
RECOVER_HINT = "restore a backup (lmplanner backups)"


def inspect_plan_file(path: Path) -> PlanFileInfo:
    """Look at an existing file without changing a byte of it: header, application id, revision.

    Raises NotAPlanError for anything that is not an LM Planner plan.
    """
    if path.is_dir():
        raise NotAPlanError(f"{paths.shown(path)} is a folder, not an LM Planner plan.")
    try:
        why = paths.not_a_regular_file(path)
        if why:
            raise NotAPlanError(f"{why.rstrip('.')}: a plan must be a regular file.")
        with path.open("rb") as handle:
            header = handle.read(100)
    except PermissionError:
        raise NotAPlanError(f"{paths.shown(path)} cannot be read (permission denied).") from None
    except OSError as exc:
        raise NotAPlanError(f"{paths.shown(path)} cannot be read: {exc.strerror or exc}.") from None
    if not header:
        raise NotAPlanError(f"{paths.shown(path)} is an empty file, not an LM Planner plan.")
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotAPlanError(f"{paths.shown(path)} is not an LM Planner plan (not a database file).")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise NotAPlanError(
            f"{paths.shown(path)} is an SQLite database of another program, not an LM Planner plan."
        )
    try:
        conn = connect_readonly(path, immutable=True)
        try:
            revision_row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            try:
                plan_row = conn.execute(
                    "SELECT uuid, name, backup_keep FROM plan WHERE id = 1"
                ).fetchone()
            except sqlite3.DatabaseError:
                plan_row = None
            columns = _columns(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotAPlanError(
            f"{paths.shown(path)} is damaged and cannot be read as a plan ({exc}) — {RECOVER_HINT}."
        ) from None
    return PlanFileInfo(
        path=path,
        revision=revision_row[0] if revision_row else None,
        uuid=plan_row[0] if plan_row else None,
        name=plan_row[1] if plan_row else None,
        columns=columns,
        page_size=_page_size(header),
        backup_keep=int(plan_row[2]) if plan_row and isinstance(plan_row[2], int) else 7,
    )


def _columns(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        name: frozenset(
            row[1] for row in conn.execute("SELECT * FROM pragma_table_info(?)", (name,))
        )
        for name in names
    }


def _page_size(header: bytes) -> int:
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def backup_to(source: Path, target: Path) -> None:
    """Copy a live plan with SQLite's online backup API (consistent even while it is in use)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        src = connect_readonly(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
    except BaseException:
        # A failed copy (full disk, read-only folder) leaves nothing half-written behind.
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise


def copy_into(source: Path, target: Path) -> None:
    """Overwrite a live plan's content with another plan file's, in one SQLite transaction.

    Other connections to `target` see the new content on their next read.
    """
    src = connect_readonly(source)
    try:
        dst = sqlite3.connect(target, timeout=10)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def set_pragmas(dbapi_connection: sqlite3.Connection, *, writable: bool) -> None:
    """Connection set-up for every plan connection (called from the engine's connect hook)."""
    # Let SQLAlchemy's begin hook emit BEGIN itself, so DDL is transactional too.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if writable:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def usual_cache(dbapi_connection: sqlite3.Connection) -> None:
    """The usual page cache again after a bulk write, its pages given back (called when the
    connection returns to the pool: its transaction is over, so none of them is dirty)."""
    dbapi_connection.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
    dbapi_connection.execute("PRAGMA shrink_memory")


def data_version(dbapi_connection: sqlite3.Connection) -> int:
    """Changes when another connection commits: the cheap way to notice outside edits."""
    row = dbapi_connection.execute("PRAGMA data_version").fetchone()
    return int(row[0])


def readonly_reason(path: Path) -> str:
    """Why this plan can only be read, or '' when it can be written (file and its folder)."""
    if not os.access(path, os.W_OK):
        return f"{paths.shown(path)} is read-only: you can look at this plan but not change it."
    if not os.access(path.parent, os.W_OK):
        return (
            f"The folder of {paths.shown(path)} is read-only, so the plan cannot be changed there "
            "(SQLite needs to write a journal beside it)."
        )
    return ""
