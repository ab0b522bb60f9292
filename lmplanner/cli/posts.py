"""CLI commands on posts: add, edit, move, delete, list, balance, demo."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import (
    CommandContext,
    UsageError,
    add_period_options,
    enum_parser,
    parse_date,
    parse_month,
    parse_time,
    period_from_args,
    positive_id,
    post_version,
)
from lmplanner.core.post_fields import EDITABLE, FIELDS, POST_SHAPE, REFERENCES, Value, in_order

if TYPE_CHECKING:
    from lmplanner.core.balance import BalanceReport
    from lmplanner.core.domain import PostRecord


# The post's fields in the order `list --json` has always written them; new fields follow.
# `series` (the id of its recurring series, or null) is kept by the service, not set with `edit`.
JSON_KEYS = in_order(
    ("id", *REFERENCES, *EDITABLE, "version"),
    lead=("id", "title", "role", "channel", "date", "time", "status", "kind", "author", "campaign"),
)
# The fields `add` and `edit` take as `--name` options, in the order `--help` lists them.
OPTIONS = in_order(
    tuple(name for name in EDITABLE if FIELDS[name].option),
    lead=("title", "role", "channel", "date", "time", "body", "status"),
)
_OPTION_HELP = {
    "title": "the post's title",
    "role": "leader (vision, perspective, story) or manager (execution)",
    "channel": "e.g. LinkedIn (new names are added)",
    "date": "the day (omit for a backlog idea)",
    "time": "wall-clock time",
    "body": "the post's text",
    "status": "idea, draft, in-review, changes-requested, approved, scheduled or published",
    "kind": "leader: perspective, vision, story, question, insight; manager: "
    "how-to, tip, analytics, announcement, event, promotion, engagement",
    "author": "who writes it",
    "campaign": "campaign name",
    "link": "a URL",
    "notes": "private notes",
    "pillar": 'the content pillar it serves ("" clears it; see `pillar list`)',
    "follows": 'the id of the leader post this manager post follows up ("" clears it)',
    "impressions": 'results: how many times it was seen ("" clears it)',
    "reactions": "results: likes and other reactions",
    "comments": "results: comments it drew on the channel",
    "shares": "results: shares, reposts",
    "clicks": "results: link clicks",
    "new_followers": "results: followers it brought",
    "read_on": "the day the results were read",
}


def post_to_json(post: PostRecord) -> dict[str, Any]:
    return {name: FIELDS[name].json(getattr(post, name)) for name in JSON_KEYS}


def post_fields_options(
    parser: argparse.ArgumentParser, *, required: bool, skip: tuple[str, ...] = ()
) -> None:
    """The `--name` option of every field people set (but those in `skip`)."""
    for name in OPTIONS:
        if name in skip:
            continue
        field = FIELDS[name]
        option: dict[str, Any] = {"help": _OPTION_HELP.get(name)}
        if field.required:
            option["required"] = required
        if field.value is Value.DATE:
            option.update(type=parse_date, metavar="YYYY-MM-DD")
        elif field.value is Value.TIME:
            option.update(type=parse_time, metavar="HH:MM")
        elif field.value is Value.CHOICE:
            option["type"] = enum_parser(name)
        elif field.value is Value.POST:
            option.update(type=post_reference, metavar="ID")
        elif field.value is Value.NUMBER:
            option.update(type=count_option, metavar="N")
        parser.add_argument(f"--{name}", **option)


def post_reference(text: str) -> int | str:
    """A post id, or "" (no post: clears a link)."""
    return "" if not text.strip() else positive_id(text)


def count_option(text: str) -> int | str:
    """A result count, or "" (no result: clears it)."""
    from lmplanner.core.io.csv_format import parse_count

    if not text.strip():
        return ""
    try:
        return parse_count(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def cmd_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.services import PostDraft

    if args.time is not None and args.date is None:
        raise UsageError("--time needs --date (a backlog idea has neither)")
    _check_kind_fits_role(args)
    given = {name: getattr(args, name) for name in OPTIONS}
    given = {name: value for name, value in given.items() if value is not None}
    service = ctx.service()
    if args.template is not None:
        # With a template, title, role and channel come from it unless given.
        draft = service.draft_from_template(args.template, **given)
    else:
        missing = [f"--{f.name}" for f in POST_SHAPE if f.required and f.name not in given]
        if missing:
            raise UsageError(
                f"the following arguments are required: {', '.join(missing)} (or --template)"
            )
        draft = PostDraft(**given)
    changes = service.add_post(draft)
    post_id = changes.created()[0]
    ctx.saved = f"saved as post {post_id}"
    ctx.print(str(post_id))
    return 0


def _check_kind_fits_role(args: argparse.Namespace) -> None:
    """`--role leader --kind how-to` contradicts itself: the command line alone is wrong."""
    from lmplanner.core.domain import kinds_for

    if args.role is None or args.kind is None or args.kind.role is args.role:
        return
    allowed = ", ".join(k.value for k in kinds_for(args.role))
    raise UsageError(
        f"--kind {args.kind.value} is a {args.kind.role.value} kind; "
        f"a {args.role.value} post can be: {allowed}"
    )


def cmd_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    patch = {name: getattr(args, name) for name in OPTIONS if getattr(args, name) is not None}
    if not patch:
        raise UsageError("nothing to change: give at least one option such as --title")
    _check_kind_fits_role(args)
    service = ctx.service()
    # A new role without --kind: the service sets the kind aside and restores the other one.
    changes = service.update_post(args.id, patch, expected_version=args.if_version)
    if changes:
        ctx.saved = f"saved the change to post {args.id}"
    ctx.print(f"Updated post {args.id}" if changes else f"Post {args.id} already had those values")
    return 0


def cmd_move(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.services import KEEP

    if args.backlog and (args.date or args.time):
        raise UsageError("--backlog cannot be combined with --date or --time")
    if not args.backlog and args.date is None:
        raise UsageError("give --date YYYY-MM-DD or --backlog")
    service = ctx.service()
    expected = {args.id: args.if_version} if args.if_version is not None else None
    if args.backlog:
        before = service.post(args.id)
        service.move_posts([args.id], to_date=None, expected_versions=expected)
        ctx.saved = f"moved post {args.id} to the backlog"
        after = service.post(args.id)
        changes = []
        if before.time is not None:
            changes.append(f"its time {before.time:%H:%M} was cleared")
        if after.status is not before.status:
            changes.append(f"status {before.status.value} → {after.status.value}")
        detail = f" ({'; '.join(changes)})" if changes else ""
        ctx.print(f"Moved post {args.id} to the backlog{detail}")
    else:
        service.move_posts(
            [args.id], to_date=args.date, time=args.time or KEEP, expected_versions=expected
        )
        ctx.saved = f"moved post {args.id}"
        post = service.post(args.id)
        when = post.date.isoformat() if post.date else ""
        if post.time:
            when += f" {post.time:%H:%M}"
        ctx.print(f"Moved post {args.id} to {when}")
    return 0


def cmd_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    ids = list(dict.fromkeys(args.ids))
    if args.if_version is not None and len(ids) > 1:
        raise UsageError("--if-version goes with one post id, not several")
    expected = {ids[0]: args.if_version} if args.if_version is not None else None
    # All of them or, if one is missing (or not at the expected version), none.
    ctx.service().delete_posts(ids, expected_versions=expected)
    listed = ", ".join(map(str, ids))
    noun = "post" if len(ids) == 1 else "posts"
    ctx.saved = f"deleted {noun} {listed}"
    ctx.print(f"Deleted {noun} {listed} (moved to the trash)")
    return 0


def cmd_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.services import PostFilter

    period = period_from_args(args, default_month=False)
    service = ctx.service(writes=False)
    flt = PostFilter(pillars=tuple(args.pillar or ()))
    check_names(service, flt)
    if period is None:
        posts = service.posts(flt=flt)
    else:
        posts = service.posts(start=period.start, end=period.end, flt=flt)
    if args.json:
        # Counted for the whole plan at once: a list of every id could pass SQL's limits.
        open_counts = service.open_comment_counts() if posts else {}
        ctx.print_json(
            [{**post_to_json(p), "comments_open": open_counts.get(p.id, 0)} for p in posts]
        )
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
    period = period_from_args(args, default_month=True)
    assert period is not None
    flt = meter_filter(args)
    service = ctx.service(writes=False)
    check_names(service, flt)
    report = service.balance(period, flt)
    if args.json:
        # What the period's posts achieved goes with how they were balanced.
        ctx.print_json({**report.to_dict(), "results": service.results(period, flt).to_dict()})
    else:
        ctx.print(format_balance(report))
    return 0


def meter_filter(args: argparse.Namespace) -> Any:
    """The --channel, --author, --campaign and --pillar options as the meter's PostFilter."""
    from lmplanner.core.services import PostFilter

    return PostFilter(
        channels=tuple(args.channel or ()),
        authors=tuple(args.author or ()),
        campaigns=tuple(args.campaign or ()),
        pillars=tuple(args.pillar or ()),
    )


def add_meter_filter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--channel", action="append", metavar="NAME", help="only this channel")
    parser.add_argument("--author", action="append", metavar="NAME", help="only this author")
    parser.add_argument("--campaign", action="append", metavar="NAME", help="only this campaign")
    _pillar_filter_option(parser)


def check_names(service: Any, flt: Any) -> None:
    """A filter naming a channel, author or campaign the plan does not have is a typo, not an
    empty period: say so instead of reporting "nothing planned"."""
    from lmplanner.core.domain import name_key
    from lmplanner.core.errors import NotFoundError

    for what, wanted, known in (
        ("channel", flt.channels, service.channels()),
        ("author", flt.authors, service.people()),
        ("campaign", flt.campaigns, service.campaigns()),
        ("pillar", tuple(name for name in flt.pillars if name.strip()), service.pillars()),
    ):
        keys = {name_key(item.name) for item in known}
        for name in wanted:
            if name_key(name) not in keys:
                choices = ", ".join(item.name for item in known) or "none yet"
                raise NotFoundError(
                    f"There is no {what} {name!r} in this plan ({what}s: {choices})."
                )


def format_balance(report: BalanceReport) -> str:
    from lmplanner.core.balance import count_of, percent, percent_band

    s = report.settings
    band = percent_band(s.band_low, s.band_high)
    lines = [f"Balance for {report.period.label()}"]
    if report.filters:
        lines.append("Filtered by " + "; ".join(f"{k}: {v}" for k, v in report.filters))
    if report.total == 0:
        lines.append("Nothing planned in this period.")
    else:
        share = report.leader_share or 0.0
        lines.append(
            f"Leader share: {percent(share)} ({report.leader} leader, {report.manager} manager "
            f"of {count_of(report.total, 'post')}); target {band}"
        )
        sample = (
            "" if report.enough_data else f" (fewer than {s.min_posts} posts: too few to judge)"
        )
        # The score is the leader share against the band only; the flags are judged apart.
        score = (
            f"balance score {report.score}/100 (leader share against the band)"
            if report.score is not None
            else "no balance score yet"
        )
        lines.append(f"Verdict: {report.verdict_text()}; {score}{sample}")
    lines.append(f"Backlog: {count_of(report.backlog, 'idea')}")
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
    from lmplanner.core.balance import Period, count_of
    from lmplanner.core.demo import create_demo, has_sample_month
    from lmplanner.core.errors import PlannerError

    today = dt.date.today()
    period = args.month
    year, month = (period.start.year, period.start.month) if period else (today.year, today.month)
    label = Period.month(year, month).label()
    service = ctx.service()
    again = has_sample_month(service, year, month)
    if again and not args.again:
        raise PlannerError(
            f"the plan already has the sample month for {label} (use --again to add a second one)"
        )
    changes = create_demo(service, year, month)
    created = changes.created()
    ctx.saved = f"saved the sample month for {label}"
    backlog = sum(1 for pid in created if service.post(pid).date is None)
    what = "a second sample month" if again else "a sample month"
    ctx.print(
        f"Added {what} for {label}: {count_of(len(created) - backlog, 'post')} and "
        f"{count_of(backlog, 'backlog idea')} to {ctx.location}"
    )
    return 0


def _breakdown_line(row: Any) -> str:
    from lmplanner.core.balance import percent

    noun = "post " if row.total == 1 else "posts"
    return (
        f"  {row.label:<22} {row.total:>3} {noun}  {row.leader:>2} leader  "
        f"{row.manager:>2} manager  {percent(row.leader_share):>5}"
    )


def _if_version_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--if-version",
        type=post_version,
        metavar="N",
        help="only if the post is still at version N ('list --json' shows it); a safe retry",
    )


def _pillar_filter_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pillar", action="append", metavar="NAME", help='only this pillar ("": posts without one)'
    )


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("add", parents=[common], help="add a post; prints its id")
    post_fields_options(p, required=False)
    p.add_argument(
        "--template",
        metavar="NAME",
        help="start from this template (`template list`); --title, --role, --channel optional",
    )
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("edit", parents=[common], help="change fields of a post")
    p.add_argument("id", type=positive_id)
    post_fields_options(p, required=False)
    _if_version_option(p)
    p.set_defaults(handler=cmd_edit)

    p = sub.add_parser("move", parents=[common], help="move a post to a day or to the backlog")
    p.add_argument("id", type=positive_id)
    p.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD")
    p.add_argument("--time", type=parse_time, metavar="HH:MM", help="new time (default: keep)")
    p.add_argument("--backlog", action="store_true", help="unschedule: back to the ideas")
    _if_version_option(p)
    p.set_defaults(handler=cmd_move)

    p = sub.add_parser("delete", parents=[common], help="move posts to the trash")
    p.add_argument("ids", nargs="+", type=positive_id, metavar="ID")
    _if_version_option(p)
    p.set_defaults(handler=cmd_delete)

    p = sub.add_parser("list", parents=[common], help="list posts (all, a month or a range)")
    add_period_options(p)
    p.add_argument("--json", action="store_true", help="one JSON array")
    _pillar_filter_option(p)
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("balance", parents=[common], help="leader/manager balance and flags")
    add_period_options(p)
    add_meter_filter_options(p)
    p.add_argument("--json", action="store_true", help="one JSON object (with its results)")
    p.set_defaults(handler=cmd_balance)

    p = sub.add_parser("demo", parents=[common], help="add a realistic sample month")
    p.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="default: this month")
    p.add_argument(
        "--again", action="store_true", help="add it even if the plan already has that month's"
    )
    p.set_defaults(handler=cmd_demo)
