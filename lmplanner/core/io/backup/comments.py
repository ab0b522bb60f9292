"""The comment threads in a JSON backup: each post's `comments`, written and read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lmplanner.core.domain import NAME_MAX, CommentRecord
from lmplanner.core.errors import ValidationError
from lmplanner.core.io.records import ImportFileError
from lmplanner.core.post_fields import utc_text

#: The key of a post's comment thread in a backup ("comments" is the post's result count).
THREAD_KEY = "review_comments"


@dataclass(frozen=True, slots=True)
class CommentSpec:
    """A comment as a backup holds it; `created_at` is UTC."""

    author: str
    created_at: dt.datetime
    text: str
    resolved: bool = False


def comments_json(thread: Sequence[CommentRecord]) -> list[dict[str, Any]]:
    return [
        {
            "author": c.author,
            "created_at": utc_text(c.created_at),
            "text": c.text,
            "resolved": c.resolved,
        }
        for c in thread
    ]


def parse_comments(item: Any, index: int) -> tuple[CommentSpec, ...]:
    """A post's `review_comments` (none when absent: backups written before review have none);
    ImportFileError naming the post and comment on the first problem."""
    raw = item.get(THREAD_KEY) if isinstance(item, dict) else None
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ImportFileError(f'posts[{index}]: "{THREAD_KEY}" is not a list')
    return tuple(
        _comment(comment, f"posts[{index}].{THREAD_KEY}[{n}]") for n, comment in enumerate(raw)
    )


def _comment(comment: Any, where: str) -> CommentSpec:
    from lmplanner.core.services.review import clean_comment

    if not isinstance(comment, dict):
        raise ImportFileError(f"{where}: a comment must be a JSON object")
    author = comment.get("author")
    if not isinstance(author, str) or not author.strip() or len(author) > NAME_MAX:
        raise ImportFileError(f"{where}: the author must be a name of 1–{NAME_MAX} characters")
    text = comment.get("text")
    try:
        cleaned = clean_comment(text if isinstance(text, str) else "")
    except ValidationError as exc:
        raise ImportFileError(f"{where}: {exc}") from None
    resolved = comment.get("resolved", False)
    if not isinstance(resolved, bool):
        raise ImportFileError(f"{where}: resolved must be true or false")
    return CommentSpec(author.strip(), _stamp(comment.get("created_at"), where), cleaned, resolved)


def _stamp(value: Any, where: str) -> dt.datetime:
    try:
        stamp = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except (ValueError, OverflowError):
        stamp = None
    if stamp is None or not 1900 <= stamp.year <= 2999:
        raise ImportFileError(f"{where}: created_at must be a date and time (ISO 8601)")
    aware = stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)
    return aware
