"""Plan files: opening, creating and upgrading an SQLite plan, one engine per plan, checked
before it is touched."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import tempfile
import time
import uuid as uuid_module
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmplanner.core import paths
from lmplanner.core.errors import PlanFileError, ReadOnlyPlanError
from lmplanner.core.store import backups, checks, setup, sqlite_file, wal
from lmplanner.core.store.sqlite_file import readonly_reason
from lmplanner.core.store.trash import daily_cleanup

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

log = logging.getLogger(__name__)


class SqlitePlan:
    """An open plan file: its engine and identity (implements `store.Plan`)."""

    #: A plan file is one person's; other windows and the CLI may still change it.
    is_team = False
    #: A plan file needs no server, so its changes are always seen.
    live_error = ""

    def __init__(self, engine: Engine, *, path: Path, uuid: str, readonly: bool) -> None:
        self.engine = engine
        self.location = str(path)
        self.path = path
        self.uuid = uuid
        self.readonly = readonly
        self.readonly_reason = ""
        self._maintained_on: dt.date | None = None
        self._series_extended = False
        self._checked_on: dt.date | None = None
        self._watch: Any = None

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for one consistent read."""
        with self._plain_errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: all of it commits, or none of it (an exception rolls back)."""
        if self.readonly:
            raise ReadOnlyPlanError(self.readonly_reason or "This plan is open read-only.")
        self._check_pages()
        self._daily_maintenance()
        self._extend_series()
        with self._plain_errors(), self._immediate() as conn:
            yield conn
        self._checkpoint()

    def _extend_series(self) -> None:
        """Before the first write of a session: recurring series get their posts up to the
        horizon (core.store.series_upkeep), in a transaction of their own that undo leaves be."""
        if self._series_extended:
            return
        self._series_extended = True
        from lmplanner.core.store.series_upkeep import extend_open_series

        with self._plain_errors(), self._immediate() as conn:
            extend_open_series(conn)

    @contextlib.contextmanager
    def _plain_errors(self) -> Iterator[None]:
        """A damaged or altered file met mid-read or mid-write is said in words, not as an
        SQLite exception."""
        from sqlalchemy.exc import DatabaseError

        try:
            yield
        except DatabaseError as exc:
            plain = checks.plain_error(self.path, str(exc.orig))
            if plain is None:
                raise
            raise plain from exc

    def _check_pages(self) -> None:
        """Before the first write of a session (and of each day, so before every daily backup):
        `quick_check`, read-only; a damaged plan is never written to nor backed up."""
        day = backups.today()
        if self._checked_on != day:
            checks.check_pages(self.path)
            self._checked_on = day

    @contextlib.contextmanager
    def _immediate(self) -> Iterator[Connection]:
        """A transaction that holds the file's write lock from its start (BEGIN IMMEDIATE)."""
        with (
            self.engine.connect().execution_options(lm_begin="IMMEDIATE") as conn,
            conn.begin(),
        ):
            yield conn

    def _checkpoint(self) -> None:
        """After each committed change, fold the WAL into the plan file (see sqlite_file)."""
        try:
            raw = self.engine.raw_connection()
            try:
                sqlite_file.checkpoint(raw.dbapi_connection)  # type: ignore[arg-type]
            finally:
                raw.close()
        except Exception:  # a busy reader only delays it to the next change
            log.debug("Checkpoint of %s deferred", paths.shown(self.path), exc_info=True)

    def _daily_maintenance(self) -> None:
        """Before the first write of each day: a rolling backup, and an empty of the old trash.

        A failure here is logged, never allowed to stop the user's change.
        """
        day = backups.today()
        if self._maintained_on == day:
            return
        self._maintained_on = day
        try:
            from sqlalchemy import select

            from lmplanner.core.store.schema import table

            plan_t = table("plan")
            with self.read() as conn:
                keep = conn.execute(select(plan_t.c.backup_keep).where(plan_t.c.id == 1)).one()[0]
            backups.ensure_daily_backup(self.path, self.uuid, int(keep))
            with self._immediate() as conn:
                daily_cleanup(conn)
        except Exception as exc:
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            log.warning(
                "Daily backup or trash clean-up of %s failed",
                self.path,
                exc_info=True,
                extra={
                    "user_message": f"the daily backup or trash clean-up of {self.path.name} "
                    f"failed ({reason}); your change was saved"
                },
            )

    def data_version(self) -> int:
        """A number that changes whenever another connection or process commits to the plan.

        Read on one dedicated connection, as SQLite's data_version is only comparable there.
        """
        if self._watch is None:
            self._watch = self.engine.raw_connection()
        raw: Any = self._watch.dbapi_connection
        return sqlite_file.data_version(raw)

    def changes_token(self) -> int:
        """Compare with an earlier token: a difference means someone else committed since.

        Never blocks; the GUI polls it on a timer and refreshes its views when it changes.
        """
        return self.data_version()

    def wait_for_change(self, timeout: float, since: int | None = None) -> bool:
        """Wait up to `timeout` seconds for a change after `since` (default: now): did one come?"""
        baseline = self.changes_token() if since is None else since
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            if self.changes_token() != baseline:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(remaining, 0.1))

    def close(self) -> None:
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        self.engine.dispose()

    def __enter__(self) -> SqlitePlan:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _make_engine(path: Path, *, readonly: bool) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    if readonly:
        # A plan nobody is writing (no -wal beside it) is read as immutable: no locks and no
        # -wal/-shm files, so a read-only file or folder is left exactly as it was.
        immutable = sqlite_file.nobody_writing(path)
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite_file.connect_readonly(path, immutable=immutable),
            future=True,
        )
    else:
        # The path goes to sqlite3 as the OS gave it: a URL would read `?` and `#` in a file
        # name as URL syntax. QueuePool is what SQLAlchemy picks for a file URL.
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite_file.connect_writable(path),
            poolclass=QueuePool,
            future=True,
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        sqlite_file.set_pragmas(dbapi_connection, writable=not readonly)

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, record: Any) -> None:
        if record.info.pop(sqlite_file.ROOMY_CACHE, None) and dbapi_connection is not None:
            sqlite_file.usual_cache(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("lm_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _upgrade(engine: Engine, extra_versions: Sequence[Path]) -> None:
    with engine.connect().execution_options(lm_begin="IMMEDIATE") as conn, conn.begin():
        setup.upgrade(conn, extra_versions)


def create_plan(path: Path, *, name: str | None = None) -> None:
    """Create a new, empty plan at `path` atomically: built aside, then renamed into place."""
    folder = path.parent
    if not folder.is_dir():
        raise PlanFileError(
            f"Cannot create a plan in {paths.shown(folder)}: the folder does not exist."
        )
    if not os.access(folder, os.W_OK):
        raise ReadOnlyPlanError(
            f"Cannot create a plan in {paths.shown(folder)}: the folder is read-only."
        )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".creating", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        engine = _make_engine(tmp, readonly=False)
        try:
            _upgrade(engine, ())
            with engine.connect().execution_options(lm_begin="IMMEDIATE") as conn, conn.begin():
                conn.exec_driver_sql(f"PRAGMA application_id = {sqlite_file.APPLICATION_ID}")
                setup.insert_new_plan_rows(
                    conn, str(uuid_module.uuid4()), name or paths.shown(path.stem)
                )
            with engine.connect() as conn:
                # Fold the WAL back so the renamed file is complete on its own.
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        for leftover in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
            leftover.unlink(missing_ok=True)
        raise


def open_sqlite_plan(
    path: Path,
    *,
    create: bool = True,
    readonly: bool = False,
    extra_versions: Sequence[Path] = (),
) -> SqlitePlan:
    """Open (or create) the plan file at `path`, refusing anything that is not a plan we can read.

    A foreign, damaged or newer file raises a PlanFileError and stays byte-identical; an older
    one is copied aside, then upgraded.
    """
    if not path.exists():
        if not create:
            raise PlanFileError(f"There is no plan at {paths.shown(path)}.")
        create_plan(path)
    info = sqlite_file.inspect_plan_file(path)
    checks.check_revision(info, extra_versions)
    assert info.uuid is not None and info.revision is not None
    head = setup.known_revisions(extra_versions)[1]

    _keep_unreplayable_journal(path, info.uuid)
    reason = readonly_reason(path)
    if reason and not readonly:
        raise ReadOnlyPlanError(reason)
    if not readonly:
        backups.remove_stale_partials(info.uuid)
    if info.revision != head:
        if readonly:
            raise ReadOnlyPlanError(
                f"{paths.shown(path)} uses an older plan format and must be upgraded, "
                "which needs write access."
            )
        backup = backups.new_copy_path(info.uuid, f"pre-upgrade-{info.revision}")
        sqlite_file.backup_to(path, backup)
        log.info("Backed up %s to %s before upgrading it", paths.shown(path), paths.shown(backup))
        engine = _make_engine(path, readonly=False)
        try:
            _upgrade(engine, extra_versions)
        finally:
            engine.dispose()
    plan = SqlitePlan(
        _make_engine(path, readonly=readonly), path=path, uuid=info.uuid, readonly=readonly
    )
    plan.readonly_reason = reason or ("Opened read-only." if readonly else "")
    return plan


def _keep_unreplayable_journal(path: Path, plan_uuid: str) -> None:
    """Before anything opens the plan: a -wal SQLite would drop committed changes from is copied
    next to the backups, and the user is told once."""
    try:
        kept = wal.keep_unreplayable(path, paths.backups_dir(plan_uuid))
    except OSError:
        log.warning("Cannot keep the unreadable journal of %s", paths.shown(path), exc_info=True)
        return
    if kept is not None:
        log.warning(
            "The journal of %s will not replay; kept in %s",
            path,
            kept,
            extra={
                "user_message": f"recent changes could not be recovered; the journal was kept in "
                f"{kept}"
            },
        )
