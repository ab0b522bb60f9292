"""The review's marks on a calendar chip: where the post is in review and how many comments are
still open, drawn at the chip's right end over its title (which the chip elides first)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette

from lmplanner.core.domain import PostRecord, Status
from lmplanner.ui.views.calendar.chips import ChipColors, ChipFonts

#: A glyph each review state is told by (the tooltip and the agenda name it in words).
REVIEW_GLYPHS = {
    Status.IN_REVIEW: "◔",
    Status.CHANGES_REQUESTED: "✎",
    Status.APPROVED: "✓",
}
GAP = 3.0


def paint_review_marks(
    p: QPainter,
    rect: QRectF,
    post: PostRecord,
    open_comments: int,
    palette: QPalette,
    colors: ChipColors,
    fonts: ChipFonts,
) -> None:
    """The glyph of the post's review state, then a bubble with its open comments' count."""
    glyph = REVIEW_GLYPHS.get(post.status)
    if glyph is None and open_comments <= 0:
        return
    metrics = fonts.badge_metrics
    height = min(metrics.height() + 2, rect.height() - 4)
    right = rect.right() - GAP
    top = rect.top() + 2
    p.save()
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setFont(fonts.badge)
        if open_comments > 0:
            text = str(open_comments) if open_comments < 100 else "99+"
            width = max(metrics.horizontalAdvance(text) + 8, height)
            bubble = QRectF(right - width, top, width, height)
            path = QPainterPath()
            path.addRoundedRect(bubble, height / 2, height / 2)
            p.fillPath(path, palette.color(QPalette.ColorRole.Highlight))
            p.setPen(palette.color(QPalette.ColorRole.HighlightedText))
            p.drawText(bubble, Qt.AlignmentFlag.AlignCenter, text)
            right = bubble.left() - GAP
        if glyph is not None:
            width = metrics.horizontalAdvance(glyph) + 6
            box = QRectF(right - width, top, width, height)
            backing = QPainterPath()
            backing.addRoundedRect(box, 3, 3)
            p.fillPath(backing, QColor(colors.fill))
            p.setPen(colors.text)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, glyph)
    finally:
        p.restore()
