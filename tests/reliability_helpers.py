"""Helpers for reliability tests: run the CLI as a subprocess, with or without file permissions."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Root ignores file modes; dropping these capabilities makes it respect them like any user.
DROP_DAC = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def can_drop_privileges() -> bool:
    if os.name != "posix" or shutil.which("setpriv") is None:
        return False
    probe = subprocess.run([*DROP_DAC, "true"], capture_output=True)
    return probe.returncode == 0


def lmplanner(
    *args: str, env: dict[str, str] | None = None, unprivileged: bool = False, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "lmplanner", *args]
    if unprivileged and os.geteuid() == 0:
        command = [*DROP_DAC, *command]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )


def integrity_and_count(path: Path) -> tuple[str, int]:
    conn = sqlite3.connect(path)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        count = conn.execute("SELECT count(*) FROM post").fetchone()[0]
        return str(check), int(count)
    finally:
        conn.close()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll `condition` until it holds; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        # real time: the timeout of a condition wait, not a timing.
        assert time.monotonic() < deadline, f"{what}: not within {timeout:g} s"
        time.sleep(0.01)  # real time: the poll interval of a condition wait


def btree_leaf_pages(path: Path, table: str) -> list[int]:
    """The leaf pages of a table's b-tree (its root must be an interior page: 300+ posts)."""
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        query = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        root = conn.execute(query, (table,)).fetchone()
    finally:
        conn.close()
    start = (root[0] - 1) * page_size
    assert data[start] == 0x05, "the table's root is a leaf: give it more rows"
    cells = int.from_bytes(data[start + 3 : start + 5], "big")
    pointers = [
        int.from_bytes(data[start + 12 + 2 * i : start + 14 + 2 * i], "big") for i in range(cells)
    ]
    children = [int.from_bytes(data[start + p : start + p + 4], "big") for p in pointers]
    return [*children, int.from_bytes(data[start + 8 : start + 12], "big")]


def damage_btree(path: Path, table: str = "post") -> None:
    """Scribble over the cell pointers of a leaf page in the middle of a table's b-tree (not
    overflow data): SQLite then reports the file as malformed, and integrity_check fails."""
    leaves = btree_leaf_pages(path, table)
    page = leaves[len(leaves) // 2]
    with path.open("r+b") as handle:
        page_size = int.from_bytes(handle.read(18)[16:18], "big")
        start = (page - 1) * page_size
        handle.seek(start + 3)
        cells = int.from_bytes(handle.read(2), "big")
        handle.seek(start + 8)
        handle.write(b"\xff\xf0" * max(cells, 4))


def damage_root(path: Path, table: str) -> None:
    """Scribble over the cell pointers of a table's root page (a small table's only page): its
    rows cannot be read back, and integrity_check fails."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        query = "SELECT rootpage FROM sqlite_master WHERE name = ?"
        root = conn.execute(query, (table,)).fetchone()[0]
    finally:
        conn.close()
    with path.open("r+b") as handle:
        page_size = int.from_bytes(handle.read(18)[16:18], "big")
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff\xf0" * 4)


def integrity(path: Path) -> str:
    """`PRAGMA integrity_check`'s first line, read-only."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
