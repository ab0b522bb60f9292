"""A throw-away PostgreSQL cluster for tests: `initdb` into a temporary folder as an unprivileged
user (initdb refuses root), started on a free loopback port, removed afterwards."""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

BIN_ENV = "LMPLANNER_PG_BIN"  # a folder holding initdb and pg_ctl, to override the search

ADMIN = "lm_admin"
OWNER = "lm_owner"
MEMBER = "lm_member"
READER = "lm_reader"
# Distinctive, so a test can prove they never reach output, logs or messages.
PASSWORDS = {
    ADMIN: "Admin-pw-8c1f",
    OWNER: "Owner-s3cret-71a",
    MEMBER: "Member-s3cret-5d2",
    READER: "Reader-s3cret-e40",
}


class ClusterUnavailable(Exception):
    """No server could be started here; the message says why."""


def find_bin_dir() -> Path:
    """Where initdb and pg_ctl live: $LMPLANNER_PG_BIN alone if set, else PATH, else Debian's
    /usr/lib/postgresql/<newest>/bin."""
    candidates: list[Path] = []
    if os.environ.get(BIN_ENV):
        candidates.append(Path(os.environ[BIN_ENV]))  # only there, when it is given
    else:
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(Path(on_path).parent)

        def version(folder: Path) -> tuple[int, ...]:
            return tuple(int(n) for n in re.findall(r"\d+", folder.parent.name)) or (0,)

        debian = Path("/usr/lib/postgresql").glob("*/bin")
        candidates += sorted(debian, key=version, reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise ClusterUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl) found; install Debian's 'postgresql' "
        f"package or point {BIN_ENV} at them"
    )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    bin_dir: Path
    root: Path
    port: int
    run_as: str | None  # the unprivileged user the server runs as (when we are root)

    host = "127.0.0.1"

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str, user: str = OWNER, *, password: str | None = "") -> str:
        """A URL as a member would type it; password "" means the user's own, None none."""
        secret = PASSWORDS.get(user, "") if password == "" else password
        auth = quote(user, safe="") + (f":{quote(secret, safe='')}" if secret else "")
        return f"postgresql+psycopg://{auth}@{self.host}:{self.port}/{database}"

    def connect(self, database: str = "postgres", user: str = ADMIN) -> Any:
        import psycopg

        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=user,
            password=PASSWORDS[user],
            dbname=database,
            autocommit=True,
            connect_timeout=10,
        )

    def sql(self, statements: str | Sequence[str], database: str, user: str = ADMIN) -> None:
        with self.connect(database, user) as conn:
            for statement in [statements] if isinstance(statements, str) else statements:
                conn.execute(statement)

    def query(self, statement: str, database: str, user: str = ADMIN) -> list[tuple[Any, ...]]:
        with self.connect(database, user) as conn:
            return list(conn.execute(statement).fetchall())

    def create_database(self, owner: str = OWNER) -> str:
        name = f"plan_{uuid.uuid4().hex[:10]}"
        self.sql(f"CREATE DATABASE {name} OWNER {owner}", "postgres")
        return name

    def drop_database(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", "postgres")

    def database_exists(self, name: str) -> bool:
        rows = self.query(f"SELECT 1 FROM pg_database WHERE datname = '{name}'", "postgres")
        return bool(rows)

    def grant_team(self, database: str) -> None:
        """The grants README's "Working as a team" gives, run as the plan's owner."""
        self.sql(
            [
                f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {MEMBER}",
                f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {MEMBER}",
            ],
            database,
            user=OWNER,
        )

    def fingerprint(self, database: str) -> list[tuple[Any, ...]]:
        """Every relation of the public schema with its row count: equal means untouched."""
        tables = self.query(
            "SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
            database,
        )
        result: list[tuple[Any, ...]] = []
        for name, kind in tables:
            if kind in ("r", "p"):
                rows = self.query(f'SELECT * FROM public."{name}" ORDER BY 1', database)
                result.append((name, kind, tuple(map(str, rows))))
            else:
                result.append((name, kind))
        return result

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(a) for a in args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd="/")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return " | ".join((self.root / "server.log").read_text().splitlines()[-5:])
        return ""


def _temp_base() -> str:
    """/tmp, which the unprivileged server user can reach (a private $TMPDIR may not be)."""
    return "/tmp" if Path("/tmp").is_dir() else tempfile.gettempdir()


def _owner_alive(root: Path) -> bool:
    try:
        os.kill(int((root / "test-run.pid").read_text()), 0)
    except (OSError, ValueError):
        return False
    return True


def _stop_abandoned(bin_dir: Path, run_as: str | None) -> None:
    """Stop and remove clusters left by test runs that were killed before they could clean up."""
    for root in Path(_temp_base()).glob("lmplanner-pg-*"):
        if root.is_dir() and (root / "test-run.pid").exists() and not _owner_alive(root):
            Cluster(bin_dir=bin_dir, root=root, port=0, run_as=run_as).stop()


def start_cluster() -> Cluster:
    """Start a private cluster with an owner, a member and a read-only role; ClusterUnavailable
    when this machine cannot run one."""
    bin_dir = find_bin_dir()
    run_as: str | None = None
    if os.geteuid() == 0:
        if not shutil.which("runuser"):
            raise ClusterUnavailable(
                "running as root and 'runuser' is missing (initdb refuses root)"
            )
        for candidate in ("postgres", "nobody"):
            with contextlib.suppress(KeyError):
                pwd.getpwnam(candidate)
                run_as = candidate
                break
        if run_as is None:
            raise ClusterUnavailable("running as root and no unprivileged user to run initdb as")
    _stop_abandoned(bin_dir, run_as)
    root = Path(tempfile.mkdtemp(prefix="lmplanner-pg-", dir=_temp_base()))
    (root / "test-run.pid").write_text(str(os.getpid()))
    cluster = Cluster(bin_dir=bin_dir, root=root, port=_free_port(), run_as=run_as)
    try:
        pwfile = root / "pwfile"
        pwfile.write_text(PASSWORDS[ADMIN] + "\n")
        if run_as:
            entry = pwd.getpwnam(run_as)
            os.chown(root, entry.pw_uid, entry.pw_gid)
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        root.chmod(0o700)
        for locale in ("C.UTF-8", "C"):
            shutil.rmtree(cluster.data, ignore_errors=True)
            done = cluster._run(
                str(bin_dir / "initdb"),
                "-D",
                str(cluster.data),
                "-U",
                ADMIN,
                f"--pwfile={pwfile}",
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                f"--locale={locale}",
            )
            if done.returncode == 0:
                break
        else:
            raise ClusterUnavailable(f"initdb failed: {done.stderr.strip()[-300:]}")
        for _attempt in range(3):
            options = (
                f"-c listen_addresses={cluster.host} -c port={cluster.port} "
                f"-c unix_socket_directories={root} -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_connections=200"
            )
            done = cluster._run(
                str(bin_dir / "pg_ctl"),
                "-D",
                str(cluster.data),
                "-l",
                str(root / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            )
            if done.returncode == 0:
                break
            cluster.port = _free_port()  # the port was taken meanwhile: try another
        else:
            raise ClusterUnavailable(f"pg_ctl start failed: {cluster.log_tail()}")
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise ClusterUnavailable(
                "the PostgreSQL driver is not installed: pip install 'lmplanner[team]'"
            ) from None
        cluster.sql(
            [
                f"CREATE ROLE {role} LOGIN PASSWORD '{PASSWORDS[role]}'"
                for role in (OWNER, MEMBER, READER)
            ],
            "postgres",
        )
    except BaseException:
        cluster.stop()
        raise
    return cluster


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        cluster.stop()
