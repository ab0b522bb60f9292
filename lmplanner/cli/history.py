"""CLI commands on what happened to a plan: its change history and reviewers' sign-offs."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import (
    CommandContext,
    UsageError,
    add_period_options,
    parse_date,
    period_from_args,
    positive_id,
)

if TYPE_CHECKING:
    from lmplanner.core.history import FieldChange, HistoryEntry, Signoff

#: Field changes shown per entry in text output (JSON has them all).
SHOWN_CHANGES = 8


def shown_value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:59] + "…"


def change_line(change: FieldChange) -> str:
    from lmplanner.core.history import COMMENT, COMMENT_RESOLVED, CREATED, REMOVED, TRASH

    who = f"post {change.post_id}" if change.post_id is not None else "plan"
    if change.field == COMMENT and change.post_id is not None:
        verb = "added" if change.before is None else "deleted"
        return f"{who} comment {verb}: {shown_value(change.after or change.before)}"
    if change.field == COMMENT_RESOLVED:
        return f"{who} comment {'resolved' if change.after else 'reopened'}"
    if change.field == CREATED:
        return f"{who} created: {shown_value(change.after)}"
    if change.field == REMOVED:
        return f"{who} removed: {shown_value(change.before)}"
    if change.field == TRASH:
        return f"{who} {'moved to the trash' if change.after else 'restored from the trash'}"
    field = change.field.replace("signoff", "sign-off")
    if change.post_id is None and (change.before is None or change.after is None):
        verb = "added" if change.before is None else "deleted"
        return f"{field} {verb}: {shown_value(change.after or change.before)}"
    before, after = shown_value(change.before), shown_value(change.after)
    if change.post_id is None:
        table, _, column = field.partition(".")
        what = f"setting {column}" if table == "plan" else f"{table} {column}"
        return f"{what}: {before} → {after}"
    return f"{who} {field}: {before} → {after}"


def entry_lines(entry: HistoryEntry) -> list[str]:
    from lmplanner.core.balance.words import count_of

    when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M")
    lines = [f"{when}  {entry.by}  {entry.title}"]
    lines += [f"    {change_line(c)}" for c in entry.changes[:SHOWN_CHANGES]]
    more = len(entry.changes) - SHOWN_CHANGES
    if more > 0:
        lines.append(f"    … and {count_of(more, 'more change')}")
    return lines


def cmd_history(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.service(writes=False)
    entries = service.history(args.id, by=args.by, since=args.since)
    if args.id is not None and not entries:
        service.post(args.id, include_deleted=True)  # NotFoundError for a post never there
    if args.limit is not None:
        entries = entries[: args.limit]
    if args.json:
        ctx.print_json([entry.as_json() for entry in entries])
        return 0
    if not entries:
        ctx.print("No changes recorded" + (f" for post {args.id}." if args.id else "."))
        return 0
    for entry in entries:
        for line in entry_lines(entry):
            ctx.print(line)
    return 0


def signoff_line(item: Signoff) -> str:
    from lmplanner.core.balance.words import count_of
    from lmplanner.core.services.history import period_text

    when = item.at.astimezone()
    line = f"{period_text(item.start, item.end)} approved by {item.by}, {when.day} {when:%b %Y}"
    if item.note:
        line += f": {item.note}"
    if item.changed:
        ids = ", ".join(str(i) for i in item.changed[:20])
        more = "…" if len(item.changed) > 20 else ""
        changed = count_of(len(item.changed), "post")
        line += f" — changed since sign-off: {changed} ({ids}{more})"
    return line


def cmd_signoff(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.errors import ValidationError

    period = period_from_args(args, default_month=False)
    if period is None:
        raise UsageError("say which period: --month YYYY-MM or --from … --to …")
    service = ctx.service()
    try:
        changes = service.sign_off(period.start, period.end, args.note or "")
    except ValidationError as exc:
        if exc.field == "note":
            raise UsageError(str(exc).rstrip(".")) from None
        raise
    signoff = service.signoff(changes.changes[0].key)
    ctx.saved = "saved the sign-off"
    ctx.print(signoff_line(signoff))
    return 0


def cmd_signoffs(args: argparse.Namespace, ctx: CommandContext) -> int:
    signoffs = ctx.service(writes=False).signoffs()
    if args.json:
        ctx.print_json([item.as_json() for item in signoffs])
        return 0
    if not signoffs:
        ctx.print("No sign-offs yet (a reviewer signs off with: signoff --month YYYY-MM).")
        return 0
    for item in signoffs:
        ctx.print(signoff_line(item))
    return 0


def limit_count(text: str) -> int:
    return positive_id(text)


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("history", parents=[common], help="who changed what and when (newest first)")
    p.add_argument("id", nargs="?", type=positive_id, metavar="ID", help="one post's history")
    p.add_argument("--by", metavar="NAME", help="only changes by this person")
    p.add_argument("--since", type=parse_date, metavar="YYYY-MM-DD", help="from this day on")
    p.add_argument("--limit", type=limit_count, metavar="N", help="only the N newest entries")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.set_defaults(handler=cmd_history)

    p = sub.add_parser("signoff", parents=[common], help="sign off the plan for a period")
    add_period_options(p)
    p.add_argument("--note", metavar="TEXT", help="a note for the meeting")
    p.set_defaults(handler=cmd_signoff)

    p = sub.add_parser("signoffs", parents=[common], help="list sign-offs")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.set_defaults(handler=cmd_signoffs)
