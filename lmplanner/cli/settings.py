"""`lmplanner settings`: show every plan setting, or change some of them in one transaction.

Each setting is one row of SETTINGS below: its option, how the option's text is read, and how
the value is shown and written to JSON. A setting a later issue adds is one more row (a test
checks that every field the services validate has one).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import CommandContext, UsageError

if TYPE_CHECKING:
    from lmplanner.core.domain import PlanSettings

# Python's weekday numbering, 0 = Monday; not calendar.day_name, which follows the locale.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_weekday(text: str) -> int:
    key = text.strip().lower()
    matches = [i for i, day in enumerate(WEEKDAYS) if len(key) >= 2 and day.startswith(key)]
    if len(matches) != 1:
        raise argparse.ArgumentTypeError(
            f"invalid day {text!r} (use one of: {', '.join(WEEKDAYS)})"
        )
    return matches[0]


_NUMBER = r"\s*(\d+(?:\.\d+)?)\s*%?\s*"


def parse_percent(text: str) -> float:
    """ "20", "20%" or "20 %" as the fraction 0.2 (the range is checked with the other rules)."""
    match = re.fullmatch(_NUMBER, text)
    if match is None:
        raise argparse.ArgumentTypeError(f"invalid percentage {text!r} (use e.g. 20 or 20%)")
    return float(match.group(1)) / 100


def parse_band(text: str) -> tuple[float, float]:
    """ "30-60" (or "30 %–60 %") as the fractions (0.3, 0.6)."""
    match = re.fullmatch(_NUMBER + r"[-–]" + _NUMBER, text)
    if match is None:
        raise argparse.ArgumentTypeError(f"invalid band {text!r} (use LOW-HIGH, e.g. 30-60)")
    return float(match.group(1)) / 100, float(match.group(2)) / 100


def parse_count(text: str) -> int:
    """A whole number; its range is checked with the other rules, which name it."""
    raw = text.strip()
    if re.fullmatch(r"-?[0-9]{1,9}", raw) is None:
        raise argparse.ArgumentTypeError(f"invalid number {text!r} (use a whole number)")
    return int(raw)


def parse_yes_no(text: str) -> bool:
    key = text.strip().lower()
    if key in ("yes", "y", "on", "true", "1"):
        return True
    if key in ("no", "n", "off", "false", "0"):
        return False
    raise argparse.ArgumentTypeError(f"invalid choice {text!r} (use yes or no)")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def parse_name(text: str) -> str:
    return " ".join(text.split())  # as the dialog keeps it


@dataclass(frozen=True)
class Setting:
    """One plan setting as the command line reads and shows it."""

    field: str  # the name update_settings takes and `settings --json` writes
    label: str  # how the readable listing names it
    parse: Callable[[str], Any]
    show: Callable[[Any], str] = str
    metavar: str = "N"
    help: str = ""


def _days(value: int) -> str:
    from lmplanner.core.balance import count_of

    return count_of(value, "day")


def _posts(value: int) -> str:
    from lmplanner.core.balance import count_of

    return count_of(value, "post")


def _vision(text: str) -> str:
    return text or "(none)"


def _percent(value: float) -> str:
    from lmplanner.core.balance import setting_percent

    return setting_percent(value)


SETTINGS: tuple[Setting, ...] = (
    Setting("name", "Name", parse_name, metavar="TEXT", help="the plan's name"),
    Setting("timezone", "Time zone", str, metavar="ZONE", help="an IANA zone, e.g. Europe/Lisbon"),
    Setting(
        "first_weekday",
        "Weeks start on",
        parse_weekday,
        lambda day: WEEKDAYS[day].capitalize(),
        metavar="DAY",
        help="monday … sunday",
    ),
    Setting(
        "min_posts",
        "A verdict needs at least",
        parse_count,
        _posts,
        help="the posts a verdict needs",
    ),
    Setting(
        "promotion_max",
        "Flag promotions above",
        parse_percent,
        _percent,
        metavar="PCT",
        help="flag promotions above this share of the posts (0-100)",
    ),
    Setting(
        "drought_days",
        "Flag no leader post for",
        parse_count,
        _days,
        help="flag no leader post for N days",
    ),
    Setting(
        "drought_week_min_posts",
        "Flag a week with fewer than",
        parse_count,
        _posts,
        help="flag a week with fewer than N posts",
    ),
    Setting(
        "channel_min_posts",
        "Judge a channel from",
        parse_count,
        _posts,
        help="judge a channel from N posts",
    ),
    Setting(
        "untied_max",
        "Flag untied manager posts above",
        parse_percent,
        _percent,
        metavar="PCT",
        help="flag when more than this share of manager posts serve no pillar or leader post",
    ),
    Setting(
        "pillar_lead_days",
        "A leader post carries its pillar for",
        parse_count,
        _days,
        help="how many days a pillar's leader post carries its manager posts",
    ),
    Setting(
        "pillar_tolerance",
        "Flag a pillar off its target by",
        parse_percent,
        _percent,
        metavar="PCT",
        help="flag a pillar whose share is this many points off its target (0-100)",
    ),
    Setting(
        "backup_keep", "Keep daily backups for", parse_count, _days, help="N days of daily backups"
    ),
    Setting("trash_days", "Keep deleted posts for", parse_count, _days, help="N days in the trash"),
    Setting(
        "history_days", "Keep change history for", parse_count, _days, help="N days of history"
    ),
    Setting(
        "series_horizon_months",
        "Create series posts ahead for",
        parse_count,
        lambda months: f"{months} month" + ("" if months == 1 else "s"),
        help="N months ahead that recurring series' posts are created",
    ),
    Setting("vision", "Vision", str, _vision, metavar="TEXT", help="the vision"),
    Setting(
        "require_approval",
        "Scheduling needs approval",
        parse_yes_no,
        _yes_no,
        metavar="yes|no",
        help="refuse scheduling or publishing a post until it is approved",
    ),
    Setting(
        "clash_minutes",
        "Warn of posts on one channel within",
        parse_count,
        lambda minutes: f"{minutes} min",
        metavar="MIN",
        help="warn of two timed posts on one channel this close (minutes)",
    ),
    Setting(
        "country",
        "Public holidays of",
        lambda text: text.strip().upper(),
        lambda code: code or "(none)",
        metavar="CODE",
        help="show this country's public holidays, e.g. DE ('' for none)",
    ),
    Setting(
        "region",
        "Region",
        lambda text: text.strip(),
        lambda code: code or "(whole country)",
        metavar="CODE",
        help="and this region's, e.g. BY ('' for the whole country)",
    ),
)
# The target band is one option for two settings: --band 30-60.
BAND_FIELDS = ("band_low", "band_high")


def settings_values(settings: PlanSettings) -> dict[str, Any]:
    """Every plan setting by its field name, as update_settings takes them."""
    return settings.values()


def settings_json(values: dict[str, Any]) -> dict[str, Any]:
    data = dict(values)
    data["first_weekday"] = WEEKDAYS[values["first_weekday"]]
    return {"name": data.pop("name"), **data}


def settings_lines(values: dict[str, Any]) -> list[str]:
    from lmplanner.core.balance import percent_band

    rows = [(s.label, s.show(values[s.field])) for s in SETTINGS[:3]]
    rows.append(("Target leader share", percent_band(values["band_low"], values["band_high"])))
    rows.extend((s.label, s.show(values[s.field])) for s in SETTINGS[3:])
    width = max(len(label) for label, _ in rows)
    return [f"  {label + ':':<{width + 1}}  {shown}" for label, shown in rows]


def requested_changes(args: argparse.Namespace) -> dict[str, Any]:
    changes = {s.field: getattr(args, s.field) for s in SETTINGS}
    changes = {name: value for name, value in changes.items() if value is not None}
    if args.band is not None:
        changes.update(zip(BAND_FIELDS, args.band, strict=True))
    return changes


def cmd_settings(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.errors import ValidationError

    changes = requested_changes(args)
    if args.json and changes:
        raise UsageError("--json shows the settings; give it without options that change them")
    service = ctx.service(writes=bool(changes))
    before = settings_values(service.settings())
    if changes:
        try:
            changeset = service.update_settings(**changes)
        except ValidationError as exc:
            # Every value came from this command line, so a value out of range is its fault.
            raise UsageError(str(exc).rstrip(".")) from None
        if changeset:
            ctx.saved = "saved the plan settings"
    after = settings_values(service.settings())
    if args.json:
        ctx.print_json(settings_json(after))
        return 0
    if changes:
        changed = [name for name in after if after[name] != before[name]]
        head = "Changed " + ", ".join(changed) if changed else "The plan already had those values"
        ctx.print(f"{head}. Plan settings of {ctx.location}:")
    else:
        ctx.print(f"Plan settings of {ctx.location}:")
    for line in settings_lines(after):
        ctx.print(line)
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "settings",
        parents=[common],
        help="show the plan's settings, or change some of them",
        description="Without options, print every plan setting. With options, change those "
        "settings in one step, checked by the same rules as the Plan settings dialog; "
        "nothing changes if one of them is refused.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    for setting in SETTINGS[:3]:
        _add(p, setting)
    p.add_argument(
        "--band",
        type=parse_band,
        metavar="LOW-HIGH",
        help="the target leader share in percent, e.g. 30-60",
    )
    for setting in SETTINGS[3:]:
        _add(p, setting)
    p.set_defaults(handler=cmd_settings)


def _add(parser: argparse.ArgumentParser, setting: Setting) -> None:
    from lmplanner.core.domain import SETTING_RANGES

    limits = SETTING_RANGES.get(setting.field)
    parser.add_argument(
        "--" + setting.field.replace("_", "-"),
        dest=setting.field,
        type=setting.parse,
        metavar=setting.metavar,
        help=f"{setting.help} ({limits[0]}-{limits[1]})" if limits else setting.help,
    )
