"""Run `lmplanner` for a test: in this process, or as a real process where that is the point.

`run_cli` calls `lmplanner.cli.main` with its own output streams: the same contract (exit code,
stdout, stderr) without starting an interpreter and importing the app again for every call.
`run_process` starts `python -m lmplanner`; tests use it only where the process boundary is what
they check: the exit status, tracebacks, signals, stdin and a terminal, and one smoke test per
command group.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class CliResult:
    """What a finished command left: shaped like `subprocess.CompletedProcess` for the tests."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: str = "") -> CliResult:
    """`lmplanner ARGS` in this process; standard input is `stdin` and never a terminal."""
    from lmplanner.cli import main

    out, err = io.StringIO(), io.StringIO()
    # argparse (--help, --version, usage errors) writes to sys.stdout / sys.stderr itself.
    with _standard_input(stdin), _fresh_logging(), redirect_stdout(out), redirect_stderr(err):
        code = main(list(args), out=out, err=err)
    return CliResult(list(args), code, out.getvalue(), err.getvalue())


def run_on(db: Path, *args: str, stdin: str = "") -> CliResult:
    """`lmplanner --db DB ARGS…` in this process."""
    return run_cli("--db", str(db), *args, stdin=stdin)


def ok_on(db: Path, *args: str) -> str:
    """The output of a command on `db` that must succeed."""
    result = run_on(db, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


class Finished(Protocol):
    returncode: int
    stdout: str
    stderr: str


def one_line_error(result: Finished, code: int) -> str:
    """The one line a failed command says on stderr, after checking its exit code and that no
    traceback or "unexpected error" reached the user."""
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    return lines[0]


def run_process(
    *args: str,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`python -m lmplanner ARGS` as a child process (stdin empty and not a terminal by default)."""
    return subprocess.run(
        [sys.executable, "-m", "lmplanner", *args],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


@contextmanager
def _standard_input(text: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


@contextmanager
def _fresh_logging() -> Iterator[None]:
    """Each call configures logging as a new process would, and leaves no handler behind."""
    from lmplanner.logs import reset_logging

    reset_logging()
    try:
        yield
    finally:
        reset_logging()
