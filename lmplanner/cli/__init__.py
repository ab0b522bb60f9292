"""Command-line front end over the same services the desktop app uses.

Exit codes (README's table of cases): 0 success; 2 the command line alone is wrong; 1 the plan's
state or a file refuses it; 3 the change was saved but printing the result failed. Errors are
one line on stderr, never a traceback (the traceback goes to the log file; `--debug` prints it
too). A failed command changes nothing.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import TextIO

from lmplanner import __version__
from lmplanner.cli.common import CliParser, CommandContext, Handler, OutputError, UsageError

log = logging.getLogger("lmplanner.cli")

# Modules that add sub-commands: each has `register(subparsers, common)`; importing one must be
# cheap (argparse only, heavy imports inside the handlers).
COMMAND_MODULES: tuple[str, ...] = (
    "lmplanner.cli.posts",
    "lmplanner.cli.data",
    "lmplanner.cli.files",
    "lmplanner.cli.report",
    "lmplanner.cli.suggest",
    "lmplanner.cli.settings",
    "lmplanner.cli.strategy",
    "lmplanner.cli.history",
    "lmplanner.cli.results",
    "lmplanner.cli.review",
    "lmplanner.cli.series",
    "lmplanner.cli.calendar_tools",
)


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
        "--as",
        dest="as_name",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="who is acting on a plan file (at most 80 characters): stamped on comments and "
        "approvals "
        "(default: $LMPLANNER_USER, else the system user's name; refused on a team plan, "
        "where the database role is who acts)",
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

    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)

    p = sub.add_parser("gui", parents=[common], help="open the desktop app (the default)")
    p.add_argument("plan", nargs="?", metavar="PLAN", help="a plan file to open (like --db)")
    p.set_defaults(handler=cmd_gui)
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

    log_path = setup_logging(debug=debug, warnings_to=err)
    handler: Handler = getattr(args, "handler", cmd_gui)
    ctx = CommandContext(args, out, err)
    try:
        code = handler(args, ctx)
        ctx.flush()
        return code
    except UsageError as exc:
        print(f"lmplanner: error: {exc}", file=err)
        return 2
    except KeyboardInterrupt:
        print("lmplanner: interrupted", file=err)
        return 130
    except OutputError as exc:
        return _output_failed(exc, ctx)
    except BrokenPipeError:
        # The reader went away (`lmplanner list | head`): nothing left to say to it.
        _silence_stdout()
        return 0
    except Exception as exc:  # every failure becomes one clear line
        return _report_failure(exc, err, debug=debug, log_path=str(log_path or ""))
    finally:
        ctx.close()


def _output_failed(exc: OutputError, ctx: CommandContext) -> int:
    """Standard output failed. After a saved change: exit 3 and say what was saved, so a script
    does not repeat it. Before one: a reader that went away is no failure; a full disk is."""
    if ctx.out is sys.stdout or ctx.out is sys.__stdout__:
        _silence_stdout()  # the unwritten rest must not fail again at interpreter exit
    if ctx.saved:
        print(f"lmplanner: {ctx.saved}, but could not write the output: {exc}", file=ctx.err)
        return 3
    if isinstance(exc.cause, BrokenPipeError):
        return 0
    print(f"lmplanner: could not write the output: {exc}", file=ctx.err)
    return 1


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


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
