"""CLI commands on results: `results` (what posts achieved, per role and pillar) and
`results import FILE` (numbers read from the channels)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import CommandContext, add_period_options, period_from_args
from lmplanner.cli.posts import add_meter_filter_options, check_names, meter_filter

if TYPE_CHECKING:
    from lmplanner.core.results import GroupResults, ResultsReport

# The table's columns: each metric under a short heading.
HEADINGS = (
    ("impressions", "IMPRESSIONS"),
    ("reactions", "REACTIONS"),
    ("comments", "COMMENTS"),
    ("shares", "SHARES"),
    ("clicks", "CLICKS"),
    ("new_followers", "NEW FOLLOWERS"),
)


def cmd_results(args: argparse.Namespace, ctx: CommandContext) -> int:
    period = period_from_args(args, default_month=True)
    assert period is not None
    flt = meter_filter(args)
    service = ctx.service(writes=False)
    check_names(service, flt)
    report = service.results(period, flt)
    if args.json:
        ctx.print_json(report.to_dict())
    else:
        ctx.print(format_results(report))
    return 0


def format_results(report: ResultsReport) -> str:
    """Medians per post for each role and pillar, the leader ÷ manager ratios and the finding."""
    from lmplanner.core.results import times

    lines = [f"Results for {report.label} (medians per post)"]
    if not report.posts:
        lines.append("No post of this period has results yet (record them in the editor or")
        lines.append("with `lmplanner results import FILE`).")
        return "\n".join(lines)
    rows = [("", "POSTS", *(heading for _name, heading in HEADINGS))]
    rows.append(_group_row("Leader", report.leader))
    rows.append(_group_row("Manager", report.manager))
    ratios = report.ratios
    rows.append(
        ("Leader ÷ manager", "", *(_ratio_cell(ratios[name], times) for name, _h in HEADINGS))
    )
    if report.by_pillar:
        rows.append(("", "", *("" for _h in HEADINGS)))
        for group in report.by_pillar:
            rows.append(_group_row(group.name or "(no pillar)", group))
    lines.extend(_table(rows))
    lines.append("")
    lines.append(report.finding)
    return "\n".join(lines)


def _group_row(label: str, group: GroupResults) -> tuple[str, ...]:
    cells = []
    for name, _heading in HEADINGS:
        median = group.median(name)
        cells.append("–" if median is None else f"{median:,.1f}".removesuffix(".0"))
    return (label, str(group.posts), *cells)


def _ratio_cell(value: float | None, times: Any) -> str:
    return "–" if value is None else str(times(value))


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        first = row[0].ljust(widths[0])
        rest = [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join([first, *rest]).rstrip())
    return lines


def cmd_results_import(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.results import commit_results, preview_results

    service = ctx.service()
    preview = preview_results(service, args.file)
    outcome = commit_results(service, preview, skip_invalid=args.skip_invalid)
    for row in outcome.rejected:
        ctx.print(str(row))
    if outcome.blocked:
        print(
            f"lmplanner: {_counted(len(outcome.rejected), 'line')} of {preview.source} cannot be "
            "used; nothing was recorded (fix them, or use --skip-invalid)",
            file=ctx.err,
        )
        return 1
    if outcome.recorded:
        ctx.saved = f"saved the results of {_counted(outcome.recorded, 'post')}"
    skipped = f" ({_counted(len(outcome.rejected), 'line')} skipped)" if outcome.rejected else ""
    blank = (
        f"; {_counted(preview.blank, 'row')} without numbers left alone" if preview.blank else ""
    )
    ctx.print(
        f"Recorded results for {_counted(outcome.recorded, 'post')} from {preview.source}"
        f"{skipped}{blank}"
    )
    return 0


def _counted(count: int, noun: str) -> str:
    from lmplanner.core.balance import count_of

    return count_of(count, noun)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "results",
        parents=[common],
        help="what posts achieved, per role and pillar (or: results import FILE)",
    )
    add_period_options(p)
    add_meter_filter_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object")
    p.set_defaults(handler=cmd_results)
    actions = p.add_subparsers(dest="results_command", metavar="COMMAND", required=False)
    q = actions.add_parser(
        "import",
        parents=[common],
        help="record results from a CSV (matched by uuid, link, or date + channel + title)",
    )
    q.add_argument("file", metavar="FILE")
    q.add_argument(
        "--skip-invalid",
        action="store_true",
        help="record the rows that match and skip the others (default: record nothing)",
    )
    q.set_defaults(handler=cmd_results_import)
