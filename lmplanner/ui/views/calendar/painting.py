"""Painting the chips and "+N more" labels a calendar view has laid out."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from lmplanner.ui.views.calendar.chip_slots import FADED_OPACITY, MORE
from lmplanner.ui.views.calendar.chips import (
    MIDDLE_LEFT,
    RADIUS,
    ChipColors,
    chip_colors,
    paint_chip,
)
from lmplanner.ui.views.calendar.pillar_cue import cue_pen, paint_pillar_cue
from lmplanner.ui.views.calendar.review_marks import paint_review_marks

if TYPE_CHECKING:
    from lmplanner.ui.views.calendar.chip_slots import ChipSlot, MoreSlot
    from lmplanner.ui.views.calendar.chips import ChipFonts
    from lmplanner.ui.views.calendar.colors import CalendarColors


class ChipPaintingMixin(QWidget):
    """CalendarView's chip painting, called by each view's paintEvent over its own grid."""

    if TYPE_CHECKING:
        # Provided by CalendarView.
        _slots: list[ChipSlot]
        _more: list[MoreSlot]
        _selected: list[int]
        _current: int | None
        _selected_date: dt.date
        _fonts: ChipFonts
        _open_comments: dict[int, int]

        def _channel_color(self, channel: str) -> QColor: ...

        def _pillar_color(self, pillar: str | None) -> QColor | None: ...

    def _paint_chips(self, p: QPainter, dirty: QRectF, colors: CalendarColors) -> None:
        palette = self.palette()
        selected = set(self._selected)
        focused = self.hasFocus()
        # Colours depend only on role, selection and channel: work each out once per paint.
        chip_cache: dict[tuple[str, bool, str], ChipColors] = {}
        # And each pillar's colour and hairline (None: no pillar, or one without a colour).
        cues: dict[str | None, tuple[QColor, QPen] | None] = {}
        for slot in self._slots:
            if not slot.rect.intersects(dirty):
                continue
            post = slot.post
            is_selected = post.id in selected
            key = (post.role, is_selected, post.channel)
            chip = chip_cache.get(key)
            if chip is None:
                channel = self._channel_color(post.channel)
                chip = chip_cache[key] = chip_colors(post, palette, channel, selected=is_selected)
            # A chip the person selected is what they act on: drawn whole even on a day of
            # the next month (faded, highlight on white read as light text on light blue).
            faded = slot.faded and not is_selected
            if faded:
                p.setOpacity(FADED_OPACITY)
            paint_chip(
                p,
                slot.rect,
                post,
                palette,
                self._fonts,
                channel=chip.channel,
                selected=is_selected,
                current=focused and self._current == post.id,
                tall=slot.tall,
                colors=chip,
            )
            if post.pillar in cues:
                cue = cues[post.pillar]
            else:
                color = self._pillar_color(post.pillar)
                cue = cues[post.pillar] = (
                    None if color is None else (color, cue_pen(color, palette))
                )
            if cue is not None:
                paint_pillar_cue(p, slot.rect, cue[0], palette, RADIUS, pen=cue[1])
            comments = self._open_comments.get(post.id, 0)
            paint_review_marks(p, slot.rect, post, comments, palette, chip, self._fonts)
            if faded:
                p.setOpacity(1.0)
        p.setFont(self._fonts.small)
        for more in self._more:
            if more.faded:
                p.setOpacity(FADED_OPACITY)
            label = self.tr("+%n more", "", len(more.hidden))
            p.setPen(colors.soft_text)
            p.drawText(
                more.rect.adjusted(4, 0, 0, 0),
                MIDDLE_LEFT,
                label,
            )
            if focused and self._current == MORE and more.day == self._selected_date:
                p.save()
                p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                p.setPen(colors.highlight)
                width = self._fonts.small_metrics.horizontalAdvance(label) + 8
                ring = QRectF(more.rect.left(), more.rect.top(), width, more.rect.height())
                p.drawRoundedRect(ring.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
                p.restore()
            if more.faded:
                p.setOpacity(1.0)
