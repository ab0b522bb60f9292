"""Importing posts: read a file, validate every record, then write all of them (or none) at once.

Two steps so the desktop app can show a preview before anything is written:
`preview_import` parses and validates (no writes), `commit_import` writes the valid, new records
with one `PlanService` call, which is one transaction and one undo step. `import_file` does both.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmplanner.core.bulk import collector_paused
from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import PostRecord, name_key
from lmplanner.core.io.backup import (
    PlanBackup,
    RestorePost,
    check_backup,
    parse_backup,
    refusal,
    restore_backup,
)
from lmplanner.core.io.calendar_import import (
    calendar_records,
    commit_with_series,
    counted,
    imported_warnings,
    known_uids,
    ready_split,
    series_label,
)
from lmplanner.core.io.checking import Suggester, convert_records
from lmplanner.core.io.csv_format import (
    KNOWN_HEADERS,
    cell_parsers,
    looks_like_date_time,
    looks_like_planner_header,
    parse_hootsuite,
    parse_planner_csv,
)
from lmplanner.core.io.encoding import decode_bytes, read_rows, sniff_delimiter
from lmplanner.core.io.ics_import import COLUMNS as ICS_COLUMNS
from lmplanner.core.io.ics_import import looks_like_calendar
from lmplanner.core.io.links import resolve_links
from lmplanner.core.io.plan_rows import uuid_ids
from lmplanner.core.io.records import (
    ImportFileError,
    ImportFormat,
    ImportOptions,
    ImportRecord,
    MissingColumnError,
    Problem,
)
from lmplanner.core.paths import not_a_regular_file, shown

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService, ValidPost

# Far beyond any CSV; stops a wrong file (a video, a disk image) from being read into memory.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
# A JSON backup has no fixed cap: a plan has no limit on its number of posts, and whatever
# `export --format json` wrote must restore. It is recognised by its opening, which export writes.
_BACKUP_OPENING = re.compile(rb'\A(?:\xef\xbb\xbf)?\s*\{\s*"format"\s*:\s*"lmplanner-backup"')
# The same for a calendar: `export --format ics` of a big plan passes the cap (100 000 events are
# about 70 MB), and what export writes import must read back.
_CALENDAR_OPENING = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*BEGIN:VCALENDAR", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """A parsed and validated file; nothing written yet."""

    source: str
    format: ImportFormat  # never AUTO: the layout that was detected or asked for
    encoding: str
    delimiter: str | None  # None for JSON
    columns: tuple[str, ...]
    records: tuple[ImportRecord, ...]
    options: ImportOptions
    backup: PlanBackup | None = None
    existing_posts: int = 0
    warnings: tuple[str, ...] = ()  # recurring events imported as single posts, and why

    @property
    def valid(self) -> list[ImportRecord]:
        return [r for r in self.records if r.valid]

    @property
    def rejected(self) -> list[ImportRecord]:
        return [r for r in self.records if not r.valid]

    @property
    def duplicates(self) -> list[ImportRecord]:
        return [r for r in self.records if r.valid and r.duplicate]

    @property
    def ready(self) -> list[ImportRecord]:
        """The records an import would write."""
        return [r for r in self.records if r.valid and not r.duplicate]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.records for p in r.problems]

    @property
    def ready_series(self) -> list[ImportRecord]:
        """The ready records that are series (each makes `series_posts` posts)."""
        return [r for r in self.ready if r.series is not None]


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did (or, on a dry run or when blocked, would do)."""

    imported: int
    skipped_duplicates: int
    rejected: list[Problem]
    changeset: ChangeSet
    format: ImportFormat = ImportFormat.CSV
    rejected_records: int = 0
    ready: int = 0  # valid new records: written unless blocked or a dry run
    dry_run: bool = False
    blocked: bool = False  # invalid records stopped the import; nothing was written
    series: int = 0  # series among the records written (or ready, when not written)
    series_posts: int = 0  # the posts of those series

    @property
    def ok(self) -> bool:
        """Success in the CLI's sense: exit 0."""
        return not self.blocked and not (self.dry_run and self.rejected_records)


# ---------------------------------------------------------------- reading
def read_source(source: str | os.PathLike[str] | bytes) -> tuple[bytes, str]:
    """The bytes of a file (or the bytes given) and a name for messages.

    Only a regular file is read: a device such as /dev/zero reports size 0 and never ends, and
    a FIFO blocks. The size is checked on the open file, and no more than the cap is read."""
    if isinstance(source, bytes):
        return source, "the data"
    path = Path(source)
    where = shown(path)
    try:
        if path.is_dir():
            raise ImportFileError(f"{where} is a folder, not a file to import")
        why = not_a_regular_file(path)
        if why:
            raise ImportFileError(why.rstrip(".") + " to import")
        return _read_regular(path, where), shown(path.name)
    except MemoryError:
        raise ImportFileError(f"{where} is too large to be read into memory") from None
    except FileNotFoundError:
        raise ImportFileError(f"there is no file {where}") from None
    except OSError as exc:
        raise ImportFileError(f"cannot read {where}: {exc.strerror or exc}") from None


def _read_regular(path: Path, where: str) -> bytes:
    """Read a regular file; a JSON backup as a whole (a plan has no cap on its posts, and what
    export writes import must restore), anything else no further than the cap."""
    # O_NONBLOCK: should a FIFO appear here after the check, opening it must not hang.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ImportFileError(f"{where} is not a regular file to import")
        opening = handle.read(256)
        if _BACKUP_OPENING.match(opening) or _CALENDAR_OPENING.match(opening):
            return opening + handle.read()
        data = opening + handle.read(MAX_IMPORT_BYTES + 1 - len(opening))
    if len(data) > MAX_IMPORT_BYTES:
        size = path.stat().st_size
        raise ImportFileError(f"{where} is {size:,} bytes: too large to be a plan to import")
    return data


def detect_format(text: str) -> ImportFormat:
    """JSON when it starts with `{`; iCalendar with BEGIN:VCALENDAR; LM Planner CSV when the
    first row names a title column; Hootsuite when the first cell is a date-time (or the first
    row names date and message)."""
    if text.lstrip().startswith("{"):
        return ImportFormat.JSON
    if looks_like_calendar(text):
        return ImportFormat.ICS
    delimiter = sniff_delimiter(text, KNOWN_HEADERS)
    first: list[str] | None = None
    try:
        for _line, row in read_rows(text, delimiter, first_only=True):
            if any(cell.strip() for cell in row):
                first = row
                break
    except ImportFileError:
        pass
    if first is None:
        raise ImportFileError("the file is empty: there is nothing to import")
    if looks_like_planner_header(first):
        return ImportFormat.CSV
    cells = {cell.strip().lower() for cell in first}
    if looks_like_date_time(first[0]) or "message" in cells or first[0].strip().lower() == "date":
        return ImportFormat.HOOTSUITE
    raise ImportFileError(
        "cannot tell the file's layout: the first row has no title column (LM Planner CSV) and "
        "does not start with a date and time (Hootsuite); choose the format explicitly"
    )


def preview_import(
    service: PlanService,
    source: str | os.PathLike[str] | bytes,
    options: ImportOptions | None = None,
) -> ImportPreview:
    """Parse and validate every record; writes nothing. ImportFileError for a file that cannot
    be read as a whole; problems with single records are in the preview."""
    with collector_paused():  # every record made stays until the preview is done
        return _preview(service, source, options)


def _preview(
    service: PlanService,
    source: str | os.PathLike[str] | bytes,
    options: ImportOptions | None,
) -> ImportPreview:
    opts = options or ImportOptions()
    data, name = read_source(source)
    decoded = decode_bytes(data)
    text = decoded.text
    fmt = opts.format if opts.format is not ImportFormat.AUTO else detect_format(text)
    # A calendar has no role column: the suggester fills what no tag names, unless --role.
    wants_suggestion = fmt is ImportFormat.ICS and opts.default_role is None
    suggest = Suggester() if opts.suggest_roles or wants_suggestion else None
    if fmt is ImportFormat.ICS:
        parsers = cell_parsers(day_first=False)
        read = calendar_records(service, text, opts.default_channel, expand=opts.expand)
        converted = convert_records(read.records, opts, suggest, parsers)
        records = tuple(counted(service, record) for record in converted)
        columns = tuple(dict.fromkeys(ICS_COLUMNS.values()))
        records = _mark_duplicates(records, service)
        return ImportPreview(
            name,
            fmt,
            decoded.encoding,
            None,
            columns,
            records,
            opts,
            existing_posts=service.count_posts(),
            warnings=imported_warnings(read, records),
        )
    if fmt is ImportFormat.JSON:
        backup = parse_backup(text)
        check_backup(service, backup)
        parsers = cell_parsers(day_first=False)
        records = convert_records(backup.posts, opts, suggest, parsers)
        return ImportPreview(
            name, fmt, decoded.encoding, None, (), records, opts, backup, service.count_posts()
        )
    delimiter = sniff_delimiter(text, KNOWN_HEADERS)
    if fmt is ImportFormat.CSV:
        columns, raw = parse_planner_csv(text, delimiter)
        present = set(raw[0].columns) if raw else set()
        if raw:
            _require_defaults(present, opts, raw[0].line)
    else:
        raw = parse_hootsuite(text, delimiter, day_first=opts.day_first)
        columns = ("date", "message", "link")
        if raw:
            _require_defaults(set(), opts, raw[0].line)
    parsers = cell_parsers(day_first=opts.day_first)
    records = convert_records(raw, opts, suggest, parsers)
    if fmt is ImportFormat.CSV:
        records = resolve_links(raw, records, service, opts)
    return ImportPreview(
        name,
        fmt,
        decoded.encoding,
        delimiter,
        columns,
        _mark_duplicates(records, service),
        opts,
        existing_posts=service.count_posts(),
    )


def _require_defaults(present: set[str], opts: ImportOptions, line: int) -> None:
    if "role" not in present and opts.default_role is None and not opts.suggest_roles:
        raise MissingColumnError(
            f"line {line}: the file has no role column; give a default role (leader or manager) "
            "for its posts",
            "role",
        )
    if "channel" not in present and not (opts.default_channel or "").strip():
        raise MissingColumnError(
            f"line {line}: the file has no channel column; give a default channel for its posts",
            "channel",
        )


def _post_key(post: PostRecord | ValidPost) -> tuple[Any, ...]:
    """What makes two posts the same for imports: date, time, channel (any case) and title."""
    if isinstance(post, PostRecord):
        return (post.date, post.time, name_key(post.channel), post.title)
    values = post.values
    return (values["date"], values["time"], name_key(values["channel"]), values["title"])


def _mark_duplicates(
    records: Iterable[ImportRecord], service: PlanService
) -> tuple[ImportRecord, ...]:
    records = tuple(records)
    seen = {_post_key(post) for post in service.posts()}
    # A record whose uuid a post of the plan (or an earlier record) has is that post again.
    own = [record.extra.get("uuid", "") for record in records]
    seen_uuids = set(uuid_ids(service, [text for text in own if text], live=True))
    # A series is the same series again when its calendar event's UID is; an event without a
    # UID (hand-written files) is known by its first post, as a single post is.
    series_uids = known_uids(service) if any(r.series for r in records) else set()
    marked: list[ImportRecord] = []
    for record, uuid in zip(records, own, strict=True):
        duplicate = False
        if record.series is not None:
            duplicate = bool(record.series.uid) and record.series.uid in series_uids
            duplicate = duplicate or (bool(uuid) and uuid in seen_uuids)
            series_uids.add(record.series.uid)
            if not record.series.uid and record.checked is not None:
                key = _post_key(record.checked)
                duplicate = duplicate or key in seen
                seen.add(key)
        elif record.valid:
            assert record.checked is not None
            key = _post_key(record.checked)
            duplicate = key in seen or uuid in seen_uuids
            seen.add(key)
            if uuid:
                seen_uuids.add(uuid)
        if duplicate == record.duplicate:
            marked.append(record)
        else:
            marked.append(replace(record, duplicate=duplicate))
    return tuple(marked)


# ---------------------------------------------------------------- writing
def commit_import(
    service: PlanService, preview: ImportPreview, options: ImportOptions | None = None
) -> ImportResult:
    """Write the preview's valid, new records in one transaction (one ChangeSet, one undo step).

    Duplicates are checked again against the plan as it is now. With invalid records and no
    `skip_invalid`, or on a dry run, nothing is written and the result says what would happen.
    """
    with collector_paused():  # thousands of records, none of them garbage
        return _commit(service, preview, options or preview.options)


def _commit(service: PlanService, preview: ImportPreview, opts: ImportOptions) -> ImportResult:
    if preview.format is ImportFormat.JSON:
        return _commit_backup(service, preview, opts)
    if opts.replace:
        raise ImportFileError("replacing the plan's posts only applies to restoring a JSON backup")
    records = _mark_duplicates(preview.records, service)
    ready = [r for r in records if r.valid and not r.duplicate]
    rejected = [r for r in records if not r.valid]
    count = len(ready)
    ready, series = ready_split(ready)
    label = f"Import {count} post{'s' if count != 1 else ''} from {preview.source}"
    if series:
        label = series_label(len(series), len(ready), preview.source)
    result = ImportResult(
        imported=0,
        skipped_duplicates=sum(1 for r in records if r.valid and r.duplicate),
        rejected=[p for r in rejected for p in r.problems],
        changeset=ChangeSet(label),
        format=preview.format,
        rejected_records=len(rejected),
        ready=count,
        dry_run=opts.dry_run,
        blocked=bool(rejected) and not opts.skip_invalid,
        series=len(series),
        series_posts=sum(r.series_posts for r in series),
    )
    if result.blocked or opts.dry_run or not count:
        return result
    if series:
        return commit_with_series(service, ready, series, result)
    links = {i: r.extra["follows"] for i, r in enumerate(ready) if r.extra.get("follows")}
    # A uuid a post in the trash still holds is not taken over: that record gets a new one.
    held = uuid_ids(service, [r.extra.get("uuid", "") for r in ready if r.extra.get("uuid")])
    changeset = service.add_posts(
        _checked(ready),
        label=label,
        # A calendar names a pillar only in LM Planner's own export: it comes back with it.
        create_pillars=opts.create_pillars or preview.format is ImportFormat.ICS,
        uuids=[r.extra.get("uuid") if r.extra.get("uuid") not in held else None for r in ready],
        links=links,
    )
    return replace(result, imported=len(changeset.created()), changeset=changeset)


def _checked(records: Sequence[ImportRecord]) -> list[ValidPost]:
    return [r.checked for r in records if r.checked is not None]


def _commit_backup(
    service: PlanService, preview: ImportPreview, opts: ImportOptions
) -> ImportResult:
    assert preview.backup is not None
    live = service.count_posts()
    if live and not opts.replace:
        raise ImportFileError(refusal(live))
    rejected = preview.rejected
    ready = preview.valid
    label = f"Restore backup {preview.source}"
    result = ImportResult(
        imported=0,
        skipped_duplicates=0,
        rejected=[p for r in rejected for p in r.problems],
        changeset=ChangeSet(label),
        format=preview.format,
        rejected_records=len(rejected),
        ready=len(ready),
        dry_run=opts.dry_run,
        blocked=bool(rejected) and not opts.skip_invalid,
    )
    if result.blocked or opts.dry_run:
        return result
    posts = [
        RestorePost(
            r.checked.values,
            r.extra.get("uuid", ""),
            r.extra.get("created_at", ""),
            r.extra.get("follows", ""),
            _thread(preview.backup.comments, r.extra.get("index", "")),
            r.extra.get("series", ""),
        )
        for r in ready
        if r.checked is not None
    ]
    changeset = restore_backup(service, preview.backup, posts, replace=opts.replace, label=label)
    return replace(result, imported=len(changeset.created()), changeset=changeset)


def _thread(threads: Sequence[Any], index: str) -> Any:
    """The comments of the backup's post at `index` (none for a backup without threads)."""
    return threads[int(index)] if index.isdigit() and int(index) < len(threads) else ()


def import_file(
    service: PlanService,
    source: str | os.PathLike[str] | bytes,
    options: ImportOptions | None = None,
) -> ImportResult:
    """Preview and commit in one go (the CLI's `import`)."""
    with collector_paused():  # the preview's records stay alive until the commit is done
        preview = preview_import(service, source, options)
        return commit_import(service, preview, options)
