"""CLI commands that keep data safe: backups, restore, trash, undelete."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lmplanner.cli.common import CommandContext, UsageError, positive_id


def unopenable_plan(ctx: CommandContext, *, writes: bool) -> tuple[Path, str] | None:
    """None when the plan opens; for a plan FILE refused as damaged, its path and identity
    (from its header, else its raw bytes where a backups folder of it exists), so its backups
    can still be listed and restored. Anything else (a file not ours, a newer plan, a team
    plan) keeps its refusal."""
    from lmplanner.core.errors import DamagedPlanError, NotAPlanError
    from lmplanner.core.store.recovery import plan_uuid_for

    try:
        ctx.service(writes=writes)
    except (DamagedPlanError, NotAPlanError):
        path = ctx.plan_file()
        uuid = plan_uuid_for(path) if path is not None and path.is_file() else None
        if path is None or uuid is None:
            raise
        return path, uuid
    return None


def cmd_backups(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.store.backups import list_backups

    damaged = unopenable_plan(ctx, writes=False)
    backups = list_backups(damaged[1] if damaged else ctx.service(writes=False).plan.uuid)
    if args.json:
        ctx.print_json(
            [
                {
                    "number": i,
                    "path": str(b.path),
                    "kind": b.kind,
                    "created": b.created,
                    "size": b.size,
                }
                for i, b in enumerate(backups, 1)
            ]
        )
        return 0
    if not backups:
        ctx.print(f"No backups yet of {ctx.location}.")
        return 0
    ctx.print(f"Backups of {ctx.location} (newest first):")
    for number, item in enumerate(backups, 1):
        ctx.print(f"{number:>3}  {item.describe():<40} {item.size / 1024:>8.0f} KB  {item.path}")
    if damaged:
        ctx.print("The plan file is damaged; 'lmplanner restore NUMBER' puts one in its place.")
    return 0


def cmd_restore(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.store.backups import find_backup, restore_backup

    damaged = unopenable_plan(ctx, writes=True)
    if damaged:
        return restore_damaged(args, ctx, *damaged)
    service = ctx.service()
    plan = service.plan
    if plan.path is None:
        raise UsageError("restore works on plan files; use your database's own backups")
    backup = find_backup(plan.uuid, args.backup)
    plan_path: Path = plan.path
    ctx.close()  # no connection of ours may hold the file while it is replaced
    safety = restore_backup(plan_path, backup)
    ctx.saved = f"restored {plan_path} from {backup}"
    ctx.print(f"Restored {plan_path} from {backup}")
    ctx.print(f"The plan as it was before is kept in {safety}")
    return 0


def restore_damaged(
    args: argparse.Namespace, ctx: CommandContext, plan_path: Path, plan_uuid: str
) -> int:
    """Put a backup in place of a plan file that cannot be opened; its bytes are kept aside."""
    from lmplanner.core.store.backups import find_backup
    from lmplanner.core.store.recovery import restore_over_damaged

    backup = find_backup(plan_uuid, args.backup)
    kept = restore_over_damaged(plan_path, backup, plan_uuid)
    ctx.saved = f"restored {plan_path} from {backup}"
    ctx.print(f"Restored {plan_path} from {backup}")
    ctx.print(f"The damaged plan file is kept in {kept}")
    return 0


def cmd_trash(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.cli.posts import format_post_table, post_to_json

    service = ctx.service(writes=False)
    posts = service.posts(trash=True, order="deleted", descending=True)
    if args.json:
        ctx.print_json([{**post_to_json(p), "deleted_at": p.deleted_at} for p in posts])
        return 0
    if not posts:
        ctx.print("The trash is empty.")
        return 0
    days = service.settings().trash_days
    ctx.print(format_post_table(posts))
    ctx.print(f"\nDeleted posts stay here for {days} days; 'lmplanner undelete ID' restores one.")
    return 0


def cmd_undelete(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.service().undelete_posts(args.ids)
    ids = ", ".join(map(str, args.ids))
    noun = "post" if len(args.ids) == 1 else "posts"
    ctx.saved = f"restored {noun} {ids} from the trash"
    ctx.print(f"Restored {noun} {ids} from the trash")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("backups", parents=[common], help="list the plan's backups")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.set_defaults(handler=cmd_backups)

    p = sub.add_parser(
        "restore",
        parents=[common],
        help="restore the plan from a backup (the current state is backed up first)",
    )
    p.add_argument("backup", help="a backup's number from 'lmplanner backups', its name or path")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("trash", parents=[common], help="list deleted posts")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.set_defaults(handler=cmd_trash)

    p = sub.add_parser("undelete", parents=[common], help="restore posts from the trash")
    p.add_argument("ids", nargs="+", type=positive_id, metavar="ID")
    p.set_defaults(handler=cmd_undelete)
