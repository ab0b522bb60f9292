"""Reading a results file: a CSV with a header whose rows are matched to the plan's posts.

Headers match after trimming and ignoring case, exactly or by a synonym (`likes` → reactions).
A row is matched by its `uuid`, else its `link`, else its `date` + `channel` + `title`. Every row
that cannot be used is one `line N: reason`; with any of those nothing is written unless they are
skipped. The numbers of all matched rows are written as one change (one undo step).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import METRICS, RESULT_MAX, name_key
from lmplanner.core.errors import ValidationError
from lmplanner.core.io.csv_format import parse_count, parse_date, unescape_cell
from lmplanner.core.io.encoding import decode_bytes, normalise_header, read_rows, sniff_delimiter
from lmplanner.core.io.importer import read_source
from lmplanner.core.io.records import ImportFileError

if TYPE_CHECKING:
    from lmplanner.core.services import PlanService

# Each header (as normalise_header writes it) and the field it gives.
HEADERS: dict[str, str] = {
    **{name: name for name in (*METRICS, "read_on", "uuid", "link", "date", "channel", "title")},
    "likes": "reactions",
    "reposts": "shares",
    "retweets": "shares",
    "link_clicks": "clicks",
    "follows": "new_followers",
    "followers_gained": "new_followers",
    "date_read": "read_on",
}
KEY_FIELDS = ("uuid", "link", "date", "channel", "title")


@dataclass(frozen=True, slots=True)
class ResultsRow:
    """One record of the file: the post it names and the results it gives, or why it cannot."""

    line: int
    post_id: int | None = None
    title: str = ""  # the matched post's title
    values: Mapping[str, Any] = field(default_factory=dict)
    problem: str = ""
    cells: Mapping[str, str] = field(default_factory=dict)  # a rejected row's text, by field

    @property
    def valid(self) -> bool:
        return self.post_id is not None and not self.problem

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


@dataclass(frozen=True, slots=True)
class ResultsPreview:
    """A read and matched results file; nothing written yet."""

    source: str
    columns: Mapping[str, str]  # field → its header as written
    rows: tuple[ResultsRow, ...]
    blank: int = 0  # records without a single count: left alone

    @property
    def ready(self) -> list[ResultsRow]:
        return [r for r in self.rows if r.valid]

    @property
    def rejected(self) -> list[ResultsRow]:
        return [r for r in self.rows if not r.valid]


@dataclass(frozen=True, slots=True)
class ResultsOutcome:
    """What an import of results did: `blocked` when rejected rows stopped it (nothing written)."""

    recorded: int
    rejected: tuple[ResultsRow, ...]
    changeset: ChangeSet
    blocked: bool = False


@dataclass(frozen=True, slots=True)
class _PlanPost:
    id: int
    title: str


class _Index:
    """The plan's live posts by uuid, by link and by date + channel + title."""

    def __init__(self, rows: Iterable[Mapping[str, Any]]) -> None:
        self.uuid: dict[str, _PlanPost] = {}
        self.link: dict[str, list[_PlanPost]] = {}
        self.key: dict[tuple[Any, ...], list[_PlanPost]] = {}
        for row in rows:
            post = _PlanPost(int(row["id"]), str(row["title"]))
            self.uuid[str(row["uuid"]).lower()] = post
            if row["link"]:
                self.link.setdefault(str(row["link"]).strip(), []).append(post)
            key = (row["date"], str(row["channel"]), _title_key(str(row["title"])))
            self.key.setdefault(key, []).append(post)


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def _plan_posts(service: PlanService) -> _Index:
    from sqlalchemy import select

    from lmplanner.core.store.schema import table

    post, channel = table("post"), table("channel")
    query = (
        select(post.c.id, post.c.uuid, post.c.link, post.c.date, post.c.title)
        .add_columns(channel.c.name_key.label("channel"))
        .join(channel, channel.c.id == post.c.channel_id)
        .where(post.c.deleted_at.is_(None))
    )
    with service.plan.read() as conn:
        return _Index([dict(row) for row in conn.execute(query).mappings()])


def header_fields(header: Sequence[str]) -> dict[int, str]:
    """The field each column gives; ImportFileError (line 1) for a header that cannot work."""
    found: dict[int, str] = {}
    seen: dict[str, str] = {}
    # A column named exactly for a field wins over a synonym: LM Planner's own CSV has both
    # `new_followers` and `follows` (the uuid of the leader post a post follows up).
    exact = {normalise_header(cell) for cell in header} & set(HEADERS.values())
    for i, cell in enumerate(header):
        key = normalise_header(cell)
        name = HEADERS.get(key)
        if name is None or (name in exact and key != name):
            continue
        if name in seen:
            raise ImportFileError(
                f"line 1: the columns {seen[name]!r} and {cell.strip()!r} both give {name}"
            )
        seen[name] = cell.strip()
        found[i] = name
    if not any(name in METRICS for name in seen):
        raise ImportFileError(
            "line 1: the header names no results column (impressions, reactions or likes, "
            "comments, shares or reposts, clicks, new followers)"
        )
    if "uuid" not in seen and "link" not in seen and not {"date", "channel", "title"} <= set(seen):
        raise ImportFileError(
            "line 1: the header has nothing to match posts by: give a uuid or link column, "
            "or date, channel and title columns"
        )
    return found


def preview_results(
    service: PlanService,
    source: str | os.PathLike[str] | bytes,
    *,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ResultsPreview:
    """Read and match every record; writes nothing. ImportFileError for a file that cannot be
    read as a whole. `progress(done, total)` is called as records are matched (a worker reports
    it and stops the read by raising from it)."""
    data, name = read_source(source)
    text = decode_bytes(data).text
    delimiter = sniff_delimiter(text, frozenset(HEADERS))
    records = [
        (line, row) for line, row in read_rows(text, delimiter) if any(c.strip() for c in row)
    ]
    if not records:
        raise ImportFileError("the file is empty: there is no header row and no record")
    header = records[0][1]
    columns = header_fields(header)
    index = _plan_posts(service)
    day = today or service_today(service)
    rows: list[ResultsRow] = []
    blank = 0
    claimed: dict[int, int] = {}
    total = len(records) - 1
    for done, (line, row) in enumerate(records[1:]):
        if progress is not None:
            progress(done, total)
        cells = {
            name: unescape_cell(row[i]).strip() if i < len(row) else ""
            for i, name in columns.items()
        }
        if not any(cells.get(m) for m in METRICS):
            blank += 1
            continue
        rows.append(_row(line, cells, index, claimed, day))
    if progress is not None:
        progress(total, total)
    shown = {name: header[i].strip() for i, name in columns.items()}
    return ResultsPreview(name, shown, tuple(rows), blank)


def service_today(service: PlanService) -> dt.date:
    """Today in the plan's time zone: the day the numbers were read when the file does not say."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(service.settings().timezone)).date()


def _row(
    line: int,
    cells: Mapping[str, str],
    index: _Index,
    claimed: dict[int, int],
    today: dt.date,
) -> ResultsRow:
    try:
        post = _match(cells, index)
        values = _values(cells, today)
    except ValueError as exc:
        return ResultsRow(line, problem=str(exc), cells=dict(cells))
    if post.id in claimed:
        why = f"“{post.title}” already has its results on line {claimed[post.id]}"
        return ResultsRow(line, problem=why, cells=dict(cells))
    claimed[post.id] = line
    return ResultsRow(line, post.id, post.title, values)


def _match(cells: Mapping[str, str], index: _Index) -> _PlanPost:
    """The post a record names; ValueError saying why none or several."""
    uuid = cells.get("uuid", "")
    if uuid:
        post = index.uuid.get(uuid.lower())
        if post is None:
            raise ValueError(f"no post of this plan has the uuid {uuid}")
        return post
    link = cells.get("link", "")
    if link:
        return _one(index.link.get(link, []), f"the link {link}")
    date, channel, title = (cells.get(n, "") for n in ("date", "channel", "title"))
    missing = [n for n, v in (("date", date), ("channel", channel), ("title", title)) if not v]
    if missing:
        raise ValueError(
            "nothing to match a post by: no uuid or link, and no " + " or ".join(missing)
        )
    try:
        day = parse_date(date)
    except ValueError as exc:
        raise ValueError(f"date: {exc}") from None
    found = index.key.get((day, name_key(channel), _title_key(title)), [])
    return _one(found, f"the date {day.isoformat()}, channel {channel} and title “{title}”")


def _one(posts: Sequence[_PlanPost], what: str) -> _PlanPost:
    if not posts:
        raise ValueError(f"no post of this plan has {what}")
    if len(posts) > 1:
        raise ValueError(
            f"{len(posts)} posts have {what} (posts {', '.join(str(p.id) for p in posts[:5])}); "
            "add a uuid column to tell them apart"
        )
    return posts[0]


def _values(cells: Mapping[str, str], today: dt.date) -> dict[str, Any]:
    """The record's results: the counts its columns give (an empty cell clears one) and the day
    they were read (today when not given; never after today)."""
    values: dict[str, Any] = {}
    parsers: dict[str, Callable[[str], Any]] = {m: parse_count for m in METRICS}
    parsers["read_on"] = parse_date
    for name, parse in parsers.items():
        if name not in cells:
            continue
        text = cells[name]
        try:
            values[name] = parse(text) if text else None
        except ValueError as exc:
            raise ValueError(f"{name.replace('_', ' ')}: {exc}") from None
        if name in METRICS and values[name] is not None and values[name] > RESULT_MAX:
            raise ValueError(f"{name.replace('_', ' ')}: {text} is more than {RESULT_MAX:,}")
    read_on = values.get("read_on") or today
    if read_on > today:  # numbers cannot have been read on a day still to come
        raise ValueError(
            f"read on: {read_on.isoformat()} is in the future "
            f"(today is {today.isoformat()} in the plan's time zone)"
        )
    values["read_on"] = read_on
    return values


def commit_results(
    service: PlanService, preview: ResultsPreview, *, skip_invalid: bool = False
) -> ResultsOutcome:
    """Write the results of every matched record as one change (one undo step); with rejected
    records and no `skip_invalid`, nothing."""
    rejected = tuple(preview.rejected)
    ready = preview.ready
    count = len(ready)
    label = f"Import results for {count} post{'s' if count != 1 else ''} from {preview.source}"
    if (rejected and not skip_invalid) or not ready:
        return ResultsOutcome(
            0, rejected, ChangeSet(label), blocked=bool(rejected) and not skip_invalid
        )
    patches = {r.post_id: dict(r.values) for r in ready if r.post_id is not None}
    try:
        changeset = service.record_results(patches, label=label)
    except ValidationError as exc:  # a count past the limit
        raise ImportFileError(str(exc)) from None
    return ResultsOutcome(len(patches), rejected, changeset)


def import_results(
    service: PlanService,
    source: str | os.PathLike[str] | bytes,
    *,
    skip_invalid: bool = False,
    today: dt.date | None = None,
) -> ResultsOutcome:
    """Read, match and write in one go (the CLI's `results import`)."""
    return commit_results(
        service, preview_results(service, source, today=today), skip_invalid=skip_invalid
    )
