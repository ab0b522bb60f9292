"""Logging: full tracebacks go to a log file in the user log folder; users see one clear line."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "lmplanner.log"


def log_file() -> Path:
    from lmplanner.core.paths import log_dir

    return log_dir() / LOG_NAME


def setup_logging(*, debug: bool = False) -> Path | None:
    """Log to a rotating file (and stderr with --debug); returns the file, or None if unusable."""
    root = logging.getLogger()
    if getattr(root, "_lmplanner_configured", False):
        return log_file()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    path: Path | None = log_file()
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        path = None  # a read-only home must not stop the app
    if debug:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(console)
    root._lmplanner_configured = True  # type: ignore[attr-defined]
    return path
