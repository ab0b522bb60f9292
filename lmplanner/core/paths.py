"""Where LM Planner keeps plans, backups and logs, and which plan a command opens."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from lmplanner.core.graphemes import cluster_boundary

APP_DIR_NAME = "lmplanner"
PLAN_SUFFIX = ".lmplan"
DB_ENV = "LMPLANNER_DB"
DATA_DIR_ENV = "LMPLANNER_DATA_DIR"
FILE_NAME_BYTES = 255  # the longest file name ext4, XFS, Btrfs, APFS and NTFS all take


def data_dir() -> Path:
    """The user data folder for plans and backups; `LMPLANNER_DATA_DIR` overrides it."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser() / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


def default_plan_path() -> Path:
    return data_dir() / f"plan{PLAN_SUFFIX}"


def backups_dir(plan_uuid: str) -> Path:
    return data_dir() / "backups" / plan_uuid


def shown(path: str | os.PathLike[str]) -> str:
    """A path fit for a message: bytes that are not valid UTF-8 (a name the OS gave as it is)
    appear as `\\xff` escapes, so printing or logging it cannot fail."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def not_a_regular_file(path: str | os.PathLike[str]) -> str:
    """Why `path` (existing) cannot be read as a plan or an import file, or "" when it can.

    Devices, FIFOs and sockets are refused before they are opened: /dev/zero never ends, and
    opening a FIFO waits for a writer forever."""
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return f"{shown(path)} is a folder, not a file."
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"{shown(path)} is {kind}, not a regular file."


def is_database_url(location: str) -> bool:
    """A `postgresql+psycopg://…`-style URL rather than a file path."""
    head, sep, _ = location.partition("://")
    return bool(sep) and head.replace("+", "").isalnum() and len(head) > 1


def resolve_plan_location(explicit: str | None = None, last_opened: str | None = None) -> str:
    """Which plan to open: `--db` > `LMPLANNER_DB` > last opened plan (GUI only) > default."""
    for candidate in (explicit, os.environ.get(DB_ENV), last_opened):
        if candidate:
            if is_database_url(candidate):
                return candidate
            return str(Path(candidate).expanduser())
    return str(default_plan_path())


def mask_url(url: str) -> str:
    """A database URL fit to show or log: the password is replaced by ***."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    userinfo, _, host = rest.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in userinfo else url


def fitted_file_name(stem: str, tail: str, limit: int = FILE_NAME_BYTES, *, head: str = "") -> str:
    """`head` + `stem` + `tail`, the stem alone shortened, by whole characters as a reader sees
    them (an accent, a skin tone or half a flag never left alone), so the name takes at most
    `limit` bytes in the file system's encoding: file systems refuse longer names, and a name in
    Greek or Japanese takes two or three bytes a character. `head` and `tail` stay whole (the
    report's period, the extension, " (2)"), so names that differ there still differ; where
    they leave no room, the head is shortened with the stem."""
    room = limit - len(os.fsencode(head + tail))
    if head and room <= 0:
        stem, head = head + stem, ""
        room = limit - len(os.fsencode(tail))
    while stem and len(os.fsencode(stem)) > room:
        # Cut by the bytes too many (a character at least), then measure again.
        over = len(os.fsencode(stem)) - room
        cut = cluster_boundary(stem, len(stem) - max(1, over // 4))
        stem = stem[:cut].rstrip(" .")
    return f"{head}{stem or ('' if head else 'LM Planner')}{tail}"


def part_file(target: Path, token: str) -> Path:
    """The hidden file a write goes to before it is renamed over `target`: its name fits the
    file system however long the target's is."""
    return target.parent / fitted_file_name(f".{target.name}", f".{token}.part")
