"""LM Planner's own CSV layout (written and read) and Hootsuite's bulk-composer layout (read)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from operator import itemgetter
from typing import Any

from lmplanner.core.domain import PostRecord
from lmplanner.core.io.encoding import normalise_header, read_rows
from lmplanner.core.io.records import ImportFileError, Problem, RawRecord
from lmplanner.core.post_fields import (
    EDITABLE,
    FIELDS,
    REFERENCES,
    ROW_ONLY_COLUMNS,
    Value,
    in_order,
)

# The columns export writes: the plan's id for each post, then every field people set, in the
# order files have always had. Import takes them by name in any order and case.
# `uuid` is a post's identity across plans; `follows` holds the uuid of the followed post;
# `series` is the id of the plan's recurring series the post belongs to, for reference.
COLUMNS: tuple[str, ...] = in_order(
    ("id", *EDITABLE, *ROW_ONLY_COLUMNS, *REFERENCES),
    lead=(
        *("id", "date", "time", "channel", "role", "kind", "status", "title", "body", "author"),
        *("campaign", "link", "notes", "role_suggested", "other_kind", "pillar", "follows"),
        *REFERENCES,
        "uuid",
    ),
)
KNOWN_HEADERS = frozenset(COLUMNS)
# Read but not imported: ids belong to the plan the file came from.
IGNORED_COLUMNS = frozenset({"id", *REFERENCES})

HOOTSUITE_TITLE_CHARS = 120

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?")
_DATE_TIME = re.compile(r"(\S+?)(?:(?:\s+|T)(\S.*?))?")
# Thousands separators a spreadsheet may write in a count: comma, space, no-break or thin space.
_GROUPING = re.compile(r"(?<=\d)[,\s\u00a0\u202f'](?=\d{3})")
_TRUE = frozenset({"yes", "y", "true", "1", "x"})
_FALSE = frozenset({"no", "n", "false", "0", ""})


# ---------------------------------------------------------------- cells
def escape_cell(text: str) -> str:
    """Make a cell inert in spreadsheets: a formula-like start gets one `'` in front."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    """Undo `escape_cell` exactly: drop one `'` only where export would have put it."""
    if text[:1] == "'" and text[1:].startswith(_FORMULA_STARTS):
        return text[1:]
    return text


def parse_date(text: str, *, day_first: bool = False) -> dt.date:
    """YYYY-MM-DD always; MM/DD/YYYY, or DD/MM/YYYY with `day_first` (what spreadsheets save)."""
    raw = text.strip()
    iso = _ISO_DATE.fullmatch(raw)
    if iso:
        try:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            raise ValueError(f"invalid date {raw!r} (no such day; use YYYY-MM-DD)") from None
    slash = _SLASH_DATE.fullmatch(raw)
    order = "DD/MM/YYYY" if day_first else "MM/DD/YYYY"
    if slash is None:
        raise ValueError(f"invalid date {raw!r} (use YYYY-MM-DD or {order})")
    first, second, year = int(slash[1]), int(slash[2]), int(slash[3])
    month, day = (second, first) if day_first else (first, second)
    try:
        return dt.date(year, month, day)
    except ValueError:
        pass
    hint = ""
    try:
        other = dt.date(year, first, second) if day_first else dt.date(year, second, first)
        hint = f"; read {'month' if day_first else 'day'} first it would be {other.isoformat()}"
    except ValueError:
        pass
    raise ValueError(f"invalid date {raw!r} (no such day as {order}{hint})")


def parse_time(text: str) -> dt.time:
    """HH:MM (also H:MM, HH:MM:SS and 12-hour times with AM/PM)."""
    raw = text.strip()
    match = _TIME.fullmatch(raw)
    message = f"invalid time {raw!r} (use HH:MM, 00:00–23:59)"
    if match is None:
        raise ValueError(message)
    hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
    if match[4]:
        if not 1 <= hour <= 12:
            raise ValueError(message)
        hour = hour % 12 + (12 if match[4].lower() == "pm" else 0)
    try:
        return dt.time(hour, minute, second)
    except ValueError:
        raise ValueError(message) from None


def parse_date_time(text: str, *, day_first: bool = False) -> tuple[dt.date, dt.time | None]:
    """`MM/DD/YYYY HH:MM` (or day first), `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM`; time optional."""
    match = _DATE_TIME.fullmatch(text.strip())
    if match is None:
        raise ValueError("the date and time are empty (use MM/DD/YYYY HH:MM or YYYY-MM-DD HH:MM)")
    day = parse_date(match[1], day_first=day_first)
    return day, parse_time(match[2]) if match[2] else None


def parse_count(text: str) -> int:
    """A whole number of 0 or more as spreadsheets write it: `1234`, `1,234`, `1 234`, `1234.0`."""
    raw = text.strip()
    digits = _GROUPING.sub("", raw)
    if digits.endswith(".0"):
        digits = digits[:-2]
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"invalid number {raw!r} (use a whole number of 0 or more)")
    return int(digits)


def parse_flag(text: str) -> bool:
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"invalid yes/no value {text.strip()!r} (use yes or leave it empty)")


# ---------------------------------------------------------------- writing
def post_cells(post: PostRecord, uuids: Mapping[int, str]) -> list[str]:
    """One exported row, in COLUMNS order, already escaped; `uuids` by post id (the post's own
    and the one it follows)."""
    cells = []
    for name in COLUMNS:
        if name == "uuid":
            cells.append(uuids.get(post.id, ""))
        elif name == "follows":
            cells.append(uuids.get(post.follows, "") if post.follows is not None else "")
        else:
            cells.append(FIELDS[name].text(getattr(post, name)))
    return [escape_cell(cell) for cell in cells]


def posts_to_csv(posts: Iterable[PostRecord], uuids: Mapping[int, str] | None = None) -> bytes:
    """Comma-separated UTF-8 with a BOM (so Excel reads it as UTF-8), CRLF line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for post in posts:
        writer.writerow(post_cells(post, uuids or {}))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- reading
def _blank(row: Sequence[str]) -> bool:
    return not "".join(row).strip()


def looks_like_planner_header(row: Sequence[str]) -> bool:
    return "title" in {normalise_header(cell) for cell in row}


def looks_like_date_time(cell: str) -> bool:
    for day_first in (False, True):
        try:
            parse_date_time(cell, day_first=day_first)
        except ValueError:
            continue
        return True
    return False


def parse_planner_csv(text: str, delimiter: str) -> tuple[tuple[str, ...], list[RawRecord]]:
    """The header (as written) and one RawRecord per non-blank record of an LM Planner CSV."""
    rows = read_rows(text, delimiter)
    header: list[str] | None = None
    fields: dict[int, str] = {}
    records: list[RawRecord] = []
    labels: dict[str, str] = {}  # one for all records: they share the header
    names: tuple[str, ...] = ()
    pick = _picker((0,))
    for line, row in rows:
        joined = "".join(row)
        if not joined.strip():
            continue
        if header is None:
            header = row
            fields = _header_fields(row, line)
            labels = {name: header[i].strip() or str(i + 1) for i, name in fields.items()}
            names = tuple(fields.values())
            pick = _picker(tuple(fields))
            continue
        if len(row) >= len(header):
            cells = dict(zip(names, pick(row), strict=True))
            if "'" in joined:  # only a cell with an apostrophe may be escaped
                cells = {name: unescape_cell(text) for name, text in cells.items()}
        else:
            cells = {
                name: unescape_cell(row[i]) if i < len(row) else "" for i, name in fields.items()
            }
        problems: tuple[Problem, ...] = ()
        beyond = [i for i in range(len(header), len(row)) if row[i].strip()]
        if beyond:
            problems = (
                Problem(
                    line,
                    str(beyond[0] + 1),
                    f"{len(row)} cells but the header has {len(header)} columns "
                    "(check the delimiter and the quoting of this record)",
                ),
            )
        records.append(RawRecord(line, cells, labels, problems))
    if header is None:
        raise ImportFileError("the file is empty: there is no header row and no record")
    return tuple(cell.strip() for cell in header), records


def _picker(indexes: Sequence[int]) -> Callable[[Sequence[str]], tuple[str, ...]]:
    """A row's cells at `indexes` as a tuple, taken at C speed (10 000 records of 24 cells)."""
    get = itemgetter(*indexes)
    if len(indexes) == 1:
        return lambda row: (get(row),)
    return get


def _header_fields(row: Sequence[str], line: int) -> dict[int, str]:
    fields: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i, cell in enumerate(row):
        name = normalise_header(cell)
        if name not in KNOWN_HEADERS or name in IGNORED_COLUMNS:
            continue
        if name in seen:
            raise ImportFileError(
                f"line {line}: the header names the column {name!r} twice "
                f"(columns {seen[name] + 1} and {i + 1})"
            )
        seen[name] = i
        fields[i] = name
    if "title" not in seen:
        found = ", ".join(cell.strip() for cell in row if cell.strip()) or "nothing"
        raise ImportFileError(
            f"line {line}: the header has no title column (it names {found}); "
            f"LM Planner CSV columns are: {', '.join(COLUMNS)}"
        )
    return fields


def title_from_message(message: str) -> str:
    """The message's first line, or its first 120 characters when that line is longer."""
    first = next((line.strip() for line in message.splitlines() if line.strip()), "")
    return first if len(first) <= HOOTSUITE_TITLE_CHARS else first[:HOOTSUITE_TITLE_CHARS].rstrip()


def parse_hootsuite(text: str, delimiter: str, *, day_first: bool) -> list[RawRecord]:
    """Records of a Hootsuite bulk-composer file: date-time, message, optional link; no header
    (a first row naming the columns is tolerated and skipped)."""
    columns = {"date": "1", "time": "1", "title": "2", "body": "2", "link": "3"}
    records: list[RawRecord] = []
    first = True
    for line, row in read_rows(text, delimiter):
        if _blank(row):
            continue
        stamp = row[0].strip()
        if first and not looks_like_date_time(stamp) and _names_columns(row):
            first = False
            continue
        first = False
        message = row[1] if len(row) > 1 else ""
        cells = {
            "title": title_from_message(message),
            "body": message,
            "link": row[2].strip() if len(row) > 2 else "",
            "date": "",
            "time": "",
        }
        problems: list[Problem] = []
        try:
            day, time = parse_date_time(stamp, day_first=day_first)
            cells["date"] = day.isoformat()
            cells["time"] = time.strftime("%H:%M") if time else ""
        except ValueError as exc:
            cells["date"] = stamp  # shown as written in a preview
            problems.append(Problem(line, "1", str(exc), "date"))
        records.append(RawRecord(line, cells, columns, tuple(problems)))
    return records


def _names_columns(row: Sequence[str]) -> bool:
    names = {normalise_header(cell) for cell in row}
    return "message" in names or any("date" in name for name in names)


def cell_parsers(*, day_first: bool) -> dict[Value, Callable[[str], Any]]:
    """How the cell of each field that is not text is read (for one file: each distinct cell
    is read once; thousands of records share a few hundred days and times)."""
    return {
        Value.DATE: remembered(partial(parse_date, day_first=day_first)),
        Value.TIME: remembered(parse_time),
        Value.FLAG: remembered(parse_flag),
        Value.NUMBER: remembered(parse_count),
    }


def remembered(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """`parse`, answering a text it read before from memory (its results are never changed;
    a text it refuses is refused again each time)."""
    done: dict[str, Any] = {}

    def read(text: str) -> Any:
        try:
            return done[text]
        except KeyError:
            result = done[text] = parse(text)
            return result

    return read
