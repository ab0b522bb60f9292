"""CLI commands of review: review, approve, request-changes, and a post's comment thread."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from lmplanner.cli.common import CommandContext, positive_id, positive_int

if TYPE_CHECKING:
    from lmplanner.core.domain import CommentRecord


def comment_text(text: str) -> str:
    """A comment or note from the command line: some text, within the limit (else exit 2)."""
    from lmplanner.core.domain import COMMENT_MAX

    if not text.strip():
        raise argparse.ArgumentTypeError("the text is empty")
    if len(text) > COMMENT_MAX:
        raise argparse.ArgumentTypeError(
            f"the text is {len(text):,} characters long; the limit is {COMMENT_MAX:,}"
        )
    return text


def comment_id(text: str) -> int:
    return positive_int("comment id", text)


def _posts(ids: list[int]) -> str:
    listed = ", ".join(map(str, ids))
    return f"post {listed}" if len(ids) == 1 else f"posts {listed}"


def cmd_review(args: argparse.Namespace, ctx: CommandContext) -> int:
    ids = list(dict.fromkeys(args.ids))
    ctx.service().submit_for_review(ids)
    ctx.saved = f"sent {_posts(ids)} to review"
    ctx.print(f"Sent {_posts(ids)} to review")
    return 0


def cmd_approve(args: argparse.Namespace, ctx: CommandContext) -> int:
    ids = list(dict.fromkeys(args.ids))
    ctx.service().approve(ids, note=args.note)
    ctx.saved = f"approved {_posts(ids)}"
    ctx.print(f"Approved {_posts(ids)}")
    return 0


def cmd_request_changes(args: argparse.Namespace, ctx: CommandContext) -> int:
    ids = list(dict.fromkeys(args.ids))
    ctx.service().request_changes(ids, args.note)
    ctx.saved = f"requested changes to {_posts(ids)}"
    ctx.print(f"Requested changes to {_posts(ids)}")
    return 0


def cmd_comment(args: argparse.Namespace, ctx: CommandContext) -> int:
    changes = ctx.service().add_comment(args.id, args.text)
    new_id = changes.created("comment")[0]
    ctx.saved = f"saved as comment {new_id}"
    ctx.print(str(new_id))
    return 0


def comment_to_json(comment: CommentRecord) -> dict[str, Any]:
    from lmplanner.core.post_fields import utc_text

    return {
        "id": comment.id,
        "author": comment.author,
        "created_at": utc_text(comment.created_at),
        "text": comment.text,
        "resolved": comment.resolved,
    }


def cmd_comments(args: argparse.Namespace, ctx: CommandContext) -> int:
    thread = ctx.service(writes=False).comments(args.id)
    if args.json:
        ctx.print_json([comment_to_json(c) for c in thread])
        return 0
    if not thread:
        ctx.print(f"Post {args.id} has no comments.")
        return 0
    for comment in thread:
        when = comment.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        state = "resolved" if comment.resolved else "open"
        ctx.print(f"#{comment.id}  {comment.author}  {when}  ({state})")
        for line in comment.text.split("\n"):
            ctx.print(f"    {line}")
    return 0


def cmd_comment_resolve(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.service().resolve_comment(args.cid)
    ctx.saved = f"resolved comment {args.cid}"
    ctx.print(f"Resolved comment {args.cid}")
    return 0


def cmd_comment_reopen(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.service().reopen_comment(args.cid)
    ctx.saved = f"reopened comment {args.cid}"
    ctx.print(f"Reopened comment {args.cid}")
    return 0


def cmd_comment_delete(args: argparse.Namespace, ctx: CommandContext) -> int:
    ctx.service().delete_comment(args.cid)
    ctx.saved = f"deleted comment {args.cid}"
    ctx.print(f"Deleted comment {args.cid}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "review", parents=[common], help="send draft or changes-requested posts to review"
    )
    p.add_argument("ids", nargs="+", type=positive_id, metavar="ID")
    p.set_defaults(handler=cmd_review)

    p = sub.add_parser(
        "approve",
        parents=[common],
        help="approve in-review (or draft) posts; on a team plan only reviewers may",
    )
    p.add_argument("ids", nargs="+", type=positive_id, metavar="ID")
    p.add_argument("--note", metavar="TEXT", help="a note for the team, kept as a comment")
    p.set_defaults(handler=cmd_approve)

    p = sub.add_parser(
        "request-changes",
        parents=[common],
        help="send in-review, draft or approved posts back for changes",
    )
    p.add_argument("ids", nargs="+", type=positive_id, metavar="ID")
    p.add_argument(
        "--note",
        metavar="TEXT",
        required=True,
        type=comment_text,
        help="what to change (added as a comment)",
    )
    p.set_defaults(handler=cmd_request_changes)

    p = sub.add_parser("comment", parents=[common], help="comment on a post; prints its id")
    p.add_argument("id", type=positive_id, metavar="ID")
    p.add_argument(
        "text", metavar="TEXT", type=comment_text, help="plain text, up to 5000 characters"
    )
    p.set_defaults(handler=cmd_comment)

    p = sub.add_parser("comments", parents=[common], help="show a post's comments")
    p.add_argument("id", type=positive_id, metavar="ID")
    p.add_argument("--json", action="store_true", help="one JSON array")
    p.set_defaults(handler=cmd_comments)

    for name, handler, what in (
        ("comment-resolve", cmd_comment_resolve, "mark a comment resolved"),
        ("comment-reopen", cmd_comment_reopen, "open a resolved comment again"),
        ("comment-delete", cmd_comment_delete, "delete one of your own comments"),
    ):
        p = sub.add_parser(name, parents=[common], help=what)
        p.add_argument("cid", type=comment_id, metavar="CID")
        p.set_defaults(handler=handler)
