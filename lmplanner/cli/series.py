"""CLI commands on recurring series: series add, list, edit and delete."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import CommandContext, UsageError, parse_date, positive_int
from lmplanner.cli.posts import OPTIONS, post_fields_options

if TYPE_CHECKING:
    from lmplanner.core.series import SeriesRecord, SeriesRule
    from lmplanner.core.services import SeriesService

_UNITS = {"day": "daily", "week": "weekly", "month": "monthly"}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# A series' pattern takes these post options; the date is the rule's start.
_SKIPPED = ("date", "follows")


def parse_every(text: str) -> tuple[int, str]:
    """`--every N day|week|month` (plurals too)."""
    number, _, unit = text.strip().partition(" ")
    unit = unit.strip().lower().removesuffix("s")
    if not (number.isascii() and number.isdigit()) or unit not in _UNITS:
        raise argparse.ArgumentTypeError(
            f"invalid --every {text!r} (use N day, N week or N month, e.g. --every '2 week')"
        )
    return int(number), _UNITS[unit]


def parse_on(text: str) -> list[tuple[int | None, int]]:
    """`--on mon,thu` (weekdays) or `--on 2tue` / `--on last-fri` (a monthly rule's weekday)."""
    days: list[tuple[int | None, int]] = []
    for token in (t.strip().lower() for t in text.split(",") if t.strip()):
        nth: int | None = None
        name = token
        if token.startswith("last"):
            nth, name = -1, token.removeprefix("last").lstrip("-")
        elif token[:1].isdigit():
            nth, name = int(token[0]), token[1:].lstrip("-")
        match = [i for i, day in enumerate(_DAYS) if name and day.startswith(name[:3])]
        if len(name) < 2 or len(match) != 1 or (nth is not None and nth not in (-1, 1, 2, 3, 4, 5)):
            raise argparse.ArgumentTypeError(
                f"invalid --on {text!r} (use weekdays such as mon,thu, or 2tue / last-fri for "
                "a monthly rule)"
            )
        days.append((nth, match[0]))
    if not days:
        raise argparse.ArgumentTypeError("--on needs at least one weekday")
    return days


def series_to_json(series: SeriesRecord) -> dict[str, Any]:
    rule = series.rule
    return {
        "id": series.id,
        "title": series.title,
        "rule": rule.text(),
        "start": rule.start.isoformat(),
        "until": rule.until.isoformat() if rule.until else None,
        "count": rule.count,
        "occurrences": series.occurrences,
        "time": series.time.strftime("%H:%M") if series.time else None,
        "role": series.role,
        "channel": series.channel,
        "skipped": [day.isoformat() for day in series.skipped],
    }


def _service(ctx: CommandContext, *, writes: bool = True) -> SeriesService:
    from lmplanner.core.services import SeriesService

    return SeriesService(ctx.service(writes=writes).plan)


def _rule_from_args(args: argparse.Namespace, current: SeriesRule | None) -> SeriesRule | None:
    """The rule the options ask for (None: unchanged); a bad rule is a usage error (exit 2)."""
    from lmplanner.core.errors import ValidationError
    from lmplanner.core.series import parse_rrule

    if args.on is not None and args.every is None:
        raise UsageError("--on goes with --every N week or --every N month")
    start = args.start or (current.start if current else None)
    if start is None:
        raise UsageError("a series needs --start YYYY-MM-DD")
    try:
        if args.rrule is not None:
            rule = parse_rrule(args.rrule, start)
        elif args.every is not None:
            rule = _every_rule(args, start)
        elif current is not None:
            rule = dataclasses.replace(current, start=start)
        else:
            raise UsageError("give --every N day|week|month or --rrule RULE")
        if args.until is not None:
            rule = dataclasses.replace(rule, until=args.until, count=None)
        elif args.count is not None:
            rule = dataclasses.replace(rule, count=args.count, until=None)
        elif current is not None and (args.rrule is not None or args.every is not None):
            rule = dataclasses.replace(rule, until=current.until, count=current.count)
        rule = rule.checked()
    except ValidationError as exc:
        raise UsageError(str(exc).rstrip(".")) from None
    return None if rule == current else rule


def _every_rule(args: argparse.Namespace, start: dt.date) -> SeriesRule:
    from lmplanner.core.series import Freq, SeriesRule

    try:
        interval, unit = parse_every(" ".join(args.every))
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None
    on = args.on or []
    if unit == "daily" and on:
        raise UsageError("--on goes with --every N week or --every N month")
    if unit == "monthly" and on:
        if len(on) != 1 or on[0][0] is None:
            raise UsageError("a monthly rule takes one weekday with its place, e.g. --on 2tue")
        nth, day = on[0]
        return SeriesRule(Freq.MONTHLY, start, interval, (day,), None, nth)
    if any(nth is not None for nth, _ in on):
        raise UsageError("a weekly rule takes weekdays without a place (--on mon,thu)")
    return SeriesRule.every(interval, unit, start, weekdays=tuple(day for _, day in on))


def _pattern(args: argparse.Namespace) -> dict[str, Any]:
    return {
        name: getattr(args, name)
        for name in OPTIONS
        if name not in _SKIPPED and getattr(args, name) is not None
    }


def cmd_series_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.services import PostDraft

    rule = _rule_from_args(args, None)
    assert rule is not None
    changes = _service(ctx).add_series(PostDraft(**_pattern(args)), rule)
    series_id = changes.keys("series")[0]
    ctx.saved = f"saved as series {series_id} ({len(changes.created())} posts)"
    ctx.print(str(series_id))
    return 0


def cmd_series_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    all_series = _service(ctx, writes=False).all_series()
    if args.json:
        ctx.print_json([series_to_json(s) for s in all_series])
        return 0
    if not all_series:
        ctx.print("No series.")
        return 0
    rows = [("ID", "START", "POSTS", "RULE", "TITLE")]
    for s in all_series:
        rows.append(
            (str(s.id), s.rule.start.isoformat(), str(s.occurrences), s.rule.text(), s.title)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        ctx.print("  ".join([*(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)), r[4]]))
    return 0


def cmd_series_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = _service(ctx)
    current = service.series(args.id)
    rule = _rule_from_args(args, current.rule)
    patch = _pattern(args)
    if args.restore_date is not None:
        if rule is not None or patch or args.from_date is not None:
            raise UsageError("--restore-date goes alone: restore the day, then edit the series")
        return _restore_day(service, args.id, args.restore_date, ctx)
    if rule is None and not patch:
        raise UsageError("nothing to change: give at least one option such as --title")
    changes = service.edit_series(args.id, patch, rule=rule, from_date=args.from_date)
    if changes:
        ctx.saved = f"saved the change to series {args.id}"
    count = len(set(changes.post_ids))
    ctx.print(f"Updated series {args.id} ({count} post" + ("" if count == 1 else "s") + " changed)")
    return 0


def _restore_day(service: SeriesService, series_id: int, day: dt.date, ctx: CommandContext) -> int:
    """A day the series skips gets its post back (when the series has made its posts so far)."""
    changes = service.restore_skipped_day(series_id, day)
    made_until = service.series(series_id).generated_until
    ctx.saved = f"restored {day.isoformat()} to series {series_id}"
    said = f"Restored {day.isoformat()} to series {series_id}"
    if changes.created():
        ctx.print(f"{said}: its post is made again")
    elif made_until is None or day > made_until:
        ctx.print(f"{said}: its post comes when the series reaches that day")
    else:  # a post of the series already holds the day (`undelete` gives a trashed one back)
        ctx.print(f"{said}: the series already has a post on that day, live or in the trash")
    return 0


def cmd_series_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    changes = _service(ctx).delete_series(args.id, from_date=args.from_date)
    count = len([c for c in changes.changes if c.table == "post"])
    noun = "post" if count == 1 else "posts"
    ctx.saved = f"moved {count} {noun} of series {args.id} to the trash"
    ctx.print(f"Deleted series {args.id}: {count} {noun} moved to the trash")
    return 0


def _rule_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--start",
        type=parse_date,
        required=required,
        metavar="YYYY-MM-DD",
        help="the first day the rule counts from",
    )
    repeat = parser.add_mutually_exclusive_group()
    repeat.add_argument(
        "--every", nargs=2, metavar=("N", "day|week|month"), help="e.g. --every 2 week"
    )
    repeat.add_argument("--rrule", metavar="RULE", help="RFC 5545 text, e.g. FREQ=WEEKLY;BYDAY=MO")
    parser.add_argument(
        "--on", type=parse_on, metavar="DAYS", help="mon,thu (weekly) or 2tue, last-fri (monthly)"
    )
    end = parser.add_mutually_exclusive_group()
    end.add_argument("--until", type=parse_date, metavar="YYYY-MM-DD", help="last day (inclusive)")
    end.add_argument(
        "--count", type=lambda t: positive_int("count", t), metavar="N", help="N posts in all"
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("series", parents=[common], help="recurring series of posts")
    series = p.add_subparsers(dest="series_command", metavar="COMMAND", required=True)
    q = series.add_parser("add", parents=[common], help="add a series; prints its id")
    _rule_options(q, required=True)
    post_fields_options(q, required=True, skip=_SKIPPED)
    q.set_defaults(handler=cmd_series_add)

    q = series.add_parser("list", parents=[common], help="list the series")
    q.add_argument("--json", action="store_true", help="one JSON array")
    q.set_defaults(handler=cmd_series_list)

    q = series.add_parser("edit", parents=[common], help="change a series (from a day on)")
    q.add_argument("id", type=lambda t: positive_int("series id", t))
    q.add_argument("--from", dest="from_date", type=parse_date, metavar="YYYY-MM-DD")
    q.add_argument(
        "--restore-date",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="a day the series skips gets its post back (see `series list --json`)",
    )
    _rule_options(q, required=False)
    post_fields_options(q, required=False, skip=_SKIPPED)
    q.set_defaults(handler=cmd_series_edit)

    q = series.add_parser("delete", parents=[common], help="move a series' posts to the trash")
    q.add_argument("id", type=lambda t: positive_int("series id", t))
    q.add_argument("--from", dest="from_date", type=parse_date, metavar="YYYY-MM-DD")
    q.set_defaults(handler=cmd_series_delete)
