"""What every command shares: the parser class, value parsers, the plan context and periods.

Exit codes (README, "Using the command line"): 0 success; 2 the command line alone is wrong;
1 the plan's state or a file refuses it; 3 the change was saved but its output could not be
written. Errors are one line on stderr, never a traceback (the traceback goes to the log file;
`--debug` prints it too). A failed command changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

if TYPE_CHECKING:
    from lmplanner.core.balance import Period
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import Plan

log = logging.getLogger("lmplanner.cli")

Handler = Callable[[argparse.Namespace, "CommandContext"], int]


class UsageError(Exception):
    """The command line is wrong: exit 2."""


class OutputError(Exception):
    """Standard output cannot be written (a full disk, a closed pipe): exit 3 after a saved
    change, so a retrying script knows not to repeat it."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(cause.strerror or str(cause))
        self.cause = cause


# Ids are SQLite's (and PostgreSQL's bigint) positive 64-bit integers.
ID_MAX = 2**63 - 1


class CliParser(argparse.ArgumentParser):
    """argparse that reports a wrong command line in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# ---------------------------------------------------------------- value parsers (exit 2)
# The contract's forms, ASCII digits only: `\d` and `str.isdigit` would also take ١٢ or １２.
_DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_FORM = re.compile(r"([0-9]{2}):([0-9]{2})")
_MONTH_FORM = re.compile(r"[0-9]{4}-[0-9]{2}")


def parse_date(text: str) -> dt.date:
    """`YYYY-MM-DD` within the supported range; `20261101` or `2026-W45-1` are refused."""
    from lmplanner.core.domain import DATE_MAX, DATE_MIN, DATE_RANGE_TEXT

    raw = text.strip()
    if not _DATE_FORM.fullmatch(raw):
        raise argparse.ArgumentTypeError(f"invalid date {text!r} (use YYYY-MM-DD)")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {text!r} (no such day)") from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r} (outside the supported range {DATE_RANGE_TEXT})"
        )
    return day


def parse_time(text: str) -> dt.time:
    match = _TIME_FORM.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError
        return dt.time(int(match[1]), int(match[2]))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid time {text!r} (use HH:MM, 00:00–23:59)"
        ) from None


def parse_month(text: str) -> Period:
    from lmplanner.core.balance import Period

    if not _MONTH_FORM.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(f"invalid month {text!r} (use YYYY-MM)")
    try:
        return Period.parse_month(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"invalid month {text!r} ({exc})") from None


def enum_parser(kind: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        from lmplanner.core.domain import Kind, Role, Status

        parsers: dict[str, Callable[[str], Any]] = {
            "role": Role.parse,
            "status": Status.parse,
            "kind": Kind.parse,
        }
        try:
            return parsers[kind](text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = kind
    return parse


def positive_int(what: str, text: str) -> int:
    """A whole number from 1 to ID_MAX, or a one-line usage error naming `what`."""
    raw = text.strip()
    value = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 20 else 0
    if not 1 <= value <= ID_MAX:
        raise argparse.ArgumentTypeError(
            f"invalid {what} {text!r} (a whole number from 1 to {ID_MAX})"
        )
    return value


def positive_id(text: str) -> int:
    return positive_int("post id", text)


def post_version(text: str) -> int:
    return positive_int("version", text)


# ---------------------------------------------------------------- context
class CommandContext:
    """What a command handler needs: the plan (opened on first use) and the output streams."""

    def __init__(self, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
        self.args = args
        self.out = out
        self.err = err
        self._plan: Plan | None = None
        self._service: PlanService | None = None
        # What a command has committed ("saved as post 7"): said on stderr, with exit 3, when
        # the output that should report it cannot be written.
        self.saved = ""

    @property
    def location(self) -> str:
        """Which plan this command works on, fit to print: a database password shows as ***."""
        from lmplanner.core.paths import mask_url, shown

        return mask_url(shown(self._target()))

    def _target(self) -> str:
        from lmplanner.core.paths import resolve_plan_location

        return resolve_plan_location(getattr(self.args, "db", None))

    def plan_file(self) -> Path | None:
        """The plan file this command works on; None for a team plan (a database URL)."""
        from lmplanner.core.paths import is_database_url

        target = self._target()
        return None if is_database_url(target) else Path(target)

    def service(self, *, writes: bool = True) -> PlanService:
        """Open the plan; commands that only read open a read-only file read-only."""
        chosen = getattr(self.args, "as_name", None)
        if chosen is not None and self.plan_file() is None:
            raise UsageError(
                "--as is for plan files; on a team plan the database role says who is acting"
            )
        if chosen is not None and not chosen.strip():
            raise UsageError("--as needs a name")
        if self.plan_file() is not None:
            from lmplanner.core.actor import default_actor
            from lmplanner.core.errors import ValidationError

            try:  # a name too long is refused here, before anything is opened or written
                default_actor(chosen, chosen_from="--as")
            except ValidationError as exc:
                raise UsageError(str(exc)) from None
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
            self._service = PlanService(self._plan, actor=chosen)
        return self._service

    def close(self) -> None:
        if self._plan is not None:
            self._plan.close()

    def print(self, text: str = "") -> None:
        try:
            print(text, file=self.out)
        except OSError as exc:
            raise OutputError(exc) from exc

    def print_json(self, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, indent=2, default=_json_default)
        self.print(text)

    def flush(self) -> None:
        """Push buffered output out now, while a failure can still be reported (Python would
        otherwise only fail at interpreter exit, after the exit code is decided)."""
        try:
            self.out.flush()
        except OSError as exc:
            raise OutputError(exc) from exc


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
