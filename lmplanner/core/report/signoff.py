"""The sign-off block on the report's summary page: who approved the period, when, their note,
and — when posts of the period changed since — how many and which."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from lmplanner.core.balance import count_of
from lmplanner.core.report import text as txt
from lmplanner.core.report.styles import BAND, MUTED, PANEL, WARN, color

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


def signoff_block(
    notes: Sequence[SignoffNote], styles: Styles, fonts: FontSet, width: float
) -> list[Flowable]:
    if not notes:
        text = "Sign-off: not signed off yet for this period."
        return [Paragraph(text, styles.note), Spacer(1, 10)]
    story: list[Flowable] = []
    for note in notes:
        story += [signoff_box(note, styles, fonts, width), Spacer(1, 8)]
    return story


def signoff_box(note: SignoffNote, styles: Styles, fonts: FontSet, width: float) -> Flowable:
    from lmplanner.core.services.history import period_text

    item = note.signoff
    when = item.at.astimezone()
    line = (
        f"<b>{txt.markup(period_text(item.start, item.end), fonts)} approved by "
        f"{txt.markup(item.by, fonts)}</b>, {when.day} {when:%b %Y}"
    )
    if item.note:
        line += f": {txt.markup(item.note, fonts)}"
    rows: list[Flowable] = [Paragraph(line, styles.body)]
    if item.changed:
        titles = ", ".join(f"“{txt.markup(t, fonts)}”" for t in note.changed_titles[:NAMED_CHANGES])
        more = len(item.changed) - min(len(note.changed_titles), NAMED_CHANGES)
        if more > 0:
            titles += f" and {count_of(more, 'more')}" if titles else count_of(more, "post")
        rows.append(
            Paragraph(
                f"<b>Changed since sign-off: {count_of(len(item.changed), 'post')}</b> — {titles}",
                styles.body,
            )
        )
    box = Table([[rows]], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("LINEBEFORE", (0, 0), (0, -1), 4, color(WARN if item.changed else BAND)),
                ("BACKGROUND", (0, 0), (-1, -1), color(PANEL)),
                ("TEXTCOLOR", (0, 0), (-1, -1), color(MUTED)),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return box
