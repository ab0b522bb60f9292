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
