"""Exporting a plan to CSV, iCalendar or a JSON backup, written to a temporary file and renamed."""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from lmplanner.core.domain import DATE_MAX, DATE_MIN, DATE_RANGE_TEXT
from lmplanner.core.io.records import ExportError
from lmplanner.core.paths import part_file

if TYPE_CHECKING:
    from lmplanner.core.balance import Period
    from lmplanner.core.services import PlanService


class ExportFormat(StrEnum):
    CSV = "csv"
    ICS = "ics"
    JSON = "json"

    @classmethod
    def from_path(cls, path: str | os.PathLike[str]) -> ExportFormat | None:
        """The format a file name asks for (`plan.ics` → ICS), or None."""
        suffix = Path(path).suffix.lower().lstrip(".")
        aliases = {"csv": cls.CSV, "ics": cls.ICS, "ical": cls.ICS, "json": cls.JSON}
        return aliases.get(suffix)


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: ExportFormat
    posts: int  # posts written (for ICS: dated posts, the events)


def export_bytes(
    service: PlanService, fmt: ExportFormat, period: Period | None = None
) -> tuple[bytes, int]:
    """The exported file's content and how many posts it holds. No period: the whole plan
    (backlog included in CSV); a JSON backup is always the whole plan."""
    from lmplanner import __version__

    if fmt is ExportFormat.JSON:
        if period is not None:
            raise ExportError("a JSON backup is always the whole plan; leave out the period")
        from lmplanner.core.io.backup import backup_to_json

        data = backup_to_json(service, app_version=__version__)
        return data, service.count_posts()
    if period is None:
        posts = service.posts(order="date")
    else:
        posts = service.posts(start=period.start, end=period.end, order="date")
    from lmplanner.core.io.plan_rows import post_uuids

    if fmt is ExportFormat.CSV:
        from lmplanner.core.io.csv_format import posts_to_csv

        ids = [p.id for p in posts] + [p.follows for p in posts if p.follows is not None]
        return posts_to_csv(posts, post_uuids(service, ids)), len(posts)
    from lmplanner.core.io.ics import posts_to_ics

    dated = [p for p in posts if p.date is not None]
    for post in dated:
        assert post.date is not None
        if not DATE_MIN <= post.date <= DATE_MAX:
            # Only a plan written before the range was enforced (or by another program) holds
            # such a day; an event on it cannot be written (9999-12-31 has no next day).
            raise ExportError(
                f"post {post.id} is dated {post.date.isoformat()}, outside the supported range "
                f"{DATE_RANGE_TEXT}; move it to export the calendar"
            )
    uuids = post_uuids(service, [p.id for p in dated])
    return posts_to_ics(dated, service.settings(), uuids, app_version=__version__), len(dated)


def export_plan(
    service: PlanService,
    path: str | os.PathLike[str],
    fmt: ExportFormat | str,
    period: Period | None = None,
) -> ExportResult:
    """Write the export to `path`; an existing file there is replaced only once all is written."""
    fmt = ExportFormat(fmt)
    target = Path(path)
    data, count = export_bytes(service, fmt, period)
    write_atomically(target, data)
    return ExportResult(target, fmt, count)


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target, flush, then rename over it: nobody ever sees half a file."""
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder")
    tmp = part_file(target, secrets.token_hex(4))
    try:
        # 0o666 through the umask: a new export gets the permissions any new file would.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise ExportError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, target.stat().st_mode & 0o777)  # keep an existing file's permissions
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
