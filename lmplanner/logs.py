"""Logging: full tracebacks go to a log file in the user log folder; users see one clear line."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "lmplanner.log"

# What setup_logging added to the root logger and the level it found, so that reset_logging can
# take exactly that back (a process that runs the CLI more than once, such as the test suite).
_installed: list[logging.Handler] = []
_level_before: list[int] = []


def log_file() -> Path:
    from lmplanner.core.paths import log_dir

    return log_dir() / LOG_NAME


def setup_logging(*, debug: bool = False) -> Path | None:
    """Log to a rotating file (and stderr with --debug); returns the file, or None if unusable."""
    root = logging.getLogger()
    if _level_before:
        return log_file()  # configured once per process (until reset_logging)
    _level_before.append(root.level)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    path: Path | None = log_file()
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            # A file name the OS gave as bytes that are not UTF-8 is logged escaped, not lost.
            path,
            maxBytes=1_000_000,
            backupCount=3,
            encoding="utf-8",
            errors="backslashreplace",
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        _install(root, handler)
    except OSError:
        path = None  # a read-only home must not stop the app
    if debug:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        _install(root, console)
    return path


def _install(root: logging.Logger, handler: logging.Handler) -> None:
    root.addHandler(handler)
    _installed.append(handler)


def reset_logging() -> None:
    """Undo setup_logging: remove and close its handlers and give the root logger its level back."""
    root = logging.getLogger()
    while _installed:
        handler = _installed.pop()
        root.removeHandler(handler)
        handler.close()
    if _level_before:
        root.setLevel(_level_before.pop())
