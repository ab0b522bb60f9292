"""CLI commands on the plan's strategy: its vision and its content pillars."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import CommandContext, UsageError

if TYPE_CHECKING:
    from lmplanner.core.domain import PillarRecord

_COLOR_FORM = re.compile(r"#[0-9a-fA-F]{6}")


def parse_color(text: str) -> str:
    if not _COLOR_FORM.fullmatch(text.strip()):
        raise argparse.ArgumentTypeError(f"invalid colour {text!r} (use #RRGGBB)")
    return text.strip().lower()


def parse_target(text: str) -> int | None:
    """A pillar's target: a whole percent 0–100 ("40" or "40%"); "" for none."""
    raw = text.strip().rstrip("%").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and int(raw) <= 100):
        raise argparse.ArgumentTypeError(f"invalid target {text!r} (a whole percent from 0 to 100)")
    return int(raw)


def parse_position(text: str) -> int:
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 3 and int(raw) >= 1):
        raise argparse.ArgumentTypeError(f"invalid position {text!r} (a whole number from 1)")
    return int(raw)


def pillar_to_json(pillar: PillarRecord) -> dict[str, Any]:
    return {
        "name": pillar.name,
        "color": pillar.color,
        "target": None if pillar.target is None else round(pillar.target * 100),
        "description": pillar.description,
        "position": pillar.position + 1,
    }


def cmd_vision(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.errors import ValidationError

    if args.set is None:
        vision = ctx.service(writes=False).settings().vision
        ctx.print(vision if vision else "No vision yet (set one with: vision --set TEXT).")
        return 0
    try:
        changes = ctx.service().update_settings(vision=args.set.strip())
    except ValidationError as exc:
        raise UsageError(str(exc).rstrip(".")) from None
    if changes:
        ctx.saved = "saved the vision"
    ctx.print("Vision cleared." if not args.set.strip() else "Vision saved.")
    return 0


def out_of_range(exc: Exception) -> UsageError:
    """A value from the command line past its limit is the command line's fault (exit 2)."""
    return UsageError(str(exc).rstrip("."))


def cmd_pillar_add(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.errors import ValidationError

    service = ctx.service()
    try:
        service.add_pillar(
            args.name, color=args.color, target=args.target, description=args.description or ""
        )
    except ValidationError as exc:
        if "limit is" in str(exc):
            raise out_of_range(exc) from None
        raise
    ctx.saved = f"added the pillar {args.name!r}"
    ctx.print(f"Added pillar “{service.pillar_by_name(args.name).name}”")
    return 0


def cmd_pillar_list(args: argparse.Namespace, ctx: CommandContext) -> int:
    pillars = ctx.service(writes=False).pillars()
    if args.json:
        ctx.print_json([pillar_to_json(p) for p in pillars])
        return 0
    if not pillars:
        ctx.print("No pillars yet (add one with: pillar add NAME).")
        return 0
    width = max(len(p.name) for p in pillars)
    for number, pillar in enumerate(pillars, 1):
        target = "—" if pillar.target is None else f"{round(pillar.target * 100)} %"
        line = f"{number:>2}. {pillar.name:<{width}}  {pillar.color}  target {target:>5}"
        ctx.print(f"{line}  {pillar.description}".rstrip())
    return 0


def cmd_pillar_edit(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.services import KEEP

    options = ("name", "color", "target", "description", "position")
    given = {key: getattr(args, f"new_{key}") for key in options}
    if all(value is KEEP for value in given.values()):
        raise UsageError("nothing to change: give at least one option such as --color")
    from lmplanner.core.errors import ValidationError

    service = ctx.service()
    pillar = service.pillar_by_name(args.name)
    try:
        changes = service.update_pillar(pillar.id, **given)
    except ValidationError as exc:
        if "limit is" in str(exc):
            raise out_of_range(exc) from None
        raise
    if changes:
        ctx.saved = f"saved the change to the pillar {pillar.name!r}"
    ctx.print(
        f"Updated pillar “{pillar.name}”" if changes else "The pillar already had those values"
    )
    return 0


def cmd_pillar_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    service = ctx.service()
    pillar = service.pillar_by_name(args.name)
    changes = service.delete_pillar(pillar.id)
    ctx.saved = f"deleted the pillar {pillar.name!r}"
    cleared = len(changes.post_ids)
    detail = f" (cleared from {cleared} post{'s' if cleared != 1 else ''})" if cleared else ""
    ctx.print(f"Deleted pillar “{pillar.name}”{detail}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    from lmplanner.core.services import KEEP

    p = sub.add_parser("vision", parents=[common], help="show or set the plan's vision")
    p.add_argument("--set", metavar="TEXT", help='the vision in a sentence or two ("" clears it)')
    p.set_defaults(handler=cmd_vision)

    p = sub.add_parser("pillar", parents=[common], help="the content pillars of the vision")
    pillars = p.add_subparsers(dest="pillar_command", metavar="COMMAND", required=True)
    q = pillars.add_parser("add", parents=[common], help="add a pillar")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--color", type=parse_color, metavar="#RRGGBB")
    q.add_argument("--target", type=parse_target, metavar="PCT", help="share of dated posts")
    q.add_argument("--description", metavar="TEXT")
    q.set_defaults(handler=cmd_pillar_add)

    q = pillars.add_parser("list", parents=[common], help="list the pillars")
    q.add_argument("--json", action="store_true", help="one JSON array")
    q.set_defaults(handler=cmd_pillar_list)

    q = pillars.add_parser("edit", parents=[common], help="change a pillar")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--name", dest="new_name", default=KEEP, metavar="NEW")
    q.add_argument("--color", dest="new_color", type=parse_color, default=KEEP, metavar="#RRGGBB")
    q.add_argument(
        "--target",
        dest="new_target",
        type=parse_target,
        default=KEEP,
        metavar="PCT",
        help='a whole percent ("" for none)',
    )
    q.add_argument("--description", dest="new_description", default=KEEP, metavar="TEXT")
    q.add_argument(
        "--position", dest="new_position", type=parse_position, default=KEEP, metavar="N"
    )
    q.set_defaults(handler=cmd_pillar_edit)

    q = pillars.add_parser(
        "delete", parents=[common], help="delete a pillar (its posts keep theirs)"
    )
    q.add_argument("name", metavar="NAME")
    q.set_defaults(handler=cmd_pillar_delete)
