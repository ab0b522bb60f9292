"""Command-line front end over the same services the desktop app uses.

Exit codes: 0 success; 2 the command line itself is wrong (unknown option, malformed or
out-of-range value); 1 any other failure. Errors are one line on stderr, never a traceback
(the traceback goes to the log file; `--debug` prints it too). A failed command changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from lmplanner import __version__

if TYPE_CHECKING:
    from lmplanner.core.balance import BalanceReport, Period
    from lmplanner.core.domain import PostRecord
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import Plan

log = logging.getLogger("lmplanner.cli")

# Modules that add sub-commands: each has `register(subparsers, common)`; importing one must be
# cheap (argparse only, heavy imports inside the handlers).
EXTENSION_MODULES: tuple[str, ...] = (
    "lmplanner.cli_data",
    "lmplanner.cli_io",
    "lmplanner.cli_report",
    "lmplanner.cli_suggest",
)

Handler = Callable[[argparse.Namespace, "CommandContext"], int]


class UsageError(Exception):
    """The command line is wrong: exit 2."""


class CliParser(argparse.ArgumentParser):
    """argparse that reports a wrong command line in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# ---------------------------------------------------------------- value parsers (exit 2)
def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r} (use YYYY-MM-DD)") from None


def parse_time(text: str) -> dt.time:
    raw = text.strip()
    try:
        hours, minutes = raw.split(":")
        if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
            raise ValueError
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid time {text!r} (use HH:MM, 00:00–23:59)"
        ) from None


def parse_month(text: str) -> Period:
    from lmplanner.core.balance import Period

    try:
        return Period.parse_month(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid month {text!r} (use YYYY-MM)") from None


def _enum_parser(kind: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        from lmplanner.core.domain import Kind, Role, Status

        enum = {"role": Role, "status": Status, "kind": Kind}[kind]
        try:
            return enum.parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = kind
    return parse


def positive_id(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid post id {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"invalid post id {text!r}")
    return value


# ---------------------------------------------------------------- context
class CommandContext:
    """What a command handler needs: the plan (opened on first use) and the output streams."""

    def __init__(self, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
        self.args = args
        self.out = out
        self.err = err
        self._plan: Plan | None = None
        self._service: PlanService | None = None

    @property
    def location(self) -> str:
        """Which plan this command works on, fit to print: a database password shows as ***."""
        from lmplanner.core.paths import mask_url

        return mask_url(self._target())

    def _target(self) -> str:
        from lmplanner.core.paths import resolve_plan_location

        return resolve_plan_location(getattr(self.args, "db", None))

    def service(self, *, writes: bool = True) -> PlanService:
        """Open the plan; commands that only read open a read-only file read-only."""
        if self._service is None:
            from lmplanner.core.errors import ReadOnlyPlanError
            from lmplanner.core.services import PlanService
            from lmplanner.core.store import open_plan

            # A team plan's password may be asked for, but only of a person at a terminal.
            ask = _ask_password if sys.stdin is not None and sys.stdin.isatty() else None
            try:
                self._plan = open_plan(self._target(), password_callback=ask)
            except ReadOnlyPlanError:
                if writes:
                    raise
                self._plan = open_plan(self._target(), readonly=True, password_callback=ask)
            self._service = PlanService(self._plan)
        return self._service

    def close(self) -> None:
        if self._plan is not None:
            self._plan.close()

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def print_json(self, value: Any) -> None:
        json.dump(value, self.out, ensure_ascii=False, indent=2, default=_json_default)
        self.out.write("\n")


def _ask_password(shown_url: str, why: str) -> str | None:
    import getpass

    try:
        return getpass.getpass(f"{why} Password for {shown_url}: ") or None
    except EOFError:
        return None


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def post_to_json(post: PostRecord) -> dict[str, Any]:
    return {
        "id": post.id,
        "title": post.title,
        "role": post.role.value,
        "channel": post.channel,
        "date": post.date.isoformat() if post.date else None,
        "time": post.time.strftime("%H:%M") if post.time else None,
        "status": post.status.value,
        "kind": post.kind.value if post.kind else None,
        "author": post.author,
        "campaign": post.campaign,
        "body": post.body,
        "link": post.link,
        "notes": post.notes,
        "role_suggested": post.role_suggested,
        "version": post.version,
    }


def period_from_args(args: argparse.Namespace, *, default_month: bool) -> Period | None:
    """--month, or --from/--to, or (balance) the current month; None means everything."""
    from lmplanner.core.balance import Period

    month = getattr(args, "month", None)
    start = getattr(args, "date_from", None)
    end = getattr(args, "date_to", None)
    if month is not None:
        if start or end:
            raise UsageError("use either --month or --from/--to, not both")
        return month  # type: ignore[no-any-return]
    if start or end:
        if not (start and end):
            raise UsageError("--from and --to go together")
        if end < start:
            raise UsageError(f"--to {end} is before --from {start}")
        return Period(start, end)
    if default_month:
        today = dt.date.today()
        return Period.month(today.year, today.month)
    return None


def add_period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="a calendar month")
    parser.add_argument("--from", dest="date_from", type=parse_date, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="date_to", type=parse_date, metavar="YYYY-MM-DD")


# ---------------------------------------------------------------- post commands
def _post_fields_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--title", required=required, help="the post's title")
    parser.add_argument(
        "--role",
        required=required,
        type=_enum_parser("role"),
        help="leader (vision, perspective, story) or manager (execution)",
    )
    parser.add_argument("--channel", required=required, help="e.g. LinkedIn (new names are added)")
    parser.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="the day (omit for a backlog idea)"
    )
    parser.add_argument("--time", type=parse_time, metavar="HH:MM", help="wall-clock time")
    parser.add_argument("--body", help="the post's text")
    parser.add_argument(
        "--status", type=_enum_parser("status"), help="idea, draft, scheduled or published"
    )
    parser.add_argument(
        "--kind",
        type=_enum_parser("kind"),
        help="leader: perspective, vision, story, question, insight; manager: "
        "how-to, tip, analytics, announcement, event, promotion, engagement",
    )
    parser.add_argument("--author", help="who writes it")
    parser.add_argument("--campaign", help="campaign name")
    parser.add_argument("--link", help="a URL")
    parser.add_argument("--notes", help="private notes")


def cmd_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.services import PostDraft

    if args.time is not None and args.date is None:
        raise UsageError("--time needs --date (a backlog idea has neither)")
    draft = PostDraft(
        title=args.title,
        role=args.role,
        channel=args.channel,
        date=args.date,
        time=args.time,
        body=args.body or "",
        kind=args.kind,
        status=args.status,
        author=args.author,
        campaign=args.campaign,
        link=args.link or "",
        notes=args.notes or "",
    )
    changes = ctx.service().add_post(draft)
    ctx.print(str(changes.created()[0]))
    return 0


_EDITABLE = (
    "title",
    "role",
    "channel",
    "date",
    "time",
    "body",
    "status",
    "kind",
    "author",
    "campaign",
    "link",
    "notes",
)


def cmd_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    patch = {name: getattr(args, name) for name in _EDITABLE if getattr(args, name) is not None}
    if not patch:
        raise UsageError("nothing to change: give at least one option such as --title")
    service = ctx.service()
    if "role" in patch and "kind" not in patch:
        current = service.post(args.id)
        if current.kind is not None and current.kind.role is not patch["role"]:
            patch["kind"] = None  # a kind of the other role no longer fits
    changes = service.update_post(args.id, patch)
    ctx.print(f"Updated post {args.id}" if changes else f"Post {args.id} already had those values")
    return 0


def cmd_move(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.services import KEEP

    if args.backlog and (args.date or args.time):
        raise UsageError("--backlog cannot be combined with --date or --time")
    if not args.backlog and args.date is None:
        raise UsageError("give --date YYYY-MM-DD or --backlog")
    service = ctx.service()
    if args.backlog:
        service.move_posts([args.id], to_date=None)
        ctx.print(f"Moved post {args.id} to the backlog")
    else:
        service.move_posts([args.id], to_date=args.date, time=args.time or KEEP)
        post = service.post(args.id)
        when = post.date.isoformat() if post.date else ""
        if post.time:
            when += f" {post.time:%H:%M}"
        ctx.print(f"Moved post {args.id} to {when}")
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.service().delete_posts([args.id])
    ctx.print(f"Deleted post {args.id} (moved to the trash)")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    period = period_from_args(args, default_month=False)
    service = ctx.service(writes=False)
    if period is None:
        posts = service.posts()
    else:
        posts = service.posts(start=period.start, end=period.end)
    if args.json:
        ctx.print_json([post_to_json(p) for p in posts])
        return 0
    if not posts:
        ctx.print("No posts." if period is None else f"No posts in {period.label()}.")
        return 0
    ctx.print(format_post_table(posts))
    return 0


def format_post_table(posts: Sequence[PostRecord]) -> str:
    rows = [("ID", "DATE", "TIME", "ROLE", "CHANNEL", "STATUS", "TITLE")]
    for p in posts:
        title = p.title if len(p.title) <= 60 else p.title[:59] + "…"
        rows.append(
            (
                str(p.id),
                p.date.isoformat() if p.date else "backlog",
                p.time.strftime("%H:%M") if p.time else "",
                p.role.value,
                p.channel,
                p.status.value,
                title,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for r in rows:
        cells = [c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)]
        lines.append("  ".join([*cells, r[-1]]).rstrip())
    return "\n".join(lines)


def cmd_balance(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.services import PostFilter

    period = period_from_args(args, default_month=True)
    assert period is not None
    flt = PostFilter(
        channels=tuple(args.channel or ()),
        authors=tuple(args.author or ()),
        campaigns=tuple(args.campaign or ()),
    )
    report = ctx.service(writes=False).balance(period, flt)
    if args.json:
        ctx.print_json(report.to_dict())
    else:
        ctx.print(format_balance(report))
    return 0


def format_balance(report: BalanceReport) -> str:
    s = report.settings
    band = f"{s.band_low:.0%}–{s.band_high:.0%}"
    lines = [f"Balance for {report.period.label()}"]
    if report.filters:
        lines.append("Filtered by " + "; ".join(f"{k}: {v}" for k, v in report.filters))
    if report.total == 0:
        lines.append("Nothing planned in this period.")
    else:
        share = report.leader_share or 0.0
        lines.append(
            f"Leader share: {share:.0%} ({report.leader} leader, {report.manager} manager of "
            f"{report.total} posts); target {band}"
        )
        sample = (
            "" if report.enough_data else f" (fewer than {s.min_posts} posts: too few to judge)"
        )
        lines.append(f"Verdict: {report.verdict_text()}; score {report.score}/100{sample}")
    lines.append(f"Backlog: {report.backlog} idea{'s' if report.backlog != 1 else ''}")
    if report.flags:
        lines.append("")
        lines.append("Flags:")
        for flag in report.flags:
            lines.append(f"  [{flag.severity.value}] {flag.code}: {flag.message}")
            lines.append(f"      → {flag.suggestion}")
    if report.by_week and report.total:
        lines.append("")
        lines.append("By week:")
        lines.extend(_breakdown_line(row) for row in report.by_week)
    if report.by_channel:
        lines.append("")
        lines.append("By channel:")
        lines.extend(_breakdown_line(row) for row in report.by_channel)
    return "\n".join(lines)


def cmd_demo(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.demo import create_demo

    today = dt.date.today()
    period = args.month
    year, month = (period.start.year, period.start.month) if period else (today.year, today.month)
    service = ctx.service()
    changes = create_demo(service, year, month)
    created = changes.created()
    backlog = sum(1 for pid in created if service.post(pid).date is None)
    label = dt.date(year, month, 1).strftime("%B %Y")
    ctx.print(
        f"Added a sample month for {label}: {len(created) - backlog} posts and {backlog} "
        f"backlog ideas to {ctx.location}"
    )
    return 0


def cmd_gui(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.ui.app import run

    location = getattr(args, "plan", None) or getattr(args, "db", None)
    return run(location, debug=bool(getattr(args, "debug", False)))


# ---------------------------------------------------------------- parser
def build_parser() -> CliParser:
    common = CliParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH|URL",
        default=argparse.SUPPRESS,
        help="the plan file, or a team plan's postgresql+psycopg://user@host:5432/db URL "
        "(default: $LMPLANNER_DB, else plan.lmplan in the user data folder)",
    )
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print full tracebacks and debug logging",
    )

    parser = CliParser(
        prog="lmplanner",
        description="LM Planner: plan content that balances leader (vision) and manager "
        "(execution) posts. Without a command, opens the desktop app.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CliParser)

    p = sub.add_parser("add", parents=[common], help="add a post; prints its id")
    _post_fields_options(p, required=True)
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("edit", parents=[common], help="change fields of a post")
    p.add_argument("id", type=positive_id)
    _post_fields_options(p, required=False)
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser("move", parents=[common], help="move a post to a day or to the backlog")
    p.add_argument("id", type=positive_id)
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--time", type=parse_time, metavar="HH:MM", help="new time (default: keep)")
    p.add_argument("--backlog", action="store_true", help="unschedule: back to the ideas")
    p.set_defaults(handler=cmd_move)

    p = sub.add_parser("delete", parents=[common], help="move a post to the trash")
    p.add_argument("id", type=positive_id)
    p.set_defaults(handler=cmd_delete)

    p = sub.add_parser("list", parents=[common], help="list posts (all, a month or a range)")
    add_period_options(p)
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("balance", parents=[common], help="leader/manager balance and flags")
    add_period_options(p)
    p.add_argument("--channel", action="append", metavar="NAME", help="only this channel")
    p.add_argument("--author", action="append", metavar="NAME", help="only this author")
    p.add_argument("--campaign", action="append", metavar="NAME", help="only this campaign")
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(handler=cmd_balance)

    p = sub.add_parser("demo", parents=[common], help="add a realistic sample month")
    p.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="default: this month")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("gui", parents=[common], help="open the desktop app (the default)")
    p.add_argument("plan", nargs="?", metavar="PLAN", help="a plan file to open (like --db)")
    p.set_defaults(handler=cmd_gui)

    for name in EXTENSION_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    debug = bool(getattr(args, "debug", False))
    from lmplanner.logs import setup_logging

    log_path = setup_logging(debug=debug)
    handler: Handler = getattr(args, "handler", cmd_gui)
    ctx = CommandContext(args, out, err)
    try:
        return handler(args, ctx)
    except UsageError as exc:
        print(f"lmplanner: error: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        print("lmplanner: interrupted", file=err)
        return 130
    except BrokenPipeError:
        # The reader went away (`lmplanner list | head`): nothing left to say to it.
        _silence_stdout()
        return 0
    except Exception as exc:  # every failure becomes one clear line
        return _report_failure(exc, err, debug=debug, log_path=str(log_path or ""))
    finally:
        ctx.close()


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _breakdown_line(row: Any) -> str:
    share_text = "—" if row.leader_share is None else f"{row.leader_share:.0%}"
    noun = "post " if row.total == 1 else "posts"
    return (
        f"  {row.label:<22} {row.total:>3} {noun}  {row.leader:>2} leader  "
        f"{row.manager:>2} manager  {share_text:>4}"
    )


def _report_failure(exc: Exception, err: TextIO, *, debug: bool, log_path: str) -> int:
    from lmplanner.core.errors import PlannerError

    if isinstance(exc, PlannerError):
        log.info("command failed: %s", exc, exc_info=debug)
        print(f"lmplanner: {exc}", file=err)
        return 1
    log.exception("unexpected error")
    message = _describe_unexpected(exc)
    where = f" (details in {log_path})" if log_path else ""
    print(f"lmplanner: {message}{where}", file=err)
    if debug:
        import traceback

        traceback.print_exception(exc, file=err)
    return 1


def _describe_unexpected(exc: Exception) -> str:
    """Turn database and OS errors into words; anything else names its type."""
    if isinstance(exc, OSError):
        return f"cannot access {exc.filename or 'a file'}: {exc.strerror or exc}"
    text = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else ""
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return "the plan cannot be written (read-only file, folder or disk)"
    if "locked" in lowered or "busy" in lowered:
        return "the plan is busy in another program; try again in a moment"
    if "disk" in lowered and ("full" in lowered or "i/o" in lowered):
        return f"the disk failed while writing the plan ({text}); nothing was changed"
    return f"unexpected error: {type(exc).__name__}: {text}"
