"""A post's words as the views show them: status names, times, short channel labels, tooltips.

Shared by the calendar's chips, the agenda and backlog tables, the filter bar and the post menus.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication

from lmplanner.core.domain import PostRecord, Role, Status
from lmplanner.ui import theme
from lmplanner.ui.dates import day_text

REPEAT_MARK = "\u21bb"  # ↻ at a chip's right end: the post is one of a recurring series

# Well-known channels get the abbreviations their users already read; others are derived.
_SHORT_CHANNELS = {
    "linkedin": "LI",
    "x": "X",
    "twitter": "X",
    "facebook": "FB",
    "instagram": "IG",
    "newsletter": "NL",
    "youtube": "YT",
    "tiktok": "TT",
    "threads": "Thr",
    "bluesky": "Bsky",
    "mastodon": "Mast",
    "pinterest": "Pin",
    "email": "Mail",
    "podcast": "Pod",
}


def _tr(text: str, disambiguation: str | None = None) -> str:
    return QCoreApplication.translate("PostChip", text, disambiguation)


def short_channel(name: str) -> str:
    """A channel's label for tight spaces: "IG" for Instagram, "Blog" for Blog."""
    key = " ".join(name.split()).casefold()
    if key in _SHORT_CHANNELS:
        return _SHORT_CHANNELS[key]
    stripped = name.strip()
    if len(stripped) <= 4:
        return stripped
    words = stripped.split()
    if len(words) > 1:
        return "".join(w[0] for w in words[:3]).upper()
    return stripped[:4]


def format_time(value: dt.time | None) -> str:
    """Wall-clock time as the calendar shows it: 24-hour "09:30"; empty when untimed."""
    return "" if value is None else f"{value.hour:02d}:{value.minute:02d}"


def status_name(status: Status) -> str:
    names = {
        Status.IDEA: _tr("Idea"),
        Status.DRAFT: _tr("Draft"),
        Status.IN_REVIEW: _tr("In review"),
        Status.CHANGES_REQUESTED: _tr("Changes requested"),
        Status.APPROVED: _tr("Approved"),
        Status.SCHEDULED: _tr("Scheduled"),
        Status.PUBLISHED: _tr("Published"),
    }
    return names[Status(status)]


def chip_tooltip(post: PostRecord) -> str:
    """Rich-text tooltip with everything the chip has no room for; user text is escaped."""
    import html  # here: its entity table (a third of a MiB) waits for the first tooltip

    role = Role(post.role)
    rows: list[tuple[str, str]] = [
        (_tr("Role"), f"{theme.role_symbol(role)} {theme.role_name(role)}"),
    ]
    if post.kind is not None:
        rows.append((_tr("Kind"), str(post.kind.value).replace("-", " ").capitalize()))
    rows.append((_tr("Channel"), post.channel))
    when = day_text(post.date) if post.date else _tr("Backlog")
    if post.time is not None:
        when = f"{when} {format_time(post.time)}"
    rows.append((_tr("When"), when))
    rows.append((_tr("Status"), status_name(post.status)))
    if post.series is not None:
        rows.append((_tr("Repeats"), _tr("{mark} part of a series").format(mark=REPEAT_MARK)))
    if post.author:
        rows.append((_tr("Author"), post.author))
    if post.campaign:
        rows.append((_tr("Campaign"), post.campaign))
    if post.pillar:
        rows.append((_tr("Pillar"), post.pillar))
    body = "".join(
        f"<tr><td style='padding-right:8px'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return (
        f"<p style='white-space:pre-wrap'><b>{html.escape(post.title)}</b></p><table>{body}</table>"
    )
