"""`lmplanner import` and `lmplanner export`: files into and out of a plan (LM Planner CSV,
Hootsuite bulk CSV, iCalendar, JSON backup), over lmplanner.core.io.

Import output: each rejected record as `line N, column C: reason` on stdout, then one summary line
on stdout ("Imported N posts from FILE; skipped D duplicates; rejected R records."). When the import
fails (invalid records without --skip-invalid, or any invalid record on a --dry-run) one more
line on stderr says why, the exit code is 1 and the plan is as it was; a failed import (not a dry
run) opens with "Checked N records: V valid, R rejected:" instead of the summary line.
"""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import CommandContext, UsageError, add_period_options, period_from_args
from lmplanner.core.io.csv_format import COLUMNS, IGNORED_COLUMNS

if TYPE_CHECKING:
    from lmplanner.core.io import ImportPreview, ImportResult

IMPORT_FORMATS = ("auto", "csv", "hootsuite", "json", "ics")
EXPORT_FORMATS = ("csv", "ics", "json")

# The CSV columns come from the layout itself, so a new post field shows up here too.
_CSV_COLUMNS_HELP = textwrap.fill(
    ", ".join(column for column in COLUMNS if column not in IGNORED_COLUMNS)
    + "; id and unknown columns are ignored.",
    width=88,
    initial_indent=" " * 13,
    subsequent_indent=" " * 13,
)
_IMPORT_EPILOG = f"""\
layouts:
  csv        LM Planner CSV: a header row naming the columns (any order and case):
{_CSV_COLUMNS_HELP}
             An empty date makes a backlog idea. Comma, semicolon or tab separated.
  hootsuite  no header; column 1 date-time (MM/DD/YYYY HH:MM, DD/MM/YYYY HH:MM with
             --day-first, YYYY-MM-DD HH:MM always), column 2 message (its first line,
             or first 120 characters, is the title), column 3 optional link.
             Needs --role (or --suggest-roles) and --channel.
  json       a backup written by `lmplanner export --format json`: restores the whole
             plan into a plan with no posts (with --replace, current posts go to the trash).
  ics        iCalendar (Google Calendar, Outlook, Apple Calendar, Thunderbird, LM Planner):
             each event a post. SUMMARY is the title ([Leader]/[Manager] sets the role),
             DESCRIPTION the body, DTSTART the date and time in the plan's zone (all-day:
             no time), CATEGORIES naming a role, channel or pillar set it. Without a role
             the suggester fills it (marked to confirm) unless --role; without a channel,
             --channel or the plan's first channel. Recurring events become single posts
             (open-ended rules over a year from their start). Same UID: same post.

Every record is checked before anything is written. Rejected records are listed on stdout
as `line N, column C: reason`. A record equal to a post already in the plan (same date,
time, channel and title) is skipped, so importing a file twice adds nothing.
Exit codes: 0 imported; 1 invalid records blocked the import (or any on --dry-run), or
the file cannot be read; 2 wrong command line.
"""


def _role(text: str) -> Any:
    from lmplanner.core.domain import Role

    try:
        return Role.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "import",
        parents=[common],
        help="import posts from LM Planner CSV, Hootsuite CSV, iCalendar or a JSON backup",
        description="Import posts from a file into the plan: all valid records in one step, "
        "or nothing when a record is invalid.",
        epilog=_IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="the file to import")
    p.add_argument(
        "--format", choices=IMPORT_FORMATS, default="auto", help="the layout (default: detect)"
    )
    p.add_argument(
        "--role", type=_role, help="role for records without one: leader or manager (L/M)"
    )
    p.add_argument("--channel", metavar="NAME", help="channel for records without one")
    p.add_argument(
        "--day-first", action="store_true", help="read dates like 05/11/2026 as DD/MM/YYYY"
    )
    p.add_argument(
        "--skip-invalid", action="store_true", help="import the valid records, list the rest"
    )
    p.add_argument("--dry-run", action="store_true", help="check and report; write nothing")
    p.add_argument(
        "--create-pillars",
        action="store_true",
        help="add the pillars the file names that the plan does not have yet",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="JSON backup only: move the plan's current posts to the trash and restore",
    )
    p.add_argument(
        "--suggest-roles",
        action="store_true",
        help="fill missing roles from the role suggester (marked as suggested for review)",
    )
    p.add_argument(
        "--expand",
        action="store_true",
        help="iCalendar: recurring events as single posts, one per occurrence (not series)",
    )
    p.set_defaults(handler=cmd_import)

    p = subparsers.add_parser(
        "export",
        parents=[common],
        help="export the plan as CSV, iCalendar (.ics) or a JSON backup",
        description="Export posts (no period: the whole plan, backlog included in CSV). "
        "CSV is UTF-8 with BOM, formula-safe; ICS has one event per dated post; "
        "JSON is a full backup that `lmplanner import` restores.",
    )
    p.add_argument(
        "--format", choices=EXPORT_FORMATS, help="csv, ics or json (default: from --out's suffix)"
    )
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write (replaced)")
    add_period_options(p)
    p.set_defaults(handler=cmd_export)


def cmd_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.io import (
        ImportFileError,
        ImportFormat,
        ImportOptions,
        MissingColumnError,
        commit_import,
        preview_import,
    )

    fmt = ImportFormat(args.format)
    if args.replace and fmt in (ImportFormat.CSV, ImportFormat.HOOTSUITE, ImportFormat.ICS):
        raise UsageError("--replace only applies to restoring a JSON backup")
    if args.channel is not None and not args.channel.strip():
        raise UsageError("--channel needs a name")
    options = ImportOptions(
        format=fmt,
        default_role=args.role,
        default_channel=args.channel,
        day_first=args.day_first,
        skip_invalid=args.skip_invalid,
        dry_run=args.dry_run,
        replace=args.replace,
        suggest_roles=args.suggest_roles,
        create_pillars=args.create_pillars,
        expand=args.expand,
    )
    service = ctx.service(writes=not args.dry_run)
    try:
        preview = preview_import(service, args.file, options)
    except MissingColumnError as exc:
        option = (
            "--role leader|manager (or --suggest-roles)" if exc.field == "role" else "--channel"
        )
        # The command line alone is not wrong (a file with the column imports), so this is the
        # file refusing it: exit 1 as for any other file problem, not the usage exit 2.
        raise ImportFileError(f"{args.file} has no {exc.field} column: give {option}") from None
    if args.replace and preview.format is not ImportFormat.JSON:
        raise UsageError(
            f"--replace only applies to restoring a JSON backup; {args.file} is "
            f"{preview.format.description}"
        )
    if preview.backup is not None and preview.existing_posts and not args.replace:
        raise ImportFileError(
            f"the plan already has {_plural(preview.existing_posts, 'post')}; a backup restores "
            "into a plan with no posts: use --replace to move them to the trash and restore"
        )
    for warning in preview.warnings:  # recurring events that could not be series
        print(f"lmplanner: warning: {warning}", file=ctx.err)
    result = commit_import(service, preview, options)
    if result.imported and not result.dry_run:
        ctx.saved = f"saved the import of {_plural(result.imported, 'post')}"
    if result.blocked:  # nothing was imported: say what was checked, never "Imported"
        ctx.print(_checked(result))
    for problem in result.rejected:
        ctx.print(str(problem))
    if not result.blocked:
        ctx.print(_summary(preview, result))
    failure = _failure(result)
    if failure:
        print(f"lmplanner: {failure}", file=ctx.err)
        return 1
    return 0


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _summary(preview: ImportPreview, result: ImportResult) -> str:
    source = f"{preview.source} ({preview.format.description}, {preview.encoding})"
    if result.series:  # "1 series (6 posts) and 2 posts"
        singles = (result.ready if result.dry_run else result.imported) - (
            result.series if result.dry_run else result.series_posts
        )
        what = f"{result.series} series ({_plural(result.series_posts, 'post')})"
        what += f" and {_plural(singles, 'post')}" if singles else ""
    else:
        what = _plural(result.ready if result.dry_run else result.imported, "post")
    if result.dry_run:
        head = f"Dry run, nothing written: would import {what}"
    else:
        head = f"{'Restored' if preview.backup is not None else 'Imported'} {what}"
    text = (
        f"{head} from {source}; skipped {_plural(result.skipped_duplicates, 'duplicate')}; "
        f"rejected {_plural(result.rejected_records, 'record')}."
    )
    replaced = sum(1 for c in result.changeset.changes if c.table == "post" and c.kind == "update")
    if replaced:
        text += f" Moved {_plural(replaced, 'earlier post')} to the trash."
    return text


def _checked(result: ImportResult) -> str:
    bad = result.rejected_records
    total = bad + result.ready + result.skipped_duplicates
    return f"Checked {_plural(total, 'record')}: {total - bad} valid, {bad} rejected:"


def _failure(result: ImportResult) -> str:
    bad = result.rejected_records
    total = bad + result.ready + result.skipped_duplicates
    if result.dry_run and bad:
        return f"dry run: {bad} of {_plural(total, 'record')} {'is' if bad == 1 else 'are'} invalid"
    if result.blocked:
        return (
            f"import failed: {bad} of {_plural(total, 'record')} "
            f"{'is' if bad == 1 else 'are'} invalid (listed above); nothing was imported; "
            "fix the file or use --skip-invalid"
        )
    return ""


def cmd_export(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.io import ExportFormat, export_plan

    fmt = ExportFormat(args.format) if args.format else ExportFormat.from_path(args.out)
    if fmt is None:
        raise UsageError(f"give --format csv, ics or json (cannot tell it from {args.out!r})")
    period = period_from_args(args, default_month=False)
    if fmt is ExportFormat.JSON and period is not None:
        raise UsageError("a JSON backup is always the whole plan: leave out --month/--from/--to")
    result = export_plan(ctx.service(writes=False), args.out, fmt, period)
    what = (
        _plural(result.posts, "event") if fmt is ExportFormat.ICS else _plural(result.posts, "post")
    )
    scope = period.label() if period is not None else "the whole plan"
    ctx.print(f"Exported {what} ({scope}) to {result.path}")
    return 0
