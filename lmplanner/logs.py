"""Logging: full tracebacks go to a log file in the user log folder; users see one clear line."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
from pathlib import Path
from typing import TextIO

LOG_NAME = "lmplanner.log"

# What setup_logging added to the root logger and the level it found, so that reset_logging can
# take exactly that back (a process that runs the CLI more than once, such as the test suite).
_installed: list[logging.Handler] = []
_level_before: list[int] = []


def log_file() -> Path:
    from lmplanner.core.paths import log_dir

    return log_dir() / LOG_NAME


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """The log file, which falls silent once it cannot be written (a full or read-only disk):
    a log is never worth a traceback on the user's terminal."""

    broken = False

    def emit(self, record: logging.LogRecord) -> None:
        if not self.broken:
            super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:
        self.broken = True


class UserWarnings(logging.Handler):
    """One line on stderr for each warning meant for the user (a record with `user_message`),
    each said once; everything else, tracebacks included, goes to the log file only."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream
        self.said: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        message = getattr(record, "user_message", "")
        if not message or message in self.said:
            return
        self.said.add(message)
        with contextlib.suppress(OSError, ValueError):  # stderr is gone: nothing left to tell
            print(f"lmplanner: warning: {message}", file=self.stream)


def setup_logging(*, debug: bool = False, warnings_to: TextIO | None = None) -> Path | None:
    """Log to a rotating file (and stderr with --debug); returns the file, or None if unusable.

    With `warnings_to`, warnings meant for the user are also said there, one line each.
    """
    root = logging.getLogger()
    if _level_before:
        return log_file()  # configured once per process (until reset_logging)
    _level_before.append(root.level)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    path: Path | None = log_file()
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = QuietFileHandler(
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
        # Without any handler, Python's last-resort handler would print tracebacks to stderr.
        _install(root, logging.NullHandler())
    if debug:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        _install(root, console)
    elif warnings_to is not None:
        _install(root, UserWarnings(warnings_to))
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
