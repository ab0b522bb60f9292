"""The month calendar: a 6×7 grid of days with post chips, painted in one pass."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from lmplanner.core.keep import KEEP
from lmplanner.ui.views.calendar.base import (
    CalendarView,
    ChipSlot,
    MoreSlot,
    as_pointf,
    override,
    qdate,
)
from lmplanner.ui.views.calendar.chips import (
    MIDDLE_LEFT,
    PAD,
    TAB_WIDTH,
    ChipFonts,
    title_lines_needed,
    wrapped_height,
)
from lmplanner.ui.views.calendar.colors import CalendarColors

if TYPE_CHECKING:
    from lmplanner.core.domain import PostRecord
    from lmplanner.ui.views.calendar.base import DropTime

ROWS = 6
COLUMNS = 7
CHIP_GAP = 2.0
CELL_MARGIN = 3.0
# A weight (None: the title font's own) → the day numbers' font in it and its metrics.
LabelFonts = dict[QFont.Weight | None, tuple[QFont, QFontMetricsF]]


def month_grid_start(anchor: dt.date, first_weekday: int) -> dt.date:
    """The first day painted for anchor's month: the 1st, or the last `first_weekday` before it."""
    first = anchor.replace(day=1)
    return first - dt.timedelta(days=(first.weekday() - first_weekday) % 7)


class MonthView(CalendarView):
    """Six weeks around a month; each day lists its posts as chips, "+N more" when they overflow.

    Weekends (the locale's non-working days) and days outside the month are painted quieter;
    today's number sits in an accent disc; the selected day is tinted.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The day numbers' fonts by weight, for the chip fonts they were made from.
        self._label_fonts: tuple[ChipFonts | None, LabelFonts] = (None, {})
        self.setAccessibleName(self.tr("Month calendar"))
        self._update_accessible()

    # ------------------------------------------------------------------ periods

    @override
    def _period_of(self, anchor: dt.date) -> tuple[dt.date, dt.date]:
        first = anchor.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return first, last

    @override
    def visible_range(self) -> tuple[dt.date, dt.date]:
        start = month_grid_start(self._anchor, self._first_weekday)
        return start, start + dt.timedelta(days=ROWS * COLUMNS - 1)

    @override
    def _move_into_period(self, day: dt.date, start: dt.date, end: dt.date) -> dt.date:
        return start.replace(day=min(day.day, end.day))

    @override
    def _period_label(self) -> str:
        return self.locale().toString(qdate(self.period_range()[0]), "MMMM yyyy")

    def visible_days(self) -> list[dt.date]:
        start, _ = self.visible_range()
        return [start + dt.timedelta(days=i) for i in range(ROWS * COLUMNS)]

    # ------------------------------------------------------------------ geometry

    def _header_height(self) -> float:
        return round(self._fonts.small_metrics.height() + 12)

    def _edges(self) -> tuple[list[float], list[float]]:
        """Column x edges (8) and row y edges (7), on whole logical pixels."""
        width, height = self.width(), self.height()
        top = self._header_height()
        xs = [round(i * width / COLUMNS) for i in range(COLUMNS + 1)]
        ys = [round(top + i * (height - top) / ROWS) for i in range(ROWS + 1)]
        return [float(x) for x in xs], [float(y) for y in ys]

    def cell_rect(self, day: dt.date) -> QRectF | None:
        """The cell a visible day occupies, or None."""
        start, end = self.visible_range()
        if not start <= day <= end:
            return None
        index = (day - start).days
        row, col = divmod(index, COLUMNS)
        xs, ys = self._edges()
        return QRectF(xs[col], ys[row], xs[col + 1] - xs[col], ys[row + 1] - ys[row])

    @override
    def day_at(self, pos: QPoint | QPointF) -> dt.date | None:
        point = as_pointf(pos)
        xs, ys = self._edges()
        if not (0 <= point.x() < xs[-1] and ys[0] <= point.y() < ys[-1]):
            return None
        col = min(COLUMNS - 1, bisect.bisect_right(xs, point.x()) - 1)
        row = min(ROWS - 1, bisect.bisect_right(ys, point.y()) - 1)
        start, _ = self.visible_range()
        return start + dt.timedelta(days=row * COLUMNS + col)

    @override
    def drop_target_at(self, pos: QPoint | QPointF) -> tuple[dt.date, DropTime] | None:
        day = self.day_at(pos)
        return None if day is None else (day, KEEP)

    @override
    def _drop_hint_region(self, day: dt.date) -> list[QRectF]:
        cell = self.cell_rect(day)
        return [cell] if cell is not None else []

    def _label_height(self) -> float:
        return round(self._fonts.title_metrics.height() + 9)

    @override
    def _layout(self) -> None:
        more_h = round(self._fonts.small_metrics.height() + 3)
        first, last = self.period_range()
        xs, ys = self._edges()
        for index, day in enumerate(self.visible_days()):
            posts = self._by_day.get(day)
            if not posts:
                continue
            row, col = divmod(index, COLUMNS)
            left = xs[col] + CELL_MARGIN
            width = xs[col + 1] - xs[col] - 2 * CELL_MARGIN
            top = ys[row] + self._label_height()
            avail = ys[row + 1] - CELL_MARGIN - top
            faded = not first <= day <= last
            heights = self._chip_heights(posts, width - TAB_WIDTH - PAD * 2 + 1, avail)
            shown = len(heights)
            y = top
            for post, height in zip(posts, heights, strict=False):
                rect = QRectF(left, y, width, height)
                self._slots.append(ChipSlot(rect, post, day, tall=False, faded=faded))
                y += height + CHIP_GAP
            if shown < len(posts):
                rect = QRectF(left, y, width, min(more_h, ys[row + 1] - y))
                self._more.append(MoreSlot(rect, day, tuple(posts[shown:]), faded=faded))

    def _chip_heights(self, posts: list[PostRecord], width: float, avail: float) -> list[float]:
        """Chip heights for a day's posts: with few posts in a tall cell a chip wraps its title
        over up to four lines; with many, one line each, and the rest goes to "+N more"."""
        fonts = self._fonts
        chip_h = fonts.line_height
        # A crowded day (not even one line each fits) is not measured: no wrapping could fit.
        if len(posts) * chip_h + CHIP_GAP * (len(posts) - 1) <= avail:
            # Wrapping is greedy, so a title needs min(its lines within four, most) within
            # `most`: measured once, not once per try.
            needed = [title_lines_needed(post, fonts, width, 4) for post in posts]
            for most in (4, 3, 2):
                heights = [wrapped_height(min(lines, most), fonts) for lines in needed]
                if sum(heights) + CHIP_GAP * (len(posts) - 1) <= avail:
                    return heights
        more_h = round(fonts.small_metrics.height() + 3)
        fits = int((avail + CHIP_GAP) // (chip_h + CHIP_GAP))
        if len(posts) <= fits:
            return [chip_h] * len(posts)
        shown = int(max(0.0, avail - more_h + CHIP_GAP) // (chip_h + CHIP_GAP))
        return [chip_h] * shown

    # ------------------------------------------------------------------ size

    @override
    def sizeHint(self) -> QSize:
        return QSize(1050, 720)

    @override
    def minimumSizeHint(self) -> QSize:
        rows = self._label_height() + self._fonts.line_height + 2 * CELL_MARGIN
        return QSize(COLUMNS * 64, round(self._header_height() + ROWS * rows))

    # ------------------------------------------------------------------ painting

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        self._ensure_layout()
        colors = CalendarColors.from_palette(self.palette())
        xs, ys = self._edges()
        first, last = self.period_range()
        weekend = self._weekend_days()
        days = self.visible_days()
        fonts = self._fonts

        with QPainter(self) as p:
            p.fillRect(self.rect(), colors.base)
            # Weekday header.
            header = QRectF(0, 0, self.width(), ys[0])
            p.fillRect(header, colors.header_band)
            header_font = QFont(fonts.small)
            header_font.setWeight(QFont.Weight.DemiBold)
            header_font.setCapitalization(QFont.Capitalization.AllUppercase)
            header_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
            p.setFont(header_font)
            for col in range(COLUMNS):
                weekday = (self._first_weekday + col) % 7
                p.setPen(colors.quiet_text if weekday in weekend else colors.soft_text)
                name = self.locale().dayName(weekday + 1, self.locale().FormatType.ShortFormat)
                cell = QRectF(xs[col] + 8, 0, xs[col + 1] - xs[col] - 12, ys[0])
                p.drawText(cell, MIDDLE_LEFT, name)

            # Cell backgrounds.
            for index, day in enumerate(days):
                row, col = divmod(index, COLUMNS)
                cell = QRectF(xs[col], ys[row], xs[col + 1] - xs[col], ys[row + 1] - ys[row])
                if day in self._highlighted:
                    p.fillRect(cell, colors.flagged)
                elif day == self._selected_date:
                    p.fillRect(cell, colors.selected_day)
                elif day.weekday() in weekend or not first <= day <= last:
                    p.fillRect(cell, colors.quiet)

            # Grid hairlines.
            for x in xs[1:-1]:
                p.fillRect(QRectF(x, ys[0], 1, ys[-1] - ys[0]), colors.grid)
            for y in ys[:-1]:
                p.fillRect(QRectF(0, y, self.width(), 1), colors.grid)

            # Day numbers, and public holidays named in the same band: only in cells being
            # painted (after an edit, one day's cell; text is the dear part of a paint).
            dirty, band_height = QRectF(event.rect()), self._label_height()
            for index, day in enumerate(days):
                row, col = divmod(index, COLUMNS)
                if not dirty.intersects(
                    QRectF(xs[col], ys[row], xs[col + 1] - xs[col], band_height)
                ):
                    continue
                self._paint_day_label(p, day, xs[col], ys[row], first <= day <= last, colors)
                holiday = self.holiday_name(day)
                if holiday:
                    band = QRectF(xs[col] + 40, ys[row], xs[col + 1] - xs[col] - 46, 0)
                    band.setHeight(self._label_height())
                    self.paint_holiday(p, holiday, band, fonts.small, colors.soft_text)

            self._paint_chips(p, QRectF(event.rect()).adjusted(-3, -3, 3, 3), colors)

            # Flagged days get an outline too, so they read without relying on the tint.
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setBrush(Qt.BrushStyle.NoBrush)
            for day in self._highlighted:
                flagged = self.cell_rect(day)
                if flagged is not None:
                    p.setPen(QPen(colors.highlight, 1.0))
                    p.drawRect(flagged.adjusted(1.5, 1.5, -1, -1))
            target = self.cell_rect(self._drop_hint[0]) if self._drop_hint else None
            if target is not None:
                p.setPen(QPen(colors.highlight, 2.0))
                p.drawRoundedRect(target.adjusted(2, 2, -1.5, -1.5), 3, 3)
            focused = self.cell_rect(self._selected_date) if self.hasFocus() else None
            if focused is not None:
                p.setPen(QPen(colors.highlight, 1.5))
                p.drawRect(focused.adjusted(1.25, 1.25, -0.75, -0.75))

    def _weekend_days(self) -> set[int]:
        working = {int(d.value) - 1 for d in self.locale().weekdays()}
        return set(range(7)) - working if working else {5, 6}

    def _label_font(self, weight: QFont.Weight | None) -> tuple[QFont, QFontMetricsF]:
        """The day number's font in `weight` (None: the title font's own) and its metrics, made
        once per set of chip fonts rather than for each of the 42 days of every paint."""
        fonts, made = self._label_fonts
        if fonts is not self._fonts:
            made = {}
            self._label_fonts = (self._fonts, made)
        found = made.get(weight)
        if found is None:
            font = QFont(self._fonts.title)
            if weight is not None:
                font.setWeight(weight)
            found = made[weight] = (font, QFontMetricsF(font))
        return found

    def _paint_day_label(
        self, p: QPainter, day: dt.date, x: float, y: float, in_month: bool, colors: CalendarColors
    ) -> None:
        fonts = self._fonts
        if day == self._selected_date or day == self._today:
            label_font, metrics = self._label_font(QFont.Weight.Bold)
        elif in_month:
            label_font, metrics = self._label_font(QFont.Weight.Medium)
        else:
            label_font, metrics = self._label_font(None)
        number = str(day.day)
        height = self._label_height()
        disc = metrics.height() + 3
        left = x + 5
        centre_y = y + height / 2 + 1
        p.setFont(label_font)
        if day == self._today:
            width = max(disc, metrics.horizontalAdvance(number) + 9)
            pill = QRectF(left, centre_y - disc / 2, width, disc)
            p.save()
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colors.highlight)
            p.drawRoundedRect(pill, disc / 2, disc / 2)
            p.restore()
            p.setPen(colors.highlighted_text)
            p.drawText(pill, Qt.AlignmentFlag.AlignCenter, number)
            right = pill.right()
        else:
            p.setPen(colors.text if in_month else colors.quiet_text)
            box = QRectF(left + 4, centre_y - disc / 2, metrics.horizontalAdvance(number) + 2, disc)
            p.drawText(box, MIDDLE_LEFT, number)
            right = box.right()
        if day.day == 1:
            # The 1st names its month, so the outside days of the next month read as such.
            p.setFont(fonts.small)
            p.setPen(colors.text if in_month else colors.quiet_text)
            month = self.locale().monthName(day.month, self.locale().FormatType.ShortFormat)
            p.drawText(
                QRectF(right + 4, centre_y - disc / 2, 80, disc),
                MIDDLE_LEFT,
                month,
            )
