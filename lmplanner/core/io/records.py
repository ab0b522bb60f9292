"""What the import and export modules hand each other: raw records, problems and their errors,
the options of an import and the records of its preview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from lmplanner.core.domain import Role
from lmplanner.core.errors import PlannerError
from lmplanner.core.series import SeriesRule

if TYPE_CHECKING:
    from lmplanner.core.services import PostDraft, ValidPost


class ImportFormat(StrEnum):
    """The layouts `import` reads; AUTO looks at the file first."""

    AUTO = "auto"
    CSV = "csv"
    HOOTSUITE = "hootsuite"
    JSON = "json"
    ICS = "ics"

    @property
    def description(self) -> str:
        return _FORMAT_NAMES[self]


_FORMAT_NAMES = {
    ImportFormat.AUTO: "detect the layout",
    ImportFormat.CSV: "LM Planner CSV",
    ImportFormat.HOOTSUITE: "Hootsuite bulk-composer CSV",
    ImportFormat.JSON: "LM Planner JSON backup",
    ImportFormat.ICS: "iCalendar",
}


class ImportFileError(PlannerError):
    """The file as a whole cannot be imported (unreadable, not text, malformed CSV or JSON, a layout
    that cannot be told, a backup refused by a non-empty plan). Nothing was written."""


class MissingColumnError(ImportFileError):
    """The file has no column for a field every post needs (role, channel) and no default was
    given for it; `field` names it so a dialog can point at the default to set."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class ExportError(PlannerError):
    """An export could not be written; any file already at the target is left as it was."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a record cannot be imported, where it is in the file and which field it is about.

    `column` is what a person finds in the file: the header name for CSV files with a header, the
    column number for headerless Hootsuite files, the key for JSON; for a field the file does not
    have (a role that only `--role` would give) it is the field's name.
    """

    line: int
    column: str
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


#: The longest calendar UID a series row keeps (schema.SeriesRow.ical_uid).
ICAL_UID_MAX = 1000


@dataclass(frozen=True, slots=True)
class CalendarSeries:
    """A recurring calendar event read as a series: its rule in the plan's days, the days the
    rule skips (EXDATEs and moved occurrences) and the event's UID (what a second import of
    the file finds it by)."""

    rule: SeriesRule
    skip: tuple[dt.date, ...] = ()
    uid: str = ""


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read from a file: the text of each post field and where it came from.

    `cells` maps post field names (title, date, …) to their text; `columns` maps the same names to
    the column label to report problems against. `problems` are those found while reading.
    """

    line: int
    cells: Mapping[str, str]
    columns: Mapping[str, str]
    problems: tuple[Problem, ...] = ()
    extra: Mapping[str, str] = field(default_factory=dict)
    series: CalendarSeries | None = None  # a recurring calendar event: its cells are the pattern

    def column(self, field_name: str) -> str:
        return self.columns.get(field_name, field_name)

    def problem(self, field_name: str, message: str) -> Problem:
        return Problem(self.line, self.column(field_name), message, field_name)


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """How to read a file and what to do with it.

    `default_role` / `default_channel` fill records whose cell is empty (and files without that
    column). `suggest_roles` fills a missing role from the role suggester first and marks the post
    `role_suggested`. `replace` only applies to JSON backups: current posts go to the trash.
    """

    format: ImportFormat = ImportFormat.AUTO
    default_role: Role | None = None
    default_channel: str | None = None
    day_first: bool = False
    skip_invalid: bool = False
    dry_run: bool = False
    replace: bool = False
    suggest_roles: bool = False
    create_pillars: bool = False  # add the pillars a file names that the plan does not have
    # how an unknown pillar's problem says to add it: the CLI names its flag, the app its box
    pillar_hint: str = "--create-pillars adds it"
    expand: bool = False  # iCalendar: recurring events as single posts (core.io.ics_import)


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One record of the file, as the preview shows it: its cells, the post it would become
    (None when invalid), its problems, and whether it duplicates a post or an earlier record."""

    line: int
    cells: Mapping[str, str]
    checked: ValidPost | None  # the validated post: what the commit writes, unchecked again
    problems: tuple[Problem, ...] = ()
    duplicate: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)
    series: CalendarSeries | None = None  # a recurring calendar event: `checked` is its pattern
    series_posts: int = 0  # the posts that series would have now

    @property
    def draft(self) -> PostDraft | None:
        """The post this record would become, as a draft (None when invalid)."""
        from lmplanner.core.services import PostDraft

        return None if self.checked is None else PostDraft(**self.checked.values)

    @property
    def valid(self) -> bool:
        return self.checked is not None and not self.problems
