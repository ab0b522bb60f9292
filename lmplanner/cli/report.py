"""`lmplanner report`: write the PDF strategy report of a month or a date range."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import CommandContext, add_period_options, period_from_args

if TYPE_CHECKING:
    from lmplanner.core.report.options import Paper, Section


def parse_sections(text: str) -> frozenset[Section]:
    from lmplanner.core.report.options import Section

    try:
        return Section.parse_list(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def parse_paper(text: str) -> Paper:
    from lmplanner.core.report.options import Paper

    try:
        return Paper.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_report(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.report import ReportOptions, build_report
    from lmplanner.core.report.options import ALL_SECTIONS, default_paper

    period = period_from_args(args, default_month=True)
    assert period is not None
    options = ReportOptions(
        sections=args.sections or ALL_SECTIONS,
        include_bodies=args.bodies,
        paper=args.paper or default_paper(),
    )
    out = Path(args.out).expanduser()
    result = build_report(ctx.service(writes=False), period, out=out, options=options)
    for warning in result.warnings:
        print(f"lmplanner: warning: {warning}", file=ctx.err)
    pages = f"{result.pages} page{'s' if result.pages != 1 else ''}"
    ctx.print(f"Wrote {result.path} ({pages}, {period.label()})")
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "report",
        parents=[common],
        help="write a PDF strategy report (default: this month)",
        description="Write the leadership report of a month or a date range as a PDF: summary "
        "with the balance meter and flags, calendar, breakdowns and the post list.",
    )
    add_period_options(p)
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    p.add_argument(
        "--sections",
        type=parse_sections,
        metavar="LIST",
        help="comma-separated: summary, calendar, breakdowns, strategy, results, posts "
        "(default: all)",
    )
    p.add_argument("--bodies", action="store_true", help="print post texts in the post list")
    p.add_argument(
        "--paper",
        type=parse_paper,
        metavar="a4|letter",
        help="paper size (default: from the locale, Letter in the US and Canada, else A4)",
    )
    p.set_defaults(handler=cmd_report)
