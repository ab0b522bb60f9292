"""The sign-off lines under the report's title: who approved the period, when, their note, and —
when posts of the period changed since — how many and which (in the warning colour)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Spacer

from lmplanner.core.balance import count_of
from lmplanner.core.report import text as txt
from lmplanner.core.report.paragraph import Paragraph
from lmplanner.core.report.styles import BAND, WARN

if TYPE_CHECKING:
    from lmplanner.core.history import Signoff
    from lmplanner.core.report.fonts import FontSet
    from lmplanner.core.report.styles import Styles

#: Changed posts named in the block; the rest are counted.
NAMED_CHANGES = 6


@dataclass(frozen=True, slots=True)
class SignoffNote:
    """A sign-off overlapping the report's period, with the titles of posts changed since."""

    signoff: Signoff
    changed_titles: tuple[str, ...] = ()


def signoff_lines(notes: Sequence[SignoffNote], styles: Styles, fonts: FontSet) -> list[Flowable]:
    """A line per sign-off (none: the heading's meta line says "not signed off")."""
    story: list[Flowable] = []
    for note in notes:
        story.append(Spacer(1, 4))
        story.append(Paragraph(approval_text(note.signoff, fonts), styles.small))
        if note.signoff.changed:
            story.append(Paragraph(changes_text(note, fonts), styles.small))
    return story


def approval_text(item: Signoff, fonts: FontSet) -> str:
    from lmplanner.core.services.history import period_text

    when = item.at.astimezone()
    text = (
        f'<font color="{BAND}">✔</font> <b>{txt.markup(period_text(item.start, item.end), fonts)}'
        f" approved by {txt.markup(item.by, fonts)}</b>, {when.day} {when:%b %Y}"
    )
    if item.note:
        text += f": {txt.markup(item.note, fonts)}"
    return text


def changes_text(note: SignoffNote, fonts: FontSet) -> str:
    item = note.signoff
    titles = ", ".join(f"“{txt.markup(t, fonts)}”" for t in note.changed_titles[:NAMED_CHANGES])
    more = len(item.changed) - min(len(note.changed_titles), NAMED_CHANGES)
    if more > 0:
        titles += f" and {count_of(more, 'more')}" if titles else count_of(more, "post")
    count = count_of(len(item.changed), "post")
    return f'<font color="{WARN}"><b>Changed since sign-off: {count}</b></font> — {titles}'
