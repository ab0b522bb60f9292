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
