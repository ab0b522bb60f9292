"""Painting one post chip: role tab with its letter, time, channel dot and short name, title.

A chip is painted, not a widget, so a month with hundreds of posts stays one cheap paint pass.
Two shapes: a one-line chip (month cells, the week's all-day strip, crowded week columns) and a
tall chip (week columns: time, channel and role on the first line, the title wrapped over two).
The role is shown three ways at once: the tab's colour, its letter and the chip's tint.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
    QTextLayout,
)

from lmplanner.core.domain import PostRecord, Role, Status
from lmplanner.ui import theme
from lmplanner.ui.views.post_text import REPEAT_MARK, format_time, short_channel

RADIUS = 4.0
TAB_WIDTH = 15.0
PAD = 5.0
DOT = 6.0
TITLE_CHARS = 8  # a one-line chip sheds channel label, then dot to keep this many (time: 3)

# Alignments made once: or-ing two flags runs Python's enum code (three calls) each time, and
# a month switch draws a few hundred texts.
MIDDLE_LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
MIDDLE_RIGHT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
CENTRE = Qt.AlignmentFlag.AlignCenter

#: Statuses drawn with a dashed outline: the post is not settled yet.
UNSETTLED = (Status.IDEA, Status.DRAFT, Status.IN_REVIEW, Status.CHANGES_REQUESTED)


@dataclass(frozen=True, slots=True)
class ChipFonts:
    """The fonts and metrics chips are painted with, derived from the widget's font."""

    title: QFont
    small: QFont
    badge: QFont
    title_metrics: QFontMetricsF
    small_metrics: QFontMetricsF
    badge_metrics: QFontMetricsF
    # Chips laid out with these fonts, by what decides their lines: every refresh and month
    # switch lays out the same few hundred chips again, and measuring text is most of that.
    line_plans: dict[tuple[object, ...], LinePlan] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )
    # Advances by (small font?, text): a layout measures each title thrice. Emptied with them.
    widths: dict[tuple[bool, str], float] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def width(self, text: str, *, small: bool = False) -> float:
        found = self.widths.get((small, text))
        if found is None:
            metrics = self.small_metrics if small else self.title_metrics
            found = self.widths[small, text] = metrics.horizontalAdvance(text)
        return found

    @classmethod
    def from_font(cls, base: QFont) -> ChipFonts:
        title = QFont(base)
        small = scaled_font(base, 0.9)
        badge = scaled_font(base, 0.82)
        badge.setWeight(QFont.Weight.Bold)
        return cls(
            title, small, badge, QFontMetricsF(title), QFontMetricsF(small), QFontMetricsF(badge)
        )

    @property
    def line_height(self) -> float:
        """Height of a one-line chip."""
        return round(self.title_metrics.height() + 6)

    @property
    def tall_height(self) -> float:
        """Height of a tall chip: a meta line and two title lines."""
        return round(self.small_metrics.height() + 2 * self.title_metrics.lineSpacing() + 9)

    @property
    def time_width(self) -> float:
        return self.small_metrics.horizontalAdvance("00:00")


def scaled_font(base: QFont, factor: float) -> QFont:
    """`base` resized by `factor`, whether it is sized in points or pixels."""
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * factor)
    elif base.pixelSize() > 0:
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    return font


@dataclass(frozen=True, slots=True)
class ChipColors:
    """What every chip of one role, selection and channel is painted with, worked out once per
    paint (chip_colors) rather than once per chip: a month switch paints a hundred chips."""

    fill: QColor
    tab: QColor
    on_tab: QColor
    text: QColor
    secondary: QColor
    channel: QColor
    selected: bool
    dot_ring: QColor  # the channel dot's outline
    letter: str  # the role's badge letter (translated)


def chip_colors(
    post: PostRecord, palette: QPalette, channel: QColor, *, selected: bool
) -> ChipColors:
    role = Role(post.role)
    tab = theme.role_color(role, palette)
    channel = theme.readable_channel_color(channel, palette)
    if selected:
        fill = palette.color(QPalette.ColorRole.Highlight)
        text = palette.color(QPalette.ColorRole.HighlightedText)
        secondary = theme.mix(text, fill, 0.25)
    else:
        fill = theme.role_fill(role, palette)
        text = palette.color(QPalette.ColorRole.Text)
        secondary = theme.mix(text, fill, 0.4)
    on_tab = theme.role_on_color(role, palette)
    ring = text if selected else theme.mix(channel, text, 0.35)
    letter = theme.role_letter(role)
    return ChipColors(fill, tab, on_tab, text, secondary, channel, selected, ring, letter)


def _rounded(rect: QRectF, radius: float) -> QPainterPath:
    path = QPainterPath()
    path.addRoundedRect(rect, radius, radius)
    return path


def two_lines(text: str, font: QFont, metrics: QFontMetricsF, width: float) -> list[str]:
    """`text` word-wrapped into at most two lines of `width`, the second elided."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    first = layout.createLine()
    if not first.isValid():
        layout.endLayout()
        return []
    first.setLineWidth(max(1.0, width))
    start, length = first.textStart(), first.textLength()
    layout.endLayout()
    line1 = text[start : start + length].rstrip()
    rest = text[start + length :].strip()
    if not rest:
        return [metrics.elidedText(line1, Qt.TextElideMode.ElideRight, width)]
    return [
        metrics.elidedText(line1, Qt.TextElideMode.ElideRight, width),
        metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width),
    ]


def paint_chip(
    p: QPainter,
    rect: QRectF,
    post: PostRecord,
    palette: QPalette,
    fonts: ChipFonts,
    *,
    channel: QColor,
    selected: bool = False,
    current: bool = False,
    tall: bool = False,
    colors: ChipColors | None = None,
) -> None:
    """Paint `post` into `rect` (logical coordinates); the painter's state is restored after.

    `colors` may be passed in precomputed (see `chip_colors`) when painting many chips.
    """
    if colors is None:
        colors = chip_colors(post, palette, channel, selected=selected)
    p.save()
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        body = _rounded(rect, RADIUS)
        p.fillPath(body, colors.fill)
        # The role tab: the body's left end, clipped to the rounded outline.
        tab = QRectF(rect.left(), rect.top(), min(TAB_WIDTH, rect.width()), rect.height())
        p.save()
        p.setClipPath(body)
        p.fillRect(tab, colors.tab)
        p.restore()
        _paint_letter(p, tab, post, colors, fonts, tall=tall)
        if post.status in UNSETTLED:
            # Not yet scheduled: a dashed outline in the role colour tells drafts from firm posts.
            pen = QPen(colors.tab, 1.0, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawPath(_rounded(rect.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS))
        content = rect.adjusted(TAB_WIDTH + PAD, 0, -PAD + 1, 0)
        if post.series is not None:
            content = _paint_repeat_mark(p, content, colors, fonts)
        if tall:
            _paint_tall(p, content, post, colors, fonts)
        else:
            _paint_line(p, content, post, colors, fonts)
        if current:
            # Keyboard focus: an accent ring just outside the chip, clear of its fill.
            p.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1.25))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(_rounded(rect.adjusted(-2, -2, 2, 2), RADIUS + 2))
    finally:
        p.restore()


def _paint_letter(
    p: QPainter, tab: QRectF, post: PostRecord, colors: ChipColors, fonts: ChipFonts, *, tall: bool
) -> None:
    if tab.width() < 8:
        return
    p.setFont(fonts.badge)
    p.setPen(colors.on_tab)
    if tall:
        box = QRectF(tab.left(), tab.top() + 3, tab.width(), fonts.small_metrics.height())
        p.drawText(box, CENTRE, colors.letter)
    else:
        p.drawText(tab, CENTRE, colors.letter)


def _paint_dot(p: QPainter, x: float, mid_y: float, colors: ChipColors) -> None:
    # A hairline in the text colour keeps the dot visible on any fill; on the selection's
    # fill (often the very blue of a channel) a ring of highlightedText sets it apart.
    p.setPen(QPen(colors.dot_ring, 1.2 if colors.selected else 0.8))
    p.setBrush(colors.channel)
    p.drawEllipse(QPointF(x + DOT / 2, mid_y), DOT / 2, DOT / 2)


def compact_time(value: dt.time | None) -> str:
    """A chip's time in few characters: "9:00", "14:30"; empty when untimed."""
    return "" if value is None else f"{value.hour}:{value.minute:02d}"


@dataclass(frozen=True, slots=True)
class LinePlan:
    """What a one-line or wrapped chip shows: its meta and its title cut into lines."""

    time: str
    dot: bool
    label: str
    title: tuple[str, ...]  # the first line follows the meta; later ones use the full width
    meta_width: float


def max_title_lines(height: float, fonts: ChipFonts) -> int:
    """How many title lines a chip of `height` holds (one more per line spacing)."""
    return 1 + max(0, int((height - fonts.line_height) / fonts.title_metrics.lineSpacing() + 0.01))


def wrapped_height(lines: int, fonts: ChipFonts) -> float:
    return fonts.line_height + (lines - 1) * fonts.title_metrics.lineSpacing()


LINE_PLANS_KEPT = 20_000  # a few months of chips at a few widths; then measured afresh


def plan_line(post: PostRecord, fonts: ChipFonts, width: float, lines: int = 1) -> LinePlan:
    """Time, channel dot and short name, then the title. When the chip is narrow the least useful
    part goes first: the channel's name, then its dot, then the time; a wrapped chip (lines > 1)
    keeps all three as long as a few letters of the title still fit beside them, or as long as
    they fit at all when the title would start on the next line without them too."""
    key = (post.title, post.time, post.channel, width, lines)
    plan = fonts.line_plans.get(key)
    if plan is None:
        if len(fonts.line_plans) >= LINE_PLANS_KEPT:
            fonts.line_plans.clear()
            fonts.widths.clear()
        plan = fonts.line_plans[key] = _measure_line(post, fonts, width, lines)
    return plan


def _measure_line(post: PostRecord, fonts: ChipFonts, width: float, lines: int) -> LinePlan:
    time_text = compact_time(post.time)
    label = short_channel(post.channel)
    chars = TITLE_CHARS if lines == 1 else 3
    title_min = fonts.title_metrics.averageCharWidth() * chars
    options = [
        (time_text, True, label),
        (time_text, True, ""),
        (time_text, False, ""),
        ("", False, ""),
    ]

    def meta_width(option: tuple[str, bool, str]) -> float:
        time_part, dot, name = option
        meta = fonts.width(time_part, small=True) + PAD if time_part else 0.0
        if dot:
            meta += DOT + 3 + (fonts.width(name, small=True) + PAD if name else 3)
        return meta

    chosen = next((o for o in options[:3] if width - meta_width(o) >= title_min), None)
    if chosen is None:  # the time goes last, only when not even a few letters would fit
        few = fonts.title_metrics.averageCharWidth() * 3
        chosen = options[2] if width - meta_width(options[2]) >= few else options[3]
    if lines == 1:
        # A whole title beats the channel's name or dot ("Busy day post 4", not "Busy day p…"),
        # never the time.
        whole = fonts.width(post.title)
        fits = [o for o in options[options.index(chosen) : 3] if width - meta_width(o) >= whole]
        chosen = fits[0] if fits else chosen
    title = _wrap(post.title, fonts, first=width - meta_width(chosen), rest=width, lines=lines)
    if lines > 1:
        # When the title starts on the next line anyway (or wraps the same beside a longer
        # meta), shedding the channel's name or dot bought it no letters: keep them.
        for richer in options[: options.index(chosen)]:
            meta = meta_width(richer)
            if meta <= width and title == _wrap(
                post.title, fonts, first=width - meta, rest=width, lines=lines
            ):
                chosen = richer
                break
    time_part, dot, name = chosen
    return LinePlan(time_part, dot, name, title, meta_width(chosen))


MIDDLE_ELIDE_CHARS = 16  # below this, a one-line title is cut at its end, not in its middle


def _elide_narrow(text: str, fonts: ChipFonts, width: float) -> str:
    """A title where only a few letters fit: its start, and its last word when that is short
    ("Busy d… 2" still differs from "Busy d… 3"); a cut through the middle of two words
    ("Pro…ars") reads as nothing."""
    if fonts.width(text) <= width:
        return text
    metrics = fonts.title_metrics
    head, _, last = text.rpartition(" ")
    if head and len(last) <= 4:
        tail = f" {last}"
        room = width - metrics.horizontalAdvance(tail)
        if room >= fonts.width("M…"):
            return metrics.elidedText(head, Qt.TextElideMode.ElideRight, room) + tail
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)


def _wrap(text: str, fonts: ChipFonts, *, first: float, rest: float, lines: int) -> tuple[str, ...]:
    """`text` word-wrapped into at most `lines` lines, the first `first` wide (beside the meta;
    empty when not even the first word fits there), the last one elided."""
    metrics = fonts.title_metrics
    if lines <= 1 or metrics.horizontalAdvance(text) <= first:
        roomy = first >= metrics.averageCharWidth() * MIDDLE_ELIDE_CHARS
        if lines <= 1 and not roomy:
            return (_elide_narrow(text, fonts, max(1.0, first)),)
        # One line: cut in the middle, so "Busy day post 1" and "… post 2" still differ.
        mode = Qt.TextElideMode.ElideMiddle if lines <= 1 else Qt.TextElideMode.ElideRight
        return (metrics.elidedText(text, mode, max(1.0, first)),)
    words = text.split()
    out: list[str] = []
    current = ""
    while words and len(out) < lines - 1:
        width = first if not out else rest
        candidate = f"{current} {words[0]}" if current else words[0]
        if metrics.horizontalAdvance(candidate) <= width:
            current = candidate
            words.pop(0)
        elif current or not out:
            out.append(current)  # a full line, or an empty first line beside the meta
            current = ""
        else:  # one word wider than a whole line: elided on a line of its own
            out.append(metrics.elidedText(words.pop(0), Qt.TextElideMode.ElideRight, rest))
    tail = " ".join([current, *words]).strip() if current else " ".join(words)
    if tail:
        width = first if not out else rest
        out.append(metrics.elidedText(tail, Qt.TextElideMode.ElideRight, max(1.0, width)))
    return tuple(out)


def title_lines_needed(post: PostRecord, fonts: ChipFonts, width: float, most: int) -> int:
    """How many lines (up to `most`) the chip needs to show its whole title."""
    return len(plan_line(post, fonts, width, most).title) if most > 1 else 1


def _paint_repeat_mark(
    p: QPainter, content: QRectF, colors: ChipColors, fonts: ChipFonts
) -> QRectF:
    """The repeat mark at the top right; returns the room left for the rest."""
    width = fonts.small_metrics.horizontalAdvance(REPEAT_MARK) + 2
    if content.width() < width * 3:
        return content  # too narrow: the tooltip still says it repeats
    mark = QRectF(content.right() - width, content.top(), width, fonts.line_height)
    p.setFont(fonts.small)
    p.setPen(colors.secondary)
    p.drawText(mark, MIDDLE_RIGHT, REPEAT_MARK)
    return content.adjusted(0, 0, -width, 0)


def _paint_line(
    p: QPainter, content: QRectF, post: PostRecord, colors: ChipColors, fonts: ChipFonts
) -> None:
    """[9:30] [● LI] Title…, the title wrapping onto more lines when the chip is taller."""
    lines = max_title_lines(content.height(), fonts)
    plan = plan_line(post, fonts, content.width(), lines)
    spacing = fonts.title_metrics.lineSpacing()
    first = QRectF(content.left(), content.top(), content.width(), fonts.line_height)
    x = content.left()
    mid = first.center().y()
    p.setFont(fonts.small)
    p.setPen(colors.secondary)
    align = MIDDLE_LEFT
    if plan.time:
        w = fonts.width(plan.time, small=True)
        p.drawText(QRectF(x, first.top(), w + 1, first.height()), align, plan.time)
        x += w + PAD
    if plan.dot:
        _paint_dot(p, x, mid, colors)
        x += DOT + 3
        if plan.label:
            p.setPen(colors.secondary)
            w = fonts.width(plan.label, small=True)
            p.drawText(QRectF(x, first.top(), w + 1, first.height()), align, plan.label)
            x += w + PAD
        else:
            x += 3
    p.setFont(fonts.title)
    p.setPen(colors.text)
    for i, text in enumerate(plan.title):
        left = x if i == 0 else content.left()
        top = first.top() + i * spacing
        if content.right() - left > 4 and text:
            p.drawText(QRectF(left, top, content.right() - left, first.height()), align, text)


def _paint_tall(
    p: QPainter, content: QRectF, post: PostRecord, colors: ChipColors, fonts: ChipFonts
) -> None:
    """First line: time · ● channel; then the title over up to two lines."""
    top = content.top() + 3
    meta_h = fonts.small_metrics.height()
    x = content.left()
    p.setFont(fonts.small)
    time_text = format_time(post.time)
    if time_text:
        p.setPen(colors.text)
        bold = QFont(fonts.small)
        bold.setWeight(QFont.Weight.DemiBold)
        p.setFont(bold)
        w = QFontMetricsF(bold).horizontalAdvance(time_text)
        p.drawText(QRectF(x, top, w + 1, meta_h), Qt.AlignmentFlag.AlignVCenter, time_text)
        x += w + PAD + 1
        p.setFont(fonts.small)
    if content.right() - x > DOT + 8:
        _paint_dot(p, x, top + meta_h / 2, colors)
        x += DOT + 4
        p.setPen(colors.secondary)
        room = content.right() - x
        # The full name when it fits, else the short one; an elided "Li…" helps nobody.
        name = post.channel
        if fonts.small_metrics.horizontalAdvance(name) > room:
            name = short_channel(post.channel)
        if fonts.small_metrics.horizontalAdvance(name) <= room:
            p.drawText(QRectF(x, top, room, meta_h), Qt.AlignmentFlag.AlignVCenter, name)
    p.setFont(fonts.title)
    p.setPen(colors.text)
    spacing = fonts.title_metrics.lineSpacing()
    y = top + meta_h + 1
    for line in two_lines(post.title, fonts.title, fonts.title_metrics, content.width()):
        if y + fonts.title_metrics.height() > content.bottom() + 1:
            break
        p.drawText(
            QRectF(content.left(), y, content.width(), spacing), Qt.AlignmentFlag.AlignVCenter, line
        )
        y += spacing


def chip_pixmap(
    post: PostRecord,
    size: QSize,
    palette: QPalette,
    fonts: ChipFonts,
    *,
    channel: QColor,
    device_pixel_ratio: float,
    count: int = 1,
    tall: bool = False,
) -> QPixmap:
    """The drag image: the chip itself, stacked with a count bubble when several posts move."""
    extra = 4 if count > 1 else 0
    bubble = 0.0
    if count > 1:
        bubble = max(18.0, fonts.badge_metrics.horizontalAdvance(str(count)) + 10)
    w = size.width() + extra + bubble / 2
    h = size.height() + extra + bubble / 2
    pixmap = QPixmap(round(w * device_pixel_ratio), round(h * device_pixel_ratio))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    with QPainter(pixmap) as p:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        top = bubble / 2
        rect = QRectF(0, top + extra, size.width(), size.height())
        if count > 1:
            shadow = rect.translated(extra, -extra)
            p.fillPath(
                _rounded(shadow, RADIUS),
                theme.mix(
                    theme.role_fill(post.role, palette),
                    palette.color(QPalette.ColorRole.Text),
                    0.15,
                ),
            )
        p.setOpacity(0.92)
        paint_chip(p, rect, post, palette, fonts, channel=channel, tall=tall)
        p.setOpacity(1.0)
        if count > 1:
            centre = QPointF(rect.right() + extra - 2, bubble / 2)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(palette.color(QPalette.ColorRole.Highlight))
            p.drawRoundedRect(
                QRectF(centre.x() - bubble / 2, 0, bubble, bubble), bubble / 2, bubble / 2
            )
            p.setPen(palette.color(QPalette.ColorRole.HighlightedText))
            p.setFont(fonts.badge)
            p.drawText(
                QRectF(centre.x() - bubble / 2, 0, bubble, bubble),
                Qt.AlignmentFlag.AlignCenter,
                str(count),
            )
    return pixmap
