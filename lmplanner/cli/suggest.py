"""`lmplanner suggest`: the role a post's text suggests, with confidence and cues."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lmplanner.cli.common import CommandContext


def cmd_suggest(args: argparse.Namespace, ctx: CommandContext) -> int:
    from lmplanner.core.suggest import suggest_role

    if args.text is not None:
        texts = [args.text]
    else:
        if sys.stdin is None or sys.stdin.isatty():
            ctx.print("Type one post per line; end with Ctrl+D.")
        texts = [line.rstrip("\n") for line in sys.stdin] if sys.stdin else []
    for text in texts:
        if not text.strip():
            continue  # nothing to judge: an empty line says nothing, rather than a guess
        title, _, body = text.partition(" | ")
        suggestion = suggest_role(title, body)
        if args.json:
            import json

            ctx.print(json.dumps(suggestion.to_dict(), ensure_ascii=False))
        else:
            cues = "; ".join(suggestion.cues) or "no clear cue"
            ctx.print(f"{suggestion.role.value}\t{suggestion.confidence:.2f}\t{cues}")
    return 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "suggest",
        parents=[common],
        help="suggest leader or manager for a post's text",
        description="Suggest the role of a post from its text (offline). With no TEXT, read one "
        "post per line from standard input; 'title | body' separates a body from the title.",
    )
    p.add_argument("text", nargs="?", metavar="TEXT", help="the post's title (and body)")
    p.add_argument("--json", action="store_true", help="one JSON object per post")
    p.set_defaults(handler=cmd_suggest)
