"""The pillar's colour cue on a chip: a stripe along the chip's right end.

The role cue is the left tab with its letter (L or M), so the role never depends on colour; the
pillar sits at the other end, where no pillar colour can be mistaken for a role colour. A hairline
in the text colour keeps any pillar colour visible on the light and the dark role fills, and the
pillar is named in the tooltip and the agenda, never by colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen

from lmplanner.ui import theme

CUE_WIDTH = 5.0


def cue_pen(color: QColor, palette: QPalette) -> QPen:
    """The hairline along the stripe of a pillar in `color`."""
    text = palette.color(QPalette.ColorRole.Text)
    return QPen(theme.mix(text, color, 0.45), 1.0)


def paint_pillar_cue(
    p: QPainter,
    rect: QRectF,
    color: QColor,
    palette: QPalette,
    radius: float,
    *,
    pen: QPen | None = None,
) -> None:
    """Paint the stripe inside the chip's rounded outline; the painter's state is restored.
    `pen` is cue_pen(color, palette), passed in when many chips share a pillar."""
    if rect.width() < 4 * CUE_WIDTH:
        return
    body = QPainterPath()
    body.addRoundedRect(rect, radius, radius)
    stripe = QRectF(rect.right() - CUE_WIDTH, rect.top(), CUE_WIDTH, rect.height())
    p.save()
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setClipPath(body)
        p.fillRect(stripe, color)
        p.setPen(pen if pen is not None else cue_pen(color, palette))
        p.drawLine(stripe.topLeft(), stripe.bottomLeft())
    finally:
        p.restore()
