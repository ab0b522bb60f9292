"""`lmplanner template` (posts to start others from) and `lmplanner holidays` (the plan's
public holidays)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import CommandContext, parse_month, positive_id

if TYPE_CHECKING:
    from lmplanner.core.domain import TemplateRecord


def template_json(template: TemplateRecord) -> dict[str, Any]:
    return {
        "name": template.name,
        "title": template.title,
        "role": template.role.value,
        "kind": template.kind.value if template.kind else None,
        "channel": template.channel,
        "builtin": template.builtin,
    }


def cmd_template_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.service()
    changes = service.add_template(args.name, service.post(args.post_id))
    name = changes.changes[0].after["name"] if changes.changes[0].after else args.name
    ctx.saved = f"saved the template “{name}”"
    ctx.print(f"Saved post {args.post_id} as the template “{name}”")
    return 0


def cmd_template_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    templates = ctx.service(writes=False).templates()
    if args.json:
        ctx.print_json([template_json(t) for t in templates])
        return 0
    width = max(len(t.name) for t in templates)
    for t in templates:
        origin = "built-in" if t.builtin else "own"
        ctx.print(f"{t.name:<{width}}  {t.role.value:<7}  {origin:<8}  {t.title}")
    return 0


def cmd_template_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    changes = ctx.service().delete_template(args.name)
    ctx.saved = "saved the deletion of the template"
    ctx.print(changes.label.replace("Delete template", "Deleted the template", 1))
    return 0


def cmd_holidays(args: argparse.Namespace, ctx: CommandContext) -> int:
    import datetime as dt

    from lmplanner.core.balance import Period
    from lmplanner.core.public_holidays import holidays_between

    settings = ctx.service(writes=False).settings()
    if args.month is not None:
        period = args.month
    else:
        today = dt.date.today()
        period = Period(dt.date(today.year, 1, 1), dt.date(today.year, 12, 31))
    found = holidays_between(settings.country, settings.region, period.start, period.end)
    if args.json:
        ctx.print_json([{"date": h.date.isoformat(), "name": h.name} for h in found])
        return 0
    if not settings.country:
        ctx.print("The plan names no country: set one with `settings --country CODE`.")
    for holiday in found:
        ctx.print(f"{holiday.date.isoformat()}  {holiday.name}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("template", parents=[common], help="templates to start posts from")
    templates = p.add_subparsers(dest="template_command", metavar="COMMAND", required=True)
    q = templates.add_parser("add", parents=[common], help="save a post as a template")
    q.add_argument("--from", dest="post_id", type=positive_id, required=True, metavar="POST_ID")
    q.add_argument("--name", required=True, metavar="NAME")
    q.set_defaults(handler=cmd_template_add)
    q = templates.add_parser("list", parents=[common], help="list templates (built-ins first)")
    q.add_argument("--json", action="store_true", help="one JSON array")
    q.set_defaults(handler=cmd_template_list)
    q = templates.add_parser("delete", parents=[common], help="delete one of the plan's templates")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(handler=cmd_template_delete)

    p = sub.add_parser(
        "holidays",
        parents=[common],
        help="list the public holidays of the plan's country and region",
        description="The public holidays of the country and region set with `settings "
        "--country CODE --region CODE` (offline, from the holidays package); none without a "
        "country. Default: this year.",
    )
    p.add_argument("--month", type=parse_month, metavar="YYYY-MM", help="only this month")
    p.add_argument("--json", action="store_true", help="one JSON array of {date, name}")
    p.set_defaults(handler=cmd_holidays)
